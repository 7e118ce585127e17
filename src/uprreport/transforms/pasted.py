"""Report characters a fragment holds that nobody types: control characters, mostly text
pasted from a PDF. The writers clean them as Word reads pasted text (docs/text-safety.md):
a form feed starts a new page in running text, the others are dropped or become line
breaks. A page that breaks in the middle of a paragraph is never what a drafter meant
without saying so, so each fragment holding them gets one located warning."""

from __future__ import annotations

import re

from uprreport.diagnostics import Location, make
from uprreport.model.nodes import NoteRef, iter_paras
from uprreport.model.project import Project

# What XML cannot hold (C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF)
CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\ufffe\uffff]")


def _texts(blocks):
    for p in iter_paras(blocks):
        yield p.plain()
        for r in p.inlines:
            if isinstance(r, NoteRef):
                yield from _texts(r.blocks)


def check(project: Project):
    for contrib in project.contributions:
        for frag in contrib.fragments:
            found = [m.group() for text in _texts(frag.blocks) for m in CONTROL.finditer(text)]
            if not found:
                continue
            pages = found.count("\x0c")
            what = (f"{pages} form feed{'s' * (pages != 1)} (a page break in the report, in the middle of "
                    f"{'its' if pages == 1 else 'their'} paragraph)" if pages else "")
            others = len(found) - pages
            rest = f"{others} other control character{'s' * (others != 1)} (left out)" if others else ""
            yield make("pasted-control", Location(frag.path),
                       f"the text holds {' and '.join(x for x in (what, rest) if x)}, as text pasted from a PDF "
                       "does; remove them in the file if that is not what you want")
