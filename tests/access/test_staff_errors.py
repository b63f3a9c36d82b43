"""Errors on staff pages come inside the staff layout, in Dutch, with the menu and what to do
next; the 500 page does so without touching the database."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from vertelpunt import errors


def test_a_page_outside_ones_role_says_so_in_the_staff_layout_with_the_menu(staff_client):
    coordinator = staff_client("Regiocoördinator")
    response = coordinator.get(reverse("moderation:queue"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Geen toegang" in html
    assert "Deze pagina hoort niet bij de rol van uw account." in html
    assert 'aria-label="Stafmenu"' in html and "Dashboard" in html  # the coordinator's menu
    assert reverse("access:home") in html
    assert "Forbidden" not in html


def test_an_unknown_staff_page_is_a_404_in_the_staff_layout(staff_client):
    moderator = staff_client("Moderator")
    response = moderator.get(reverse("moderation:detail", args=[999_999]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Deze pagina bestaat niet" in html and 'aria-label="Stafmenu"' in html


def test_a_teller_404_stays_in_the_teller_layout(db):
    html = Client().get("/bestaat-niet/ouder/stap/99/").content.decode()
    assert 'aria-label="Stafmenu"' not in html


@pytest.mark.django_db
def test_the_staff_500_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/staf/verhalen/")
    with django_assert_num_queries(0):
        response = errors.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html and "Vertelpunt staf" in html and 'href="/staf/"' in html
