"""Which address a request comes from, for the rate limits and the staff login lockout.

Behind TRUSTED_PROXY_HOPS reverse proxies (settings), each proxy appends the address of
the peer it saw to X-Forwarded-For, so the client is the entry that the nearest trusted
proxy appended: the hops-th entry counted from the right. Anything left of it was written
by the client or by proxies we do not run, and is never believed. With 0 hops (the
default) X-Forwarded-For is ignored and the connection's peer is the client.

Fewer entries than hops means the request skipped a proxy (a probe from inside the
network, or a proxy that replaces the header instead of appending to it): every entry there
is was then written by a proxy of ours, and the leftmost is the farthest peer they saw. No
entry at all (the container's own health check) means the peer itself.

The address is only ever used to count, and is never stored or logged.
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    peer: str = request.META.get("REMOTE_ADDR", "")
    hops: int = settings.TRUSTED_PROXY_HOPS
    if hops <= 0:
        return peer
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [entry.strip() for entry in header.split(",") if entry.strip()]
    if not entries:
        return peer
    return entries[-hops] if len(entries) >= hops else entries[0]
