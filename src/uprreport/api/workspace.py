"""The service behind the workspace (``uprreport serve --workspace DIR``): every report
project folder under DIR, one set of accounts, and what each role does in the browser.

A coordinator starts a project from an OHCHR list, sets the report's facts, adds the
bodies and their focal points, assigns recommendations, sends the input packs, collects
the returns, reads the progress and the problems, and builds; a focal point sees its own
body of its own project only: its pack, its returns, what it still owes, its approval; a
reviewer reads and changes nothing. Every change and download is logged (who, what, when)
in the workspace's store (rounds/accounts.py), which coordinators read on a page.

Each call does one thing with the workflows (collection/, starting, pipeline), as the
command line does; nothing is kept between calls but a lock per project, so that two
people changing the same project's files at once take turns (collect, assign, send packs
and approve each read, change and write a file). The pages (web/) check who may do what
before calling; the functions here check every name they are given (a project, a body, a
file) against what is on disk, and never make a path of one that was not found there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

from uprreport.errors import UprError, UsageError
from uprreport.i18n import N_
from uprreport.rounds import accounts
from uprreport.rounds.accounts import Locked, User

__all__ = ["User", "check", "project_names", "project_path", "secret_key", "serving", "users", "check_account",
           "add_user", "remove_user", "sign_in", "account", "change_password", "log", "entries", "may_open",
           "as_project_user", "projects", "create_project", "facts", "set_facts", "bodies", "add_body",
           "recommendations", "assign", "send_packs", "pack_files", "collect", "standing", "approval", "approve",
           "board", "NEW_PROJECT", "NEW_BODY", "sign_out", "Locked", "token_user", "create_token", "token_listing",
           "revoke_token", "recommendation_count", "token_note", "two_step", "sign_in_code", "two_step_enrol",
           "two_step_pending", "two_step_qr", "two_step_confirm", "two_step_off", "use_database", "database_shown",
           "limits_storage", "mailing_state", "remind_now", "set_reminders", "run_scheduled_reminders",
           "start_reminders", "gate_source", "SOURCE_FILES", "round_state", "open_round", "links", "link_key",
           "propose_links", "confirm_links", "LINKS_PER_PAGE", "import_earlier", "followed_cycle"]

NEW_PROJECT = re.compile(r"^[a-z0-9][a-z0-9_-]{1,62}$")    # a project folder made in the browser
NEW_BODY = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")        # a contribution folder made in the browser
SECRET_FILE = "web-secret"                                  # in DIR/.uprreport/
UPLOADS = {".docx": "Word", ".xlsx": "Excel"}               # what the safety gate inspects

_LOCKS: dict[tuple[str, Path], threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def _lock(kind: str, path: Path):
    """One lock per (kind, project): this process's own; in a workspace on PostgreSQL, one that
    every `serve` process using the database shares (database/postgresql.py, SharedLock)."""
    from uprreport import database

    path = Path(path).resolve()
    with _LOCKS_LOCK:
        lock = _LOCKS.get((kind, path))
        if lock is None:
            target = database.for_project(path)
            if target is None:
                lock = threading.Lock()
            else:
                from uprreport.database.postgresql import SharedLock

                config, schema = target
                lock = SharedLock(config.url, f"{kind}:{schema}")
            _LOCKS[(kind, path)] = lock
        return lock


def project_lock(path: Path) -> threading.Lock:
    """The lock that makes changes of the project at ``path`` take turns (collect, assign, send
    packs, approve, facts, bodies: each reads a file, changes it and writes it back)."""
    return _lock("change", path)


def build_lock(path: Path) -> threading.Lock:
    """The lock that lets one build (or closing of a comment round) of the project run at a time."""
    return _lock("build", path)


def builder(build=None):
    """The background builds of a server (api/builds.py); ``build`` replaces api.build in tests."""
    from uprreport.api.builds import Builder

    return Builder(build_lock, build)


@contextlib.contextmanager
def _turn(path: Path):
    lock = project_lock(path)
    if not lock.acquire(timeout=120):
        raise UprError("the project stayed busy for two minutes (another change of it); nothing was changed",
                       hint="try again in a moment")
    try:
        yield
    finally:
        lock.release()


# --- the workspace ---------------------------------------------------------------------------

def check(root: Path) -> Path:
    """The workspace folder, resolved; UsageError when it is not a folder."""
    root = Path(root)
    if not root.is_dir():
        raise UsageError(f"'{root}' is not a folder", hint="give the folder that holds the report projects")
    return root.resolve()


def project_names(root: Path) -> list[str]:
    """The project folders directly under ``root`` (a folder with report.yaml, of a plain name)."""
    root = check(root)
    return sorted(p.name for p in root.iterdir() if accounts.PROJECT.match(p.name) and not p.is_symlink()
                  and p.is_dir() and (p / "report.yaml").is_file())


def project_path(root: Path, name: str) -> Path | None:
    """The folder of the project ``name`` of the workspace, or None: a name that is not a plain
    folder name, or no project folder directly under ``root``, is none."""
    if not isinstance(name, str) or not accounts.PROJECT.match(name):
        return None
    root = check(root)
    path = root / name
    if path.is_symlink() or not path.is_dir() or not (path / "report.yaml").is_file():
        return None
    return path


def _project(root: Path, name: str) -> Path:
    path = project_path(root, name)
    if path is None:
        raise UsageError(f"there is no project '{name}' in this workspace")
    return path


def secret_key(root: Path) -> str:
    """The workspace's session key: made once, kept in DIR/.uprreport/, readable by its owner only."""
    from uprreport.fsutil import PRIVATE_MODE, write_text

    path = check(root) / accounts.WORKSPACE_FOLDER / SECRET_FILE
    if path.is_file():
        key = path.read_text(encoding="ascii").strip()
        if len(key) >= 32:
            return key
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    write_text(path, key + "\n", mode=PRIVATE_MODE)
    return key


@contextlib.contextmanager
def serving(root: Path, host: str = "127.0.0.1", port: int = 8080):
    """Hold the workspace's serve lock (DIR/.uprreport/serve.lock) while the block runs: one
    ``serve --workspace`` per folder. A project's own serve lock is taken when its consultation
    pages are first asked for (``hold``)."""
    import filelock

    from uprreport import database

    if database.config_of(check(root)) is not None:   # on PostgreSQL: as many servers as wanted
        yield
        return
    folder = check(root) / accounts.WORKSPACE_FOLDER
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = filelock.FileLock(folder / "serve.lock", thread_local=False)
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        raise UsageError(f"the workspace {root} is already being served by another process",
                         hint="use the pages it serves, or stop that `uprreport serve --workspace` first") from None
    try:
        yield
    finally:
        lock.release()


def hold(stack: contextlib.ExitStack, path: Path, host: str, port: int) -> None:
    """Take the project's own serve lock for as long as ``stack`` lasts (UsageError naming the
    process that serves it, when one does)."""
    from uprreport import database
    from uprreport.api import consultation

    if database.for_project(path) is not None:   # its register on PostgreSQL: shared by every server
        return
    stack.enter_context(consultation.serving(path, host, port))


def use_database(root: Path, url: str) -> str:
    """Put the workspace ``root`` on the PostgreSQL database ``url`` (once; the same again changes
    nothing); the address as it may be shown (no password). docs/database.md."""
    from uprreport import database

    return database.configure(check(root), url).shown


def database_shown(root: Path) -> str | None:
    """The workspace's database as it may be shown, or None (SQLite files)."""
    from uprreport import database

    config = database.config_of(check(root))
    return None if config is None else config.shown


def limits_storage(root: Path, given: str | None) -> tuple[str, dict]:
    """Where the servers of the workspace count rate limits (Flask-Limiter's storage URI and
    options): ``given`` (memory://, redis://HOST:PORT, ...) when there is one; else, for a workspace
    on PostgreSQL, its database (so that several servers count together); else this process's
    memory."""
    from uprreport import database

    if given:
        return _limits_uri(given), {}
    config = database.config_of(check(root))
    if config is None:
        return "memory://", {}
    from uprreport.database import limits

    return f"{limits.SCHEME}://", {"url": config.url, "schema": config.workspace_schema()}


def _limits_uri(given: str) -> str:
    from limits.storage import storage_from_string

    scheme = given.split(":", 1)[0]
    if scheme not in ("memory", "redis", "rediss", "redis+unix", "memcached"):
        raise UsageError(f"'{given}' is not a place to keep rate limits",
                         hint="give redis://HOST:PORT (a Redis server), or leave --limits out: a workspace on "
                              "PostgreSQL keeps them in its database, else in the server's memory")
    try:
        storage = storage_from_string(given)
    except Exception as exc:       # noqa: BLE001 - the library's own message for a missing driver
        raise UsageError(f"rate limits cannot be kept in {given} ({exc})",
                         hint="for Redis, install its driver: pip install redis") from None
    if not storage.check():
        raise UprError(f"the rate limits' store {given} cannot be reached",
                       hint="check that the server is running at that address, then start serve again")
    return given


# --- accounts and the log -------------------------------------------------------------------

def users(root: Path) -> list[User]:
    return accounts.workspace_listing(check(root))


def _bodies_of(path: Path) -> set[str]:
    from uprreport.readers.project import contribution_folders

    return {p.name for p in contribution_folders(path)}


def check_account(root: Path, name: str, role: str, project: str = "", body: str = "") -> None:
    """UsageError when an account of these could not be made (before a password is asked)."""
    role = accounts.role_of(role)
    if not accounts.NAME.match(name):
        raise UsageError(f"'{name}' cannot be a user name", hint="use 2–64 letters, digits, dots, dashes or @")
    if project:
        path = _project(root, project)
        if body and body not in _bodies_of(path):
            raise UsageError(f"'{body}' is not a body of the project {project}",
                             hint="its bodies: " + (", ".join(sorted(_bodies_of(path))) or "none yet"))
    if role == "focal-point" and not (project and body):
        raise UsageError("a focal point answers for one body of one project",
                         hint="give them with --project FOLDER --body FOLDER")
    if role != "focal-point" and body:
        raise UsageError(f"a {role}'s account is not tied to one body; leave out --body")


def add_user(root: Path, name: str, password: str, role: str, project: str = "", body: str = "",
             by: str = "") -> User:
    """Create or replace a workspace account, logged as done by ``by``."""
    root = check(root)
    check_account(root, name, role, project, body)
    known = _bodies_of(_project(root, project)) if project else None
    user = accounts.workspace_add(root, name, password, role, project, body, known)
    log(root, by or name, "account added", project, body, f"{name} ({user.role})")
    return user


def new_password() -> str:
    """A password to hand to a new account's owner (16 characters, about 95 bits)."""
    return secrets.token_urlsafe(12)


def remove_user(root: Path, name: str, by: str = "") -> bool:
    root = check(root)
    gone = accounts.workspace_remove(root, name)
    if gone:
        log(root, by or name, "account removed", detail=name)
    return gone


def sign_in(root: Path, name: str, password: str) -> tuple[User, str] | None:
    """(the account, its stamp) when ``password`` is its password; logged either way."""
    root = check(root)
    try:
        found = accounts.workspace_check(root, name, password)
    except accounts.Locked:
        known = accounts.workspace_get(root, name) is not None
        log(root, name if known else "(unknown name)", "sign-in refused", detail="locked")
        raise
    if found is None:
        known = accounts.workspace_get(root, name) is not None
        log(root, name if known else "(unknown name)", "sign-in refused")
        return None
    if two_step(root, name):
        log(root, name, "password accepted, code asked", found[0].project)
    else:
        log(root, name, "signed in", found[0].project)
    return found


# --- two-step sign-in (rounds/twofactor.py) ----------------------------------------------------

def two_step(root: Path, name: str) -> bool:
    """Whether ``name`` gives a code from its authenticator app after its password."""
    from uprreport.api import consultation

    return consultation.two_step(check(root), name)


def sign_in_code(root: Path, name: str, stamp: str, code: str) -> tuple[User, str] | None:
    """The second step: (the account, its stamp) when ``code`` is right and the account stands as
    when its password was given (``stamp``); None if not; Locked after too many wrong ones."""
    from uprreport.rounds import twofactor

    root = check(root)
    user = account(root, name, stamp)
    if user is None:
        return None
    try:
        right = twofactor.verify(root, name, code)
    except accounts.Locked:
        log(root, name, "sign-in refused", detail="locked")
        raise
    if not right:
        log(root, name, "sign-in refused", detail="wrong code")
        return None
    log(root, name, "signed in", user.project, detail="with a code")
    return user, stamp


def two_step_enrol(root: Path, name: str):
    """A new secret for ``name``'s authenticator app (twofactor.Enrolment), not yet in force
    (the same as a project's own accounts': api.consultation)."""
    from uprreport.api import consultation

    return consultation.two_step_enrol(check(root), name)


def two_step_pending(root: Path, name: str):
    from uprreport.api import consultation

    return consultation.two_step_pending(check(root), name)


def two_step_qr(uri: str) -> str:
    from uprreport.api import consultation

    return consultation.two_step_qr(uri)


def two_step_confirm(root: Path, name: str, code: str) -> str | None:
    """Put two-step sign-in in force when ``code`` is right: the account's new stamp (its other
    sessions end), or None."""
    from uprreport.rounds import twofactor

    root = check(root)
    if not twofactor.confirm(root, name, code):
        return None
    log(root, name, "two-step sign-in turned on")
    return accounts.workspace_get(root, name)[1]


def two_step_off(root: Path, name: str, password: str, by: str = "") -> str:
    """Turn two-step sign-in off for ``name``, given its password (or, ``by`` a coordinator on the
    command line, without): the account's new stamp. UsageError for a wrong password."""
    from uprreport.rounds import twofactor

    root = check(root)
    if not by and accounts.workspace_check(root, name, password) is None:
        raise UsageError("the password is wrong; two-step sign-in stays on")
    if not twofactor.turn_off(root, name):
        raise UsageError(f"two-step sign-in is not on for '{name}'")
    log(root, by or name, "two-step sign-in turned off", detail="" if not by else f"for {name}")
    return accounts.workspace_get(root, name)[1]


def account(root: Path, name: str, stamp: str) -> User | None:
    """The account ``name`` if it still stands as when its session signed in (same stamp)."""
    if not name or not stamp:
        return None
    found = accounts.workspace_get(check(root), name)
    if found is None or not secrets.compare_digest(found[1], stamp):
        return None
    return found[0]


def sign_out(root: Path, name: str) -> None:
    """End every session of ``name`` (this browser's and any other), logged."""
    root = check(root)
    accounts.workspace_end_sessions(root, name)
    log(root, name, "signed out")


def change_password(root: Path, name: str, old: str, new: str) -> str:
    """The account's new stamp (its other sessions end); UsageError saying what is wrong."""
    stamp = accounts.workspace_password(check(root), name, old, new)
    log(root, name, "password changed")
    return stamp


def log(root: Path, who: str, action: str, project: str = "", body: str = "", detail: str = "") -> None:
    accounts.log(check(root), who, action, project, body, detail)


def token_note(token: str) -> str:
    """What the log adds to a change made through the HTTP API: the token's id (never its secret)."""
    return f" [API token {token}]" if token else ""


def entries(root: Path, project: str | None = None, limit: int = 500) -> list[dict]:
    return accounts.entries(check(root), project or None, limit)


def may_open(user: User, project: str) -> bool:
    """Whether ``user`` may see anything of the project ``project``."""
    return not user.project or user.project == project


def as_project_user(user: User | None, project: str) -> User | None:
    """``user`` as a project's consultation pages see it (a focal point as its body's owner),
    or None when it has nothing to do with the project."""
    if user is None or not may_open(user, project):
        return None
    if user.focal_point and not user.owns:
        return None
    return User(user.name, user.role, user.owns if user.focal_point else "", project)


# --- projects --------------------------------------------------------------------------------

@dataclass
class Card:
    """A project as the workspace's list shows it."""

    name: str
    state: str = ""
    kind: str = ""
    language: str = ""
    cycle: int | None = None
    session: int | None = None
    bodies: int = 0
    problem: str = ""        # why report.yaml cannot be read


def projects(root: Path, user: User | None = None) -> list[Card]:
    """The workspace's projects ``user`` may open (all, without one)."""
    from uprreport.readers.project import read_manifest

    out = []
    for name in project_names(root):
        if user is not None and not may_open(user, name):
            continue
        path = Path(check(root)) / name
        manifest, _pos, diags = read_manifest(path)
        card = Card(name, bodies=len(_bodies_of(path)))
        if manifest is None:
            card.problem = diags[0].message if diags else "report.yaml cannot be read"
        else:
            card.state, card.kind, card.language = (getattr(manifest, k, "") or "" for k in ("state", "kind", "language"))
            card.cycle, card.session = getattr(manifest, "cycle", None), getattr(manifest, "wg_session", None)
        out.append(card)
    return out


def kinds() -> list[str]:
    from uprreport import resources

    return [k for k in resources.kinds() if (resources.scaffold_dir() / k).is_dir()]


def gate(upload: Path, shown: str) -> None:
    """The safety gate every uploaded Word or Excel file passes (readers/package.py): UsageError
    saying why a file is refused (too large, a zip bomb, macros, encrypted, not a package)."""
    from uprreport.readers import package

    kind = UPLOADS.get(Path(shown).suffix.lower())
    if kind is None:
        raise UsageError(f"{shown}: only Word (.docx) and Excel (.xlsx) files are taken here")
    found = package.check(upload, kind)
    if found.problem:
        raise UsageError(f"{shown}: this file {found.problem}")


# What each source of recommendations may be uploaded as (the gate checks each kind of file)
SOURCE_FILES = {"ohchr": (".docx",), "wgreport": (".pdf", ".docx"), "uprinfo": (".xlsx", ".xls", ".csv")}


def gate_source(upload: Path, shown: str, source: str) -> None:
    """The safety gate of an uploaded source of recommendations: a Word or Excel package through
    readers/package.py; a PDF, an Excel 97 workbook or a CSV file of at most 50 MB (20 MB of
    text) that starts as its kind does. UsageError saying why a file is refused."""
    from uprreport.readers import package

    suffix = Path(shown).suffix.lower()
    allowed = SOURCE_FILES.get(source, ())
    if suffix not in allowed:
        from uprreport.api import SOURCES

        raise UsageError(f"{shown}: {SOURCES[source]} is taken as " + " or ".join(allowed) + " here")
    if suffix in UPLOADS:
        gate(upload, shown)
        return
    size = upload.stat().st_size
    limit = package.MAX_TABLE if suffix == ".csv" else package.MAX_FILE
    if size > limit:
        raise UsageError(f"{shown}: this file is {size / 1e6:.0f} MB, more than the {limit // 2**20} MB taken")
    with open(upload, "rb") as f:
        head = f.read(1024)
    if suffix == ".pdf" and b"%PDF-" not in head:
        raise UsageError(f"{shown}: this file is not a PDF")
    if suffix == ".xls" and not head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise UsageError(f"{shown}: this file is not an Excel 97–2003 workbook")
    if suffix == ".csv" and b"\x00" in head:
        raise UsageError(f"{shown}: this file is not a text (CSV) file")


def create_project(root: Path, name: str, kind: str, listing: Path, shown: str, by: str, via: str = "",
                   source: str = "ohchr", addendum: tuple[Path, str] | None = None, state: str = "",
                   paragraph: str = "") -> list[Path]:
    """Start the project ``name`` under the workspace from the uploaded ``listing``: OHCHR's
    list, or (``source``) a Working Group report with its ``addendum`` (path, name shown) of
    positions, or a UPR Info export of ``state``'s recommendations numbered from ``paragraph``
    (``api.init``: the register and its themes come from it). ``via``: the API token that
    asked, named in the log."""
    from uprreport import api

    root = check(root)
    if not NEW_PROJECT.match(name or ""):
        raise UsageError(f"'{name}' cannot be a project's folder name",
                         hint="use 2–63 small letters, digits, dashes or underscores, e.g. slovenia-2026")
    if kind not in kinds():
        raise UsageError(f"'{kind}' is not a report kind", hint="choose one of: " + ", ".join(kinds()))
    if source not in SOURCE_FILES:
        raise UsageError(f"'{source}' is not a source of recommendations",
                         hint="one of: " + ", ".join(SOURCE_FILES))
    if source == "ohchr" and Path(shown).suffix.lower() != ".docx":
        raise UsageError(f"{shown}: the OHCHR list is taken as a Word .docx file",
                         hint="open it in Word or LibreOffice and save it as .docx")
    gate_source(listing, shown, source)
    if addendum is not None:
        gate_source(addendum[0], addendum[1], "wgreport")
    number = None
    if source == "uprinfo":
        if not state.strip():
            raise UsageError("say which State's recommendations to take from the UPR Info export")
        try:
            number = int(paragraph)
            if not 1 <= number <= 999:
                raise ValueError
        except ValueError:
            raise UsageError(f"'{paragraph}' is not a paragraph number",
                             hint="the paragraph of the Working Group's report that lists the recommendations, "
                                  "e.g. 114") from None
    target = root / name
    if target.exists():
        raise UsageError(f"the workspace already has a folder '{name}'; nothing was written",
                         hint="choose another name")
    with _turn(target):
        written = api.init(target, kind, listing, source, addendum[0] if addendum else None, state.strip() or None,
                           number)
    extra = f" and {addendum[1]}" if addendum else ""
    log(root, by, "project created", name, detail=f"{kind}, from {shown}{extra}" + token_note(via))
    return written


# --- the report's facts ----------------------------------------------------------------------

@dataclass(frozen=True)
class Fact:
    key: str                  # in report.yaml ("limits.words": words under limits)
    label: str
    kind: str = "text"        # text, int, date, kind, language
    required: bool = True
    hint: str = ""


FACTS = [
    Fact("kind", N_("Report kind"), "kind"),
    Fact("state", N_("State under review")),
    Fact("iso3", N_("ISO code of the State"), hint=N_("three capital letters, e.g. SVN")),
    Fact("cycle", N_("UPR cycle"), "int"),
    Fact("wg_session", N_("Working Group session"), "int"),
    Fact("symbol", N_("Document symbol of this report"), required=False, hint=N_("e.g. A/HRC/WG.6/48/SVN/1")),
    Fact("previous_review", N_("Working Group report followed up"), hint=N_("e.g. A/HRC/43/15")),
    Fact("language", N_("Language of the report"), "language"),
    Fact("date", N_("Date on the cover"), "date", hint=N_("e.g. 2025-10-28")),
    Fact("session_start", N_("First day of the session"), "date", required=False),
    Fact("session_end", N_("Last day of the session"), "date", required=False),
    Fact("limits.words", N_("Word limit"), "int", required=False, hint=N_("empty: the kind's limit")),
    Fact("limits.pages", N_("Page limit"), "int", required=False, hint=N_("empty: the kind's limit")),
]


def languages() -> dict[str, str]:
    from uprreport.model.manifest import LANGUAGES

    return dict(LANGUAGES)


def language_of(path: Path) -> str:
    """The language of the project at ``path`` (``language:`` of its report.yaml), "en" when it
    cannot be read; read again only when report.yaml changed (the pages ask on every request)."""
    file = Path(path) / "report.yaml"
    try:
        stamp = file.stat().st_mtime_ns
    except OSError:
        return "en"
    had = _LANGUAGE.get(file)
    if had is not None and had[0] == stamp:
        return had[1]
    import yaml

    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    code = data.get("language") if isinstance(data, dict) else None
    code = code if isinstance(code, str) and code in languages() else "en"
    _LANGUAGE[file] = (stamp, code)
    return code


_LANGUAGE: dict[Path, tuple[int, str]] = {}


def _manifest_data(path: Path) -> tuple[str, dict]:
    from uprreport.readers import yamlfile

    pos, diags = yamlfile.read_positioned(path / "report.yaml", "report.yaml")
    if pos is None or not isinstance(pos.data, dict):
        raise UprError("report.yaml cannot be read, so its facts cannot be changed here", diagnostics=diags,
                       hint="correct report.yaml (the problems page names the line)")
    return (path / "report.yaml").read_text(encoding="utf-8-sig"), pos.data


def _get(data: dict, key: str):
    head, _, rest = key.partition(".")
    value = data.get(head)
    return value.get(rest) if rest and isinstance(value, dict) else (None if rest else value)


def facts(path: Path) -> dict[str, str]:
    """The facts of report.yaml as the form shows them (text)."""
    _text, data = _manifest_data(path)
    out = {}
    for f in FACTS:
        value = _get(data, f.key)
        out[f.key] = "" if value is None else value.isoformat() if isinstance(value, dt.date) else str(value)
    return out


def _parse(fact: Fact, text: str, problems: dict[str, str]):
    from uprreport.model import dates

    text = (text or "").strip()
    if not text:
        if fact.required:
            problems[fact.key] = f"{fact.label} is needed"
        return None
    if fact.kind == "int":
        if not (text.isascii() and text.isdigit() and len(text) < 7):
            problems[fact.key] = f"{fact.label} is a whole number"
            return None
        return int(text)
    if fact.kind == "date":
        try:
            return dates.parse(text)
        except ValueError:
            problems[fact.key] = f"'{text}' is not a date; write it as 2025-10-28"
            return None
    if fact.kind == "kind" and text not in kinds():
        problems[fact.key] = f"choose one of: {', '.join(kinds())}"
    if fact.kind == "language" and text not in languages():
        problems[fact.key] = f"choose one of: {', '.join(languages())}"
    return text


def _scalar(value) -> str:
    """``value`` as YAML writes it on one line: plain when that reads back the same, else quoted."""
    import json

    from uprreport.readers import yamlpos

    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if re.fullmatch(r"[A-Za-z0-9][\w ./,()'’-]*", text) and not text.endswith(" "):
        with contextlib.suppress(yamlpos.YamlSyntaxError):
            if yamlpos.load(f"k: {text}\n").data == {"k": text}:
                return text
    return json.dumps(text, ensure_ascii=False)


def _edit(text: str, changes: dict[str, object]) -> str:
    """report.yaml's ``text`` with the top-level keys of ``changes`` set (None: removed), each
    on its own line with its comment kept; ``limits`` rewritten as a block."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    for key, value in changes.items():
        pattern = re.compile(rf"^{re.escape(key)}:(?P<value>[^\n]*?)(?P<comment>[ \t]+#[^\n]*)?\n$")
        at = next((i for i, line in enumerate(lines) if pattern.match(line)), None)
        end = at + 1 if at is not None else None
        while end is not None and end < len(lines) and lines[end].startswith((" ", "\t")):
            end += 1   # a block under the key (limits:)
        if isinstance(value, dict):
            block = [f"{key}:\n"] + [f"  {k}: {_scalar(v)}\n" for k, v in value.items()] if value else []
            if at is None:
                lines += block
            else:
                lines[at:end] = block
            continue
        if value is None:
            if at is not None:
                del lines[at:end]
            continue
        if at is None:
            lines.append(f"{key}: {_scalar(value)}\n")
        else:
            m = pattern.match(lines[at])
            comment = (m.group("comment") or "").lstrip(" \t")
            column = len(lines[at]) - 1 - len(comment)          # where the comment began: it stays there
            new = f"{key}: {_scalar(value)}"
            lines[at:end] = [(new + " " * max(1, column - len(new)) + comment if comment else new) + "\n"]
    return "".join(lines)


def _expected(data: dict, changes: dict) -> dict:
    """report.yaml's data once ``changes`` are written, each value as it reads back."""
    from uprreport.readers import yamlpos

    def back(value):
        return yamlpos.load(f"k: {_scalar(value)}\n").data["k"]

    out = dict(data)
    for key, value in changes.items():
        if value is None or value == {}:
            out.pop(key, None)
        else:
            out[key] = {k: back(v) for k, v in value.items()} if isinstance(value, dict) else back(value)
    return out


def set_facts(path: Path, values: dict[str, str], by: str, project: str = "", root: Path | None = None) -> dict:
    """Write the facts of the form into report.yaml (atomically, comments kept where the line
    stays; the whole file written anew when that would not read back as meant). Returns the
    problems by field, with nothing written when there is one."""
    import yaml
    from pydantic import ValidationError

    from uprreport.fsutil import write_text
    from uprreport.model.manifest import Manifest
    from uprreport.readers import yamlpos

    with _turn(path):
        text, data = _manifest_data(path)
        problems: dict[str, str] = {}
        wanted = {f.key: _parse(f, values.get(f.key, ""), problems) for f in FACTS}
        if problems:
            return problems
        new = {k: v for k, v in data.items()}
        limits = dict(new.get("limits") or {}) if isinstance(new.get("limits") or {}, dict) else {}
        for key, value in wanted.items():
            if key.startswith("limits."):
                limits.pop(key[7:], None)
                if value is not None:
                    limits[key[7:]] = value
            elif value is None:
                new.pop(key, None)
            else:
                new[key] = value
        if limits:
            new["limits"] = limits
        else:
            new.pop("limits", None)
        try:
            Manifest.model_validate(new)
        except ValidationError as exc:
            for e in exc.errors():
                loc = ".".join(str(p) for p in e["loc"][:2])
                key = loc if loc in {f.key for f in FACTS} else str(e["loc"][0]) if e["loc"] else ""
                problems[key if key in {f.key for f in FACTS} else "_"] = e["msg"].removeprefix("Value error, ")
            return problems
        changes = {k: new.get(k) for k in ("kind", "state", "iso3", "cycle", "wg_session", "symbol",
                                            "previous_review", "language", "date", "session_start", "session_end")
                   if new.get(k) != data.get(k)}
        if new.get("limits") != data.get("limits"):
            changes["limits"] = new.get("limits") or {}
        if not changes:
            return {}
        edited = _edit(text, changes)
        try:
            same = yamlpos.load(edited).data == _expected(data, changes)
        except yamlpos.YamlSyntaxError:
            same = False
        if not same:   # a line the edit could not keep: the file is written anew, without its comments
            edited = ("# report.yaml: written by the uprreport workspace (the comments could not be kept)\n"
                      + yaml.safe_dump(new, sort_keys=False, allow_unicode=True, default_flow_style=False))
        write_text(path / "report.yaml", edited)
    if root is not None:
        log(root, by, "facts changed", project, detail=", ".join(f"{k}: {_shown(v)}" for k, v in changes.items()))
    return {}


def _shown(value) -> str:
    if value is None:
        return "(removed)"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}" if value else "(removed)"
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# --- bodies ----------------------------------------------------------------------------------

@dataclass
class Body:
    slug: str
    name: str = ""
    short_name: str = ""
    kind: str = ""
    sections: list[str] = field(default_factory=list)
    contact: str = ""
    email: str = ""
    lead: bool = False
    focal_points: list[str] = field(default_factory=list)
    problem: str = ""         # why contributor.yaml cannot be read


def body_kinds() -> list[str]:
    from uprreport.model.contribution import ContributorKind

    return [k.value for k in ContributorKind]


def bodies(path: Path, root: Path | None = None, project: str = "") -> list[Body]:
    """The project's bodies (its contribution folders) with their focal points' accounts."""
    from uprreport.model.contribution import Contributor
    from uprreport.readers import yamlfile
    from uprreport.readers.project import contribution_folders

    points: dict[str, list[str]] = {}
    if root is not None:
        for u in accounts.workspace_listing(root):
            if u.focal_point and u.project == project:
                points.setdefault(u.owns, []).append(u.name)
    out = []
    for folder in contribution_folders(path):
        b = Body(folder.name, focal_points=points.get(folder.name, []))
        c, _pos, diags = yamlfile.read_model(Contributor, folder / "contributor.yaml",
                                             f"contributions/{folder.name}/contributor.yaml")
        if c is None:
            b.problem = diags[0].message if diags else "contributor.yaml cannot be read"
        else:
            b.name, b.short_name, b.kind, b.sections, b.lead = (c.name, c.short_name or "", c.kind.value,
                                                                 list(c.sections), c.lead)
            b.contact, b.email = (c.contact.name or "", c.contact.email or "") if c.contact else ("", "")
        out.append(b)
    return out


def body_of(path: Path, slug: str) -> Body | None:
    """The body ``slug`` of the project, or None (a name not among its folders is none)."""
    return next((b for b in bodies(path) if b.slug == slug), None) if isinstance(slug, str) else None


def add_body(path: Path, values: dict[str, str], by: str, project: str = "", root: Path | None = None) -> dict:
    """Add a contributing body: contributions/<folder>/contributor.yaml from the form's values
    (folder, name, short_name, kind, sections, contact, email). Returns the problems by field,
    nothing written when there is one."""
    import yaml
    from pydantic import ValidationError

    from uprreport.fsutil import write_text
    from uprreport.model.contribution import Contributor

    v = {k: (values.get(k) or "").strip() for k in ("folder", "name", "short_name", "kind", "sections", "contact",
                                                     "email")}
    problems: dict[str, str] = {}
    if not NEW_BODY.match(v["folder"]):
        problems["folder"] = "use 2–40 small letters, digits or dashes, e.g. health"
    data: dict = {"name": v["name"], "short_name": v["short_name"] or None, "kind": v["kind"] or "ministry"}
    if v["contact"] or v["email"]:
        data["contact"] = {k: x for k, x in (("name", v["contact"]), ("email", v["email"])) if x}
    data["sections"] = [s for s in re.split(r"[,;\s]+", v["sections"]) if s]
    data = {k: x for k, x in data.items() if x is not None}
    try:
        Contributor.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors():
            where = str(e["loc"][0]) if e["loc"] else "_"
            problems[{"contact": "contact", "short_name": "short_name"}.get(where, where)] = \
                e["msg"].removeprefix("Value error, ")
    if problems:
        return problems
    with _turn(path):
        folder = path / "contributions" / v["folder"]
        if folder.exists():
            return {"folder": f"the project already has a body in '{v['folder']}'"}
        write_text(folder / "contributor.yaml",
                   "# contributor.yaml: who this body is and what it may write (added in the uprreport workspace)\n"
                   + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None))
    if root is not None:
        log(root, by, "body added", project, v["folder"], v["name"])
    return {}


# --- recommendations and who answers for them -----------------------------------------------

@dataclass
class Row:
    id: str
    text: str
    states: list[str]
    themes: list[str]          # titles
    position: str
    lead: str                  # body name, "" nobody
    support: list[str]


@dataclass
class Listing:
    rows: list[Row]
    total: int
    themes: list[tuple[str, str]]        # (key, title)
    states: list[str]
    bodies: list[tuple[str, str]]        # (folder, name)
    problem: str = ""                    # a filter that cannot be applied, said


def recommendations(path: Path, theme: str = "", state: str = "", text: str = "") -> Listing:
    """The register's recommendations meeting the filters (theme key, recommending State,
    words of the text), each with its lead and supporting bodies as the one rule gives them."""
    from uprreport.collection import assigning
    from uprreport.transforms import responsibility

    project = assigning.load(path)
    names = {c.slug: c.display_name for c in project.contributions}
    titles = {t.key: t.title for t in project.themes}
    recs = sorted(project.recommendations, key=lambda r: r.sort_key())
    listing = Listing([], len(recs), list(titles.items()), sorted({s for r in recs for s in r.states}),
                      sorted(names.items(), key=lambda kv: kv[1]))
    chosen = {r.id for r in recs}
    if theme or state or text:
        try:   # words, not a pattern: a pattern from a web page could keep a thread busy for ever
            chosen = set(assigning.select(project, theme=theme or None, state=state or None,
                                          text=re.escape(text) if text else None))
        except UprError as exc:
            listing.problem, chosen = str(exc), set()
    who = responsibility.rule(project)
    for r in recs:
        if r.id in chosen:
            w = who[r.id]
            listing.rows.append(Row(r.id, r.text, list(r.states), [titles.get(t, t) for t in r.themes],
                                    r.position.value if hasattr(r.position, "value") else str(r.position),
                                    names.get(w.lead, w.lead or ""), [names.get(s, s) for s in w.support]))
    return listing


def assign(path: Path, body: str, ids=(), theme: str = "", state: str = "", text: str = "", role: str = "lead",
           by: str = "", project: str = "", root: Path | None = None):
    """``api.assign``: the chosen recommendations to ``body`` as lead or support, or taken from it
    (``text``: words of the recommendation, not a pattern as the command line takes)."""
    from uprreport import api

    if role not in ("lead", "support", "remove"):
        raise UsageError(f"'{role}' is not lead, support or remove")
    with _turn(path):
        done = api.assign(path, body, ids=list(ids), theme=theme or None, state=state or None,
                          text=re.escape(text) if text else None, support=role == "support", remove=role == "remove")
    if root is not None and done.changed:
        log(root, by, "assigned", project, body, f"{role}: {done.ranges}")
    return done


# --- packs, returns, approvals --------------------------------------------------------------

def send_packs(path: Path, deadline: dt.date | None, by: str, project: str = "", root: Path | None = None,
               server=None):
    """``api.request``: an input pack (workbook, Word file, draft e-mail) for every body; with
    ``server`` (a mailing.Server), each e-mailed to its body's contact (``mailed`` on the result:
    what became of each; an UprError of the mail server is kept there, the packs stay made)."""
    from uprreport import api

    with _turn(path):
        done = api.request(path, deadline)
        done.mailed, done.mail_error = None, ""
        if server is not None:
            try:
                done.mailed = api.send_packs(path, server, [p.slug for p in done.packs])
            except UprError as exc:
                done.mail_error = str(exc)
    if root is not None:
        log(root, by, "packs sent", project, detail=f"{len(done.packs)} packs, due {done.deadline.isoformat()}: "
            + ", ".join(p.slug for p in done.packs))
        _log_mail(root, by, project, "packs e-mailed", done.mailed, done.mail_error)
    return done


def _log_mail(root: Path, by: str, project: str, action: str, mailed, error: str) -> None:
    if error:
        log(root, by, f"{action}: failed", project, detail=error)
    elif mailed is not None and (mailed.sent or mailed.refused):
        log(root, by, action, project, detail="; ".join(
            [f"{o.body} to {o.to}" for o in mailed.sent]
            + [f"{o.body} to {o.to} refused: {o.reason}" for o in mailed.refused]))


@dataclass
class Mailing:
    """What the bodies page shows of e-mail: whether a server is set, the schedule, the last
    e-mails sent to each body."""

    server: str                 # the server as it may be shown ('' : none set)
    schedule: object
    last: dict[str, dict]       # body -> its latest sending (sent.jsonl's row)
    due: list[str]              # bodies a scheduled reminder is due to today


def mailing_state(path: Path, server=None, today: dt.date | None = None) -> Mailing:
    from uprreport.collection import sending

    last: dict[str, dict] = {}
    for row in sending.record(path):
        last[row.get("body", "")] = row
    s = sending.schedule(path)
    try:
        due = sending.due(path, today or dt.date.today(), s) if s.on else []
    except UprError:
        due = []
    return Mailing(server.shown if server is not None else "", s, last, due)


def remind_now(path: Path, server, by: str, project: str = "", root: Path | None = None,
               today: dt.date | None = None):
    """Write and e-mail a reminder to every body late or due within 3 days (``progress --remind
    --send``); (the progress with the reminders written, what became of each e-mail)."""
    from uprreport import api

    with _turn(path):
        state, mailed = api.send_reminders(path, server, today)
    if root is not None:
        _log_mail(root, by, project, "reminders e-mailed", mailed, "")
    return state, mailed


def set_reminders(path: Path, on: bool, before: str, every: str, by: str, project: str = "",
                  root: Path | None = None) -> dict[str, str]:
    """Set the project's schedule of reminders; the problems by field (nothing written while one is wrong)."""
    from uprreport.collection import sending

    problems = {}
    values = {}
    for key, text in (("before", before), ("every", every)):
        try:
            values[key] = int(text.strip())
            if not 0 <= values[key] <= 60:
                raise ValueError
        except ValueError:
            problems[key] = "a number of days from 0 to 60"
    if problems:
        return problems
    with _turn(path):
        sending.set_schedule(path, sending.Schedule(on, values["before"], values["every"], by,
                                                    dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))
    if root is not None:
        log(root, by, "reminders scheduled" if on else "reminders not scheduled", project,
            detail=f"{values['before']} days before the deadline, then every {values['every']} days")
    return {}


def run_scheduled_reminders(root: Path, server, today: dt.date | None = None) -> dict[str, object]:
    """Send the reminders due today in every project of the workspace whose schedule is on
    (what the server's reminder thread runs, each hour). Under each project's lock and from
    its record of what was sent, so that several servers send each reminder once. A project
    that cannot be read is passed over (and logged); the others go on."""
    from uprreport import api
    from uprreport.collection import sending

    out: dict[str, object] = {}
    for name in project_names(root):
        path = check(root) / name
        try:
            if not sending.schedule(path).on:
                continue
            with _turn(path):
                day = today or dt.date.today()
                if not sending.due(path, day):
                    continue
                _state, mailed = api.send_reminders(path, server, day, scheduled=True)
        except UprError as exc:
            log(root, "(scheduled reminders)", "reminders e-mailed: failed", name, detail=str(exc))
            out[name] = exc
            continue
        _log_mail(root, "(scheduled reminders)", name, "reminders e-mailed", mailed, "")
        out[name] = mailed
    return out


def pack_files(path: Path, body: str) -> tuple[Path, list[str]]:
    """The folder of ``body``'s latest pack and its files (workbook, Word file, e-mail)."""
    from uprreport.collection import packs

    if body not in _bodies_of(path):
        return path, []
    folder = path / packs.FOLDER / body
    names = sorted(p.name for p in folder.glob("*") if p.is_file() and p.suffix in (".xlsx", ".docx", ".eml")) \
        if folder.is_dir() else []
    return folder, names


def _pack_body(path: Path, upload: Path) -> str | None:
    """The body whose pack ``upload`` is, by the id it carries (None: no pack of this project)."""
    from uprreport.collection import collect as collecting
    from uprreport.collection import packs

    try:
        pack_id = collecting._pack_of(upload)
    except collecting.UNREADABLE:
        return None
    return next((p["slug"] for p in packs.register(path)["packs"] if p["id"] == pack_id), None)


def collect(path: Path, files: list[tuple[Path, str]], by: str, body: str | None = None, project: str = "",
            root: Path | None = None, via: str = ""):
    """``api.collect`` of uploaded returns (the file, its name as sent), each through the safety
    gate first. With ``body`` (a focal point's page), a file that is not that body's pack is
    refused and nothing of it is read: a body's page never changes another body's data.
    ``via``: the API token that sent them, named in the log."""
    from uprreport import api
    from uprreport.diagnostics import Location, make

    refused, taken = [], []
    for upload, shown in files:
        suffix = Path(shown).suffix.lower()
        try:
            if suffix == ".eml" and body is None:
                taken.append(upload)
                continue
            gate(upload, shown)
        except UsageError as exc:
            refused.append(make("file-refused", Location(shown), f"not taken: {exc}".replace(f"{shown}: ", "")))
            continue
        if body is not None and _pack_body(path, upload) != body:
            refused.append(make("file-refused", Location(shown),
                                "not taken: this file is not an input pack of your body (upload the workbook and "
                                "the Word file of the pack downloaded from this page)"))
            continue
        taken.append(upload)
    with _turn(path):
        done = api.collect(path, taken) if taken else None
    if done is None:
        from uprreport.collection.collect import Collected

        done = Collected()
    done.diagnostics[:0] = refused
    if root is not None:
        log(root, by, "returns uploaded", project, body or "",
            "; ".join(shown for _u, shown in files) + f" ({len(done.returns)} taken, "
            f"{sum(d.severity.value == 'error' for d in done.diagnostics)} errors)" + token_note(via))
    return done


def standing(path: Path, body: str | None = None, today: dt.date | None = None):
    """The progress board (``api.progress``), or one body's line of it (None: not on it)."""
    from uprreport import api

    board = api.progress(path, today)
    if body is None:
        return board
    return next((b for b in board.bodies if b.slug == body), None)


def approval(path: Path, body: str):
    """``body``'s approval as it stands (collection.approvals.Approval), or None: no text yet."""
    from uprreport.collection import approvals, packs

    return next((a for a in approvals.standing(path, packs.load_project(path)) if a.slug == body), None)


def approve(path: Path, body: str, by: str, project: str = "", root: Path | None = None):
    """``api.approve``: ``body`` approves its text as it stands (its files' fingerprint)."""
    from uprreport import api

    with _turn(path):
        done = api.approve(path, body, by)
    if root is not None:
        log(root, by, "approved", project, body, f"{done.name}'s text as it stands")
    return done


# --- progress and problems on one page ------------------------------------------------------

@dataclass
class Group:
    slug: str                 # "" the project's own files
    name: str
    diagnostics: list

    @property
    def errors(self) -> int:
        return sum(d.severity.value == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity.value == "warning" for d in self.diagnostics)


@dataclass
class Board:
    progress: object | None = None          # collection.progress.Progress
    progress_problem: str = ""
    groups: list[Group] = field(default_factory=list)
    builds: bool = False                    # the project compiles (no errors)
    words: int | None = None
    word_limit: int | None = None
    by_body: list[tuple[str, str, int, int | None]] = field(default_factory=list)   # slug, name, words, budget
    by_section: list[tuple[str, int]] = field(default_factory=list)


BODY_PATH = re.compile(r"^contributions[/\\]([^/\\]+)")


def group(diagnostics, names: dict[str, str]) -> list[Group]:
    """Diagnostics by body (a file under contributions/<folder>/ is that body's), the project's
    own first."""
    groups: dict[str, Group] = {"": Group("", "The project (report.yaml, register, assignments)", [])}
    for d in diagnostics:
        m = BODY_PATH.match(d.location.path or "")
        slug = m.group(1) if m else ""
        groups.setdefault(slug, Group(slug, names.get(slug, slug), [])).diagnostics.append(d)
    return [g for g in groups.values() if g.diagnostics or not g.slug]


def board(path: Path, body: str | None = None) -> Board:
    """Where the project stands: the progress board, validation's diagnostics grouped by body
    (of ``body`` only, when given), the word count against the limit and each body's budget."""
    from uprreport import api

    out = Board()
    try:
        out.progress = standing(path)
    except UprError as exc:
        out.progress_problem = str(exc)
    v = api.validate(path, draft=True, furniture=False)
    names = dict(v.names or {})
    names.update({c.slug: c.display_name for c in (v.project.contributions if v.project else [])})
    out.groups = group(v.report.sorted(), names)
    if body is not None:
        out.groups = [g for g in out.groups if g.slug == body]
    out.builds = v.compiled is not None and not v.report.has_errors()
    if v.compiled is not None and v.compiled.words is not None:
        words = v.compiled.words
        out.words, out.word_limit = words.total, api.word_limit(v.project)
        budgets = dict(getattr(v.project.manifest, "budgets", None) or {}) if v.project.manifest else {}
        out.by_body = [(slug, names.get(slug, slug), n, budgets.get(slug) or budgets.get(names.get(slug, "")))
                       for slug, n in words.by_contributor.most_common() if body is None or slug == body]
        out.by_section = sorted(words.by_section.items())
    return out


def pdf_possible() -> bool:
    """Whether LibreOffice is there to make PDFs."""
    from uprreport import libreoffice

    return libreoffice.soffice() is not None


# --- API tokens (the HTTP API, web/http_api.py; docs/api.md) --------------------------------

def token_user(root: Path, token: str) -> tuple[User, str] | None:
    """(the account the token acts as, as it stands now; the token's id), or None: a token that
    is malformed, unknown, revoked, or whose account is gone."""
    from uprreport.rounds import tokens

    return tokens.check(check(root), token)


def create_token(root: Path, name: str, label: str = "", by: str = ""):
    """A new API token for the account ``name``: (its record, the token, to be shown this once),
    logged (its id, never its secret)."""
    from uprreport.rounds import tokens

    root = check(root)
    record, token = tokens.create(root, name, label)
    log(root, by or name, "token created", detail=f"{record.id} for {name}" + (f" ({record.label})"
                                                                                 if record.label else ""))
    return record, token


def token_listing(root: Path, name: str | None = None) -> list:
    """The workspace's API tokens (rounds.tokens.Token: id, account, label, created, last used)."""
    from uprreport.rounds import tokens

    return tokens.listing(check(root), name)


def revoke_token(root: Path, ident: str, by: str = "") -> bool:
    """End the API token ``ident`` (its id); whether there was one. Logged."""
    from uprreport.rounds import tokens

    root = check(root)
    gone = tokens.revoke(root, ident)
    if gone:
        log(root, by or "(unknown)", "token revoked", detail=tokens.SHAPE.sub(r"\1", ident))
    return gone


def recommendation_count(path: Path) -> int | None:
    """How many recommendations the project's register holds (None: it cannot be read)."""
    try:
        return recommendations(path).total
    except UprError:
        return None


REMINDER_INTERVAL = 3600    # seconds between the server's looks for reminders due


def start_reminders(root: Path, server, every: float = REMINDER_INTERVAL) -> threading.Event:
    """A thread of the server that sends the scheduled reminders (``run_scheduled_reminders``)
    at once and then every ``every`` seconds, until the Event returned is set. A fault is
    logged, never fatal: the next look comes all the same."""
    import logging

    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            try:
                run_scheduled_reminders(root, server)
            except Exception:      # noqa: BLE001 - the thread must outlive one bad look
                logging.getLogger("uprreport").exception("the scheduled reminders failed; tried again in %d s",
                                                         every)
            stop.wait(every)

    threading.Thread(target=run, name="uprreport-reminders", daemon=True).start()
    return stop


# --- comment rounds from the workspace --------------------------------------------------------

def round_state(path: Path):
    """Where the project's latest comment round stands (api.RoundStatus), or None before the first."""
    from uprreport import api
    from uprreport.rounds import store

    try:
        return api.round_status(path)
    except store.NoRegister:
        return None


def open_round(path: Path, deadline: dt.date | None, by: str, project: str = "", root: Path | None = None):
    """``api.round_open``: the review copy, the comment form and the public page's draft of the
    next round (refused while one is open). It takes the project's build lock: opening writes the
    round's files as closing and building do."""
    from uprreport import api

    lock = build_lock(path)
    if not lock.acquire(timeout=120):
        raise UprError("the project stayed busy for two minutes (a build or a round being closed); nothing was "
                       "changed", hint="try again in a moment")
    try:
        opened = api.round_open(path, deadline)
    finally:
        lock.release()
    if root is not None:
        log(root, by, "round opened", project, detail=f"round {opened.round}, comments until "
            f"{opened.deadline.isoformat()}, {opened.paragraphs} paragraphs")
    return opened


# --- links across cycles (docs/linking.md) ----------------------------------------------------

@dataclass
class LinkRow:
    key: str                 # the link's identity, as the page's form sends it back (``link_key``)
    earlier_id: str
    earlier_cycle: str
    earlier_mechanism: str
    relation: str            # same, related
    score: str
    confirmed: str           # yes, no, "" (undecided)
    evidence: str
    earlier_text: str
    shown: bool              # the report says "previously received as" (model/links.Link.shown)


@dataclass
class LinkGroup:
    id: str
    text: str
    links: list[LinkRow]


@dataclass
class LinksListing:
    groups: list[LinkGroup]           # the page's recommendations, each with its links
    total: int                        # links in links.csv
    matching: int                     # links meeting the filters
    undecided: int                    # of all, not yet decided
    shown: int                        # of all, printed as "previously received as"
    page: int
    pages: int
    earlier: bool                     # the register holds earlier cycles' or other mechanisms' recommendations


LINKS_PER_PAGE = 25      # recommendations a page


def link_key(key: tuple[str, str, str, str]) -> str:
    import json

    return json.dumps(list(key), ensure_ascii=False)


def links(path: Path, relation: str = "", state: str = "", page: int = 1) -> LinksListing:
    """The project's proposed links (links.csv), grouped by recommendation followed up, a page
    of ``LINKS_PER_PAGE`` recommendations at a time; ``relation``: same or related only;
    ``state``: undecided, yes or no only."""
    from uprreport.api import linking
    from uprreport.model.links import Link

    rows = linking.links(path)
    groups: dict[str, LinkGroup] = {}
    matching = undecided = shown = 0
    for r in rows:
        # each cell read as readers/links.py reads it for the build (a score saved by a French
        # Excel as 0,97; any case): what the page says is printed is what the report prints
        key = linking.key(r)
        confirmed = r.get("confirmed", "").casefold()
        confirmed = confirmed if confirmed in ("yes", "no") else ""
        kind = r.get("relation", "").casefold()
        try:
            score = float(r.get("score", "").replace(",", ".")) if r.get("score") else None
        except ValueError:
            score = None
        cycle = r.get("earlier_cycle", "")
        is_shown = Link(key[0], key[3], int(cycle) if re.fullmatch(r"[1-9]", cycle) else None, kind, score,
                        confirmed, key[2]).shown
        undecided += not confirmed
        shown += is_shown
        if relation and kind != relation:
            continue
        if state and (confirmed or "undecided") != state:
            continue
        matching += 1
        group = groups.setdefault(key[0], LinkGroup(key[0], r.get("text", ""), []))
        group.links.append(LinkRow(link_key(key), key[3], cycle, r.get("earlier_mechanism", ""), kind,
                                   r.get("score", ""), confirmed, r.get("evidence", ""), r.get("earlier_text", ""),
                                   is_shown))
    pages = max(1, -(-len(groups) // LINKS_PER_PAGE))
    page = min(max(1, page), pages)
    chosen = list(groups.values())[(page - 1) * LINKS_PER_PAGE:page * LINKS_PER_PAGE]
    return LinksListing(chosen, len(rows), matching, undecided, shown, page, pages, bool(rows) or _has_earlier(path))


def _has_earlier(path: Path) -> bool:
    from uprreport.importing import project_register
    from uprreport.readers import register

    try:
        register_path, shown, _source = project_register(path)
        current, _where, _diags, earlier = register.read_cycles(register_path, shown)
    except UprError:
        return False
    return bool(earlier) or len({(r.mechanism or "UPR").upper() for r in current}) > 1


def propose_links(path: Path, by: str = "", project: str = "", root: Path | None = None):
    """``uprreport link``: the links proposed again, the drafter's decisions kept."""
    from uprreport.api import linking

    with _turn(path):
        done = linking.link(path)
    if root is not None:
        log(root, by, "proposed links", project, "", f"{done.same} same, {done.related} related, {done.other} other "
                                                       f"mechanisms, {done.kept} decisions kept")
    return done


def confirm_links(path: Path, decisions: dict[str, str], by: str = "", project: str = "",
                  root: Path | None = None):
    """The drafter's decisions from the page (``link_key`` -> yes, no or "" undecided) into
    links.csv; a key that is not one is refused."""
    import json

    from uprreport.api import linking

    keys = {}
    for said, value in decisions.items():
        try:
            k = json.loads(said)
        except ValueError:
            k = None
        if not (isinstance(k, list) and len(k) == 4 and all(isinstance(x, str) for x in k)):
            raise UsageError("the form sent a link that is not one; load the page again")
        keys[tuple(k)] = value
    with _turn(path):
        done = linking.confirm(path, keys)
    if root is not None and done.changed:
        log(root, by, "confirmed links", project, "", f"{done.changed} decisions")
    return done


def followed_cycle(path: Path) -> int | None:
    """The cycle whose recommendations the project follows up (report.yaml's ``cycle`` less
    one, a mid-term report's own), or None when report.yaml says no cycle."""
    from uprreport.importing import followed_cycle as followed
    from uprreport.readers.project import read_manifest

    manifest, _pos, _diags = read_manifest(path)
    return followed(manifest)


def import_earlier(path: Path, upload: Path, shown: str, source: str, cycle: str = "", session: str = "",
                   paragraph: str = "", state: str = "", by: str = "", project: str = "", root: Path | None = None):
    """An earlier review's recommendations into the project's register, kept apart to link to
    (docs/linking.md): OHCHR's thematic list of that review (``source`` ohchr, with its
    ``cycle``), or UPR Info's export of its session (``uprinfo``: the rows of ``state``, by
    default the project's State; the cycle from the session, or ``cycle``; ``paragraph``
    numbers them). The upload passes the gate first. Rows of the cycle the project follows up
    are refused here."""
    from uprreport import importing
    from uprreport.readers.project import read_manifest

    if source not in ("ohchr", "uprinfo"):
        raise UsageError(f"'{source}' is not a source of an earlier review's recommendations")
    gate_source(upload, shown, source)
    followed = followed_cycle(path)
    if followed is None or followed < 2:
        raise UsageError("report.yaml says no earlier cycle than the one this report follows up",
                         hint="set the report's cycle among its facts first")
    number = int(cycle) if cycle.isascii() and cycle.isdigit() and len(cycle) < 3 else None
    if source == "ohchr" and (number is None or not 1 <= number < followed):
        raise UsageError(f"choose the cycle of the list: from 1 to {followed - 1} (this report follows up cycle "
                         f"{followed})")
    if number is not None and not 1 <= number < followed:
        raise UsageError(f"cycle {cycle} is not earlier than the one this report follows up (cycle {followed})")
    with _turn(path):
        if source == "ohchr":
            done = importing.import_ohchr(upload, path, number)
            done.earlier = {number: len(done.added) + len(done.changed) + len(done.unchanged)}
        else:
            at = int(paragraph) if paragraph.isascii() and paragraph.isdigit() and len(paragraph) < 5 else None
            if at is None:
                raise UsageError("UPR Info gives no paragraph numbers: give the paragraph of the Working Group's "
                                 "report the recommendations were numbered in (e.g. 115)")
            if not state.strip():
                manifest, _pos, _diags = read_manifest(path)
                state = getattr(manifest, "state", "") or ""
            done = importing.import_uprinfo(upload, path, state.strip(), session.strip() or None, at, number,
                                            earlier_only=True)
    if root is not None:
        log(root, by, "earlier recommendations imported", project, "",
            f"{shown}: " + ", ".join(f"{n} of cycle {c}" for c, n in sorted(done.earlier.items())))
    return done
