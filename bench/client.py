"""A small asyncio HTTP/1.1 load generator for the teller flow, on loopback only.

Each virtual teller does what a browser does: GET a step page (taking the CSRF token and,
on step 1, the submission token from the form), POST the step with the session and CSRF
cookies, follow the redirect, and so on up to the thank-you page. A story counts as
*acknowledged* when its final POST is answered with the redirect to the thank-you page.
Every loop is bounded by a deadline and by a maximum count.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from tests.teller import PASSEND_EXPERIENCE, PASSEND_LAST, STORY, passend_about_you

HOST = "127.0.0.1"
ROLES = ("leerling", "ouder", "professional")
COLLECTION = "passend-onderwijs"
CSRF_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN_RE = re.compile(rb'name="token" value="([0-9a-f-]{36})"')
STEP_RE = re.compile(r"/stap/(\d+)/$")


class FlowBroken(Exception):
    """A response the teller cannot go on from (an error page, a wrong redirect, a timeout)."""


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)

    def cookies(self) -> dict[str, str]:
        result = {}
        for key, value in self.headers:
            if key == "set-cookie":
                pair = value.split(";", 1)[0]
                cname, _, cvalue = pair.partition("=")
                result[cname.strip()] = cvalue.strip()
        return result


@dataclass
class Stats:
    """Latencies per request kind (e.g. "GET 2", "POST 4"), statuses, and the stories."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    acknowledged: list[str] = field(default_factory=list)  # submission tokens
    abandoned: int = 0
    seconds: float = 0.0  # under load; summed when stats of several slices are merged

    def record(self, kind: str, status: int | str, latency: float) -> None:
        self.latencies[kind].append(latency)
        self.statuses[f"{kind} {status}"] += 1

    def merge(self, other: Stats) -> None:
        """Add another run's figures to these, as one run of their summed duration."""
        for kind, values in other.latencies.items():
            self.latencies[kind].extend(values)
        self.statuses.update(other.statuses)
        self.errors.update(other.errors)
        self.acknowledged.extend(other.acknowledged)
        self.abandoned += other.abandoned
        self.seconds += other.seconds

    @property
    def elapsed(self) -> float:
        return max(self.seconds, 1e-9)

    def all_latencies(self) -> list[float]:
        return sorted(x for values in self.latencies.values() for x in values)

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def error_count(self) -> int:
        return sum(self.errors.values())


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


async def http(
    port: int,
    method: str,
    path: str,
    *,
    cookies: dict[str, str] | None = None,
    form: dict[str, object] | None = None,
    timeout: float = 10.0,
) -> Response:
    """One request on a fresh connection (gunicorn's sync workers close it after each)."""
    body = urlencode(form, doseq=True).encode() if form is not None else b""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", "Connection: close"]
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if form is not None:
        lines.append("Content-Type: application/x-www-form-urlencoded")
        lines.append(f"Content-Length: {len(body)}")
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    async def exchange() -> bytes:
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            writer.write(raw)
            await writer.drain()
            return await reader.read(-1)
        finally:
            writer.close()

    data = await asyncio.wait_for(exchange(), timeout)
    head, _, payload = data.partition(b"\r\n\r\n")
    if not head:
        raise FlowBroken("empty response")
    head_lines = head.decode("latin-1").split("\r\n")
    status = int(head_lines[0].split(" ", 2)[1])
    headers = []
    for line in head_lines[1:]:
        key, _, value = line.partition(":")
        headers.append((key.strip().lower(), value.strip()))
    return Response(status, headers, payload)


class Teller:
    """One browser: a cookie jar, and the flow from step 1 to the thank-you page."""

    def __init__(self, port: int, stats: Stats, *, timeout: float, role: str | None = None):
        self.port, self.stats, self.timeout = port, stats, timeout
        self.role = role or random.choice(ROLES)
        self.cookies: dict[str, str] = {}

    def url(self, step: int | str) -> str:
        if step == "bedankt":
            return f"/{COLLECTION}/{self.role}/bedankt/"
        return f"/{COLLECTION}/{self.role}/stap/{step}/"

    async def call(
        self, kind: str, method: str, path: str, form: dict[str, object] | None = None
    ) -> Response:
        started = time.perf_counter()
        try:
            response = await http(
                self.port, method, path, cookies=self.cookies, form=form, timeout=self.timeout
            )
        except (TimeoutError, OSError, FlowBroken, ValueError, IndexError) as error:
            self.stats.record(kind, type(error).__name__, time.perf_counter() - started)
            self.stats.errors[f"{kind} {type(error).__name__}"] += 1
            raise FlowBroken(kind) from error
        self.stats.record(kind, response.status, time.perf_counter() - started)
        self.cookies.update(response.cookies())
        return response

    async def page(self, step: int) -> Response:
        response = await self.call(f"GET {step}", "GET", self.url(step))
        if response.status != 200:
            self.stats.errors[f"GET {step} {response.status}"] += 1
            raise FlowBroken(f"GET {step}")
        return response

    async def submit(self, step: int, page: Response, data: dict[str, object]) -> Response:
        match = CSRF_RE.search(page.body)
        if not match:
            self.stats.errors[f"GET {step} no-csrf"] += 1
            raise FlowBroken("no csrf token")
        form = {"csrfmiddlewaretoken": match.group(1).decode(), **data}
        response = await self.call(f"POST {step}", "POST", self.url(step), form)
        if response.status != 302:
            self.stats.errors[f"POST {step} {response.status}"] += 1
            raise FlowBroken(f"POST {step}")
        return response

    async def story(self) -> str:
        """Tell one complete story; returns its submission token once acknowledged."""
        page = await self.page(1)
        token_match = TOKEN_RE.search(page.body)
        if not token_match:
            self.stats.errors["GET 1 no-token"] += 1
            raise FlowBroken("no submission token")
        token = token_match.group(1).decode()
        text = f"{STORY} ({uuid.uuid4().hex[:8]})"
        await self.submit(1, page, {"text": text, "title": "Eindelijk hulp", "token": token})
        # Every question page takes its own questions from one set of answers, and says
        # where to go next: the next page, until the thank-you page.
        answers: dict[str, object] = {
            **PASSEND_EXPERIENCE,
            **passend_about_you(self.role),
            **PASSEND_LAST,
        }
        location, number = self.url(2), 2
        while (found := STEP_RE.search(location)) is not None:
            number = int(found.group(1))
            page = await self.page(number)
            response = await self.submit(number, page, answers)
            location = response.header("location") or ""
        if not location.endswith(self.url("bedankt")):
            self.stats.errors[f"POST {number} wrong-redirect"] += 1
            raise FlowBroken("final submit not acknowledged")
        # Acknowledged: the teller has been sent to the thank-you page.
        self.stats.acknowledged.append(token)
        thanks = await self.call("GET bedankt", "GET", self.url("bedankt"))
        if thanks.status != 200 or b"data-receipt" not in thanks.body:
            self.stats.errors[f"GET bedankt {thanks.status}"] += 1
        return token


async def run_tellers(
    port: int,
    *,
    concurrency: int,
    duration: float,
    max_stories: int,
    timeout: float = 10.0,
    think: float = 0.0,
) -> Stats:
    """`concurrency` tellers, each telling stories one after another (a new browser for each),
    until `duration` seconds have passed or `max_stories` stories were started."""
    stats = Stats()
    budget = iter(range(max_stories))
    deadline = time.monotonic() + duration

    async def one_teller() -> None:
        while time.monotonic() < deadline and next(budget, None) is not None:
            try:
                await Teller(port, stats, timeout=timeout).story()
            except FlowBroken:
                stats.abandoned += 1
                await asyncio.sleep(0.05)  # as a person would, before trying again
            if think:
                await asyncio.sleep(random.uniform(0, 2 * think))

    started = time.perf_counter()
    await asyncio.gather(*(one_teller() for _ in range(concurrency)))
    stats.seconds = time.perf_counter() - started
    return stats


async def run_path(
    port: int,
    path: str,
    *,
    concurrency: int,
    duration: float,
    max_requests: int,
    timeout: float = 10.0,
) -> Stats:
    """Plain GETs of one path (the bare-INSERT view), bounded like run_tellers."""
    stats = Stats()
    budget = iter(range(max_requests))
    deadline = time.monotonic() + duration

    async def one_client() -> None:
        while time.monotonic() < deadline and next(budget, None) is not None:
            started = time.perf_counter()
            try:
                response = await http(port, "GET", path, timeout=timeout)
                stats.record("GET", response.status, time.perf_counter() - started)
                if response.status != 200:
                    stats.errors[f"GET {response.status}"] += 1
            except (TimeoutError, OSError, FlowBroken, ValueError) as error:
                stats.record("GET", type(error).__name__, time.perf_counter() - started)
                stats.errors[type(error).__name__] += 1

    started = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(concurrency)))
    stats.seconds = time.perf_counter() - started
    return stats
