from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from signifiers.spec import SpecError
from signifiers.spec_translations import is_language_file
from tracks.loading import collection_load_file


class Command(BaseCommand):
    help = "Load collections and their questionnaires from TOML files (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths",
            nargs="*",
            type=Path,
            help="Data files; default: every signifiers/data/*.toml",
        )

    def handle(self, *args: object, paths: list[Path], **options: object) -> None:
        if not paths:
            data = Path(settings.BASE_DIR) / "signifiers" / "data"
            # A language file is loaded with the data file it translates.
            paths = sorted(p for p in data.glob("*.toml") if not is_language_file(p))
        for path in paths:
            try:
                result = collection_load_file(path=path)
            except (SpecError, OSError) as exc:
                raise CommandError(str(exc)) from exc
            what = ", ".join(result.created) if result.created else "unchanged"
            self.stdout.write(
                f"{path.name}: {result.collection.slug} {result.version.label}: {what}"
            )
