"""Python patterns are written out for JavaScript with the same meaning, or refused.

Whether a browser then matches the same is shown in Chromium (tests/browser/test_pii_hint.py);
here: that the classes used for Python's \\w, \\d, \\s and case-insensitive letters hold the
characters Python's own `re` gives them, and that what cannot be carried over is refused."""

import re
import unicodedata

import pytest

from vertelpunt.jsregex import SPACE, Untranslatable, to_javascript

EVERY_CHARACTER = "".join(map(chr, range(0x110000)))


def test_pythons_word_and_digit_characters_are_unicodes_letters_numbers_and_decimal_digits():
    # jsregex.WORD is \p{L}\p{N}_ and DIGIT \p{Nd}; Python's re has no \p to ask directly.
    words = set(re.findall(r"\w", EVERY_CHARACTER))
    digits = set(re.findall(r"\d", EVERY_CHARACTER))
    category = unicodedata.category
    assert words == {c for c in EVERY_CHARACTER if category(c)[0] in "LN" or c == "_"}
    assert digits == {c for c in EVERY_CHARACTER if category(c) == "Nd"}


def test_the_space_class_holds_exactly_pythons_whitespace():
    assert set(re.findall(f"[{SPACE}]", EVERY_CHARACTER)) == set(re.findall(r"\s", EVERY_CHARACTER))


@pytest.mark.parametrize("letter", "abcdefghijklmnopqrstuvwxyz")
def test_a_letter_in_a_case_insensitive_group_stands_for_what_python_matches(letter):
    python_matches = set(re.findall(f"(?i:{letter})", EVERY_CHARACTER))
    written = to_javascript(re.compile(f"(?i:{letter})"))
    assert written.startswith("(?:[") and written.endswith("])")
    assert set(written[4:-2]) == python_matches
    assert len(written[4:-2]) == len(python_matches)


@pytest.mark.parametrize(
    ("python", "javascript"),
    [
        (r"(?P<name>[A-Z][a-z]+)", r"(?<name>[A-Z][a-z]+)"),
        (r"(?i:dr)\.", r"(?:[dD][rR])\."),
        (r"(?i:mijn\s+zoon)", r"(?:[mM][iIİı][jJ][nN][" + SPACE + r"]+[zZ][oO][oO][nN])"),
        (r"[\w.+-]+@", r"[\p{L}\p{N}_.+-]+@"),
        (r"\d{3}\.\d{2}", r"\p{Nd}{3}\.\p{Nd}{2}"),
        (r"(?<![\d.,-])x", r"(?<![\p{Nd}.,-])x"),
        (r"a\'b", r"a'b"),
        (r"[a\-z]", r"[a\-z]"),
        (r"a.b", r"a[^\n]b"),
    ],
)
def test_python_syntax_is_written_the_javascript_way(python, javascript):
    assert to_javascript(re.compile(python)) == javascript


def test_a_word_boundary_is_pythons_unicode_boundary():
    written = to_javascript(re.compile(r"\bjuf"))
    assert written.endswith("juf") and r"(?<=[\p{L}\p{N}_])" in written


@pytest.mark.parametrize(
    "python",
    [
        r"^juf",  # anchors read line ends differently
        r"juf$",
        r"\Ajuf",
        r"(?P<a>x)(?P=a)",  # back-references
        r"(x)\1",
        r"(?i:[a-z])",  # a class that would need its letters doubled
        r"x{,3}",  # Python's {0,3}, an error in JavaScript
        r"(?>x)",  # atomic groups
        r"\Bx",
        r"\W",
    ],
)
def test_what_javascript_would_read_differently_is_refused(python):
    with pytest.raises(Untranslatable):
        to_javascript(re.compile(python))


def test_flags_for_the_whole_pattern_are_refused():
    with pytest.raises(Untranslatable):
        to_javascript(re.compile("juf", re.IGNORECASE))
