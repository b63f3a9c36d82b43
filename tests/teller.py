"""Helpers to walk the teller flow with Django's test client, as a browser would post it."""

import re
import uuid
from typing import TYPE_CHECKING, Any

from django.test import Client
from django.urls import reverse

if TYPE_CHECKING:
    from signifiers.models import QuestionnaireVersion

STORY = "Mijn zoon kreeg eindelijk de begeleiding die hij nodig had, na een jaar wachten."


def step_url(collection: str, role: str, number: int) -> str:
    return reverse("tracks:step", kwargs={"collection": collection, "role": role, "number": number})


def token_from(html: str) -> str:
    match = re.search(r'name="token" value="([0-9a-f-]{36})"', html)
    assert match, "step 1 form carries a submission token"
    return match.group(1)


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "the form carries a CSRF token"
    return match.group(1)


def start_story(
    client: Client, collection: str, role: str, text: str = STORY, title: str = "Eindelijk hulp"
) -> Any:
    page = client.get(step_url(collection, role, 1))
    assert page.status_code == 200
    return client.post(
        step_url(collection, role, 1),
        {"text": text, "title": title, "token": token_from(page.content.decode())},
    )


# A complete set of answers for the default questionnaire, as form data per step.
PASSEND_EXPERIENCE = {
    "gevoel": "hoop",
    "goed_onderwijs_0": "72",
    "gevolgen_0": "",
    "gevolgen_1": "on",  # n.v.t.
    "aspect": "ondersteuning",
    "beleving_aspect_0": "15",
    "invloed": ["leraar_mentor", "ib_zorgcoordinator"],
    "samenwerking_0": "0",
    "leren": ["schoolbestuur"],
    "ondersteuning": ["gedrag", "thuissituatie", "dyslexie_dyscalculie"],
    "frequentie": "vaak",
    "zelf_meegemaakt": "zelf_meegemaakt",
    "wanneer": "afgelopen_jaar",
    "advies": "Luister eerder naar ouders.",
}
PASSEND_LAST = {"deze_manier": "positief"}  # the last page

ROLE_OPTION = {"leerling": "leerling_vo", "ouder": "ouder_verzorger", "professional": "leraar"}


def passend_about_you(role: str) -> dict[str, str]:
    return {
        "rol": ROLE_OPTION[role],
        "onderwijssoort": "vmbo",
        "provincie": "noord_holland",
        "regio": "kennemerland",
    }


def new_token() -> str:
    return str(uuid.uuid4())


def page_of(key: str, collection: str = "passend-onderwijs") -> int:
    """The page (step) a question is on in the collection's questionnaire."""
    from signifiers.models import Signifier
    from tracks.models import Collection

    c = Collection.objects.get(slug=collection)
    step = (
        Signifier.objects.filter(version__questionnaire=c.questionnaire, key=key)
        .order_by("-version__number")
        .values_list("step", flat=True)
        .first()
    )
    assert step is not None, f"no question {key} in {collection}"
    return step


def current_version(collection: str = "passend-onderwijs") -> "QuestionnaireVersion":
    """The version new stories of the collection answer: the newest its data file loaded."""
    from signifiers.selectors import latest_published_version
    from tracks.models import Collection

    version = latest_published_version(Collection.objects.get(slug=collection).questionnaire)
    assert version is not None
    return version


def last_page(collection: str = "passend-onderwijs") -> int:
    from signifiers.selectors import step_count

    return step_count(current_version(collection))


def send_pages(
    client: Client,
    collection: str,
    role: str,
    data: dict[str, Any],
    *,
    first: int = 2,
    last: int | None = None,
    **extra: Any,
) -> Any:
    """Send question pages `first`..`last` (the last page by default, which completes the
    story) with `data`, as a teller pressing "Opslaan en verder" on each. Each page's form
    takes only its own questions from `data`, so one dict answers every page."""
    response = None
    for number in range(first, (last or last_page(collection)) + 1):
        response = client.post(step_url(collection, role, number), data, **extra)
    return response


def tell_passend(client: Client, role: str, data: dict[str, Any] | None = None) -> Any:
    """A complete story on the default questionnaire; the response of the last page."""
    start_story(client, "passend-onderwijs", role)
    answers = PASSEND_EXPERIENCE | passend_about_you(role) | PASSEND_LAST
    return send_pages(client, "passend-onderwijs", role, answers | (data or {}))
