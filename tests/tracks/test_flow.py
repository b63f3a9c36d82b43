"""The teller flow end to end through the Django test client, on PostgreSQL."""

import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.teller import (
    PASSEND_STEP_2,
    PASSEND_STEP_4,
    STORY,
    passend_step_3,
    start_story,
    step_url,
    token_from,
)
from tracks import services
from tracks.models import Answer, OutboxEvent, Story, Track
from tracks.search import SEARCH_VECTOR_SQL
from tracks.selectors import teller_tracks_forget
from vertelpunt import receipts

ROLES = ["leerling", "ouder", "professional"]


def complete_passend(client, role: str):
    start_story(client, "passend-onderwijs", role)
    client.post(step_url("passend-onderwijs", role, 2), PASSEND_STEP_2)
    client.post(step_url("passend-onderwijs", role, 3), passend_step_3(role))
    return client.post(step_url("passend-onderwijs", role, 4), PASSEND_STEP_4)


def option_key(answer: Answer) -> str:
    assert answer.option is not None
    return answer.option.key


def answers_by_key(story: Story) -> dict[str, list[Answer]]:
    result: dict[str, list[Answer]] = {}
    for answer in story.answers.select_related("signifier", "option"):
        result.setdefault(answer.signifier.key, []).append(answer)
    return result


def test_root_leads_to_the_default_collection(client, passend):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/passend-onderwijs/"


def test_home_offers_the_three_tracks(client, passend):
    html = client.get("/passend-onderwijs/").content.decode()
    for role in ROLES:
        assert f'href="/passend-onderwijs/{role}/"' in html
    assert 'lang="nl"' in html


def test_tracks_address_pupils_with_je_and_adults_with_u(client, passend):
    leerling = client.get(step_url("passend-onderwijs", "leerling", 1)).content.decode()
    ouder = client.get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
    assert " je " in leerling.lower() or "jouw" in leerling.lower()
    assert " uw " in ouder.lower()


@pytest.mark.parametrize("role", ROLES)
def test_each_track_stores_the_story_and_every_answer_typed(client, passend, role):
    response = complete_passend(client, role)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "tracks:thanks", kwargs={"collection": "passend-onderwijs", "role": role}
    )

    story = Story.objects.get()
    assert story.track.role == role
    assert story.status == Story.Status.COMPLETE
    assert story.text == STORY
    assert story.questionnaire_version.number == 2
    assert story.region == "kennemerland"
    assert (
        story.role_type
        == {"leerling": "leerling", "ouder": "ouder", "professional": "professional_in_school"}[
            role
        ]
    )
    assert story.completed_at is not None
    assert story.completed_at >= story.started_at

    answers = answers_by_key(story)
    assert option_key(answers["gevoel"][0]) == "hoop"
    assert answers["goed_onderwijs"][0].slider == 72
    assert answers["gevolgen"][0].is_na and answers["gevolgen"][0].slider is None
    assert answers["samenwerking"][0].slider == 0
    assert sorted(option_key(a) for a in answers["invloed"]) == [
        "ib_zorgcoordinator",
        "leraar_mentor",
    ]
    assert len(answers["ondersteuning"]) == 3
    assert answers["advies"][0].text == "Luister eerder naar ouders."
    assert option_key(answers["regio"][0]) == "kennemerland"
    assert option_key(answers["deze_manier"][0]) == "positief"
    # Every answer belongs to the story's own questionnaire version.
    assert {a.signifier.version_id for rows in answers.values() for a in rows} == {
        story.questionnaire_version_id
    }


def test_story_is_kept_when_teller_stops_after_step_one(client, passend):
    response = start_story(client, "passend-onderwijs", "ouder")
    assert response.status_code == 302
    assert response["Location"] == step_url("passend-onderwijs", "ouder", 2)
    story = Story.objects.get()
    assert story.status == Story.Status.INCOMPLETE
    assert story.text == STORY
    assert story.answers.count() == 0


def test_progress_is_shown_as_step_x_of_4(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    html = client.get(step_url("passend-onderwijs", "ouder", 2)).content.decode()
    assert "Stap 2 van 4" in html


def test_going_back_keeps_the_answers(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    client.post(step_url("passend-onderwijs", "ouder", 2), PASSEND_STEP_2)
    # Back to step 2 from step 3, and back to step 1.
    html = client.get(step_url("passend-onderwijs", "ouder", 2)).content.decode()
    assert re.search(r'<input[^>]*name="gevoel" value="hoop"[^>]*checked', html)
    assert re.search(r'name="goed_onderwijs_0" value="72"', html)
    assert re.search(r'<input type="checkbox" name="gevolgen_1"[^>]*checked', html)
    assert re.search(r'<input[^>]*name="invloed" value="leraar_mentor"[^>]*checked', html)
    step1 = client.get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
    assert STORY in step1


def test_back_button_saves_the_step_and_goes_back(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    response = client.post(
        step_url("passend-onderwijs", "ouder", 2), {**PASSEND_STEP_2, "back": "1"}
    )
    assert response["Location"] == step_url("passend-onderwijs", "ouder", 1)
    assert Story.objects.get().answers.filter(signifier__key="gevoel").exists()


def test_editing_the_story_on_step_one_updates_the_same_story(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    page = client.get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
    client.post(
        step_url("passend-onderwijs", "ouder", 1),
        {"text": STORY + " Nu gaat het goed.", "title": "", "token": token_from(page)},
    )
    story = Story.objects.get()
    assert story.text.endswith("Nu gaat het goed.")
    assert story.title == ""


def test_time_from_start_to_completion_is_recorded(client, passend):
    complete_passend(client, "ouder")
    story = Story.objects.get()
    assert story.started_at is not None and story.completed_at is not None
    assert story.completed_at >= story.started_at


def test_receipt_code_is_shown_once_and_only_its_hash_is_stored(client, passend):
    response = complete_passend(client, "ouder")
    html = client.get(response["Location"]).content.decode()
    code = html.split("data-receipt>")[1].split("<")[0].strip()
    assert len(receipts.normalise(code)) == 24
    story = Story.objects.get()
    assert story.receipt_hash == receipts.digest(code)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM tracks_story WHERE receipt_hash = %s", [code])
        assert cursor.fetchone()[0] == 0
    again = client.get(response["Location"]).content.decode()
    assert code not in again


def test_another_story_reuses_the_about_you_answers(client, passend):
    complete_passend(client, "ouder")
    response = client.post(
        reverse("tracks:another", kwargs={"collection": "passend-onderwijs", "role": "ouder"})
    )
    assert response["Location"] == step_url("passend-onderwijs", "ouder", 1)
    start_story(client, "passend-onderwijs", "ouder", text="Een tweede ervaring over de overstap.")
    client.post(step_url("passend-onderwijs", "ouder", 2), {})
    html = client.get(step_url("passend-onderwijs", "ouder", 3)).content.decode()
    assert 'value="kennemerland" selected' in html
    assert 'value="ouder_verzorger" selected' in html
    client.post(step_url("passend-onderwijs", "ouder", 3), passend_step_3("ouder"))
    client.post(step_url("passend-onderwijs", "ouder", 4), {})
    first, second = Story.objects.order_by("pk")
    assert second.status == Story.Status.COMPLETE
    assert second.region == "kennemerland"
    # One visit: the pseudonymous visit id links both stories.
    assert first.visit_id == second.visit_id


def test_source_channel_from_the_entry_link_is_stored(client, passend):
    client.get("/passend-onderwijs/?bron=facebook")
    start_story(client, "passend-onderwijs", "ouder")
    assert Story.objects.get().source == "facebook"


def test_source_channel_survives_the_root_redirect(client, passend):
    response = client.get("/?bron=nieuwsbrief")
    client.get(response["Location"])
    start_story(client, "passend-onderwijs", "leerling")
    assert Story.objects.get().source == "nieuwsbrief"


def test_a_source_token_not_on_the_list_is_stored_as_overig(client, passend):
    client.get("/passend-onderwijs/?bron=" + "x" * 200)
    client.get("/passend-onderwijs/?bron=<script>")
    start_story(client, "passend-onderwijs", "ouder")
    assert Story.objects.get().source == "overig"


def test_skipped_questions_have_no_answer_and_nvt_is_distinct(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    client.post(step_url("passend-onderwijs", "ouder", 2), {"gevolgen_1": "on"})
    story = Story.objects.get()
    rows = list(story.answers.select_related("signifier"))
    assert [(a.signifier.key, a.is_na) for a in rows] == [("gevolgen", True)]
    assert rows[0].slider is None


def test_new_questionnaire_version_leaves_old_stories_on_the_old_version(client, passend):
    from signifiers import services as signifier_services
    from signifiers.selectors import latest_published_version, version_spec

    complete_passend(client, "ouder")
    old = latest_published_version(passend.questionnaire)
    assert old is not None
    spec = version_spec(old)
    spec[0]["wording"]["ouder"]["prompt"] = "Welk gevoel overheerst?"
    new = signifier_services.questionnaire_version_create(
        questionnaire=passend.questionnaire, number=3, label="3.0", signifiers=spec
    )
    signifier_services.questionnaire_version_publish(version=new)
    # Web processes keep a track's newest version for VERTELPUNT_TELLER_CACHE_SECONDS;
    # a teller who comes after that starts on the new one.
    teller_tracks_forget()

    client.post(
        reverse("tracks:another", kwargs={"collection": "passend-onderwijs", "role": "ouder"})
    )
    start_story(client, "passend-onderwijs", "ouder", text="Een ervaring onder de nieuwe versie.")
    html = client.get(step_url("passend-onderwijs", "ouder", 2)).content.decode()
    assert "Welk gevoel overheerst?" in html
    first, second = Story.objects.order_by("pk")
    assert first.questionnaire_version == old
    assert second.questionnaire_version == new
    assert first.answers.filter(signifier__version=old).count() == first.answers.count()


# The query budgets below are the teller flow's speed (issue 7, `make bench`): a step shown
# for the first time reads nothing from the database; the flow state is a signed cookie,
# the track is kept per process (tracks.selectors.teller_track) and a published version's
# questions are loaded once per process (signifiers.selectors.version_signifiers).


@pytest.mark.parametrize("step", [2, 3, 4])
def test_a_step_shown_for_the_first_time_reads_nothing(
    client, passend, django_assert_num_queries, step
):
    start_story(client, "passend-onderwijs", "ouder")
    for number, data in ((2, PASSEND_STEP_2), (3, passend_step_3("ouder")))[: step - 2]:
        client.post(step_url("passend-onderwijs", "ouder", number), data)
    with django_assert_num_queries(0):
        assert client.get(step_url("passend-onderwijs", "ouder", step)).status_code == 200


def test_the_first_page_of_a_new_story_reads_nothing(client, passend, django_assert_num_queries):
    client.get(step_url("passend-onderwijs", "ouder", 1))  # the track, kept from now on
    with django_assert_num_queries(0):
        assert client.get(step_url("passend-onderwijs", "ouder", 1)).status_code == 200


@pytest.mark.parametrize("step", [1, 2, 3])
def test_a_step_shown_again_reads_only_its_answers(
    client, passend, django_assert_num_queries, step
):
    start_story(client, "passend-onderwijs", "ouder")
    client.post(step_url("passend-onderwijs", "ouder", 2), PASSEND_STEP_2)
    client.post(step_url("passend-onderwijs", "ouder", 3), passend_step_3("ouder"))
    with django_assert_num_queries(1):  # step 1: the story's text; later steps: the answers
        assert client.get(step_url("passend-onderwijs", "ouder", step)).status_code == 200


def test_starting_a_story_is_one_insert(client, passend, django_assert_num_queries):
    page = client.get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
    data = {"text": STORY, "title": "t", "token": token_from(page)}
    with django_assert_num_queries(1):  # no transaction block around it, no savepoint
        assert client.post(step_url("passend-onderwijs", "ouder", 1), data).status_code == 302


def test_a_started_story_is_handed_on_as_it_was_stored(passend):
    # story_start builds the Story from its own INSERT's values (no read back): every field
    # it hands on must be what PostgreSQL stored.
    track = Track.objects.get(collection__slug="passend-onderwijs", role="ouder")
    story = services.story_start(
        track=track,
        text=STORY,
        title="Eén",
        submission_token=uuid.uuid4(),
        source="nieuwsbrief",
        visit_id=uuid.uuid4(),
        started_at=timezone.now(),
    )
    stored = Story.objects.get(pk=story.pk)
    for field in Story._meta.concrete_fields:
        assert getattr(story, field.attname) == getattr(stored, field.attname), field.name
    assert stored.search and "eindelijk" in str(stored.search)


def test_saving_a_step_is_one_statement(client, passend, django_assert_num_queries):
    start_story(client, "passend-onderwijs", "ouder")
    # Whatever the number of questions and answers: tracks_save_step() locks the story,
    # inserts all answers and updates the story (step, region, search vector).
    with django_assert_num_queries(1):
        client.post(step_url("passend-onderwijs", "ouder", 2), PASSEND_STEP_2)
    saved = Answer.objects.count()
    # Saving a step again (after going back) replaces its earlier answers, in the same one.
    with django_assert_num_queries(1):
        client.post(step_url("passend-onderwijs", "ouder", 2), PASSEND_STEP_2)
    assert Answer.objects.count() == saved > 0


def test_the_last_step_also_queues_its_follow_up_in_the_same_statement(
    client, passend, django_assert_num_queries
):
    start_story(client, "passend-onderwijs", "ouder")
    client.post(step_url("passend-onderwijs", "ouder", 2), PASSEND_STEP_2)
    client.post(step_url("passend-onderwijs", "ouder", 3), passend_step_3("ouder"))
    with django_assert_num_queries(1):  # the outbox row is written by tracks_save_step()
        response = client.post(step_url("passend-onderwijs", "ouder", 4), PASSEND_STEP_4)
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.is_complete
    assert OutboxEvent.objects.get().args == [story.collection_id]


def test_the_save_step_function_has_the_search_vector_of_tracks_search(db):
    """Migration tracks/0005 keeps its own copy of the search vector's SQL: when
    tracks.search changes it, a new migration must replace tracks_save_step() as well."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'tracks_save_step'")
        (source,) = cursor.fetchone()
    assert SEARCH_VECTOR_SQL in source


# --- The flow state is a signed cookie --------------------------------------------------------


def receipt_on(html: str) -> str | None:
    if "data-receipt>" not in html:
        return None
    return html.split("data-receipt>")[1].split("<")[0].strip()


def test_a_final_submit_whose_answer_was_lost_gets_a_working_new_code(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    client.post(step_url("passend-onderwijs", "ouder", 2), PASSEND_STEP_2)
    client.post(step_url("passend-onderwijs", "ouder", 3), passend_step_3("ouder"))
    before_final = {name: morsel.value for name, morsel in client.cookies.items()}
    client.post(step_url("passend-onderwijs", "ouder", 4), PASSEND_STEP_4)
    # The answer never arrived (slow network): the browser still has its cookie from before,
    # and after a while sends the last step again.
    for name, value in before_final.items():
        client.cookies[name] = value
    response = client.post(step_url("passend-onderwijs", "ouder", 4), PASSEND_STEP_4)
    assert response.status_code == 302
    code = receipt_on(client.get(response["Location"]).content.decode())
    assert code is not None
    story = Story.objects.get()  # still one story, complete, its last answer once
    assert story.status == Story.Status.COMPLETE
    assert story.answers.filter(signifier__key="deze_manier").count() == 1
    assert story.receipt_hash == receipts.digest(code)


def test_a_double_click_on_the_last_step_shows_one_working_code(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    client.post(step_url("passend-onderwijs", "ouder", 2), PASSEND_STEP_2)
    client.post(step_url("passend-onderwijs", "ouder", 3), passend_step_3("ouder"))
    before_final = {name: morsel.value for name, morsel in client.cookies.items()}
    first = client.post(step_url("passend-onderwijs", "ouder", 4), PASSEND_STEP_4)
    # The second click carried the cookie from before the first answer; its answer is the
    # one the browser shows.
    for name, value in before_final.items():
        client.cookies[name] = value
    second = client.post(step_url("passend-onderwijs", "ouder", 4), PASSEND_STEP_4)
    assert second.status_code == 302 and second["Location"] == first["Location"]
    code = receipt_on(client.get(second["Location"]).content.decode())
    assert code is not None
    assert Story.objects.get().receipt_hash == receipts.digest(code)
    assert Story.objects.count() == 1


def test_a_tampered_flow_cookie_is_ignored(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    name = next(n for n in client.cookies if n.startswith("vp_flow_"))
    client.cookies[name] = client.cookies[name].value[:-3] + "abc"
    response = client.get(step_url("passend-onderwijs", "ouder", 2))
    assert response.status_code == 400  # back to step 1, as for a teller with no story
    assert "Deze stap kan nu niet" in response.content.decode()
    assert Story.objects.count() == 1


def test_the_flow_cookie_ends_with_the_browser_and_is_not_readable_by_scripts(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    cookie = next(m for n, m in client.cookies.items() if n.startswith("vp_flow_"))
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]


def test_no_session_row_is_written_for_a_teller(client, passend):
    from django.contrib.sessions.models import Session

    complete_passend(client, "leerling")
    assert Session.objects.count() == 0


def test_every_first_page_carries_its_own_submission_token(client, passend):
    tokens = {
        token_from(Client().get(step_url("passend-onderwijs", "ouder", 1)).content.decode())
        for _ in range(3)
    }
    assert len(tokens) == 3
    assert str(uuid.UUID(int=0)) not in tokens


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_a_kept_step_form_is_the_form_rendered_afresh(client, passend, step):
    """The form kept per process (tracks.rendering) is exactly what crispy renders."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form

    from signifiers.selectors import latest_published_version, shown_signifiers
    from tracks.forms import StepForm, StoryForm
    from tracks.models import Track

    if step > 1:
        start_story(client, "passend-onderwijs", "ouder")
    for number, data in ((2, PASSEND_STEP_2), (3, passend_step_3("ouder")))[: max(step - 2, 0)]:
        client.post(step_url("passend-onderwijs", "ouder", number), data)
    client.get(step_url("passend-onderwijs", "ouder", step))  # now kept
    html = client.get(step_url("passend-onderwijs", "ouder", step)).content.decode()
    track = Track.objects.get(collection=passend, role="ouder")
    if step == 1:
        token = token_from(html)
        form: StoryForm | StepForm = StoryForm(initial={"token": uuid.UUID(token)}, track=track)
    else:
        version = latest_published_version(passend.questionnaire)
        assert version is not None
        form = StepForm(initial={}, shown=shown_signifiers(version, "ouder", step))
    assert str(as_crispy_form(form)) in html


def test_kept_pages_carry_a_working_csrf_token_of_their_own(passend):
    """Pages kept per process (tracks.rendering) get this request's CSRF token put in."""
    from tests.teller import csrf_from

    pages = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        client.get(step_url("passend-onderwijs", "ouder", 1))  # the first render is kept
        page = client.get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
        pages.append(page)
        data = {"text": STORY, "title": "t", "token": token_from(page)}
        response = client.post(
            step_url("passend-onderwijs", "ouder", 1),
            data | {"csrfmiddlewaretoken": csrf_from(page)},
        )
        assert response.status_code == 302
        page = client.get(step_url("passend-onderwijs", "ouder", 2)).content.decode()
        response = client.post(
            step_url("passend-onderwijs", "ouder", 2),
            PASSEND_STEP_2 | {"csrfmiddlewaretoken": csrf_from(page)},
        )
        assert response.status_code == 302
    assert csrf_from(pages[0]) != csrf_from(pages[1])
    assert "placeholder" not in pages[0]


def test_tellers_posting_the_same_step_each_get_only_their_own_answers_and_errors(passend):
    """A posted step is validated with fields shared between requests (signifier_field);
    what one teller sent, and the errors it had, never reach another teller's page."""
    first, second = Client(), Client()
    for client in (first, second):
        start_story(client, "passend-onderwijs", "ouder")
    url = step_url("passend-onderwijs", "ouder", 2)
    wrong = first.post(url, PASSEND_STEP_2 | {"goed_onderwijs_0": "150"})
    assert wrong.status_code == 400
    assert "Kies een getal van 0 tot en met 100." in wrong.content.decode()
    assert 'value="150"' in wrong.content.decode()

    other = second.post(url, PASSEND_STEP_2 | {"advies": "Eigen advies", "aspect": "nope"})
    page = other.content.decode()
    assert other.status_code == 400
    assert "Kies een getal van 0 tot en met 100." not in page
    assert 'value="150"' not in page and "is-invalid" in page
    assert "Eigen advies" in page

    assert first.post(url, PASSEND_STEP_2).status_code == 302
    shown = second.get(url).content.decode()
    assert "is-invalid" not in shown and "Eigen advies" not in shown
    second_answers = Answer.objects.filter(story__track__role="ouder", signifier__key="advies")
    assert list(second_answers.values_list("text", flat=True)) == [PASSEND_STEP_2["advies"]]
