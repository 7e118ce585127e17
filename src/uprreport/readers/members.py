"""Read a coalition's members table (CSV or XLSX)."""

from __future__ import annotations

from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.model.members import Member
from uprreport.readers import package, schema, tables

ALIASES = {"organisation": "name", "organization": "name", "member": "name", "abbreviation": "acronym",
           "thematic_group": "group", "url": "website", "web": "website"}


def read(path: Path, shown: str) -> tuple[list[Member], list[Diagnostic]]:
    if not package.is_file(path):
        return [], [make("file-missing", Location(shown),
                         "the members table is missing; create it with columns name, acronym, description, group")]
    table, diags = tables.read_table(path, shown)
    if table is None:
        return [], diags
    columns = [ALIASES.get(c, c) for c in table.columns]
    if "name" not in columns:
        return [], diags + [make("table-missing-column", Location(shown, row=1),
                                 "no 'name' column; the members table needs name (and acronym, description, "
                                 "website, group)")]
    members, seen = [], {}
    for n, cells in table.rows:
        data = {ALIASES.get(k, k): v for k, v in cells.items() if ALIASES.get(k, k) in Member.model_fields}
        member, more = schema.validate(Member, data, Location(shown, row=n))
        diags.extend(more)
        if member is None:
            continue
        if member.name in seen:
            diags.append(make("member-duplicate", Location(shown, row=n),
                              f"'{member.name}' is already listed in row {seen[member.name]}; keep one row"))
            continue
        seen[member.name] = n
        members.append(member)
    return members, diags
