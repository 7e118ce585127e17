"""Warn about supported recommendations that no contribution addresses."""

from __future__ import annotations

from uprreport.diagnostics import Location, make
from uprreport.model.ids import compress
from uprreport.model.project import Project
from uprreport.transforms import responsibility


def addressed(project: Project) -> set[str]:
    ids: set[str] = set()
    for contrib in project.contributions:
        ids.update(row.recommendation for _loc, row in contrib.implementation)
        for frag in contrib.fragments:
            ids.update(frag.meta.recommendations)
    return ids


def check(project: Project):
    if not project.profile.coverage or "rec-not-addressed" in (getattr(project.manifest, "suppress", None) or ()):
        return   # (a suppressed warning's list of ids is not worth making: 50,000 ids in a large register)
    done = addressed(project)
    missing = [r.id for r in project.recommendations
               if r.position.answered and r.id not in done]
    if missing:
        yield make("rec-not-addressed", Location(project.register_path),
                   f"{len(missing)} supported recommendation(s) are addressed by no contribution "
                   f"(no implementation row, no fragment): {compress(missing)}")


def unaddressed_by_owner(project: Project) -> dict[str, list[str]]:
    """Supported recommendations no contribution addresses, grouped by each body that answers
    for them (lead or support, the one rule of transforms/responsibility.py), "(no owner)"
    when no body does."""
    done = addressed(project)
    names = {c.slug: c.display_name for c in project.contributions}
    who = responsibility.rule(project)
    out: dict[str, list[str]] = {}
    for rec in sorted(project.recommendations, key=lambda r: r.sort_key()):
        if not rec.position.answered or rec.id in done:
            continue
        for owner in [names.get(b, b) for b in who[rec.id].bodies] or ["(no owner)"]:
            out.setdefault(owner, []).append(rec.id)
    return dict(sorted(out.items(), key=lambda kv: -len(kv[1])))
