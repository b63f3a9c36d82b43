"""Print the README's "Latest figures" table from bench/results/*.json.

python -m bench.figures
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def rows(latest: dict, soak: dict | None) -> list[tuple[str, str, str]]:
    flow = latest["teller_flow"]
    bare = latest.get("bare_view", {})
    cpu = latest.get("cpu_ms_per_story", {})
    estimate = latest.get("idle_box_estimate_stories_per_s", {})
    make = "make bench"
    rounds = latest.get("rounds", [])
    out = [
        ("complete stories/s (target ≥ 100)", f"{flow['stories_per_s']}", make),
        (
            f"each of the {len(rounds)} rounds: stories/s (teller/bare ratio)",
            ", ".join(f"{r['stories_per_s']} ({r['ratio_teller_request_to_bare']})" for r in rounds)
            or "-",
            make,
        ),
        ("teller requests/s", f"{flow['requests_per_s']}", make),
        (
            "latency p50 / p95 / p99 (target p95 < 150 ms)",
            f"{flow['p50_ms']} / {flow['p95_ms']} / {flow['p99_ms']} ms",
            make,
        ),
        ("errors (all rounds)", f"{latest.get('errors_all_rounds', flow['errors'])}", make),
        ("bare view (1 INSERT) requests/s", f"{bare.get('requests_per_s', '-')}", make),
        (
            "stories/s if every request of a story were the bare view (the stack's ceiling)",
            f"{latest.get('bare_view_stories_per_s', '-')}",
            make,
        ),
        ("pgbench, same INSERT, transactions/s", f"{latest.get('pgbench_tps', '-')}", make),
        (
            "teller request rate / bare view rate (target ≥ 0.5)",
            f"{latest.get('ratio_teller_request_to_bare', '-')}",
            make,
        ),
        (
            "same ratio by server CPU per request (load-independent)",
            f"{latest.get('ratio_teller_request_to_bare_by_cpu', '-')}",
            make,
        ),
        (
            "teller request rate / pgbench rate",
            f"{latest.get('ratio_teller_request_to_pgbench', '-')}",
            make,
        ),
        (
            "CPU per story: gunicorn / PostgreSQL / generator",
            f"{cpu.get('web')} / {cpu.get('postgres')} / {cpu.get('generator')} ms",
            make,
        ),
        (
            "stories/s an idle 2-core box would sustain (cores ÷ CPU per story)",
            f"{estimate.get('with_generator')}",
            make,
        ),
        (
            "acknowledged stories stored exactly once",
            f"{latest['stored']['exactly_once']} ({latest['stored']['acknowledged']} stories)",
            make,
        ),
    ]
    if soak:
        sflow = soak["teller_flow"]
        out.append(
            (
                "200 tellers × 60 s: acknowledged stored exactly once",
                f"{soak['stored']['exactly_once']} ({soak['stored']['acknowledged']} stories, "
                f"{sflow['errors']} errors, p95 {sflow['p95_ms']} ms)",
                "make bench-soak",
            )
        )
    return out


def main() -> int:
    latest = json.loads((RESULTS / "latest.json").read_text())
    soak_path = RESULTS / "soak.json"
    soak = json.loads(soak_path.read_text()) if soak_path.exists() else None
    before = latest["load_before"].split()[0][:4]
    during = latest["load_during_flow"].split()[0][:4]
    print(
        f"Measured {latest['when']} on {latest['machine']}; "
        f"load average before {before}, during {during}."
    )
    print()
    print("| figure | value | command |")
    print("|---|---|---|")
    for name, value, command in rows(latest, soak):
        print(f"| {name} | {value} | `{command}` |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
