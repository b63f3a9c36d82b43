"""The build context as `docker build` sends it: the working tree filtered by .dockerignore.

Docker's rules (moby/patternmatcher, which the classic builder and BuildKit share): lines
are trimmed, `#` starts a comment, `!` re-includes; each pattern is cleaned like a path
(`./a/../b` → `b`, a leading `/` dropped) and matched against the whole path relative to the
context root, where `*` and `?` never cross a `/`, `**` crosses any number of directories
and `[...]` is a character class. A pattern that matches a parent directory matches every
path below it. The last pattern that matches decides. Unlike .gitignore, a file below an
excluded directory can be re-included.
"""

from __future__ import annotations

import importlib
import os
import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Pattern:
    text: str  # cleaned, without the leading "!"
    exclusion: bool  # True for a "!" line: it re-includes what it matches
    regex: re.Pattern[str]

    def matches(self, path: str) -> bool:
        return self.regex.fullmatch(path) is not None

    def matches_or_parent(self, path: str) -> bool:
        if self.matches(path):
            return True
        parts = path.split("/")[:-1]
        return any(self.matches("/".join(parts[: i + 1])) for i in range(len(parts)))


def compile_pattern(text: str) -> re.Pattern[str]:
    """A .dockerignore pattern as a regular expression over slash-separated paths."""
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if text.startswith("**", i):
            i += 2
            if text[i : i + 1] == "/":
                i += 1
            # "**" at the end matches everything below; elsewhere any number of directories.
            out.append(".*" if i >= len(text) else "(.*/)?")
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "\\" and i + 1 < len(text):
            i += 1
            out.append(re.escape(text[i]))
        elif ch in "[]":
            out.append(ch)
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out))


def parse(lines: list[str]) -> list[Pattern]:
    patterns = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        exclusion = line.startswith("!")
        if exclusion:
            line = line[1:].strip()
        cleaned = posixpath.normpath(line)
        if cleaned.startswith("/") and len(cleaned) > 1:
            cleaned = cleaned.lstrip("/")
        if cleaned == ".":
            continue
        patterns.append(Pattern(cleaned, exclusion, compile_pattern(cleaned)))
    return patterns


def excluded(path: str, patterns: list[Pattern]) -> bool:
    """Whether Docker leaves `path` (relative, slash-separated) out of the context."""
    result = False
    for pattern in patterns:
        # A re-inclusion only matters once something is excluded, and the other way round.
        if pattern.exclusion != result:
            continue
        if pattern.matches_or_parent(path):
            result = not pattern.exclusion
    return result


def _may_reinclude_below(directory: str, patterns: list[Pattern]) -> bool:
    """Whether a "!" pattern could match something inside `directory` (so it is walked)."""
    for pattern in patterns:
        if not pattern.exclusion:
            continue
        literal = re.split(r"[*?\[\\]", pattern.text, maxsplit=1)[0]
        if literal.startswith(directory + "/") or (directory + "/").startswith(literal):
            return True
    return False


def context_files(root: Path, patterns: list[Pattern]) -> list[str]:
    """Every file Docker would send from `root`, as sorted relative paths."""
    found = []
    for current, dirs, files in os.walk(root):
        rel = os.path.relpath(current, root)
        rel = "" if rel == "." else rel.replace(os.sep, "/")
        keep = []
        for name in dirs:
            path = f"{rel}/{name}" if rel else name
            if not excluded(path, patterns) or _may_reinclude_below(path, patterns):
                keep.append(name)
        dirs[:] = keep
        for name in files:
            path = f"{rel}/{name}" if rel else name
            if not excluded(path, patterns):
                found.append(path)
    return sorted(found)


def read_dockerignore(root: Path) -> list[Pattern]:
    path = root / ".dockerignore"
    return parse(path.read_text().splitlines()) if path.exists() else []


def required_files(root: Path) -> list[str]:
    """What the image cannot run without, as relative paths: every file of the project
    package (settings, URLs, WSGI), of every app in INSTALLED_APPS that lives in this
    repository, of the template, static and locale folders, and the files the Dockerfile
    names."""
    from django.apps import apps
    from django.conf import settings

    project = importlib.import_module(settings.ROOT_URLCONF.split(".")[0])
    folders = [Path(str(project.__file__)).parent]
    folders += [Path(config.path) for config in apps.get_app_configs()]
    templates: list[dict[str, Any]] = settings.TEMPLATES
    folders += [Path(d) for t in templates for d in t.get("DIRS", [])]
    folders += [Path(d) for d in settings.STATICFILES_DIRS]
    folders += [Path(d) for d in settings.LOCALE_PATHS]
    required = ["manage.py", "pyproject.toml", "docker/entrypoint.sh"]
    for folder in folders:
        folder = folder.resolve()
        if not folder.is_relative_to(root) or not folder.exists():
            continue  # a locale folder not made yet, or an app installed elsewhere
        if "site-packages" in folder.parts:
            continue  # a third-party app, installed in a virtual environment here
        for current, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in files:
                if not name.endswith(".pyc"):
                    required.append(str((Path(current) / name).relative_to(root)))
    return sorted(set(required))


def missing_from_context(root: Path, patterns: list[Pattern]) -> list[str]:
    """Required files that .dockerignore would leave out of the image."""
    return [path for path in required_files(root) if excluded(path, patterns)]


def copy_context(root: Path, files: list[str], target: Path) -> None:
    """What `COPY . .` puts in the image's work directory."""
    for rel in files:
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, destination)
