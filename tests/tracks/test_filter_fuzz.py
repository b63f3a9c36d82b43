"""Fuzzing the staff filter and search parameters (hypothesis): random and malformed query
strings on every staff page that takes the shared story filters, signed in with the role that
may use it. Never a 500, whatever the URL says.

About 750 requests, in well under a minute: dates at and beyond the calendar's ends, huge and
negative numbers, unicode, control characters, search operator soup and very long values, for
every filter parameter and the analysis settings beside them. The probes that first found
500s here are explicit examples, so they are tried on every run."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import sign_in
from tests.factories import StaffUserFactory, stories_bulk

pytestmark = pytest.mark.fuzz

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

# The calendar's own ends first: they are where date arithmetic overflows.
dates = st.sampled_from(["0001-01-01", "9999-12-31"]) | st.dates().map(date.isoformat)
dates |= st.sampled_from(
    [
        "10000-01-01",
        "1999-12-31",
        "2000-01-01",
        "2099-12-31",
        "2100-01-01",
        "2025-02-30",
        "2025-13-01",
        "0000-00-00",
        "31-12-9999",
        "-2025-01-01",
        "+002025-01-01",
    ]
)
numbers = st.integers(-(10**40), 10**40).map(str) | st.sampled_from(
    ["9" * 400, "-0", "-1", "1e309", "nan", "inf", "-inf", "0x10", "１２", "2147483648"]
)
operator_soup = st.text(alphabet="-!&|\"()<>:*'\\ ~^@#%", min_size=1, max_size=120) | (
    st.sampled_from(
        ["-" * 33, "- " * 50, "!!!", '"', "&|", "!(", "(((", "<->", "a <-> b", "-" * 5000]
        + ["OR OR OR", '""""', "-a " * 60, "!" * 200 + "a", "a & | b", "'", "wachtlijst -"]
    )
)
unicode_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200
)
control_characters = st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=20)
long_values = st.sampled_from(["x" * 5000, "é" * 2000, "😀" * 500, "wachtlijst " * 300])
malformed = st.one_of(
    dates, numbers, operator_soup, unicode_text, control_characters, long_values, st.just("")
)


def plausible(*values: str) -> st.SearchStrategy[str]:
    return st.sampled_from(values)


# Every parameter of tracks.filters.StoryFilterForm, then analysis.params and the pages' own,
# each with values of its own kind: a malformed value is most telling beside valid ones (one
# invalid parameter already makes a form drop the whole filter set).
PARAMS: dict[str, st.SearchStrategy[str]] = {
    "collection": plausible("passend-onderwijs", "triade-test"),
    "track": plausible("ouder", "leerling", "professional"),
    "status": plausible("complete", "incomplete"),
    "moderation": plausible("new", "approved", "hidden"),
    "region": plausible("kennemerland", "apeldoorn") | unicode_text,
    "since": dates,
    "until": dates,
    "version": numbers,
    "source": plausible("facebook", "overig", "nieuwsbrief") | unicode_text,
    "q": operator_soup | unicode_text | plausible("wachtlijst", '"gewone klas"', "hoop OR pesten"),
    "min_length": numbers,
    "max_length": numbers,
    "pagina": numbers,
    "regio_vs": plausible("kennemerland") | unicode_text,
    "residu": numbers | plausible("2.5", "1e-300", "5.0000001"),
    "min_groep": numbers,
    "alfa": numbers | plausible("0.05", "0.0001"),
    "samen": plausible("gevoel:hoop+boosheid", "gevoel:hoop", ":+", "gevoel:") | unicode_text,
    "a": plausible("gevoel", "aspect", "gevoel=hoop"),
    "b": plausible("aspect", "goed_onderwijs"),
    "v": plausible("gevoel=hoop", "aspect=systeem", "goed_onderwijs=0-20", "=", "gevoel="),
    "alle": plausible("1", "0"),
}
FILTER_PARAMS = list(PARAMS)[:12]


def query_strings(names: list[str]) -> st.SearchStrategy[dict[str, object]]:
    """A few of `names`, each once or several times (?v=a&v=b), valid or malformed."""

    def values(name: str) -> st.SearchStrategy[object]:
        one = PARAMS.get(name, st.nothing()) | malformed
        return one | st.lists(one, min_size=1, max_size=3)

    return st.lists(st.sampled_from(names), unique=True, max_size=4).flatmap(
        lambda chosen: st.fixed_dictionaries({name: values(name) for name in chosen})
    )


params = query_strings(list(PARAMS))


@pytest.fixture
def stories(passend):
    """A few stories, so that a filter that matches something runs its whole page."""
    stories_bulk(passend, [{"gevoel": "hoop", "aspect": "systeem"}] * 3, region="kennemerland")
    stories_bulk(passend, [{"gevoel": "boosheid"}] * 2, role="leerling")
    return passend


# Signed in once per test: hypothesis runs the test body many times with the same fixtures.
@pytest.fixture
def moderator(stories) -> Client:
    return sign_in(Client(), StaffUserFactory(moderator=True))


@pytest.fixture
def analyst(stories) -> Client:
    return sign_in(Client(), StaffUserFactory(analyst=True))


@pytest.fixture
def coordinator(stories) -> Client:
    return sign_in(Client(), StaffUserFactory(coordinator=True, regions=["kennemerland"]))


# Known probes: the day after date.max, websearch_to_tsquery's operator stack, a NUL.
KNOWN_PROBES = [{"until": "9999-12-31"}, {"q": "-" * 40}, {"since": "0001-01-01"}]


def probes(test):
    for probe in KNOWN_PROBES:
        test = example(query=probe)(test)
    return test


@settings(FUZZ, max_examples=250)
@given(query=params)
@probes
def test_fuzzing_the_moderation_queue_never_errors(moderator, query):
    assert moderator.get(reverse("moderation:queue"), query).status_code == 200


@FUZZ
@given(query=params, post=st.booleans(), fmt=st.sampled_from(["csv", "json", "x", ""]))
@example(query={"until": "9999-12-31"}, post=True, fmt="csv")
@example(query={"q": "-" * 40}, post=False, fmt="")
def test_fuzzing_the_export_page_never_errors(analyst, query, post, fmt):
    url = reverse("exports:start")
    response = analyst.post(url, {**query, "format": fmt}) if post else analyst.get(url, query)
    assert response.status_code in {200, 302}


@FUZZ
@given(
    query=params,
    page=st.sampled_from(
        [
            "analysis:scan",
            "analysis:pair",
            "analysis:distributions",
            "analysis:stories",
            "analysis:stories_print",
        ]
    ),
)
@example(query={"until": "9999-12-31"}, page="analysis:scan")
@example(query={"q": "-" * 40}, page="analysis:stories")
def test_fuzzing_the_analysis_pages_never_errors(analyst, query, page):
    assert analyst.get(reverse(page), query).status_code in {200, 404}


# Fewer: the observation page computes an analysis of the stories on each view.
@settings(FUZZ, max_examples=40)
@given(query=params)
@probes
@example(query={"region": "\x00"})
def test_fuzzing_recompute_and_observations_never_errors(analyst, query):
    recompute = analyst.post(
        reverse("analysis:recompute") + "?" + urlencode(query, doseq=True), query
    )
    assert recompute.status_code == 302
    # An observation keeps the query string it was made with, and its page reads it back.
    create = reverse("analysis:observation_create") + "?" + urlencode(query, doseq=True)
    made = analyst.post(create, {"text": "Opvallend", "a": "gevoel", "b": "aspect"})
    assert made.status_code == 302
    assert analyst.get(made["Location"]).status_code == 200


@FUZZ
@given(
    query=query_strings(["collection", "region", *FILTER_PARAMS])
    | st.fixed_dictionaries(
        {"region": st.sampled_from(["kennemerland", "amsterdam_diemen", "oost_groningen"])}
    )
)
def test_fuzzing_the_dashboard_never_errors_and_keeps_to_the_region(coordinator, query):
    response = coordinator.get(reverse("dashboards:dashboard"), query)
    assert response.status_code in {200, 403}
    region = query.get("region")
    if isinstance(region, list):  # a repeated parameter: Django takes the last
        region = region[-1]
    if region not in (None, "", "kennemerland"):
        assert response.status_code == 403
