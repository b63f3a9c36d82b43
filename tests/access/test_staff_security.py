"""Staff accounts: lockout after failed logins, TOTP for staff who may export, no client
address or user agent recorded."""

from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import StaffUserFactory

PASSWORD = "x-Secret-123"


def login(client: Client, username: str, password: str = PASSWORD, address: str = "203.0.113.9"):
    return client.post(
        reverse("access:login"),
        {"username": username, "password": password},
        HTTP_USER_AGENT="Mozilla/5.0 (test)",
        REMOTE_ADDR=address,
    )


def current_token(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_an_account_is_locked_after_five_failed_logins(db):
    from axes.models import AccessAttempt

    user = StaffUserFactory(moderator=True)
    client = Client()
    for _ in range(5):
        login(client, user.username, "wrong")
    response = login(client, user.username)  # the right password, but locked
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.content.decode()
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address != "203.0.113.9"
    assert "Mozilla" not in attempt.user_agent


def test_wrong_passwords_from_one_client_do_not_lock_the_account_out_elsewhere(db):
    user = StaffUserFactory(moderator=True)
    guesser = Client()
    for _ in range(5):
        login(guesser, user.username, "wrong", address="198.51.100.66")
    assert login(guesser, user.username, address="198.51.100.66").status_code == 429
    # The colleague whose username it is still signs in, from anywhere else.
    assert login(Client(), user.username, address="192.0.2.44").status_code == 302


def test_behind_the_proxy_the_lockout_counts_per_client(db, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    user = StaffUserFactory(moderator=True)

    def login_via_proxy(client: Client, password: str, address: str):
        return client.post(
            reverse("access:login"),
            {"username": user.username, "password": password},
            REMOTE_ADDR="172.18.0.1",
            HTTP_X_FORWARDED_FOR=address,
        )

    guesser = Client()
    for attempt in range(5):
        # Rotating what the client writes itself changes nothing.
        login_via_proxy(guesser, "wrong", f"10.0.0.{attempt}, 198.51.100.66")
    assert login_via_proxy(guesser, PASSWORD, "198.51.100.66").status_code == 429
    assert login_via_proxy(Client(), PASSWORD, "192.0.2.44").status_code == 302


def test_the_lockout_keeps_a_pseudonym_of_the_client_never_its_address(db):
    from axes.models import AccessAttempt

    user = StaffUserFactory(moderator=True)
    login(Client(), user.username, "wrong", address="198.51.100.66")
    login(Client(), user.username, "wrong", address="192.0.2.44")
    kept = sorted(str(a.ip_address) for a in AccessAttempt.objects.all())
    assert len(set(kept)) == 2  # two clients, told apart
    assert not {"198.51.100.66", "192.0.2.44"} & set(kept)
    # A documentation-range address (RFC 3849): it can never be mistaken for a real client.
    assert all(k.startswith("2001:db8:") for k in kept)


def test_staff_who_may_export_must_set_up_and_pass_a_second_factor(db):
    analyst = StaffUserFactory(analyst=True)
    client = Client()
    assert login(client, analyst.username).status_code == 302
    response = client.get(reverse("moderation:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("access:otp_setup"))
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=analyst)
    assert client.post(reverse("access:otp_setup"), {"token": "000000"}).status_code == 400
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down retries after a wrong code
    client.post(reverse("access:otp_setup"), {"token": current_token(device)})
    assert client.get(reverse("moderation:queue")).status_code == 200


def test_a_later_login_asks_for_the_code_again(db):
    analyst = StaffUserFactory(analyst=True)
    device = TOTPDevice.objects.create(user=analyst, name="app", confirmed=True)
    client = Client()
    login(client, analyst.username)
    response = client.get(reverse("moderation:queue"))
    assert response["Location"].startswith(reverse("access:otp_verify"))
    client.post(
        reverse("access:otp_verify"), {"token": current_token(device), "next": "/staf/verhalen/"}
    )
    assert client.get(reverse("moderation:queue")).status_code == 200


def test_moderators_sign_in_with_a_password_alone(db):
    moderator = StaffUserFactory(moderator=True)
    client = Client()
    login(client, moderator.username)
    assert client.get(reverse("moderation:queue")).status_code == 200


def test_pages_carry_a_content_security_policy_without_inline_scripts(passend):
    response = Client().get("/passend-onderwijs/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
