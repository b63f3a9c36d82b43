from django.core.management.base import BaseCommand

from access.selectors import real_staff_account_exists

FIRST_ACCOUNT_HINT = """\
No staff account yet. Create the first one (it can then give others a role in /beheer/):
    .venv/bin/python manage.py createsuperuser
To try every staff role with demo data instead: make demo"""


class Command(BaseCommand):
    help = "Say how to create the first staff account when there is none (make run calls it)."

    def handle(self, *args: object, **options: object) -> None:
        if not real_staff_account_exists():
            self.stdout.write(FIRST_ACCOUNT_HINT)
