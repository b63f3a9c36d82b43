# Production image: one image for the web server, the Celery worker and Celery beat
# (docker-compose.yml picks the role). Settings come from the environment only; without
# SECRET_KEY, DATABASE_URL and REDIS_URL the app refuses to start.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_DEBUG=0 \
    PYTHONPATH=/app \
    EXPORT_DIR=/var/lib/vertelpunt/exports

WORKDIR /app

# Dependencies first, read from pyproject.toml alone, so a code change does not reinstall
# them. The app runs from /app itself (PYTHONPATH, for the `celery` script too) and is not
# installed as a package; the `embedded` and `dev` extras stay out of production.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# A real home directory: recent gunicorn releases put their control socket there.
RUN groupadd --system --gid 10001 vertelpunt \
    && useradd --system --uid 10001 --gid vertelpunt --create-home --home-dir /home/vertelpunt \
        vertelpunt

# .dockerignore is an allow-list: only the app's own folders come along.
COPY . .
COPY docker/entrypoint.sh /usr/local/bin/vertelpunt-entrypoint
# Static files are collected once, here, with the production settings (hashed names); the
# export folder is where the `exports` volume is mounted, owned by the app's user so that a
# new volume starts out writable for it (docker-compose.yml mounts it in web and worker).
RUN chmod 0755 /usr/local/bin/vertelpunt-entrypoint \
    && vertelpunt-entrypoint collectstatic \
    && mkdir -p "$EXPORT_DIR" \
    && chown -R vertelpunt:vertelpunt "$EXPORT_DIR"

USER vertelpunt
EXPOSE 8000
ENTRYPOINT ["vertelpunt-entrypoint"]
CMD ["web"]
