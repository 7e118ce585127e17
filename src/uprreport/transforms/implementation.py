"""One consolidated view of what the contributions report on each recommendation."""

from __future__ import annotations

from dataclasses import dataclass, field

from uprreport.model.project import Project
from uprreport.model.register import Recommendation
from uprreport.transforms.statuses import vocabulary

NOT_REPORTED = "not reported"


@dataclass
class Implementation:
    rec: Recommendation
    status: str = NOT_REPORTED        # the least advanced status reported (see consolidate)
    detail: str = ""                  # every body's status when they differ
    bodies: list[str] = field(default_factory=list)
    reports: list[tuple[str, str]] = field(default_factory=list)   # (body, status): one per row with a status
    actions: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    timeframe: list[str] = field(default_factory=list)
    theme: str = ""                   # first theme: where the recommendation is grouped


def _unique(values) -> list[str]:
    return [v for v in dict.fromkeys(values) if v]


def consolidate(project: Project) -> dict[str, Implementation]:
    """Map every register id to its Implementation.

    When several bodies report different statuses, the recommendation takes the least
    advanced one (the vocabulary is listed from most to least advanced), so that summary
    figures never overstate progress; ``detail`` keeps each body's status, ``reports`` each
    row's (the responsible body it names, or the body that sent it, and its status).
    """
    order = {s: i for i, s in enumerate(vocabulary(project))}
    rows: dict[str, list] = {}
    for c in project.contributions:
        for _loc, row in c.implementation:
            rows.setdefault(row.recommendation, []).append((c.display_name, row))
    titles = project.theme_titles()
    out = {}
    for rec in project.recommendations:
        entries = rows.get(rec.id, [])
        imp = Implementation(rec, theme=rec.themes[0] if rec.themes and rec.themes[0] in titles else "")
        if len(entries) == 1:   # one row (the common case): what the lines below give for it
            name, row = entries[0]
            body = row.responsible_body or name
            imp.status = row.status or NOT_REPORTED
            imp.bodies = [body] if body else []
            imp.reports = [(body, row.status)] if row.status else []
            imp.actions = [row.actions] if row.actions else []
            imp.indicators = [row.indicators] if row.indicators else []
            imp.evidence = [row.evidence] if row.evidence else []
            imp.partners = _unique(row.partners)
            imp.timeframe = [row.timeframe] if row.timeframe else []
        elif entries:
            statuses = _unique(row.status for _n, row in entries)
            imp.status = max(statuses, key=lambda s: order.get(s, -1)) if statuses else NOT_REPORTED
            if len(statuses) > 1:
                imp.detail = "; ".join(f"{row.status} ({row.responsible_body or name})" for name, row in entries)
            imp.bodies = _unique(row.responsible_body or name for name, row in entries)
            imp.reports = [(row.responsible_body or name, row.status) for name, row in entries if row.status]
            imp.actions = _unique(row.actions for _n, row in entries)
            imp.indicators = _unique(row.indicators for _n, row in entries)
            imp.evidence = _unique(row.evidence for _n, row in entries)
            imp.partners = _unique(p for _n, row in entries for p in row.partners)
            imp.timeframe = _unique(row.timeframe for _n, row in entries)
        out[rec.id] = imp
    return out
