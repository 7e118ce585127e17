"""Input packs: what each contributing body receives to fill in, without a terminal.

For each contribution folder, ``request`` writes into ``requests/<slug>/``:

- an Excel workbook: a first sheet of instructions; a sheet with one row for each
  recommendation the body answers for (those of the themes it owns, and those it reported
  on before), the id, text, position and previous status locked, the status chosen from a
  drop-down list of the project's vocabulary, and columns for actions, indicators,
  evidence, partners, timeframe and the responsible body;
- with a recommendation the same as one of an earlier cycle (links.csv) whose project's matrix is
  in ``earlier/``: that earlier status, actions and evidence, grey and locked, to update;
- a Word file for its narrative: a heading for each section it writes, its word budget,
  the deadline;
- a draft e-mail (.eml) to its contact with both attached.

Each file carries the pack's id (a workbook property, the Word file's identifier), so that
a returned file is known by what it is, not by its name. ``requests/register.json`` lists
the packs sent.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from pathlib import Path

from pydantic import BaseModel, ConfigDict, StrictInt, StrictStr, field_validator

from uprreport import i18n
from uprreport.diagnostics import Diagnostic, Location, Severity, make
from uprreport.i18n import N_
from uprreport.errors import UprError
from uprreport.fsutil import atomic_path, write_text
from uprreport.ooxml import write as ox
from uprreport.transforms import responsibility

FOLDER = "requests"
REGISTER = "register.json"
SHEET = "Implementation"
LOCKED = ["recommendation", "text", "position", "previous_status"]
# Last, so that the columns people fill keep their places (letters) in every pack: what the body
# is for each recommendation under the one rule (lead, support, reported before); locked too.
ROLE = "role"
FILLED = ["status", "actions", "indicators", "evidence", "partners", "timeframe", "responsible_body"]
# After the role, and only in a pack with something to carry: what an earlier cycle's project
# reported on the earlier recommendations a row repeats (docs/linking.md, "Carried forward into
# the packs"); locked, and never read back as the body's answers (readers/contribution.py).
CARRIED = ["earlier_cycle_status", "earlier_cycle_actions", "earlier_cycle_evidence"]
PACK_PROPERTY = "uprreport-pack"


@dataclass
class Pack:
    slug: str
    name: str
    id: str
    workbook: Path
    narrative: Path
    email: Path
    recommendations: int


@dataclass
class Requested:
    deadline: dt.date
    packs: list[Pack] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)   # bodies with nothing to ask for (names)


def load_project(root: Path, before: str | None = None):
    """The project at ``root``, read and checked. With ``before`` (what is about to be done,
    e.g. "sending input packs"), a project with any error is refused; without it, only one
    whose manifest cannot be read."""
    from uprreport import pipeline

    project, report = pipeline.check(Path(root))
    if before and (project.profile is None or report.has_errors()):
        raise UprError(f"the project has errors; fix them before {before}", diagnostics=report.sorted())
    if project.profile is None:
        raise UprError("the project's manifest has errors", diagnostics=report.sorted())
    return project


class _Return(BaseModel):
    model_config = ConfigDict(extra="allow")
    file: StrictStr
    kind: StrictStr
    at: StrictStr


def _iso_date(value: str) -> str:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a date written YYYY-MM-DD") from None
    return value


class _Sent(BaseModel):
    """One pack sent, as ``request`` records it (and ``collect`` adds its returns)."""

    model_config = ConfigDict(extra="allow")
    id: StrictStr
    slug: StrictStr
    version: StrictInt
    sent: StrictStr
    deadline: StrictStr
    returns: list[_Return] = []

    _dates = field_validator("sent", "deadline")(_iso_date)


class _Register(BaseModel):
    model_config = ConfigDict(extra="allow")
    packs: list[_Sent]


REGISTER_REMEDY = ("restore it from a backup or from version control; otherwise delete it to start again: the packs "
                   "sent before are then not recognised when they come back, so send new ones with "
                   "`uprreport request`")


def read_record(path: Path, shown: str, model, remedy: str, empty: dict) -> tuple[dict | None, list[Diagnostic]]:
    """A JSON record uprreport keeps (``model`` says its form): its data, ``empty`` when there
    is no file yet, or None and a warning (``record-unreadable``: the file, the line, what is
    wrong, ``remedy``) when it is damaged or not of that form. Never raises for what is in it."""
    from pydantic import ValidationError

    from uprreport.readers import jsonfile

    if not path.is_file():
        return dict(empty), []
    pos, diags = jsonfile.read(path, shown)
    if pos is None:
        where, detail = diags[0].location, diags[0].message
    else:
        try:
            model.model_validate(pos.data)
            return pos.data, []
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = tuple(err["loc"])
            field = ".".join(str(p) for p in loc)
            what = err["msg"].removeprefix("Value error, ")
            detail = (f"'{field}': {what}" if field else
                      f"it is not the record uprreport writes: {what.split(' or instance')[0]}")
            where = Location(shown, line=pos.line_of(loc), field=field or None)
    return None, [make("record-unreadable", where, f"{shown} is damaged ({detail}); {remedy}")]


def read_register(root: Path) -> tuple[dict | None, list[Diagnostic]]:
    """The packs sent so far, or None and warnings saying requests/register.json is damaged:
    for what can go on without them (``build`` shows no collection progress then)."""
    return read_record(Path(root) / FOLDER / REGISTER, f"{FOLDER}/{REGISTER}", _Register, REGISTER_REMEDY,
                       {"packs": []})


def refuse(diags: list[Diagnostic], shown: str, remedy: str) -> UprError:
    """The error for a command that cannot go on without a damaged record."""
    return UprError(f"{shown} is damaged, and this command needs it", hint=remedy,
                    diagnostics=[replace(d, severity=Severity.ERROR) for d in diags])


def register(root: Path) -> dict:
    """The packs sent so far: {"packs": [{id, slug, version, sent, deadline}, …]}. UprError
    (the file, the line, what to do) when requests/register.json is damaged: what sends,
    collects or follows packs cannot go on without it."""
    data, diags = read_register(root)
    if data is None:
        raise refuse(diags, f"{FOLDER}/{REGISTER}", REGISTER_REMEDY)
    return data


def budget(project, contribution) -> int | None:
    """The body's word budget from report.yaml (by its folder name, name or short name)."""
    from uprreport.transforms.limits import budget_targets

    budgets = project.manifest.budgets
    own = [k for k, (kind, ref) in budget_targets(project).items() if kind == "contributor" and ref == contribution.slug]
    return next((budgets[k] for k in own if k in budgets), None)


def section_titles(project) -> dict[str, str]:
    """Section key ("B", "D.justice") -> its heading, as the pack shows it."""
    return {s.key: s.title for s in project.profile.outline} | {
        f"{s.key}.{t.key}": t.title for s in project.profile.outline if s.by_theme for t in project.themes}


def day(d: dt.date) -> str:
    """3 July 2024, as an English letter writes a date (the command line's messages)."""
    return i18n.Language("en").date(d)


def asks_text(contribution) -> bool:
    """Whether the body writes text: it has sections of the outline to fill."""
    return bool(contribution.contributor and contribution.contributor.sections)


def owned(project, contribution) -> list:
    """The recommendations a body answers for (the one rule: transforms/responsibility.py)."""
    return responsibility.answers_for(project, contribution)


def earlier_evidence(root: Path) -> dict[tuple[int, str], str]:
    """(cycle, id) -> the evidence column of the earlier projects' matrices
    (``earlier/cycle-N.csv`` or .xlsx, as readers/links.py finds them), where it has any. A file
    that cannot be read gives nothing here (``validate`` says what is wrong with it)."""
    import re

    from uprreport.model.links import EARLIER_FOLDER
    from uprreport.readers import tables

    folder = Path(root) / EARLIER_FOLDER
    out: dict[tuple[int, str], str] = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.iterdir()):
        m = re.match(r"^cycle-?([1-9])\.(csv|xlsx)$", path.name, re.I)
        if not m or not path.is_file():
            continue
        try:
            table, _diags = tables.read_table(path, path.name, fits=lambda cols: "id" in cols and "status" in cols)
        except Exception:   # noqa: BLE001 - what validate reports; a pack goes out without it
            continue
        if table is None or "evidence" not in table.columns:
            continue
        for _n, cells in table.rows:
            if cells.get("id") and (cells.get("evidence") or "").strip():
                out[(int(m.group(1)), cells["id"])] = cells["evidence"].strip()
    return out


def carried(project, t) -> dict[str, dict[str, str]]:
    """Recommendation id -> the cells carried forward into its row (CARRIED: status, actions,
    evidence), from the earlier recommendations it repeats (transforms/previously.py: the links
    shown) whose project reported on them; ids without any are left out. Several earlier ones
    are a line each, the latest cycle first; the status cell names each one:
    '115.12 (cycle 3, supported; partially implemented)'."""
    from uprreport.transforms import previously

    before = previously.earlier(project)
    evidence = earlier_evidence(project.root) if before else {}
    out: dict[str, dict[str, str]] = {}
    for rid, items in before.items():
        items = [e for e in items if e.status is not None or (e.cycle, e.rec.id) in evidence]
        if not items:
            continue
        several = len(items) > 1
        cells: dict[str, list[str]] = {c: [] for c in CARRIED}
        for e in items:
            status = e.status.status if e.status else ""
            actions = "; ".join(e.status.actions) if e.status else ""
            proof = getattr(e.status, "evidence", "") or evidence.get((e.cycle, e.rec.id), "")
            if status:
                cells["earlier_cycle_status"].append(previously.item(e, t))
            for key, value in (("earlier_cycle_actions", actions), ("earlier_cycle_evidence", proof)):
                if value:
                    cells[key].append(f"{e.rec.id}: {value}" if several else value)
        joined = {k: "\n".join(v) for k, v in cells.items() if v}
        if joined:
            out[rid] = joined
    return out


def _workbook(path: Path, pack_id: str, project, contribution, vocabulary: list[str], deadline: dt.date) -> int:
    """The workbook of the pack, in the report's language: its sheets, headers (read back in any
    of the six languages: readers/contribution.py, ``aliases``), instructions and roles."""
    from uprreport.readers.contribution import CARRIED_LABELS, IMPL_LABELS
    from uprreport.writers.table import write_xlsx

    t = i18n.of(project)
    label = {key: t(msgid) for key, msgid in (IMPL_LABELS | CARRIED_LABELS).items()}
    sheet = t(N_("Implementation"))
    previous = {row.recommendation: row for _loc, row in contribution.implementation}
    recs = owned(project, contribution)
    who = responsibility.rule(project)
    names = {c.slug: c.display_name for c in project.contributions}
    before = carried(project, t)
    # only the carried columns this pack has something in (no empty columns in the others)
    extra = [c for c in CARRIED if any(c in before.get(rec.id, {}) for rec in recs)]
    grey = ", ".join(label[c] for c in LOCKED + [ROLE] + extra)
    lines = [t(N_("Input pack of {body} for the report on the Universal Periodic Review of {state}"),
               body=contribution.display_name, state=project.manifest.state), "",
             t(N_("Please return this workbook by {date}, without renaming its sheets."), date=t.date(deadline)),
             t(N_("The sheet '{sheet}' has one row for each recommendation your body answers for."), sheet=sheet),
             t(N_("The grey columns ({columns}) are locked: do not change them."), columns=grey),
             t(N_("{role}: '{lead}' where your body answers for the recommendation; '{support}' where it contributes "
                  "to the answer of the lead body named; '{before}' where it reported on it in the past."),
               role=label[ROLE], lead=t(N_("lead")), support=t(N_("support")), before=t(N_("reported before"))),
             t(N_("{status}: choose one of: {choices}."), status=label["status"], choices=", ".join(vocabulary)),
             t(N_("{actions}, {indicators}, {evidence}: what was done, how it is measured, and where it is "
                  "documented."), **{k: label[k] for k in ("actions", "indicators", "evidence")}),
             t(N_("{partners}, {timeframe}, {responsible}: who else took part, when, and which body is responsible."),
               partners=label["partners"], timeframe=label["timeframe"], responsible=label["responsible_body"]),
             t(N_("Leave a row's status empty if you have nothing to report on that recommendation."))]
    if extra:
        lines.insert(-1, t(N_("{columns}: what was reported in an earlier cycle on the same recommendation received "
                              "then. Start from it: write in your own columns what has changed since."),
                           columns=", ".join(label[c] for c in extra)))
    rows = []
    for rec in recs:
        old = previous.get(rec.id)
        rows.append({"recommendation": rec.id, "text": rec.text, "position": t(rec.position.value),
                     "role": _role(who[rec.id], contribution.slug, names, t),
                     "previous_status": old.status if old else "",
                     "responsible_body": (old.responsible_body if old else "") or contribution.display_name}
                    | {c: v for c, v in before.get(rec.id, {}).items() if c in extra})
    shown = [{label[k]: v for k, v in row.items()} for row in rows]
    # every value is written as text: ids stay text (140.10 never becomes 140.1)
    write_xlsx(path, [label[c] for c in LOCKED + FILLED + [ROLE] + extra], shown, sheet=sheet,
               widths={label["text"]: 60, label["actions"]: 40, label[ROLE]: 30} | {label[c]: 40 for c in extra},
               choices={label["status"]: vocabulary}, instructions=(t(N_("Instructions")), lines),
               locked=[label[c] for c in LOCKED + [ROLE] + extra], properties={PACK_PROPERTY: pack_id})
    return len(recs)


def _role(resp, slug: str, names: dict[str, str], t=None) -> str:
    """What the body is for a recommendation of its pack, under the one rule (in ``t``'s language)."""
    t = t or i18n.Language("en")
    if resp.lead == slug:
        return t(N_("lead"))
    if slug in resp.support:
        return (t(N_("support (lead: {body})"), body=names.get(resp.lead, resp.lead)) if resp.lead
                else t(N_("support")))
    return t(N_("reported before"))


def _narrative(path: Path, pack_id: str, project, contribution, deadline: dt.date) -> None:
    from docx import Document

    from uprreport.ooxml.chars import clean   # names and titles as Word can hold them (docs/text-safety.md)

    t = i18n.of(project)
    doc = Document()
    doc.core_properties.identifier = pack_id
    doc.core_properties.title = clean(t(N_("Narrative of {body}"), body=contribution.display_name))
    doc.core_properties.language = i18n.CLDR.get(t.code, t.code).replace("_", "-")
    doc.add_heading(clean(t(N_("{body}: text for the report"), body=contribution.display_name)), level=1)
    doc.add_paragraph(t(N_("Please return this file by {date}. Write under each heading; keep the headings as they "
                           "are. Notes, tables and lists are kept."), date=t.date(deadline)))
    words = budget(project, contribution)
    if words:
        doc.add_paragraph(t(N_("Your text may have at most {words} words in all."), words=t.number(words)))
    titles = section_titles(project)
    for key in contribution.contributor.sections if contribution.contributor else []:
        doc.add_heading(clean(f"{key} {titles.get(key, '')}".strip()), level=2)
        doc.add_paragraph("")
    ox.conform(doc)
    with atomic_path(path) as tmp:
        doc.save(str(tmp))


def greeting(t, contact) -> str:
    """'Dear Ana Núñez,' / 'Dear colleague,' in the report's language."""
    return t(N_("Dear {name},"), name=contact.name) if contact and contact.name else t(N_("Dear colleague,"))


def _email(path: Path, contribution, project, deadline: dt.date, attachments: list[Path]) -> None:
    t = i18n.of(project)
    contact = contribution.contributor.contact if contribution.contributor else None
    msg = EmailMessage()
    msg["To"] = (contact.email if contact and contact.email else "")
    msg["Subject"] = t(N_("UPR report of {state}: your input by {date}"), state=project.manifest.state,
                       date=t.date(deadline))
    msg.set_content(greeting(t, contact) + "\n\n" + t(N_(
        "Please find attached the input pack of {body} for the report on the Universal Periodic Review of {state}: "
        "a workbook on the implementation of the recommendations your body answers for, and a Word file for your "
        "text."), body=contribution.display_name, state=project.manifest.state) + "\n\n" + t(N_(
        "Please send both back by {date}. You may rename the files: they are recognised by what they hold."),
        date=t.date(deadline)) + "\n")
    save_email(path, msg, attachments, t.code)


def save_email(path: Path, msg: EmailMessage, attachments: list[Path], language: str = "en") -> None:
    """Write ``msg`` with the pack files attached as an .eml any e-mail program opens, marked with
    its ``language`` (after the attachments: adding one moves the Content-* headers inwards)."""
    for f in attachments:
        sub = "vnd.openxmlformats-officedocument.spreadsheetml.sheet" if f.suffix == ".xlsx" else \
            "vnd.openxmlformats-officedocument.wordprocessingml.document"
        msg.add_attachment(f.read_bytes(), maintype="application", subtype=sub, filename=f.name)
    if language != "en":
        msg["Content-Language"] = language
    with atomic_path(path) as tmp:
        tmp.write_bytes(bytes(msg))


def request(root: Path, deadline: dt.date | None = None, today: dt.date | None = None) -> Requested:
    """Write an input pack for every contribution of the project at ``root``."""
    from uprreport.transforms.statuses import vocabulary

    root = Path(root)
    project = load_project(root, "sending input packs")
    today = today or dt.date.today()
    deadline = deadline or today + dt.timedelta(days=21)
    reg = register(root)
    done = Requested(deadline)
    for contribution in project.contributions:
        if not asks_text(contribution) and not owned(project, contribution):
            done.skipped.append(contribution.display_name)
            continue
        pack_id = uuid.uuid4().hex
        folder = root / FOLDER / contribution.slug
        workbook = folder / f"{contribution.slug}-input-pack.xlsx"
        narrative = folder / f"{contribution.slug}-narrative.docx"
        email = folder / f"{contribution.slug}-request.eml"
        n = _workbook(workbook, pack_id, project, contribution, vocabulary(project), deadline)
        _narrative(narrative, pack_id, project, contribution, deadline)
        _email(email, contribution, project, deadline, [workbook, narrative])
        version = 1 + sum(1 for p in reg["packs"] if p["slug"] == contribution.slug)
        reg["packs"].append({"id": pack_id, "slug": contribution.slug, "version": version,
                             "sent": today.isoformat(), "deadline": deadline.isoformat()})
        done.packs.append(Pack(contribution.slug, contribution.display_name, pack_id, workbook, narrative, email, n))
    write_text(root / FOLDER / REGISTER, json.dumps(reg, indent=1, ensure_ascii=False) + "\n")
    return done
