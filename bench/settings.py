"""Settings for the load harness: the product settings plus one bare view (bench/urls.py).

Used only by `make bench` and tests/faults; the product never loads this module.
"""

import os
from pathlib import Path

from vertelpunt.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# collectstatic writes the hashed files for DJANGO_DEBUG=0 here, not into the work tree.
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", BASE_DIR / "staticfiles"))  # noqa: F405
# The fault tests sweep the outbox every few seconds instead of every minute.
CELERY_BEAT_SCHEDULE = {
    **CELERY_BEAT_SCHEDULE,  # noqa: F405
    "sweep-outbox": {
        "task": "tracks.tasks.sweep_outbox",
        "schedule": float(os.environ.get("BENCH_SWEEP_SECONDS", "60")),
    },
}
