"""Captions: plain Dutch generated from the numbers."""

import numpy as np
import pytest
from django.utils import translation

from analysis.captions import caption
from analysis.params import AnalysisParams
from analysis.services import analysis_compute
from tests.factories import stories_bulk
from tracks.filters import StoryFilter


@pytest.fixture
def analysis(passend):
    rng = np.random.default_rng(4)
    answers = []
    for _ in range(200):
        hopeless = rng.random() < 0.3
        invloed = ["ikzelf"] if (rng.random() < (0.7 if hopeless else 0.2)) else ["gemeente"]
        answers.append(
            {
                "gevoel": "hopeloosheid" if hopeless else "hoop",
                "invloed": invloed,
                "goed_onderwijs": int(rng.integers(0, 30) if hopeless else rng.integers(40, 101)),
            }
        )
    stories_bulk(passend, answers, role="ouder")
    with translation.override("nl"):
        return analysis_compute(
            flt=StoryFilter(collection=passend.slug, track="ouder"), params=AnalysisParams()
        )


def result_for(analysis, a, b):
    return next(r for r in analysis.scan.results if {r.a, r.b} == {a, b})


@pytest.mark.django_db
def test_a_chi_square_caption_names_who_what_and_how_much_more_often(analysis):
    result = result_for(analysis, "gevoel", "invloed=ikzelf")
    flag = next(f for f in result.flags if f.more)
    with translation.override("nl"):
        text = caption(analysis, result)
    ratio = f"{flag.ratio:.1f}".replace(".", ",")
    assert text.startswith("Ouders met ")
    assert f"kozen {ratio}× vaker dan verwacht" in text
    assert f"({flag.observed} verhalen, verwacht {round(flag.expected)})" in text


@pytest.mark.django_db
def test_a_kruskal_caption_names_the_group_that_differs_and_the_means(analysis):
    result = result_for(analysis, "gevoel", "goed_onderwijs")
    with translation.override("nl"):
        text = caption(analysis, result)
    assert "gaven goed onderwijs een" in text
    assert "gemiddeld" in text and "bij de anderen" in text
