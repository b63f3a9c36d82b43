"""Likely personal data in Dutch stories is spotted; ordinary sentences are left alone."""

import pytest

from vertelpunt.pii import elf_proof, find_personal_data


def kinds(text: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text(text)) for s in find_personal_data(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail me op jan.devries@example.nl als je wilt.", [("email", "jan.devries@example.nl")]),
        ("Bel 06-12345678 na vijf uur.", [("phone", "06-12345678")]),
        ("Mijn nummer is 06 1234 5678.", [("phone", "06 1234 5678")]),
        ("Via +31 6 12345678 bereikbaar", [("phone", "+31 6 12345678")]),
        ("De school: 020-1234567.", [("phone", "020-1234567")]),
        ("Zijn BSN is 111222333.", [("bsn", "111222333")]),
        ("We wonen op 1234 AB 12 sinds mei.", [("address", "1234 AB 12")]),
        ("Adres: Dorpsstraat 14, Ergens.", [("address", "Dorpsstraat 14")]),
        ("Juf Annemiek zag het meteen.", [("name", "Annemiek")]),
        ("Gelukkig was meester Van der Berg er.", [("name", "Van der Berg")]),
        ("mevrouw Jansen belde terug", [("name", "Jansen")]),
        ("Mijn zoon Daan is tien.", [("name", "Daan")]),
        ("Meneer de Vries van de gemeente", [("name", "de Vries")]),
        ("Meneer de directeur belde.", []),
    ],
)
def test_likely_personal_data_is_flagged(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "De juf was heel aardig en de meester ook.",
        "Mijn zoon is twaalf en zit in groep 8.",
        "Mijn dochter. Zij wilde niet meer naar school.",
        "Juf De school had geen plek.",
        "Het duurde 123456789 seconden, zo voelde het.",  # 9 digits that fail the 11-proof
        "In 2019 kregen 1500 leerlingen een arrangement.",
        "Het kostte 1.250 euro per maand.",
        "Groep 7 had 28 leerlingen en 3 begeleiders.",
        "We wachtten van 2018 tot 2020 op een plek.",
        "Meneer zei dat het niet kon.",
        "Ik sprak met de IB'er en de zorgcoördinator.",
    ],
)
def test_ordinary_sentences_are_not_flagged(text):
    assert kinds(text) == []


def test_elf_proof():
    assert elf_proof("111222333")
    assert elf_proof("123456782")
    assert not elf_proof("123456789")
    assert not elf_proof("000000000")
