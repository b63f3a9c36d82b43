"""The codebook: one row per column of the wide table, saying what it holds, how each track was
asked the question, and what the values mean. It ships in the same zip as the data."""

from typing import Any

from exports.columns import META_COLUMNS, NA_SUFFIX, ROLES, Plan, Question
from signifiers.models import RoleType, Signifier
from tracks.models import Story

K = Signifier.Kind

CODEBOOK_COLUMNS = [
    "column",
    "question",
    "kind",
    "meaning",
    *(f"text_{role}" for role in ROLES),
    "option",
    "option_label",
    "values",
    "versions",
]

_META_VALUES: dict[str, str] = {
    "track": "leerling | ouder | professional",
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
                + ["", "", _META_VALUES.get(column.name, ""), ""]
            )
            continue
        q = questions[column.question]
        label = q.options.get(column.option, "")
        rows.append(
            [
                column.name,
                q.key,
                column.kind,
                _meaning(q, column.kind, label),
                *(_asked(q, role) for role in ROLES),
                column.option,
                label,
                _values(q, column.kind),
                ", ".join(q.versions),
            ]
        )
    return rows


def _asked(q: Question, role: str) -> str:
    prompt, left, right = q.wording.get(role, ("", "", ""))
    if q.kind == K.SLIDER and (left or right):
        return f"{prompt} [0 = {left} … 100 = {right}]"
    return prompt


def _meaning(q: Question, kind: str, label: str) -> str:
    if kind == NA_SUFFIX:
        return f"'{q.key}': 1 = de verteller koos n.v.t., 0 = niet; leeg = niet gevraagd."
    if kind == K.MULTIPLE:
        return (
            f"'{q.key}' (meerdere keuzes): optie '{label}' gekozen (1) of niet (0); "
            "leeg = vraag niet gesteld."
        )
    if kind == K.TRIAD:
        return (
            f"'{q.key}' (driehoek): aandeel van hoek '{label}' in procent; de drie hoeken "
            "tellen op tot 100; leeg = niet beantwoord of niet gevraagd."
        )
    if kind == K.SLIDER:
        return (
            f"'{q.key}' (schuifregelaar): positie van 0 (links) tot 100 (rechts); leeg = niet "
            "beantwoord, n.v.t. of niet gevraagd."
        )
    if kind == K.TEXT:
        return f"'{q.key}': vrije tekst van de verteller; leeg = niet ingevuld."
    return f"'{q.key}' (één keuze): sleutel van de gekozen optie; leeg = niet beantwoord."


def _values(q: Question, kind: str) -> str:
    if kind in (NA_SUFFIX, K.MULTIPLE):
        return "1 | 0"
    if kind in (K.SLIDER, K.TRIAD):
        return "0–100"
    if kind == K.TEXT:
        return ""
    return " | ".join(f"{key} = {label}" for key, label in q.options.items())
