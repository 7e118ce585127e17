"""Links from the recommendations followed up to those of earlier cycles, and to the
register's current recommendations of other mechanisms (treaty bodies, special procedures),
docs/linking.md: the rows of the project's ``links.csv`` as the compiler reads them, and an
earlier project's last word on its recommendations (``earlier/cycle-N.csv``)."""

from __future__ import annotations

from dataclasses import dataclass, field

LINKS_FILE = "links.csv"
EARLIER_FOLDER = "earlier"          # earlier/cycle-3.csv: the cycle-3 project's `export matrix`
RELATIONS = ("same", "related")
CONFIRMED = ("yes", "no")
SAME = 0.85      # the default threshold of "same" (linking.py)
# An undecided "same" link is printed from this score on: treaties and near rewordings, where
# "same" proposals were measured right 0.89 of the time; the subject rule's (0.9, right about
# 0.73 of the time) wait for the drafter's yes (docs/linking.md, "Shown").
SHOWN = 0.95


@dataclass(frozen=True)
class Link:
    """One row of links.csv: ``id`` (followed up) is linked to ``earlier_id`` of ``earlier_cycle``,
    or, with ``earlier_mechanism`` (CEDAW, CRC, a special procedure …), to the current
    recommendation ``earlier_id`` of that mechanism (no cycle; related only)."""

    id: str
    earlier_id: str
    earlier_cycle: int | None
    relation: str                 # same, related
    score: float | None = None    # 0-1; None for a row written by hand without one
    confirmed: str = ""           # yes, no, or empty: not yet decided
    earlier_mechanism: str = ""   # empty: an earlier UPR cycle's recommendation

    @property
    def shown(self) -> bool:
        """Whether the report and the register export say "previously received as": a link
        of the same recommendation the drafter confirmed, or proposed at SHOWN or above and
        not refused. Never a link to another mechanism's recommendation: it was not received
        at a UPR review."""
        if self.relation != "same" or self.confirmed == "no" or self.earlier_mechanism:
            return False
        return self.confirmed == "yes" or (self.score is not None and self.score >= SHOWN)


@dataclass(frozen=True)
class EarlierStatus:
    """What an earlier project reported on one of its recommendations (its matrix export)."""

    status: str = ""
    actions: list[str] = field(default_factory=list)
