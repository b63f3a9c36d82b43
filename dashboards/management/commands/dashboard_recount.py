from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dashboards.services import story_counts_recount


class Command(BaseCommand):
    help = (
        "Compare the dashboard's running counts with the stories and rebuild them if they "
        "differ (--check: only compare; exit status 1 when they differ)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="compare only")

    def handle(self, *args: Any, check: bool, **options: Any) -> None:
        result = story_counts_recount(check_only=check)
        if result.differences == 0:
            self.stdout.write("dashboard counts agree with the stories")
        elif result.rebuilt:
            self.stdout.write(f"{result.differences} counts differed; rebuilt from the stories")
        else:
            self.stdout.write(f"{result.differences} counts differ from the stories")
            raise SystemExit(1)
