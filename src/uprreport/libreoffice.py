"""LibreOffice headless: convert documents offline, in a private profile (DOCX to PDF for the
report; .doc, .rtf and .odt to DOCX for readers); read PDFs back."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from uprreport.errors import ToolMissing, UprError

INSTALL_HINT = ("install LibreOffice Writer, e.g. `apt-get install -y libreoffice-writer "
                "fonts-crosextra-carlito fonts-crosextra-caladea fonts-liberation` on Debian/Ubuntu, "
                "or build the Word file only with --no-pdf")


# Where the installers put it, for machines where it is not on PATH (Windows and macOS).
INSTALLED = [r"C:\Program Files\LibreOffice\program\soffice.exe",
             r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
             "/Applications/LibreOffice.app/Contents/MacOS/soffice",
             "/opt/libreoffice/program/soffice", "/usr/lib/libreoffice/program/soffice"]


def soffice() -> str | None:
    """Return the LibreOffice executable, or None: UPRREPORT_SOFFICE, else PATH, else where
    the Windows, macOS and Linux installers put it."""
    env = os.environ.get("UPRREPORT_SOFFICE")
    if env:
        return env if Path(env).exists() or shutil.which(env) else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((p for p in INSTALLED if Path(p).is_file()), None)


# What LibreOffice writes, by the ending asked for.
FILTERS = {".pdf": "pdf:writer_pdf_Export", ".docx": "docx:MS Word 2007 XML"}


def convert(src: Path, out: Path, timeout: int = 600) -> None:
    """Write ``out`` (.pdf or .docx) from ``src``, through the warm office when there is one
    (office.py), else a LibreOffice started for this conversion alone; raise ToolMissing or
    UprError with LibreOffice's words."""
    src, out = Path(src), Path(out)
    exe = soffice()
    if exe is None:
        what = "make the PDF" if out.suffix == ".pdf" else f"read {src.name}"
        raise ToolMissing(f"LibreOffice is needed to {what} but was not found", hint=INSTALL_HINT)
    from uprreport import office

    if out.suffix.lower() == ".pdf" and "pypdf" not in sys.modules:
        # pypdf reads the PDF next (page_count, outline). Its import (about 0.1 s) runs on a
        # thread while LibreOffice converts, on the core that is otherwise idle meanwhile.
        threading.Thread(target=importlib.import_module, args=("pypdf",), daemon=True).start()
    if office.convert(exe, src, out, FILTERS[out.suffix.lower()].split(":", 1)[1], timeout):
        return
    with tempfile.TemporaryDirectory(prefix="uprreport-lo-") as work:
        work_path = Path(work)
        # One profile per conversion: LibreOffice conversions sharing a profile fail at random.
        profile = (work_path / "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", FILTERS[out.suffix.lower()], "--outdir", str(work_path / "out"), str(src)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  env={**os.environ, "HOME": str(work_path)})
        except subprocess.TimeoutExpired:
            raise UprError(f"LibreOffice took longer than {timeout} s to convert {src.name}",
                           hint="the document may be very large; try again"
                           + (" or build with --no-pdf" if out.suffix == ".pdf" else "")) from None
        produced = work_path / "out" / (src.stem + out.suffix.lower())
        # LibreOffice exits 0 even when it could not load the file: check the output itself.
        if not produced.is_file() or produced.stat().st_size == 0:
            detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no message"]
            raise UprError(f"LibreOffice did not produce a {out.suffix[1:].upper()} from {src.name} ({detail[0]})",
                           hint=f"open {src.name} in Word or LibreOffice to see whether it is damaged")
        shutil.move(str(produced), str(out))


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def merge(pdfs: list[Path], out: Path) -> None:
    """Concatenate ``pdfs`` into ``out``."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(str(pdf))
    with open(out, "wb") as f:
        writer.write(f)


def outline(pdf: Path, nested: bool = False) -> list[tuple[str, int]]:
    """The PDF's bookmarks (LibreOffice makes one per heading, nested by level) as (title,
    0-based page index) in reading order: the top level only, or with ``nested`` all."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    out: list[tuple[str, int]] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                if nested:
                    walk(item)
            else:
                out.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline)
    return out
