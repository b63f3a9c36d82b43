"""Running counts of complete stories for the coordinator dashboard.

Counting a million stories five ways on every page view takes seconds; these counts are
kept up to date by PostgreSQL triggers on tracks_story instead (migration 0001), in the same
transaction as the change to the story, so they are never stale. Python code never writes
them; `manage.py dashboard_recount` rebuilds them from the stories and says whether they
differed.

One row per region and category of one breakdown (not per combination of categories): the
table stays a few hundred rows whatever the number of stories, so even the national figures
read next to nothing. Combinations (track × week) are not needed, and would only make more
small cells to suppress.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The week a story counts in is the Monday of its start in this time zone (the triggers
# compute it in SQL). It must equal settings.TIME_ZONE: see dashboards.checks.
ROLLUP_TIME_ZONE = "Europe/Amsterdam"


class StoryCount(models.Model):
    """How many complete stories of one region fall in one category of one breakdown."""

    class Dimension(models.TextChoices):
        TRACK = "track", _("Track")
        WEEK = "week", _("Week")
        SOURCE = "source", _("Bron")
        ROLE_TYPE = "role_type", _("Rol")
        LANGUAGE = "language", _("Taal")

    collection = models.ForeignKey("tracks.Collection", on_delete=models.CASCADE, related_name="+")
    region = models.CharField(max_length=50)
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    # The category as text: a track id, a Monday (YYYY-MM-DD), a source, a role type, a
    # language code.
    key = models.CharField(max_length=50)
    stories = models.IntegerField()

    class Meta:
        constraints = [
            # Its index also serves the dashboard's queries: one region's breakdown is a
            # range of it (collection, region, dimension); the country's, that collection's
            # few hundred rows.
            models.UniqueConstraint(
                fields=["collection", "region", "dimension", "key"],
                name="storycount_unique_cell",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region or '-'} {self.dimension}={self.key}: {self.stories}"
