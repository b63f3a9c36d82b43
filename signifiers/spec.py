"""The questionnaire data-file format (TOML), parsed and checked into plain dicts.

A spec is the canonical, comparable form of a questionnaire version: the loader compares the
spec of a file with the spec of the stored version to decide whether anything changed.
See signifiers/data/passend-onderwijs.toml for a complete example.
"""

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings

from signifiers.kinds import REGISTRY, AnswerKind, Problem
from signifiers.models import Role, RoleType, Signifier
from signifiers.spec_errors import SpecError
from signifiers.spec_translations import language_files, merge_language_file

__all__ = ["SpecError", "load_file", "parse"]

ROLES = [role.value for role in Role]
# First URL segments the site itself uses (vertelpunt/urls.py).
# The teller languages' URL prefixes too (vertelpunt/urls.py).
RESERVED_SLUGS = {"staf", "beheer", "static", "healthz", "readyz"} | {
    code for code, _ in settings.LANGUAGES
}
# A source channel's key, as tracks.models.SourceChannel takes it; "overig" is the key of
# every source that is not on the list (tracks.models.SOURCE_OTHER).
SOURCE_KEY = re.compile(r"[a-z0-9_.-]{1,32}")
RESERVED_SOURCE = "overig"


def load_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{path}: not valid TOML: {exc}") from exc
    try:
        spec = parse(raw)
    except SpecError as exc:
        raise SpecError(f"{path}: {exc}") from exc
    for language, language_path in language_files(path).items():
        merge_language_file(spec, language, language_path)
    return spec


def parse(raw: dict[str, Any]) -> dict[str, Any]:
    collection = _table(raw, "collection")
    questionnaire = _table(raw, "questionnaire")
    tracks = [_parse_track(t) for t in raw.get("tracks", [])]
    if sorted(t["role"] for t in tracks) != sorted(ROLES):
        raise SpecError(f"tracks must be exactly one each of {', '.join(ROLES)}")
    signifiers = [_parse_signifier(s) for s in raw.get("signifiers", [])]
    steps = [s["step"] for s in signifiers]
    if steps != sorted(steps):
        # The file's order is the order on the page; a page is one run of equal steps.
        raise SpecError("signifiers must be listed page by page: their step may not go down")
    keys = [s["key"] for s in signifiers]
    if len(set(keys)) != len(keys):
        raise SpecError("signifier keys must be unique")
    if collection.get("slug") in RESERVED_SLUGS:
        raise SpecError(f"collection slug {collection.get('slug')!r} is reserved for the site")
    sources = [_parse_source(s) for s in raw.get("sources", [])]
    source_keys = [s["key"] for s in sources]
    if len(set(source_keys)) != len(source_keys):
        raise SpecError("source keys must be unique")
    return {
        "collection": {
            "slug": _slug(collection, "slug"),
            "title": _text(collection, "title"),
            "welcome": collection.get("welcome", "").strip(),
            "controller": collection.get("controller", "").strip(),
            "retention_until": _optional_date(collection, "retention_until"),
            "translations": {},
        },
        "tracks": tracks,
        "sources": sources,
        "questionnaire": {
            "slug": _slug(questionnaire, "slug"),
            "title": _text(questionnaire, "title"),
            "version": _positive_int(questionnaire, "version"),
            "label": _text(questionnaire, "label"),
            "signifiers": signifiers,
        },
    }


def _parse_track(raw: dict[str, Any]) -> dict[str, Any]:
    role = raw.get("role")
    if role not in ROLES:
        raise SpecError(f"unknown track role {role!r}")
    steps = raw.get("steps")
    if not isinstance(steps, list) or not steps or not all(isinstance(s, str) for s in steps):
        raise SpecError(f"track {role}: steps must be a list of step titles")
    return {
        "role": role,
        "title": _text(raw, "title"),
        "summary": raw.get("summary", "").strip(),
        "intro": raw.get("intro", "").strip(),
        "story_prompt": _text(raw, "story_prompt"),
        "story_help": raw.get("story_help", "").strip(),
        "title_prompt": _text(raw, "title_prompt"),
        "steps": steps,
        "translations": {},
    }


def _parse_source(raw: dict[str, Any]) -> dict[str, str]:
    key = raw.get("key")
    if not isinstance(key, str) or not SOURCE_KEY.fullmatch(key):
        raise SpecError(f"source key must be lowercase letters, digits, . - or _ (got {key!r})")
    if key == RESERVED_SOURCE:
        raise SpecError(f"source key {key!r} is reserved for every source not on the list")
    return {"key": key, "label": _text(raw, "label")}


def _parse_signifier(raw: dict[str, Any]) -> dict[str, Any]:
    key = _slug(raw, "key")
    kind = raw.get("kind")
    if kind not in REGISTRY:
        raise SpecError(f"signifier {key}: unknown kind {kind!r}")
    answer_kind = REGISTRY[kind]
    step = _positive_int(raw, "step")
    if step < 2:
        raise SpecError(f"signifier {key}: step must be 2 or more (step 1 is the story)")
    attribute = raw.get("story_attribute", "")
    if attribute not in {a.value for a in Signifier.StoryAttribute}:
        raise SpecError(f"signifier {key}: unknown story_attribute {attribute!r}")
    wording = raw.get("wording", {})
    if sorted(wording) != sorted(ROLES):
        raise SpecError(f"signifier {key}: wording needed for exactly {', '.join(ROLES)}")
    options = [_parse_option(key, o) for o in raw.get("options", [])]
    wordings = {role: _parse_wording(wording[role]) for role in sorted(wording)}
    max_choices = raw.get("max_choices")
    max_length = raw.get("max_length")
    problems = answer_kind.problems(
        option_count=len(options),
        poles={role: (w["left"], w["right"]) for role, w in wordings.items()},
        max_choices=max_choices,
        max_length=max_length,
    )
    if problems:
        problem, role = problems[0]
        raise SpecError(f"signifier {key}: {_problem_text(answer_kind, problem, role)}")
    option_keys = [o["key"] for o in options]
    if len(set(option_keys)) != len(option_keys):
        raise SpecError(f"signifier {key}: option keys must be unique")
    if attribute == "role_type":
        valid = {r.value for r in RoleType}
        if any(o["group"] not in valid for o in options):
            raise SpecError(f"signifier {key}: every role option needs a role type as group")
    return {
        "key": key,
        "kind": kind,
        "step": step,
        "required": bool(raw.get("required", False)),
        "allow_na": bool(raw.get("allow_na", False)),
        "max_choices": max_choices if answer_kind.takes_max_choices else None,
        "max_length": max_length if answer_kind.takes_max_length else None,
        "story_attribute": attribute,
        "carry_over": bool(raw.get("carry_over", False)),
        "wording": wordings,
        "options": options,
    }


def _problem_text(kind: AnswerKind, problem: Problem, role: str) -> str:
    """A kind's problem in the data file's terms (English, for who writes the files)."""
    return {
        Problem.NEEDS_OPTIONS: f"a {kind.key} needs options",
        Problem.NO_OPTIONS: f"a {kind.key} has no options",
        Problem.OPTION_COUNT: f"a {kind.key} has exactly {kind.option_count} options",
        Problem.NEEDS_MAX_CHOICES: f"a {kind.key} needs max_choices >= 1",
        Problem.BAD_MAX_LENGTH: f"a {kind.key}'s max_length is a whole number >= 1",
        Problem.NEEDS_POLES: f"{kind.key} wording for {role} needs left and right",
    }[problem]


def _parse_wording(raw: dict[str, Any]) -> dict[str, str]:
    return {
        "prompt": _text(raw, "prompt"),
        "help": raw.get("help", "").strip(),
        "left": raw.get("left", "").strip(),
        "right": raw.get("right", "").strip(),
        "translations": {},
    }


def _parse_option(signifier_key: str, raw: dict[str, Any]) -> dict[str, Any]:
    roles = raw.get("tracks", [])
    if any(r not in ROLES for r in roles):
        raise SpecError(f"signifier {signifier_key}: option has unknown tracks {roles!r}")
    key = _slug(raw, "key")
    return {
        "key": key,
        "label": _text(raw, "label"),
        "roles": sorted(roles),
        "group": raw.get("group", "").strip(),
        "labels": _parse_track_labels(f"signifier {signifier_key}: option {key}", raw, roles),
        "translations": {},
    }


def _parse_track_labels(where: str, raw: dict[str, Any], roles: list[str]) -> dict[str, str]:
    """`labels.<role> = "…"`: what one track's tellers read instead of the option's label
    (the answer keeps its key, and staff keep reading `label`)."""
    labels = raw.get("labels", {})
    if not isinstance(labels, dict):
        raise SpecError(f"{where}: labels must be a table of track = label")
    unknown = [r for r in labels if r not in ROLES]
    if unknown:
        raise SpecError(f"{where}: labels for unknown tracks {unknown!r}")
    unseen = [r for r in labels if roles and r not in roles]
    if unseen:
        raise SpecError(f"{where}: labels for tracks that do not see the option {unseen!r}")
    return {role: _text(labels, role) for role in sorted(labels)}


def _table(raw: dict[str, Any], name: str) -> dict[str, Any]:
    value = raw.get(name)
    if not isinstance(value, dict):
        raise SpecError(f"missing [{name}] table")
    return value


def _text(raw: dict[str, Any], name: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip():
        raise SpecError(f"{name!r} must be a non-empty text")
    return value.strip()


def _slug(raw: dict[str, Any], name: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not re.fullmatch(r"[a-z0-9_-]{1,50}", value):
        raise SpecError(f"{name!r} must be lowercase letters, digits, - or _ (got {value!r})")
    return value


def _optional_date(raw: dict[str, Any], name: str) -> date | None:
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, date):
        raise SpecError(f"{name!r} must be a date like 2027-12-31")
    return value


def _positive_int(raw: dict[str, Any], name: str) -> int:
    value = raw.get(name)
    if not isinstance(value, int) or value < 1:
        raise SpecError(f"{name!r} must be a positive whole number")
    return value
