"""Word 97-2003 (.doc), RTF and OpenDocument (.odt) files, read as the .docx LibreOffice
makes of them (the LibreOffice the PDF already needs).

The copy is made in a private folder, offline, with macros off (LibreOffice runs none when
converting headless); the .docx it gives passes the same package gate as any Word file.
"""

from __future__ import annotations

from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.errors import UprError
from uprreport.readers import package

FORMATS = {".doc": "a Word 97-2003 file", ".rtf": "an RTF file", ".odt": "an OpenDocument text"}


def to_docx(path: Path, shown: str, staging: Path) -> tuple[Path | None, list[Diagnostic]]:
    """A .docx made from ``path`` in ``staging`` (None when it cannot be made), and what to say."""
    from uprreport import libreoffice

    where = Location(shown)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [make("file-unreadable", where, f"cannot read it: {exc.strerror}")]
    if size > package.MAX_FILE:
        return None, [make("file-refused", where, f"this file is {size // (1024 * 1024)} MB, more than the "
                           f"{package.MAX_FILE // (1024 * 1024)} MB accepted")]
    out = staging / f"{path.stem}.docx"
    try:
        libreoffice.convert(path, out, timeout=180)
    except UprError as exc:   # LibreOffice missing, or the file not readable by it
        return None, [make("fragment-format", where, f"{FORMATS.get(path.suffix.lower(), 'this file')} is read "
                           f"through LibreOffice, which could not do it ({exc}); open it in Word and save it as "
                           ".docx")]
    gate = package.check(out, "Word")
    if gate.problem:
        return None, [make("file-refused", where, f"the Word file made from it {gate.problem}")]
    return out, [make("fragment-adapted", where, f"{FORMATS.get(path.suffix.lower(), 'this file')}, read as "
                      "the .docx LibreOffice makes of it: check its look in the report (save it as .docx to "
                      "avoid the step)")]
