#!/bin/sh
# One image, three roles (see docker-compose.yml):
#   web          migrate, load the questionnaires, collect static files, then serve with gunicorn
#   healthcheck  exit 0 when /readyz says PostgreSQL and Redis answer
#   anything     run as given (the Celery worker and beat)
set -eu

case "${1:-web}" in
web)
    # Every start migrates: a new release brings its migrations along. load_questionnaires is
    # idempotent, and collectstatic must run with the production settings (hashed names).
    python manage.py migrate --noinput
    python manage.py load_questionnaires
    python manage.py collectstatic --noinput --verbosity 0
    # The access log leaves out the client address, the user agent and the query string
    # (%(U)s is the path alone): tellers are anonymous, and so are their requests. The
    # workers' heartbeat files go to /dev/shm: on a container's overlay filesystem a slow
    # write of them can stall a worker.
    exec gunicorn vertelpunt.wsgi:application \
        --bind 0.0.0.0:8000 \
        --workers "${WEB_CONCURRENCY:-3}" \
        --worker-tmp-dir /dev/shm \
        --access-logfile - \
        --access-logformat '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s'
    ;;
healthcheck)
    # Host must be an allowed host; X-Forwarded-Proto keeps SECURE_SSL_REDIRECT from
    # redirecting this plain-HTTP probe.
    exec python -c '
import sys, urllib.request
request = urllib.request.Request(
    "http://127.0.0.1:8000/readyz",
    headers={"Host": "localhost", "X-Forwarded-Proto": "https"},
)
try:
    sys.exit(0 if urllib.request.urlopen(request, timeout=3).status == 200 else 1)
except OSError as error:
    sys.exit(f"not ready: {error}")
'
    ;;
*)
    exec "$@"
    ;;
esac
