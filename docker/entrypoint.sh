#!/bin/sh
# One image, three roles (see docker-compose.yml):
#   web            migrate, load the questionnaires, then serve with gunicorn
#   healthcheck    exit 0 when /readyz says PostgreSQL and Redis answer
#   collectstatic  at build time (Dockerfile): gather the static files with hashed names
#   anything else  run as given (the Celery worker and beat, manage.py commands)
# WEB_PORT (default 8000) is the port gunicorn listens on inside the container.
set -eu

case "${1:-web}" in
web)
    # Every start migrates: a new release brings its migrations along. load_questionnaires is
    # idempotent.
    python manage.py migrate --noinput
    python manage.py load_questionnaires
    # The access log leaves out the client address, the user agent and the query string
    # (%(U)s is the path alone): tellers are anonymous, and so are their requests. The
    # workers' heartbeat files go to /dev/shm: on a container's overlay filesystem a slow
    # write of them can stall a worker.
    exec gunicorn vertelpunt.wsgi:application \
        --bind "0.0.0.0:${WEB_PORT:-8000}" \
        --workers "${WEB_CONCURRENCY:-3}" \
        --worker-tmp-dir /dev/shm \
        --access-logfile - \
        --access-logformat '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s'
    ;;
collectstatic)
    # No secret or server exists at build time, and collectstatic uses neither; but the
    # production settings refuse to load without them. A throwaway secret and addresses
    # that resolve nowhere (.invalid) never reach a running container.
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    DATABASE_URL="postgres://build.invalid/none" \
    REDIS_URL="redis://build.invalid:6379/0" \
        exec python manage.py collectstatic --noinput --verbosity 0
    ;;
healthcheck)
    # Host must be an allowed host; X-Forwarded-Proto keeps SECURE_SSL_REDIRECT from
    # redirecting this plain-HTTP probe.
    exec python -c '
import os, sys, urllib.request
request = urllib.request.Request(
    "http://127.0.0.1:%s/readyz" % os.environ.get("WEB_PORT", "8000"),
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
