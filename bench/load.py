"""`make bench`: complete teller flows under load, against the ceiling of the same stack.

    python -m bench.load                       # private PostgreSQL + Redis, 3 gunicorn workers
    python -m bench.load --tellers 200 --duration 60 --soak   # soak: each acknowledged story once

In one run it measures, on loopback only and bounded in time and count:
  1. the bare view (one INSERT, same gunicorn/Django/PostgreSQL) in requests/s,
  2. pgbench's rate for the same single-row INSERT on the same server (once),
  3. complete teller flows (GET + POST of steps 1-4 with CSRF, then the thank-you page):
     stories/s, requests/s, p50/p95/p99 latency, errors, per-step latencies,
1 and 3 in `--rounds` rounds (3 by default; the round with the median stories/s is
reported, every round's figures too), and then checks that every acknowledged story is
stored exactly once and complete. Within a round the bare view and the teller flows take
turns in `--slices` slices (5 by default: 2 s and 4 s each), so that both are measured
over the same half minute of a machine whose speed drifts.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import signal
import sys
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from bench.client import Stats, percentile, run_path, run_tellers
from bench.stack import Stack

T = TypeVar("T")
RESULTS = Path(__file__).resolve().parent / "results"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def summary(stats: Stats) -> dict[str, object]:
    values = stats.all_latencies()
    return {
        "requests": stats.requests,
        "requests_per_s": round(stats.requests / stats.elapsed, 1),
        "p50_ms": round(percentile(values, 50) * 1000, 1),
        "p95_ms": round(percentile(values, 95) * 1000, 1),
        "p99_ms": round(percentile(values, 99) * 1000, 1),
        "max_ms": round(max(values, default=0) * 1000, 1),
        "errors": stats.error_count(),
        "seconds": round(stats.elapsed, 1),
    }


def verify(stack: Stack, tokens: list[str], before: int = 0) -> dict[str, object]:
    """Every acknowledged story stored exactly once, complete; no story completed unseen."""
    rows = stack.query(
        "SELECT submission_token::text, status, COUNT(*) FROM tracks_story "
        "WHERE submission_token::text = ANY(%s) GROUP BY 1, 2",
        [tokens],
    )
    found = {token: (status, count) for token, status, count in rows}
    missing = [t for t in tokens if t not in found]
    not_complete = [t for t, (status, _) in found.items() if status != "complete"]
    duplicated = [t for t, (_, count) in found.items() if count != 1]
    (total,) = stack.query("SELECT COUNT(*) FROM tracks_story WHERE status = 'complete'")[0]
    complete = int(total) - before  # stories completed before this run (warm-up) aside
    return {
        "acknowledged": len(tokens),
        "acknowledged_distinct": len(set(tokens)),
        "stored_complete": complete,
        "missing": len(missing),
        "not_complete": len(not_complete),
        "duplicated": len(duplicated),
        "exactly_once": not missing
        and not not_complete
        and not duplicated
        and complete == len(tokens) == len(set(tokens)),
    }


def cpu_seconds(stack: Stack) -> dict[str, float]:
    """CPU time (user + system) used so far by gunicorn, PostgreSQL and this generator.

    Wall-clock rates depend on what else the machine runs; CPU per story does much less, and
    gives the capacity of an idle box: cores / CPU-seconds per story.
    """
    import psutil

    def tree(pid: int) -> float:
        # A process that ends between two readings (an autovacuum worker, a backend whose
        # connection closed) leaves the tree; its time moves to its parent's children_* once
        # the parent has reaped it, so counting those keeps the sum from going down.
        try:
            root = psutil.Process(pid)
            total = 0.0
            for process in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    times = process.cpu_times()
                    total += times.user + times.system + times.children_user
                    total += times.children_system
            return total
        except psutil.Error:
            return 0.0

    own = os.times()
    postgres = stack.postgres.process.pid if stack.postgres and stack.postgres.process else 0
    return {
        "web": tree(stack.processes["web"].pid),
        "postgres": tree(postgres) if postgres else float("nan"),
        "generator": own.user + own.system,
    }


def load_average() -> str:
    try:
        return " ".join(os.getloadavg().__repr__().strip("()").split(", "))
    except OSError:
        return "?"


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run the load generator's event loop: uvloop's when installed (make venv installs it),
    which spends about two thirds of asyncio's CPU per request on the same 2 cores the server
    uses; asyncio's otherwise."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def _exit_on_term(signum: int, frame: object) -> None:
    # SIGTERM (timeout, CI) unwinds like Ctrl-C, so the stack's servers are stopped.
    raise SystemExit(128 + signum)


def measure_into(
    stack: Stack, load: Coroutine[Any, Any, Stats], stats: Stats, cpu: dict[str, float]
) -> None:
    """Run one load; add its figures to `stats` and the CPU seconds each part of the stack
    spent on it to `cpu`."""
    before = cpu_seconds(stack)
    stats.merge(run(load))
    after = cpu_seconds(stack)
    for part, seconds in after.items():
        cpu[part] = cpu.get(part, 0.0) + seconds - before[part]


def measure_round(stack: Stack, args: argparse.Namespace) -> tuple[Stats, dict[str, Any]]:
    """One round: the bare view (the ceiling: one INSERT on the same gunicorn/Django/
    PostgreSQL) and the teller flows, alternating in `--slices` slices and each summed over
    its slices, so that the ratio compares the two over the same stretch of time."""
    slices = 1 if args.soak else max(args.slices, 1)
    bare, flow = Stats(), Stats()
    bare_cpu: dict[str, float] = {}
    flow_cpu: dict[str, float] = {}
    for _ in range(slices):
        if not args.soak:
            bare_load = run_path(
                stack.port,
                "/bench/bare-insert",
                concurrency=args.bare_clients,
                duration=args.bare_duration / slices,
                max_requests=200_000,
            )
            measure_into(stack, bare_load, bare, bare_cpu)
        flow_load = run_tellers(
            stack.port,
            concurrency=args.tellers,
            duration=args.duration / slices,
            max_stories=math.ceil(args.max_stories / slices),
            timeout=args.timeout,
        )
        measure_into(stack, flow_load, flow, flow_cpu)
    figures = flow_figures(flow, flow_cpu) | {"load_during_flow": load_average()}
    if not args.soak:
        figures["bare_view"] = summary(bare) | {
            "server_cpu_ms_per_request": round(
                (bare_cpu["web"] + bare_cpu["postgres"]) * 1000 / max(bare.requests, 1), 2
            )
        }
        figures |= compare(
            figures["teller_flow"], figures["bare_view"], figures["cpu_ms_per_story"]
        )
    return flow, figures


def flow_figures(stats: Stats, cpu_seconds_spent: dict[str, float]) -> dict[str, Any]:
    """The teller flows' figures, with the CPU each part of the stack spent per story."""
    n_stories = max(len(stats.acknowledged), 1)
    cpu_ms = {
        part: round(seconds * 1000 / n_stories, 1) for part, seconds in cpu_seconds_spent.items()
    }
    server_ms = cpu_ms["web"] + cpu_ms["postgres"]
    cores = os.cpu_count() or 1
    flow = summary(stats)
    flow |= {
        "stories": len(stats.acknowledged),
        "stories_per_s": round(len(stats.acknowledged) / stats.elapsed, 1),
        "abandoned": stats.abandoned,
        "error_kinds": dict(stats.errors),
        "per_request": {
            kind: {
                "n": len(values),
                "p50_ms": round(percentile(sorted(values), 50) * 1000, 1),
                "p95_ms": round(percentile(sorted(values), 95) * 1000, 1),
            }
            for kind, values in sorted(stats.latencies.items())
        },
    }
    return {
        "teller_flow": flow,
        "cpu_ms_per_story": cpu_ms,
        "cpu_ms_per_request": {
            part: round(value * n_stories / max(stats.requests, 1), 2)
            for part, value in cpu_ms.items()
        },
        "idle_box_estimate_stories_per_s": {
            "server_only": round(cores * 1000 / server_ms, 1) if server_ms else None,
            "with_generator": round(cores * 1000 / (server_ms + cpu_ms["generator"]), 1)
            if server_ms
            else None,
        },
    }


def compare(flow: dict[str, Any], bare: dict[str, Any], cpu_ms: dict[str, float]) -> dict:
    """The teller flow against the bare view measured in the same round."""
    teller_rate = flow["requests_per_s"]
    requests_per_story = flow["requests"] / max(flow["stories"], 1)
    teller_server_ms = (cpu_ms["web"] + cpu_ms["postgres"]) / requests_per_story
    return {
        "ratio_teller_request_to_bare": round(teller_rate / bare["requests_per_s"], 3),
        # The rate ratio an idle box would show: server CPU per bare request over server CPU
        # per teller request (both CPU-bound on loopback).
        "ratio_teller_request_to_bare_by_cpu": round(
            bare["server_cpu_ms_per_request"] / teller_server_ms, 3
        ),
        # The ceiling of this stack on the machine it runs on, in stories: a flow whose every
        # request cost no more than the bare view's would reach this many stories/s.
        "bare_view_stories_per_s": round(bare["requests_per_s"] / requests_per_story, 1),
    }


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _exit_on_term)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--web-workers", type=int, default=3, help="gunicorn workers (2-4)")
    parser.add_argument("--tellers", type=int, default=8, help="concurrent virtual tellers")
    parser.add_argument("--duration", type=float, default=20, help="seconds of teller load")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of bare view and teller flows; the median round is reported",
    )
    parser.add_argument(
        "--slices",
        type=int,
        default=5,
        help="each round alternates bare view and teller flows in this many slices",
    )
    parser.add_argument("--max-stories", type=int, default=20000, help="per round")
    parser.add_argument("--bare-duration", type=float, default=10)
    parser.add_argument("--bare-clients", type=int, default=8)
    parser.add_argument("--pgbench-seconds", type=int, default=10)
    parser.add_argument("--warmup", type=float, default=3, help="seconds of untimed flows")
    parser.add_argument("--worker", action="store_true", help="also run a Celery worker")
    parser.add_argument(
        "--soak", action="store_true", help="tellers only (no bare view, no pgbench), one round"
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="per-request timeout (s)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    rounds = 1 if args.soak else max(args.rounds, 1)

    print(f"load average before: {load_average()} ({os.cpu_count()} cores)", flush=True)
    # Private servers unless BENCH_DATABASE_URL / BENCH_REDIS_URL name others (never the
    # product's DATABASE_URL: the harness writes thousands of rows).
    stack = Stack(
        database_url=os.environ.get("BENCH_DATABASE_URL"),
        redis_url=os.environ.get("BENCH_REDIS_URL"),
        web_workers=args.web_workers,
        celery_worker=args.worker,
    )
    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load_before": load_average(),
        "args": vars(args) | {"json": str(args.json) if args.json else None},
    }
    acknowledged: list[str] = []
    rounds_figures: list[dict[str, Any]] = []
    with stack:
        print(f"gunicorn with {args.web_workers} workers on 127.0.0.1:{stack.port}", flush=True)
        if args.warmup:
            # A few tellers only, with time to finish: a warm-up story completed after
            # its teller gave up would count against this run's exactly-once check.
            run(
                run_tellers(
                    stack.port,
                    concurrency=min(args.tellers, 2 * args.web_workers),
                    duration=args.warmup,
                    max_stories=2000,
                    timeout=120,
                )
            )
        completed = "SELECT COUNT(*) FROM tracks_story WHERE status = 'complete'"
        before = int(stack.query(completed)[0][0])
        # A shared machine's speed drifts within minutes (the bare view's rate by up to 80%
        # within an hour): each round's ratio compares slices taken turn about.
        for number in range(1, rounds + 1):
            stats, figures = measure_round(stack, args)
            acknowledged += stats.acknowledged
            rounds_figures.append(figures)
            if "bare_view" in figures:
                print(f"round {number}: bare view {figures['bare_view']}", flush=True)
            if number == 1 and not args.soak:
                pgbench_rate = stack.pgbench(
                    clients=args.bare_clients, seconds=args.pgbench_seconds
                )
                results["pgbench_tps"] = round(pgbench_rate, 1)
                print(f"pgbench (same INSERT): {pgbench_rate:.0f} tps", flush=True)
            flow = figures["teller_flow"]
            print(
                f"round {number}: {flow['stories_per_s']} stories/s, "
                f"ratio to bare {figures.get('ratio_teller_request_to_bare', '-')}, "
                f"p95 {flow['p95_ms']} ms, {flow['errors']} errors",
                flush=True,
            )
        check = verify(stack, acknowledged, before)

    # The round with the median stories/s is the one reported; the others give the spread.
    ordered = sorted(rounds_figures, key=lambda r: r["teller_flow"]["stories_per_s"])
    results |= ordered[(len(ordered) - 1) // 2]
    results["stored"] = check
    results["errors_all_rounds"] = sum(r["teller_flow"]["errors"] for r in rounds_figures)
    results["rounds"] = [
        {
            "stories_per_s": r["teller_flow"]["stories_per_s"],
            "p95_ms": r["teller_flow"]["p95_ms"],
            "bare_view_requests_per_s": r.get("bare_view", {}).get("requests_per_s"),
            "ratio_teller_request_to_bare": r.get("ratio_teller_request_to_bare"),
            "ratio_teller_request_to_bare_by_cpu": r.get("ratio_teller_request_to_bare_by_cpu"),
        }
        for r in rounds_figures
    ]
    teller_rate = results["teller_flow"]["requests_per_s"]
    if results.get("pgbench_tps"):
        results["ratio_teller_request_to_pgbench"] = round(teller_rate / results["pgbench_tps"], 3)
        results["ratio_bare_to_pgbench"] = round(
            results["bare_view"]["requests_per_s"] / results["pgbench_tps"], 3
        )
    report(results, args)
    RESULTS.mkdir(exist_ok=True)
    out = args.json or RESULTS / ("soak.json" if args.soak else "latest.json")
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"figures written to {out}")
    return 0 if check["exactly_once"] and results["errors_all_rounds"] == 0 else 1


def report(results: dict[str, Any], args: argparse.Namespace) -> None:
    flow = results["teller_flow"]
    rounds = results["rounds"]
    print()
    print(
        f"teller flow: {args.tellers} tellers, {flow['seconds']} s, {args.web_workers} workers"
        + (f"; the median of {len(rounds)} rounds" if len(rounds) > 1 else "")
    )
    print(f"  stories/s        {flow['stories_per_s']}  ({flow['stories']} acknowledged)")
    print(f"  requests/s       {flow['requests_per_s']}")
    print(f"  latency p50/p95/p99  {flow['p50_ms']} / {flow['p95_ms']} / {flow['p99_ms']} ms")
    print(f"  errors           {flow['errors']} {flow['error_kinds'] or ''}")
    for kind, figures in flow["per_request"].items():
        print(
            f"    {kind:12} n={figures['n']:6}"
            f"  p50 {figures['p50_ms']} ms  p95 {figures['p95_ms']} ms"
        )
    if "bare_view" in results:
        print(f"  bare view (1 INSERT) requests/s        {results['bare_view']['requests_per_s']}")
        print(f"  teller request rate / bare view rate   {results['ratio_teller_request_to_bare']}")
        print(
            "  stories/s if every request were the bare view  "
            f"{results['bare_view_stories_per_s']} (the stack's ceiling where it ran)"
        )
        print(
            "  teller request / bare view, by server CPU per request  "
            f"{results['ratio_teller_request_to_bare_by_cpu']}"
        )
    if "ratio_teller_request_to_pgbench" in results:
        print(
            f"  teller request rate / pgbench rate     {results['ratio_teller_request_to_pgbench']}"
        )
        print(f"  bare view rate / pgbench rate          {results['ratio_bare_to_pgbench']}")
    print(f"  CPU per story (ms): {results['cpu_ms_per_story']}")
    print(f"  CPU per request (ms): {results['cpu_ms_per_request']}")
    print(
        "  stories/s an idle box of this size would sustain (cores / CPU per story): "
        f"{results['idle_box_estimate_stories_per_s']}"
    )
    if len(rounds) > 1:
        print("  every round (stories/s, ratio to bare, p95):")
        for number, figures in enumerate(rounds, start=1):
            print(
                f"    {number}: {figures['stories_per_s']}, "
                f"{figures['ratio_teller_request_to_bare']}, {figures['p95_ms']} ms"
            )
    print(f"  stored: {results['stored']}  (errors in all rounds: {results['errors_all_rounds']})")
    print(f"load average during: {results['load_during_flow']}")


if __name__ == "__main__":
    sys.exit(main())
