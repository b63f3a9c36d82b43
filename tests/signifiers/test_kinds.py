"""Every answer kind in the registry survives the whole way: a questionnaire with one question
of that kind, answered through the teller pages, stored, read back, exported (wide, tidy,
codebook) and coded for the analysis. Parametrised over the registry, so a new kind is covered
by adding it there."""

import csv
import io
import random
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, cast

import pytest
from django.core.management import call_command

from analysis.columns import question_columns
from analysis.matrix import coded_stories
from analysis.questions import question_set
from exports.services import export_write
from signifiers.answers import AnswerValue
from signifiers.kinds import REGISTRY, AnswerKind, Cells, Coding, DemoStory, Storage
from signifiers.kinds.base import AnswerRow
from signifiers.models import Signifier
from signifiers.selectors import latest_published_version, version_questions
from tests.conftest import TRIAD_FILE
from tests.teller import start_story, step_url
from tracks.filters import StoryFilter
from tracks.forms import StepForm
from tracks.loading import collection_load_file
from tracks.models import Answer, Story

KEY = "vraag"
ROLE = "ouder"
OPTIONS = [("eerste", "Eerste"), ("tweede", "Tweede"), ("derde", "Derde"), ("vierde", "Vierde")]


def test_a_signifier_offers_exactly_the_registered_kinds():
    field = Signifier._meta.get_field("kind")
    assert [(key, str(label)) for key, label in field.flatchoices] == [
        (k.key, str(k.label)) for k in REGISTRY.values()
    ]


@pytest.mark.django_db
def test_registering_a_kind_needs_no_migration(monkeypatch):
    """CONTRIBUTING's steps for a new kind: its module and a line in the registry, no more."""
    new = type("LongText", (type(REGISTRY["text"]),), {"key": "long_text"})()
    monkeypatch.setitem(REGISTRY, "long_text", new)
    assert ("long_text", new.label) in Signifier._meta.get_field("kind").flatchoices
    out = io.StringIO()
    call_command("makemigrations", "signifiers", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def _questionnaire_file(tmp_path: Path, kind: AnswerKind) -> Path:
    """The test questionnaire's collection and tracks, with one question of `kind`."""
    header = TRIAD_FILE.read_text().split("[[signifiers]]")[0]
    header = header.replace('"triade-test"', f'"soort-{kind.key}"')
    lines = ["[[signifiers]]", f'key = "{KEY}"', f'kind = "{kind.key}"', "step = 2"]
    if kind.takes_max_choices:
        lines.append("max_choices = 2")
    if kind.takes_max_length:
        lines.append("max_length = 500")
    for role in ("leerling", "ouder", "professional"):
        lines += [f"[signifiers.wording.{role}]", f'prompt = "Hoe was het, {role}?"']
        if kind.has_poles:
            lines += ['left = "slecht"', 'right = "goed"']
    if kind.has_options:
        for key, label in OPTIONS[: kind.option_count or len(OPTIONS)]:
            lines += ["[[signifiers.options]]", f'key = "{key}"', f'label = "{label}"']
    path = tmp_path / f"{kind.key}.toml"
    path.write_text(header + "\n".join(lines) + "\n")
    return path


class _Controls(HTMLParser):
    """The values a browser would submit for a form's controls, as a form pre-filled with an
    answer renders them."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "input" and name:
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value") or "on")
            else:
                self.data.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.setdefault(self._select, []).append(a.get("value") or "")
        elif tag == "textarea":
            self._textarea = name
            self.data.setdefault(name, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea][-1] += data


def _form_data(shown: Any, value: AnswerValue) -> dict[str, list[str]]:
    form = StepForm(shown=shown, initial={KEY: value})
    parser = _Controls()
    parser.feed(str(form))
    return {name: values for name, values in parser.data.items() if any(values)}


def _table(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(f"{name}.csv").decode())))


@pytest.mark.parametrize("kind", list(REGISTRY.values()), ids=list(REGISTRY))
def test_an_answer_of_every_kind_goes_from_teller_to_export_and_analysis(
    kind: AnswerKind, db, client, tmp_path
):
    collection = collection_load_file(path=_questionnaire_file(tmp_path, kind)).collection
    version = latest_published_version(collection.questionnaire)
    assert version is not None
    questions = version_questions(version)
    signifier = next(s for s in questions.signifiers if s.key == KEY)
    shown = questions.shown(ROLE, 2)

    # The answer the kind itself finds plausible, and what the teller's form posts for it.
    drawn = DemoStory(rng=random.Random(7), valence=0.7, region=None, texts=["Luister eerder."])
    options = [(o.pk, o.key, o.group, o.label) for o in signifier.options.all()]
    rows = kind.demo_answer(drawn, options=options, max_choices=2, attribute="")
    assert rows
    # Stored answers are read back from rows like these (AnswerRow, without a story).
    value = kind.read(signifier, cast(list[AnswerRow], rows))
    data = _form_data(shown, value)
    assert data, "the pre-filled form submits something"

    start_story(client, collection.slug, ROLE)
    response = client.post(step_url(collection.slug, ROLE, 2), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    story = Story.objects.get(collection=collection)
    assert story.status == Story.Status.COMPLETE

    stored = list(Answer.objects.filter(story=story, signifier=signifier).order_by("pk"))
    assert stored
    assert kind.read(signifier, stored) == value
    assert kind.describe(signifier, stored) not in ("", "— niet beantwoord —")

    # The wide table: each of the question's columns holds its part of the answer.
    path = tmp_path / "export.zip"
    export_write(flt=StoryFilter(collection=collection.slug), fmt="csv", path=path)
    archive = zipfile.ZipFile(path)
    wide = _table(archive, "verhalen")
    assert len(wide) == 1
    option_keys = [key for key, _label in OPTIONS[: kind.option_count or len(OPTIONS)]]
    columns = kind.wide_columns(option_keys if kind.has_options else [])
    for wide_column in columns:
        option = wide_column.option
        name = f"{KEY}__{option}" if option else KEY
        assert wide[0][name] == _expected_cell(kind, wide_column.cells, option, value), name

    # The tidy table: one row per chosen option, per triad corner, or one for a value.
    tidy = [
        (r["option"], r["value"]) for r in _table(archive, "antwoorden") if r["question"] == KEY
    ]
    assert sorted(tidy) == sorted(_expected_tidy(kind, value, option_keys))

    # The codebook explains every column of the question.
    codebook = [r for r in _table(archive, "codeboek") if r["question"] == KEY]
    assert len(codebook) == len(columns)
    assert all(r["kind"] == kind.key and r["meaning"] for r in codebook)

    # The analysis codes the answer as the kind says.
    qset = question_set(collection)
    coded = coded_stories(StoryFilter(collection=collection.slug), list(qset.signifier_index))
    column = next(c for c in question_columns(coded, qset) if c.question.key == KEY)
    code = int(column.codes[0])
    assert code >= 0
    coding = kind.analysis_coding
    if coding == Coding.CHOICE:
        assert column.question.choices[code].keys == value.option_keys
    elif coding == Coding.CHOICES:
        assert column.chosen is not None
        flags = zip(column.question.choices, column.chosen[0], strict=True)
        chosen = [c.keys[0] for c, yes in flags if yes]
        assert sorted(chosen) == sorted(value.option_keys)
    elif coding == Coding.SCALE:
        assert code == value.slider
    elif coding == Coding.SHARES:
        assert value.triad is not None and column.triad_a is not None
        assert column.triad_b is not None
        assert (int(column.triad_a[0]), int(column.triad_b[0])) == value.triad[:2]
    else:
        assert coding == Coding.ANSWERED and code == 0


def _expected_cell(kind: AnswerKind, cells: Cells, option: str, value: AnswerValue) -> str:
    if cells == Cells.FLAG:
        return "1" if option in value.option_keys else "0"
    if cells == Cells.OPTION_KEY:
        return value.option_keys[0]
    if cells == Cells.TEXT:
        return value.text or ""
    if kind.stores == Storage.TRIAD:
        assert value.triad is not None
        corner = [key for key, _label in OPTIONS].index(option)
        return str(value.triad[corner])
    return str(value.slider)


def _expected_tidy(
    kind: AnswerKind, value: AnswerValue, option_keys: list[str]
) -> list[tuple[str, str]]:
    if kind.stores == Storage.OPTION:
        return [(key, "") for key in value.option_keys]
    if kind.stores == Storage.TRIAD:
        assert value.triad is not None
        return [(key, str(share)) for key, share in zip(option_keys, value.triad, strict=True)]
    if kind.stores == Storage.SLIDER:
        return [("", str(value.slider))]
    return [("", value.text or "")]
