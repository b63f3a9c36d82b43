# Production image: one image for the web server, the Celery worker and Celery beat
# (docker-compose.yml picks the role). Settings come from the environment only.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_DEBUG=0 \
    PYTHONPATH=/app

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

# .dockerignore keeps .venv/, .data/ (embedded databases), .git/ and caches out of the image.
COPY . .
COPY docker/entrypoint.sh /usr/local/bin/vertelpunt-entrypoint
RUN chmod 0755 /usr/local/bin/vertelpunt-entrypoint \
    && mkdir staticfiles \
    && chown vertelpunt:vertelpunt staticfiles

USER vertelpunt
EXPOSE 8000
ENTRYPOINT ["vertelpunt-entrypoint"]
CMD ["web"]
