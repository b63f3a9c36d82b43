"""The default questionnaire is data: loading it is idempotent, and published versions are
immutable."""

import shutil

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from signifiers.models import Option, QuestionnaireVersion, Signifier, Wording
from signifiers.spec import SpecError, load_file
from tests.conftest import DEFAULT_FILE
from tracks.loading import collection_load_file
from tracks.models import Collection, Track


def table_counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (Collection, Track, QuestionnaireVersion, Signifier, Wording, Option)
    )


def test_loading_the_default_questionnaire_twice_changes_nothing(db):
    call_command("load_questionnaires")
    first = table_counts()
    version = QuestionnaireVersion.objects.get()
    call_command("load_questionnaires")
    assert table_counts() == first
    assert QuestionnaireVersion.objects.get().published_at == version.published_at


def test_default_questionnaire_matches_the_domain_brief(passend):
    version = QuestionnaireVersion.objects.get()
    assert version.is_published
    assert version.number == load_file(DEFAULT_FILE)["questionnaire"]["version"]
    signifiers = {s.key: s for s in Signifier.objects.filter(version=version)}
    assert [o.key for o in signifiers["gevoel"].options.all()][:3] == [
        "blijdschap",
        "tevredenheid",
        "trots",
    ]
    assert signifiers["gevoel"].options.count() == 10
    assert signifiers["invloed"].max_choices == 2
    assert signifiers["leren"].max_choices == 2
    assert signifiers["ondersteuning"].max_choices == 3
    assert signifiers["goed_onderwijs"].kind == "slider"
    # The story is page 1; the questions fill the pages after it without a gap, and every
    # track names each page.
    last = max(s.step for s in signifiers.values())
    assert {s.step for s in signifiers.values()} == set(range(2, last + 1))
    for track in Track.objects.filter(collection=passend):
        assert len(track.step_titles) == last, track.role
    assert not any(s.kind == "triad" for s in signifiers.values())
    # Every question has wording for all three tracks.
    assert Wording.objects.filter(signifier__version=version).count() == 3 * len(signifiers)


def test_a_changed_file_with_the_same_version_number_is_refused(db, tmp_path):
    collection_load_file(path=DEFAULT_FILE)
    changed = tmp_path / "changed.toml"
    shutil.copy(DEFAULT_FILE, changed)
    text = changed.read_text().replace("blijdschap", "vreugde", 1)
    changed.write_text(text)
    with pytest.raises(SpecError, match="new version number"):
        collection_load_file(path=changed)


def test_a_changed_file_with_a_new_version_number_adds_a_version(db, tmp_path):
    loaded = collection_load_file(path=DEFAULT_FILE).version
    Track.objects.filter(role="ouder").update(intro="Door staf herschreven.")
    page = Track.objects.get(role="ouder").step_titles.index("Wie hadden invloed?")
    changed = tmp_path / "changed.toml"
    text = (
        DEFAULT_FILE.read_text()
        .replace(f"version = {loaded.number}", f"version = {loaded.number + 1}")
        .replace(f'label = "{loaded.label}"', 'label = "volgende"')
        .replace('"Wie hadden invloed?"', '"Wie waren erbij?"')
    )
    changed.write_text(text)
    collection_load_file(path=changed)
    assert list(QuestionnaireVersion.objects.order_by("number").values_list("number", "label")) == [
        (loaded.number, loaded.label),
        (loaded.number + 1, "volgende"),
    ]
    # The page titles name the new version's pages; what staff wrote stays theirs.
    ouder = Track.objects.get(role="ouder")
    assert ouder.step_titles[page] == "Wie waren erbij?"
    assert ouder.intro == "Door staf herschreven."


def test_load_command_reports_a_broken_file_clearly(db, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[collection]\nslug = 'x'\n")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="broken.toml"):
        call_command("load_questionnaires", str(broken))


@pytest.mark.parametrize(
    "change",
    [
        lambda v: Signifier.objects.filter(version=v).update(required=True),
        lambda v: Wording.objects.filter(signifier__version=v).update(prompt="Anders"),
        lambda v: Option.objects.filter(signifier__version=v).update(label="Anders"),
        lambda v: Option.objects.filter(signifier__version=v).delete(),
        lambda v: Signifier.objects.create(version=v, key="nieuw", kind="text", step=2, order=99),
        lambda v: QuestionnaireVersion.objects.filter(pk=v.pk).update(status="draft"),
    ],
    ids=["signifier", "wording", "option", "delete-option", "add-signifier", "unpublish"],
)
def test_the_database_refuses_changes_to_a_published_version(passend, change):
    version = QuestionnaireVersion.objects.get()
    with pytest.raises(IntegrityError, match="published"), transaction.atomic():
        change(version)


def test_a_draft_version_can_be_edited(passend):
    from signifiers import services
    from signifiers.selectors import version_spec

    version = QuestionnaireVersion.objects.get()
    draft = services.questionnaire_version_create(
        questionnaire=version.questionnaire,
        number=version.number + 1,
        label="next",
        signifiers=version_spec(version),
    )
    Wording.objects.filter(signifier__version=draft, role="ouder").update(prompt="Nieuw")
    assert Wording.objects.filter(signifier__version=draft, prompt="Nieuw").exists()


def test_a_pupil_label_is_loaded_beside_the_canonical_label_of_the_same_option(passend):
    option = Option.objects.get(signifier__key="aspect", key="werksituatie")
    assert option.label == "de werksituatie (in de klas, op school)"
    assert option.label_for("leerling") == "de lessen en hoe het gaat in de klas"
    assert option.label_for("ouder") == option.label


def test_a_changed_pupil_label_with_the_same_version_number_is_refused(db, tmp_path):
    collection_load_file(path=DEFAULT_FILE)
    changed = tmp_path / "changed.toml"
    text = DEFAULT_FILE.read_text().replace('labels.leerling = "boos"', 'labels.leerling = "kwaad"')
    changed.write_text(text)
    with pytest.raises(SpecError, match="new version number"):
        collection_load_file(path=changed)


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ('labels.kleuter = "x"', "unknown tracks"),
        ('labels.leerling = ""', "non-empty"),
        ('labels = "x"', "table of track"),
    ],
)
def test_a_track_label_for_an_unknown_track_or_without_text_is_refused(tmp_path, labels, message):
    broken = tmp_path / "broken.toml"
    text = DEFAULT_FILE.read_text().replace('labels.leerling = "boos"', labels)
    broken.write_text(text)
    from signifiers.spec import load_file

    with pytest.raises(SpecError, match=message):
        load_file(broken)


def test_a_track_label_for_a_track_that_does_not_see_the_option_is_refused(tmp_path):
    broken = tmp_path / "broken.toml"
    text = DEFAULT_FILE.read_text().replace(
        'label = "Pleegouder"', 'label = "Pleegouder"\n  labels.leerling = "x"'
    )
    broken.write_text(text)
    from signifiers.spec import load_file

    with pytest.raises(SpecError, match="do not see the option"):
        load_file(broken)
