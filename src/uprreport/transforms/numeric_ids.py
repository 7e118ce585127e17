"""Recommendation ids that Excel holds as numbers, in implementation tables.

Excel drops the trailing zeros of a number: 140.10 typed into a cell formatted as a number
is stored as 140.1, which is another recommendation. ``resolve`` takes such an id for the
one recommendation of the register it can be (140.1, 140.10 or 140.100); ``check``
reports the rows where it can be more than one, which would otherwise credit the wrong
recommendation without a word.
"""

from __future__ import annotations

from dataclasses import replace

from uprreport.diagnostics import make
from uprreport.model.ids import typed_as_number
from uprreport.model.project import Project


def _candidates(rec_id: str, known) -> list[str]:
    return [c for c in typed_as_number(rec_id) if c in known]


def resolve(project: Project):
    """A new project whose rows with an id Excel holds as a number name the one
    recommendation they can be; ``project`` is left as it is."""
    known = project.recommendation_map()

    def read(contribution, loc, row):
        if loc.row in contribution.numeric_ids:
            found = _candidates(row.recommendation, known)
            if len(found) == 1 and found[0] != row.recommendation:
                return row.model_copy(update={"recommendation": found[0]})
        return row

    return project.with_rows(read), ()


def check(project: Project):
    known = project.recommendation_map()
    for contrib in project.contributions:
        ambiguous = [(loc, row, found) for loc, row in contrib.implementation
                     if loc.row in contrib.numeric_ids and len(found := _candidates(row.recommendation, known)) > 1]
        if not ambiguous:
            continue
        first, row, found = ambiguous[0]
        rows = ", ".join(str(loc.row) for loc, _r, _f in ambiguous)
        yield make("id-as-number", replace(first, field="recommendation"),
                   f"the recommendation ids of row{'s' * (len(ambiguous) > 1)} {rows} are numbers in Excel, which "
                   f"drops trailing zeros: {row.recommendation} may be {' or '.join(found)}. Format the "
                   "recommendation column as Text (select it, Format Cells > Text) and type these ids again")
