"""DEVELOPMENT SEEDER behind `make demo`: demo stories and one demo account per staff role."""

import io
import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from access.demo import demo_accounts_create
from tracks.demo import DEFAULT_COLLECTION, demo_stories_create
from tracks.models import Story

DEFAULT_STORIES = 3000


class Command(BaseCommand):
    help = "Development only: demo stories and one demo account per staff role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--stories", type=int, default=DEFAULT_STORIES)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("make demo is for development only, and DJANGO_DEBUG=0 is set")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_questionnaires", stdout=io.StringIO())
        wanted = options["stories"]
        existing = Story.objects.filter(collection__slug=DEFAULT_COLLECTION).count()
        if existing < wanted:
            demo_stories_create(count=wanted - existing, seed=options["seed"])
        total = Story.objects.filter(collection__slug=DEFAULT_COLLECTION).count()
        accounts = demo_accounts_create()
        port = os.environ.get("PORT") or "8000"
        lines = [
            f"{total} stories in {DEFAULT_COLLECTION}.",
            f"Start the site with `make run`, then sign in at http://127.0.0.1:{port}/staf/ as:",
            "",
            f"  {'role':<32}{'username':<22}password",
        ]
        for account in accounts:
            role = account.role + (f" ({', '.join(account.regions)})" if account.regions else "")
            lines.append(f"  {role:<32}{account.username:<22}{account.password}")
        lines += [
            "",
            "Demo accounts skip the authenticator step only while DJANGO_DEBUG is on.",
            "Running make demo again gives them new passwords.",
        ]
        self.stdout.write("\n".join(lines))
