"""Each body's approval of its text: who approved which version, and whether the text has
changed since.

A body's text is its contribution folder as it stands (narrative fragments, sidecars,
implementation table, contributor.yaml; not ``.history/``). Approving records the SHA-256 of
that text, who approved and when, in ``requests/approvals.json``; the approval holds as
long as the text is unchanged. ``build --final`` refuses while any body with text has no
approval of its latest version.

An approval comes from the CLI (``approve``) or from a returned approval form (``request
--approval`` writes one per body: its text as it stands, and a table to sign). The form
carries the body and the fingerprint of the text it shows, so a form signed for an earlier
text approves nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, StrictStr

from uprreport.collection import packs
from uprreport.diagnostics import did_you_mean, listing
from uprreport.errors import UprError
from uprreport.fsutil import atomic_path, write_text

FILE = "approvals.json"
FORM_PREFIX = "uprreport-approval:"
SIGN = ["Approved by", "Title", "Date"]


@dataclass
class Approval:
    slug: str
    name: str
    state: str                 # "approved", "changed since approved", "not approved"
    by: str = ""
    at: str = ""

    def to_json(self) -> dict:
        return {"body": self.slug, "name": self.name, "state": self.state, "by": self.by, "at": self.at}


def fingerprint(folder: Path) -> str:
    """SHA-256 over the body's files (relative names and bytes), earlier versions left out."""
    h = hashlib.sha256()
    for f in sorted(p for p in Path(folder).rglob("*") if p.is_file() and ".history" not in p.parts
                    and not p.name.startswith(("~$", "."))):
        h.update(f.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


class _Record(BaseModel):
    model_config = ConfigDict(extra="allow")
    body: StrictStr
    sha256: StrictStr
    by: StrictStr
    at: StrictStr


class _Approvals(BaseModel):
    model_config = ConfigDict(extra="allow")
    approvals: list[_Record]


REMEDY = ("restore it from a backup or from version control; otherwise delete it and record the approvals again "
          "(`uprreport approve PROJECT BODY --by NAME`, or collect the signed forms again): until then "
          "`build --final` refuses")


def read(root: Path) -> tuple[dict | None, list]:
    """The approvals recorded, or None and warnings saying requests/approvals.json is
    damaged: for what can go on without them (a draft ``build`` shows no approvals then)."""
    return packs.read_record(Path(root) / packs.FOLDER / FILE, f"{packs.FOLDER}/{FILE}", _Approvals, REMEDY,
                             {"approvals": []})


def _load(root: Path) -> dict:
    """The approvals recorded; UprError (file, line, what to do) when the file is damaged:
    recording, checking or requiring approvals cannot go on without it."""
    data, diags = read(root)
    if data is None:
        raise packs.refuse(diags, f"{packs.FOLDER}/{FILE}", REMEDY)
    return data


def approve(root: Path, body: str, by: str, when: dt.datetime | None = None, sha: str | None = None) -> Approval:
    """Record that ``body`` (its folder name or its name) approved its text as it stands (or,
    with ``sha``, the text of that fingerprint, from a signed form)."""
    root = Path(root)
    project = packs.load_project(root)
    names = {c.slug: c for c in project.contributions}
    names |= {c.display_name: c for c in project.contributions}
    contribution = names.get(body)
    if contribution is None:
        raise UprError(f"no contributing body '{body}' in this project",
                       hint=did_you_mean(body, names) + "bodies: " + listing(sorted(c.slug for c in project.contributions)))
    if not by.strip():
        raise UprError("say who approved (--by NAME): the record is kept with the report")
    when = when or dt.datetime.now(dt.timezone.utc)
    data = _load(root)
    sha = sha or fingerprint(root / "contributions" / contribution.slug)
    data["approvals"].append({"body": contribution.slug, "sha256": sha,
                              "by": by.strip(), "at": when.isoformat(timespec="seconds")})
    write_text(root / packs.FOLDER / FILE, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    return Approval(contribution.slug, contribution.display_name, "approved", by.strip(),
                    when.isoformat(timespec="seconds"))


def standing(root: Path, project) -> list[Approval]:
    """Every body's approval as it stands now (bodies without text are left out)."""
    root = Path(root)
    records = _load(root)["approvals"]
    out = []
    for c in project.contributions:
        if not c.fragments and not c.implementation:
            continue
        mine = [r for r in records if r["body"] == c.slug]
        if not mine:
            out.append(Approval(c.slug, c.display_name, "not approved"))
            continue
        last = mine[-1]
        same = last["sha256"] == fingerprint(root / "contributions" / c.slug)
        out.append(Approval(c.slug, c.display_name, "approved" if same else "changed since approved",
                            last["by"], last["at"]))
    return out


def recorded(root: Path) -> bool:
    """Whether any approval was ever recorded (build shows approvals from then on)."""
    return bool(_load(root)["approvals"])


def forms(root: Path, deadline: dt.date | None = None, today: dt.date | None = None) -> list[Path]:
    """An approval form (Word) and draft e-mail for every body with text, into requests/<body>/."""
    from email.message import EmailMessage

    root = Path(root)
    project = packs.load_project(root, "asking for approvals")
    today = today or dt.date.today()
    deadline = deadline or today + dt.timedelta(days=7)
    written = []
    for c in project.contributions:
        if not c.fragments and not c.implementation:
            continue
        folder = root / packs.FOLDER / c.slug
        path = folder / f"{c.slug}-approval-form.docx"
        _form(path, project, c, fingerprint(root / "contributions" / c.slug), today, deadline)
        contact = c.contributor.contact if c.contributor else None
        msg = EmailMessage()
        msg["To"] = contact.email if contact and contact.email else ""
        msg["Subject"] = f"UPR report of {project.manifest.state}: please approve your text by {packs.day(deadline)}"
        msg.set_content(f"{f'Dear {contact.name},' if contact and contact.name else 'Dear colleague,'}\n\n"
                        f"Attached is the text of {c.display_name} as it stands in the report. If you approve it, "
                        "fill in the table at the end of the file and send it back by "
                        f"{packs.day(deadline)}. If it needs changes, send them instead: the changed text will "
                        "come to you again for approval.\n")
        email = folder / f"{c.slug}-approval-request.eml"
        packs.save_email(email, msg, [path])
        written += [path, email]
    return written


def _form(path: Path, project, contribution, sha: str, today: dt.date, deadline: dt.date) -> None:
    from docx import Document

    from uprreport.model.nodes import Para
    from uprreport.ooxml import write as ox
    from uprreport.ooxml.chars import clean   # the body's text as Word can hold it (docs/text-safety.md)

    doc = Document()
    name = clean(contribution.display_name)
    doc.core_properties.identifier = f"{FORM_PREFIX}{contribution.slug}:{sha}"
    doc.core_properties.title = f"Approval of the text of {name}"
    doc.add_heading(f"Approval of the text of {name}", level=1)
    doc.add_paragraph(f"This is the text of {name} as it stands on {packs.day(today)}. If you "
                      f"approve it, fill in the table at the end and send this file back by {packs.day(deadline)}. "
                      "Changes made in this file are not taken: send corrections as a new text.")
    titles = packs.section_titles(project)
    for f in sorted(contribution.fragments, key=lambda f: (f.meta.section, f.meta.theme or "", f.meta.order)):
        key = f"{f.meta.section}.{f.meta.theme}" if f.meta.theme else f.meta.section
        doc.add_heading(clean(f"{key} {titles.get(key, '')}".strip() + (f": {f.meta.title}" if f.meta.title else "")),
                        level=2)
        for b in f.blocks:
            if isinstance(b, Para) and b.plain().strip():
                doc.add_paragraph(clean(b.plain()))
    # what the body answers for (the one rule, transforms/responsibility.py) and what it reported
    reported = {row.recommendation: row for _loc, row in contribution.implementation}
    answers = [r.id for r in packs.owned(project, contribution)]
    ids = answers + [i for i in reported if i not in answers]
    if ids:
        doc.add_heading("Implementation of recommendations", level=2)
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ["Recommendation", "Status", "Actions"]):
            cell.text = text
        for rec_id in ids:
            row = reported.get(rec_id)
            cells = table.add_row().cells
            cells[0].text = clean(rec_id)
            cells[1].text, cells[2].text = (clean(row.status), clean(row.actions)) if row else ("(no answer yet)", "")
    doc.add_heading("Approval", level=2)
    sign = doc.add_table(rows=len(SIGN), cols=2)
    sign.style = "Table Grid"
    for r, label in zip(sign.rows, SIGN):
        r.cells[0].text = label
    ox.conform(doc)
    with atomic_path(path) as tmp:
        doc.save(str(tmp))


def from_form(root: Path, path: Path, shown: str, identifier: str, diags: list) -> Approval | None:
    """Record the approval a returned form carries; a warning (and nothing recorded) when it
    is unsigned or signed for a text that has changed since."""
    from docx import Document

    from uprreport.diagnostics import Location, make

    slug, _, sha = identifier[len(FORM_PREFIX):].partition(":")
    doc = Document(str(path))
    filled = {}
    for table in doc.tables:
        for row in table.rows:
            cells = row.cells
            if len(cells) >= 2 and cells[0].text.strip() in SIGN:
                filled[cells[0].text.strip()] = cells[1].text.strip()
    by = filled.get("Approved by", "")
    if not by:
        diags.append(make("approval-unsigned", Location(shown), "the approval form was sent back without a name "
                          "under 'Approved by'; nothing was recorded"))
        return None
    if sha != fingerprint(Path(root) / "contributions" / slug):
        diags.append(make("approval-stale", Location(shown), f"{by} approved the text of {slug} as it was when the "
                          "form was made; it has changed since, so the current text is not approved: send a new "
                          "form (`uprreport request --approval`)"))
    who = ", ".join(x for x in (by, filled.get("Title", "")) if x)
    day = _written_date(filled.get("Date", ""))
    when = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc) if day else None
    return approve(root, slug, who, when, sha)


def _written_date(text: str) -> dt.date | None:
    """The date a person typed in the form (2024-07-03, 03.07.2024, 3 July 2024), or None
    (the approval is then dated when it was collected)."""
    from dateutil import parser as dateparser

    from uprreport.model import dates

    if not text:
        return None
    try:
        return dates.parse(text)
    except ValueError:
        pass
    try:
        return dateparser.parse(text, dayfirst=True).date()
    except (ValueError, OverflowError):
        return None
