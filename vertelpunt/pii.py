"""Spot likely personal data in a story: e-mail addresses, phone numbers, BSN-like numbers
(passing the 11-proof), postcodes with a house number, street addresses, names after cues
and titles ("juf", "meester", "mevrouw", "dokter", "dr.", "mijn zoon"...), with Dutch name
particles (van, de, van der, ter...), and school names ("basisschool De Regenboog", "het
Stedelijk College", "naar De Regenboog").

It only points things out: the teller gets a friendly hint and a moderator a highlight with
one-click redaction. It never blocks, and it errs on the side of not flagging ordinary words.

This module is the one place the rules are written. The hint while typing (static/js/pii.js)
reads the patterns and word lists from `browser_rules()`, rendered into the teller pages, and
repeats the few steps of `find_personal_data` after the matching; a browser test
(tests/browser/test_pii_hint.py) checks that it finds what this module finds.
"""

import functools
import re
from dataclasses import dataclass
from typing import Any

from vertelpunt.jsregex import SPACE, to_javascript


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # email | phone | bsn | address | name | school

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
# Dutch surname particles, lower case inside a name ("Jan van der Berg") and capitalised at
# its start ("meester Van der Berg", "mevrouw De Vries").
_PARTICLES = (
    r"(?:(?i:van|de|der|den|ter|ten|te|het|in 't|op de|el|al|van de|van der|van den|van het)\s+)"
)
_WORD = r"[A-Z][a-zà-ÿ'-]+"
# A second part of a name: lower-case particles only, so that "meester Jansen van De
# Regenboog" ends the name at "Jansen" (and the school is found on its own).
_MORE = r"(?:van|de|der|den|ter|ten|te|van de|van der|van den)\s+"
_NAME = rf"{_PARTICLES}*{_WORD}(?:\s+(?:{_MORE})*(?!De\b|Het\b){_WORD})?"
# The cue in any case; the name itself must start with a capital (after optional particles).
NAME_CUE = re.compile(
    r"\b(?i:juf|juffrouw|meester|mevrouw|meneer|mevr\.?|dhr\.?|dokter|docent|mentor|"
    r"directeur|directrice|coach|begeleider|tante|oom|opa|oma|"
    r"(?:mijn|onze|ons|haar|zijn)\s+(?:zoon|dochter|kind|broer|zus|broertje|zusje|man|vrouw))"
    rf"\s+(?P<name>{_NAME})"
    # Titles written before a name: "dr. Bakker", "mr. Jansen", "drs. De Wit".
    rf"|\b(?i:dr|mr|drs|ir|ing|prof)\.\s*(?P<titled>{_NAME})"
)
# A school's name: after a word for a school ("basisschool De Regenboog", "obs Het Palet",
# "het Stedelijk College"), or a capitalised "De"/"Het" in the middle of a sentence ("we
# gingen naar De Regenboog"), which in Dutch only a name has.
_SCHOOL_WORD = (
    r"(?i:basisschool|school|obs|cbs|rkbs|pcbs|kindcentrum|ikc|sbo|vso|so|kbs|"
    r"montessorischool|daltonschool|jenaplanschool|scholengemeenschap|csg|rsg|lyceum|"
    r"college|gymnasium|mavo|vmbo|havo|vwo)"
)
SCHOOL = re.compile(
    rf"\b{_SCHOOL_WORD}\s+(?P<after>(?:(?:De|Het|de|het|'t)\s+)?{_WORD}(?:\s+{_WORD})?)"
    rf"|\b(?i:het)\s+(?P<college>(?:{_WORD}\s+){{1,3}}(?:College|Lyceum|Gymnasium|"
    r"Scholengemeenschap))"
    rf"|(?<=[a-zà-ÿ,] )(?P<named>(?:De|Het|'t) {_WORD}(?:\s+{_WORD})?)"
)
OF_A_PLACE = re.compile(r"van (?:De|Het|'t)\s")
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
        group = "name" if m.group("name") else "titled"
        name = m.group(group)
        # The first word that is not a particle: "Juf Die zei..." is no name.
        first = next((w for w in name.split() if w[0].isupper() and not _particle(w)), "")
        if not first or first.lower() in NOT_NAMES:
            continue
        # "de directeur van Het Baken": "van" before a capitalised article names a place (a
        # school, found below), not a person.
        if OF_A_PLACE.match(name):
            continue
        spans.append(Span(m.start(group), m.end(group), "name"))
    for m in SCHOOL.finditer(text):
        group = next(g for g in ("after", "college", "named") if m.group(g))
        words = m.group(group).split()
        if words[-1].lower() in NOT_NAMES or (group == "after" and not words[-1][0].isupper()):
            continue
        spans.append(Span(m.start(group), m.end(group), "school"))
    return _without_overlaps(spans)


_PARTICLE_WORDS = {"van", "de", "der", "den", "ter", "ten", "te", "het", "el", "al"}


def _particle(word: str) -> bool:
    return word.lower() in _PARTICLE_WORDS


@functools.cache
def browser_rules() -> dict[str, Any]:
    """The patterns (as JavaScript sources for the `u` flag) and word lists above, for the
    hint while typing."""
    return {
        "patterns": {
            name: to_javascript(pattern)
            for name, pattern in {
                "email": EMAIL,
                "phone": PHONE,
                "nineDigits": NINE_DIGITS,
                "postcodeHouse": POSTCODE_HOUSE,
                "street": STREET,
                "nameCue": NAME_CUE,
                "school": SCHOOL,
                "ofAPlace": OF_A_PLACE,
            }.items()
        },
        # Python's str.split() splits on Python's whitespace.
        "space": f"[{SPACE}]+",
        "notNames": sorted(NOT_NAMES),
        "particles": sorted(_PARTICLE_WORDS),
    }


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
