"""Register returned comments: Word copies, comment forms (XLSX/CSV) and e-mails (.txt/.eml).

Each comment is anchored to a paragraph id (by the review copy's bookmark, the id or
paragraph number written in a form or e-mail, or, failing those, by matching the quoted
words against the draft, which is flagged), attributed, classified, and routed to the
contributor that owns the paragraph. One call is one transaction; a file already
registered in this round adds nothing; files received after the deadline are marked late.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
import re
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.errors import UprError
from uprreport.model.ids import PARAGRAPH_ID
from uprreport.readers import package, review_docx, tables
from uprreport.rounds import store
from uprreport.rounds.classify import classify


PARA_IN_TEXT = re.compile(r"\bpara(?:graph)?s?\.?\s*(\d{1,4})\b", re.I)
FORM_ALIASES = {"paragraph": "paragraph_id", "id": "paragraph_id", "para": "paragraph_number",
                "number": "paragraph_number", "proposed": "proposed_wording", "proposal": "proposed_wording",
                "name": "commenter", "reviewer": "commenter", "organization": "organisation",
                "classification": "type"}


@dataclass
class Incoming:
    source_ref: str
    kind: str
    comment: str
    proposed: str = ""
    reviewer: str = ""
    organisation: str = ""
    date: str = ""
    pid: str | None = None
    number: int | None = None
    quote: str = ""
    context: str = ""           # text of the paragraph the reviewer saw, for quote matching
    parent_ref: str | None = None
    classification: str | None = None


@dataclass
class Ingested:
    round: int
    files: int = 0
    skipped: list[str] = field(default_factory=list)     # already registered
    late: list[str] = field(default_factory=list)
    comments: int = 0
    unanchored: int = 0
    by_quote: int = 0
    unanchored_items: list[str] = field(default_factory=list)   # "file: what", for the coordinator to place
    tracked: Counter = field(default_factory=Counter)             # tracked changes read, by kind
    diagnostics: list[Diagnostic] = field(default_factory=list)


# readers of each kind of returned file ------------------------------------------------------
def _quoted(texts: list[str]) -> str:
    return "\u201c" + " … ".join(t for t in texts if t.strip()) + "\u201d"


def _summary(changes: list) -> str:
    """What one reviewer's tracked changes in one paragraph do, in words: every kind is said
    (splits and joins of paragraphs, moves, formatting), none is left out."""
    words = [c for c in changes if not c.paragraph_mark]
    inserted = [c.text for c in words if c.kind == "insertion"]
    deleted = [c.text for c in words if c.kind == "deletion"]
    moved_here = [c.text for c in words if c.kind == "move" and c.move_to]
    moved_away = [c.text for c in words if c.kind == "move" and not c.move_to]
    parts = []
    if any(t.strip() for t in inserted):
        parts.append(f"inserts {_quoted(inserted)}")
    if any(t.strip() for t in deleted):
        parts.append(f"deletes {_quoted(deleted)}")
    if any(t.strip() for t in moved_away):
        parts.append(f"moves {_quoted(moved_away)} elsewhere")
    if any(t.strip() for t in moved_here):
        parts.append(f"moves {_quoted(moved_here)} here")
    if any(c.paragraph_mark and c.kind == "insertion" for c in changes):
        parts.append("splits the paragraph")
    if any(c.paragraph_mark and c.kind == "deletion" for c in changes):
        parts.append("joins the paragraph with the next")
    formatting = sum(c.kind == "formatting" for c in changes)
    if formatting:
        parts.append(f"changes the formatting ({formatting} change{'s' * (formatting != 1)})")
    return "; ".join(parts)


def _from_docx(path: Path, marks: dict[str, str], tracked: Counter) -> list[Incoming]:
    """The comments, replies and tracked changes of a returned Word copy; ``marks`` maps the
    review copy's bookmark names to paragraph ids. Each reviewer's tracked changes in one
    paragraph become one proposal; ``tracked`` counts them by kind."""
    copy = review_docx.read(path)
    out: list[Incoming] = []
    groups: dict[tuple[int | None, str], list] = {}
    seen: Counter = Counter()
    for r in copy.remarks:
        if r.kind in ("comment", "reply"):
            seen[r.ref] += 1   # Word's ids are unique in a file, but not every program's
            ref = f"comment:{r.ref}" + (f"#{seen[r.ref]}" if seen[r.ref] > 1 else "")
            out.append(Incoming(ref, r.kind, r.text, reviewer=r.author, organisation=copy.company,
                                date=r.date, pid=_mark_pid(r.anchor.bookmarks, marks), quote=r.anchor.quote,
                                context=r.anchor.text, parent_ref=f"comment:{r.parent}" if r.parent else None))
        else:
            kind = "split or join" if r.paragraph_mark else r.kind
            tracked[kind] += 1 if not (r.kind == "move" and r.move_to) else 0
            groups.setdefault((r.anchor.index, r.author), []).append(r)
    for (index, author), changes in groups.items():
        summary = _summary(changes)
        proposed = _clean(copy.proposal(index, author)) if index is not None else ""
        anchor = changes[0].anchor
        dates = [c.date for c in changes if c.date]
        out.append(Incoming(f"changes:{index}:{author}", "proposal", f"Tracked changes: {summary}",
                            proposed=proposed, reviewer=author, organisation=copy.company,
                            date=max(dates) if dates else "", pid=_mark_pid(anchor.bookmarks, marks),
                            context=copy.paragraph_text(index) if index is not None else ""))
    return out


def _clean(text: str) -> str:
    """A paragraph's text without the review copy's furniture: its number and its id label."""
    label = re.compile(rf"\s*\[{PARAGRAPH_ID.pattern}\]\s*$")
    return label.sub("", re.sub(r"^\d+\.\s*", "", text)).strip()


def _mark_pid(bookmarks: list[str], marks: dict[str, str]) -> str | None:
    return next((marks[b] for b in bookmarks if b in marks), None)


def _from_form(path: Path, shown: str) -> tuple[list[Incoming], list[Diagnostic]]:
    data, diags = tables.read_table(path, shown, sheet="Comments")
    if data is None:
        return [], diags
    out = []
    for n, row in data.rows:
        row = {FORM_ALIASES.get(k, k): v for k, v in row.items()}
        comment, proposed = row.get("comment", "").strip(), row.get("proposed_wording", "").strip()
        if not comment and not proposed:
            continue
        number = row.get("paragraph_number", "").strip()
        kind = row.get("type", "").strip().lower()
        out.append(Incoming(f"row:{n}", "form", comment, proposed, row.get("commenter", ""),
                            row.get("organisation", ""), "", row.get("paragraph_id", "").strip() or None,
                            int(number) if number.isascii() and number.isdigit() and len(number) < 10 else None,
                            quote=row.get("excerpt", "") if not row.get("paragraph_id") else "",
                            classification=kind if kind in ("editorial", "substantive", "critical") else None))
    return out, diags


class Refused(Exception):
    """A returned file that holds no comment to register; the message says why."""


def _text_of(raw: bytes) -> str:
    """A .txt file's text (UTF-8, or Windows-1252 as Notepad saves 'ANSI'); Refused when it
    is no text at all."""
    if b"\x00" in raw[:8192]:
        raise Refused("is not text (it holds binary data); send the comments in the e-mail's text, a Word copy "
                      "or the comment form")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > max(2, len(text) // 100):
        raise Refused("is not text (it holds control characters); send the comments as text")
    return text


def _from_email(path: Path, diags: list[Diagnostic] | None = None) -> tuple[Incoming, dt.datetime | None]:
    """The comment of an e-mail (.eml, read by readers/mail.py: a character set it does not
    know is a warning in ``diags``, not a failure) or of a pasted one (.txt)."""
    raw = path.read_bytes()
    received = None
    if path.suffix.lower() == ".eml":
        from uprreport.readers import mail

        got, more = mail.parse(raw, path.name)
        if any(d.code == "file-unreadable" for d in more):
            raise Refused("is not an e-mail that can be read; save it again from the e-mail program")
        if diags is not None:
            diags.extend(more)
        text, received = got.text, got.date
        name, address = got.name, got.address
        reviewer, organisation = name or address, address.split("@")[-1] if "@" in address else ""
    else:
        text = _text_of(raw)
        reviewer = organisation = ""
        head = re.match(r"(?is)\A((?:[A-Za-z-]+:[^\n]*\n)+)\n", text)
        if head:   # a pasted e-mail: headers, a blank line, the body
            headers = dict(re.findall(r"(?m)^([A-Za-z-]+):\s*(.*)$", head.group(1)))
            name, address = parseaddr(headers.get("From", ""))
            reviewer, organisation = name or address, headers.get("Organisation", headers.get("Organization", ""))
            text = text[head.end():]
    if not text.strip():
        raise Refused("holds no text: an empty e-mail registers no comment")
    pid = PARAGRAPH_ID.search(text)
    number = PARA_IN_TEXT.search(text)
    quote = re.search(r"\u201c([^\u201d]{12,})\u201d|\"([^\"]{12,})\"", text)
    return Incoming("email", "email", text.strip(), reviewer=reviewer, organisation=organisation,
                    date=received.isoformat() if received else "", pid=pid.group(0) if pid else None,
                    number=int(number.group(1)) if number and not pid else None,
                    quote=(quote.group(1) or quote.group(2)) if quote else ""), received


# anchoring ----------------------------------------------------------------------------------
MIN_QUOTE = 20   # characters a quoted passage needs before it is matched: "more" is in every paragraph


def _squash(text: str) -> str:
    return " ".join(text.split())


def _anchor(item: Incoming, paras: list, by_pid: dict, by_number: dict) -> tuple[str | None, str]:
    """The paragraph a comment is about, and how it was found. Quoted words anchor only when
    they are long enough and occur in one paragraph alone (or, when long, resemble one
    paragraph clearly more than any other); otherwise the comment has no paragraph and goes
    to the coordinator, named in the ingest summary. Nothing is guessed."""
    if item.pid and item.pid in by_pid:
        return item.pid, "bookmark" if item.kind in ("comment", "reply", "proposal") else "paragraph-id"
    if item.number is not None and item.number in by_number:
        return by_number[item.number], "paragraph-number"
    label = PARAGRAPH_ID.search(item.context or "")
    if label and label.group(0) in by_pid:   # the review copy prints each paragraph's id
        return label.group(0), "paragraph-id"
    texts = [(p["pid"], _squash(p["text"])) for p in paras]
    # a form's excerpt ends with "…" where it was cut
    for probe in (_squash(item.quote or "").rstrip("…").strip(), _squash(_clean(item.context or ""))):
        if len(probe) < MIN_QUOTE:
            continue
        hits = [pid for pid, text in texts if probe in text]
        if len(hits) == 1:
            return hits[0], "quote"
        if hits or len(probe) < 2 * MIN_QUOTE:
            continue   # in several paragraphs, or too short to compare: no guess
        scored = sorted(((difflib.SequenceMatcher(None, probe, text, autojunk=False).ratio(), pid)
                         for pid, text in texts
                         if difflib.SequenceMatcher(None, probe, text, autojunk=False).quick_ratio() >= 0.6),
                        reverse=True)
        if scored and scored[0][0] >= 0.75 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 0.1):
            return scored[0][1], "quote"
    return None, "none"


def ingest(project: Path, files: list[Path], received: dt.datetime | None = None,
           organisation: str | None = None) -> Ingested:
    """Register the comments in ``files`` in the open round, all in one transaction."""
    project = Path(project)
    with store.opened(project) as conn:
        return _ingest(conn, project, files, received, organisation)


def _ingest(conn, project: Path, files: list[Path], received: dt.datetime | None,
            organisation: str | None) -> Ingested:
    current = store.require_open(conn)
    n = current["n"]
    deadline = dt.date.fromisoformat(current["deadline"])
    paras = conn.execute("SELECT * FROM paragraphs WHERE round = ?", (n,)).fetchall()
    by_pid = {p["pid"]: p for p in paras}
    by_number = {p["number"]: p["pid"] for p in paras if p["number"] is not None}
    marks = {p["mark"]: p["pid"] for p in paras}
    lead = _lead_owner(project)
    result = Ingested(n)
    parsed = []
    for path in files:
        path = Path(path)
        shown = path.name
        try:
            sha = store.content_sha(path)
        except OSError as exc:
            result.diagnostics.append(make("file-unreadable", Location(shown), f"cannot read it: {exc.strerror}"))
            continue
        when = received
        suffix = path.suffix.lower()
        if suffix in (".docx", ".xlsx"):
            gate = package.check(path, "Word" if suffix == ".docx" else "Excel")
            if gate.problem:
                result.diagnostics.append(make("file-refused", Location(shown), f"not registered: this file {gate.problem}"))
                continue
            result.diagnostics.extend(make("package-warning", Location(shown), w) for w in gate.warnings)
        elif path.stat().st_size > package.MAX_TEXT:
            result.diagnostics.append(make("file-refused", Location(shown), "not registered: larger than 20 MB"))
            continue
        try:
            if suffix == ".docx":
                items = _from_docx(path, marks, result.tracked)
                kind = "word"
            elif suffix in (".xlsx", ".csv"):
                items, diags = _from_form(path, shown)
                result.diagnostics.extend(diags)
                kind = "form"
            elif suffix in (".txt", ".eml"):
                item, sent = _from_email(path, result.diagnostics)
                items, kind = [item], "email"
                when = sent or when   # an e-mail's own date says when it arrived
            else:
                result.diagnostics.append(make("file-refused", Location(shown),
                                               "not registered: returned comments come as .docx, .xlsx, .csv, .txt "
                                               "or .eml files"))
                continue
        except Refused as exc:
            result.diagnostics.append(make("file-refused", Location(shown), f"not registered: this file {exc}"))
            continue
        except package.DAMAGED as exc:
            result.diagnostics.append(make("file-unreadable", Location(shown),
                                           f"not a Word file that can be read ({type(exc).__name__}); "
                                           "ask the reviewer to save it again as .docx"))
            continue
        when = when or dt.datetime.now(dt.timezone.utc)
        late = when.date() > deadline
        parsed.append((path, sha, kind, when, late, items))
    _register(conn, project, n, parsed, paras, by_pid, by_number, lead, organisation, result)
    return result


def _register(conn, project: Path, n: int, parsed, paras, by_pid, by_number, lead: str, organisation: str | None,
              result: Ingested) -> None:
    """The comments of the files read, into round ``n`` in one transaction; refused whole when
    the round closed while they were read (they would be missing from its response matrix)."""
    with store.transaction(conn):
        current = store.current_round(conn)   # read again where the comments are written
        if current is None or current["n"] != n:
            raise UprError(f"round {n} was closed while these files were being read; nothing was registered",
                           hint="its response matrix holds the comments registered before it closed; register "
                                "these in the next round once it is open (uprreport round open)")
        for path, sha, kind, when, late, items in parsed:
            if conn.execute("SELECT 1 FROM files WHERE sha = ? AND round = ?", (sha, n)).fetchone():
                result.skipped.append(path.name)
                continue
            store.keep_original(project, path, sha)
            refs: dict[str, int] = {}
            for item in items:
                pid, anchor = _anchor(item, paras, by_pid, by_number)
                owner = by_pid[pid]["owner"] if pid else lead
                if owner == store.COORDINATOR:
                    owner = lead
                org = item.organisation or organisation or ""
                cur = conn.execute(
                    "INSERT OR IGNORE INTO comments (round, file_sha, source_ref, kind, pid, anchor, quote, comment,"
                    " proposed, reviewer, organisation, date, classification, owner, parent, late)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (n, sha, item.source_ref, item.kind, pid, anchor, item.quote, item.comment, item.proposed,
                     item.reviewer, org, item.date or None,
                     item.classification or classify(item.comment, item.proposed, by_pid[pid]["text"] if pid else ""),
                     owner, refs.get(item.parent_ref) if item.parent_ref else None, int(late)))
                refs[item.source_ref] = cur.lastrowid
                result.comments += 1
                result.unanchored += anchor == "none"
                result.by_quote += anchor == "quote"
                if anchor == "none":
                    words = _squash(item.comment)
                    result.unanchored_items.append(f"{path.name}: {item.kind} \u201c{words[:70]}"
                                                   f"{'…' if len(words) > 70 else ''}\u201d")
            conn.execute("INSERT INTO files (sha, round, name, kind, received, late, comments) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (sha, n, path.name, kind, when.isoformat(), int(late), len(items)))
            result.files += 1
            if late:
                result.late.append(path.name)


def _lead_owner(project: Path) -> str:
    """The coordinating contribution's folder: unanchored comments go to it."""
    from uprreport.readers.project import lead_contribution

    return lead_contribution(project) or store.COORDINATOR
