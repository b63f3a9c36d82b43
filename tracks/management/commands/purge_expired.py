from django.core.management.base import BaseCommand

from tracks.retention import purge_expired


class Command(BaseCommand):
    help = "Delete incomplete stories past their retention and collections past their date."

    def handle(self, *args: object, **options: object) -> None:
        result = purge_expired()
        self.stdout.write(
            f"deleted {result.incomplete_stories} incomplete stories, "
            f"{result.collections} collections with {result.collection_stories} stories"
        )
