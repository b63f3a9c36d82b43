"""Which regions a dashboard user may see, and what the regions are called.

A coordinator sees the regions they are assigned to (access.RegionAssignment) and nothing
else. A superuser (the Django admin, who can read every story anyway) may pick any region
the questionnaire knows. Analysts and moderators have no dashboard: they have the queue and
the exports.
"""

from typing import Any

from access.guards import coordinator_regions
from signifiers.models import Option, Signifier
from tracks.models import Collection


def region_labels(collection: Collection) -> dict[str, str]:
    """Region key → label, from the region question of any version of the questionnaire."""
    rows = (
        Option.objects.filter(
            signifier__story_attribute=Signifier.StoryAttribute.REGION,
            signifier__version__questionnaire_id=collection.questionnaire_id,
        )
        .order_by("label", "key")
        .values_list("key", "label")
    )
    return dict(rows)


def dashboard_regions(user: Any, labels: dict[str, str]) -> list[tuple[str, str]]:
    """(key, label) of the regions this user may see, by label."""
    keys = list(labels) if user.is_superuser else coordinator_regions(user)
    return sorted(((k, labels.get(k, k)) for k in keys), key=lambda kv: kv[1].lower())
