"""The earlier recommendations a recommendation followed up repeats (docs/linking.md):
"Previously received as 115.12 (cycle 3, supported; partially implemented)." for the matrix
annex and the register export, and the recommendations received in both cycles for the
table of repeated recommendations.

A link counts when links.csv says the two are the same and the drafter did not refuse it:
confirmed "yes", or proposed at or above the default threshold of "same" and not decided
(``model.links.Link.shown``). The earlier recommendation's position is the register's (its
row of that cycle); its last status is the earlier project's (``earlier/cycle-N.csv``), and
is left out when the project has none.
"""

from __future__ import annotations

from dataclasses import dataclass

from uprreport.model.links import EarlierStatus
from uprreport.model.project import Project
from uprreport.model.register import Recommendation


@dataclass(frozen=True)
class Earlier:
    """An earlier recommendation a recommendation followed up repeats."""

    rec: Recommendation
    cycle: int
    score: float | None
    status: EarlierStatus | None    # what the earlier project reported, if the project has it


def earlier(project: Project) -> dict[str, list[Earlier]]:
    """Recommendation id (followed up) -> the earlier ones it repeats, the latest cycle
    first, then the best score, then in register order."""
    by_key = {(r.cycle, r.id): r for r in project.earlier}
    out: dict[str, list[Earlier]] = {}
    for lk in project.links:
        if not lk.shown:
            continue
        rec = by_key.get((lk.earlier_cycle, lk.earlier_id))
        if rec is None:
            continue
        got = out.setdefault(lk.id, [])
        if any(e.rec is rec for e in got):
            continue
        got.append(Earlier(rec, lk.earlier_cycle, lk.score,
                           project.earlier_status.get((lk.earlier_cycle, lk.earlier_id))))
    for got in out.values():
        got.sort(key=lambda e: (-e.cycle, -(e.score if e.score is not None else 1.0), e.rec.sort_key()))
    return out


def item(e: Earlier, t) -> str:
    """'115.12 (cycle 3, supported; partially implemented)', in the report's language."""
    position = t(e.rec.position.value)
    status = e.status.status if e.status else ""
    if status:
        return t("{id} (cycle {cycle}, {position}; {status})", id=e.rec.id, cycle=e.cycle, position=position,
                 status=t(status))
    return t("{id} (cycle {cycle}, {position})", id=e.rec.id, cycle=e.cycle, position=position)


def sentence(items: list[Earlier], t) -> str:
    """'Previously received as 115.12 (cycle 3, supported; partially implemented).'"""
    return t("Previously received as {recommendations}.", recommendations=t.join([item(e, t) for e in items]))
