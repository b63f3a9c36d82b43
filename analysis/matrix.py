"""Fetch the answers of a filter set's stories once, as integer arrays.

One query lists the stories (id, track, region); one `COPY … TO STDOUT (FORMAT binary)` streams
every answer row of those stories as four int4 columns. With all four columns non-null each
row has the same 34 bytes, so numpy reads the stream as a structured array without a Python
object per row: ~2 million answer rows (100k stories) arrive in about a second, where a
`fetchall()` would spend most of its time building tuples. Everything after this is numpy.
"""

import io
from dataclasses import dataclass

import numpy as np
from django.db.backends.base.base import BaseDatabaseWrapper

from tracks.filters import StoryFilter, stories_filtered
from tracks.models import Story
from vertelpunt.dbrouter import read_connection

# One binary COPY row: field count (int16), then four (length int32, value int32) pairs.
_ROW = np.dtype(
    [
        ("fields", ">i2"),
        ("l_story", ">i4"),
        ("story", ">i4"),
        ("l_signifier", ">i4"),
        ("signifier", ">i4"),
        ("l_code", ">i4"),
        ("code", ">i4"),
        ("l_extra", ">i4"),
        ("extra", ">i4"),
    ]
)
_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"

# `code` of a row: -1 for "n.v.t.", else the option id, the slider value, triad share a, or 0
# for a text answer; `extra` is triad share b (0 otherwise).
NA_CODE = -1


@dataclass(frozen=True)
class AnswerRows:
    story: np.ndarray  # index into CodedStories.story_ids
    signifier: np.ndarray
    code: np.ndarray
    extra: np.ndarray


@dataclass(frozen=True)
class CodedStories:
    story_ids: np.ndarray  # sorted
    roles: list[str]  # track role per `track` code
    track: np.ndarray
    regions: list[str]
    region: np.ndarray
    rows: AnswerRows

    @property
    def n(self) -> int:
        return int(self.story_ids.size)


# Below this share of all stories the answers are looked up story by story (`story_id IN
# (…)`, index scans). Above it one sequential read of the whole answer table, with other
# stories and questionnaires dropped in numpy, is several times faster — and does not depend on
# the planner: with any predicate on the answers (`signifier_id = ANY(…)`, a semi-join) it
# picked index or bitmap scans that took 4–8 s for 1.8M rows, against 0.5–1 s for the plain
# sequential read (bench/analysis_bench.py, demo data).
INDEX_LOOKUP_SHARE = 0.1


def coded_stories(flt: StoryFilter, signifier_ids: list[int]) -> CodedStories:
    # Raw SQL is not routed: inside analysis_reads() this is the replica's connection.
    db = read_connection()
    stories = stories_filtered(flt).order_by("id").values_list("id", "track__role", "region")
    sql, params = stories.query.get_compiler(connection=db).as_sql()
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    ids = np.fromiter((r[0] for r in fetched), dtype=np.int64, count=len(fetched))
    roles = sorted({r[1] for r in fetched})
    regions = sorted({r[2] for r in fetched})
    role_code = {role: i for i, role in enumerate(roles)}
    region_code = {region: i for i, region in enumerate(regions)}
    track = np.fromiter((role_code[r[1]] for r in fetched), dtype=np.int16, count=len(fetched))
    region = np.fromiter((region_code[r[2]] for r in fetched), dtype=np.int16, count=len(fetched))
    return CodedStories(
        story_ids=ids,
        roles=roles,
        track=track,
        regions=regions,
        region=region,
        rows=_answer_rows(db, flt, ids, signifier_ids),
    )


def _answer_rows(
    db: BaseDatabaseWrapper, flt: StoryFilter, story_ids: np.ndarray, signifier_ids: list[int]
) -> AnswerRows:
    empty = np.zeros(0, dtype=np.int32)
    if story_ids.size == 0 or not signifier_ids:
        return AnswerRows(empty, empty, empty, empty)
    select = (
        "SELECT a.story_id::int4, a.signifier_id::int4,"
        " (CASE WHEN a.is_na THEN -1"
        "  ELSE COALESCE(a.option_id, a.slider, a.triad_a, 0) END)::int4,"
        " COALESCE(a.triad_b, 0)::int4 FROM tracks_answer a"
    )
    by_story = story_ids.size < INDEX_LOOKUP_SHARE * Story.objects.using(db.alias).count()
    if by_story:
        inner = stories_filtered(flt).values("id").query
        inner_sql, inner_params = inner.get_compiler(connection=db).as_sql()
        sql = f"{select} WHERE a.story_id IN ({inner_sql})"  # noqa: S608 (Django-compiled)
        params: list[object] = list(inner_params)
    else:
        sql, params = select, []
    buffer = io.BytesIO()
    with db.cursor() as cursor:
        # psycopg2 cannot bind parameters in COPY; mogrify quotes them the way execute would.
        raw = cursor.cursor
        query = raw.mogrify(sql, params).decode()
        raw.copy_expert(f"COPY ({query}) TO STDOUT WITH (FORMAT binary)", buffer)
    data = buffer.getbuffer()
    if bytes(data[:11]) != _SIGNATURE:
        raise ValueError("unexpected COPY header")
    extension = int.from_bytes(data[15:19], "big")
    start = 19 + extension
    count = (len(data) - start - 2) // _ROW.itemsize
    table = np.frombuffer(data, dtype=_ROW, count=count, offset=start)
    # Native-endian columns first: indexing 34-byte records is far slower than int arrays.
    ids = table["story"].astype(np.int64)
    signifier = table["signifier"].astype(np.int32)
    code = table["code"].astype(np.int32)
    extra = table["extra"].astype(np.int32)
    story = np.searchsorted(story_ids, ids)
    if not by_story:
        # Keep only the rows of stories in the filter set.
        inside = story < story_ids.size
        inside[inside] = story_ids[story[inside]] == ids[inside]
        if not inside.all():
            story, signifier, code, extra = (
                story[inside],
                signifier[inside],
                code[inside],
                extra[inside],
            )
    return AnswerRows(story=story.astype(np.int32), signifier=signifier, code=code, extra=extra)
