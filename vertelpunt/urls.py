from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from vertelpunt import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("beheer/", admin.site.urls),
    path("staf/", include("access.urls")),
    path("staf/verhalen/", include("moderation.urls")),
    path("staf/export/", include("exports.urls")),
    path("staf/vragenlijsten/", include("questionnaires.urls")),
    path("staf/dashboard/", include("dashboards.urls")),
    path("staf/analyse/", include("analysis.urls")),
]
# The teller pages in every language: Dutch at /<collection>/…, the others at
# /<language>/<collection>/…, so a link in a Turkish post opens the Turkish pages.
urlpatterns += i18n_patterns(path("", include("tracks.urls")), prefix_default_language=False)

handler400 = "vertelpunt.errors.bad_request"
handler403 = "vertelpunt.errors.forbidden"
handler404 = "vertelpunt.errors.not_found"
handler500 = "vertelpunt.errors.server_error"
