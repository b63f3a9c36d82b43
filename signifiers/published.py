"""The pages of published questionnaire versions, read from PostgreSQL once per process.

A published version never changes: a database trigger refuses every change to its
signifiers, wording and options (migration 0002), and new questions come as a new version
with a new primary key. So one teller page's questions, with one track's wording and
options, and the size of the whole version, are the same for every teller for as long as
the process lives, and reading them once is safe.

This is the one cache on the teller path, for the ratio of teller requests to the bare view
that `make bench` holds against its floor (docs/performance.md): without it every teller
request builds the same page from five queries again, and `make bench-profile` measures a
fifth to a quarter more CPU per story. Everything else a teller page reads (the track,
which version is the newest, the story and its answers) is read fresh on every request.
"""

from datetime import datetime
from functools import lru_cache

from signifiers.models import QuestionnaireVersion
from signifiers.selectors import Questions, page_questions

# Three tracks × a dozen pages × a few versions alive at once, with room to spare.
PAGES_KEPT = 512


def published_page(
    version_id: int, published_at: datetime, *, role: str, step: int
) -> Questions | None:
    """Page `step` of a published version as track `role` sees it. `published_at` is part of
    what the page is known by, so a key that a test database hands out again (after a flush)
    for a different version is never mistaken for the one read before. None when the
    version is not published: a draft is never kept."""
    try:
        return _read_page(version_id, published_at, role, step)
    except QuestionnaireVersion.DoesNotExist:
        return None


@lru_cache(maxsize=PAGES_KEPT)
def _read_page(version_id: int, published_at: datetime, role: str, step: int) -> Questions:
    version = QuestionnaireVersion.objects.get(
        pk=version_id,
        published_at=published_at,
        status=QuestionnaireVersion.Status.PUBLISHED,
    )
    return page_questions(version, role=role, step=step)
