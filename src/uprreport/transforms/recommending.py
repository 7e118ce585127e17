"""Recommending States in the register that are no State: said once per name, with its rows.

A register written by hand, or imported before States were resolved as entities, may hold a
treaty's acronym ("CEDAW") or a misspelt name in its `states` column; the report would print
it as a State. Each such name is a warning naming the rows and the closest State names
(model/states.py; docs/ohchr-lists.md). Other mechanisms' recommendations (treaty bodies,
special procedures) have no recommending State and are not checked.
"""

from __future__ import annotations

from dataclasses import replace

from uprreport.diagnostics import Location, make
from uprreport.model import states
from uprreport.model.project import Project


def check(project: Project):
    unknown: dict[str, list[str]] = {}
    for rec in project.recommendations:
        if rec.mechanism.upper() != "UPR":
            continue
        for name in rec.states:
            entity = states.resolve(name)
            if entity is None or not entity.is_state:
                unknown.setdefault(name, []).append(rec.id)
    for name, ids in unknown.items():
        where = project.rec_locations.get(ids[0]) or Location(project.register_path)
        entity = states.resolve(name)
        near = states.closest(name)
        shown = ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
        yield make("state-unknown", replace(where, field="states"),
                   f"'{name}' (recommendation{'s' * (len(ids) != 1)} {shown}) is "
                   + ("a group of States, not a State" if entity is not None else "no State uprreport knows")
                   + (f"; did you mean {' or '.join(near[:2])}?" if near and entity is None else ".")
                   + " The report prints it as a recommending State: correct it, or move it into the text "
                   "if it is part of the recommendation (a treaty's name or acronym)")
