"""Every URL in the URL conf, walked as anonymous, as each staff role, as an operator and as
staff who signed in with a password alone.

Staff URLs (/staf/..., /beheer/...) send anonymous visitors to the login page, send staff who
still owe their second factor to it, and answer 403 to every role that ACCESS does not name;
teller URLs are public; every staff response carries Cache-Control: no-store; nobody gets a
500. A URL that ACCESS does not list fails the suite, so a new view needs a decision on who
may use it before it can ship.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from access.models import Group
from analysis import services as analysis_services
from exports import services as export_services
from signifiers.models import Option, Signifier
from signifiers.selectors import latest_published_version
from signifiers.services import questionnaire_version_copy
from tests.conftest import sign_in
from tests.factories import StaffUserFactory
from tests.teller import (
    PASSEND_EXPERIENCE,
    PASSEND_LAST,
    passend_about_you,
    send_pages,
    start_story,
)
from tracks.filters import StoryFilter
from tracks.models import Collection, Story

MODERATOR, ANALYST, EDITOR, COORDINATOR = (
    Group.MODERATOR,
    Group.ANALYST,
    Group.EDITOR,
    Group.COORDINATOR,
)
# A superuser: runs the installation, the only one in Django's admin, and holds every
# permission, so every staff page is theirs too.
OPERATOR = "Beheerder"
NO_ROLE = "zonder rol"  # signed in, in no group
ROLES = [MODERATOR, ANALYST, EDITOR, COORDINATOR, OPERATOR, NO_ROLE]

# Who may use a URL besides the roles a set names:
PUBLIC = "public"  # anyone, signed in or not: teller pages, health checks, the staff login
SECOND_STEP = "second step"  # anyone signed in, second factor passed or not: its own pages

Access = frozenset[str] | str


def roles(*names: str) -> frozenset[str]:
    return frozenset({*names, OPERATOR})


READ = roles(MODERATOR, ANALYST)
MODERATE = roles(MODERATOR)
EXPORT = roles(ANALYST)
EDIT = roles(EDITOR)
ALL_STAFF = roles(MODERATOR, ANALYST, EDITOR, COORDINATOR, NO_ROLE)

# URL name (or, for an unnamed pattern, its route) → who may use it.
ACCESS: dict[str, Access] = {
    "healthz": PUBLIC,
    "readyz": PUBLIC,
    # Teller pages.
    "tracks:root": PUBLIC,
    "tracks:home": PUBLIC,
    "tracks:withdraw": PUBLIC,
    "tracks:privacy": PUBLIC,
    "tracks:intro": PUBLIC,
    "tracks:story": PUBLIC,
    "tracks:step": PUBLIC,
    "tracks:thanks": PUBLIC,
    "tracks:another": PUBLIC,
    # Signing in.
    "access:login": PUBLIC,
    "access:logout": PUBLIC,
    "access:otp_setup": SECOND_STEP,
    "access:otp_verify": SECOND_STEP,
    "access:home": ALL_STAFF,
    # Moderation.
    "moderation:queue": READ,
    "moderation:detail": READ,
    "moderation:bulk": MODERATE,
    "moderation:moderate": MODERATE,
    "moderation:redact": MODERATE,
    "moderation:note": MODERATE,
    "moderation:translate": MODERATE,
    # Exports.
    "exports:start": EXPORT,
    "exports:detail": EXPORT,
    "exports:status": EXPORT,
    "exports:download": EXPORT,
    # Questionnaires.
    "questionnaires:index": EDIT,
    "questionnaires:version": EDIT,
    "questionnaires:copy": EDIT,
    "questionnaires:publish": EDIT,
    "questionnaires:discard": EDIT,
    "questionnaires:signifier": EDIT,
    "questionnaires:signifier_language": EDIT,
    "questionnaires:signifier_move": EDIT,
    "questionnaires:option_add": EDIT,
    "questionnaires:option_change": EDIT,
    "questionnaires:preview": EDIT,
    # Dashboard: counts for a coordinator's regions.
    "dashboards:dashboard": roles(COORDINATOR),
    # Analysis: analysts (the pages showing stories also need the read permission).
    "analysis:scan": EXPORT,
    "analysis:pair": EXPORT,
    "analysis:distributions": EXPORT,
    "analysis:stories": EXPORT,
    "analysis:stories_print": EXPORT,
    "analysis:recompute": EXPORT,
    "analysis:observations": EXPORT,
    "analysis:observation_create": EXPORT,
    "analysis:observation": EXPORT,
    "analysis:perspectives": EXPORT,
    "analysis:perspective": EXPORT,
    "analysis:perspective_print": EXPORT,
    # Django's admin: its URLs are generated per registered model, all on one site behind
    # one guard (access.admin), so they share one entry; the walk still visits every one.
    "admin:*": frozenset({OPERATOR}),
}

# Pages whose own view says no to everyone, operators too, as the walk calls them: the
# admin's autocomplete without a field to complete, and adding rows to axes' records.
REFUSED_BY_THE_VIEW = {
    "admin:autocomplete",
    "admin:axes_accessattempt_add",
    "admin:axes_accesslog_add",
    "admin:axes_accessfailurelog_add",
}

STAFF_PREFIXES = ("/staf/", "/beheer/")


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the route of an unnamed pattern
    namespace: str
    route: str  # the whole route from the root, as the patterns spell it

    @property
    def access(self) -> Access | None:
        return ACCESS.get(self.key) or ACCESS.get(f"{self.namespace}:*")


def every_route() -> list[Route]:
    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Route]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                yield from walk(pattern.url_patterns, route, inner)
            else:
                assert isinstance(pattern, URLPattern)
                key = route  # unnamed: its route says which it is
                if pattern.name:
                    key = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield Route(key=key, namespace=namespace, route=route)

    return list(walk(get_resolver().url_patterns, "", ""))


def test_the_table_lists_every_url_in_the_url_conf():
    unlisted = [r.key for r in every_route() if r.access is None]
    assert not unlisted, f"say in ACCESS who may use: {unlisted}"
    known = {r.key for r in every_route()} | {f"{r.namespace}:*" for r in every_route()}
    assert not set(ACCESS) - known, "ACCESS names URLs that no longer exist"


# --- Plausible values for every path converter ---------------------------------------------


@pytest.fixture
def world(passend: Collection) -> dict[str, Any]:
    """One of everything a URL can point at: a complete story, an export, a draft
    questionnaire with a question and an option, an observation and a perspective, and for
    the admin a row of each model where there can be one."""
    client = Client()
    start_story(client, "passend-onderwijs", "ouder")
    send_pages(
        client,
        "passend-onderwijs",
        "ouder",
        PASSEND_EXPERIENCE | passend_about_you("ouder") | PASSEND_LAST,
    )
    story = Story.objects.get()
    analyst = StaffUserFactory(analyst=True)
    export = export_services.export_request(requested_by=analyst, flt=StoryFilter(), fmt="csv")
    published = latest_published_version(passend.questionnaire)
    assert published is not None
    draft = questionnaire_version_copy(source=published)
    signifier = Signifier.objects.filter(version=draft, options__isnull=False).first()
    assert signifier is not None
    option = Option.objects.filter(signifier=signifier).first()
    assert option is not None
    observation = analysis_services.observation_create(
        text="Vaker hoop bij goede samenwerking.",
        pair_a="gevoel",
        pair_b="samenwerking",
        query={},
        actor=analyst,
    )
    perspective = analysis_services.perspective_create(
        title="Samen", summary="Samenwerking geeft hoop.", observations=[observation], actor=analyst
    )
    device = TOTPDevice.objects.create(user=analyst, name="app", confirmed=True)
    # A failed login, so the admin's lockout pages have a row to show.
    Client().post(reverse("access:login"), {"username": analyst.username, "password": "nee"})
    return {
        "collection": passend.slug,
        "role": "ouder",
        "number": 1,
        "story_id": story.pk,
        "export_id": export.pk,
        "version_id": draft.pk,
        "signifier_id": signifier.pk,
        "option_id": option.pk,
        "observation_id": observation.pk,
        "perspective_id": perspective.pk,
        "language": "tr",
        # The admin's.
        "id": analyst.pk,
        "pk": device.pk,
        "app_label": "auth",
        "url": "bestaat-niet/",
        "content_type_id": ContentType.objects.get_for_model(AuthGroup).pk,
        "group_id": AuthGroup.objects.get(name=MODERATOR).pk,
    }


def admin_object_id(route: str, world: dict[str, Any]) -> object:
    """The admin's <object_id>: a row of the model whose pages these are."""
    parts = route.split("/")
    if parts[1] == "r":  # view_on_site: the group of world["content_type_id"]
        return world["group_id"]
    model = apps.get_model(parts[1], parts[2])
    first = model._default_manager.order_by("pk").first()
    return first.pk if first is not None else 0  # none yet: the admin's own "not found"


def url_of(route: Route, world: dict[str, Any]) -> str:
    def value(name: str) -> str:
        if name == "object_id":
            return str(admin_object_id(route.route, world))
        assert name in world, f"give <{name}> of {route.key} a plausible value in world()"
        return str(world[name])

    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m[1]), route.route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: value(m[1]), path)
    url = "/" + path.replace("^", "").replace("$", "")
    resolve(url)  # the URL reaches a view
    return url


# --- Who walks ------------------------------------------------------------------------------


def walker(role: str | None, django_user_model, *, verified: bool = True) -> Client:
    """A client signed in as `role` (None: anonymous); verified=False: with a password alone."""
    client = Client()
    if role is None:
        return client
    if role == OPERATOR:
        user = django_user_model.objects.create_superuser("beheerder", password="x-Secret-123")
    elif role == NO_ROLE:
        user = StaffUserFactory()
    else:
        user = StaffUserFactory(
            role=role, regions=["kennemerland"] if role == COORDINATOR else None
        )
    if not verified:
        client.force_login(user)
        return client
    return sign_in(client, user)


def to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("access:login"))


def to_second_step(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        (reverse("access:otp_verify"), reverse("access:otp_setup"))
    )


def answers(client: Client, url: str, methods: tuple[str, ...]) -> dict[str, Any]:
    return {method: getattr(client, method)(url) for method in methods}


def check_staff_headers(url: str, responses: dict[str, Any], problems: list[str]) -> None:
    if not url.startswith(STAFF_PREFIXES):
        return
    for method, response in responses.items():
        if "no-store" not in response.get("Cache-Control", ""):
            problems.append(f"{method.upper()} {url}: no Cache-Control: no-store")


def refused(responses: dict[str, Any], url: str, problems: list[str], *, how: str, ok: Any) -> None:
    """Every method is refused `how` (405 means the view was not even reached), and at least
    one method reaches the guard, so the refusal is the guard's."""
    for method, response in responses.items():
        if response.status_code != 405 and not ok(response):
            problems.append(f"{method.upper()} {url}: {response.status_code}, expected {how}")
    if all(r.status_code == 405 for r in responses.values()):
        problems.append(f"{url}: neither GET nor POST reaches the view")


def report(problems: list[str]) -> None:
    assert not problems, "\n".join(problems)


# --- The walks ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [*ROLES, None], ids=[*ROLES, "anonymous"])
def test_every_url_answers_each_role_as_the_table_says(role, world, django_user_model):
    client = walker(role, django_user_model)
    problems: list[str] = []
    posts_for_allowed = []
    for route in every_route():
        access = route.access
        assert access is not None, f"{route.key} is not in ACCESS"
        url = url_of(route, world)
        public = access == PUBLIC
        allowed = public or (role is not None and (access == SECOND_STEP or role in access))
        if not allowed:
            responses = answers(client, url, ("get", "post"))
            if role is None:
                refused(responses, url, problems, how="the login page", ok=to_login)
            else:
                refused(responses, url, problems, how="403", ok=lambda r: r.status_code == 403)
        else:
            # Allowed roles only read: a POST to the admin could delete what it points at.
            responses = answers(client, url, ("get",))
            response = responses["get"]
            sent_away = to_login(response) or (access != SECOND_STEP and to_second_step(response))
            forbidden = response.status_code == 403 and route.key not in REFUSED_BY_THE_VIEW
            if forbidden or sent_away:
                problems.append(f"GET {url}: {response.status_code} for an allowed user")
            if response.status_code == 405 and not url.startswith("/beheer/"):
                posts_for_allowed.append(url)
        check_staff_headers(url, responses, problems)
        for response in responses.values():
            if response.status_code >= 500:
                problems.append(f"{url}: {response.status_code}")
    # POST-only views, with an empty form, once everything has been read (some change what
    # later URLs point at; a 404 after that is fine, a 500 never). Signing out goes last.
    posts_for_allowed.sort(key=lambda url: url == reverse("access:logout"))
    for url in posts_for_allowed:
        response = client.post(url)
        if response.status_code >= 500 or response.status_code == 403:
            problems.append(f"POST {url}: {response.status_code} for an allowed user")
        check_staff_headers(url, {"post": response}, problems)
    report(problems)


@pytest.mark.parametrize("role", [ANALYST, OPERATOR])
def test_staff_who_owe_their_second_factor_reach_only_its_pages(role, world, django_user_model):
    client = walker(role, django_user_model, verified=False)
    problems: list[str] = []
    for route in every_route():
        if route.access in (PUBLIC, SECOND_STEP):
            continue
        url = url_of(route, world)
        responses = answers(client, url, ("get", "post"))
        # The second step first; a role that may not use the page at all may also be told so.
        refused(
            responses,
            url,
            problems,
            how="the second step",
            ok=lambda r: to_second_step(r) or r.status_code == 403,
        )
        if role == OPERATOR and any(r.status_code == 403 for r in responses.values()):
            problems.append(f"{url}: 403 for an operator, who may use it after the second step")
        check_staff_headers(url, responses, problems)
    report(problems)
