"""The ceiling of this stack: a Django view doing one INSERT and nothing else."""

from django.db import connection
from django.http import HttpRequest, HttpResponse

# Created by bench/stack.py before gunicorn starts; pgbench inserts into the same table.
BARE_TABLE_SQL = (
    "CREATE TABLE IF NOT EXISTS bench_row "
    "(id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), payload text)"
)
BARE_INSERT_SQL = "INSERT INTO bench_row (payload) VALUES ('x')"


def bare_insert(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(BARE_INSERT_SQL)
    return HttpResponse("ok", content_type="text/plain")
