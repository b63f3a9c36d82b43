"""DEVELOPMENT SEEDER: one demo account per staff role, so that a newcomer can try each role.

Demo accounts belong to the "Demo" group, which grants nothing by itself. While DJANGO_DEBUG
is on they skip the authenticator step (access.guards) and every staff page says so; with
DJANGO_DEBUG=0 they would be ordinary accounts that must set one up, and `make demo` refuses
to run there at all.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from access.models import Group as Role
from access.models import RegionAssignment
from access.roles import roles_ensure

DEMO_GROUP = "Demo"
# The coordinator follows one region of the default questionnaire's region question.
DEMO_REGION = "kennemerland"
ACCOUNTS = [
    ("demo-moderator", Role.MODERATOR),
    ("demo-analist", Role.ANALYST),
    ("demo-vragenlijsten", Role.EDITOR),
    ("demo-coordinator", Role.COORDINATOR),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    password: str
    regions: tuple[str, ...]


@transaction.atomic
def demo_accounts_create() -> list[DemoAccount]:
    """Create the demo accounts, or give existing ones a new password; returns them with
    their passwords (shown once, never stored in the clear)."""
    roles_ensure()
    demo_group, _ = Group.objects.get_or_create(name=DEMO_GROUP)
    user_model = get_user_model()
    accounts = []
    for username, role in ACCOUNTS:
        user, _ = user_model.objects.get_or_create(username=username)
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        # No demo account uses Django's admin, so none is staff there.
        user.is_active, user.is_staff, user.is_superuser = True, False, False
        user.save(update_fields=["password", "is_active", "is_staff", "is_superuser"])
        user.groups.set([Group.objects.get(name=role), demo_group])
        regions: tuple[str, ...] = ()
        if role == Role.COORDINATOR:
            regions = (DEMO_REGION,)
        RegionAssignment.objects.filter(user=user).exclude(region__in=regions).delete()
        for region in regions:
            RegionAssignment.objects.get_or_create(user=user, region=region)
        accounts.append(DemoAccount(username, role, password, regions))
    return accounts


def is_demo_account(user: object) -> bool:
    groups = getattr(user, "groups", None)
    return groups is not None and groups.filter(name=DEMO_GROUP).exists()


def skips_second_factor(user: object) -> bool:
    """Only in development: a demo account signs in with its password alone."""
    return bool(settings.DEBUG) and is_demo_account(user)
