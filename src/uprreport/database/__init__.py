"""Where a workspace's stores live: SQLite files beside the projects (the embedded default),
or one PostgreSQL database that several `uprreport serve` processes, on one machine or
several, share (docs/database.md).

A workspace is put on PostgreSQL once, by `uprreport serve --workspace DIR --database URL`,
which writes DIR/.uprreport/database (owner-only): the URL and the workspace's id. From then
on every command that opens a store of that workspace (the pages, the API, and `uprreport round
...`, `user add`, `collect` on a project folder under DIR) finds that file and uses the server;
the project folders stay files. What was in SQLite before (the accounts and log in
DIR/.uprreport/workspace.sqlite3, each project's rounds/register.sqlite) is moved into the
database the first time it is opened there, and the file is kept beside, renamed.

In the database each store has a schema of its own: ``w_<id>`` for the workspace's accounts and
log, ``p_<id>_<project>_<hash>`` for a project's comment register, so that the stores' SQL is
the same on both backends and two workspaces never share a table.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from uprreport.database import postgresql
from uprreport.database.postgresql import shown
from uprreport.errors import UsageError

FOLDER = ".uprreport"
FILE = "database"
SCHEMES = ("postgresql", "postgres")


@dataclass(frozen=True)
class Config:
    """A workspace's database: its URL and the workspace's id (the prefix of its schemas)."""

    url: str
    id: str

    @property
    def shown(self) -> str:
        """The URL without its password, to print and log."""
        return shown(self.url)

    def workspace_schema(self) -> str:
        return f"w_{self.id}"

    def project_schema(self, name: str) -> str:
        slug = re.sub(r"[^a-z0-9_]", "_", name.lower())[:30]
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        return f"p_{self.id}_{slug}_{digest}"


def path(root: Path) -> Path:
    return Path(root) / FOLDER / FILE


def check_url(url: str) -> str:
    """``url`` if it names a PostgreSQL database; UsageError saying what one looks like."""
    parts = urlsplit(url.strip())
    if parts.scheme not in SCHEMES or not (parts.path.strip("/") or "dbname=" in parts.query):
        raise UsageError(f"'{shown(url)}' is not a PostgreSQL database's address",
                         hint="give it as postgresql://USER@HOST:PORT/DATABASE (the password in ~/.pgpass or "
                              "PGPASSWORD, or in the address: postgresql://USER:PASSWORD@HOST/DATABASE)")
    return url.strip()


def config_of(root: Path) -> Config | None:
    """The database of the workspace folder ``root``, or None (SQLite files)."""
    file = path(root)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(f"{file} cannot be read ({exc.strerror or exc})",
                         hint="check that you may read the workspace's .uprreport folder") from None
    try:
        data = json.loads(text)
        config = Config(check_url(str(data["url"])), str(data["id"]))
    except (ValueError, KeyError, TypeError, UsageError):
        raise UsageError(f"{file} does not say which database the workspace uses",
                         hint='it holds {"url": "postgresql://…", "id": "…"}; write it again with '
                              "uprreport serve --workspace DIR --database URL") from None
    if not re.fullmatch(r"[a-z0-9]{6,16}", config.id):
        raise UsageError(f"{file}: the workspace id '{config.id}' is not one uprreport wrote",
                         hint="restore the file from a backup (the id names the workspace's schemas)")
    return config


def for_project(project: Path) -> tuple[Config, str] | None:
    """(the database, the schema of the register) of ``project`` when its workspace (the folder
    that holds it) is on PostgreSQL; else None."""
    project = Path(project).resolve()
    config = config_of(project.parent)
    return None if config is None else (config, config.project_schema(project.name))


def configure(root: Path, url: str) -> Config:
    """Put the workspace ``root`` on the database ``url`` (reached before anything is written);
    the same database again changes nothing. A workspace already on another database is refused:
    moving it is the databases' own backup and restore (docs/database.md)."""
    from uprreport.fsutil import write_text

    url = check_url(url)
    had = config_of(root)
    if had is not None:
        if _same(had.url, url):
            if had.url != url:    # the same database, another password: keep the new one
                write_text(path(root), json.dumps({"url": url, "id": had.id}) + "\n", mode=0o600)
            return Config(url, had.id)
        raise UsageError(f"this workspace's stores are in {had.shown}, not {shown(url)}; nothing was changed",
                         hint=f"to move them, copy that database to the new one (pg_dump, then pg_restore), "
                              f"then write the new address in {path(root)}")
    postgresql.reach(url)
    config = Config(url, secrets.token_hex(4))
    path(root).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_text(path(root), json.dumps({"url": url, "id": config.id}) + "\n", mode=0o600)
    return config


def _same(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.hostname, pa.port or 5432, pa.path, pa.username) == (pb.hostname, pb.port or 5432, pb.path, pb.username)
