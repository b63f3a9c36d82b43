"""The wide table: one row per story, stable column names from signifier keys, every answer kind
in its own shape, the same values in every format."""

import pytest

from exports.columns import META_COLUMNS
from moderation.services import story_set_translation
from tests.exports.archive import by_story, plain, read_table, run_export, wide
from tests.factories import NA, StaffUserFactory, tell_story
from tests.teller import current_version, page_of
from tracks.models import Story

FORMATS = ["csv", "csv-excel", "xlsx", "json"]

PASSEND_ANSWERS = {
    "gevoel": "hoop",
    "goed_onderwijs": 72,
    "gevolgen": NA,
    "invloed": ["leraar_mentor", "ib_zorgcoordinator"],
    "samenwerking": 0,
    "ondersteuning": "gedrag",
    "advies": "Luister eerder naar ouders.",
    "rol": "pleegouder",
    "onderwijssoort": NA,
    "regio": "kennemerland",
    "deze_manier": "positief",
}


def test_the_header_is_metadata_then_the_questions_in_questionnaire_order(passend, tmp_path):
    tell_story(passend, "ouder")
    header = list(wide(tmp_path)[0])
    meta = [name for name, _ in META_COLUMNS]
    assert header[: len(meta)] == meta
    assert header[len(meta) : len(meta) + 6] == [
        "gevoel",
        "goed_onderwijs",
        "goed_onderwijs__nvt",
        "gevolgen",
        "gevolgen__nvt",
        "aspect",
    ]
    invloed = [h for h in header if h.startswith("invloed__")]
    assert invloed[:3] == ["invloed__ikzelf", "invloed__leerling", "invloed__ouders"]
    assert "invloed__leraar_mentor" in invloed and "invloed__nvt" not in header
    assert header[-1] == "deze_manier"
    assert len(header) == len(set(header))


def test_multiple_choice_is_one_0_1_column_per_option(passend, tmp_path):
    story = tell_story(passend, "ouder", PASSEND_ANSWERS)
    row = by_story(wide(tmp_path))[story.pk]
    assert row["invloed__leraar_mentor"] == "1"
    assert row["invloed__ib_zorgcoordinator"] == "1"
    assert row["invloed__schooldirectie"] == "0"
    assert row["ondersteuning__gedrag"] == "1"
    # Skipped (nothing chosen) on a step the teller saved: every option 0.
    assert {v for k, v in row.items() if k.startswith("leren__")} == {"0"}


def test_a_slider_is_a_number_empty_when_skipped_with_a_separate_na_marker(passend, tmp_path):
    story = tell_story(passend, "ouder", PASSEND_ANSWERS)
    row = by_story(wide(tmp_path))[story.pk]
    assert (row["goed_onderwijs"], row["goed_onderwijs__nvt"]) == ("72", "0")
    assert (row["samenwerking"], row["samenwerking__nvt"]) == ("0", "0")
    # n.v.t.: no value, the marker says why.
    assert (row["gevolgen"], row["gevolgen__nvt"]) == ("", "1")
    # Skipped: empty, and not n.v.t.
    assert (row["beleving_aspect"], row["beleving_aspect__nvt"]) == ("", "0")


def test_single_choice_and_select_hold_the_option_key(passend, tmp_path):
    story = tell_story(passend, "ouder", PASSEND_ANSWERS)
    row = by_story(wide(tmp_path))[story.pk]
    assert row["gevoel"] == "hoop"
    assert row["rol"] == "pleegouder"
    assert row["regio"] == "kennemerland"
    assert row["aspect"] == ""
    assert (row["onderwijssoort"], row["onderwijssoort__nvt"]) == ("", "1")
    assert row["deze_manier"] == "positief"
    assert row["advies"] == "Luister eerder naar ouders."


def test_story_metadata_columns(passend, tmp_path):
    story = tell_story(passend, "ouder", PASSEND_ANSWERS, source="facebook", title="Eindelijk")
    Story.objects.filter(pk=story.pk).update(moderation=Story.Moderation.APPROVED)
    story.refresh_from_db()
    row = by_story(wide(tmp_path))[story.pk]
    assert row["collection"] == "passend-onderwijs"
    assert row["track"] == "ouder"
    assert row["role_type"] == "ouder"
    assert row["region"] == "kennemerland"
    assert row["questionnaire_version"] == current_version().label
    assert row["status"] == "complete"
    assert row["moderation"] == "approved"
    assert row["source"] == "facebook"
    assert row["title"] == "Eindelijk"
    assert row["text"] == story.text
    assert row["started_at"].startswith(str(story.started_at.astimezone().year))
    assert row["started_at"].endswith(("+01:00", "+02:00"))
    assert story.completed_at is not None
    expected = int((story.completed_at - story.started_at).total_seconds())
    assert row["duration_seconds"] == str(expected)


def test_questions_a_teller_never_reached_are_empty_not_zero(passend, tmp_path):
    stopped = tell_story(passend, "ouder", until_step=1)
    row = by_story(wide(tmp_path))[stopped.pk]
    assert row["status"] == "incomplete"
    assert row["completed_at"] == row["duration_seconds"] == ""
    assert row["invloed__leraar_mentor"] == ""
    assert row["goed_onderwijs__nvt"] == ""
    assert row["gevoel"] == ""


def test_a_triad_is_three_share_columns(triade, tmp_path):
    story = tell_story(triade, "leerling", {"balans": (20, 30, 50), "tevreden": 60}, until_step=3)
    na = tell_story(triade, "ouder", {"balans": NA, "tevreden": 10}, until_step=2)
    rows = by_story(wide(tmp_path))
    row = rows[story.pk]
    assert (row["balans__hoofd"], row["balans__hart"], row["balans__handen"]) == (
        "20",
        "30",
        "50",
    )
    assert row["balans__nvt"] == "0"
    assert (rows[na.pk]["balans__hoofd"], rows[na.pk]["balans__nvt"]) == ("", "1")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_carries_the_same_values(passend, tmp_path, fmt):
    story = tell_story(passend, "ouder", PASSEND_ANSWERS, source="facebook")
    reference = by_story(wide(tmp_path / "ref", "csv"))[story.pk]
    row = by_story(wide(tmp_path, fmt))[story.pk]
    assert list(row) == list(reference)
    for column, value in reference.items():
        got = row[column]
        if column in ("started_at", "completed_at") and fmt == "xlsx":
            # Excel has no time zones: the local wall-clock time.
            assert got.isoformat() == value[:19], column
        else:
            assert plain(got) == value, column


def test_json_lines_use_numbers_and_null(passend, tmp_path):
    story = tell_story(passend, "ouder", PASSEND_ANSWERS)
    row = by_story(wide(tmp_path, "json"))[story.pk]
    assert row["story_id"] == story.pk
    assert row["goed_onderwijs"] == 72
    assert row["beleving_aspect"] is None
    assert row["invloed__leraar_mentor"] == 1
    assert row["gevolgen__nvt"] == 1


def test_excel_csv_has_a_byte_order_mark_and_semicolons(passend, tmp_path):
    tell_story(passend, "ouder", PASSEND_ANSWERS)
    raw = run_export(tmp_path, "csv-excel").read("verhalen.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    assert (
        raw.split(b"\r\n")[0].count(b";")
        == len(read_table(run_export(tmp_path), "verhalen", "csv")[0]) - 1
    )
    plain_csv = run_export(tmp_path, "csv").read("verhalen.csv")
    assert not plain_csv.startswith(b"\xef\xbb\xbf")
    assert plain_csv.split(b"\r\n")[0].startswith(b"story_id,teller_id,")


def test_an_xlsx_sheet_that_is_full_continues_on_the_next(passend, tmp_path, monkeypatch):
    from exports import writers

    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 3)
    stories = [tell_story(passend, "ouder") for _ in range(5)]
    archive = run_export(tmp_path, "xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(archive.read("verhalen.xlsx")), read_only=True)
    assert workbook.sheetnames == ["verhalen", "verhalen 2", "verhalen 3"]
    assert workbook["verhalen 2"]["A1"].value == "story_id"
    rows = read_table(archive, "verhalen", "xlsx")
    assert sorted(r["story_id"] for r in rows) == sorted(s.pk for s in stories)


@pytest.mark.parametrize("fmt", ["csv", "csv-excel"])
def test_csv_fields_with_delimiters_quotes_and_newlines_read_back_exactly(passend, tmp_path, fmt):
    nasty = 'Hij zei: "nee", toen; daarna\r\nniets.\nEinde, "echt"'
    story = tell_story(
        passend,
        "ouder",
        {"advies": 'a;b,"c"'},
        until_step=page_of("advies"),
        title='Titel, "met" ;',
        text=nasty,
    )
    row = by_story(wide(tmp_path, fmt))[story.pk]
    assert row["text"] == nasty
    assert row["title"] == 'Titel, "met" ;'
    assert row["advies"] == 'a;b,"c"'


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_working_translation_has_its_own_columns_after_the_tellers_words(passend, tmp_path, fmt):
    moderator = StaffUserFactory(moderator=True)
    english = tell_story(passend, "ouder", title="Waiting", text="A year on a list.", language="en")
    dutch = tell_story(passend, "ouder")
    story_set_translation(
        story=english, actor=moderator, title="Wachten", text="=Een jaar op een lijst."
    )
    archive = run_export(tmp_path, fmt)
    rows = by_story(read_table(archive, "verhalen", fmt))
    header = list(rows[english.pk])
    assert header.index("text") + 1 == header.index("translation_nl_title")
    assert header.index("translation_nl_title") + 1 == header.index("translation_nl_text")
    row = rows[english.pk]
    assert (row["title"], row["text"]) == ("Waiting", "A year on a list.")
    assert row["translation_nl_title"] == "Wachten"
    # Typed by staff, yet text from outside the export all the same: no formula in a sheet.
    neutral = "'=Een jaar op een lijst." if fmt != "json" else "=Een jaar op een lijst."
    assert row["translation_nl_text"] == neutral
    assert plain(rows[dutch.pk]["translation_nl_text"]) == ""
    codebook = {r["column"]: r for r in read_table(archive, "codeboek", fmt)}
    assert "getypt door een medewerker" in codebook["translation_nl_text"]["meaning"]
    assert "niet door de verteller" in codebook["translation_nl_title"]["meaning"]
