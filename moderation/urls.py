from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk/", views.bulk, name="bulk"),
    path("<int:story_id>/", views.detail, name="detail"),
    path("<int:story_id>/status/", views.moderate, name="moderate"),
    path("<int:story_id>/verwijder-tekst/", views.redact, name="redact"),
    path("<int:story_id>/notitie/", views.note, name="note"),
    path("<int:story_id>/vertaling/", views.translate, name="translate"),
]
