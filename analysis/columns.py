"""Turn the fetched answer rows into one coded column per question (one value per story)."""

from dataclasses import dataclass

import numpy as np

from analysis.matrix import NA_CODE, CodedStories
from analysis.questions import Question, QuestionSet
from signifiers.kinds import Coding

# Codes in a column: ≥ 0 an answer (choice index, slider value, 0 for "answered"),
MISSING = -1  # the teller skipped the question (no row),
NA = -2  # the teller chose "n.v.t.".


@dataclass(frozen=True)
class Column:
    question: Question
    codes: np.ndarray  # int16 per story
    # Multiple choice: chosen[story, choice]; triads: shares a and b per story (-1 if none).
    chosen: np.ndarray | None = None
    triad_a: np.ndarray | None = None
    triad_b: np.ndarray | None = None


def question_columns(coded: CodedStories, qset: QuestionSet) -> list[Column]:
    rows = coded.rows
    n = coded.n
    sig_lookup = _lookup(qset.signifier_index)
    opt_lookup = _lookup(qset.option_choice)
    question_of_row = _apply(sig_lookup, rows.signifier)
    columns = []
    for index, question in enumerate(qset.questions):
        sel = question_of_row == index
        story, code, extra = rows.story[sel], rows.code[sel], rows.extra[sel]
        na = code == NA_CODE
        codes = np.full(n, MISSING, dtype=np.int16)
        codes[story[na]] = NA
        given = ~na
        coding = question.coding
        if coding == Coding.CHOICE:
            codes[story[given]] = _apply(opt_lookup, code[given])
            columns.append(Column(question, codes))
        elif coding == Coding.CHOICES:
            chosen = np.zeros((n, len(question.choices)), dtype=bool)
            chosen[story[given], _apply(opt_lookup, code[given])] = True
            codes[story[given]] = 0
            columns.append(Column(question, codes, chosen=chosen))
        elif coding == Coding.SHARES:
            a = np.full(n, -1, dtype=np.int16)
            b = np.full(n, -1, dtype=np.int16)
            a[story[given]] = code[given]
            b[story[given]] = extra[given]
            codes[story[given]] = 0
            columns.append(Column(question, codes, triad_a=a, triad_b=b))
        else:  # a scale: the value; answered: 0
            codes[story[given]] = code[given]
            columns.append(Column(question, codes))
    return columns


def _lookup(mapping: dict[int, int]) -> np.ndarray:
    size = max(mapping, default=0) + 1
    table = np.full(size, -1, dtype=np.int32)
    for key, value in mapping.items():
        table[key] = value
    return table


def _apply(table: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """table[ids], with -1 for ids beyond the table (signifiers of another questionnaire)."""
    inside = ids < table.size
    return np.where(inside, table[np.where(inside, ids, 0)], -1)
