"""Reads for moderation: the queue with search highlights, and a story's audit log."""

from django.contrib.postgres.search import SearchHeadline
from django.db.models import QuerySet

from moderation.models import AuditEntry
from tracks.filters import StoryFilter, stories_filtered
from tracks.models import Story
from tracks.search import CONFIG, search_query

# Highlight markers that cannot occur in escaped text; the template turns them into <mark>.
START, STOP = "\x02", "\x03"


def queue(flt: StoryFilter) -> QuerySet[Story]:
    stories = stories_filtered(flt).select_related("collection", "track", "questionnaire_version")
    if flt.q:
        query = search_query(flt.q)
        options = {
            "start_sel": START,
            "stop_sel": STOP,
            "max_fragments": 2,
            "max_words": 30,
            "min_words": 10,
        }
        stories = stories.annotate(
            title_hl=SearchHeadline("title", query, config=CONFIG, **options),
            text_hl=SearchHeadline("text", query, config=CONFIG, **options),
        )
    return stories.order_by("-started_at", "-pk")


def story_audit(story: Story) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(story_id=story.pk).select_related("actor")
