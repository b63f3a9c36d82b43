"""Staff account safety helpers."""

import ipaddress

from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from vertelpunt.clients import client_address

# RFC 3849's documentation prefix: no real client ever has an address in it, so nobody
# reading axes' tables can take a pseudonym for someone's address.
_PSEUDONYM_PREFIX = int(ipaddress.IPv6Address("2001:db8::"))


def client_pseudonym(request: HttpRequest) -> str:
    """What django-axes records as the client's "IP address": a keyed, non-reversible
    pseudonym of the client (HMAC-SHA256 under a key derived from SECRET_KEY).

    Axes locks out by username and client together (AXES_LOCKOUT_PARAMETERS), so a guesser
    locks only themselves out, never the colleague whose username it is. It stores the
    client with each failed login, in a column that takes only IP addresses: 96 bits of
    the HMAC are written as an address under the documentation prefix. The same client
    gives the same pseudonym while the secret stays, and without the secret no address can
    be recovered from it.
    """
    digest = salted_hmac(
        "vertelpunt.access.lockout-client", client_address(request), algorithm="sha256"
    ).digest()
    return str(ipaddress.IPv6Address(_PSEUDONYM_PREFIX | int.from_bytes(digest[:12], "big")))
