"""The moderation queue: filters, search, actions on one story and in bulk, the audit log."""

import pytest
from django.test import Client
from django.urls import reverse

from moderation.models import AuditEntry
from tests.teller import PASSEND_EXPERIENCE, passend_about_you, send_pages, start_story
from tracks.models import Answer, Story


def tell(role: str, text: str, *, complete: bool = True, source: str = "") -> Story:
    client = Client()
    if source:
        client.get(f"/passend-onderwijs/?bron={source}")
    start_story(client, "passend-onderwijs", role, text=text, title=text[:30])
    if complete:
        send_pages(client, "passend-onderwijs", role, PASSEND_EXPERIENCE | passend_about_you(role))
    return Story.objects.latest("pk")


@pytest.fixture
def moderator(staff_client):
    return staff_client("Moderator")


@pytest.fixture
def stories(passend):
    return {
        "inclusie": tell(
            "ouder", "Mijn dochter mocht eindelijk meedoen in een gewone klas, echte inclusie."
        ),
        "jeugdzorg": tell(
            "professional",
            "De wachtlijst bij de jeugdzorg duurde negen maanden.",
            source="facebook",
        ),
        "half": tell("leerling", "Ik werd gepest en niemand deed iets.", complete=False),
    }


def queue(client, **params):
    return client.get(reverse("moderation:queue"), params)


def test_queue_lists_stories_newest_first(moderator, stories):
    html = queue(moderator).content.decode()
    assert html.index("gepest") < html.index("wachtlijst") < html.index("inclusie")


@pytest.mark.parametrize(
    ("params", "present", "absent"),
    [
        ({"track": "ouder"}, "inclusie", "wachtlijst"),
        ({"status": "incomplete"}, "gepest", "wachtlijst"),
        ({"source": "facebook"}, "wachtlijst", "inclusie"),
        ({"region": "kennemerland"}, "wachtlijst", "gepest"),
        ({"moderation": "new"}, "inclusie", "(geen)"),
    ],
)
def test_queue_filters(moderator, stories, params, present, absent):
    html = queue(moderator, **params).content.decode()
    assert present in html
    assert absent not in html


def test_dutch_full_text_search_finds_word_forms_and_highlights(moderator, stories):
    # "wachtlijsten" is stemmed to the same lexeme as "wachtlijst".
    html = queue(moderator, q="wachtlijsten").content.decode()
    assert "<mark>wachtlijst</mark>" in html
    assert "inclusie" not in html


def listed(html: str, story: Story) -> bool:
    return reverse("moderation:detail", args=[story.pk]) in html


def test_search_covers_free_text_answers(moderator, stories):
    html = queue(moderator, q="luister ouders").content.decode()
    # Every complete story answered "Luister eerder naar ouders." as advice.
    assert listed(html, stories["jeugdzorg"]) and listed(html, stories["inclusie"])
    assert not listed(html, stories["half"])


def test_search_combines_with_filters(moderator, stories):
    html = queue(moderator, q="luister", track="professional").content.decode()
    assert listed(html, stories["jeugdzorg"]) and not listed(html, stories["inclusie"])


def test_search_results_render_story_html_inert(moderator, passend):
    story = tell(
        "ouder", "Een <script>alert(1)</script> wachtlijst <img src=x onerror=alert(2)> verhaal."
    )
    for html in [
        queue(moderator, q="wachtlijst").content.decode(),
        queue(moderator).content.decode(),
    ]:
        assert listed(html, story)
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html


def test_detail_shows_the_whole_story_in_the_tellers_wording(moderator, stories):
    story = stories["jeugdzorg"]
    html = moderator.get(reverse("moderation:detail", args=[story.pk])).content.decode()
    assert story.text in html
    prompt = (
        story.questionnaire_version.signifiers.get(key="gevoel")
        .wordings.get(role="professional")
        .prompt
    )
    assert prompt in html
    assert "hoop" in html
    assert "72 van 100" in html
    assert "n.v.t." in html


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve", "approved"),
        ("hide", "hidden"),
        ("mark_test", "test"),
        ("mark_nonsense", "nonsense"),
    ],
)
def test_status_actions_are_audited(moderator, stories, action, status):
    story = stories["inclusie"]
    moderator.post(reverse("moderation:moderate", args=[story.pk]), {"action": action})
    story.refresh_from_db()
    assert story.moderation == status
    entry = AuditEntry.objects.get(story_id=story.pk)
    assert (entry.actor, entry.action, entry.status_before, entry.status_after) == (
        moderator.user,
        action,
        "new",
        status,
    )


def test_bulk_action_changes_each_story_and_audits_each(moderator, stories):
    ids = [stories["inclusie"].pk, stories["jeugdzorg"].pk]
    moderator.post(reverse("moderation:bulk"), {"action": "mark_test", "stories": ids})
    assert set(Story.objects.filter(pk__in=ids).values_list("moderation", flat=True)) == {"test"}
    assert AuditEntry.objects.filter(story_id__in=ids, action="mark_test").count() == 2
    assert Story.objects.get(pk=stories["half"].pk).moderation == "new"


def test_redaction_replaces_the_span_and_keeps_no_original(moderator, passend):
    story = tell("ouder", "Juf Jansen van De Regenboog hielp ons. Juf Jansen bleef bellen.")
    for field in ["text", "title"]:
        moderator.post(
            reverse("moderation:redact", args=[story.pk]), {"field": field, "fragment": "Jansen"}
        )
    story.refresh_from_db()
    assert (
        story.text == "Juf [verwijderd] van De Regenboog hielp ons. Juf [verwijderd] bleef bellen."
    )
    assert story.title == "Juf [verwijderd] van De Regenboog hi"
    for entry in AuditEntry.objects.filter(story_id=story.pk, action="redact"):
        assert "Jansen" not in entry.detail
    # Search no longer finds the removed word.
    assert "Regenboog" in queue(moderator, q="regenboog").content.decode()
    assert "Regenboog" not in queue(moderator, q="jansen").content.decode()


def test_redaction_in_a_free_text_answer(moderator, stories):
    story = stories["jeugdzorg"]
    advice = Answer.objects.get(story=story, signifier__key="advies")
    moderator.post(
        reverse("moderation:redact", args=[story.pk]),
        {"field": f"answer:{advice.pk}", "fragment": "ouders"},
    )
    advice.refresh_from_db()
    assert advice.text == "Luister eerder naar [verwijderd]."


def test_redacting_text_that_is_not_there_is_a_friendly_error(moderator, stories):
    story = stories["jeugdzorg"]
    response = moderator.post(
        reverse("moderation:redact", args=[story.pk]), {"field": "text", "fragment": "Pietje"}
    )
    assert response.status_code == 400
    assert "staat er niet" in response.content.decode()
    assert not AuditEntry.objects.filter(story_id=story.pk).exists()


def test_internal_note_is_kept_in_the_audit_log(moderator, stories):
    story = stories["half"]
    moderator.post(
        reverse("moderation:note", args=[story.pk]), {"note": "Lijkt een test van school X."}
    )
    html = moderator.get(reverse("moderation:detail", args=[story.pk])).content.decode()
    assert "Lijkt een test van school X." in html


def test_queue_page_uses_a_fixed_number_of_queries(
    moderator, stories, django_assert_max_num_queries
):
    for i in range(10):
        tell("ouder", f"Nog een ervaring nummer {i} over de overstap naar het vo.")
    with django_assert_max_num_queries(12):
        assert queue(moderator).status_code == 200


def test_personal_data_is_highlighted_with_one_click_redaction(moderator, passend):
    story = tell("ouder", "Meester Pieters belde naar 06-12345678 over de overstap.")
    html = moderator.get(reverse("moderation:detail", args=[story.pk])).content.decode()
    assert '<mark class="pii" title="name">Pieters</mark>' in html
    assert '<mark class="pii" title="phone">06-12345678</mark>' in html
    moderator.post(
        reverse("moderation:redact", args=[story.pk]), {"field": "text", "fragment": "Pieters"}
    )
    story.refresh_from_db()
    assert story.text == "Meester [verwijderd] belde naar 06-12345678 over de overstap."


def test_staff_pages_render_script_payloads_inert(moderator, passend):
    story = tell(
        "ouder", 'Een verhaal <script>alert("x")</script> en <img src=x onerror=alert(1)>.'
    )
    for url in [reverse("moderation:detail", args=[story.pk]), reverse("moderation:queue")]:
        html = moderator.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x onerror" not in html
        assert "&lt;script&gt;" in html or "&lt;img" in html
