"""Django's admin (/beheer/) is for operators, behind the same second factor as the staff
pages: a password alone opens nothing there, so it cannot add or replace an authenticator."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from access.models import Group
from tests.access.test_staff_security import PASSWORD, current_token, login
from tests.factories import StaffUserFactory

ADMIN = "/beheer/"
ADD_DEVICE = reverse("admin:otp_totp_totpdevice_add")


def second_step(name: str, next_url: str) -> str:
    return reverse(name) + "?" + urlencode({"next": next_url})


def device_form(user_id: int, name: str) -> dict[str, object]:
    """The admin's TOTP device form, filled in as an attacker would."""
    return {
        "user": user_id,
        "name": name,
        "confirmed": "on",
        "key": "3132333435363738393031323334353637383930",
        "step": 30,
        "t0": 0,
        "digits": 6,
        "tolerance": 1,
        "drift": 0,
        "throttling_failure_count": 0,
    }


@pytest.fixture
def operator(django_user_model):
    return django_user_model.objects.create_superuser("beheerder", password=PASSWORD)


def test_a_password_alone_does_not_open_the_admin(operator):
    client = Client()
    assert login(client, operator.username).status_code == 302
    response = client.get(ADMIN)
    # No authenticator yet: setting one up is the second step, then back to the admin.
    assert response.status_code == 302
    assert response["Location"] == second_step("access:otp_setup", ADMIN)


def test_with_a_password_alone_no_authenticator_can_be_added_or_replaced(operator):
    TOTPDevice.objects.create(user=operator, name="app", confirmed=True)
    analyst = StaffUserFactory(analyst=True)
    theirs = TOTPDevice.objects.create(user=analyst, name="app", confirmed=True)
    client = Client()
    login(client, operator.username)
    change = reverse("admin:otp_totp_totpdevice_change", args=[theirs.pk])

    for url in (ADD_DEVICE, change):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == second_step("access:otp_verify", url)

    added = client.post(ADD_DEVICE, device_form(operator.pk, "mine"))
    replaced = client.post(change, device_form(analyst.pk, "replaced"))
    assert added.status_code == replaced.status_code == 302
    assert not TOTPDevice.objects.filter(name__in=["mine", "replaced"]).exists()
    assert TOTPDevice.objects.get(pk=theirs.pk).key == theirs.key


def test_after_the_second_step_the_admin_works(operator):
    device = TOTPDevice.objects.create(user=operator, name="app", confirmed=True)
    client = Client()
    login(client, operator.username)
    to_second_step = client.get(ADMIN)["Location"]
    back = client.post(to_second_step, {"token": current_token(device)})
    assert back["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200
    assert client.get(ADD_DEVICE).status_code == 200


def test_the_admin_has_no_password_form_of_its_own(operator):
    # One place to type a password: the staff login, where django-axes counts failures.
    response = Client().get(reverse("admin:login") + "?next=/beheer/auth/user/")
    assert response.status_code == 302
    assert response["Location"] == reverse("access:login") + "?next=/beheer/auth/user/"
    client = Client()
    client.post(reverse("admin:login"), {"username": operator.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_anonymous_visitors_of_the_admin_go_to_the_staff_login():
    response = Client().get(ADD_DEVICE)
    assert response.status_code == 302
    assert response["Location"] == reverse("access:login") + "?next=" + ADD_DEVICE


@pytest.mark.parametrize(
    "role", [Group.MODERATOR, Group.ANALYST, Group.EDITOR, Group.COORDINATOR, None]
)
def test_staff_roles_are_no_admin_operators(staff_client, role):
    client = staff_client(role)
    assert not client.user.is_staff
    assert client.get(ADMIN).status_code == 403
    assert client.get(ADD_DEVICE).status_code == 403
