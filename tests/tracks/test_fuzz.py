"""Fuzzing the teller endpoints with random and malformed payloads (hypothesis): never a 500,
and no story is created from a payload that is not a valid story.

10,000 requests: 2,000 step-1 submits, 2,000 question-step submits, and 2,000 examples of
three requests each on the other teller pages."""

import re
import uuid

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.teller import PASSEND_EXPERIENCE, passend_about_you, send_pages, start_story, step_url
from tracks.models import Story

pytestmark = pytest.mark.fuzz
# The fuzzer's own address, so its many submits do not rate-limit the other tests.
FUZZER = "192.0.2.250"
# What a teller's text loses before it is counted: control characters but newline and tab.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

FUZZ = settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

junk_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300
) | st.sampled_from(["", " ", "\x00", "<script>", "' OR 1=1 --", "%00", "x" * 25000, "😀" * 30])
keys_step_1 = st.sampled_from(
    ["text", "title", "token", "website", "back", "csrfmiddlewaretoken", "x"]
)
tokens = st.one_of(st.uuids().map(str), junk_text)
payloads_step_1 = st.dictionaries(
    keys_step_1, st.one_of(junk_text, tokens, st.lists(junk_text, max_size=3)), max_size=5
)
keys_passend = st.sampled_from(
    [
        "gevoel",
        "goed_onderwijs_0",
        "goed_onderwijs_1",
        "gevolgen_0",
        "invloed",
        "leren",
        "ondersteuning",
        "advies",
        "rol",
        "regio",
        "provincie",
        "onderwijssoort",
        "deze_manier",
        "back",
        "aspect",
    ]
)
values = st.one_of(
    junk_text,
    st.integers(-(10**12), 10**12).map(str),
    st.sampled_from(["hoop", "n.v.t.", "ikzelf", "kennemerland", "on", "100", "101", "-1", "1e3"]),
    st.lists(
        st.sampled_from(["ikzelf", "leerling", "ouders", "gemeente", "n.v.t.", "zzz"]), max_size=5
    ),
)
payloads_steps = st.dictionaries(keys_passend, values, max_size=8)


def is_valid_story(payload: dict) -> bool:
    """Independent of the form: what a story submit must contain to be stored."""
    text, token, honeypot = payload.get("text"), payload.get("token"), payload.get("website")
    if not isinstance(text, str) or not isinstance(token, str) or honeypot:
        return False
    try:
        uuid.UUID(token)
    except ValueError:
        return False
    title = payload.get("title", "")
    if isinstance(title, str):
        title = CONTROLS.sub("", title)
    normalised = CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return 10 <= len(normalised) <= 20000 and (not isinstance(title, str) or len(title) <= 200)


@FUZZ
@given(payload=payloads_step_1, role=st.sampled_from(["leerling", "ouder", "professional", "x"]))
def test_fuzzing_step_one_never_errors_and_stores_only_valid_stories(passend, payload, role):
    client = Client(REMOTE_ADDR=FUZZER)
    before = Story.objects.count()
    response = client.post(step_url("passend-onderwijs", role, 1), payload)
    assert response.status_code != 500
    if role == "x" or not is_valid_story(payload):
        assert Story.objects.count() == before
        assert response.status_code in {400, 404, 429}


@pytest.fixture
def story_client(passend):
    client = Client(REMOTE_ADDR=FUZZER)
    start_story(client, "passend-onderwijs", "ouder")
    return client


@FUZZ
@given(payload=payloads_steps, step=st.sampled_from([2, 3, 4, 5, 0]))
def test_fuzzing_the_question_steps_never_errors_or_creates_stories(story_client, payload, step):
    before = Story.objects.count()
    response = story_client.post(step_url("passend-onderwijs", "ouder", step), payload)
    assert response.status_code != 500
    assert Story.objects.count() == before


@FUZZ
@given(
    payload=payloads_steps,
    path=st.sampled_from(
        [
            "/passend-onderwijs/intrekken/",
            "/passend-onderwijs/ouder/nog-een/",
            "/passend-onderwijs/ouder/bedankt/",
            "/passend-onderwijs/",
            "/",
        ]
    ),
)
def test_fuzzing_the_other_teller_pages_never_errors(passend, payload, path):
    client = Client(REMOTE_ADDR=FUZZER)
    client.post(step_url("passend-onderwijs", "ouder", 1), {})
    assert client.post(path, payload).status_code != 500
    assert client.get(path, payload).status_code != 500


def test_a_completed_flow_still_works_after_fuzzing(passend):
    client = Client()
    start_story(client, "passend-onderwijs", "ouder")
    assert (
        send_pages(
            client, "passend-onderwijs", "ouder", PASSEND_EXPERIENCE | passend_about_you("ouder")
        ).status_code
        == 302
    )
