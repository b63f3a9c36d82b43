"""`make demo`: a newcomer can try every staff role in two minutes, in development only."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from access.models import Group
from tracks.models import Story


def _make_demo(stories: int = 60) -> dict[str, str]:
    """Run the command; returns username → the password it printed."""
    out = io.StringIO()
    call_command("make_demo", stories=stories, stdout=out)
    printed = out.getvalue()
    assert "http://127.0.0.1:8000/staf/" in printed
    return dict(re.findall(r"(demo-[a-z]+)\s+(\S+)$", printed, flags=re.MULTILINE))


def _signs_in(username: str, password: str) -> bool:
    response = Client().post(reverse("access:login"), {"username": username, "password": password})
    return response.status_code == 302


@pytest.fixture
def development(settings):
    settings.DEBUG = True
    return settings


@pytest.mark.django_db(transaction=True)
def test_make_demo_loads_stories_and_one_account_per_role(development):
    passwords = _make_demo()
    assert set(passwords) == {
        "demo-moderator",
        "demo-analist",
        "demo-vragenlijsten",
        "demo-coordinator",
    }
    assert Story.objects.filter(collection__slug="passend-onderwijs").count() == 60
    users = {u.username: u for u in get_user_model().objects.filter(username__in=passwords)}
    assert {u.groups.exclude(name="Demo").get().name for u in users.values()} == {
        Group.MODERATOR,
        Group.ANALYST,
        Group.EDITOR,
        Group.COORDINATOR,
    }
    # No demo account is staff in Django's admin.
    assert not any(u.is_staff or u.is_superuser for u in users.values())
    assert list(users["demo-coordinator"].region_assignments.values_list("region", flat=True)) == [
        "kennemerland"
    ]


@pytest.mark.django_db(transaction=True)
def test_each_printed_password_signs_in_to_what_that_role_does(development):
    passwords = _make_demo()
    landing = {
        "demo-moderator": reverse("moderation:queue"),
        "demo-analist": reverse("exports:start"),
        "demo-vragenlijsten": reverse("questionnaires:index"),
        "demo-coordinator": reverse("dashboards:dashboard"),
    }
    for username, url in landing.items():
        client = Client()
        response = client.post(
            reverse("access:login"), {"username": username, "password": passwords[username]}
        )
        assert response.status_code == 302, username
        page = client.get(url)
        assert page.status_code == 200, (username, page.status_code)
        assert "Demo-account in de ontwikkelmodus" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_demo_accounts_need_the_second_factor_once_debug_is_off(development):
    passwords = _make_demo(stories=0)
    development.DEBUG = False
    client = Client()
    client.post(
        reverse("access:login"),
        {"username": "demo-analist", "password": passwords["demo-analist"]},
    )
    response = client.get(reverse("exports:start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("access:otp_setup"))


@pytest.mark.django_db(transaction=True)
def test_running_make_demo_again_gives_new_passwords_and_no_more_stories(development):
    first = _make_demo()
    second = _make_demo()
    assert Story.objects.count() == 60
    assert all(first[name] != second[name] for name in first)
    assert not _signs_in("demo-moderator", first["demo-moderator"])
    assert _signs_in("demo-moderator", second["demo-moderator"])


@pytest.mark.django_db
def test_make_demo_refuses_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("make_demo", stories=1, stdout=io.StringIO())
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()


@pytest.mark.django_db
def test_the_sign_in_page_says_when_demo_accounts_skip_the_second_step(client, settings):
    settings.DEBUG = True
    assert "slaan de tweede stap" in client.get(reverse("access:login")).content.decode()
    settings.DEBUG = False
    assert "slaan de tweede stap" not in client.get(reverse("access:login")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_make_run_says_how_to_make_the_first_staff_account_until_there_is_one(development):
    def status() -> str:
        out = io.StringIO()
        call_command("staff_status", stdout=out)
        return out.getvalue()

    assert "manage.py createsuperuser" in status()
    _make_demo(stories=0)
    assert "manage.py createsuperuser" in status(), "demo accounts are not real staff"
    get_user_model().objects.create_superuser("beheer", "beheer@example.org", "x-Secret-123")
    assert status() == ""
