"""The teller flow end to end through the Django test client, on PostgreSQL."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from signifiers.models import Wording
from tests.teller import (
    PASSEND_EXPERIENCE,
    PASSEND_LAST,
    STORY,
    current_version,
    last_page,
    page_of,
    passend_about_you,
    send_pages,
    start_story,
    step_url,
    token_from,
)
from tracks.models import Answer, OutboxEvent, Story
from vertelpunt import receipts

ROLES = ["leerling", "ouder", "professional"]


def complete_passend(client, role: str):
    start_story(client, "passend-onderwijs", role)
    return send_pages(
        client,
        "passend-onderwijs",
        role,
        PASSEND_EXPERIENCE | passend_about_you(role) | PASSEND_LAST,
    )


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
    assert story.questionnaire_version == current_version()
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


def test_progress_counts_pages_and_the_questions_answered(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    pages, questions = last_page(), current_version().signifiers.count()
    html = client.get(step_url("passend-onderwijs", "ouder", 2)).content.decode()
    assert f"Pagina 2 van {pages}" in html
    assert f'max="{pages}" value="1"' in html, "the bar counts the pages sent, the story"
    assert f"0 van {questions} vragen beantwoord" in html
    assert f"nog {pages - 2} pagina's" in html
    # The teller answers two questions and skips the others on the way ("niet van
    # toepassing" counts as an answer).
    sent = page_of("gevolgen")
    send_pages(
        client, "passend-onderwijs", "ouder", {"gevoel": "hoop", "gevolgen_1": "on"}, last=sent
    )
    html = client.get(step_url("passend-onderwijs", "ouder", sent + 1)).content.decode()
    assert f"Pagina {sent + 1} van {pages}" in html and f'max="{pages}" value="{sent}"' in html
    assert f"2 van {questions} vragen beantwoord" in html
    assert f"nog {pages - sent - 1} pagina's" in html


def test_a_page_sent_from_a_second_tab_is_not_overwritten_unasked(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    url = step_url("passend-onderwijs", "ouder", 2)
    first_tab = client.get(url).content.decode()
    second_tab = client.get(url).content.decode()
    basis = re.search(r'name="~basis" value="([0-9a-f]+)"', first_tab)
    assert basis and basis.group(1) in second_tab
    assert client.post(url, {"gevoel": "hoop", "~basis": basis.group(1)}).status_code == 302
    # The first tab, opened before, now sends other answers: a warning, nothing overwritten.
    warned = client.post(url, {"gevoel": "verdriet", "~basis": basis.group(1)})
    page = warned.content.decode()
    assert warned.status_code == 409 and "in een ander venster" in page
    assert re.search(r'name="gevoel" value="verdriet"[^>]*checked', page), "its answers stay"
    assert option_key(Answer.objects.get(signifier__key="gevoel")) == "hoop"
    # Sent again from the warning page, the teller's choice wins.
    renewed = re.search(r'name="~basis" value="([0-9a-f]+)"', page)
    assert renewed and renewed.group(1) != basis.group(1)
    assert client.post(url, {"gevoel": "verdriet", "~basis": renewed.group(1)}).status_code == 302
    assert option_key(Answer.objects.get(signifier__key="gevoel")) == "verdriet"


def test_sending_the_same_answers_twice_is_no_conflict(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    url = step_url("passend-onderwijs", "ouder", 2)
    basis = re.search(r'name="~basis" value="([0-9a-f]+)"', client.get(url).content.decode())
    assert basis
    for _ in range(2):  # a double click
        assert client.post(url, {"gevoel": "hoop", "~basis": basis.group(1)}).status_code == 302


def test_going_back_keeps_the_answers(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    send_pages(client, "passend-onderwijs", "ouder", PASSEND_EXPERIENCE, last=page_of("gevolgen"))
    # Back to the pages sent, and back to step 1.
    html = client.get(step_url("passend-onderwijs", "ouder", page_of("gevoel"))).content.decode()
    assert re.search(r'<input[^>]*name="gevoel" value="hoop"[^>]*checked', html)
    html = client.get(step_url("passend-onderwijs", "ouder", page_of("gevolgen"))).content.decode()
    assert re.search(r'name="goed_onderwijs_0" value="72"', html)
    assert re.search(r'<input type="checkbox" name="gevolgen_1"[^>]*checked', html)
    step1 = client.get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
    assert STORY in step1


def test_back_button_saves_the_step_and_goes_back(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    response = client.post(
        step_url("passend-onderwijs", "ouder", 2), {**PASSEND_EXPERIENCE, "back": "1"}
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


def test_only_the_receipt_codes_hash_is_stored(client, passend):
    response = complete_passend(client, "ouder")
    html = client.get(response["Location"]).content.decode()
    code = html.split("data-receipt>")[1].split("<")[0].strip()
    assert len(receipts.normalise(code)) == 24
    story = Story.objects.get()
    assert story.receipt_hash == receipts.digest(code)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM tracks_story WHERE receipt_hash = %s", [code])
        assert cursor.fetchone()[0] == 0


def test_another_story_reuses_the_about_you_answers(client, passend):
    complete_passend(client, "ouder")
    response = client.post(
        reverse("tracks:another", kwargs={"collection": "passend-onderwijs", "role": "ouder"})
    )
    assert response["Location"] == step_url("passend-onderwijs", "ouder", 1)
    start_story(client, "passend-onderwijs", "ouder", text="Een tweede ervaring over de overstap.")
    about = page_of("regio")
    send_pages(client, "passend-onderwijs", "ouder", {}, last=about - 1)
    html = client.get(step_url("passend-onderwijs", "ouder", about)).content.decode()
    assert 'value="kennemerland" selected' in html
    assert 'value="ouder_verzorger" selected' in html
    send_pages(client, "passend-onderwijs", "ouder", passend_about_you("ouder"), first=about)
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
    send_pages(client, "passend-onderwijs", "ouder", {"gevolgen_1": "on"}, last=page_of("gevolgen"))
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
        questionnaire=passend.questionnaire, number=old.number + 1, label="next", signifiers=spec
    )
    signifier_services.questionnaire_version_publish(version=new)

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


# Query budgets: what each teller page asks of PostgreSQL. Every page reads the track with
# its collection and which version is the newest published one (tracks.selectors.teller_track:
# two queries). A published page's questions are read the first time this process shows
# that page (signifiers.published: the version, its size, the page's questions, this track's
# wording and their options; the story page has no questions, so its two prefetches do not
# run) and never again; each test starts on a newly published version, so its pages are read
# afresh. The rest is named per test. Inside a test, a service's transaction shows as a
# SAVEPOINT and its RELEASE.
TELLER = 2
PAGE_READ = 5
STORY_PAGE_READ = PAGE_READ - 2
TRANSACTION = 2


# The first question page, the sliders' page and the last page.
@pytest.mark.parametrize("question", ["gevoel", "goed_onderwijs", "deze_manier"])
def test_a_published_page_is_read_once_and_then_only_the_story_is(
    client, passend, django_assert_num_queries, question
):
    step = page_of(question)
    start_story(client, "passend-onderwijs", "ouder")
    answers = PASSEND_EXPERIENCE | passend_about_you("ouder")
    send_pages(client, "passend-onderwijs", "ouder", answers, last=step - 1)
    url = step_url("passend-onderwijs", "ouder", step)
    # + the story's answers: none on this page yet, and the count for the progress line.
    with django_assert_num_queries(TELLER + PAGE_READ + 1):
        first = client.get(url).content.decode()
    with django_assert_num_queries(TELLER + 1):
        again = client.get(url).content.decode()
    prompts = Wording.objects.filter(
        role="ouder", signifier__step=step, signifier__version__questionnaire=passend.questionnaire
    ).values_list("prompt", flat=True)
    assert prompts
    for prompt in prompts:
        assert escape(prompt) in first
        assert escape(prompt) in again


def test_the_first_page_of_a_new_story_reads_only_the_questions(
    client, passend, django_assert_num_queries
):
    with django_assert_num_queries(TELLER + STORY_PAGE_READ):
        assert client.get(step_url("passend-onderwijs", "ouder", 1)).status_code == 200
    with django_assert_num_queries(TELLER):
        assert client.get(step_url("passend-onderwijs", "ouder", 1)).status_code == 200


@pytest.mark.parametrize("step", [1, 2, 3])
def test_a_step_shown_again_reads_its_answers_once(
    client, passend, django_assert_num_queries, step
):
    start_story(client, "passend-onderwijs", "ouder")
    client.post(step_url("passend-onderwijs", "ouder", 2), PASSEND_EXPERIENCE)
    client.post(step_url("passend-onderwijs", "ouder", 3), passend_about_you("ouder"))
    # Step 1: the story's text; later: its answers, which give the progress line's count too.
    with django_assert_num_queries(TELLER + 1):
        assert client.get(step_url("passend-onderwijs", "ouder", step)).status_code == 200


def test_starting_a_story_stores_it_with_its_search_vector(
    client, passend, django_assert_num_queries
):
    page = client.get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
    data = {"text": STORY, "title": "t", "token": token_from(page)}
    # Look the token up, insert the story (in get_or_create's savepoint), fill its vector.
    with django_assert_num_queries(TELLER + TRANSACTION + 5):
        assert client.post(step_url("passend-onderwijs", "ouder", 1), data).status_code == 302
    assert "eindelijk" in str(Story.objects.get().search)


def test_saving_a_step_is_one_transaction_of_a_few_statements(
    client, passend, django_assert_num_queries
):
    start_story(client, "passend-onderwijs", "ouder")
    advice = page_of("advies")
    send_pages(client, "passend-onderwijs", "ouder", PASSEND_EXPERIENCE, last=advice - 1)
    url = step_url("passend-onderwijs", "ouder", advice)
    basis = re.search(r'name="~basis" value="([0-9a-f]+)"', client.get(url).content.decode())
    assert basis
    # Lock the story, read the page's answers (was it changed in another tab?), drop them,
    # insert the new ones in one statement, update the story, refresh its search vector
    # (the page has a free-text question).
    with django_assert_num_queries(TELLER + TRANSACTION + 6):
        client.post(url, PASSEND_EXPERIENCE | {"~basis": basis.group(1)})
    saved = Answer.objects.count()
    # Saving a step again (after going back) replaces its earlier answers.
    client.post(url, PASSEND_EXPERIENCE)
    assert Answer.objects.count() == saved > 0
    assert "ouder" in str(Story.objects.get().search), "the advice is searchable"


def test_the_last_step_queues_its_follow_up_in_the_same_transaction(
    client, passend, django_assert_num_queries
):
    _at_last_step(client)
    # Lock, drop, insert, the outbox row, update the story (the published task reads its
    # event once the transaction is committed, which a test does not do).
    url = step_url("passend-onderwijs", "ouder", last_page())
    assert client.get(url).status_code == 200
    with django_assert_num_queries(TELLER + TRANSACTION + 5):
        response = client.post(url, PASSEND_LAST)
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.is_complete
    assert OutboxEvent.objects.get().args == [story.collection_id]


def test_no_database_function_saves_steps(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_proc WHERE proname = 'tracks_save_step'")
        assert cursor.fetchone()[0] == 0


# --- The flow state is a signed cookie --------------------------------------------------------


def receipt_on(html: str) -> str | None:
    if "data-receipt>" not in html:
        return None
    return html.split("data-receipt>")[1].split("<")[0].strip()


def _at_last_step(client) -> dict[str, str]:
    start_story(client, "passend-onderwijs", "ouder")
    answers = PASSEND_EXPERIENCE | passend_about_you("ouder")
    send_pages(client, "passend-onderwijs", "ouder", answers, last=last_page() - 1)
    return {name: morsel.value for name, morsel in client.cookies.items()}


def test_a_replayed_final_submit_makes_no_new_code(client, passend):
    before_final = _at_last_step(client)
    response = client.post(step_url("passend-onderwijs", "ouder", last_page()), PASSEND_LAST)
    code = receipt_on(client.get(response["Location"]).content.decode())
    assert code is not None
    # The cookie from before the last step, sent again (an old tab, a copied cookie): the
    # story stands as it was sent, the teller's own code keeps working, none is shown.
    for name, value in before_final.items():
        client.cookies[name] = value
    replayed = client.post(step_url("passend-onderwijs", "ouder", last_page()), PASSEND_LAST)
    page = replayed.content.decode()
    assert replayed.status_code == 200 and receipt_on(page) is None
    assert "al verstuurd" in page and STORY not in page
    story = Story.objects.get()
    assert story.status == Story.Status.COMPLETE
    assert story.receipt_hash == receipts.digest(code)
    assert story.answers.filter(signifier__key="deze_manier").count() == 1


def test_a_double_click_on_the_last_step_completes_one_story_once(client, passend):
    _at_last_step(client)
    first = client.post(step_url("passend-onderwijs", "ouder", last_page()), PASSEND_LAST)
    # The second click carries the cookie of the first answer.
    second = client.post(step_url("passend-onderwijs", "ouder", last_page()), PASSEND_LAST)
    assert second.status_code == 302 and second["Location"] == first["Location"]
    code = receipt_on(client.get(second["Location"]).content.decode())
    assert code is not None
    assert Story.objects.get().receipt_hash == receipts.digest(code)
    assert Story.objects.count() == 1


def test_the_code_stays_on_the_thank_you_page_for_the_rest_of_the_visit(client, passend):
    _at_last_step(client)
    response = client.post(step_url("passend-onderwijs", "ouder", last_page()), PASSEND_LAST)
    thanks = response["Location"]
    code = receipt_on(client.get(thanks).content.decode())
    assert code is not None
    # A reload, the back button onto the last step, the withdrawal page and back again.
    assert receipt_on(client.get(thanks).content.decode()) == code
    back = client.get(step_url("passend-onderwijs", "ouder", last_page()))
    assert back.status_code == 302 and back["Location"] == thanks
    client.get(reverse("tracks:withdraw", kwargs={"collection": "passend-onderwijs"}))
    assert receipt_on(client.get(thanks).content.decode()) == code
    # It is in the signed cookie, never in the database.
    assert Story.objects.filter(receipt_hash=code).count() == 0


def test_back_on_the_last_step_goes_back_and_completes_nothing(client, passend):
    _at_last_step(client)
    response = client.post(
        step_url("passend-onderwijs", "ouder", last_page()), {**PASSEND_LAST, "back": "1"}
    )
    assert response["Location"] == step_url("passend-onderwijs", "ouder", last_page() - 1)
    story = Story.objects.get()
    assert story.status == Story.Status.INCOMPLETE and story.receipt_hash is None
    assert story.answers.filter(signifier__key="deze_manier").exists(), "kept for later"
    html = client.get(step_url("passend-onderwijs", "ouder", last_page())).content.decode()
    assert re.search(r'<input[^>]*value="positief"[^>]*checked', html)


def test_a_step_one_form_token_from_another_visit_takes_no_story_over(passend):
    teller, other = Client(), Client()
    page = teller.get(step_url("passend-onderwijs", "ouder", 1)).content.decode()
    token = token_from(page)
    teller.post(
        step_url("passend-onderwijs", "ouder", 1), {"text": STORY, "title": "t", "token": token}
    )
    # Someone who saw the teller's page sends the same token from their own visit.
    other.get(step_url("passend-onderwijs", "ouder", 1))
    taken = other.post(
        step_url("passend-onderwijs", "ouder", 1),
        {"text": "Iets heel anders van iemand anders.", "title": "x", "token": token},
    )
    assert taken.status_code == 400
    assert "Iets heel anders" in taken.content.decode(), "their own text comes back"
    story = Story.objects.get()
    assert story.text == STORY and story.title == "t"


def test_a_tampered_flow_cookie_is_ignored(client, passend):
    start_story(client, "passend-onderwijs", "ouder")
    name = next(n for n in client.cookies if n.startswith("vp_flow_"))
    client.cookies[name] = client.cookies[name].value[:-3] + "abc"
    response = client.get(step_url("passend-onderwijs", "ouder", 2))
    assert response.status_code == 302  # back to step 1, as for a teller with no story
    assert response["Location"] == step_url("passend-onderwijs", "ouder", 1)
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


def test_tellers_posting_the_same_step_each_get_only_their_own_answers_and_errors(passend):
    """What one teller sent, and the errors it had, never reach another teller's page."""
    first, second = Client(), Client()
    number = page_of("beleving_aspect")
    assert page_of("aspect") == number, "a page with a choice and a slider"
    for client in (first, second):
        start_story(client, "passend-onderwijs", "ouder")
        send_pages(client, "passend-onderwijs", "ouder", {}, last=number - 1)
    url = step_url("passend-onderwijs", "ouder", number)
    wrong = first.post(url, PASSEND_EXPERIENCE | {"beleving_aspect_0": "150"})
    assert wrong.status_code == 400
    assert "Kies een getal van 0 tot en met 100." in wrong.content.decode()
    assert 'value="150"' in wrong.content.decode()

    other = second.post(url, {"beleving_aspect_0": "33", "aspect": "nope"})
    page = other.content.decode()
    assert other.status_code == 400
    assert "Kies een getal van 0 tot en met 100." not in page
    assert 'value="150"' not in page and "is-invalid" in page
    assert 'value="33"' in page

    assert first.post(url, PASSEND_EXPERIENCE).status_code == 302
    shown = second.get(url).content.decode()
    assert "is-invalid" not in shown and 'value="33"' not in shown
    sliders = Answer.objects.filter(signifier__key="beleving_aspect")
    assert list(sliders.values_list("slider", flat=True)) == [15], "only the first teller's"
