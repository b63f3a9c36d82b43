"""Receipt codes: shown to a teller once, stored only as a SHA-256 hash.

24 Crockford base32 characters carry 120 random bits; they are grouped in fours for reading
and normalised before hashing, so "abcd-efgh…" and "ABCDEFGH…" are the same code.
"""

import hashlib
import hmac
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
LENGTH = 24
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0"})


def generate() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum()).translate(_CONFUSABLE)


def digest(code: str) -> str:
    return hashlib.sha256(normalise(code).encode("ascii", "ignore")).hexdigest()


def matches(code: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(code), stored_digest)
