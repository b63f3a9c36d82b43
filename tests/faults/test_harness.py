"""`make bench` itself, small: the harness runs on a fresh clone and its figures add up.

Not a speed test (those figures live in the README); this checks that one short round of
`python -m bench.load` starts the stack, alternates the bare view and the teller flows in
slices, sums the slices into one round, and finds every acknowledged story stored once.
"""

import json
import subprocess

import pytest

from bench.stack import BASE_DIR, PYTHON

pytestmark = pytest.mark.faults


def test_one_short_round_of_the_load_harness(tmp_path):
    out = tmp_path / "figures.json"
    args = ["--rounds", "1", "--slices", "2", "--duration", "2", "--bare-duration", "1"]
    args += ["--pgbench-seconds", "1", "--warmup", "1", "--json", str(out)]
    harness = subprocess.Popen(
        [PYTHON, "-m", "bench.load", *args],
        cwd=BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output, _ = harness.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        harness.terminate()  # SIGTERM: the harness stops the servers it started
        output, _ = harness.communicate(timeout=60)
        pytest.fail("the harness took more than 5 minutes:\n" + output[-3000:])
    assert harness.returncode == 0, output[-3000:]
    figures = json.loads(out.read_text())

    flow, bare = figures["teller_flow"], figures["bare_view"]
    assert flow["stories"] > 0 and flow["errors"] == 0
    assert bare["requests"] > 0 and bare["errors"] == 0
    # Two slices of 1 s of tellers and two of 0.5 s of the bare view, summed per round (a
    # teller finishes the story it is telling when its slice ends).
    assert 1.9 <= flow["seconds"] <= 4, flow["seconds"]
    assert 0.9 <= bare["seconds"] <= 2, bare["seconds"]
    expected_ratio = flow["requests_per_s"] / bare["requests_per_s"]
    assert figures["ratio_teller_request_to_bare"] == pytest.approx(expected_ratio, abs=0.002)
    assert figures["pgbench_tps"] > 0
    assert len(figures["rounds"]) == 1
    assert figures["stored"]["exactly_once"] is True
    assert figures["stored"]["acknowledged"] == flow["stories"]
