from django.urls import path

from exports import views

app_name = "exports"

urlpatterns = [
    path("", views.start, name="start"),
    path("<int:export_id>/", views.detail, name="detail"),
    path("<int:export_id>/status/", views.status, name="status"),
    path("<int:export_id>/downloaden/", views.download, name="download"),
]
