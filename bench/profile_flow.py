"""Profile complete teller flows in one process with pyinstrument (`make bench-profile`).

Starts a private PostgreSQL and Redis, prepares the database, then tells N stories through
Django's test client with DJANGO_DEBUG=0 and prints where the time goes, per step too.

    python -m bench.profile_flow --stories 50 [--html profile.html]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import defaultdict

from bench.stack import Stack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=50)
    parser.add_argument("--html", help="write pyinstrument's HTML report here")
    parser.add_argument("--queries", action="store_true", help="print the queries of one flow")
    parser.add_argument("--cprofile", action="store_true", help="cProfile, by cumulative time")
    args = parser.parse_args(argv)

    stack = Stack()
    with stack:
        # Not started: only the database and the environment are wanted.
        for name in list(stack.processes):
            stack.stop_process(name)
        os.environ.update(stack.env() | {"ALLOWED_HOSTS": "testserver"})
        import django

        django.setup()
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from pyinstrument import Profiler

        from tests.teller import PASSEND_STEP_2, PASSEND_STEP_4, passend_step_3

        timings: dict[str, list[float]] = defaultdict(list)

        # One client, so one request handler (and its middleware) as in a gunicorn worker;
        # a new browser per story, as in `make bench`.
        client = Client()

        def flow(role: str = "ouder", capture: bool = False) -> None:
            client.cookies.clear()
            base = f"/passend-onderwijs/{role}/stap/"

            def call(kind: str, method: str, path: str, data: dict | None = None):
                started = time.perf_counter()
                if capture:
                    with CaptureQueriesContext(connection) as queries:
                        response = getattr(client, method)(path, data)
                    print(f"--- {kind}: {len(queries)} queries")
                    for query in queries:
                        print("   ", query["sql"][:160])
                else:
                    response = getattr(client, method)(path, data)
                timings[kind].append(time.perf_counter() - started)
                return response

            page = call("GET 1", "get", base + "1/")
            token = (
                re.search(rb'name="token" value="([0-9a-f-]{36})"', page.content).group(1).decode()
            )
            call(
                "POST 1",
                "post",
                base + "1/",
                {"text": "Een ervaring van meer dan tien tekens.", "title": "t", "token": token},
            )
            for number, data in (
                (2, PASSEND_STEP_2),
                (3, passend_step_3(role)),
                (4, PASSEND_STEP_4),
            ):
                call(f"GET {number}", "get", f"{base}{number}/")
                response = call(f"POST {number}", "post", f"{base}{number}/", data)
                assert response.status_code == 302, (number, response.status_code)
            call("GET bedankt", "get", f"/passend-onderwijs/{role}/bedankt/")

        for _ in range(3):  # warm caches and connections
            flow()
        if args.queries:
            flow(capture=True)
        timings.clear()
        if args.cprofile:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.stories):
                flow()
            profile.disable()
            stats = pstats.Stats(profile)
            stats.sort_stats("cumulative").print_stats(60)
            stats.sort_stats("tottime").print_stats(30)
            connection.close()
            return 0
        profiler = Profiler(interval=0.0005)
        profiler.start()
        started = time.perf_counter()
        for _ in range(args.stories):
            flow()
        elapsed = time.perf_counter() - started
        profiler.stop()
        each = elapsed / args.stories * 1000
        print(f"{args.stories} stories in {elapsed:.2f} s: {each:.1f} ms each")
        for kind, values in timings.items():
            print(f"  {kind:12} mean {sum(values) / len(values) * 1000:.1f} ms")
        print(
            profiler.output_text(
                unicode=True, color=False, show_all=bool(os.environ.get("PROFILE_ALL"))
            )
        )
        if args.html:
            with open(args.html, "w") as handle:
                handle.write(profiler.output_html())
        connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
