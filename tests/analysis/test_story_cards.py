"""Story cards for a meeting, printed from the drill-down list: the listed stories, one card
each, with title, role type, school type, story and advice, and nothing about the teller."""

import re

import pytest
from django.urls import reverse

from analysis.models import Perspective
from tests.factories import stories_bulk
from tracks.models import Story

URL = reverse("analysis:stories_print")


@pytest.fixture
def stories(passend):
    made = stories_bulk(
        passend,
        [{"gevoel": "hoop", "onderwijssoort": "vmbo", "advies": "Luister naar ouders."}] * 3
        + [{"gevoel": "verdriet"}] * 2,
        region="kennemerland",
    )
    Story.objects.filter(pk=made[0].pk).update(title="Eindelijk gehoord", text="Het ging goed.")
    # Taken out by moderation, or never finished: never on a card.
    stories_bulk(passend, [{"gevoel": "hoop"}], moderation=Story.Moderation.HIDDEN)
    unfinished = stories_bulk(passend, [{"gevoel": "hoop"}])[0]
    Story.objects.filter(pk=unfinished.pk).update(status=Story.Status.INCOMPLETE)
    return made


@pytest.mark.django_db
def test_the_list_offers_its_stories_as_cards_with_the_same_conditions(staff_client, stories):
    html = staff_client("Analist").get(reverse("analysis:stories"), {"v": "gevoel:hoop"})
    link = re.search(r'href="([^"]*/verhalen/afdrukken/[^"]*)"', html.content.decode())
    assert link and "v=gevoel%3Ahoop" in link.group(1)


@pytest.mark.django_db
def test_cards_show_the_listed_stories_and_nothing_about_the_teller(
    staff_client, stories, django_assert_max_num_queries
):
    client = staff_client("Analist")
    client.get(URL)  # session and permissions warm
    # Session and permissions (5), the filter form's choices (2), the default collection,
    # count and page of stories, then every card's answers in one query: not one per card.
    with django_assert_max_num_queries(11):
        html = client.get(URL, {"v": "gevoel:hoop"}).content.decode()
    assert html.count('class="print-card story-card"') == 3
    assert "cards-a4.css" in html
    assert "Eindelijk gehoord" in html and "Het ging goed." in html
    assert "Luister naar ouders." in html and "Vmbo (met of zonder lwoo)" in html
    assert "Ouder" in html
    # No region, no dates, no link to the story's moderation page.
    assert "kennemerland" not in html
    detail = reverse("moderation:detail", kwargs={"story_id": 1}).replace("1/", "")
    assert not re.search(re.escape(detail) + r"\d+/", html)


@pytest.mark.django_db
def test_a_malformed_condition_prints_nothing(staff_client, stories):
    assert staff_client("Analist").get(URL, {"v": "gevoel"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Moderator", "Regiocoördinator", "Vragenlijstbeheerder", None])
def test_cards_are_for_analysts_only(staff_client, stories, role):
    assert staff_client(role).get(URL).status_code == 403


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client, stories):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("access:login") in response["Location"]


@pytest.mark.django_db
def test_a_perspective_story_hidden_after_it_was_chosen_is_not_printed(staff_client, stories):
    perspective = Perspective.objects.create(title="Gehoord worden")
    perspective.stories.set(stories[:2])
    Story.objects.filter(pk=stories[0].pk).update(moderation=Story.Moderation.HIDDEN)
    url = reverse("analysis:perspective_print", kwargs={"perspective_id": perspective.pk})
    html = staff_client("Analist").get(url).content.decode()
    assert html.count('class="print-card story-card"') == 1
    assert "Eindelijk gehoord" not in html


@pytest.mark.django_db
def test_a_card_shows_the_staff_translation_under_the_tellers_words(staff_client, stories):
    Story.objects.filter(pk=stories[0].pk).update(
        language="tr",
        title="Sonunda duyuldum",
        text="Okulda sonunda beni dinlediler.",
        translation_nl_title="Eindelijk gehoord",
        translation_nl_text="Op school luisterden ze eindelijk naar me.",
    )
    html = staff_client("Analist").get(URL, {"v": "gevoel:hoop"}).content.decode()
    label = "Vertaling (door medewerker)"
    assert html.count(label) == 1  # only the card of the translated story
    original = html.index("Okulda sonunda beni dinlediler.")
    assert original < html.index(label) < html.index("Op school luisterden ze eindelijk")
    assert '<h2 class="print-title" lang="tr" dir="auto">Sonunda duyuldum</h2>' in html
