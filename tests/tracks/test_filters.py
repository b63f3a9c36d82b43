"""The one staff filter set: story length, a round trip through URL parameters, and input
the database cannot take answered with a form error on every staff page that filters."""

from datetime import date
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from exports.models import Export
from exports.tasks import run_export
from tests.teller import start_story
from tracks.filters import StoryFilter, StoryFilterForm, stories_filtered
from tracks.models import OutboxEvent, Story


def test_story_length_filter_includes_both_ends(passend):
    for text in ["Tien tekens", "x" * 50, "y" * 200]:
        start_story(Client(), "passend-onderwijs", "ouder", text=text)
    lengths = lambda flt: sorted(len(s.text) for s in stories_filtered(flt))  # noqa: E731
    assert lengths(StoryFilter(min_length=50)) == [50, 200]
    assert lengths(StoryFilter(max_length=50)) == [11, 50]
    assert lengths(StoryFilter(min_length=12, max_length=199)) == [50]


def test_a_filter_survives_the_trip_through_url_parameters(passend):
    flt = StoryFilter(track="ouder", min_length=20, q="wachtlijst", status="complete")
    assert StoryFilter.from_query(flt.as_query()) == flt
    assert Story.objects.count() == 0


# --- Input the database cannot take: a form error next to the field, never a 500 ------------

BAD_FILTERS = {
    "a date past the calendar": ({"until": "9999-12-31"}, "until", "Kies een datum tussen"),
    "a date before the calendar": ({"since": "0001-01-01"}, "since", "Kies een datum tussen"),
    "negations PostgreSQL cannot parse": ({"q": "-" * 40}, "q", "Deze zoekopdracht kan niet"),
    "spaced negations": ({"q": "- " * 40}, "q", "Deze zoekopdracht kan niet"),
    "a story length past any integer": (
        {"min_length": "9" * 30},
        "min_length",
        "hoogstens 1000000",
    ),
}


@pytest.mark.parametrize(("data", "field", "message"), BAD_FILTERS.values(), ids=BAD_FILTERS)
def test_values_the_database_cannot_take_are_a_form_error_on_their_field(
    passend, data, field, message
):
    form = StoryFilterForm(data)
    assert not form.is_valid()
    assert list(form.errors) == [field]
    assert message in form.errors[field][0]
    assert StoryFilter.from_query(data) == StoryFilter()


def test_dates_at_the_ends_of_the_range_still_filter(passend):
    start_story(Client(), "passend-onderwijs", "ouder")
    flt = StoryFilter.from_query({"since": "2000-01-01", "until": "2099-12-31"})
    assert (flt.since, flt.until) == (date(2000, 1, 1), date(2099, 12, 31))
    assert stories_filtered(flt).count() == 1


def test_a_filter_built_in_code_with_the_last_date_does_not_overflow(passend):
    start_story(Client(), "passend-onderwijs", "ouder")
    assert stories_filtered(StoryFilter(since=date.min, until=date.max)).count() == 1


def test_ordinary_searches_with_operators_still_work(passend):
    start_story(Client(), "passend-onderwijs", "ouder", text="De wachtlijst bij de jeugdzorg.")
    for q in ['"de wachtlijst"', "wachtlijst -school", "wachtlijst OR pesten", "----"]:
        assert StoryFilterForm({"q": q}).is_valid(), q
    assert stories_filtered(StoryFilter(q="wachtlijst -school")).count() == 1


STAFF_FILTER_PAGES = [
    ("Moderator", "moderation:queue"),
    ("Analist", "exports:start"),
    ("Analist", "analysis:scan"),
    ("Analist", "analysis:distributions"),
    ("Analist", "analysis:stories"),
]


@pytest.mark.parametrize(("role", "page"), STAFF_FILTER_PAGES)
@pytest.mark.parametrize(("data", "field", "message"), BAD_FILTERS.values(), ids=BAD_FILTERS)
def test_every_staff_page_with_filters_shows_the_form_error_instead_of_failing(
    staff_client, passend, role, page, data, field, message
):
    start_story(Client(), "passend-onderwijs", "ouder")
    response = staff_client(role).get(reverse(page), data)
    assert response.status_code == 200
    assert message in unescape(response.content.decode())


@pytest.mark.parametrize("page", ["analysis:pair", "analysis:stories_print"])
@pytest.mark.parametrize(("data", "field", "message"), BAD_FILTERS.values(), ids=BAD_FILTERS)
def test_analysis_pages_without_a_form_do_not_fail_on_bad_filters(
    staff_client, passend, page, data, field, message
):
    response = staff_client("Analist").get(reverse(page), data)
    assert response.status_code in {200, 404}


@pytest.mark.parametrize(("data", "field", "message"), BAD_FILTERS.values(), ids=BAD_FILTERS)
def test_an_export_is_not_started_with_a_filter_the_database_cannot_take(
    staff_client, passend, data, field, message
):
    response = staff_client("Analist").post(reverse("exports:start"), {**data, "format": "csv"})
    assert response.status_code == 200
    assert message in unescape(response.content.decode())
    assert not Export.objects.exists()


@pytest.mark.parametrize(("data", "field", "message"), BAD_FILTERS.values(), ids=BAD_FILTERS)
def test_a_queued_export_whose_filter_the_database_cannot_take_fails_cleanly(
    staff_client, passend, settings, tmp_path, data, field, message
):
    """An export queued before a filter became invalid (or written by hand): the run ends as
    failed with a filter error, its event is done, and the page says why in Dutch."""
    settings.EXPORT_DIR = tmp_path
    export = Export.objects.create(filters=data, format="csv")
    event = OutboxEvent.objects.create(task_name="exports.tasks.run_export", args=[export.pk])
    run_export(export.pk, event.pk)  # raises nothing: a redelivery would only loop
    export.refresh_from_db()
    event.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert export.error == "ExportFilterError"
    assert event.done_at is not None
    assert list(tmp_path.iterdir()) == []
    html = staff_client("Analist").get(reverse("exports:detail", args=[export.pk]))
    assert "De filters van deze export kunnen niet (meer) worden gebruikt" in unescape(
        html.content.decode()
    )


def test_an_observation_saved_with_a_bad_filter_still_opens(staff_client, passend):
    analyst = staff_client("Analist")
    create = reverse("analysis:observation_create") + "?until=9999-12-31&q=" + "-" * 40
    response = analyst.post(create, {"text": "Opvallend", "a": "gevoel", "b": "aspect"})
    assert response.status_code == 302
    assert analyst.get(response["Location"]).status_code == 200
