"""Staff account safety helpers."""

from django.http import HttpRequest


def no_client_ip(request: HttpRequest) -> None:
    """django-axes asks for the client's address to record it; we give none."""
    return None
