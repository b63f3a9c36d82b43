"""The codebook: one row per column of the wide table, saying what it holds, how each track was
asked the question, and what the values mean. It ships in the same zip as the data."""

from typing import Any

from django.conf import settings

from exports.columns import META_COLUMNS, NA_SUFFIX, ROLES, Column, Plan, Question
from signifiers.kinds import Cells, kind
from signifiers.models import RoleType
from signifiers.spec_translations import teller_languages
from tracks.models import Story

CODEBOOK_COLUMNS = [
    "column",
    "question",
    "kind",
    "meaning",
    *(f"text_{role}" for role in ROLES),
    "option",
    "option_label",
    *(f"option_label_{code}" for code in teller_languages()),
    "values",
    "versions",
]

_META_VALUES: dict[str, str] = {
    "track": "leerling | ouder | professional",
    "language": " | ".join(code for code, _ in settings.LANGUAGES),
    "role_type": " | ".join(RoleType.values),
    "status": " | ".join(Story.Status.values),
    "moderation": " | ".join(f"{v} = {label}" for v, label in Story.Moderation.choices),
    "duration_seconds": "geheel getal ≥ 0",
}


def codebook_rows(plan: Plan) -> list[list[Any]]:
    meanings = dict(META_COLUMNS)
    questions = {q.key: q for q in plan.questions}
    rows: list[list[Any]] = []
    for column in plan.columns:
        if column.kind == "meta":
            rows.append(
                [column.name, "", "meta", meanings[column.name]]
                + [""] * len(ROLES)
                + ["", ""]
                + [""] * len(teller_languages())
                + [_META_VALUES.get(column.name, ""), ""]
            )
            continue
        q = questions[column.question]
        label = q.options.get(column.option, "")
        rows.append(
            [
                column.name,
                q.key,
                column.kind,
                _meaning(q, column, label),
                *(_asked(q, role) for role in ROLES),
                column.option,
                label,
                *(
                    q.option_translations.get(column.option, {}).get(code, "")
                    for code in teller_languages()
                ),
                _values(q, column),
                ", ".join(q.versions),
            ]
        )
    return rows


def _asked(q: Question, role: str) -> str:
    prompt, left, right = q.wording.get(role, ("", "", ""))
    return kind(q.kind).codebook_prompt(prompt, left=left, right=right)


def _meaning(q: Question, column: Column, label: str) -> str:
    if column.kind == NA_SUFFIX:
        return f"'{q.key}': 1 = de verteller koos n.v.t., 0 = niet; leeg = niet gevraagd."
    return kind(q.kind).codebook_meaning(q.key, label)


def _values(q: Question, column: Column) -> str:
    if column.cells == Cells.FLAG:
        return "1 | 0"
    if column.cells == Cells.PERCENT:
        return "0–100"
    if column.cells == Cells.OPTION_KEY:
        return " | ".join(f"{key} = {label}" for key, label in q.options.items())
    return ""
