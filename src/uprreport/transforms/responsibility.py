"""The one rule for who answers for what (docs/assignment.md).

Every part that asks which body answers for a recommendation asks here: the input packs,
``coverage``, ``progress``, the matrix's responsible body and the approval forms.

1. A recommendation listed in ``assignments.csv`` has the lead and supporting bodies given
   there (``uprreport assign``, or the workbook of ``export assignments``).
2. Any other recommendation falls to the bodies that own its themes (``sections:
   [D.<theme>]`` in contributor.yaml): the owner of its first owned theme leads, the owners
   of its other themes support. Every theme counts, not only the first.
3. A body also answers, in its pack, for what it reported on before (an implementation row).

The project must be prepared (``pipeline.prepare``): its recommendations name themes by key.
"""

from __future__ import annotations

from uprreport.model.assignment import ASSIGNED, BY_THEME, Responsibility
from uprreport.model.project import Project


def theme_owners(project: Project) -> dict[str, list[str]]:
    """Theme key -> the folders of the bodies whose ``sections`` hold ``<section>.<theme>``."""
    out: dict[str, list[str]] = {}
    for c in project.contributions:
        if c.contributor is None:
            continue
        for s in c.contributor.sections:
            if "." in s:
                owners = out.setdefault(s.split(".", 1)[1], [])
                if c.slug not in owners:
                    owners.append(c.slug)
    return out


def by_theme(rec, owners: dict[str, list[str]]) -> Responsibility:
    """The default: the owner of the first owned theme leads, the other owners support."""
    bodies: list[str] = []
    for theme in rec.themes:
        bodies.extend(b for b in owners.get(theme, []) if b not in bodies)
    return Responsibility(bodies[0], tuple(bodies[1:]), BY_THEME) if bodies else Responsibility(None)


def rule(project: Project) -> dict[str, Responsibility]:
    """Recommendation id -> the bodies that answer for it."""
    owners = theme_owners(project)
    out = {}
    themed: dict[tuple, Responsibility] = {}   # by the themes: one answer for every recommendation of them
    for rec in project.recommendations:
        given = project.assignments.get(rec.id)
        if given is not None:
            out[rec.id] = Responsibility(given.lead, tuple(given.support), ASSIGNED)
            continue
        themes = tuple(rec.themes)
        found = themed.get(themes)
        if found is None:
            found = themed[themes] = by_theme(rec, owners)
        out[rec.id] = found
    return out


def answers_for(project: Project, contribution, responsibilities: dict[str, Responsibility] | None = None) -> list:
    """The recommendations one body answers for (lead or support), and those it reported on
    before, in register order."""
    responsibilities = responsibilities if responsibilities is not None else rule(project)
    reported = {row.recommendation for _loc, row in contribution.implementation}
    recs = [r for r in project.recommendations
            if contribution.slug in responsibilities[r.id].bodies or r.id in reported]
    return sorted(recs, key=lambda r: r.sort_key())
