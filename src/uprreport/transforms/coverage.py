"""Warn about supported recommendations that no contribution addresses."""

from __future__ import annotations

from uprreport.diagnostics import Location, make
from uprreport.model.ids import compress
from uprreport.model.project import Project
from uprreport.model.register import Position


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
               if r.position in (Position.SUPPORTED, Position.PARTIALLY_SUPPORTED) and r.id not in done]
    if missing:
        yield make("rec-not-addressed", Location(project.register_path),
                   f"{len(missing)} supported recommendation(s) are addressed by no contribution "
                   f"(no implementation row, no fragment): {compress(missing)}")
