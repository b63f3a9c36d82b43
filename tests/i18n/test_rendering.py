"""The compiled catalogs are the ones Django uses (settings.LOCALE_PATHS): a teller page
rendered in a language reads that language, with the right plural form and form of
address, and the pages shown when things break follow the language too."""

import datetime
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from tracks.forms import RECEIPT_HELP
from vertelpunt import errors


def _progress(pages_left: int) -> str:
    context = {
        "step_count": 9,
        "step_number": 9 - pages_left,
        "steps_done": 8 - pages_left,
        "pages_left": pages_left,
        "answered": 1,
        "question_count": 21,
        "step_title": "",
    }
    return " ".join(render_to_string("tracks/_progress.html", context).split())


@pytest.mark.parametrize(
    ("lang", "pages_left", "expected"),
    [
        ("nl", 5, "nog 5 pagina's"),
        ("en", 1, "1 more page"),
        ("en", 5, "5 more pages"),
        ("pl", 1, "została 1 strona"),
        ("pl", 3, "zostały 3 strony"),
        ("pl", 5, "zostało 5 stron"),
        ("uk", 1, "залишилася 1 сторінка"),
        ("uk", 3, "залишилося 3 сторінки"),
        ("uk", 5, "залишилося 5 сторінок"),
        ("tr", 5, "5 sayfa kaldı"),
        ("ar", 5, "الصفحات المتبقية: 5"),
    ],
)
def test_the_progress_line_is_in_the_tellers_language(lang, pages_left, expected):
    with translation.override(lang):
        html = _progress(pages_left)
    assert expected in html


def test_a_page_in_english_has_no_dutch_left():
    with translation.override("en"):
        html = _progress(3)
    assert "Page 6 of 9" in html
    assert "1 of 21 questions answered" in html
    assert "Pagina" not in html and "vragen" not in html


@pytest.mark.parametrize(
    ("lang", "je", "u"),
    [
        ("tr", "aldığın kod", "aldığınız kod"),
        ("uk", "Код, який з’явився", "Код, який ви отримали"),
        ("ar", "حصلت عليه", "حصلتم عليه"),
    ],
)
def test_pupils_and_parents_are_addressed_in_their_own_form(lang, je, u):
    with translation.override(lang):
        assert je in RECEIPT_HELP.to("je")
        assert u in RECEIPT_HELP.to("u")


def test_the_unavailable_page_reads_right_to_left_in_arabic():
    with translation.override("ar"):
        html = errors.unavailable().content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert "لحظة من فضلك" in html
    assert "<em>رجوع</em>" in html  # the tag in the translation is markup, not text


def test_the_unavailable_page_is_dutch_by_default():
    html = errors.unavailable().content.decode()
    assert 'lang="nl" dir="ltr"' in html
    assert "Even geduld" in html


def test_the_server_error_page_follows_the_language(db):
    with translation.override("pl"):
        try:
            raise ValueError("a bug")
        except ValueError:
            response = errors.server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="pl" dir="ltr">' in html
    assert "Coś poszło nie tak po naszej stronie" in html


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", "uiterlijk op 31 december 2031 verwijderd"),
        ("en", "no later than Dec. 31, 2031"),
        ("pl", "najpóźniej 31 grudnia 2031"),  # the month as Polish writes it in a date
        ("uk", "не пізніше 31 грудня 2031"),
    ],
)
def test_the_deletion_date_is_written_the_languages_way(lang, expected):
    collection = SimpleNamespace(
        slug="passend-onderwijs",
        title="Vertelpunt passend onderwijs",
        controller="",
        retention_until=datetime.date(2031, 12, 31),
    )
    context = {"collection": collection, "address": "u", "incomplete_days": 365}
    with translation.override(lang):
        html = " ".join(render_to_string("tracks/privacy.html", context).split())
    assert expected in html
