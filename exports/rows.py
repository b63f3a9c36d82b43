"""Turn one chunk of stories and their answers into rows of the wide and the tidy table.

This is the hot loop of every export (a million stories, ~18 million answers), so it works on
plain tuples with precomputed id → cell maps from the column plan, and builds a story's row by
copying a template rather than deciding cell by cell.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from datetime import tzinfo
from typing import Any

from django.conf import settings
from django.utils import timezone

from exports.columns import Plan
from exports.selectors import StoryAnswers, StoryRow
from signifiers.models import QuestionnaireVersion
from tracks.models import Collection, Track

TIDY_COLUMNS = ["story_id", "question", "option", "value", "is_na"]
# The tidy table's `value` may hold free text: neutralised in spreadsheets, quoted in CSV
# (with the keys, which are slugs by rule but not by database constraint).
TIDY_UNSAFE = [3]
TIDY_QUOTE = [1, 2, 3]

# Length of the pseudonymous teller id (hex characters of an HMAC-SHA256): 64 bits keeps
# collisions between a million visits negligible (~1 in 30 million).
TELLER_ID_LENGTH = 16


def teller_id_key() -> bytes:
    """The key of the teller id's HMAC: derived from SECRET_KEY with a purpose, so the digest
    is useless elsewhere. The same visit always gets the same teller id, across exports, but
    nobody without the key can get from a teller id back to, or test a guess of, the visit."""
    return hashlib.sha256(b"vertelpunt.exports.teller_id:" + settings.SECRET_KEY.encode()).digest()


# Slider positions and triad shares are 0–100: their text forms, looked up rather than built.
_NUMBER_TEXT = [str(i) for i in range(101)]
_NUMBER = list(range(101))


class RowBuilder:
    """Builds rows in one of two cell modes. Typed (`text=False`): ints, str, None and local
    datetimes, for XLSX and JSON. Text (`text=True`): every cell already a string ("" for
    empty, ISO 8601 for times), for CSV, whose writer then only has to join them; converting
    here, from precomputed strings, is much cheaper than per cell in the writer."""

    def __init__(self, plan: Plan, *, text: bool = False) -> None:
        self.plan = plan
        self.text = text
        self._tz: tzinfo = timezone.get_current_timezone()
        self._key = teller_id_key()
        self._last_visit = ""
        self._last_teller_id = ""
        self._collections = dict(Collection.objects.values_list("pk", "slug"))
        self._tracks = dict(Track.objects.values_list("pk", "role"))
        self._versions = dict(QuestionnaireVersion.objects.values_list("pk", "label"))
        self._empty: str | None = "" if text else None
        self._one: str | int = "1" if text else 1
        self._zero: str | int = "0" if text else 0
        self._numbers: list[Any] = _NUMBER_TEXT if text else _NUMBER
        self._option_cell = {
            option_id: (i, (str(value) if text else value))
            for option_id, (i, value) in plan.option_cell.items()
        }
        self._templates: dict[tuple[int, int], list[Any]] = {}

    def teller_id(self, visit_id: str) -> str:
        """`visit_id` in its canonical text form (as PostgreSQL prints a uuid)."""
        if visit_id == self._last_visit:
            return self._last_teller_id  # consecutive stories of one visit
        digest = hmac.digest(self._key, visit_id.encode(), "sha256")
        self._last_visit, self._last_teller_id = visit_id, digest.hex()[:TELLER_ID_LENGTH]
        return self._last_teller_id

    def _template(self, version_id: int, step_reached: int) -> list[Any]:
        cached = self._templates.get((version_id, step_reached))
        if cached is None:
            cached = self.plan.template(version_id, step_reached)
            if self.text:
                cached = ["" if v is None else str(v) for v in cached]
            self._templates[(version_id, step_reached)] = cached
        return cached

    def wide_rows(self, stories: list[StoryRow], answers: list[StoryAnswers]) -> list[list[Any]]:
        """One row per story, in the order of `stories`."""
        tz, text, empty = self._tz, self.text, self._empty
        template = self._template
        collections, tracks, versions = self._collections, self._tracks, self._versions
        by_id: dict[int, list[Any]] = {}
        rows: list[list[Any]] = []
        for (
            story_id,
            collection_id,
            track_id,
            language,
            version_id,
            role_type,
            status,
            moderation,
            started_at,
            completed_at,
            source,
            region,
            title,
            story_text,
            translation_title,
            translation_text,
            step_reached,
            visit_id,
        ) in stories:
            started = started_at.astimezone(tz)
            completed: Any
            duration: Any
            if completed_at is None:
                completed = duration = empty
            elif text:
                completed = completed_at.astimezone(tz).isoformat(timespec="seconds")
                duration = str(int((completed_at - started_at).total_seconds()))
            else:
                completed = completed_at.astimezone(tz)
                duration = int((completed_at - started_at).total_seconds())
            row = [
                str(story_id) if text else story_id,
                self.teller_id(visit_id),
                collections[collection_id],
                tracks[track_id],
                language,
                role_type or empty,
                versions[version_id],
                status,
                moderation,
                started.isoformat(timespec="seconds") if text else started,
                completed,
                duration,
                source or empty,
                region or empty,
                title,
                story_text,
                translation_title or empty,
                translation_text or empty,
            ]
            row += template(version_id, step_reached)
            by_id[story_id] = row
            rows.append(row)

        option_cell = self._option_cell
        na_cell = self.plan.na_cell
        slider_cell = self.plan.slider_cell
        triad_cell = self.plan.triad_cell
        text_cell = self.plan.text_cell
        one, numbers = self._one, self._numbers
        for (
            story_id,
            options,
            nas,
            slider_ids,
            sliders,
            triad_ids,
            triads,
            text_ids,
            texts,
        ) in answers:
            row = by_id[story_id]
            # A cell the plan does not know (a key that changed kind) is left out here; the
            # tidy table still has the answer.
            if options:
                for option_id in options:
                    cell = option_cell.get(option_id)
                    if cell is not None:
                        row[cell[0]] = cell[1]
            if nas:
                for signifier_id in nas:
                    i = na_cell.get(signifier_id)
                    if i is not None:
                        row[i] = one
            if slider_ids:
                for signifier_id, value in zip(slider_ids, sliders, strict=True):
                    i = slider_cell.get(signifier_id)
                    if i is not None:
                        row[i] = numbers[value]
            if triad_ids:
                for signifier_id, (a, b, c) in zip(triad_ids, triads, strict=True):
                    i = triad_cell.get(signifier_id)
                    if i is not None:
                        row[i : i + 3] = (numbers[a], numbers[b], numbers[c])
            if text_ids:
                for signifier_id, value in zip(text_ids, texts, strict=True):
                    i = text_cell.get(signifier_id)
                    if i is not None:
                        row[i] = value
        return rows

    def tidy_rows(self, answers: list[StoryAnswers]) -> Iterator[list[Any]]:
        """One row per story × question × answer: a chosen option, a value, or n.v.t. A triad
        gives three rows (one share per corner). Unanswered questions have no row. Within a
        story the rows follow the questions' order (signifier ids are made in that order)."""
        signifier_key = self.plan.signifier_key
        option_key = self.plan.option_key
        option_signifier = self.plan.option_signifier
        triad_keys = self.plan.triad_keys
        empty, one, zero, numbers = self._empty, self._one, self._zero, self._numbers
        text = self.text
        for (
            story_id,
            options,
            nas,
            slider_ids,
            sliders,
            triad_ids,
            triads,
            text_ids,
            texts,
        ) in answers:
            sid = str(story_id) if text else story_id
            # (signifier id, row): sorted by question at the end; the sort is stable, so the
            # options of one question keep their order.
            found: list[tuple[int, list[Any]]] = []
            for option_id in options or ():
                signifier_id = option_signifier[option_id]
                row = [sid, signifier_key[signifier_id], option_key[option_id], empty, zero]
                found.append((signifier_id, row))
            for signifier_id in nas or ():
                found.append((signifier_id, [sid, signifier_key[signifier_id], empty, empty, one]))
            for signifier_id, value in zip(slider_ids or (), sliders or (), strict=True):
                row = [sid, signifier_key[signifier_id], empty, numbers[value], zero]
                found.append((signifier_id, row))
            for signifier_id, shares in zip(triad_ids or (), triads or (), strict=True):
                key = signifier_key[signifier_id]
                for corner, share in zip(triad_keys[signifier_id], shares, strict=True):
                    found.append((signifier_id, [sid, key, corner, numbers[share], zero]))
            for signifier_id, value in zip(text_ids or (), texts or (), strict=True):
                found.append((signifier_id, [sid, signifier_key[signifier_id], empty, value, zero]))
            if len(found) > 1:
                found.sort(key=_first)
            for _, row in found:
                yield row


def _first(item: tuple[int, list[Any]]) -> int:
    return item[0]
