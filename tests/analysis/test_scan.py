"""The pair scan on stories in the database: tables come back as they were put in, and each
kind of pair gets its test."""

import numpy as np
import pytest
from scipy import stats as sps

from analysis.params import AnalysisParams
from analysis.scan import CHI2, KRUSKAL, OK, SPARSE, SPEARMAN, TOO_FEW
from analysis.services import analysis_compute
from tests.factories import NA, from_crosstab, stories_bulk
from tracks.filters import StoryFilter

# Agresti, Categorical Data Analysis (2nd ed., 2002), table 2.5 / 3.2: party identification by
# gender (General Social Survey 2000). Published: X² = 30.1 (df 2); adjusted residuals for
# females 4.50, 0.70, −5.32.
PARTY_BY_GENDER = [[762, 327, 468], [484, 239, 477]]
PUBLISHED_RESIDUALS = [4.50, 0.70, -5.32]


def result_for(analysis, a: str, b: str):
    return next(r for r in analysis.scan.results if {r.a, r.b} == {a, b})


@pytest.mark.django_db
def test_a_published_crosstab_comes_back_through_the_pair_scan(passend):
    answers = from_crosstab(
        PARTY_BY_GENDER,
        "aspect",
        ["systeem", "relaties"],
        "zelf_meegemaakt",
        ["zelf_meegemaakt", "dichtbij_gezien", "van_anderen_gehoord"],
    )
    stories_bulk(passend, answers)
    analysis = analysis_compute(flt=StoryFilter(collection=passend.slug), params=AnalysisParams())
    result = result_for(analysis, "aspect", "zelf_meegemaakt")
    assert result.test == CHI2 and result.status == OK
    # Options nobody chose are left out; the kept ones are the table's rows and columns.
    assert result.a == "aspect"
    aspect = analysis.variables["aspect"]
    assert [aspect.categories[i].drill for i in result.rows] == [
        "aspect:systeem",
        "aspect:relaties",
    ]
    assert result.table.tolist() == PARTY_BY_GENDER
    assert result.n == 2757
    assert result.statistic == pytest.approx(30.1, abs=0.05)
    np.testing.assert_allclose(result.residuals[0], PUBLISHED_RESIDUALS, atol=0.005)
    assert result.effect == pytest.approx(np.sqrt(result.statistic / 2757))
    # "Vaker / minder vaak dan verwacht": Democrat more, Republican less; Independent not.
    flagged = {(f.row, f.col, f.more) for f in result.flags}
    assert {(0, 0, True), (0, 2, False), (1, 0, False), (1, 2, True)} == flagged


@pytest.mark.django_db
def test_slider_against_a_choice_is_kruskal_wallis_on_the_answered_values(passend):
    rng = np.random.default_rng(1)
    values = {
        "hoop": rng.integers(30, 101, 40).tolist(),
        "verdriet": rng.integers(0, 70, 35).tolist(),
        "trots": rng.integers(10, 90, 25).tolist(),
    }
    answers = [{"gevoel": g, "goed_onderwijs": v} for g, vs in values.items() for v in vs]
    # n.v.t. and skipped sliders stay out of the test.
    answers += [{"gevoel": "hoop", "goed_onderwijs": NA}] * 5 + [{"gevoel": "verdriet"}] * 5
    stories_bulk(passend, answers)
    analysis = analysis_compute(flt=StoryFilter(collection=passend.slug), params=AnalysisParams())
    result = result_for(analysis, "gevoel", "goed_onderwijs")
    assert result.test == KRUSKAL and result.status == OK
    ref = sps.kruskal(*values.values())
    assert result.statistic == pytest.approx(ref.statistic)
    assert result.p == pytest.approx(ref.pvalue)
    assert result.n == 100
    labels = analysis.variables["gevoel"].categories
    assert labels[result.rows[result.differs]].label in {"hoop", "verdriet"}


@pytest.mark.django_db
def test_two_sliders_get_spearmans_rho(passend):
    rng = np.random.default_rng(2)
    x = rng.integers(0, 101, 60)
    y = np.clip(100 - x + rng.integers(-20, 21, 60), 0, 100)
    stories_bulk(
        passend,
        [{"goed_onderwijs": int(a), "gevolgen": int(b)} for a, b in zip(x, y, strict=True)],
    )
    analysis = analysis_compute(flt=StoryFilter(collection=passend.slug), params=AnalysisParams())
    result = result_for(analysis, "goed_onderwijs", "gevolgen")
    ref = sps.spearmanr(x, y)
    assert result.test == SPEARMAN and result.status == OK
    assert result.rho == pytest.approx(ref.statistic)
    assert result.p == pytest.approx(ref.pvalue, rel=1e-6)
    assert result.rho < 0


@pytest.mark.django_db
def test_each_option_of_a_multiple_choice_is_a_yes_no_indicator(passend):
    answers = (
        [{"invloed": ["ouders", "leraar_mentor"], "aspect": "relaties"}] * 40
        + [{"invloed": ["gemeente"], "aspect": "systeem"}] * 40
        + [{"invloed": ["ouders"], "aspect": "systeem"}] * 10
    )
    stories_bulk(passend, answers)
    analysis = analysis_compute(flt=StoryFilter(collection=passend.slug), params=AnalysisParams())
    result = result_for(analysis, "invloed=ouders", "aspect")
    table = result.table if result.a == "invloed=ouders" else result.table.T
    # Rows: chosen, not chosen; columns: the aspects present (systeem, relaties).
    assert table.tolist() == [[10, 40], [40, 0]]
    assert result.status == SPARSE or result.status == OK


@pytest.mark.django_db
def test_sparse_tables_give_no_number(passend):
    answers = [{"gevoel": "hoop", "aspect": "systeem"}] * 30 + [
        {"gevoel": "verdriet", "aspect": "systeem"}
    ] * 30
    stories_bulk(passend, answers)
    analysis = analysis_compute(flt=StoryFilter(collection=passend.slug), params=AnalysisParams())
    result = result_for(analysis, "gevoel", "aspect")
    # One aspect only: no table to test.
    assert result.status == TOO_FEW
    assert np.isnan(result.p)


@pytest.mark.django_db
def test_answers_below_the_minimum_group_size_are_left_out(passend):
    answers = (
        [{"gevoel": "hoop", "aspect": "systeem"}] * 30
        + [{"gevoel": "verdriet", "aspect": "relaties"}] * 30
        + [{"gevoel": "trots", "aspect": "relaties"}] * 5
    )
    stories_bulk(passend, answers)
    flt = StoryFilter(collection=passend.slug)
    result = result_for(analysis_compute(flt=flt, params=AnalysisParams()), "gevoel", "aspect")
    assert result.n == 60
    lower = result_for(
        analysis_compute(flt=flt, params=AnalysisParams(min_group=5)), "gevoel", "aspect"
    )
    assert lower.n == 65


@pytest.mark.django_db
def test_lumped_options_are_counted_together(passend):
    answers = (
        [{"gevoel": "verdriet", "aspect": "systeem"}] * 25
        + [{"gevoel": "boosheid", "aspect": "systeem"}] * 25
        + [{"gevoel": "hoop", "aspect": "relaties"}] * 50
    )
    stories_bulk(passend, answers)
    params = AnalysisParams(lumps=("gevoel:verdriet+boosheid",))
    analysis = analysis_compute(flt=StoryFilter(collection=passend.slug), params=params)
    gevoel = analysis.variables["gevoel"]
    labels = [c.label for c in gevoel.categories]
    assert "verdriet / boosheid" in labels
    result = result_for(analysis, "gevoel", "aspect")
    table = result.table if result.a == "gevoel" else result.table.T
    assert sorted(table.sum(axis=1).tolist()) == [50, 50]


@pytest.mark.django_db
def test_filters_apply_to_the_scan(passend):
    stories_bulk(passend, [{"gevoel": "hoop", "aspect": "systeem"}] * 30, role="ouder")
    stories_bulk(passend, [{"gevoel": "hoop", "aspect": "systeem"}] * 20, role="leerling")
    analysis = analysis_compute(
        flt=StoryFilter(collection=passend.slug, track="leerling"), params=AnalysisParams()
    )
    assert analysis.n == 20


@pytest.mark.django_db
def test_a_region_against_the_rest_is_a_variable_of_the_scan(passend):
    stories_bulk(
        passend, [{"aspect": "systeem"}] * 40 + [{"aspect": "relaties"}] * 10, region="kennemerland"
    )
    stories_bulk(
        passend, [{"aspect": "systeem"}] * 20 + [{"aspect": "relaties"}] * 60, region="apeldoorn"
    )
    analysis = analysis_compute(
        flt=StoryFilter(collection=passend.slug), params=AnalysisParams(region="kennemerland")
    )
    result = result_for(analysis, "__regio", "aspect")
    assert result.status == OK
    table = result.table if result.a == "__regio" else result.table.T
    assert table.sum() == 130
    assert result.flags


@pytest.mark.django_db
def test_pairs_are_ranked_by_effect_size_among_those_that_survive_correction(passend):
    rng = np.random.default_rng(3)
    answers = []
    for _ in range(300):
        aspect = str(rng.choice(["systeem", "relaties"]))
        strong = "hoop" if (aspect == "systeem") == (rng.random() < 0.9) else "verdriet"
        weak = "vaak" if (aspect == "systeem") == (rng.random() < 0.65) else "soms"
        answers.append({"aspect": aspect, "gevoel": strong, "frequentie": weak})
    stories_bulk(passend, answers)
    analysis = analysis_compute(flt=StoryFilter(collection=passend.slug), params=AnalysisParams())
    ranked = analysis.scan.ranked
    assert ranked, "strong patterns survive Benjamini-Hochberg"
    assert [r.effect for r in ranked] == sorted((r.effect for r in ranked), reverse=True)
    assert {ranked[0].a, ranked[0].b} == {"aspect", "gevoel"}
    assert all(r.q <= 0.05 for r in ranked)


@pytest.mark.django_db
@pytest.mark.parametrize("share", [0.0, 2.0], ids=["whole-questionnaire-scan", "per-story"])
def test_both_ways_of_fetching_answers_give_the_same_tables(passend, monkeypatch, share):
    monkeypatch.setattr("analysis.matrix.INDEX_LOOKUP_SHARE", share)
    stories_bulk(passend, [{"gevoel": "hoop", "aspect": "systeem"}] * 30, region="apeldoorn")
    stories_bulk(passend, [{"gevoel": "verdriet", "aspect": "relaties"}] * 40, region="apeldoorn")
    stories_bulk(passend, [{"gevoel": "hoop", "aspect": "relaties"}] * 50, region="kennemerland")
    analysis = analysis_compute(
        flt=StoryFilter(collection=passend.slug, region="apeldoorn"), params=AnalysisParams()
    )
    result = result_for(analysis, "gevoel", "aspect")
    assert analysis.n == 70
    assert result.table.tolist() == [[30, 0], [0, 40]]


@pytest.mark.django_db
def test_answers_to_two_questionnaire_versions_are_counted_by_question_key(passend):
    from signifiers.selectors import latest_published_version
    from signifiers.services import questionnaire_version_copy, questionnaire_version_publish

    first = latest_published_version(passend.questionnaire)
    assert first is not None
    second = questionnaire_version_publish(version=questionnaire_version_copy(source=first))
    stories_bulk(passend, [{"gevoel": "hoop", "aspect": "systeem"}] * 30, version=first)
    stories_bulk(passend, [{"gevoel": "hoop", "aspect": "systeem"}] * 20, version=second)
    stories_bulk(passend, [{"gevoel": "verdriet", "aspect": "relaties"}] * 25, version=second)
    analysis = analysis_compute(flt=StoryFilter(collection=passend.slug), params=AnalysisParams())
    result = result_for(analysis, "gevoel", "aspect")
    assert result.table.tolist() == [[50, 0], [0, 25]]
    only_first = analysis_compute(
        flt=StoryFilter(collection=passend.slug, version=first.pk), params=AnalysisParams()
    )
    assert only_first.n == 30
