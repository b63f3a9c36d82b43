"""Analyst pages: who may see them, what they show, and that every count leads to stories."""

import re
from html import unescape

import pytest
from django.urls import reverse

from analysis import services
from analysis.params import AnalysisParams
from tests.factories import NA, stories_bulk
from tracks.filters import StoryFilter
from tracks.models import OutboxEvent

PAGES = ["analysis:scan", "analysis:distributions", "analysis:stories"]


@pytest.fixture
def stories(passend):
    stories_bulk(
        passend,
        [{"gevoel": "hopeloosheid", "aspect": "systeem", "goed_onderwijs": 10}] * 40
        + [{"gevoel": "hoop", "aspect": "relaties", "goed_onderwijs": 80}] * 40
        + [{"gevoel": "hoop", "aspect": "systeem", "goed_onderwijs": NA}] * 20,
        region="kennemerland",
    )
    stories_bulk(
        passend,
        [{"gevoel": "hoop", "aspect": "relaties", "invloed": ["ouders"]}] * 30,
        role="leerling",
        region="apeldoorn",
    )
    return passend


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_analysts_may_open_the_analysis_pages(staff_client, stories, page):
    assert staff_client("Analist").get(reverse(page)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["Moderator", "Regiocoördinator", "Vragenlijstbeheerder", None])
def test_other_roles_may_not(staff_client, passend, page, role):
    assert staff_client(role).get(reverse(page)).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert reverse("access:login") in response["Location"]


@pytest.mark.django_db
def test_recompute_is_for_analysts_only(staff_client, client, passend):
    url = reverse("analysis:recompute")
    assert staff_client("Moderator").post(url).status_code == 403
    assert client.post(url).status_code == 302
    assert staff_client("Analist").post(url).status_code == 302


@pytest.mark.django_db
def test_the_scan_lists_remarkable_pairs_with_a_dutch_caption(staff_client, stories):
    page = staff_client("Analist").get(reverse("analysis:scan")).content.decode()
    text = unescape(page)
    assert "Opvallende combinaties" in text
    # 40 of 60 'systeem' stories felt 'hopeloosheid', against 40 of 130 overall.
    assert re.search(r"Vertellers met '[^']+' bij \S+ kozen \d+,\d× vaker dan verwacht", text)
    assert reverse("analysis:pair") in page


@pytest.mark.django_db
def test_a_pair_page_shows_the_table_with_links_to_the_stories_behind_each_count(
    staff_client, stories
):
    client = staff_client("Analist")
    page = client.get(reverse("analysis:pair"), {"a": "gevoel", "b": "aspect"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "▲" in html
    links = re.findall(r'href="(/staf/analyse/verhalen/\?[^"]+)"', html)
    assert links
    # The cell 'hopeloosheid' × 'systeem' leads to exactly its 40 stories.
    cell = next(
        unescape(link)
        for link in links
        if "gevoel%3Ahopeloosheid" in link and "aspect%3Asysteem" in link
    )
    listing = client.get(cell)
    assert "40 verhalen" in listing.content.decode()


@pytest.mark.django_db
def test_an_unknown_pair_is_not_found(staff_client, stories):
    response = staff_client("Analist").get(reverse("analysis:pair"), {"a": "x", "b": "y"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_distributions_show_every_question_with_na_and_unanswered_apart(staff_client, stories):
    client = staff_client("Analist")
    html = client.get(reverse("analysis:distributions")).content.decode()
    assert html.count('class="analysis-question"') >= 15
    assert "n.v.t." in html and "Niet beantwoord" in html
    assert "poster-a3.css" in html
    # The n.v.t. count of the slider links to those 20 stories.
    match = re.search(r'href="([^"]*goed_onderwijs%3Ana[^"]*)">20<', html)
    assert match is not None
    na_link = unescape(match.group(1))
    assert "20 verhalen" in client.get(na_link).content.decode()


@pytest.mark.django_db
def test_region_against_the_rest_replaces_the_tracks_in_distributions(staff_client, stories):
    html = (
        staff_client("Analist")
        .get(reverse("analysis:distributions"), {"regio_vs": "kennemerland"})
        .content.decode()
    )
    assert "rest van het land" in html


@pytest.mark.django_db
def test_drill_down_combines_conditions_with_the_filters(staff_client, stories):
    client = staff_client("Analist")
    url = reverse("analysis:stories")
    assert "30 verhalen" in client.get(url, {"v": "invloed:ouders"}).content.decode()
    assert "30 verhalen" in client.get(url, {"track": "leerling"}).content.decode()
    html = client.get(url, {"v": ["gevoel:hoop", "goed_onderwijs:r80-100"]}).content.decode()
    assert "40 verhalen" in html
    html = client.get(url, {"v": "goed_onderwijs:-"}).content.decode()
    assert "30 verhalen" in html
    html = client.get(url, {"v": "__regio:rest", "regio_vs": "kennemerland"}).content.decode()
    assert "30 verhalen" in html


@pytest.mark.django_db
def test_a_malformed_condition_is_not_found(staff_client, stories):
    response = staff_client("Analist").get(reverse("analysis:stories"), {"v": "gevoel"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_big_sets_are_queued_through_the_outbox_and_show_progress(staff_client, stories, settings):
    settings.ANALYSIS_INLINE_LIMIT = 10
    client = staff_client("Analist")
    response = client.get(reverse("analysis:scan"))
    html = response.content.decode()
    assert "<progress" in html and 'http-equiv="refresh"' in html
    events = OutboxEvent.objects.filter(task_name=services.TASK_NAME)
    assert events.count() == 1
    # A reload while it runs does not queue the work twice.
    client.get(reverse("analysis:scan"))
    assert events.count() == 1


@pytest.mark.django_db
def test_the_task_stores_the_result_the_pages_then_show(staff_client, stories, settings):
    from analysis.tasks import compute_analysis

    settings.ANALYSIS_INLINE_LIMIT = 10
    flt = services.analysis_filter(StoryFilter())
    compute_analysis(flt.as_query(), AnalysisParams().as_query())
    assert services.analysis_cached(flt=flt, params=AnalysisParams()) is not None
    html = staff_client("Analist").get(reverse("analysis:scan")).content.decode()
    assert "<progress" not in html and "Opvallende combinaties" in html


@pytest.mark.django_db
def test_pages_reuse_the_cached_result(staff_client, stories, django_assert_max_num_queries):
    client = staff_client("Analist")
    client.get(reverse("analysis:scan"))
    with django_assert_max_num_queries(12):
        client.get(reverse("analysis:distributions"))
