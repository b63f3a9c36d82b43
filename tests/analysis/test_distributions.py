"""Distributions per track, triads as points, and the per-story answer spread."""

import pytest

from analysis.params import AnalysisParams
from analysis.services import analysis_compute
from tests.factories import NA, stories_bulk
from tracks.filters import StoryFilter


def dist(analysis, key):
    return next(d for d in analysis.distributions if d.question.key == key)


@pytest.mark.django_db
def test_choices_and_slider_bins_are_counted_per_track_with_na_and_unanswered_apart(passend):
    stories_bulk(
        passend,
        [{"gevoel": "hoop", "goed_onderwijs": 15}] * 3 + [{"goed_onderwijs": NA}] * 2,
        role="ouder",
    )
    stories_bulk(passend, [{"gevoel": "verdriet", "goed_onderwijs": 100}] * 4, role="leerling")
    analysis = analysis_compute(flt=StoryFilter(collection=passend.slug), params=AnalysisParams())
    assert [g.label for g in analysis.groups] == ["Leerling", "Ouder"]
    gevoel = dist(analysis, "gevoel")
    counts = {bar.label: bar.counts for bar in gevoel.bars}
    assert counts["hoop"] == [0, 3] and counts["verdriet"] == [4, 0]
    assert gevoel.missing == [0, 2]
    slider = dist(analysis, "goed_onderwijs")
    assert [bar.counts for bar in slider.bars] == [[0, 3], [0, 0], [0, 0], [0, 0], [4, 0]]
    assert slider.na == [0, 2] and slider.base == [4, 3] and slider.total == [4, 5]


@pytest.mark.django_db
def test_multiple_choice_counts_each_option_among_those_who_answered(passend):
    stories_bulk(passend, [{"invloed": ["ouders", "gemeente"]}] * 2 + [{"invloed": ["ouders"]}])
    analysis = analysis_compute(flt=StoryFilter(collection=passend.slug), params=AnalysisParams())
    invloed = dist(analysis, "invloed")
    counts = {bar.drill: bar.counts[0] for bar in invloed.bars}
    assert counts["invloed:ouders"] == 3 and counts["invloed:gemeente"] == 2
    assert invloed.base == [3]


@pytest.mark.django_db
def test_triads_are_points_rounded_for_the_chart(triade):
    stories_bulk(triade, [{"balans": (70, 20, 10)}] * 3 + [{"balans": (0, 0, 100)}])
    analysis = analysis_compute(flt=StoryFilter(collection=triade.slug), params=AnalysisParams())
    balans = dist(analysis, "balans")
    assert balans.triad_points == [[(0, 0, 100, 1), (70, 20, 10, 3)]]
    assert balans.base == [4]


@pytest.mark.django_db
def test_the_answer_spread_shows_how_many_questions_each_story_answered(passend):
    stories_bulk(
        passend,
        [{"goed_onderwijs": 50, "gevolgen": 50, "beleving_aspect": 50, "samenwerking": 50}] * 2
        + [{"goed_onderwijs": 10, "gevolgen": 50, "beleving_aspect": 50, "samenwerking": 90}]
        + [{}],
    )
    analysis = analysis_compute(flt=StoryFilter(collection=passend.slug), params=AnalysisParams())
    spread = analysis.integrity.answered_per_story
    assert spread[0] == 1 and spread[4] == 3
    assert analysis.integrity.slider_stories == 3
    assert analysis.integrity.same_sliders == 2
