"""A data file's wording in other teller languages: `<name>.<language>.toml` beside
`<name>.toml`, with the same keys (see signifiers/data/passend-onderwijs.en.toml).

Each language file holds only text: the collection's title and welcome, each track's texts
and page titles, and for every question each track's prompt, help and slider poles and each
option's label. What a language file leaves out is shown in Dutch. A key that the Dutch file
does not have is an error, so a renamed question cannot leave a translation behind unseen.
"""

import tomllib
from pathlib import Path
from typing import Any

from django.conf import settings

from signifiers.spec_errors import SpecError

WORDING_FIELDS = ("prompt", "help", "left", "right")
TRACK_FIELDS = ("title", "summary", "intro", "story_prompt", "story_help", "title_prompt")


def teller_languages() -> list[str]:
    """Every teller language but Dutch, the language of the data files themselves."""
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def language_files(path: Path) -> dict[str, Path]:
    """The language files beside the data file at `path`, by language code."""
    found = {}
    for language in teller_languages():
        candidate = path.with_name(f"{path.stem}.{language}{path.suffix}")
        if candidate.exists():
            found[language] = candidate
    return found


def is_language_file(path: Path) -> bool:
    """`name.en.toml` and the like: a translation, not a collection of its own."""
    return "." in path.stem and path.stem.rsplit(".", 1)[1] in teller_languages()


def merge_language_file(spec: dict[str, Any], language: str, path: Path) -> None:
    """Add the wording in `path` to `spec` (signifiers.spec's parsed form), in place."""
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{path}: not valid TOML: {exc}") from exc
    try:
        _merge(spec, language, raw)
    except SpecError as exc:
        raise SpecError(f"{path}: {exc}") from exc


def _merge(spec: dict[str, Any], language: str, raw: dict[str, Any]) -> None:
    if raw.get("language") != language:
        raise SpecError(f"says language = {raw.get('language')!r}, its name says {language!r}")
    unknown = set(raw) - {"language", "collection", "tracks", "signifiers"}
    if unknown:
        raise SpecError(f"unknown tables {sorted(unknown)}")
    collection = _texts(raw.get("collection", {}), ("title", "welcome"), "collection")
    spec["collection"]["translations"][language] = collection
    tracks = {t["role"]: t for t in spec["tracks"]}
    for role, t_raw in _tables(raw, "tracks").items():
        if role not in tracks:
            raise SpecError(f"tracks.{role}: no such track")
        texts: dict[str, Any] = _texts(t_raw, TRACK_FIELDS + ("steps",), f"tracks.{role}")
        steps = t_raw.get("steps")
        if steps is not None:
            if not isinstance(steps, list) or len(steps) != len(tracks[role]["steps"]):
                raise SpecError(f"tracks.{role}: steps must name each of the track's pages")
            texts["steps"] = [_clean(s, f"tracks.{role}.steps") for s in steps]
        tracks[role]["translations"][language] = texts
    signifiers = {s["key"]: s for s in spec["questionnaire"]["signifiers"]}
    for key, s_raw in _tables(raw, "signifiers").items():
        if key not in signifiers:
            raise SpecError(f"signifiers.{key}: no such question")
        _merge_signifier(signifiers[key], language, s_raw)


def _merge_signifier(signifier: dict[str, Any], language: str, raw: dict[str, Any]) -> None:
    key = signifier["key"]
    unknown = set(raw) - {"wording", "options"}
    if unknown:
        raise SpecError(f"signifiers.{key}: unknown keys {sorted(unknown)}")
    for role, w_raw in _tables(raw, "wording", f"signifiers.{key}").items():
        if role not in signifier["wording"]:
            raise SpecError(f"signifiers.{key}.wording.{role}: no such track")
        where = f"signifiers.{key}.wording.{role}"
        signifier["wording"][role]["translations"][language] = _texts(w_raw, WORDING_FIELDS, where)
    options = {o["key"]: o for o in signifier["options"]}
    for option_key, o_raw in _tables(raw, "options", f"signifiers.{key}").items():
        where = f"signifiers.{key}.options.{option_key}"
        if option_key not in options:
            raise SpecError(f"{where}: no such option")
        texts: dict[str, Any] = _texts(o_raw, ("label", "labels"), where)
        labels = o_raw.get("labels", {})
        if not isinstance(labels, dict) or set(labels) - set(signifier["wording"]):
            raise SpecError(f"{where}: labels must be a table of track = label")
        if labels:
            texts["labels"] = {r: _clean(v, f"{where}.labels.{r}") for r, v in labels.items()}
        options[option_key]["translations"][language] = texts


def _tables(raw: dict[str, Any], name: str, where: str = "") -> dict[str, dict[str, Any]]:
    value = raw.get(name, {})
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise SpecError(f"{where + '.' if where else ''}{name} must hold tables")
    return value


def _texts(raw: dict[str, Any], allowed: tuple[str, ...], where: str) -> dict[str, Any]:
    """The plain text fields of `raw` (others in `allowed` are the caller's)."""
    unknown = set(raw) - set(allowed)
    if unknown:
        raise SpecError(f"{where}: unknown keys {sorted(unknown)}")
    return {
        name: _clean(value, f"{where}.{name}")
        for name, value in raw.items()
        if name not in ("steps", "labels")
    }


def _clean(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SpecError(f"{where} must be a non-empty text")
    return value.strip()
