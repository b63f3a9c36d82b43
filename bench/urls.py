"""The product's URLs plus the bare-INSERT view the harness compares the teller steps with."""

from django.urls import path

from bench import views
from vertelpunt.urls import handler400, handler404, handler500
from vertelpunt.urls import urlpatterns as product_urls

urlpatterns = [path("bench/bare-insert", views.bare_insert), *product_urls]

__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]
