"""Where collection stands: for every contributing body, the pack it was sent, what came
back, which of its recommendations still have no status, and how late it is; reminder
e-mails for the bodies still owing something.

A recommendation counts as answered when the body's implementation table has a row for it
with a status; a body with sections of the outline owes text, which counts as returned when a Word file of the body's pack was
collected, or the body has fragments of its own already (written by hand).

The board is drawn for a day, ``today``: by default the real one; given (``progress
--today``, to replay a date or look ahead), lateness counts from it, and only the files
collected by the end of that day count as returns (``returns``, ``last_return``, a Word
file returned): a file collected later is none of them (``later`` says how many there
are). The statuses, the text and its words are read as they are now, whoever brought
them: the project keeps no earlier state of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from uprreport.collection import packs
from uprreport.transforms.wordcount import count_blocks


@dataclass
class Standing:
    slug: str
    name: str
    sent: dt.date | None          # latest pack sent (None: no pack yet)
    deadline: dt.date | None
    recommendations: int          # how many it answers for
    missing: list[str] = field(default_factory=list)   # ids with no status yet
    narrative: bool = False       # a narrative came back (or was written here)
    returns: int = 0              # files collected from it
    days_late: int = 0            # past the deadline with something missing
    last_return: str = ""         # when the latest file counted came back (ISO, UTC)
    later: int = 0                # files collected after the day the board is drawn for
    words: int = 0                # words of its text now
    budget: int | None = None     # its word budget in report.yaml

    @property
    def state(self) -> str:
        if self.sent is None:
            return "not asked"
        if not self.missing and self.narrative:
            return "complete"
        if self.days_late > 0:
            return "late"
        return "waiting" if not self.returns else "partial"

    def to_json(self) -> dict:
        return {"body": self.slug, "name": self.name, "state": self.state,
                "sent": self.sent.isoformat() if self.sent else None,
                "deadline": self.deadline.isoformat() if self.deadline else None,
                "recommendations": self.recommendations, "answered": self.recommendations - len(self.missing),
                "missing": self.missing, "narrative": self.narrative, "returns": self.returns,
                "days_late": self.days_late, "last_return": self.last_return or None,
                "returns_later": self.later, "words": self.words,
                "budget": self.budget}


@dataclass
class Progress:
    today: dt.date
    bodies: list[Standing] = field(default_factory=list)
    reminders: list[Path] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"today": self.today.isoformat(), "bodies": [b.to_json() for b in self.bodies],
                "reminders": [str(p) for p in self.reminders]}


def progress(root: Path, today: dt.date | None = None) -> Progress:
    """The standing of every contributing body of the project at ``root``."""
    return of_project(Path(root), packs.load_project(root), today)


def of_project(root: Path, project, today: dt.date | None = None) -> Progress:
    """The standing of every body of ``project`` (already read), for ``build`` to show."""
    replayed = today is not None
    today = today or dt.date.today()
    sent = packs.register(root)["packs"]
    out = Progress(today)
    for contribution in project.contributions:
        mine = [p for p in sent if p["slug"] == contribution.slug]
        latest = max(mine, key=lambda p: p["version"]) if mine else None
        answered = {row.recommendation for _loc, row in contribution.implementation if row.status.strip()}
        recs = packs.owned(project, contribution)
        every = [r for p in mine for r in p.get("returns", [])]
        returns = [r for r in every if not (replayed and _after(r["at"], today))]
        standing = Standing(
            contribution.slug, contribution.display_name,
            dt.date.fromisoformat(latest["sent"]) if latest else None,
            dt.date.fromisoformat(latest["deadline"]) if latest else None,
            len(recs), [r.id for r in recs if r.id not in answered],
            not packs.asks_text(contribution) or any(r["kind"] == "narrative" for r in returns)
            or bool(contribution.fragments), len(returns))
        standing.last_return = max((r["at"] for r in returns), default="")
        standing.later = len(every) - len(returns)
        standing.words = sum(count_blocks(f.blocks) for f in contribution.fragments)
        standing.budget = packs.budget(project, contribution)
        if standing.deadline and standing.state != "complete" and today > standing.deadline:
            standing.days_late = (today - standing.deadline).days
        out.bodies.append(standing)
    return out


def _after(at: str, day: dt.date) -> bool:
    """Whether a return recorded at ``at`` (ISO, UTC) came in after ``day``, as the local
    calendar has it; a time that cannot be read is taken as not after."""
    try:
        when = dt.datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return False
    return (when.astimezone() if when.tzinfo else when).date() > day


def remind(root: Path, today: dt.date | None = None, days_before: int = 3, only: set[str] | None = None
           ) -> Progress:
    """Write a reminder e-mail for every body owing something that is late or due within
    ``days_before`` days (or, with ``only``, for those bodies that owe something: the ones a
    scheduled reminder is due to, collection/sending.py); the body's latest pack goes with it
    again (its id is unchanged, so what comes back is still recognised)."""
    root = Path(root)
    project = packs.load_project(root)
    state = of_project(root, project, today)
    by_slug = {c.slug: c for c in project.contributions}
    for b in state.bodies:
        if b.sent is None or b.state == "complete" or b.deadline is None:
            continue
        if (b.slug not in only) if only is not None else (b.deadline - state.today).days > days_before:
            continue
        folder = root / packs.FOLDER / b.slug
        attachments = [f for f in (folder / f"{b.slug}-input-pack.xlsx", folder / f"{b.slug}-narrative.docx")
                       if f.is_file()]
        path = folder / f"{b.slug}-reminder-{state.today.isoformat()}.eml"
        _reminder(path, by_slug[b.slug], project, b, state.today, attachments)
        state.reminders.append(path)
    return state


def _reminder(path: Path, contribution, project, b: Standing, today: dt.date, attachments: list[Path]) -> None:
    from uprreport import i18n
    from uprreport.i18n import N_

    t = i18n.of(project)
    contact = contribution.contributor.contact if contribution.contributor else None
    msg = EmailMessage()
    msg["To"] = contact.email if contact and contact.email else ""
    late = b.deadline < today
    fields = {"state": project.manifest.state, "date": t.date(b.deadline), "body": b.name}
    msg["Subject"] = t(N_("UPR report of {state}: reminder, your input was due on {date}") if late else
                       N_("UPR report of {state}: reminder, your input is due on {date}"), **fields)
    lines = [packs.greeting(t, contact), "",
             t(N_("The input of {body} for the report on the Universal Periodic Review of {state} was due on "
                  "{date}. We still need:") if late else
               N_("The input of {body} for the report on the Universal Periodic Review of {state} is due on "
                  "{date}. We still need:"), **fields), ""]
    if b.missing:
        lines.append("- " + t(N_("the implementation of these recommendations ({missing} of the {total} of your pack): "
                                 "{ids}"), missing=len(b.missing), total=b.recommendations, ids=", ".join(b.missing)))
    if not b.narrative:
        lines.append("- " + t(N_("your text (the Word file)")))
    lines += ["", t(N_("The pack is attached again; if you have already started on the copy you received, send that "
                       "one: both are recognised.")), ""]
    msg.set_content("\n".join(lines))
    packs.save_email(path, msg, attachments, t.code)
