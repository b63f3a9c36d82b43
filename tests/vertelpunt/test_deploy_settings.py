"""Production settings as docker-compose sets them: what an operator gets without opting in,
and Django's deployment checklist without a warning."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "vertelpunt.settings",
    "DJANGO_DEBUG": "0",
    "ALLOWED_HOSTS": "vertelpunt.example.org",
    "SECURE_SSL_REDIRECT": "1",
    # A throwaway secret, made up for these checks only (long and varied enough for Django).
    "SECRET_KEY": "test-only-3f9a7c1e5b2d8f6a0c4e9b7d1f3a5c8e2b6d0f4a9c7e1b5d3f8a2c6e0b4d9f7a",
}


def run(code: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "SECURE_HSTS_PRELOAD"}
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, *code],
        cwd=settings.BASE_DIR,
        env=environment | PRODUCTION | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_setting(name: str, **env: str) -> str:
    code = f"from django.conf import settings; print(settings.{name})"
    result = run(["-c", f"import django; django.setup(); {code}"], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_hsts_preload_is_off_unless_the_operator_opts_in():
    # Preloading puts the domain in browsers' built-in lists for months: an operator's
    # decision about the whole domain, not a default.
    assert production_setting("SECURE_HSTS_PRELOAD") == "False"
    assert production_setting("SECURE_HSTS_PRELOAD", SECURE_HSTS_PRELOAD="1") == "True"
    assert production_setting("SECURE_HSTS_SECONDS") == "31536000"


def test_the_deployment_checklist_has_no_warning_without_preload():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "W021" not in result.stdout + result.stderr


def test_the_old_forwarded_for_switch_is_refused_with_what_replaces_it():
    # It trusted the client-chosen first entry of X-Forwarded-For; ignoring it quietly would
    # put every client behind the proxy in one rate-limit bucket.
    code = "import django; django.setup()"
    result = run(["-c", code], RATELIMIT_TRUST_FORWARDED_FOR="1")
    assert result.returncode != 0
    assert "TRUSTED_PROXY_HOPS" in result.stderr
