"""Helpers to walk the teller flow with Django's test client, as a browser would post it."""

import re
import uuid
from typing import Any

from django.test import Client
from django.urls import reverse

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
PASSEND_STEP_2 = {
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
PASSEND_STEP_4 = {"deze_manier": "positief"}
ROLE_OPTION = {"leerling": "leerling_vo", "ouder": "ouder_verzorger", "professional": "leraar"}


def passend_step_3(role: str) -> dict[str, str]:
    return {
        "rol": ROLE_OPTION[role],
        "onderwijssoort": "vmbo",
        "provincie": "noord_holland",
        "regio": "kennemerland",
    }


def new_token() -> str:
    return str(uuid.uuid4())
