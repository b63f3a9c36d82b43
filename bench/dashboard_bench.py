"""Dashboard query time at many stories. One command:

    python bench/dashboard_bench.py --stories 1000000

Creates its own database (vertelpunt_bench_dash by default; dropped and created again),
migrates it, loads the default questionnaire, seeds N demo stories with
`tracks.demo.demo_stories_create` (the COPY-based seeder behind `make_demo_stories`), runs
VACUUM ANALYZE, and then times, warm and repeated:

- baseline   `SELECT count(*) FROM tracks_story WHERE status = 'complete'`: PostgreSQL counting
             the same stories once, the floor any live count would stand on;
- dashboard  what one dashboard page reads: the four breakdowns for the busiest region and
             for the whole country (dashboards.selectors.dashboard_counts, twice);
- page       the whole dashboard page for a coordinator of that region, through Django's
             test client (queries, suppression, SVG, template);
- live       the same eight breakdowns counted from tracks_story with GROUP BY (fewer runs):
             what the running counts replace.

It also checks that the running counts equal a fresh count of the stories. Target: the
dashboard under 50 ms. The server is the one in --server (PostgreSQL, trust or password in
the URL); nothing else on it is touched.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50, help="timed runs per measurement")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="vertelpunt_bench_dash")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database if it already has the stories"
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    url = f"{args.server.rstrip('/')}/{args.database}"
    fresh = not (args.reuse and _has_stories(args.server, args.database, args.stories))
    if fresh:
        _recreate_database(args.server, args.database)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vertelpunt.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if fresh:
        _prepare(args.stories, args.seed)
    return _measure(args.runs)


# --- Setting up ---------------------------------------------------------------------------


def _admin_connection(server: str):  # type: ignore[no-untyped-def]
    import psycopg2

    connection = psycopg2.connect(f"{server.rstrip('/')}/postgres")
    connection.autocommit = True
    return connection


def _has_stories(server: str, database: str, stories: int) -> bool:
    import psycopg2

    try:
        connection = psycopg2.connect(f"{server.rstrip('/')}/{database}")
    except psycopg2.OperationalError:
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM tracks_story")
            return bool(cursor.fetchone()[0] == stories)
    except psycopg2.Error:
        return False
    finally:
        connection.close()


def _recreate_database(server: str, database: str) -> None:
    from psycopg2 import sql

    connection = _admin_connection(server)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    finally:
        connection.close()


def _prepare(stories: int, seed: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    step = _step("migrate")
    call_command("migrate", verbosity=0)
    call_command("load_questionnaires", verbosity=0)
    step()
    try:
        from tracks.demo import demo_stories_create
    except ImportError:
        sys.exit(
            "tracks.demo.demo_stories_create is missing: the benchmark seeds its stories with "
            "the demo seeder."
        )
    logging.getLogger("tracks.demo").setLevel(logging.WARNING)  # one line per batch otherwise
    step = _step(f"seed {stories:,} demo stories")
    demo_stories_create(count=stories, seed=seed)
    step()
    step = _step("VACUUM")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE tracks_story")
        # The seeder's 200 batches each update nearly every running count, leaving ~200 dead
        # versions per row; live, one completion updates one row and autovacuum keeps up. So
        # compact the counts to their steady state (a few thousand rows, instantly).
        cursor.execute("VACUUM FULL ANALYZE dashboards_storycount")
    step()


def _step(name: str) -> Callable[[], None]:
    print(f"{name} …", end=" ", flush=True)
    start = time.perf_counter()
    return lambda: print(f"{time.perf_counter() - start:.1f} s", flush=True)


# --- Measuring ----------------------------------------------------------------------------


def _measure(runs: int) -> int:
    from django.db import connection
    from django.db.models import Count, Sum
    from django.db.models.functions import TruncWeek

    from dashboards.models import StoryCount
    from dashboards.selectors import dashboard_counts, dashboard_filter
    from dashboards.services import story_counts_recount
    from tracks.filters import stories_filtered
    from tracks.models import Collection, Story

    collection = Collection.objects.order_by("slug").first()
    if collection is None:
        sys.exit("no collection: was the questionnaire loaded?")
    busiest = (
        StoryCount.objects.filter(collection=collection, dimension=StoryCount.Dimension.TRACK)
        .exclude(region="")
        .values("region")
        .annotate(n=Sum("stories"))
        .order_by("-n")
        .first()
    )
    region = busiest["region"] if busiest else ""
    stories = Story.objects.count()
    complete = Story.objects.filter(status=Story.Status.COMPLETE).count()
    region_n = busiest["n"] if busiest else 0
    print(
        f"\n{stories:,} stories, {complete:,} complete; busiest region {region!r}: "
        f"{region_n:,} complete; {StoryCount.objects.count():,} running-count rows"
    )

    def baseline() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM tracks_story WHERE status = 'complete'")
            cursor.fetchone()

    def dashboard() -> None:
        dashboard_counts(collection, region)
        dashboard_counts(collection)

    def live() -> None:
        for scope in (region, ""):
            qs = stories_filtered(dashboard_filter(collection, scope)).order_by()
            list(qs.values_list("track_id").annotate(n=Count("*")))
            list(qs.annotate(w=TruncWeek("started_at")).values_list("w").annotate(n=Count("*")))
            list(qs.values_list("source").annotate(n=Count("*")))
            list(qs.values_list("role_type").annotate(n=Count("*")))

    page = _page_view(region)
    results = {
        "baseline": _time(baseline, runs),
        "dashboard": _time(dashboard, runs),
        "page": _time(page, runs),
        "live": _time(live, max(3, runs // 10)),
    }
    base = statistics.median(results["baseline"])
    print(f"\n{'measurement':<11} {'median ms':>10} {'p95 ms':>8} {'÷ baseline':>11} {'runs':>5}")
    for name, times in results.items():
        median = statistics.median(times)
        print(
            f"{name:<11} {median:>10.2f} {_p95(times):>8.2f} {median / base:>11.3f} {len(times):>5}"
        )
    agree = story_counts_recount(check_only=True).differences == 0
    median = statistics.median(results["dashboard"])
    print(f"\nrunning counts equal a fresh count of the stories: {'yes' if agree else 'NO'}")
    verdict = "meets" if median < TARGET_MS else "MISSES"
    print(f"dashboard median {median:.2f} ms {verdict} the {TARGET_MS:.0f} ms target")
    return 0 if agree and median < TARGET_MS else 1


def _page_view(region: str) -> Callable[[], None]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from access.models import Group as Roles
    from access.models import RegionAssignment
    from access.roles import roles_ensure

    roles_ensure()
    user, _created = get_user_model().objects.get_or_create(username="bench-coordinator")
    user.groups.add(Group.objects.get(name=Roles.COORDINATOR))
    RegionAssignment.objects.get_or_create(user=user, region=region)
    client = Client()
    client.force_login(user)

    def page() -> None:
        response = client.get("/staf/dashboard/", HTTP_HOST="localhost")
        if response.status_code != 200:
            raise RuntimeError(f"dashboard page answered {response.status_code}")

    return page


def _time(fn: Callable[[], None], runs: int) -> list[float]:
    for _warm in range(3):
        fn()
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


if __name__ == "__main__":
    sys.exit(main())
