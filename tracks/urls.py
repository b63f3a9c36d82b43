from django.urls import path

from tracks import views

app_name = "tracks"

urlpatterns = [
    path("", views.root, name="root"),
    path("<slug:collection>/", views.home, name="home"),
    path("<slug:collection>/intrekken/", views.withdraw, name="withdraw"),
    path("<slug:collection>/privacy/", views.privacy, name="privacy"),
    path("<slug:collection>/<slug:role>/", views.track_intro, name="intro"),
    # Step 1 is the story; the question steps follow it.
    path("<slug:collection>/<slug:role>/stap/1/", views.story_step, name="story"),
    path("<slug:collection>/<slug:role>/stap/<int:number>/", views.question_step, name="step"),
    path("<slug:collection>/<slug:role>/bedankt/", views.thanks, name="thanks"),
    path("<slug:collection>/<slug:role>/nog-een/", views.another, name="another"),
]
