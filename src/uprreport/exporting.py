"""The rows of each export: the register, the matrix (register + consolidated
implementation) and the IMPACT OSS exchange file. ``writers.table`` writes them."""

from __future__ import annotations

from uprreport import i18n
from uprreport.model.project import Project
from uprreport.readers import impact
from uprreport.transforms import action_category, previously, responsibility
from uprreport.transforms.implementation import consolidate

REGISTER = ["id", "text", "states", "position", "theme", "themes", "sdgs", "affected_persons", "mechanism",
            "source", "position_source", "note", "action_category", "action_category_estimated", "previously"]
MATRIX = REGISTER + ["lead_body", "supporting_bodies", "status", "responsible_body", "actions", "indicators",
                     "evidence", "partners", "timeframe"]
KINDS = ("register", "matrix", "impact")


def rows(project: Project, what: str) -> tuple[list[str], list[dict]]:
    """(columns, rows) of export ``what`` (one of KINDS), in register order."""
    recs = sorted(project.recommendations, key=lambda r: r.sort_key())
    if what == "impact":
        default = project.manifest.previous_review
        return impact.EXPORT_COLUMNS, [impact.export_row(r, default) for r in recs]
    titles = project.theme_titles()
    imps = consolidate(project) if project.profile else {}
    who = responsibility.rule(project) if what == "matrix" else {}
    names = {c.slug: c.display_name for c in project.contributions}
    before = previously.earlier(project)   # "115.12 (cycle 3, supported; partially implemented)"
    t = i18n.of(project) if before else None
    out = []
    for r in recs:
        row = {"id": r.id, "text": r.text, "states": r.states, "position": r.position.value,
               "theme": titles.get(r.themes[0], r.themes[0]) if r.themes else "",
               "themes": [titles.get(t, t) for t in r.themes], "sdgs": r.sdgs,
               "affected_persons": r.affected_persons, "mechanism": r.mechanism,
               "source": r.source or project.manifest.previous_review,
               "position_source": r.position_source or "", "note": r.note or "",
               "action_category": r.action_category or "",
               "action_category_estimated": action_category.estimate(r.text),
               "previously": t.join([previously.item(e, t) for e in before[r.id]]) if r.id in before else ""}
        if what == "matrix":   # who answers for it (the one rule), beside who reported
            row.update(lead_body=names.get(who[r.id].lead, who[r.id].lead or ""),
                       supporting_bodies=[names.get(b, b) for b in who[r.id].support])
        if what == "matrix" and r.id in imps:
            imp = imps[r.id]
            row.update(status=imp.detail or imp.status, responsible_body=imp.bodies, actions=imp.actions,
                       indicators=imp.indicators, evidence=imp.evidence, partners=imp.partners,
                       timeframe=imp.timeframe)
        out.append(row)
    return (MATRIX if what == "matrix" else REGISTER), out
