"""Per-client rate limits without storing who the client is.

The client is a salted SHA-256 of its address (vertelpunt.clients, which knows the reverse
proxies in front); the salt is random, lives in Redis only and changes every day, so
yesterday's keys cannot be linked to today's or to an address. Counters expire with their
window. When Redis is unavailable the limit is not applied: a teller's story matters more
than a missed limit.
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
    name = f"rl:{scope}:{key}"
    try:
        # The counter expires one window after its first hit.
        cache.add(name, 0, timeout=window_seconds)
        return cache.incr(name) <= limit
    except Exception as exc:  # Redis down or paused: fail open
        logger.warning("rate limit skipped: %s", type(exc).__name__)
        return True


def _daily_salt() -> str | None:
    name = salt_key()
    try:
        cache.add(name, secrets.token_hex(16), timeout=2 * 24 * 3600)
        salt: str | None = cache.get(name)
    except Exception as exc:
        logger.warning("rate limit salt unavailable: %s", type(exc).__name__)
        return None
    return salt


def salt_key() -> str:
    """The cache key of today's salt (deleting it starts a fresh day of counters)."""
    return f"rl:salt:{timezone.now().date().isoformat()}"
