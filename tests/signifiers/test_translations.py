"""Questionnaire wording in other teller languages: language files beside a data file, loaded
with it, shown to tellers of that language, and Dutch wherever a language has no wording."""

import re
import shutil
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from signifiers.models import Wording
from signifiers.selectors import latest_published_version, version_spec
from signifiers.spec import SpecError, load_file
from signifiers.spec_translations import TRACK_FIELDS, WORDING_FIELDS, teller_languages
from tests.conftest import DEFAULT_FILE, TRIAD_FILE
from tracks.loading import collection_load_file

ENGLISH = """
language = "en"

[collection]
title = "Triad test"

[tracks.ouder]
title = "I am a parent or carer"
steps = ["Your experience", "About your experience", "About you", "Last of all"]

[signifiers.tevreden.wording.ouder]
prompt = "How satisfied are you with what happened?"
left = "not satisfied at all"
right = "very satisfied"

[signifiers.wie.options.b]
label = "parent(s) or carer(s)"
"""


def with_english(tmp_path: Path, english: str = ENGLISH) -> Path:
    path = tmp_path / "triade.toml"
    shutil.copy(TRIAD_FILE, path)
    (tmp_path / "triade.en.toml").write_text(english)
    return path


def test_a_language_file_is_read_with_its_data_file(tmp_path):
    spec = load_file(with_english(tmp_path))
    tevreden = next(s for s in spec["questionnaire"]["signifiers"] if s["key"] == "tevreden")
    assert tevreden["wording"]["ouder"]["translations"]["en"] == {
        "prompt": "How satisfied are you with what happened?",
        "left": "not satisfied at all",
        "right": "very satisfied",
    }
    assert tevreden["wording"]["leerling"]["translations"] == {}
    ouder = next(t for t in spec["tracks"] if t["role"] == "ouder")
    assert ouder["translations"]["en"]["title"] == "I am a parent or carer"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("tevreden.wording", "tevredenheid.wording"), "no such question"),
        (("options.b]", "options.zz]"), "no such option"),
        (('language = "en"', 'language = "tr"'), "its name says 'en'"),
        (("[tracks.ouder]", "[tracks.opa]"), "no such track"),
        (('right = "very satisfied"', 'colour = "red"'), "unknown keys"),
        (('"About you", "Last of all"]', '"About you"]'), "pages"),
    ],
)
def test_a_language_file_that_does_not_match_its_data_file_is_refused(tmp_path, change, message):
    old, new = change
    with pytest.raises(SpecError, match=re.escape(message)):
        load_file(with_english(tmp_path, ENGLISH.replace(old, new)))


def test_the_translations_are_part_of_the_published_version(db, tmp_path):
    result = collection_load_file(path=with_english(tmp_path))
    version = latest_published_version(result.collection.questionnaire)
    assert version is not None
    stored = {s["key"]: s for s in version_spec(version)}
    assert stored["wie"]["options"][1]["translations"] == {"en": {"label": "parent(s) or carer(s)"}}
    # Loading the same files again changes nothing.
    assert collection_load_file(path=with_english(tmp_path)).created == []


def test_an_english_page_shows_the_english_wording_and_dutch_where_it_has_none(db, tmp_path):
    collection_load_file(path=with_english(tmp_path))
    client = Client()
    home = client.get("/en/triade-test/").content.decode()
    assert "I am a parent or carer" in home
    page = client.get("/en/triade-test/ouder/stap/1/")
    token = re.search(r'name="token" value="([0-9a-f-]{36})"', page.content.decode())
    assert token
    client.post(
        "/en/triade-test/ouder/stap/1/",
        {"text": "Mijn zoon kreeg eindelijk hulp op school.", "token": token.group(1)},
    )
    step = client.get("/en/triade-test/ouder/stap/2/").content.decode()
    assert "How satisfied are you with what happened?" in step
    assert "very satisfied" in step
    assert "parent(s) or carer(s)" in step
    # A question without English wording is shown in Dutch, marked as Dutch.
    dutch = re.search(r'<div lang="nl" dir="ltr">(.*?)</fieldset>', step, re.S)
    assert dutch and "Waar ging deze ervaring vooral over?" in dutch.group(1)
    assert "Hoe tevreden bent u" not in step
    # The same page in Dutch is untouched.
    nl = Client()
    nl.get("/triade-test/")
    assert "How satisfied" not in nl.get("/triade-test/ouder/").content.decode()


def test_the_editor_shows_what_each_language_lacks_and_previews_it(db, tmp_path, staff_client):
    result = collection_load_file(path=with_english(tmp_path))
    version = latest_published_version(result.collection.questionnaire)
    assert version is not None
    editor = staff_client("Vragenlijstbeheerder")
    page = editor.get(reverse("questionnaires:version", args=[version.pk])).content.decode()
    english = re.search(r'<tr data-language="en">(.*?)</tr>', page, re.S)
    turkish = re.search(r'<tr data-language="tr">(.*?)</tr>', page, re.S)
    assert english and turkish
    wordings = Wording.objects.filter(signifier__version=version).count()
    # One English wording (tevreden for parents) of all; no Turkish at all.
    assert f"{wordings - 1} van {wordings}" in english.group(1)
    assert "tevreden (ouder)" not in english.group(1)
    assert "balans (ouder)" in english.group(1)
    assert f"{wordings} van {wordings}" in turkish.group(1)
    url = reverse("questionnaires:preview", args=[version.pk, "ouder", 2])
    preview = editor.get(url + "?taal=en").content.decode()
    assert '<html lang="en"' in preview
    assert "How satisfied are you with what happened?" in preview
    assert "Voorbeeld – niets wordt opgeslagen" in preview  # the staff banner stays Dutch
    assert editor.get(url + "?taal=xx").status_code == 404


@pytest.mark.parametrize("language", teller_languages())
def test_the_default_questionnaire_ships_every_teller_language_complete(language):
    spec = load_file(DEFAULT_FILE)
    assert set(spec["collection"]["translations"][language]) == {"title", "welcome"}
    for track in spec["tracks"]:
        texts = track["translations"][language]
        dutch = {field for field in TRACK_FIELDS if track[field]} | {"steps"}
        assert set(texts) == dutch, track["role"]
        assert len(texts["steps"]) == len(track["steps"])
    for signifier in spec["questionnaire"]["signifiers"]:
        for role, wording in signifier["wording"].items():
            texts = wording["translations"][language]
            dutch = {field for field in WORDING_FIELDS if wording[field]}
            assert set(texts) == dutch, (signifier["key"], role)
        for option in signifier["options"]:
            texts = option["translations"][language]
            assert texts["label"], (signifier["key"], option["key"])
            assert set(texts.get("labels", {})) == set(option["labels"]), option["key"]


def test_an_editor_writes_a_drafts_wording_in_another_language(db, staff_client, tmp_path):
    from signifiers import services as signifier_services

    result = collection_load_file(path=with_english(tmp_path))
    published = latest_published_version(result.collection.questionnaire)
    assert published is not None
    draft = signifier_services.questionnaire_version_copy(source=published)
    balans = draft.signifiers.get(key="balans")
    editor = staff_client("Vragenlijstbeheerder")
    url = reverse("questionnaires:signifier_language", args=[draft.pk, balans.pk, "tr"])
    form = editor.get(url).content.decode()
    assert "Nederlands: Waar ging deze ervaring vooral over?" in form
    hart = balans.options.get(key="hart")
    sent = editor.post(
        url,
        {"ouder-prompt": "Bu deneyim en çok ne hakkındaydı?", "keuze-hart": "Kalp (hissetmek)"},
    )
    assert sent.status_code == 302
    hart.refresh_from_db()
    assert hart.translations == {"tr": {"label": "Kalp (hissetmek)"}}
    preview = reverse("questionnaires:preview", args=[draft.pk, "ouder", balans.step])
    page = editor.get(preview + "?taal=tr").content.decode()
    assert "Bu deneyim en çok ne hakkındaydı?" in page
    assert "Kalp (hissetmek)" in page
    # Emptied again: Turkish tellers read the Dutch.
    editor.post(url, {"ouder-prompt": "", "keuze-hart": ""})
    hart.refresh_from_db()
    assert hart.translations == {}
    assert (
        "Waar ging deze ervaring vooral over?" in editor.get(preview + "?taal=tr").content.decode()
    )
    # A published version cannot change, and Dutch is the file itself.
    on_published = reverse(
        "questionnaires:signifier_language",
        args=[published.pk, published.signifiers.get(key="balans").pk, "tr"],
    )
    assert editor.post(on_published, {"ouder-prompt": "x"}).status_code == 400
    nl = reverse("questionnaires:signifier_language", args=[draft.pk, balans.pk, "nl"])
    assert editor.get(nl).status_code == 404
