"""Staff analysis reads on a PostgreSQL read replica, everything else on the primary.

With DATABASE_REPLICA_URL set, settings add a "replica" database alias. Code that runs a
heavy, read-only staff query wraps it in `analysis_reads()`; inside, reads go to the replica.
That is the analysis computation and its cache stamp (analysis.services), the stories behind
a count (analysis.selectors.stories_behind), the dashboard counts
(dashboards.selectors.dashboard_counts) and an export's reads (exports.services.export_write).
Teller requests never do, so a teller always reads what they just wrote (replication lag
never shows them a missing story), and every write goes to the primary whatever the context.

The router only routes ORM queries: raw SQL inside such a block takes its connection from
`read_connection()`, which follows the same rule.

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
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

REPLICA = "replica"
_analysis: ContextVar[bool] = ContextVar("vertelpunt_analysis_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def analysis_reads() -> Iterator[str]:
    """Route this block's reads to the replica when there is one; yields the alias used."""
    token = _analysis.set(True)
    try:
        yield read_alias()
    finally:
        _analysis.reset(token)


def read_alias() -> str:
    """The alias reads use here: the replica inside `analysis_reads()` (when there is one)."""
    return REPLICA if _analysis.get() and replica_configured() else DEFAULT_DB_ALIAS


def read_connection() -> BaseDatabaseWrapper:
    """The connection for raw read-only SQL, routed like the ORM's reads."""
    return connections[read_alias()]


class ReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        alias = read_alias()
        return alias if alias == REPLICA else None  # None: the default database

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # A replica follows the primary's schema through replication, never by migrate.
        return db != REPLICA
