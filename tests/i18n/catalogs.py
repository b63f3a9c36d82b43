"""Reading the gettext catalogs (locale/) and the strings the code marks for translation, for
the catalog tests. The .po files are parsed with polib; the marked strings are read the way
makemessages finds them: templates through Django's own `templatize`, Python through its
syntax tree."""

import ast
import io
import re
import tokenize
from collections import Counter
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation.template import templatize

from tests.i18n.teller_sources import teller_files

# The languages a teller can choose besides Dutch, the language of the code.
TRANSLATED = ["en", "ar", "tr", "pl", "uk"]

# gettext's plural rules (the gettext manual's table): Arabic has six forms, Polish and
# Ukrainian three (one, few, many), English and Turkish two.
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n > 1);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5);",
}

# (context, msgid, msgid_plural): how a catalog entry is told apart from another.
Key = tuple[str | None, str, str]


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def po_path(lang: str) -> Path:
    return locale_dir() / lang / "LC_MESSAGES" / "django.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def load_po(lang: str) -> polib.POFile:
    return polib.pofile(str(po_path(lang)))


def key_of(entry: polib.POEntry | polib.MOEntry) -> Key:
    return (entry.msgctxt or None, entry.msgid, entry.msgid_plural or "")


def is_teller_entry(entry: polib.POEntry, files: set[str] | None = None) -> bool:
    """A teller string: one of its `#:` locations is a teller source."""
    files = teller_files() if files is None else files
    return any(path in files for path, _line in entry.occurrences)


def teller_entries(po: polib.POFile) -> list[polib.POEntry]:
    files = teller_files()
    return [e for e in po if not e.obsolete and is_teller_entry(e, files)]


def translations(entry: polib.POEntry | polib.MOEntry) -> list[str]:
    """The translated text, one per plural form for a plural entry."""
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


# --- What the code marks for translation ----------------------------------------------------

# Django's translation functions, and which arguments are context, msgid and plural.
_ARGUMENTS = {
    "gettext": ("msgid",),
    "gettext_lazy": ("msgid",),
    "gettext_noop": ("msgid",),
    "ngettext": ("msgid", "plural"),
    "ngettext_lazy": ("msgid", "plural"),
    "pgettext": ("context", "msgid"),
    "pgettext_lazy": ("context", "msgid"),
    "npgettext": ("context", "msgid", "plural"),
    "npgettext_lazy": ("context", "msgid", "plural"),
}


def _key(role: tuple[str, ...], args: list[str]) -> Key:
    named = dict(zip(role, args, strict=False))
    return (named.get("context"), named["msgid"], named.get("plural", ""))


def template_strings(source: str, origin: str = "") -> set[Key]:
    """The strings of {% translate %}, {% blocktranslate %} and _("…") in a template, as
    makemessages writes them into the catalog (templatize turns them into gettext calls)."""
    code = templatize(source, origin=origin or None)
    # Python-like, not Python: the template's indentation means nothing, so it goes.
    code = "\n".join(line.lstrip() for line in code.splitlines())
    tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    found: set[Key] = set()
    names = {**_ARGUMENTS, "_": ("msgid",)}
    for at, token in enumerate(tokens[:-1]):
        if token.type != tokenize.NAME or token.string not in names:
            continue
        if tokens[at + 1].string != "(":
            continue
        args = []
        for arg in tokens[at + 2 :]:
            if arg.type == tokenize.STRING:
                args.append(ast.literal_eval(arg.string))
            elif arg.string != ",":
                break
        if args:
            found.add(_key(names[token.string], args))
    return found


def module_strings(source: str) -> set[Key]:
    """The literal strings a Python module passes to Django's translation functions, under
    whatever name it imported them (`gettext_lazy as _lazy` included)."""
    tree = ast.parse(source)
    names: dict[str, tuple[str, ...]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name in _ARGUMENTS:
                    names[alias.asname or alias.name] = _ARGUMENTS[alias.name]
    found: set[Key] = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        role = names.get(node.func.id)
        if role is None:
            continue
        args = [
            a.value
            for a in node.args[: len(role)]
            if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
        if len(args) == len(role):
            found.add(_key(role, args))
    return found


def marked_strings(path: Path) -> set[Key]:
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return module_strings(source)
    return template_strings(source, origin=str(path))


# --- Placeholders ----------------------------------------------------------------------------

# What must come through a translation unchanged: Python's %-placeholders (named or not),
# the {name} slots the teller scripts fill in, and HTML tags.
PLACEHOLDER = re.compile(
    r"%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|%[#0+-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]"
    r"|\{\w+\}"
    r"|</?[a-zA-Z][^>]*>"
)


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


def placeholder_problems(entry: polib.POEntry) -> list[str]:
    """How the translation's placeholders differ from the source's. A plural form may leave
    out the count where the Dutch singular spells it out ("Nog één ding:" / "Nog %(n)s
    dingen:"); every placeholder both Dutch forms have must be in every form."""
    problems = []
    if not entry.msgid_plural:
        if entry.msgstr and placeholders(entry.msgstr) != placeholders(entry.msgid):
            problems.append(entry.msgstr)
        return problems
    singular, plural = placeholders(entry.msgid), placeholders(entry.msgid_plural)
    shared = singular & plural
    for form in translations(entry):
        found = placeholders(form)
        if form and (found - plural or shared - found):
            problems.append(form)
    return problems
