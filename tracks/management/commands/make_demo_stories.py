"""DEVELOPMENT/BENCHMARK SEEDER: add N synthetic stories (see tracks/demo/).

manage.py make_demo_stories 1000 [--seed 1] [--collection passend-onderwijs]
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracks.demo import DEFAULT_COLLECTION, DemoError, demo_stories_create


class Command(BaseCommand):
    help = "Ontwikkeling en benchmarks: voeg N verzonnen verhalen toe (nooit op echte data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("count", type=int, help="Aantal verhalen.")
        parser.add_argument("--seed", type=int, default=0, help="Startwaarde van het toeval.")
        parser.add_argument("--collection", default=DEFAULT_COLLECTION)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            created = demo_stories_create(
                count=options["count"], seed=options["seed"], collection=options["collection"]
            )
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.monotonic() - started
        self.stdout.write(
            f"{created} demoverhalen toegevoegd aan {options['collection']} in {seconds:.1f} s"
        )
