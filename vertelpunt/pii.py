"""Spot likely personal data in a story: e-mail addresses, phone numbers, BSN-like numbers
(passing the 11-proof), postcodes with a house number, street addresses, and names after
cues such as "juf", "meester", "mevrouw", "meneer", "mijn zoon/dochter".

It only points things out: the teller gets a friendly hint and a moderator a highlight with
one-click redaction. It never blocks, and it errs on the side of not flagging ordinary words.
static/js/pii.js mirrors these patterns for the hint while typing; keep the two in step.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # email | phone | bsn | address | name

    def text(self, source: str) -> str:
        return source[self.start : self.end]


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Dutch numbers: 06-12345678, 020 123 4567, +31 6 1234 5678, 0031 20 1234567.
PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)(?:[\s.-]?\d){9}(?!\d)")
# Nine digits on their own (a trailing full stop or comma ends a sentence, not a number).
NINE_DIGITS = re.compile(
    r"(?<![\d.,-])(?:\d{9}|\d{3}\.\d{2}\.\d{3}\.\d|\d{4}\.\d{2}\.\d{3})(?![\d-]|[.,]\d)"
)
POSTCODE_HOUSE = re.compile(
    r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b[\s,]*\d{1,5}[a-z]?\b"
    r"|\b\d{1,5}[a-z]?\s*,?\s*[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b"
)
STREET = re.compile(
    r"\b[A-Z][a-zà-ÿ]+(?:straat|laan|weg|plein|gracht|kade|dijk|singel|hof|pad|steeg|dreef|"
    r"park|plantsoen|markt|baan)\s+\d{1,5}[a-z]?\b"
)
# The cue in any case; the name itself must start with a capital (after optional particles).
_PARTICLES = r"(?:(?:van|de|der|den|ter|ten|el|al|van de|van der|van den)\s+)"
NAME_CUE = re.compile(
    r"\b(?i:juf|juffrouw|meester|mevrouw|meneer|mevr\.?|dhr\.?|"
    r"mijn\s+(?:zoon|dochter|kind|broer|zus))"
    rf"\s+(?P<name>{_PARTICLES}*[A-Z][a-zà-ÿ'-]+(?:\s+{_PARTICLES}*[A-Z][a-zà-ÿ'-]+)?)"
)
# Capitalised words that follow a cue at the start of a sentence but are not names.
NOT_NAMES = {
    "de",
    "het",
    "een",
    "die",
    "dat",
    "en",
    "maar",
    "hij",
    "zij",
    "ze",
    "is",
    "was",
    "heeft",
    "had",
    "zei",
    "zegt",
    "kreeg",
    "kon",
    "wil",
    "wilde",
    "moest",
    "ging",
    "gaat",
    "in",
    "op",
    "met",
    "bij",
    "uit",
    "naar",
    "toen",
    "nu",
    "ook",
    "niet",
    "wel",
    "zelf",
}


def find_personal_data(text: str) -> list[Span]:
    spans: list[Span] = []
    spans += [Span(m.start(), m.end(), "email") for m in EMAIL.finditer(text)]
    spans += [Span(m.start(), m.end(), "phone") for m in PHONE.finditer(text)]
    spans += [
        Span(m.start(), m.end(), "bsn")
        for m in NINE_DIGITS.finditer(text)
        if elf_proof(re.sub(r"\D", "", m.group()))
    ]
    spans += [Span(m.start(), m.end(), "address") for m in POSTCODE_HOUSE.finditer(text)]
    spans += [Span(m.start(), m.end(), "address") for m in STREET.finditer(text)]
    for m in NAME_CUE.finditer(text):
        name = m.group("name")
        if name.split()[0].lower() in NOT_NAMES and name.split()[0][0].isupper():
            continue
        spans.append(Span(m.start("name"), m.end("name"), "name"))
    return _without_overlaps(spans)


def elf_proof(digits: str) -> bool:
    """The Dutch BSN check: weights 9..2 and -1 over nine digits sum to a multiple of 11."""
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total % 11 == 0


def _without_overlaps(spans: list[Span]) -> list[Span]:
    result: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if result and span.start < result[-1].end:
            continue
        result.append(span)
    return result
