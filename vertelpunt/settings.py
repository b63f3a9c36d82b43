"""Settings for Vertelpunt.

One module for every environment: production differs only through environment variables.
The development defaults are safe for a laptop. With `DJANGO_DEBUG=0` (production) there are
no defaults for what must be real: without SECRET_KEY, DATABASE_URL or REDIS_URL the process
refuses to start, rather than fall back to a development value.
"""

from pathlib import Path

import dj_database_url

from vertelpunt.env import env_bool, env_int, env_list, env_str, refuse

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -------------------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", default=True)
# In development manage.py, `make run` and `make test` start (or join) an embedded PostgreSQL
# and Redis and set these URLs when they are unset (vertelpunt/embedded.py); production names
# its servers and its secret, or does not start.
_unset = [name for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL") if not env_str(name)]
if not DEBUG and _unset:
    raise refuse(f"{', '.join(_unset)} must be set when DJANGO_DEBUG=0")
# Signs the tellers' flow cookies and keys the export's teller ids: anyone who knows it can
# forge a teller's place in the flow. The development key is public (it is in this file).
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
# Django's own deployment check asks for at least 50 characters.
SECRET_KEY_MIN_LENGTH = 50
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise refuse("SECRET_KEY is the public development key; set a secret of your own")
if not DEBUG and len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH:
    raise refuse(
        f"SECRET_KEY must be a random secret of at least {SECRET_KEY_MIN_LENGTH} characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')"
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "access.admin_config.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "signifiers",
    "tracks",
    "access",
    "moderation",
    "exports",
    "dashboards",
    "analysis",
    "questionnaires",
]

MIDDLEWARE = [
    "vertelpunt.middleware.DropUserAgentMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that may answer a staff request itself (axes' lockout page, CSRF).
    "vertelpunt.middleware.NoStoreStaffPagesMiddleware",
    "vertelpunt.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "tracks.language.TellerLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vertelpunt.urls"
WSGI_APPLICATION = "vertelpunt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "access.context_processors.staff_nav",
            ],
        },
    },
]
# Widget templates (slider, triad) live in templates/ beside the page templates.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database ---------------------------------------------------------------------------------
# The same engine as production everywhere (embedded in development, see above): there is
# deliberately no SQLite fallback.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vertelpunt"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A read replica for staff analysis queries (vertelpunt/dbrouter.py); teller requests and all
# writes stay on the primary. Tests mirror it onto the default database.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL", ""),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["vertelpunt.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery ------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "vertelpunt",
        # Only the rate limits use the cache, and they fail open: a paused Redis may cost a
        # teller's request at most this long (tests/faults/test_redis.py).
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
# A teller's request must never wait on the broker: publishing fails fast and the outbox
# sweeper (tracks/tasks.py) delivers the event later.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 0.5,
    "socket_timeout": 1,
    "max_retries": 0,
}
# Publish outbox events from a background thread (tracks/outbox.py), so that not even a
# paused broker can hold a teller's request; the unit tests publish inline to assert on it.
OUTBOX_PUBLISH_IN_BACKGROUND = env_bool("OUTBOX_PUBLISH_IN_BACKGROUND", default=not DEBUG)
# A published event not done after this long is published again (tasks are idempotent).
OUTBOX_REDELIVER_AFTER_SECONDS = env_int("OUTBOX_REDELIVER_AFTER_SECONDS", 300)
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {"task": "tracks.tasks.sweep_outbox", "schedule": 60.0},
    "purge-expired": {"task": "tracks.tasks.purge_expired", "schedule": 6 * 3600.0},
    "purge-exports": {"task": "exports.tasks.purge_exports", "schedule": 3600.0},
}

# --- Sessions ---------------------------------------------------------------------------------
# Sessions live in PostgreSQL so a teller's progress survives a cache outage. The cookie ends
# with the browser: pupils share school computers.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Tellers never touch the session: their place in the flow is a signed cookie (tracks/flow.py)
# and so are one-off notices, so a teller request reads and writes no session row.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Staff login -----------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock a username out for an hour after 5 failed logins from one client. Counted per
# username and client together, so a guesser locks out only themselves, never the colleague
# whose username it is. Axes records a keyed pseudonym of the client, never its address
# (access.security.client_pseudonym).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "access.security.client_pseudonym"
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
OTP_TOTP_ISSUER = "Vertelpunt"
SILENCED_SYSTEM_CHECKS = [
    # "Without preload the site cannot be submitted to the preload list": preloading is an
    # operator's decision for the whole domain (SECURE_HSTS_PRELOAD), not a default.
    "security.W021",
]
LOGIN_URL = "access:login"
LOGIN_REDIRECT_URL = "access:home"
LOGOUT_REDIRECT_URL = "access:login"

# --- Security headers -------------------------------------------------------------------------
# No inline scripts or styles anywhere: every script is a file under static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preloading puts the domain (and every subdomain) in browsers' built-in HTTPS-only lists,
# and leaving them takes months: an operator's decision for the whole domain, so opt-in.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if not DEBUG else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)

# --- Internationalisation ---------------------------------------------------------------------
# Staff pages are Dutch. Tellers choose among these, each named in its own language; Dutch
# pages have no prefix, the others live under /<code>/ (vertelpunt/urls.py).
LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "English"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("pl", "Polski"),
    ("uk", "Українська"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Vertelpunt -------------------------------------------------------------------------------
# The collection that `/` leads to.
VERTELPUNT_DEFAULT_COLLECTION = env_str("VERTELPUNT_DEFAULT_COLLECTION", "passend-onderwijs")
VERTELPUNT_STORY_MIN_LENGTH = env_int("VERTELPUNT_STORY_MIN_LENGTH", 10)
VERTELPUNT_STORY_MAX_LENGTH = env_int("VERTELPUNT_STORY_MAX_LENGTH", 20000)
VERTELPUNT_TITLE_MAX_LENGTH = 200
# Incomplete stories (the teller stopped before the last step) are deleted after this many days.
VERTELPUNT_INCOMPLETE_RETENTION_DAYS = env_int("VERTELPUNT_INCOMPLETE_RETENTION_DAYS", 365)

# --- Exports ----------------------------------------------------------------------------------
# Where finished export zips are kept (they hold story text: keep the folder out of backups
# that leave the server, and out of git; .data/ is git-ignored).
EXPORT_DIR = Path(env_str("EXPORT_DIR", str(BASE_DIR / ".data" / "exports")))
# Finished export zips are deleted after this many days (a withdrawn or redacted story must
# not live on in old downloads); the export's record stays, marked "expired".
EXPORT_KEEP_DAYS = env_int("EXPORT_KEEP_DAYS", 7)

# --- Logging ----------------------------------------------------------------------------------
# No request logging with IP addresses, and never story text or answers (see SECURITY notes in
# the README). Django's request logger only logs the path on errors.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
    },
}

# In development whitenoise serves files straight from the finders (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Abuse limits -----------------------------------------------------------------------------
# A hidden field only bots fill in (tracks/abuse.py).
VERTELPUNT_HONEYPOT_FIELD = "website"
# A new story sent sooner than this after opening step 1 is shown back once for a check.
VERTELPUNT_MIN_SECONDS_FOR_STORY = env_int("VERTELPUNT_MIN_SECONDS_FOR_STORY", 3)
# New stories per client per hour. Generous: a whole class shares one school address.
VERTELPUNT_STORIES_PER_CLIENT_PER_HOUR = env_int("VERTELPUNT_STORIES_PER_CLIENT_PER_HOUR", 200)
# A 20,000-character story, percent-encoded, stays well below this.
DATA_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024
# How many reverse proxies we run in front of gunicorn, each appending to X-Forwarded-For:
# rate limits and the staff login lockout take the client's address from the entry the
# nearest one appended (vertelpunt/clients.py). 0: the connection's peer is the client and
# X-Forwarded-For is ignored. More than we run lets clients choose their address; fewer puts
# every client behind the proxy in one bucket.
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0)
if env_str("RATELIMIT_TRUST_FORWARDED_FOR"):
    # It trusted the client-chosen first entry; failing loudly beats silently sharing one
    # bucket among every client after an upgrade.
    raise refuse(
        "RATELIMIT_TRUST_FORWARDED_FOR is gone: set TRUSTED_PROXY_HOPS to the number of "
        "reverse proxies in front of Vertelpunt instead (1 for the docker-compose setup)"
    )
