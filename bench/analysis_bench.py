"""Benchmark of the pair scan: all pairs over N synthetic stories (default 100 000).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vertelpunt \
        .venv/bin/python bench/analysis_bench.py [--stories 100000]

It works in a database of its own (`<name>_analysis_bench[_demo]` on the same server),
created, migrated and seeded on the first run and reused afterwards, so the development
database is never touched. `--seeder demo` (the default) fills it with the project's seeder
`tracks.demo.demo_stories_create` (two questionnaire versions, every answer kind);
`--seeder own` with the minimal COPY generator below, where a few answers depend on each
other so the scan finds patterns.

Printed: seconds for the whole analysis (fetch + distributions + scan) and, as baselines
measured in the same run, one plain `COUNT(*)` over the answer rows of the filter set and one
SQL `GROUP BY` crosstab for a single pair (× the number of pairs, what per-pair SQL would cost).
"""

import argparse
import io
import os
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bench_database_url(seeder: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("Set DATABASE_URL to a PostgreSQL server (the bench makes its own database).")
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_analysis_bench" + ("_demo" if seeder == "demo" else "")
    admin = urlunsplit(parts._replace(path="/postgres"))
    conn = psycopg2.connect(admin)
    conn.autocommit = True  # CREATE DATABASE cannot run in a transaction
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cur.fetchone() is None:
                cur.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()
    return urlunsplit(parts._replace(path="/" + name))


def setup_django(seeder: str) -> None:
    os.environ["DATABASE_URL"] = bench_database_url(seeder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vertelpunt.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_questionnaires", verbosity=0)


def seed_demo(count: int) -> None:
    """Top up with the project's demo seeder (tracks/demo)."""
    from django.db import connection

    from tracks.demo import demo_stories_create
    from tracks.models import Story

    have = Story.objects.filter(collection__slug="passend-onderwijs").count()
    if have >= count:
        return
    demo_stories_create(count=count - have, seed=have, search=False)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE tracks_story")
        cur.execute("VACUUM ANALYZE tracks_answer")


def seed(count: int, seed: int = 0) -> None:
    """Top the bench database up to `count` complete stories with answers (COPY)."""
    from django.db import connection
    from django.utils import timezone

    from signifiers.models import Signifier
    from signifiers.selectors import latest_published_version
    from tracks.models import Collection, Story

    collection = Collection.objects.get(slug="passend-onderwijs")
    have = Story.objects.filter(collection=collection).count()
    if have >= count:
        return
    todo = count - have
    rng = np.random.default_rng(seed + have)
    version = latest_published_version(collection.questionnaire)
    if version is None:
        sys.exit("the questionnaire has no published version")
    tracks = list(collection.tracks.order_by("order"))
    signifiers = list(Signifier.objects.filter(version=version).prefetch_related("options"))
    regions = ["apeldoorn", "oost_groningen", "kennemerland", "amsterdam_diemen", "andere_regio"]
    now = timezone.now()

    track_of = rng.integers(0, len(tracks), todo)
    region_of = rng.integers(0, len(regions), todo)
    started = now.timestamp() - rng.integers(3600, 3600 * 24 * 365, todo)
    stories = io.StringIO()
    for row in range(todo):
        started_at = time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(float(started[row])))
        stories.write(
            f"{collection.pk}\t{tracks[track_of[row]].pk}\t{version.pk}\tTitel\tEen verhaal.\t"
            f"complete\tapproved\t4\t{started_at}\t{started_at}\t\t{regions[region_of[row]]}\t"
            f"\t{uuid.uuid4()}\t{uuid.uuid4()}\n"
        )
    stories.seek(0)
    with connection.cursor() as cur:
        cur.cursor.copy_expert(
            "COPY tracks_story (collection_id, track_id, questionnaire_version_id, title, text,"
            " status, moderation, step_reached, started_at, completed_at, source, region,"
            " role_type, visit_id, submission_token) FROM STDIN",
            stories,
        )
        cur.execute(
            "SELECT id FROM tracks_story WHERE collection_id = %s ORDER BY id DESC LIMIT %s",
            [collection.pk, todo],
        )
        ids = np.array(sorted(r[0] for r in cur.fetchall()))

    # A latent mood per story drives the feeling, two sliders and one multiple-choice option,
    # so the scan has real patterns to find among the noise.
    mood = rng.normal(0, 1, todo)
    answers = io.StringIO()
    for s in signifiers:
        options = [o.pk for o in s.options.all()]
        answered = rng.random(todo) < 0.85
        if s.kind in ("single", "select"):
            if s.key == "gevoel":
                idx = np.clip(((mood + rng.normal(0, 0.8, todo)) * 2 + 5).round(), 0, 9)
                picks = idx.astype(int)
            else:
                picks = rng.integers(0, len(options), todo)
            for i in np.flatnonzero(answered):
                answers.write(
                    f"{ids[i]}\t{s.pk}\tf\t{options[picks[i]]}\t\\N\t\\N\t\\N\t\\N\t\\N\n"
                )
        elif s.kind == "multiple":
            for i in np.flatnonzero(answered):
                k = int(rng.integers(1, (s.max_choices or 1) + 1))
                chosen = set(rng.choice(len(options), size=k, replace=False).tolist())
                if s.key == "invloed" and mood[i] > 0.5:
                    chosen.add(2)
                for j in chosen:
                    answers.write(f"{ids[i]}\t{s.pk}\tf\t{options[j]}\t\\N\t\\N\t\\N\t\\N\t\\N\n")
        elif s.kind == "slider":
            na = rng.random(todo) < 0.05
            values = (
                np.clip(
                    50 + 20 * mood * (1 if s.key != "gevolgen" else -1) + rng.normal(0, 20, todo),
                    0,
                    100,
                )
                .round()
                .astype(int)
            )
            for i in np.flatnonzero(answered):
                if na[i]:
                    answers.write(f"{ids[i]}\t{s.pk}\tt\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n")
                else:
                    answers.write(f"{ids[i]}\t{s.pk}\tf\t\\N\t{values[i]}\t\\N\t\\N\t\\N\t\\N\n")
        elif s.kind == "text":
            for i in np.flatnonzero(answered & (rng.random(todo) < 0.3)):
                answers.write(f"{ids[i]}\t{s.pk}\tf\t\\N\t\\N\t\\N\t\\N\t\\N\tAdvies.\n")
    answers.seek(0)
    with connection.cursor() as cur:
        cur.cursor.copy_expert(
            "COPY tracks_answer (story_id, signifier_id, is_na, option_id, slider,"
            " triad_a, triad_b, triad_c, text) FROM STDIN",
            answers,
        )
    with connection.cursor() as cur:
        # As autovacuum would: statistics for the planner, a visibility map for index scans.
        cur.execute("VACUUM ANALYZE tracks_story")
        cur.execute("VACUUM ANALYZE tracks_answer")


def timed(label: str, fn, repeat: int = 3):  # noqa: ANN001, ANN201
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    print(f"{label:<58} {best:8.3f} s")
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--seeder", choices=["demo", "own"], default="demo")
    args = parser.parse_args()
    setup_django(args.seeder)
    started = time.perf_counter()
    if args.seeder == "demo":
        seed_demo(args.stories)
    else:
        seed(args.stories)
    print(f"seeded/checked in {time.perf_counter() - started:.1f} s")

    from django.db import connection

    from analysis.matrix import coded_stories
    from analysis.params import AnalysisParams
    from analysis.services import analysis_compute
    from tracks.filters import StoryFilter, stories_filtered

    flt = StoryFilter(collection="passend-onderwijs")
    params = AnalysisParams()
    n = stories_filtered(flt).count()
    inner, inner_params = stories_filtered(flt).values("id").query.sql_with_params()

    def count_answers() -> int:
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT count(*) FROM tracks_answer WHERE story_id IN ({inner})",  # noqa: S608
                inner_params,
            )
            return int(cur.fetchone()[0])

    def one_pair_group_by() -> list:
        with connection.cursor() as cur:
            sql = (
                "SELECT a.option_id, b.option_id, count(*) FROM tracks_answer a"
                " JOIN tracks_answer b ON a.story_id = b.story_id"
                " JOIN signifiers_signifier sa ON sa.id = a.signifier_id"
                " JOIN signifiers_signifier sb ON sb.id = b.signifier_id"
                " WHERE sa.key = 'gevoel' AND sb.key = 'aspect' AND a.story_id IN (%s)"
                " GROUP BY 1, 2"
            ).replace("%s", inner, 1)  # the Django-compiled subquery, its params bound below
            cur.execute(sql, inner_params)
            return cur.fetchall()

    print(f"seeder: {args.seeder}; stories in the filter set: {n}")
    base_count, rows = timed("baseline: COUNT(*) of the set's answer rows", count_answers)
    print(f"  answer rows: {rows}")
    base_pair, _ = timed("baseline: one SQL GROUP BY crosstab (one pair)", one_pair_group_by)
    from analysis.questions import question_set
    from tracks.models import Collection

    signifier_ids = list(
        question_set(Collection.objects.get(slug="passend-onderwijs")).signifier_index
    )
    fetch, _ = timed(
        "fetch: coded answers of the set (COPY binary)",
        lambda: coded_stories(flt, signifier_ids),
    )
    total, analysis = timed(
        "analysis: fetch + distributions + all pairs + BH",
        lambda: analysis_compute(flt=flt, params=params),
    )
    pairs = len(analysis.scan.results)
    print(f"  pairs: {pairs}, surviving BH: {len(analysis.scan.ranked)}")
    print(f"  per-pair SQL would take ≈ {base_pair * pairs:.1f} s ({pairs} × one GROUP BY)")
    print(
        f"RESULT all pairs over {n} stories: {total:.2f} s "
        f"(target < 5 s); {total / base_count:.1f}× one COUNT(*), "
        f"{total / fetch:.2f}× the fetch alone, "
        f"{base_pair * pairs / total:.0f}× faster than per-pair SQL"
    )


if __name__ == "__main__":
    main()
