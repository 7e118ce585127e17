"""Each body's approval of its text: who approved which version, and whether the text has
changed since.

A body's text is its contribution folder as it stands (narrative fragments, sidecars,
implementation table, contributor.yaml; not ``.history/``). Approving records the SHA-256 of
that text, who approved and when, in ``requests/approvals.json``; the approval holds as
long as the text is unchanged. ``build --final`` refuses while any body with text has no
approval of its latest version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from uprreport.collection import packs
from uprreport.diagnostics import did_you_mean, listing
from uprreport.errors import UprError
from uprreport.fsutil import write_text

FILE = "approvals.json"


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


def _load(root: Path) -> dict:
    path = Path(root) / packs.FOLDER / FILE
    if not path.is_file():
        return {"approvals": []}
    return json.loads(path.read_text(encoding="utf-8"))


def approve(root: Path, body: str, by: str, when: dt.datetime | None = None) -> Approval:
    """Record that ``body`` (its folder name or its name) approved its text as it stands."""
    from uprreport import pipeline

    root = Path(root)
    project, report = pipeline.check(root)
    if project.profile is None:
        raise UprError("the project's manifest has errors", diagnostics=report.sorted())
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
    data["approvals"].append({"body": contribution.slug, "sha256": fingerprint(root / "contributions" /
                                                                              contribution.slug),
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
