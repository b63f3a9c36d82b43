from django.contrib.auth import views as auth_views
from django.urls import path

from access import two_factor, views

app_name = "access"

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("tweede-stap/instellen/", two_factor.setup, name="otp_setup"),
    path("tweede-stap/", two_factor.verify, name="otp_verify"),
]
