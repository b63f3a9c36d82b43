from django.urls import path

from analysis import notes_views, views

app_name = "analysis"

urlpatterns = [
    path("", views.scan, name="scan"),
    path("paar/", views.pair, name="pair"),
    path("verdelingen/", views.distributions, name="distributions"),
    path("verhalen/", views.stories, name="stories"),
    path("verhalen/afdrukken/", views.stories_print, name="stories_print"),
    path("opnieuw/", views.recompute, name="recompute"),
    path("observaties/", notes_views.observations, name="observations"),
    path("observaties/nieuw/", notes_views.observation_create, name="observation_create"),
    path("observaties/<int:observation_id>/", notes_views.observation, name="observation"),
    path("perspectieven/", notes_views.perspectives, name="perspectives"),
    path("perspectieven/<int:perspective_id>/", notes_views.perspective, name="perspective"),
    path(
        "perspectieven/<int:perspective_id>/afdrukken/",
        notes_views.perspective_print,
        name="perspective_print",
    ),
]
