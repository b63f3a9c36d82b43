"""Every word a teller reads exists in every language a teller can choose: the catalogs in
locale/ hold a finished translation of each teller string (tests/i18n/teller_sources.py
says which files those come from), no string marked in a teller file is missing from them,
the placeholders come through, and the committed .mo files are what the .po files say.
Staff pages stay Dutch, so no staff-only string is translated."""

import gettext

import polib
import pytest
from django.conf import settings

from tests.i18n import catalogs
from tests.i18n.teller_sources import (
    ROOT,
    TELLER_SOURCES,
    teller_files,
    teller_modules,
    teller_templates,
)


@pytest.mark.parametrize("pattern", TELLER_SOURCES)
def test_every_teller_source_names_a_file(pattern):
    # A moved or renamed folder would otherwise drop its strings from the checks unseen.
    assert list(ROOT.glob(pattern)), pattern


def test_every_language_offered_to_tellers_has_a_catalog():
    offered = {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
    assert offered <= set(catalogs.TRANSLATED)
    for lang in catalogs.TRANSLATED:
        assert catalogs.po_path(lang).is_file(), lang
        assert catalogs.mo_path(lang).is_file(), lang


@pytest.mark.parametrize("lang", catalogs.TRANSLATED)
def test_the_catalog_has_the_languages_plural_rule(lang):
    po = catalogs.load_po(lang)
    assert po.metadata["Language"] == lang
    assert po.metadata["Plural-Forms"] == catalogs.PLURAL_FORMS[lang]


@pytest.mark.parametrize("lang", catalogs.TRANSLATED)
def test_every_teller_string_is_translated(lang):
    po = catalogs.load_po(lang)
    entries = catalogs.teller_entries(po)
    assert any(e.msgid == "Opslaan en verder" for e in entries)  # the list reaches the pages
    nplurals = int(catalogs.PLURAL_FORMS[lang].split(";")[0].split("=")[1])
    unfinished = [
        e.msgid
        for e in entries
        if "fuzzy" in e.flags
        or not all(text.strip() for text in catalogs.translations(e))
        or (e.msgid_plural and len(e.msgstr_plural) != nplurals)
    ]
    assert unfinished == []


@pytest.mark.parametrize("lang", catalogs.TRANSLATED)
def test_staff_only_strings_stay_dutch(lang):
    po = catalogs.load_po(lang)
    files = teller_files()
    translated = [
        e.msgid
        for e in po
        if not e.obsolete
        and not catalogs.is_teller_entry(e, files)
        and any(catalogs.translations(e))
    ]
    assert translated == []


@pytest.mark.parametrize("lang", catalogs.TRANSLATED)
def test_every_string_marked_in_a_teller_file_is_in_the_catalog(lang):
    """A string added to a teller template or module without `make messages` fails here."""
    in_catalog = {catalogs.key_of(e) for e in catalogs.load_po(lang) if not e.obsolete}
    marked = {
        (path.relative_to(ROOT).as_posix(), key)
        for path in teller_templates() + teller_modules()
        for key in catalogs.marked_strings(path)
    }
    assert len(marked) > 150  # the templates and modules were read
    assert sorted((path, key) for path, key in marked if key not in in_catalog) == []


def test_a_new_template_string_would_be_noticed():
    template = (
        "{% load i18n %}<p>{% translate 'Nieuwe zin' %}</p>"
        "{% blocktranslate count n=items|length %}Eén ding{% plural %}{{ n }} dingen"
        "{% endblocktranslate %}{{ value|default:_('(leeg)') }}"
        "{% translate 'Menu' context 'navigatie' %}"
    )
    assert catalogs.template_strings(template) == {
        (None, "Nieuwe zin", ""),
        (None, "Eén ding", "%(n)s dingen"),
        (None, "(leeg)", ""),
        ("navigatie", "Menu", ""),
    }


def test_a_new_string_under_an_alias_would_be_noticed():
    module = (
        "from django.utils.translation import gettext_lazy as _lazy, ngettext, pgettext\n"
        'A = _lazy("Nieuw " "bericht")\n'
        'B = ngettext("%(n)s ding", "%(n)s dingen", 2)\n'
        'C = pgettext("knop", "Verder")\n'
        "D = _lazy(name)\n"
        'E = print("Geen vertaling")\n'
    )
    assert catalogs.module_strings(module) == {
        (None, "Nieuw bericht", ""),
        (None, "%(n)s ding", "%(n)s dingen"),
        ("knop", "Verder", ""),
    }


@pytest.mark.parametrize("lang", catalogs.TRANSLATED)
def test_translations_keep_the_placeholders_and_tags(lang):
    problems = {
        e.msgid: catalogs.placeholder_problems(e)
        for e in catalogs.load_po(lang)
        if not e.obsolete and catalogs.placeholder_problems(e)
    }
    assert problems == {}


@pytest.mark.parametrize(
    ("source", "translation", "ok"),
    [
        ("Pagina %(n)s van %(total)s", "Page %(n)s of %(total)s", True),
        ("Pagina %(n)s van %(total)s", "Page %(n)s of %(all)s", False),
        ("Pagina %(n)s van %(total)s", "Page %(n)s", False),
        ("{length} van {max} tekens.", "{length} of {maximum} characters.", False),
        ("<strong>Tellingen:</strong> omlaag.", "Counts: down.", False),
        ("Gekozen: {na}.", "Chosen: {na}.", True),
    ],
)
def test_a_lost_or_renamed_placeholder_is_a_problem(source, translation, ok):
    entry = polib.POEntry(msgid=source, msgstr=translation)
    assert (catalogs.placeholder_problems(entry) == []) is ok


@pytest.mark.parametrize(
    ("forms", "ok"),
    [
        (["One more thing:", "%(n)s more things:"], True),  # the singular spells out "one"
        (["%(n)s more thing:", "%(n)s more things:"], True),
        (["One more thing:", "More things:"], True),
        (["One more thing:", "%(count)s more things:"], False),
    ],
)
def test_a_plural_form_may_spell_out_the_count_where_dutch_does(forms, ok):
    entry = polib.POEntry(
        msgid="Nog één ding:",
        msgid_plural="Nog %(n)s dingen:",
        msgstr_plural=dict(enumerate(forms)),
    )
    assert (catalogs.placeholder_problems(entry) == []) is ok


def test_a_plural_form_keeps_what_both_dutch_forms_have():
    entry = polib.POEntry(
        msgid="%(done)s pagina van %(total)s klaar",
        msgid_plural="%(done)s pagina's van %(total)s klaar",
        msgstr_plural={0: "%(done)s page done", 1: "%(done)s of %(total)s pages done"},
    )
    assert catalogs.placeholder_problems(entry) == ["%(done)s page done"]


def _compiled(entries) -> dict[catalogs.Key, list[str]]:
    return {
        catalogs.key_of(e): catalogs.translations(e)
        for e in entries
        if e.msgid and not e.obsolete and "fuzzy" not in e.flags and any(catalogs.translations(e))
    }


@pytest.mark.parametrize("lang", catalogs.TRANSLATED)
def test_the_committed_mo_file_is_compiled_from_the_po_file(lang):
    """Django reads the .mo files; a .po edited without `make messages` fails here."""
    po = catalogs.load_po(lang)
    mo = polib.mofile(str(catalogs.mo_path(lang)))
    assert _compiled(mo) == _compiled(po)
    assert mo.metadata["Plural-Forms"] == po.metadata["Plural-Forms"]
    # As Python's gettext (and so Django) reads the file: its plural rule picks the forms.
    with catalogs.mo_path(lang).open("rb") as handle:
        reader = gettext.GNUTranslations(handle)
    rule = gettext.c2py(catalogs.PLURAL_FORMS[lang].split("plural=")[1].rstrip(";"))
    entry = next(e for e in po if e.msgid == "nog %(left)s pagina")
    forms = catalogs.translations(entry)
    for n in [*range(30), 100, 101, 102, 111, 122]:
        assert reader.ngettext(entry.msgid, entry.msgid_plural, n) == forms[rule(n)]
