from django.urls import path

from questionnaires import preview, views

app_name = "questionnaires"

urlpatterns = [
    path("", views.index, name="index"),
    path("versie/<int:version_id>/", views.version, name="version"),
    path("versie/<int:version_id>/kopieer/", views.copy, name="copy"),
    path("versie/<int:version_id>/publiceer/", views.publish, name="publish"),
    path("versie/<int:version_id>/verwijder/", views.discard, name="discard"),
    path(
        "versie/<int:version_id>/vraag/<int:signifier_id>/",
        views.signifier_edit,
        name="signifier",
    ),
    path(
        "versie/<int:version_id>/vraag/<int:signifier_id>/taal/<slug:language>/",
        views.signifier_language,
        name="signifier_language",
    ),
    path(
        "versie/<int:version_id>/vraag/<int:signifier_id>/verplaats/",
        views.signifier_move,
        name="signifier_move",
    ),
    path(
        "versie/<int:version_id>/vraag/<int:signifier_id>/keuze/",
        views.option_add,
        name="option_add",
    ),
    path(
        "versie/<int:version_id>/keuze/<int:option_id>/",
        views.option_change,
        name="option_change",
    ),
    path(
        "versie/<int:version_id>/voorbeeld/<slug:role>/<int:number>/",
        preview.preview,
        name="preview",
    ),
]
