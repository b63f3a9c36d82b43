"""Every staff page needs a login, and each role reaches only what it needs."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import StaffUserFactory
from tests.teller import start_story
from tracks.models import Story

SECRET_STORY = "Een heel geheim verhaal over de school van mijn kind."


@pytest.fixture
def story(passend) -> Story:
    start_story(Client(), "passend-onderwijs", "ouder", text=SECRET_STORY)
    return Story.objects.get()


def pages(story: Story) -> dict[str, tuple[str, str]]:
    """name → (method, url)"""
    return {
        "queue": ("get", reverse("moderation:queue")),
        "detail": ("get", reverse("moderation:detail", args=[story.pk])),
        "moderate": ("post", reverse("moderation:moderate", args=[story.pk])),
        "bulk": ("post", reverse("moderation:bulk")),
        "redact": ("post", reverse("moderation:redact", args=[story.pk])),
        "note": ("post", reverse("moderation:note", args=[story.pk])),
    }


# Who may do what: role → the pages that answer (anything else is 403).
ALLOWED = {
    "Moderator": {"queue", "detail", "moderate", "bulk", "redact", "note"},
    "Analist": {"queue", "detail"},
    "Vragenlijstbeheerder": set(),
    "Regiocoördinator": set(),
    None: set(),
}


@pytest.mark.parametrize("role", list(ALLOWED))
def test_role_matrix_for_moderation_pages(staff_client, story, role):
    client = staff_client(role)
    for name, (method, url) in pages(story).items():
        response = getattr(client, method)(url)
        if name in ALLOWED[role]:
            assert response.status_code in {200, 302, 400}, (role, name)
        else:
            assert response.status_code == 403, (role, name)


def test_anonymous_users_are_sent_to_the_login_page(story):
    client = Client()
    for name, (method, url) in pages(story).items():
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("access:login")), name


def test_staff_home_needs_a_login_and_shows_only_what_the_role_may_use(staff_client, story):
    assert Client().get(reverse("access:home")).status_code == 302
    client = staff_client("Regiocoördinator", regions=["kennemerland"])
    html = client.get(reverse("access:home")).content.decode()
    assert reverse("moderation:queue") not in html
    assert SECRET_STORY not in html


def test_staff_can_log_in_with_a_password(db):
    user = StaffUserFactory(moderator=True)
    client = Client()
    response = client.post(
        reverse("access:login"), {"username": user.username, "password": "x-Secret-123"}
    )
    assert response.status_code == 302
    assert client.get(reverse("moderation:queue")).status_code == 200
