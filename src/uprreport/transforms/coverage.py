"""Warn about supported recommendations that no contribution addresses."""

from __future__ import annotations

from uprreport.diagnostics import Location, make
from uprreport.model.ids import compress
from uprreport.model.project import Project


def addressed(project: Project) -> set[str]:
    ids: set[str] = set()
    for contrib in project.contributions:
        ids.update(row.recommendation for _loc, row in contrib.implementation)
        for frag in contrib.fragments:
            ids.update(frag.meta.recommendations)
    return ids


def check(project: Project):
    if not project.profile.coverage:
        return
    done = addressed(project)
    missing = [r.id for r in project.recommendations
               if r.position.answered and r.id not in done]
    if missing:
        yield make("rec-not-addressed", Location(project.register_path),
                   f"{len(missing)} supported recommendation(s) are addressed by no contribution "
                   f"(no implementation row, no fragment): {compress(missing)}")


def owners(project: Project, rec) -> list[str]:
    """Names of the contributors whose sections cover the recommendation's first theme."""
    theme = rec.themes[0] if rec.themes else None
    names = []
    for c in project.contributions:
        if c.contributor is None or theme is None:
            continue
        if any(s.endswith("." + theme) for s in c.contributor.sections):
            names.append(c.display_name)
    return names


def unaddressed_by_owner(project: Project) -> dict[str, list[str]]:
    """Supported recommendations no contribution addresses, grouped by the body expected to
    answer for them (the owner of their theme), "(no owner)" when nobody owns the theme."""
    done = addressed(project)
    out: dict[str, list[str]] = {}
    for rec in sorted(project.recommendations, key=lambda r: r.sort_key()):
        if not rec.position.answered or rec.id in done:
            continue
        for owner in owners(project, rec) or ["(no owner)"]:
            out.setdefault(owner, []).append(rec.id)
    return dict(sorted(out.items(), key=lambda kv: -len(kv[1])))
