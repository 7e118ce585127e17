"""The packs' and reminders' e-mails sent through the organisation's SMTP server (mailing/):
the drafts ``request`` and ``remind`` write (``requests/<body>/*.eml``) go out as they are,
with the server's address as sender. Each sending is one line of ``requests/sent.jsonl`` (when,
which body, which draft and its SHA-256, to whom, sent or why not), so that a draft already sent
is not sent again and the progress board can say who was written to when. docs/email.md.

Reminders can be scheduled (``requests/reminders.json``): so many days before a body's
deadline, then every so many days after it while the body still owes something; ``due`` says
which bodies a reminder is due to today, from the schedule and what was sent.
"""

from __future__ import annotations

import datetime as dt
import email
import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from email.policy import default as email_policy
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from pathlib import Path

from uprreport import mailing
from uprreport.collection import packs
from uprreport.errors import UsageError
from uprreport.fsutil import write_text

SENT = "sent.jsonl"            # in requests/
SCHEDULE = "reminders.json"    # in requests/


@dataclass
class Outcome:
    body: str
    kind: str             # "pack" or "reminder"
    file: str             # the draft, relative to the project
    to: str
    ok: bool
    reason: str = ""      # why it was not sent (the server's answer), or why it was skipped
    skipped: bool = False


@dataclass
class Sending:
    sent: list[Outcome] = field(default_factory=list)
    refused: list[Outcome] = field(default_factory=list)
    skipped: list[Outcome] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {k: [asdict(o) for o in getattr(self, k)] for k in ("sent", "refused", "skipped")}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _key(kind, file, sha):
    """What makes a draft the same as one sent before: a pack's e-mail by its bytes (a new pack
    is a new file); a reminder by its file, named by its day (written again the same day, its
    MIME boundaries differ, but it is the same reminder)."""
    return ("file", file) if kind == "reminder" else ("sha", sha)


def record(root: Path) -> list[dict]:
    """What was sent so far, oldest first (lines that cannot be read are passed over: a line
    cut short by a machine stopped while writing it)."""
    out = []
    try:
        text = (Path(root) / packs.FOLDER / SENT).read_text(encoding="utf-8")
    except FileNotFoundError:
        return out
    for line in text.splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict):
            out.append(row)
    return out


def _append(root: Path, rows: list[dict]) -> None:
    if not rows:
        return
    path = Path(root) / packs.FOLDER / SENT
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())


def send(root: Path, server: mailing.Server, drafts: list[tuple[str, str, Path]], force: bool = False,
         now: dt.datetime | None = None) -> Sending:
    """Send the drafts ``(body, kind, path)`` through ``server``: those without an address are
    skipped (the body's contributor.yaml has no contact e-mail), and so are those already sent
    (``_key``) unless ``force``. UprError when the server cannot be reached
    or refuses the login: nothing is sent then, and nothing recorded."""
    root = Path(root)
    now = now or dt.datetime.now(dt.timezone.utc)
    done = {(_key(r.get("kind"), r.get("file"), r.get("sha")), r.get("to")) for r in record(root) if r.get("ok")}
    result = Sending()
    queued: list[tuple[Outcome, str, email.message.EmailMessage]] = []
    for body, kind, path in drafts:
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        msg = email.message_from_bytes(path.read_bytes(), policy=email_policy)
        to = parseaddr(str(msg["To"] or ""))[1]
        if not mailing.valid_address(to):
            result.skipped.append(Outcome(body, kind, shown, to, False, "no e-mail address: add the contact's "
                                          f"e-mail to contributions/{body}/contributor.yaml", True))
            continue
        sha = _sha(path)
        if (_key(kind, shown, sha), to) in done and not force:
            result.skipped.append(Outcome(body, kind, shown, to, True, "already sent", True))
            continue
        for header in ("From", "Date", "Message-ID", "Auto-Submitted"):
            del msg[header]
        msg["From"] = formataddr((server.sender_name, server.sender)) if server.sender_name else server.sender
        msg["Date"] = formatdate(localtime=False)
        msg["Message-ID"] = make_msgid(domain=server.sender.rsplit("@", 1)[1])
        msg["Auto-Submitted"] = "auto-generated"
        queued.append((Outcome(body, kind, shown, to, False), sha, msg))
    outcomes = mailing.send(server, [m for _, _, m in queued])
    rows = []
    for (outcome, sha, _msg), sent in zip(queued, outcomes):
        outcome.ok, outcome.reason = sent.ok, sent.reason
        (result.sent if sent.ok else result.refused).append(outcome)
        rows.append({"at": now.isoformat(timespec="seconds"), "body": outcome.body, "kind": outcome.kind,
                     "file": outcome.file, "sha": sha, "to": outcome.to, "ok": sent.ok, "reason": sent.reason})
    _append(root, rows)
    return result


def pack_drafts(root: Path, bodies: list[str] | None = None) -> list[tuple[str, str, Path]]:
    """The request e-mails of the bodies' latest packs (every body's, or those of ``bodies``)."""
    out = []
    folder = Path(root) / packs.FOLDER
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []:
        draft = sub / f"{sub.name}-request.eml"
        if draft.is_file() and (bodies is None or sub.name in bodies):
            out.append((sub.name, "pack", draft))
    return out


# --- the schedule of reminders ----------------------------------------------------------------

REMINDER_FILE = re.compile(r"-reminder-(\d{4}-\d{2}-\d{2})\.eml$")


def _reminder_day(row: dict) -> dt.date | None:
    """The day a reminder that was sent was for: its draft's name says it (progress.remind names
    it by the day it counted from); else the day it was sent."""
    m = REMINDER_FILE.search(str(row.get("file", "")))
    try:
        return dt.date.fromisoformat(m.group(1)) if m else dt.datetime.fromisoformat(row["at"]).date()
    except (KeyError, TypeError, ValueError):
        return None

@dataclass
class Schedule:
    """Remind a body that still owes something ``before`` days before its deadline, then every
    ``every`` days after it (0: not after); off when not ``on``."""

    on: bool = False
    before: int = 3
    every: int = 7
    by: str = ""
    at: str = ""


def schedule(root: Path) -> Schedule:
    path = Path(root) / packs.FOLDER / SCHEDULE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Schedule()
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path} cannot be read as the reminders' schedule ({exc})",
                         hint="set the schedule again on the Bodies and packs page, or delete the file") from None
    try:
        s = Schedule(bool(data.get("on")), int(data.get("before", 3)), int(data.get("every", 7)),
                     str(data.get("by", "")), str(data.get("at", "")))
    except (TypeError, ValueError, AttributeError):
        raise UsageError(f"{path}: 'before' and 'every' must be numbers of days",
                         hint="set the schedule again on the Bodies and packs page") from None
    return s


def set_schedule(root: Path, s: Schedule) -> None:
    if not (0 <= s.before <= 60 and 0 <= s.every <= 60):
        raise UsageError("reminders are from 0 to 60 days before the deadline, and every 0 to 60 days after it")
    write_text(Path(root) / packs.FOLDER / SCHEDULE, json.dumps(asdict(s), indent=1) + "\n")


def _addressed(root: Path, body: str) -> bool:
    """Whether the body's pack e-mail has an address to go to (a body without one is shown on the
    board as such; a scheduled reminder would only be a draft nobody sends)."""
    draft = Path(root) / packs.FOLDER / body / f"{body}-request.eml"
    try:
        with open(draft, "rb") as f:
            head = email.message_from_binary_file(f, policy=email_policy)
    except OSError:
        return False
    return mailing.valid_address(parseaddr(str(head["To"] or ""))[1])


def due(root: Path, today: dt.date, s: Schedule | None = None) -> list[str]:
    """The bodies a scheduled reminder is due to on ``today``: each sent a pack it has not fully
    answered, with a deadline and an e-mail address, and either within ``before`` days of it with no reminder since that
    day began, or past it with none in the last ``every`` days."""
    from uprreport.collection import progress

    s = s or schedule(root)
    if not s.on:
        return []
    last: dict[str, dt.date] = {}
    for r in record(root):
        if r.get("kind") == "reminder" and r.get("ok"):
            day = _reminder_day(r)
            if day is not None:
                last[r.get("body", "")] = max(day, last.get(r.get("body", ""), day))
    state = progress.progress(root, today)
    out = []
    for b in state.bodies:
        if b.sent is None or b.state == "complete" or b.deadline is None or not _addressed(root, b.slug):
            continue
        start = b.deadline - dt.timedelta(days=s.before)
        seen = last.get(b.slug)
        if start <= today <= b.deadline:
            if seen is None or seen < start:
                out.append(b.slug)
        elif today > b.deadline and s.every:
            if seen is None or (today - seen).days >= s.every:
                out.append(b.slug)
    return out
