"""Access checks for staff views and Django's admin: anonymous users go to the login page,
staff who may export and operators of the admin must also have passed their second factor
(TOTP), and signed-in users without the permission get a 403."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.http import urlencode

from access.demo import skips_second_factor
from access.models import Perm
from access.two_factor import has_confirmed_device

View = Callable[..., HttpResponseBase]


def needs_second_factor(user: Any) -> bool:
    """Staff who may export take all stories home, and operators of the admin can change
    anyone's access (their authenticator too): both sign in with two factors (demo accounts
    in development excepted)."""
    return (
        (user.is_staff or user.has_perm(Perm.EXPORT))
        and not user.is_verified()
        and not skips_second_factor(user)
    )


def refusal(request: HttpRequest, *, allowed: bool) -> HttpResponse | None:
    """None when the request may go on; else the login page or the second step. A signed-in
    user who is not `allowed` gets a 403 (PermissionDenied)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if needs_second_factor(request.user):
        return redirect_to_second_factor(request)
    if not allowed:
        raise PermissionDenied
    return None


def staff_permission_required(*perms: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            refused = refusal(request, allowed=request.user.has_perms(perms))
            if refused is not None:
                return refused
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def staff_login_required(view: View) -> View:
    return staff_permission_required()(view)


def redirect_to_second_factor(request: HttpRequest) -> HttpResponse:
    name = "access:otp_verify" if has_confirmed_device(request.user) else "access:otp_setup"
    response = redirect(name)
    response["Location"] += "?" + urlencode({"next": request.get_full_path()})
    return response


def coordinator_regions(user: Any) -> list[str]:
    return list(user.region_assignments.values_list("region", flat=True))
