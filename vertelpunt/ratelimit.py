"""Per-client rate limits without storing who the client is.

The client is a salted SHA-256 of its address (vertelpunt.clients, which knows the reverse
proxies in front); the salt is random, lives in Redis (and in each web process's memory, for
that day only) and changes every day, so yesterday's keys cannot be linked to today's or to
an address. Counters expire with their window. When Redis is unavailable the limit is not
applied: a teller's story matters more than a missed limit.
"""

import hashlib
import logging
import secrets

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from vertelpunt.clients import client_address

logger = logging.getLogger(__name__)


def client_key(request: HttpRequest) -> str | None:
    salt = _daily_salt()
    if salt is None:
        return None
    address = client_address(request)
    return hashlib.sha256(f"{salt}:{address}".encode()).hexdigest()[:32]


def allow(request: HttpRequest, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one hit for this client in `scope`; False once it is over `limit` per window."""
    key = client_key(request)
    if key is None:
        return True
    try:
        # settings.CACHES names vertelpunt.cache.RedisCache, whose count() this is.
        count = cache.count(f"rl:{scope}:{key}", window_seconds=window_seconds)  # type: ignore[attr-defined]
        return bool(count <= limit)
    except Exception as exc:  # Redis down or paused: fail open
        logger.warning("rate limit skipped: %s", type(exc).__name__)
        return True


# Today's salt as this process last read it: it changes once a day, so two Redis round trips
# per counted request would buy nothing. Keyed by the date, so a new day reads the new one.
_salt: tuple[str, str] | None = None


def _daily_salt() -> str | None:
    global _salt
    today = timezone.now().date().isoformat()
    if _salt is not None and _salt[0] == today:
        return _salt[1]
    name = f"rl:salt:{today}"
    try:
        cache.add(name, secrets.token_hex(16), timeout=2 * 24 * 3600)
        salt = cache.get(name)
    except Exception as exc:
        logger.warning("rate limit salt unavailable: %s", type(exc).__name__)
        return None
    if salt is not None:
        _salt = (today, salt)
    return salt
