"""Check citations of earlier recommendations in the text ("A/HRC/43/15, para. 121.45")
against the register: a submission that cites a recommendation that does not exist, or
cites the wrong report, loses credibility with OHCHR."""

from __future__ import annotations

import re

from uprreport.diagnostics import Location, make
from uprreport.model.nodes import NoteRef, Para, iter_paras
from uprreport.model.project import Project

CITATION = re.compile(r"(A/HRC/\d+/\d+)(?:/Add\.\d+)?,?\s+paras?\.\s*((?:\d+\.\d+(?:\s*(?:,|and|to|[-\u2013])\s*)?)+)")
REC_ID = re.compile(r"\d+\.\d+")


def citations(text: str):
    """Yield (symbol, recommendation id) for each citation in ``text``."""
    for m in CITATION.finditer(text):
        for rid in REC_ID.findall(m.group(2)):
            yield m.group(1), rid


def _texts(blocks):
    for p in iter_paras(blocks):
        yield p.plain()
        for r in p.inlines:
            if isinstance(r, NoteRef):
                yield from _texts(r.blocks)


def check(project: Project):
    known = project.recommendation_map()
    sources = {getattr(project.manifest, "previous_review", None)} | {r.source for r in project.recommendations if r.source}
    for contrib in project.contributions:
        for frag in contrib.fragments:
            texts = list(_texts(frag.blocks)) + list(frag.meta.proposals)
            for text in texts:
                for symbol, rid in citations(text):
                    where = Location(frag.path)
                    if symbol not in sources:
                        yield make("citation-unknown", where,
                                   f"cites {symbol}, para. {rid}, but the register holds recommendations of "
                                   f"{', '.join(sorted(s for s in sources if s))}; check the symbol")
                    elif rid not in known:
                        yield make("citation-unknown", where,
                                   f"cites {symbol}, para. {rid}, which is not in the register "
                                   f"{project.register_path}; check the number")
