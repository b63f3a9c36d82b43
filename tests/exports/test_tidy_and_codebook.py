"""The long ("tidy") table, the codebook and what the zip holds."""

import pytest

from exports.rows import TIDY_COLUMNS
from tests.exports.archive import read_table, run_export
from tests.factories import NA, tell_story
from tests.teller import current_version, page_of

FILES = {
    "csv": {"README.txt", "verhalen.csv", "antwoorden.csv", "codeboek.csv"},
    "csv-excel": {"README.txt", "verhalen.csv", "antwoorden.csv", "codeboek.csv"},
    "xlsx": {"README.txt", "verhalen.xlsx", "antwoorden.xlsx", "codeboek.xlsx"},
    "json": {"README.txt", "verhalen.jsonl", "antwoorden.jsonl", "codeboek.json"},
}


@pytest.mark.parametrize("fmt", list(FILES))
def test_the_zip_holds_wide_and_tidy_tables_a_codebook_and_a_readme(passend, tmp_path, fmt):
    tell_story(passend, "ouder", {"gevoel": "hoop"}, until_step=page_of("gevoel"))
    archive = run_export(tmp_path, fmt)
    assert set(archive.namelist()) == FILES[fmt]
    readme = archive.read("README.txt").decode()
    for name in FILES[fmt] - {"README.txt"}:
        assert name in readme
    assert "Aantal verhalen: 1" in readme


def test_the_tidy_table_has_one_row_per_story_question_and_answer(passend, triade, tmp_path):
    story = tell_story(
        passend,
        "ouder",
        {
            "gevoel": "hoop",
            "goed_onderwijs": 72,
            "gevolgen": NA,
            "invloed": ["leraar_mentor", "ib_zorgcoordinator"],
            "advies": "Luister eerder naar ouders.",
        },
        until_step=page_of("advies"),
    )
    pupil = tell_story(triade, "leerling", {"balans": (20, 30, 50)}, until_step=2)
    rows = read_table(run_export(tmp_path), "antwoorden", "csv")
    assert list(rows[0]) == TIDY_COLUMNS
    mine = [
        (r["question"], r["option"], r["value"], r["is_na"])
        for r in rows
        if r["story_id"] == str(story.pk)
    ]
    assert mine == [
        ("gevoel", "hoop", "", "0"),
        ("goed_onderwijs", "", "72", "0"),
        ("gevolgen", "", "", "1"),
        ("invloed", "leraar_mentor", "", "0"),
        ("invloed", "ib_zorgcoordinator", "", "0"),
        ("advies", "", "Luister eerder naar ouders.", "0"),
    ]
    shares = [(r["option"], r["value"]) for r in rows if r["story_id"] == str(pupil.pk)]
    assert shares == [("hoofd", "20"), ("hart", "30"), ("handen", "50")]


def test_the_codebook_explains_every_column_per_track(passend, tmp_path):
    tell_story(passend, "ouder", until_step=1)
    archive = run_export(tmp_path)
    header = list(read_table(archive, "verhalen", "csv")[0])
    codebook = {row["column"]: row for row in read_table(archive, "codeboek", "csv")}
    assert list(codebook) == header

    moderation = codebook["moderation"]
    assert moderation["kind"] == "meta" and "approved" in moderation["values"]

    slider_row = codebook["goed_onderwijs"]
    assert slider_row["kind"] == "slider"
    assert slider_row["text_leerling"].startswith("Was dit voor jou een voorbeeld")
    assert "[0 = absoluut niet … 100 = zeker wel]" in slider_row["text_ouder"]
    assert slider_row["values"] == "0–100"
    assert slider_row["versions"] == current_version().label
    assert codebook["goed_onderwijs__nvt"]["kind"] == "nvt"

    dummy = codebook["invloed__leraar_mentor"]
    assert (dummy["question"], dummy["option"]) == ("invloed", "leraar_mentor")
    assert dummy["values"] == "1 | 0"
    assert dummy["option_label"] == "leraar of mentor"
    # The labels the tellers of each other language read, for the same stored key.
    assert dummy["option_label_en"] == "teacher or mentor"
    assert dummy["option_label_tr"] == "öğretmen veya mentor"
    assert all(dummy[f"option_label_{code}"] for code in ("ar", "pl", "uk"))
    assert codebook["language"]["values"] == "nl | en | ar | tr | pl | uk"

    single = codebook["gevoel"]
    assert "hoop = hoop" in single["values"] and "blijdschap = blijdschap" in single["values"]
    assert codebook["rol"]["values"].count("=") >= 20


def test_the_json_codebook_is_a_list_of_column_entries(passend, tmp_path):
    tell_story(passend, "ouder", until_step=1)
    entries = read_table(run_export(tmp_path, "json"), "codeboek", "json")
    assert entries[0]["column"] == "story_id"
    assert {"column", "meaning", "text_ouder", "values"} <= set(entries[0])
