import pytest


@pytest.fixture(autouse=True)
def analysis_cache(settings):
    """A private in-memory cache per test: cached analyses must not leak between tests or
    between runs (story ids restart in a fresh test database)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
