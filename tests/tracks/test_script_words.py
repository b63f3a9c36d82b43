"""The teller pages' scripts show no words of their own: every word a teller reads or hears
comes from the page (templates/tracks/_script_text.html), where it is translated and in the
track's form of address.

A script's string literals are read and each is checked for common Dutch words. That cannot
prove a string is not user-facing (a Dutch word outside this list slips through), but it
does not flag code: class names, selectors, keys and regular expressions contain none of
these words as a whole word. The browser test beside the widgets
(tests/browser/test_widget_words.py) shows that the sliders' and triads' words are the page's."""

import re
from pathlib import Path

import pytest
from django.conf import settings

SCRIPTS = sorted((Path(settings.BASE_DIR) / "static" / "js").glob("*.js"))

# Words that any Dutch sentence on these pages is likely to hold, and that are no English
# word or code term (so not "in", "is", "die", "door", "over", "kind", "concept", "u").
DUTCH = {
    "aan", "al", "alle", "antwoord", "beantwoord", "bewaard", "dat", "de", "driehoek", "een",
    "en", "er", "geen", "gekozen", "gebruik", "het", "hier", "hoeken", "ja", "je", "jij", "jouw",
    "kies", "kun", "lijn", "met", "moet", "naar", "nee", "niet", "nog", "of", "om", "ook",
    "opslaan", "precies", "samen", "sleep", "tekens", "tekst", "tik", "uw", "van", "verder",
    "versturen", "voor", "vorige", "vraag", "vragen", "wat", "wis", "zijn",
}  # fmt: skip
WORD = re.compile(r"[^\W\d_]+")


def string_literals(source: str) -> list[str]:
    """The contents of the quoted strings and template literals in a script, skipping
    comments and regular expression literals."""
    found, at, previous = [], 0, ""
    while at < len(source):
        char = source[at]
        if source.startswith("//", at):
            at = source.find("\n", at)
            at = len(source) if at < 0 else at
        elif source.startswith("/*", at):
            at = source.index("*/", at) + 2
        elif char in "\"'`":
            end = at + 1
            while source[end] != char:
                end += 2 if source[end] == "\\" else 1
            found.append(source[at + 1 : end])
            at, previous = end + 1, char
        elif char == "/" and (previous == "" or previous in "(,=:[!&|?{};+"):
            # A regular expression literal: up to the closing slash outside a class.
            end, in_class = at + 1, False
            while in_class or source[end] != "/":
                if source[end] == "\\":
                    end += 1
                elif source[end] in "[]":
                    in_class = source[end] == "["
                end += 1
            at, previous = end + 1, "/"
        else:
            if not char.isspace():
                previous = char
            at += 1
    return found


def dutch_words(literal: str) -> set[str]:
    return {w for w in WORD.findall(literal.lower()) if w in DUTCH}


def test_there_are_teller_scripts_to_check():
    assert {p.name for p in SCRIPTS} >= {"teller.js", "pii.js", "signifiers.js"}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_a_teller_script_holds_no_dutch_words_of_its_own(script):
    literals = string_literals(script.read_text())
    assert len(literals) > 5  # the reader found the script's strings
    dutch = {lit: dutch_words(lit) for lit in literals if dutch_words(lit)}
    assert dutch == {}


@pytest.mark.parametrize(
    "line",
    [
        'clear.textContent = "Wis antwoord";',
        'state.textContent = has ? "Gekozen: " + value + " van 100." : "";',
        "el.setAttribute('aria-valuetext', 'nog niet beantwoord');",
        "total.textContent = `Samen ${sum}: dat moet precies 100 zijn.`;",
    ],
)
def test_the_check_notices_a_hard_coded_dutch_string(line):
    assert any(dutch_words(lit) for lit in string_literals(line))


def test_code_strings_comments_and_regular_expressions_are_not_taken_for_words():
    code = (
        '/* Wis het antwoord */ var re = /\\{(\\w+)\\}"de"/g; // de tekst\n'
        'node.className = "btn btn-link btn-sm ms-2"; x = new RegExp(source, "u");\n'
        'var key = "vertelpunt:draft:" + path; var words = text(form, "slider-clear");'
    )
    literals = string_literals(code)
    assert literals == ["btn btn-link btn-sm ms-2", "u", "vertelpunt:draft:", "slider-clear"]
    assert not any(dutch_words(lit) for lit in literals)
