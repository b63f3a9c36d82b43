from django.http import HttpRequest

from access.models import Perm


def staff_nav(request: HttpRequest) -> dict[str, object]:
    """What the staff navigation shows; nothing for tellers."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": {
            "read": user.has_perm(Perm.READ_STORIES),
            "export": user.has_perm(Perm.EXPORT),
            "edit": user.has_perm(Perm.EDIT_QUESTIONNAIRES),
            "dashboard": user.has_perm(Perm.VIEW_DASHBOARD),
        }
    }
