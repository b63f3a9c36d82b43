"""The image's Python without a container engine: a fresh virtual environment that holds
only the production dependencies (pyproject.toml's `dependencies`, resolved the way pip
resolves them, from what is installed here), and the environment the Dockerfile and
docker-compose.yml give the app.

The packages are linked from the development environment rather than downloaded again, so
the check needs no network; what matters is what is *absent*: no dev or embedded extra, and
no editable install of this checkout, so the app can only be imported from the copied
build context.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement


def _closure(requirements: list[str]) -> dict[str, metadata.Distribution]:
    """Every distribution the requirements pull in, with their extras and markers, as pip
    would install them; by canonical name."""
    found: dict[str, metadata.Distribution] = {}
    seen: set[tuple[str, str]] = set()
    pending = [(Requirement(text), "") for text in requirements]
    while pending:
        requirement, extra = pending.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": extra}):
            continue
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        for wanted in ["", *sorted(requirement.extras)]:
            if (name, wanted) in seen:
                continue
            seen.add((name, wanted))
            distribution = found.setdefault(name, metadata.distribution(requirement.name))
            pending += [(Requirement(text), wanted) for text in distribution.requires or []]
    return found


def production_requirements(pyproject: Path) -> list[str]:
    return list(tomllib.loads(pyproject.read_text())["project"]["dependencies"])


def production_venv(pyproject: Path, target: Path) -> tuple[Path, list[str]]:
    """A virtual environment in `target` with only the production dependencies; returns its
    bin folder and the names of the distributions in it."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(target)], check=True)
    site = next((target / "lib").glob("python3*/site-packages"))
    linked = target / "production-site"
    linked.mkdir()
    distributions = _closure(production_requirements(pyproject))
    for distribution in distributions.values():
        for top in _top_level_entries(distribution):
            source = Path(str(distribution.locate_file(top)))
            if source.exists() and not (linked / top).exists():
                (linked / top).symlink_to(source)
    (site / "production.pth").write_text(f"{linked}\n")
    bin_dir = target / "bin"
    for distribution in distributions.values():
        for entry in distribution.entry_points.select(group="console_scripts"):
            module, _, attribute = entry.value.partition(":")
            script = bin_dir / entry.name
            script.write_text(
                f"#!{bin_dir / 'python'}\nimport sys\nfrom {module} import {attribute}\n"
                f"sys.exit({attribute}())\n"
            )
            script.chmod(0o755)
    return bin_dir, sorted(distributions)


def _top_level_entries(distribution: metadata.Distribution) -> set[str]:
    """The names a distribution puts directly into site-packages (packages, modules, its
    .dist-info and bundled shared libraries), not its scripts."""
    entries = set()
    for file in distribution.files or []:
        first = Path(file).parts[0]
        if first != ".." and first != "__pycache__":
            entries.add(first)
    return entries


def dockerfile_env(dockerfile: Path) -> dict[str, str]:
    """The variables of the Dockerfile's ENV instructions (KEY=value form)."""
    text = dockerfile.read_text().replace("\\\n", " ")
    env: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("ENV "):
            for name, value in re.findall(r'(\w+)=("[^"]*"|\S+)', line[4:]):
                env[name] = value.strip('"')
    return env


def interpolate(value: str, variables: dict[str, str]) -> str:
    """docker compose's ${NAME}, ${NAME:-default} and ${NAME:?message} in a value."""

    def replace(match: re.Match[str]) -> str:
        name, operator, rest = match.group(1), match.group(2), match.group(3)
        if variables.get(name):
            return variables[name]
        if operator == ":?":
            raise KeyError(f"compose needs {name}: {rest}")
        return rest if operator == ":-" else ""

    return re.sub(r"\$\{(\w+)(?:(:[-?])([^}]*))?\}", replace, value)
