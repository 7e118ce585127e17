"""The register's schema: one version number, migrations from every earlier version, the
journal mode where write-ahead logging does not work, and no register made by a command that
only reads."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only     # SQLite's files, journal and migrations themselves

from uprreport.errors import UprError, UsageError
from uprreport.rounds import store

# Version 0, exactly as the releases before the schema had a version wrote it: rounds/store.py
# ran SCHEMA_0 on every connection (after PRAGMA journal_mode=WAL), rounds/submit.py ran
# SUBMISSIONS_0 on the first comment sent through the web page, rounds/accounts.py ran USERS_0
# when the first account was made.
SCHEMA_0 = """
CREATE TABLE IF NOT EXISTS rounds (
  n INTEGER PRIMARY KEY, opened TEXT NOT NULL, deadline TEXT NOT NULL, closed TEXT,
  draft TEXT NOT NULL                      -- file name of the frozen draft in rounds/round-N/
);
CREATE TABLE IF NOT EXISTS paragraphs (
  round INTEGER NOT NULL, pid TEXT NOT NULL, position TEXT NOT NULL, mark TEXT NOT NULL,
  number INTEGER, section TEXT, owner TEXT, text TEXT NOT NULL,
  PRIMARY KEY (round, pid)
);
CREATE TABLE IF NOT EXISTS files (
  sha TEXT NOT NULL, round INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
  received TEXT NOT NULL, late INTEGER NOT NULL DEFAULT 0, comments INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (sha, round)
);
CREATE TABLE IF NOT EXISTS comments (
  id INTEGER PRIMARY KEY, round INTEGER NOT NULL, file_sha TEXT, source_ref TEXT NOT NULL,
  kind TEXT NOT NULL,                      -- comment, reply, proposal (tracked changes), form, email
  pid TEXT, anchor TEXT NOT NULL,          -- bookmark, paragraph-id, paragraph-number, quote, none
  quote TEXT, comment TEXT NOT NULL DEFAULT '', proposed TEXT NOT NULL DEFAULT '',
  reviewer TEXT NOT NULL DEFAULT '', organisation TEXT NOT NULL DEFAULT '', date TEXT,
  classification TEXT NOT NULL, owner TEXT NOT NULL, parent INTEGER, late INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'assigned',  -- assigned, answered, deferred, withdrawn
  decision TEXT, reason TEXT, decided_by TEXT, decided_at TEXT, carried_from INTEGER,
  UNIQUE (round, file_sha, source_ref)
);
CREATE TABLE IF NOT EXISTS approvals (
  round INTEGER NOT NULL, owner TEXT NOT NULL, approved_by TEXT NOT NULL, at TEXT NOT NULL,
  draft_sha TEXT NOT NULL, PRIMARY KEY (round, owner)
);
"""
SUBMISSIONS_0 = """
CREATE TABLE IF NOT EXISTS web_submissions (
  token TEXT PRIMARY KEY, round INTEGER NOT NULL, comment INTEGER NOT NULL, email TEXT NOT NULL DEFAULT '',
  received TEXT NOT NULL
);
"""
USERS_0 = """
CREATE TABLE IF NOT EXISTS web_users (
  name TEXT PRIMARY KEY, hash TEXT NOT NULL, role TEXT NOT NULL, owns TEXT NOT NULL DEFAULT ''
);
"""

ROWS_0 = {
    "rounds": [(1, "2024-03-03", "2024-04-02", None, "arcadia-draft-1.docx")],
    "paragraphs": [(1, "justice/framework/p1", "s1.p1", "upr_1", 1, "framework", "justice", "The first paragraph."),
                   (1, "health/access/p1", "s2.p1", "upr_2", 2, "access", "health", "The second paragraph.")],
    "files": [("ab" * 32, 1, "11-email.eml", "email", "2024-03-28T12:00:00+00:00", 0, 1)],
    "comments": [
        (1, 1, "ab" * 32, "mail-1", "email", "justice/framework/p1", "paragraph-number", None, "Say which year.",
         "", "A. Reviewer", "Rainbow Arcadia", "2024-03-28", "substantive", "justice", None, 0, "answered",
         "accepted", "", "justice", "2024-03-29T10:00:00+00:00", None),
        (2, 1, "web", "tok-0123456789abcdefghij", "web", None, "none", "", "General remark.", "Add a table.",
         "B. Visitor", "", "2024-03-29", "editorial", "justice", None, 0, "assigned", None, None, None, None, None),
    ],
}
SUBMISSIONS_ROWS = [("tok-0123456789abcdefghij", 1, 2, "visitor@example.org", "2024-03-29T09:00:00+00:00")]
USERS_ROWS = [("coord", "scrypt:32768:8:1$salt$hash", "coordinator", ""), ("justice", "scrypt:x", "owner", "justice")]


def _project(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "report.yaml").write_text("kind: national\n", encoding="utf-8")   # store only looks for the file
    return root


def _version_0(project: Path, submissions: bool, users: bool) -> None:
    """A register as the releases before versioning left it, with rows in every table."""
    db = project / "rounds" / "register.sqlite"
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.executescript(SCHEMA_0)
    for table, rows in ROWS_0.items():
        conn.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
    if submissions:
        conn.executescript(SUBMISSIONS_0)
        conn.executemany("INSERT INTO web_submissions VALUES (?, ?, ?, ?, ?)", SUBMISSIONS_ROWS)
    if users:
        conn.executescript(USERS_0)
        conn.executemany("INSERT INTO web_users VALUES (?, ?, ?, ?)", USERS_ROWS)
    conn.close()


def _schema(db: Path) -> dict[str, tuple]:
    conn = sqlite3.connect(db)
    try:
        return {name: (kind, table, sql) for kind, name, table, sql in
                conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")}
    finally:
        conn.close()


def _rows(db: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
    finally:
        conn.close()


def _user_version(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture(autouse=True)
def _fresh_journal_memory(monkeypatch):
    """Each test starts as a new process would: no register yet said to lack WAL."""
    monkeypatch.setattr(store, "_MODES", {})


@pytest.fixture
def fresh_schema(tmp_path) -> dict:
    project = _project(tmp_path / "fresh")
    store.connect(project).close()
    return _schema(store.path(project))


def test_a_new_register_has_the_current_version_and_every_table(tmp_path, fresh_schema):
    assert _user_version(store.path(tmp_path / "fresh")) == store.VERSION >= 1   # the fixture's register
    tables = {name for name, (kind, *_rest) in fresh_schema.items() if kind == "table"}
    assert tables == {"rounds", "paragraphs", "files", "comments", "web_submissions", "web_users", "publication",
                      "account_state", "history", "attachments", "totp"}
    assert set(store.columns()) == tables


@pytest.mark.parametrize("submissions, users", [(False, False), (True, False), (False, True), (True, True)],
                         ids=["cli-only", "web-comments", "web-accounts", "web-both"])
def test_every_version_0_register_migrates_with_its_rows_to_the_fresh_schema(tmp_path, fresh_schema,
                                                                              submissions, users):
    project = _project(tmp_path / "old")
    _version_0(project, submissions, users)
    db = store.path(project)
    before = {t: _rows(db, t) for t in ROWS_0}
    assert _user_version(db) == 0

    conn = store.connect(project)
    conn.close()

    assert _user_version(db) == store.VERSION
    assert _schema(db) == fresh_schema          # the approvals table gone, the web tables there
    for table, rows in before.items():
        if table == "paragraphs":    # version 4: each paragraph's place in its draft, from the rows' order
            rows = [(*r, i) for i, r in enumerate(rows, 1)]
        assert _rows(db, table) == rows
    assert _rows(db, "web_submissions") == (SUBMISSIONS_ROWS if submissions else [])
    # version 2 calls an owner account a focal point (its body kept)
    assert _rows(db, "web_users") == ([(n, h, "focal-point" if r == "owner" else r, o) for n, h, r, o in USERS_ROWS]
                                      if users else [])
    # version 3: the web comment (its one consent box covered its name) keeps its name published;
    # the e-mail's sender never agreed, so its name is not published
    assert _rows(db, "publication") == [(2, 1, 0, "", 0, None, None, "", "")]
    assert _rows(db, "account_state") == []
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_register_is_readable_by_its_owner_only(tmp_path):
    import os
    import stat

    if os.name != "posix":
        pytest.skip("POSIX permissions")
    project = _project(tmp_path / "new")
    store.connect(project).close()
    assert stat.S_IMODE(os.stat(store.path(project)).st_mode) == 0o600
    old = _project(tmp_path / "old")
    _version_0(old, submissions=True, users=True)
    os.chmod(store.path(old), 0o644)        # as earlier releases made it
    store.connect(old).close()
    assert stat.S_IMODE(os.stat(store.path(old)).st_mode) == 0o600


def test_the_migrated_register_serves_the_code_that_reads_it(tmp_path):
    from uprreport.rounds import submit, status
    from uprreport.rounds import accounts

    project = _project(tmp_path / "old")
    _version_0(project, submissions=True, users=True)
    conn = store.connect(project)
    got = submit.receipt(conn, "tok-0123456789abcdefghij")
    assert got["comment"] == "General remark." and got["id"] == 2
    conn.close()
    assert [u.name for u in accounts.listing(project)] == ["coord", "justice"]
    assert status.status(project)["overall"]["total"] == 2


def test_migrations_run_once_in_one_transaction_even_when_many_connect_at_once(tmp_path, monkeypatch):
    project = _project(tmp_path / "old")
    _version_0(project, submissions=False, users=False)
    ran = []
    real = store.MIGRATIONS[0]

    def counted(conn):
        ran.append(threading.get_ident())
        real(conn)

    monkeypatch.setattr(store, "MIGRATIONS", [counted])
    errors, barrier = [], threading.Barrier(8)

    def connect():
        try:
            barrier.wait(10)
            store.connect(project).close()
        except Exception as exc:   # collected: the assertion below shows them
            errors.append(exc)

    threads = [threading.Thread(target=connect) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and len(ran) == 1
    store.connect(project).close()
    assert len(ran) == 1 and _user_version(store.path(project)) == store.VERSION


def test_a_failing_migration_changes_nothing(tmp_path, monkeypatch):
    project = _project(tmp_path / "old")
    _version_0(project, submissions=True, users=False)
    db = store.path(project)
    before = _schema(db)

    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, broken])
    monkeypatch.setattr(store, "VERSION", len(store.MIGRATIONS))
    with pytest.raises(UprError, match=r"cannot be opened or written \(disk I/O error\); nothing was changed"):
        store.connect(project)
    assert _user_version(db) == 0 and _schema(db) == before      # the first step rolled back too
    assert _rows(db, "comments") == ROWS_0["comments"]


def test_a_register_from_a_newer_uprreport_is_refused(tmp_path):
    project = _project(tmp_path / "new")
    store.connect(project).close()
    db = store.path(project)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {store.VERSION + 1}")
    conn.close()
    with pytest.raises(UprError) as exc:
        store.connect(project)
    assert f"version {store.VERSION + 1}" in str(exc.value) and str(db) in str(exc.value)
    assert "upgrade uprreport" in exc.value.hint
    assert _user_version(db) == store.VERSION + 1


class _Said(logging.Handler):
    """The warnings of the "uprreport" logger, caught where they are made (the command line
    stops them propagating to the root logger, where pytest's caplog listens)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def said():
    handler = _Said()
    log = logging.getLogger("uprreport")
    log.addHandler(handler)
    yield handler.messages
    log.removeHandler(handler)


def test_a_local_register_uses_write_ahead_logging_silently(tmp_path, said):
    project = _project(tmp_path / "p")
    conn = store.connect(project)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert said == []


def test_where_sqlite_keeps_the_old_journal_mode_the_register_uses_the_rollback_journal(tmp_path, monkeypatch,
                                                                                      said):
    """SQLite's unix-dotfile VFS has no shared memory, as a network share has none that every
    computer sees: PRAGMA journal_mode=WAL answers with the old mode."""
    probe = sqlite3.connect(f"file:{tmp_path / 'probe.db'}?vfs=unix-dotfile", uri=True)   # not on Windows
    probe.close()
    monkeypatch.setattr(store, "_open", lambda db: sqlite3.connect(
        f"{db.as_uri()}?vfs=unix-dotfile", uri=True, timeout=store.WAIT, isolation_level=None))
    project = _project(tmp_path / "share")
    for _ in range(3):
        conn = store.connect(project)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        with store.transaction(conn):
            conn.execute("INSERT INTO web_users VALUES (?, 'h', 'coordinator', '')", (f"u{_}",))
        conn.close()
    (words,) = said                       # once per register per process
    assert str(store.path(project)) in words and "rollback journal" in words and "'delete'" in words
    assert len(_rows(store.path(project), "web_users")) == 3


class _NoWal(sqlite3.Connection):
    """A connection whose PRAGMA journal_mode=WAL fails as on a share that cannot map the
    shared-memory file."""

    def execute(self, sql, *args):
        if " ".join(sql.split()).upper() == "PRAGMA JOURNAL_MODE=WAL":
            raise sqlite3.OperationalError("disk I/O error")
        return super().execute(sql, *args)


def test_where_write_ahead_logging_fails_the_register_uses_the_rollback_journal(tmp_path, monkeypatch, said):
    monkeypatch.setattr(store, "_open", lambda db: sqlite3.connect(db, timeout=store.WAIT, isolation_level=None,
                                                                   factory=_NoWal))
    project = _project(tmp_path / "share")
    store.connect(project).close()
    conn = store.connect(project)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    (words,) = said
    assert "disk I/O error" in words


class _WalThenIoError(sqlite3.Connection):
    """As on a share that cannot map memory shared between programs (CIFS on Linux): SQLite
    says "wal", and the first write fails."""

    wal = False

    def execute(self, sql, *args):
        words = " ".join(sql.split()).upper()
        if words == "PRAGMA JOURNAL_MODE=WAL":
            self.wal = True
        elif self.wal and words.startswith(("CREATE", "INSERT")):
            raise sqlite3.OperationalError("disk I/O error")
        return super().execute(sql, *args)


def test_where_wal_is_accepted_and_then_fails_the_register_never_goes_into_it(tmp_path, monkeypatch, said):
    monkeypatch.setattr(store, "_open", lambda db: sqlite3.connect(db, timeout=store.WAIT, isolation_level=None,
                                                                   factory=_WalThenIoError))
    project = _project(tmp_path / "share")
    conn = store.connect(project)
    with store.transaction(conn):
        conn.execute("INSERT INTO web_users VALUES ('coord', 'h', 'coordinator', '')")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    (words,) = said
    assert "disk I/O error" in words
    assert sorted(p.name for p in store.folder(project).iterdir()) == ["register.sqlite"]   # the probe removed


def test_a_register_in_wal_copied_where_memory_cannot_be_shared_is_turned_back_and_opens(tmp_path, monkeypatch,
                                                                                       said):
    """A project prepared on a local drive (its register in WAL) and copied to a share: SQLite
    cannot open it there without shared memory, except holding it alone."""
    probe = sqlite3.connect(f"file:{tmp_path / 'probe.db'}?vfs=unix-dotfile", uri=True)   # not on Windows
    probe.close()
    project = _project(tmp_path / "p")
    _version_0(project, submissions=True, users=True)        # written in WAL, as earlier releases did
    store.connect(project).close()
    assert sqlite3.connect(store.path(project)).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    monkeypatch.setattr(store, "_MODES", {})                 # a new process, on the share
    monkeypatch.setattr(store, "_open", lambda db: sqlite3.connect(
        f"{db.as_uri()}?vfs=unix-dotfile", uri=True, timeout=store.WAIT, isolation_level=None))
    for _ in range(2):
        conn = store.connect(project)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert [r[0] for r in conn.execute("SELECT name FROM web_users ORDER BY name")] == ["coord", "justice"]
        conn.close()
    (words,) = said
    assert "unable to open database file" in words


def test_a_windows_network_drive_gets_the_rollback_journal_without_trying_wal(tmp_path, monkeypatch, said):
    monkeypatch.setattr(store, "_network_drive", lambda db: True)
    project = _project(tmp_path / "share")
    conn = store.connect(project)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    (words,) = said
    assert "network drive" in words


def test_a_folder_that_is_not_a_project_gets_no_register(tmp_path):
    from uprreport.rounds import exchange, status
    from uprreport.rounds import accounts

    plain = tmp_path / "plain"
    plain.mkdir()
    for call in (lambda: store.connect(plain), lambda: store.connect(plain, create=False),
                 lambda: status.status(plain), lambda: exchange.export_json(plain, tmp_path / "x.json"),
                 lambda: accounts.listing(plain),
                 lambda: accounts.add(plain, "coord", "a long password", "coordinator")):
        with pytest.raises(UsageError) as exc:
            call()
        assert str(exc.value) == f"{plain} is not a report project (no report.yaml)"
    assert list(plain.iterdir()) == [] and not (tmp_path / "x.json").exists()


def test_reading_commands_leave_a_project_without_a_register_as_it_was(tmp_path):
    from uprreport.rounds import close, exchange, respond, status
    from uprreport.rounds import accounts

    project = _project(tmp_path / "p")
    for call in (lambda: status.status(project), lambda: exchange.export_json(project, tmp_path / "x.json"),
                 lambda: respond.export_sheets(project), lambda: close.close_round(project)):
        with pytest.raises(UsageError) as exc:
            call()
        assert str(exc.value) == f"no comment round has been opened in {project} yet"
        assert exc.value.hint == f"open one first: uprreport round open {project}"
    assert accounts.listing(project) == [] and accounts.remove(project, "coord") is False
    assert [p.name for p in project.iterdir()] == ["report.yaml"] and not (tmp_path / "x.json").exists()


def test_the_command_line_says_no_round_was_opened_and_makes_nothing(sample_copy):
    from click.testing import CliRunner

    from uprreport.cli import main

    shutil.rmtree(sample_copy / "rounds", ignore_errors=True)
    for args in (["round", "status", str(sample_copy)], ["round", "export", str(sample_copy), "-o", "x.json"]):
        run = CliRunner().invoke(main, args)
        assert run.exit_code == 2 and "no comment round has been opened" in run.output, run.output
    run = CliRunner().invoke(main, ["user", "list", str(sample_copy)])
    assert run.exit_code == 0 and run.output == ""
    assert not (sample_copy / "rounds").exists()
