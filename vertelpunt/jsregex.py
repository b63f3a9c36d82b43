"""Python regular expressions written out for JavaScript, so that a script in the browser
finds exactly what the server finds with the same pattern (vertelpunt/pii.py is the source,
static/js/pii.js the reader).

The two flavours differ where it matters for Dutch text: Python's `\\w`, `\\d`, `\\s` and `\\b`
know Unicode, JavaScript's are ASCII (even with the `u` flag); Python scopes case-insensitivity
to a group, `(?i:…)`, which older browsers do not understand; Python names groups `(?P<…>)`.
`to_javascript` rewrites those into what a JavaScript engine reads the same way, for a
RegExp with the `u` flag. Anything else it does not know to be equal in both it refuses, so a
new construct in a pattern fails loudly (tests/vertelpunt/test_jsregex.py) instead of being
read differently by the browser.
"""

import re

# Python's \w on text is "a letter or a number in Unicode, or _" (str.isalnum), which is
# exactly Unicode's general categories L and N; \d is category Nd.
WORD = r"\p{L}\p{N}_"
DIGIT = r"\p{Nd}"
# Python's \s is str.isspace(); JavaScript's \s differs in a few code points (\x1c-\x1f,
# \x85, \ufeff), so the characters are written out.
SPACE = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Python's \b: between a word character and something else, with Python's word characters.
BOUNDARY = rf"(?:(?<=[{WORD}])(?![{WORD}])|(?<![{WORD}])(?=[{WORD}]))"

# Characters that Python's case-insensitive matching takes for an ASCII letter besides its
# upper and lower case (tests/vertelpunt/test_jsregex.py checks this against Python itself).
EXTRA_CASES = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}

# May stand escaped in a JavaScript pattern with the u flag (outside a character class).
_SYNTAX = set("^$\\.*+?()[]{}|/")
_GROUP_OPENINGS = ("(?:", "(?=", "(?!", "(?<=", "(?<!")
_QUANTIFIER = re.compile(r"\{\d+(?:,\d*)?\}")


class Untranslatable(ValueError):
    """The pattern uses something to_javascript does not know how to carry over faithfully."""


def to_javascript(pattern: re.Pattern[str]) -> str:
    """The source of a JavaScript RegExp (to be built with the `u` flag) that matches where
    `pattern` matches, with the same named groups."""
    if pattern.flags & ~re.UNICODE:
        raise Untranslatable("flags on the whole pattern; scope them to a group instead")
    return _Translation(pattern.pattern).run()


def _case_class(letter: str) -> str:
    lower = letter.lower()
    return "[" + lower + lower.upper() + EXTRA_CASES.get(lower, "") + "]"


class _Translation:
    def __init__(self, source: str) -> None:
        self.source = source
        self.at = 0
        self.out: list[str] = []
        # One entry per open group: whether case is ignored inside it.
        self.groups: list[bool] = []
        self.in_class = False

    @property
    def ignore_case(self) -> bool:
        return bool(self.groups) and self.groups[-1]

    def refuse(self, what: str) -> Untranslatable:
        return Untranslatable(f"{what} at {self.at} in {self.source!r}")

    def run(self) -> str:
        while self.at < len(self.source):
            char = self.source[self.at]
            if char == "\\":
                self.escape()
            elif self.in_class:
                self.class_char(char)
            elif char == "(":
                self.open_group()
            elif char == ")":
                if not self.groups:
                    raise self.refuse("an unbalanced parenthesis")
                self.groups.pop()
                self.emit(")")
            elif char == "[":
                self.open_class()
            elif char == ".":
                self.emit("[^\\n]")  # Python's dot; JavaScript's also skips \r, \u2028, \u2029
            elif char in "^$":
                raise self.refuse("an anchor (read differently around line ends)")
            elif char == "{":
                self.quantifier()
            elif char.isascii() and char.isalpha() and self.ignore_case:
                self.emit(_case_class(char))
            else:
                self.emit(char)
        if self.groups or self.in_class:
            raise self.refuse("an unclosed group or class")
        return "".join(self.out)

    def emit(self, text: str, width: int = 1) -> None:
        self.out.append(text)
        self.at += width

    def open_group(self) -> None:
        rest = self.source[self.at :]
        if rest.startswith("(?P<"):
            end = rest.index(">")
            self.groups.append(self.ignore_case)
            self.emit("(?<" + rest[4:end] + ">", end + 1)
        elif rest.startswith("(?i:"):
            self.groups.append(True)
            self.emit("(?:", 4)
        elif rest.startswith(_GROUP_OPENINGS):
            opening = next(o for o in _GROUP_OPENINGS if rest.startswith(o))
            self.groups.append(self.ignore_case)
            self.emit(opening, len(opening))
        elif rest.startswith("(?"):
            raise self.refuse("a group kind without a JavaScript equal")
        else:
            self.groups.append(self.ignore_case)
            self.emit("(")

    def quantifier(self) -> None:
        # Python reads "{,3}" as "{0,3}" and a lone "{" as a brace; JavaScript refuses both.
        found = _QUANTIFIER.match(self.source, self.at)
        if not found:
            raise self.refuse("a brace that is not a {m} or {m,n} quantifier")
        self.emit(found.group(), len(found.group()))

    def open_class(self) -> None:
        if self.ignore_case:
            raise self.refuse("a character class inside a case-insensitive group")
        rest = self.source[self.at :]
        if rest.startswith(("[]", "[^]")):
            raise self.refuse("a class starting with ']'")
        self.in_class = True
        if rest.startswith("[^"):
            self.emit("[^", 2)
        else:
            self.emit("[")

    def class_char(self, char: str) -> None:
        if char == "]":
            self.in_class = False
        elif char == "[":
            raise self.refuse("'[' inside a class (a set operation in JavaScript's v mode)")
        self.emit(char)

    def escape(self) -> None:
        if self.at + 1 >= len(self.source):
            raise self.refuse("a trailing backslash")
        char = self.source[self.at + 1]
        if char == "w":
            self.emit(WORD if self.in_class else f"[{WORD}]", 2)
        elif char == "d":
            self.emit(DIGIT, 2)
        elif char == "s":
            self.emit(SPACE if self.in_class else f"[{SPACE}]", 2)
        elif char == "b" and not self.in_class:
            self.emit(BOUNDARY, 2)
        elif char in "tnrfv":
            self.emit("\\" + char, 2)
        elif char.isascii() and char.isalnum():
            raise self.refuse(f"the escape \\{char}")
        elif char in _SYNTAX or (char == "-" and self.in_class):
            self.emit("\\" + char, 2)
        else:
            # Python allows any punctuation escaped; JavaScript's u mode only syntax
            # characters: the character stands for itself.
            self.emit(char, 2)
