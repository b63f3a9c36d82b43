"""What a teller writes can never run as a formula in an analyst's spreadsheet, and the teller
id links one visit's stories without revealing the visit."""

import hashlib
import hmac
import io
import uuid

import pytest
from django.conf import settings
from openpyxl import load_workbook

from tests.exports.archive import by_story, read_table, run_export, wide
from tests.factories import tell_story
from tests.teller import page_of
from vertelpunt.csvsafe import neutralise, neutralise_cells

ATTACKS = ['=HYPERLINK("http://x")', "+31 6 1234", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", ATTACKS)
def test_dangerous_first_characters_get_an_apostrophe(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Gewoon tekst", "", "3 keer", "'al veilig", " =spatie eerst"])
def test_other_text_and_numbers_are_left_alone(value):
    assert neutralise(value) == value
    assert neutralise(-5) == -5
    assert neutralise(None) is None


def test_only_the_listed_cells_are_neutralised():
    row = ["=a", "=b", 7, None]
    neutralise_cells(row, [1, 2, 3])
    assert row == ["=a", "'=b", 7, None]


def attacked_story(passend):
    return tell_story(
        passend,
        "ouder",
        {"advies": "@SUM(1+1)*cmd|' /C calc'!A0", "gevoel": "hoop"},
        until_step=page_of("advies"),
        title='=HYPERLINK("http://evil.example","klik")',
        text="+31 6 12345678 belde mij",
        source="-facebook",
    )


@pytest.mark.parametrize("fmt", ["csv", "csv-excel"])
def test_csv_cells_starting_with_formula_characters_are_neutralised(passend, tmp_path, fmt):
    story = attacked_story(passend)
    archive = run_export(tmp_path, fmt)
    row = by_story(read_table(archive, "verhalen", fmt))[story.pk]
    assert row["title"] == '\'=HYPERLINK("http://evil.example","klik")'
    assert row["text"] == "'+31 6 12345678 belde mij"
    assert row["advies"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert row["source"] == "'-facebook"
    tidy = read_table(archive, "antwoorden", fmt)
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in {r["value"] for r in tidy}
    # Nothing in the file starts a cell with a formula character.
    delimiter = ";" if fmt == "csv-excel" else ","
    raw = archive.read("verhalen.csv").decode("utf-8-sig")
    for line in raw.splitlines():
        for cell in line.split(delimiter):
            assert not cell.lstrip('"').startswith(("=", "+", "@")), cell


def test_xlsx_cells_starting_with_formula_characters_are_text_not_formulas(passend, tmp_path):
    story = attacked_story(passend)
    archive = run_export(tmp_path, "xlsx")
    sheet = load_workbook(io.BytesIO(archive.read("verhalen.xlsx"))).active
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == story.pk)
    cells = dict(zip(header, row, strict=False))
    for column in ("title", "text", "advies", "source"):
        assert cells[column].data_type == "s", column
        assert cells[column].value.startswith("'"), column
    formulas = [c for r in sheet.iter_rows() for c in r if c.data_type == "f"]
    assert formulas == []


def test_xlsx_drops_control_characters_that_excel_cannot_store(passend, tmp_path):
    story = tell_story(passend, "ouder", until_step=1, text="Eerst\x01 dan\x0b later")
    rows = read_table(run_export(tmp_path, "xlsx"), "verhalen", "xlsx")
    assert by_story(rows)[story.pk]["text"] == "Eerst dan later"


def test_json_keeps_the_text_exactly(passend, tmp_path):
    story = attacked_story(passend)
    row = by_story(wide(tmp_path, "json"))[story.pk]
    assert row["title"].startswith("=HYPERLINK")


def test_teller_id_links_the_stories_of_one_visit_and_differs_between_visits(passend, tmp_path):
    visit = uuid.uuid4()
    first = tell_story(passend, "ouder", until_step=1, visit_id=visit)
    second = tell_story(passend, "ouder", until_step=1, visit_id=visit)
    other = tell_story(passend, "ouder", until_step=1)
    rows = by_story(wide(tmp_path))
    assert rows[first.pk]["teller_id"] == rows[second.pk]["teller_id"]
    assert rows[first.pk]["teller_id"] != rows[other.pk]["teller_id"]
    teller_id = rows[first.pk]["teller_id"]
    assert len(teller_id) == 16
    assert visit.hex[:8] not in teller_id and str(visit) not in str(rows[first.pk])
    # A plain (unkeyed) hash of the visit id would let anyone holding visit ids test them.
    assert hashlib.sha256(str(visit).encode()).hexdigest()[:16] != teller_id
    key = hashlib.sha256(b"vertelpunt.exports.teller_id:" + settings.SECRET_KEY.encode()).digest()
    expected = hmac.new(key, str(visit).encode(), hashlib.sha256).hexdigest()[:16]
    assert teller_id == expected


def test_the_teller_id_changes_with_the_secret_key(passend, tmp_path, settings):
    story = tell_story(passend, "ouder", until_step=1)
    before = by_story(wide(tmp_path / "a"))[story.pk]["teller_id"]
    settings.SECRET_KEY = "another-secret-key-for-this-test"
    after = by_story(wide(tmp_path / "b"))[story.pk]["teller_id"]
    assert before != after
