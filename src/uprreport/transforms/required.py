"""Check that report.yaml has the fields this report kind needs."""

from __future__ import annotations

from uprreport.diagnostics import Location, make
from uprreport.model.project import Project

_HINTS = {
    "symbol": "the document symbol, e.g. 'symbol: A/HRC/WG.6/48/ARC/1'",
    "author": "who submits, e.g.\nauthor:\n  name: Arcadian Coalition for Human Rights\n  acronym: ACHR",
    "members": "the members table of the coalition, e.g. 'members: members.csv' (columns name, acronym, description)",
    "accreditation": "the NHRI's accreditation status under the Paris Principles, 'accreditation: A'",
}


def check(project: Project):
    m = project.manifest
    for name in project.profile.required:
        if getattr(m, name, None) in (None, "", []):
            yield make("field-missing", Location("report.yaml", field=name),
                       f"a {project.profile.label.lower()} needs '{name}': add {_HINTS.get(name, name)}")
