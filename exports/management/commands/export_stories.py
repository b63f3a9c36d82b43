"""Export stories to a zip from the shell: the same service the staff page's Celery task
runs, synchronously.

    manage.py export_stories --format csv --output /tmp/export.zip --collection passend-onderwijs
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from exports.models import Export
from exports.services import export_write
from tracks.filters import StoryFilterForm

FILTER_OPTIONS = [
    "collection",
    "track",
    "status",
    "moderation",
    "region",
    "since",
    "until",
    "version",
    "source",
    "q",
]


class Command(BaseCommand):
    help = "Exporteer verhalen (met filters) naar een zip: brede tabel, lange tabel, codeboek."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # --version filters on the questionnaire version, as on the staff pages; it replaces
        # Django's --version (which prints Django's version).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=Export.Format.values, default=Export.Format.CSV)
        parser.add_argument("--output", required=True, help="Pad van de zip die ontstaat.")
        parser.add_argument("--collection", help="Sleutel van het vertelpunt.")
        parser.add_argument("--track", help="leerling, ouder of professional.")
        parser.add_argument("--status", help="complete of incomplete.")
        parser.add_argument("--moderation", help="new, approved, hidden, test of nonsense.")
        parser.add_argument("--region", help="Regiosleutel.")
        parser.add_argument("--since", help="Begonnen vanaf (JJJJ-MM-DD).")
        parser.add_argument("--until", help="Begonnen tot en met (JJJJ-MM-DD).")
        parser.add_argument("--version", dest="version", help="Id van de vragenlijstversie.")
        parser.add_argument("--source", help="Bron, bijv. facebook.")
        parser.add_argument("--q", help="Zoekterm (websearch-syntaxis).")

    def handle(self, *args: Any, **options: Any) -> None:
        data = {name: options[name] for name in FILTER_OPTIONS if options.get(name)}
        form = StoryFilterForm(data)
        if not form.is_valid():
            raise CommandError(f"Ongeldige filters: {form.errors.as_text()}")
        output = Path(options["output"]).expanduser().resolve()

        def progress(done: int, total: int) -> None:
            if options["verbosity"] >= 2:
                self.stderr.write(f"\r{done}/{total}", ending="")

        result = export_write(
            flt=form.to_filter(), fmt=options["format"], path=output, progress=progress
        )
        if options["verbosity"] >= 2:
            self.stderr.write("")
        self.stdout.write(
            f"{result.rows} verhalen geëxporteerd naar {result.path} "
            f"({result.size_bytes / 1_000_000:.1f} MB)"
        )
