"""Check a Word template before a build uses it: readable, a {{ body }} paragraph, the styles."""

from __future__ import annotations

import re
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.model.template import BODY, STYLES
from uprreport.ooxml.ns import qn
from uprreport.readers import package

BODY_FIELD = re.compile(r"\{\{\s*body\s*\}\}")   # as docxtpl reads it


def check(path: Path, shown: str) -> list[Diagnostic]:
    """Diagnostics for the template at ``path`` (none when it can be used as it is)."""
    where = Location(shown)
    gate = package.check(path, "Word")
    if gate.problem:
        return [make("template-invalid", where, f"this template {gate.problem}")]
    from docx import Document

    try:
        doc = Document(str(path))
        # python-docx reads parts when asked: a damaged styles part fails here, not when opening
        has_body = any(BODY_FIELD.search("".join(p.itertext())) for p in doc.element.body.iter(qn("w:p")))
        names = {s.name for s in doc.styles}
    except Exception as exc:   # python-docx raises many kinds for damaged packages
        return [make("template-invalid", where, f"this template cannot be opened ({type(exc).__name__}); "
                     "open it in Word and save it again as .docx")]
    out = []
    if not has_body:
        out.append(make("template-invalid", where, f"it has no paragraph holding {BODY}, where the report text goes; "
                        f"type {BODY} alone on a line after the cover and save the template"))
    missing = [name for name in STYLES if name not in names]
    if missing:
        out.append(make("template-style-missing", where,
                        f"the template has no style {', '.join(repr(m) for m in missing)}; that text uses Normal "
                        "instead. Add the style in Word (Home > Styles > Create a Style, named exactly so), or "
                        "start from `uprreport template export`, which has them all"))
    return out
