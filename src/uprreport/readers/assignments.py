"""Read ``assignments.csv`` (or .xlsx): the lead and supporting bodies of recommendations.

Bodies are named as people write them: the contribution's folder (``health``), its name
(``Ministry of Health``) or short name (``MoH``), in any case. Each row is checked against the
register and the contributions; a wrong row is reported where it is (file, row, column) with
the closest names, and left out: the recommendation then falls to its themes' owners.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.model.assignment import Assignment
from uprreport.readers import package, schema, tables

COLUMNS = {"id", "lead", "support"}
ALIASES = {"recommendation": "id", "lead_body": "lead", "supporting_bodies": "support", "supporting": "support",
           "support_bodies": "support"}


class BodyNames(dict):
    """Every way of naming a body (folder, name, short name; compared in lower case) -> its
    folder; ``written`` keeps each as written, for messages."""

    def __init__(self):
        super().__init__()
        self.written: dict[str, str] = {}

    def add(self, name: str, slug: str) -> None:
        key = " ".join(name.split()).lower()
        self.setdefault(key, slug)
        self.written.setdefault(key, name)


def body_names(contributions) -> BodyNames:
    out = BodyNames()
    for c in contributions:
        out.add(c.slug, c.slug)
        if c.contributor is not None:
            out.add(c.contributor.name, c.slug)
            if c.contributor.short_name:
                out.add(c.contributor.short_name, c.slug)
    return out


def body(name: str, names: dict[str, str]) -> str | None:
    """The folder of the body ``name`` names, or None."""
    return names.get(" ".join(str(name).split()).lower())


def unknown_body(name: str, names: dict[str, str]) -> str:
    """A message for a name no body has: the closest names, or the bodies there are."""
    if "," in name and all(body(part, names) for part in name.split(",") if part.strip()):
        return f"'{name}' names several bodies: separate them with ';' (a comma can be part of a name)"
    near = [getattr(names, "written", {}).get(n, n)
            for n in difflib.get_close_matches(name.lower(), list(names), n=2, cutoff=0.6)]
    folders = sorted(set(names.values()))
    hint = (f"did you mean {' or '.join(repr(n) for n in near)}?" if near else
            f"the bodies are {', '.join(folders[:12])}{' …' if len(folders) > 12 else ''}")
    return f"'{name}' is no contributing body (no folder, name or short name under contributions/); {hint}"


def read(path: Path, shown: str, contributions, known_ids: set[str]
         ) -> tuple[dict[str, Assignment], dict[str, Location], list[Diagnostic]]:
    """(assignments by recommendation id, where each is, diagnostics); none when the file is absent."""
    if not package.is_file(path):
        return {}, {}, []
    table, diags = tables.read_table(path, shown)
    if table is None:
        return {}, {}, diags
    columns = [ALIASES.get(c, c) for c in table.columns]
    if "id" not in columns:
        return {}, {}, diags + [make("table-missing-column", table.at(row=1),
                                    "no 'id' column; assignments.csv has the columns id, lead, support "
                                    "(`uprreport export assignments` writes one to start from)")]
    names = body_names(contributions)
    out: dict[str, Assignment] = {}
    where: dict[str, Location] = {}
    for n, cells in table.rows:
        item = {ALIASES.get(k, k): v for k, v in cells.items() if ALIASES.get(k, k) in COLUMNS}
        loc = table.at(row=n)
        got, more = schema.validate(Assignment, item, loc)
        diags.extend(more)
        if got is None:
            continue
        if got.id not in known_ids:
            diags.append(make("assignment-invalid", replace(loc, field="id"),
                              f"recommendation '{got.id}' is not in the register; correct the id or remove the row"))
            continue
        if got.id in where:
            diags.append(make("assignment-invalid", replace(loc, field="id"),
                              f"recommendation {got.id} is assigned already at {where[got.id]}; keep one row"))
            continue
        lead = body(got.lead, names) if got.lead else None
        if got.lead and lead is None:
            diags.append(make("assignment-invalid", replace(loc, field="lead"),
                              "lead column: " + unknown_body(got.lead, names)))
        support = []
        for s in got.support:
            slug = body(s, names)
            if slug is None:
                diags.append(make("assignment-invalid", replace(loc, field="support"),
                                  "support column: " + unknown_body(s, names)))
            elif slug != lead and slug not in support:
                support.append(slug)
        out[got.id] = Assignment(id=got.id, lead=lead, support=support)
        where[got.id] = loc
    return out, where, diags
