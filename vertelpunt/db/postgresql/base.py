"""PostgreSQL through psycopg2, with a health check that costs no round trip while the
connection is quiet.

With conn_health_checks, Django checks a reused connection at the start of every request
that touches the database with `SELECT 1`: a full round trip each time, about a twentieth
of a teller request's time under load (`make bench`). An idle connection's socket has
nothing to read unless the server is ending it (a restart or failover sends an error and
closes): only then is the full check needed. A peer that vanished without a word (a cut
network) is not seen this way, nor by `SELECT 1` short of a timeout; that request fails
with the friendly 503 page (vertelpunt/errors.py) and the next one reconnects.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        if self.connection is None or self.connection.closed:
            return False
        try:
            readable, _, _ = select.select([self.connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable or super().is_usable()
