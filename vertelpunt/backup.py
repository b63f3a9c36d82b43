"""Back up the database named by DATABASE_URL, and restore a backup into a fresh database.

    python -m vertelpunt.backup dump [--dir backups]          # make backup
    python -m vertelpunt.backup restore FILE [--database NAME] # make restore FILE=...

A backup is pg_dump's custom format (compressed, restorable table by table). A restore never
overwrites: it creates a new database (default: `<name>_restored_<UTC time>`) beside the
live one and prints its URL; switch DATABASE_URL to it once it has been checked.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from vertelpunt.embedded import pg_bin_dir

BASE_DIR = Path(__file__).resolve().parent.parent


def tool(name: str) -> str:
    """pg_dump / pg_restore no older than the server: pgserver's (16) when installed."""
    try:
        bundled = pg_bin_dir() / name
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install the PostgreSQL client tools")
    return found


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def dump(url: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = folder / f"{database_name(url)}-{stamp}.dump"
    partial = target.with_suffix(".dump.partial")
    # Written under another name first: a crash mid-dump never leaves a plausible backup.
    subprocess.run(
        [tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}", url],
        check=True,
    )
    partial.rename(target)
    return target


def restore(url: str, backup: Path, database: str | None = None) -> str:
    import psycopg2
    from psycopg2 import sql

    name = database or (
        f"{database_name(url)}_restored_{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}"
    )
    admin = psycopg2.connect(with_database(url, "postgres"))
    try:
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        admin.close()
    target = with_database(url, name)
    subprocess.run(
        [tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={target}", str(backup)],
        check=True,
    )
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dump_parser = commands.add_parser("dump")
    dump_parser.add_argument("--dir", type=Path, default=BASE_DIR / "backups")
    restore_parser = commands.add_parser("restore")
    restore_parser.add_argument("file", type=Path)
    restore_parser.add_argument("--database", help="name of the new database")
    args = parser.parse_args(argv)

    url = os.environ.get("DATABASE_URL")
    if not url:
        print("DATABASE_URL is not set", file=sys.stderr)
        return 2
    if args.command == "dump":
        print(dump(url, args.dir))
    else:
        target = restore(url, args.file, args.database)
        # The URL of a local (embedded) server carries no password; never print one that does.
        parts = urlsplit(target)
        shown = target if parts.password is None else target.replace(parts.password, "***")
        print(f"restored into {database_name(target)}: DATABASE_URL={shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
