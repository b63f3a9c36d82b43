"""Where a teller flow's CPU goes, in one process (`make bench-profile`).

Starts a private PostgreSQL and Redis, prepares the database, then tells N stories by calling
the WSGI application the way a gunicorn worker does (one WSGIHandler, raw environ dicts, the
body as a stream), with DJANGO_DEBUG=0. Prints the CPU time of each request kind, and with
--cprofile or --html where it goes. HTTP parsing and the socket are gunicorn's part and are
not in these figures; `make bench` measures them.

    python -m bench.profile_flow --stories 200 [--cprofile] [--html profile.html] [--queries]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, cast
from urllib.parse import urlencode

from bench.stack import Stack

if TYPE_CHECKING:
    import cProfile

    from pyinstrument import Profiler

CSRF_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN_RE = re.compile(rb'name="token" value="([0-9a-f-]{36})"')


class Browser:
    """A cookie jar and WSGI calls; response cookies are kept as a browser keeps them."""

    def __init__(self, application: Callable, port: int = 80):
        self.application = application
        self.port = str(port)
        self.cookies: dict[str, str] = {}

    def call(self, method: str, path: str, form: dict | None = None) -> tuple[int, dict, bytes]:
        body = urlencode(form, doseq=True).encode() if form is not None else b""
        environ = {
            "REQUEST_METHOD": method,
            "SCRIPT_NAME": "",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": self.port,
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
            environ["CONTENT_LENGTH"] = str(len(body))
        seen: dict[str, object] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info=None):
            seen["status"], seen["headers"] = int(status.split(" ", 1)[0]), headers

        chunks = self.application(environ, start_response)
        try:
            payload = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        headers: dict[str, str] = {}
        for key, value in seen["headers"]:  # type: ignore[attr-defined]
            if key.lower() == "set-cookie":
                name, _, rest = value.split(";", 1)[0].partition("=")
                self.cookies[name] = rest
            headers[key.lower()] = value
        return seen["status"], headers, payload  # type: ignore[return-value]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--html", help="write pyinstrument's HTML report here")
    parser.add_argument("--queries", action="store_true", help="print the queries of one flow")
    parser.add_argument("--cprofile", action="store_true", help="cProfile, by own time")
    parser.add_argument("--only", help='with --cprofile, profile one request kind ("POST 2")')
    args = parser.parse_args(argv)

    stack = Stack()
    with stack:
        # Not started: only the database and the environment are wanted.
        for name in list(stack.processes):
            stack.stop_process(name)
        os.environ.update(stack.env())
        import django
        from django.core.handlers.wsgi import WSGIHandler

        django.setup()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from signifiers.selectors import latest_published_version, step_count
        from tests.teller import PASSEND_EXPERIENCE, PASSEND_LAST, STORY, passend_about_you
        from tracks.models import Collection

        application = WSGIHandler()
        version = latest_published_version(
            Collection.objects.get(slug="passend-onderwijs").questionnaire
        )
        assert version is not None
        last = step_count(version)
        cpu: dict[str, list[float]] = defaultdict(list)
        profiling = None  # a profiler switched on for the --only request kind

        def flow(role: str = "ouder", capture: bool = False) -> None:
            browser = Browser(application)  # a new browser per story, as in `make bench`
            base = f"/passend-onderwijs/{role}/stap/"

            def call(kind: str, method: str, path: str, form: dict | None = None) -> bytes:
                started = time.process_time()
                if capture:
                    with CaptureQueriesContext(connection) as queries:
                        status, headers, body = browser.call(method, path, form)
                    print(f"--- {kind}: {len(queries)} queries")
                    for query in queries:
                        print("   ", query["sql"][:160])
                elif profiling and args.only == kind:
                    profiling.enable()
                    status, headers, body = browser.call(method, path, form)
                    profiling.disable()
                else:
                    status, headers, body = browser.call(method, path, form)
                cpu[kind].append(time.process_time() - started)
                assert status == (302 if method == "POST" else 200), (kind, status)
                return body

            page = call("GET 1", "GET", base + "1/")
            form = {
                "csrfmiddlewaretoken": CSRF_RE.search(page).group(1).decode(),  # type: ignore[union-attr]
                "token": TOKEN_RE.search(page).group(1).decode(),  # type: ignore[union-attr]
                "title": "Eindelijk hulp",
                "text": f"{STORY} ({uuid.uuid4().hex[:8]})",
            }
            call("POST 1", "POST", base + "1/", form)
            data = PASSEND_EXPERIENCE | passend_about_you(role) | PASSEND_LAST
            for number in range(2, last + 1):
                url = f"{base}{number}/"
                page = call(f"GET {number}", "GET", url)
                token = CSRF_RE.search(page).group(1).decode()  # type: ignore[union-attr]
                call(f"POST {number}", "POST", url, {"csrfmiddlewaretoken": token, **data})
            call("GET bedankt", "GET", f"/passend-onderwijs/{role}/bedankt/")

        for _ in range(5):  # warm caches and connections
            flow()
        if args.queries:
            flow(capture=True)
        cpu.clear()
        profiler: cProfile.Profile | Profiler | None = None
        if args.cprofile:
            import cProfile

            profiler = cProfile.Profile(time.process_time)
            if args.only:
                profiling = profiler
            else:
                profiler.enable()
        elif args.html:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
        started = time.process_time()
        for _ in range(args.stories):
            flow()
        elapsed = time.process_time() - started
        if args.cprofile:
            import pstats

            profiler.disable()  # type: ignore[union-attr]
            stats = pstats.Stats(cast("cProfile.Profile", profiler))
            stats.sort_stats("tottime").print_stats(40)
            stats.sort_stats("cumulative").print_stats(80)
        elif args.html:
            profiler.stop()  # type: ignore[union-attr]
            with open(args.html, "w") as handle:
                handle.write(profiler.output_html())  # type: ignore[union-attr]
            print(profiler.output_text(color=False, show_all=False))  # type: ignore[union-attr]
        # The baseline, measured in the same process and run: the bare view (one INSERT).
        bare = Browser(application)
        bare_started = time.process_time()
        for _ in range(args.stories * 9):
            assert bare.call("GET", "/bench/bare-insert")[0] == 200
        bare_ms = (time.process_time() - bare_started) / (args.stories * 9) * 1000
        total = 0.0
        print(f"{args.stories} stories, CPU of this process per request (ms):")
        for kind, values in cpu.items():
            mean = sum(values) / len(values) * 1000
            total += mean
            print(f"  {kind:12} {mean:6.2f}")
        with_loop = elapsed / args.stories * 1000
        print(f"  {'per story':12} {total:6.2f}  ({with_loop:.2f} with the loop)")
        print(f"  {'bare view':12} {bare_ms:6.2f}  (one INSERT; 9 of them: {9 * bare_ms:.2f})")
        if profiler is None:  # a profiler slows the flow, not the baseline after it
            print(f"  teller request / bare view, by CPU: {9 * bare_ms / total:.3f}")
        connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
