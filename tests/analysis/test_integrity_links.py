"""Every data-quality figure on the distributions page links to exactly the stories behind it:
unanswered and n.v.t. per question, answered questions per story, "same value on every
slider" — with the page's filters kept, and the number shown equal to the stories listed."""

import re
from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from tests.factories import NA, stories_bulk

SLIDERS = ("goed_onderwijs", "gevolgen", "beleving_aspect", "samenwerking")
SAME = dict.fromkeys(SLIDERS, 50)
# (track, region, answers): what each story answered; a missing key is a skipped question.
STORIES: list[tuple[str, str, dict[str, Any]]] = [
    ("ouder", "kennemerland", SAME),
    ("ouder", "kennemerland", {**SAME, "advies": "Luister eerder."}),
    ("ouder", "apeldoorn", {**SAME, "goed_onderwijs": 10, "gevoel": "hoop"}),
    ("ouder", "apeldoorn", {}),
    ("ouder", "kennemerland", {**SAME, "goed_onderwijs": NA, "gevoel": "hoop"}),
    ("ouder", "apeldoorn", {**SAME, "goed_onderwijs": NA, "onderwijssoort": NA}),
    # A multiple choice with two options is one answered question, not two.
    ("ouder", "apeldoorn", {"invloed": ["ouders", "gemeente"], "gevoel": "verdriet"}),
    ("leerling", "apeldoorn", dict.fromkeys(SLIDERS, 20)),
    ("leerling", "kennemerland", dict.fromkeys(SLIDERS, 20)),
    ("leerling", "apeldoorn", {"gevoel": "hoop", "onderwijssoort": NA}),
]


@pytest.fixture
def made(passend):
    """story id → (track, region, answers)."""
    result = {}
    for track, region, answers in STORIES:
        (story,) = stories_bulk(passend, [answers], role=track, region=region)
        result[story.pk] = (track, region, answers)
    return result


def links(html: str, pattern: str) -> list[tuple[str, int]]:
    """(drill-down URL, the number it shows) for every match of `pattern`, which captures
    the URL and then the number."""
    return [(unescape(url), int(n)) for url, n in re.findall(pattern, html)]


STORY_LINK = re.compile(
    re.escape(reverse("moderation:detail", kwargs={"story_id": 999999})).replace("999999", r"(\d+)")
)


def listed(client, url: str) -> tuple[int, set[int]]:
    """The count a story list announces and the ids of the stories on it."""
    html = client.get(url).content.decode()
    match = re.search(r"<p>(\d+) verha(?:al|len)</p>", html)
    assert match is not None
    count = int(match.group(1))
    return count, {int(pk) for pk in STORY_LINK.findall(html)}


def follow_all(client, found: list[tuple[str, int]], expected) -> int:
    """Follows each link; `expected(url)` gives the story ids that must be listed."""
    checked = 0
    for url, shown in found:
        count, ids = listed(client, url)
        assert count == shown == len(ids), url
        assert ids == expected(url), url
        checked += 1
    return checked


# What the links mean, decided here from STORIES alone (not from the code under test).
def answered(answers) -> int:
    return len(answers)


def all_sliders(answers) -> bool:
    return all(answers.get(k) not in (None, NA) for k in SLIDERS)


def same_sliders(answers) -> bool:
    return all_sliders(answers) and len({answers[k] for k in SLIDERS}) == 1


def condition_holds(condition: str, track: str, region: str, answers, compared: str) -> bool:
    key, _sep, spec = condition.partition(":")
    if key == "__beantwoord":
        return answered(answers) == int(spec)
    if key == "__schuifregelaars":
        return same_sliders(answers) if spec == "gelijk" else all_sliders(answers)
    if key == "__regio":
        return (region == compared) == (spec == "in")
    value = answers.get(key)
    if spec == "-":
        return value is None
    if spec == "na":
        return value == NA
    if spec == "*":
        return value not in (None, NA)
    raise AssertionError(condition)


def expected_for(made, page_filter: dict[str, str]):
    def expected(url: str) -> set[int]:
        from urllib.parse import parse_qs, urlsplit

        query = parse_qs(urlsplit(url).query)
        # The page's filters travel with every link.
        for name, value in page_filter.items():
            assert query.get(name) == [value], (name, url)
        track = query.get("track", [""])[0]
        compared = query.get("regio_vs", [""])[0]
        return {
            pk
            for pk, (t, region, answers) in made.items()
            if (not track or t == track)
            and all(condition_holds(c, t, region, answers, compared) for c in query.get("v", []))
        }

    return expected


CHART_BAR = (
    r'<a href="([^"]*__beantwoord[^"]*)"><rect[^>]*><title>[^<]*</title></rect><text[^>]*>(\d+) \('
)
SLIDER_FIGURES = r'<a href="([^"]*__schuifregelaars[^"]*)">(\d+)</a>'
TABLE_CELL = r'<td><a href="([^"]*/staf/analyse/verhalen/[^"]*)">(\d+)</a></td>'


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page_filter",
    [{}, {"track": "ouder"}, {"regio_vs": "kennemerland"}],
    ids=["all", "parents-only", "region-against-the-rest"],
)
def test_every_data_quality_figure_lists_exactly_the_stories_behind_it(
    staff_client, made, page_filter
):
    client = staff_client("Analist")
    html = client.get(reverse("analysis:distributions"), page_filter).content.decode()
    expected = expected_for(made, page_filter)

    bars = links(html, CHART_BAR)
    # One bar per possible number of answered questions, 0 up to all of them.
    match = re.search(r"Hoeveel van de (\d+) vragen", html)
    assert match is not None
    questions = int(match.group(1))
    assert len(bars) == questions + 1
    same, every = sliders = links(html, SLIDER_FIGURES)
    assert "gelijk" in same[0] and "alle" in every[0]
    cells = links(html, TABLE_CELL)
    # Per question and group: stories, answered, n.v.t., not answered; per question overall:
    # not answered and n.v.t.
    assert len(cells) > 4 * 15
    checked = follow_all(client, bars + sliders + cells, expected)
    assert checked == len(bars) + len(sliders) + len(cells)


@pytest.mark.django_db
def test_the_figures_name_the_expected_stories(staff_client, made):
    """The same links, checked against stories named by hand (the parents only)."""
    client = staff_client("Analist")
    html = client.get(reverse("analysis:distributions"), {"track": "ouder"}).content.decode()
    ids = list(made)
    parents = ids[:7]
    bar = dict(enumerate(links(html, CHART_BAR)))
    assert listed(client, bar[4][0]) == (1, {parents[0]})
    # n.v.t. counts as answered: parents[5] has 4 sliders (one n.v.t.) and a school type n.v.t.
    assert listed(client, bar[5][0]) == (4, {parents[1], parents[2], parents[4], parents[5]})
    assert listed(client, bar[0][0]) == (1, {parents[3]})
    assert listed(client, bar[2][0]) == (1, {parents[6]})
    same, every = links(html, SLIDER_FIGURES)
    assert same[1] == 2 and listed(client, same[0]) == (2, {parents[0], parents[1]})
    assert every[1] == 3 and listed(client, every[0])[1] == {parents[0], parents[1], parents[2]}
    gevoel_missing = next(
        url for url, _n in links(html, TABLE_CELL) if "gevoel%3A-" in url and "v=" in url
    )
    assert listed(client, gevoel_missing)[1] == {parents[0], parents[1], parents[3], parents[5]}


@pytest.mark.django_db
@pytest.mark.parametrize("condition", ["__beantwoord:x", "__beantwoord:", "__schuifregelaars:x"])
def test_a_malformed_data_quality_condition_is_not_found(staff_client, made, condition):
    response = staff_client("Analist").get(reverse("analysis:stories"), {"v": condition})
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Moderator", "Regiocoördinator", None])
def test_the_stories_behind_a_data_quality_figure_are_for_analysts_only(staff_client, made, role):
    url = reverse("analysis:stories")
    assert staff_client(role).get(url, {"v": "__beantwoord:4"}).status_code == 403
