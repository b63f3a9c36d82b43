"""The files whose words a teller reads: the one list the catalog tests take their teller
strings from. A catalog entry is a teller string when one of its `#:` locations is here;
every other entry is shown to staff only, and staff pages stay Dutch.

Left out on purpose: staff apps and their templates, the questionnaire preview (staff),
tracks/models.py and tracks/filters.py (field names, statuses and filters of the staff
pages), signifiers/models.py, checks.py and services.py (the questionnaire editor)."""

from pathlib import Path

from django.conf import settings

TELLER_SOURCES = [
    # The layout and the error pages a teller can land on.
    "templates/base.html",
    "templates/400.html",
    "templates/403.html",
    "templates/403_csrf.html",
    "templates/404.html",
    "templates/500.html",
    "vertelpunt/errors.py",
    # The teller pages and the question widgets.
    "templates/tracks/**/*",
    "templates/signifiers/**/*",
    # Labels, help and error messages of the teller forms and views.
    "tracks/address.py",
    "tracks/forms.py",
    "tracks/views/*.py",
    "tracks/templatetags/*.py",
    "signifiers/forms.py",
    "signifiers/answers.py",
    "signifiers/kinds/*.py",
    # Teller text hygiene and the personal-data hint.
    "vertelpunt/text.py",
    "vertelpunt/pii.py",
]

ROOT = Path(settings.BASE_DIR)


def teller_files() -> set[str]:
    """The teller source files, as paths relative to the repository (as `#:` lines name them)."""
    found: set[str] = set()
    for pattern in TELLER_SOURCES:
        found.update(
            path.relative_to(ROOT).as_posix() for path in ROOT.glob(pattern) if path.is_file()
        )
    return found


def teller_templates() -> list[Path]:
    return sorted(ROOT / name for name in teller_files() if name.startswith("templates/"))


def teller_modules() -> list[Path]:
    return sorted(ROOT / name for name in teller_files() if name.endswith(".py"))
