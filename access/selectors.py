"""Reads about staff accounts."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from access.demo import DEMO_GROUP
from access.roles import ROLES


def real_staff_account_exists() -> bool:
    """True once anyone but a demo account can sign in to the staff pages."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=list(ROLES)))
        .exclude(groups__name=DEMO_GROUP)
        .exists()
    )
