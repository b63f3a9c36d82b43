"""Staff analysis reads on a PostgreSQL read replica, everything else on the primary.

With DATABASE_REPLICA_URL set, settings add a "replica" database alias. Code that runs a
heavy, read-only staff query (pattern counts, dashboards, exports) wraps it in
`analysis_reads()`; inside, reads go to the replica. Teller requests never do, so a teller
always reads what they just wrote (replication lag never shows them a missing story), and
every write goes to the primary whatever the context.

    from vertelpunt.dbrouter import analysis_reads
    with analysis_reads():
        rows = list(pattern_counts(...))
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from django.conf import settings

REPLICA = "replica"
_analysis: ContextVar[bool] = ContextVar("vertelpunt_analysis_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def analysis_reads() -> Iterator[str]:
    """Route this block's reads to the replica when there is one; yields the alias used."""
    token = _analysis.set(True)
    try:
        yield REPLICA if replica_configured() else "default"
    finally:
        _analysis.reset(token)


class ReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if _analysis.get() and replica_configured():
            return REPLICA
        return None  # the default database

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # A replica follows the primary's schema through replication, never by migrate.
        return db != REPLICA
