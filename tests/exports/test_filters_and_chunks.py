"""Exports take the staff filters, and read stories in bounded chunks: the number of queries
grows with the number of chunks, never with the number of stories or answers."""

import math
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exports.columns import plan_build
from exports.selectors import export_versions, story_chunks
from exports.services import export_tables
from signifiers.selectors import latest_published_version
from tests.exports.archive import wide
from tests.factories import tell_story
from tests.teller import current_version, page_of
from tracks.filters import StoryFilter
from tracks.models import Story


def ids(rows) -> set[int]:
    return {int(r["story_id"]) for r in rows}


def test_filters_apply(passend, triade, tmp_path):
    ouder = tell_story(passend, "ouder", {"regio": "kennemerland"})
    leerling = tell_story(passend, "leerling", source="facebook")
    stopped = tell_story(passend, "professional", until_step=1)
    old = tell_story(passend, "ouder", until_step=1, started_at=timezone.now() - timedelta(days=40))
    other = tell_story(triade, "ouder", language="tr")
    Story.objects.filter(pk=leerling.pk).update(moderation=Story.Moderation.TEST)
    version = latest_published_version(passend.questionnaire)
    assert version is not None

    cases = {
        StoryFilter(): {ouder.pk, leerling.pk, stopped.pk, old.pk, other.pk},
        StoryFilter(collection="passend-onderwijs"): {ouder.pk, leerling.pk, stopped.pk, old.pk},
        StoryFilter(track="leerling"): {leerling.pk},
        StoryFilter(status="incomplete"): {stopped.pk, old.pk},
        StoryFilter(moderation="test"): {leerling.pk},
        StoryFilter(region="kennemerland"): {ouder.pk},
        StoryFilter(source="facebook"): {leerling.pk},
        StoryFilter(language="tr"): {other.pk},
        StoryFilter(language="nl", track="ouder"): {ouder.pk, old.pk},
        StoryFilter(version=version.pk): {ouder.pk, leerling.pk, stopped.pk, old.pk},
        StoryFilter(until=timezone.localdate() - timedelta(days=30)): {old.pk},
        StoryFilter(since=timezone.localdate() - timedelta(days=1), track="ouder"): {
            ouder.pk,
            other.pk,
        },
        StoryFilter(q="begeleiding", track="professional"): {stopped.pk},
    }
    for i, (flt, expected) in enumerate(cases.items()):
        assert ids(wide(tmp_path / str(i), flt=flt)) == expected, flt


def test_the_wide_table_says_which_language_each_story_was_told_in(passend, tmp_path):
    dutch = tell_story(passend, "ouder")
    arabic = tell_story(passend, "ouder", language="ar")
    rows = {int(r["story_id"]): r for r in wide(tmp_path)}
    assert rows[dutch.pk]["language"] == "nl"
    assert rows[arabic.pk]["language"] == "ar"
    # The answers are the same keys in every language: one column per question for both.
    assert rows[dutch.pk].keys() == rows[arabic.pk].keys()


def test_a_collection_filter_keeps_other_questionnaires_columns_out(passend, triade, tmp_path):
    tell_story(triade, "ouder")
    header = list(wide(tmp_path, flt=StoryFilter(collection="triade-test"))[0])
    assert "balans__hoofd" in header and "gevoel" not in header


class NullWriter:
    text_rows = True

    def __init__(self) -> None:
        self.rows = 0

    def write_header(self, names) -> None:
        pass

    def write_rows(self, rows) -> None:
        self.rows += len(list(rows))

    def close(self) -> None:
        pass


def export_queries(chunk_size: int) -> tuple[int, int]:
    flt = StoryFilter()
    plan = plan_build(export_versions(flt))
    wide_writer, tidy_writer = NullWriter(), NullWriter()
    with CaptureQueriesContext(connection) as queries:
        export_tables(flt=flt, plan=plan, wide=wide_writer, tidy=tidy_writer, chunk_size=chunk_size)
    return len(queries), wide_writer.rows


@pytest.mark.parametrize("stories", [5, 9])
def test_queries_grow_with_chunks_not_with_stories(passend, stories):
    for i in range(stories):
        tell_story(
            passend,
            "ouder",
            {"gevoel": "hoop", "goed_onderwijs": i},
            until_step=page_of("goed_onderwijs"),
        )
    chunk_size = 2
    queries, rows = export_queries(chunk_size)
    assert rows == stories
    chunks = math.ceil(stories / chunk_size)
    # 3 lookups (collections, tracks, version labels), 2 queries per chunk (stories, their
    # answers) and 1 that finds no more stories.
    assert queries == 3 + 2 * chunks + 1


def test_chunks_are_bounded_and_in_id_order(passend):
    gevoel = page_of("gevoel")
    made = [
        tell_story(passend, "ouder", {"gevoel": "hoop"}, until_step=gevoel).pk for _ in range(5)
    ]
    chunks = list(story_chunks(StoryFilter(), chunk_size=2))
    assert [len(stories) for stories, _ in chunks] == [2, 2, 1]
    assert [s[0] for stories, _ in chunks for s in stories] == sorted(made)
    for stories, answers in chunks:
        assert {a[0] for a in answers} <= {s[0] for s in stories}


def test_an_export_of_demo_stories_has_a_row_per_story_and_one_per_answer(passend, tmp_path):
    from tests.exports.archive import read_table, run_export
    from tracks.demo import demo_stories_create
    from tracks.models import Answer

    version = current_version()
    demo_stories_create(count=300, seed=7, batch_size=120)
    archive = run_export(tmp_path, chunk_size=64)
    rows = read_table(archive, "verhalen", "csv")
    assert len(rows) == 300 and len(ids(rows)) == 300
    # The demo publishes a copy of the loaded version, so stories answer two versions.
    assert {r["questionnaire_version"] for r in rows} == {version.label, f"{version.number + 1}.0"}
    assert len(read_table(archive, "antwoorden", "csv")) == Answer.objects.count()
    # Every chosen option of a multiple-choice question is a 1 in its column.
    invloed = Answer.objects.filter(signifier__key="invloed").count()
    assert (
        sum(int(v) for r in rows for k, v in r.items() if k.startswith("invloed__") and v)
        == invloed
    )
