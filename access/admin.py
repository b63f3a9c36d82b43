"""Django's admin as this project runs it (/beheer/): for operators (is_staff, in practice
superusers) only, and behind the same second factor as the staff pages. A password alone
must not open it: there one could add an authenticator for oneself, or replace an
analyst's, and so pass the staff pages' second step too."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from access.guards import refusal

ViewType = TypeVar("ViewType", bound=Callable[..., HttpResponseBase])


class StaffAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user: Any = request.user  # django-otp's middleware gives it is_verified()
        return super().has_permission(request) and bool(user.is_verified())

    def admin_view(self, view: ViewType, cacheable: bool = False) -> ViewType:
        """Every admin page goes through the staff guard first: the staff login page, the
        second step, or a 403 for anyone who is not an operator."""
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            refused = _refusal(request)
            return refused if refused is not None else inner(request, *args, **kwargs)

        return cast(ViewType, guarded)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """No password form of its own: staff sign in at one place, where django-axes counts
        failed logins and the second step follows. Signed in already: the guard decides."""
        if not request.user.is_authenticated:
            target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
            return redirect_to_login(target)
        refused = _refusal(request)
        return refused if refused is not None else redirect("admin:index")


def _refusal(request: HttpRequest) -> HttpResponse | None:
    user = request.user
    return refusal(request, allowed=user.is_active and user.is_staff)
