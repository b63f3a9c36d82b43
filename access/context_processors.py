from django.conf import settings
from django.http import HttpRequest

from access.demo import skips_second_factor
from access.models import Perm


def staff_nav(request: HttpRequest) -> dict[str, object]:
    """What the staff navigation shows; nothing for tellers."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        # The sign-in page says when demo accounts may skip the second step.
        return {"development": settings.DEBUG}
    return {
        "development": settings.DEBUG,
        "demo_without_second_factor": skips_second_factor(user),
        "nav": {
            "read": user.has_perm(Perm.READ_STORIES),
            "export": user.has_perm(Perm.EXPORT),
            "edit": user.has_perm(Perm.EDIT_QUESTIONNAIRES),
            "dashboard": user.has_perm(Perm.VIEW_DASHBOARD),
        },
    }
