"""What goes into the production image, checked without a container engine: the build
context as Docker assembles it from .dockerignore, and the Dockerfile and compose file that
use it."""

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from tests.image import context

ROOT = Path(settings.BASE_DIR).resolve()


def _excluded(lines: list[str], path: str) -> bool:
    return context.excluded(path, context.parse(lines))


@pytest.mark.parametrize(
    ("lines", "path", "is_excluded"),
    [
        # The examples of Docker's own .dockerignore documentation.
        (["*/temp*"], "somedir/temporary.txt", True),
        (["*/temp*"], "temp", False),
        (["*/temp*"], "a/b/temp.txt", False),
        (["*/*/temp*"], "somedir/subdir/temporary.txt", True),
        (["temp?"], "tempa", True),
        (["temp?"], "tempab", False),
        (["**/*.go"], "main.go", True),
        (["**/*.go"], "a/b/c.go", True),
        (["*.md", "!README.md"], "README.md", False),
        (["*.md", "!README.md"], "CHANGES.md", True),
        (["*.md", "!README*.md", "README-secret.md"], "README-secret.md", True),
        (["*.md", "README-secret.md", "!README*.md"], "README-secret.md", False),
        # A pattern that matches a directory takes everything below it.
        (["exports"], "exports/apps.py", True),
        (["exports"], "tracks/exports.py", False),
        # Patterns are cleaned like paths.
        (["/exports/"], "exports/views.py", True),
        (["./tracks/../exports"], "exports/views.py", True),
        # Unlike .gitignore, a file below an excluded directory can be re-included.
        (["*", "!vertelpunt/"], "vertelpunt/settings.py", False),
        (["*", "!vertelpunt/", "**/__pycache__"], "vertelpunt/__pycache__/x.pyc", True),
        (["docs", "!docs/keep.md"], "docs/keep.md", False),
        (["# exports", ""], "exports/apps.py", False),
        (["a[bc]d"], "acd", True),
        (["a\\*"], "a*", True),
        (["a\\*"], "ab", False),
    ],
)
def test_the_context_follows_dockers_rules(lines, path, is_excluded):
    assert _excluded(lines, path) is is_excluded


def test_every_app_template_static_and_locale_file_is_in_the_image():
    assert context.missing_from_context(ROOT, context.read_dockerignore(ROOT)) == []


@pytest.mark.parametrize("left_out", ["exports", "analysis", "templates", "vertelpunt", "locale"])
def test_leaving_out_an_app_or_folder_again_is_caught(left_out):
    patterns = context.read_dockerignore(ROOT) + context.parse([left_out])
    missing = context.missing_from_context(ROOT, patterns)
    assert missing
    assert all(path.startswith(f"{left_out}/") for path in missing)


def test_the_old_deny_list_would_be_caught():
    # The deny-list the image was once built with: it left out the exports app.
    old = [".git", ".venv", ".data", "**/__pycache__", "staticfiles", "exports", "tests"]
    missing = context.missing_from_context(ROOT, context.parse(old))
    assert "exports/apps.py" in missing


def test_the_image_holds_no_tests_benchmarks_local_data_or_secrets():
    files = context.context_files(ROOT, context.read_dockerignore(ROOT))
    assert "manage.py" in files and "exports/apps.py" in files
    top_level = {path.split("/", 1)[0] for path in files}
    for outside in ["tests", "bench", "docs", ".git", ".venv", ".data", "artifacts", "backups"]:
        assert outside not in top_level
    assert not [path for path in files if "__pycache__" in path or path.endswith(".pyc")]
    assert not [path for path in files if path.endswith((".env", ".dump"))]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _dockerfile_env() -> dict[str, str]:
    from tests.image.production import dockerfile_env

    return dockerfile_env(ROOT / "Dockerfile")


def test_web_and_worker_share_one_export_volume_the_images_user_can_write():
    export_dir = _dockerfile_env()["EXPORT_DIR"]
    compose = _compose()
    mounts = {
        name: [v for v in compose["services"][name].get("volumes", []) if v.endswith(export_dir)]
        for name in ("web", "worker")
    }
    assert mounts["web"] and mounts["web"] == mounts["worker"]
    volume = mounts["web"][0].split(":", 1)[0]
    assert volume in compose["volumes"], "a named volume, not a folder of the host"
    # A new named volume takes the owner of the image's folder: the app's user must own it.
    dockerfile = (ROOT / "Dockerfile").read_text()
    user = next(line.split()[1] for line in dockerfile.splitlines() if line.startswith("USER "))
    assert f'chown -R {user}:{user} "$EXPORT_DIR"' in dockerfile
    assert dockerfile.index("chown -R") < dockerfile.index(f"USER {user}")


def test_static_files_are_collected_when_the_image_is_built():
    dockerfile = (ROOT / "Dockerfile").read_text()
    run_lines = " ".join(line for line in dockerfile.splitlines() if "collectstatic" in line)
    assert "vertelpunt-entrypoint collectstatic" in run_lines
    entrypoint = (ROOT / "docker" / "entrypoint.sh").read_text()
    web_role = entrypoint.split("web)", 1)[1].split(";;", 1)[0]
    assert "collectstatic" not in web_role, "the web container does not write into /app"


def test_compose_refuses_to_start_without_a_secret():
    environment = _compose()["x-app"]["environment"]
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert environment["DJANGO_DEBUG"] == "0"
    assert _dockerfile_env()["DJANGO_DEBUG"] == "0"


def test_the_operations_guide_names_every_variable_an_operator_sets():
    guide = (ROOT / "docs" / "operations.md").read_text()
    documented = set(re.findall(r"^\s*\| `([A-Z][A-Z0-9_]+)` \|", guide, flags=re.MULTILINE))
    compose = (ROOT / "docker-compose.yml").read_text()
    operator_sets = set(re.findall(r"\$\{(\w+)", compose))
    assert operator_sets <= documented
    settings_source = (ROOT / "vertelpunt" / "settings.py").read_text()
    for name in documented - operator_sets:
        assert f'"{name}"' in settings_source, f"{name} is documented but never read"


def test_the_manage_py_commands_in_the_operations_guide_exist():
    from django.core.management import get_commands

    guide = (ROOT / "docs" / "operations.md").read_text()
    named = set(re.findall(r"manage\.py (\w+)", guide))
    assert named and named <= set(get_commands())
