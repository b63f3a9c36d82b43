"""The one staff filter set: story length (and a round trip through URL parameters)."""

from django.test import Client

from tests.teller import start_story
from tracks.filters import StoryFilter, stories_filtered
from tracks.models import Story


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
