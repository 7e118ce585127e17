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
TIMEOUT = 600   # seconds a conversion may take before it is stopped


def convert(src: Path, out: Path, timeout: float | None = None, document: str | None = None) -> None:
    """Write ``out`` (.pdf or .docx) from ``src``, through the warm office when there is one
    (office.py), else a LibreOffice started for this conversion alone; raise ToolMissing or
    UprError with LibreOffice's words. A conversion that outlasts ``timeout`` (TIMEOUT) is
    stopped and fails. ``document`` names what is converted, as the user knows it, in
    messages (``src``'s name otherwise)."""
    src, out = Path(src), Path(out)
    timeout = TIMEOUT if timeout is None else timeout
    name = document or src.name
    exe = soffice()
    if exe is None:
        what = "make the PDF" if out.suffix == ".pdf" else f"read {src.name}"
        raise ToolMissing(f"LibreOffice is needed to {what} but was not found", hint=INSTALL_HINT)
    from uprreport import office

    if out.suffix.lower() == ".pdf" and "pypdf" not in sys.modules:
        # pypdf reads the PDF next (page_count, outline). Its import (about 0.1 s) runs on a
        # thread while LibreOffice converts, on the core that is otherwise idle meanwhile.
        threading.Thread(target=importlib.import_module, args=("pypdf",), daemon=True).start()
    try:
        if office.convert(exe, src, out, FILTERS[out.suffix.lower()].split(":", 1)[1], timeout):
            return
    except office.Hung:
        raise _too_long(name, out, timeout) from None
    with tempfile.TemporaryDirectory(prefix="uprreport-lo-") as work:
        work_path = Path(work)
        # One profile per conversion: LibreOffice conversions sharing a profile fail at random.
        profile = (work_path / "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", FILTERS[out.suffix.lower()], "--outdir", str(work_path / "out"), str(src)]
        try:
            # a process group of its own, so that a conversion that hangs is ended whole
            # (soffice is a launcher that starts soffice.bin)
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, encoding="utf-8", errors="replace",
                                    env={**os.environ, "HOME": str(work_path)},
                                    start_new_session=os.name != "nt",
                                    creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0))
        except OSError as exc:
            raise ToolMissing(f"LibreOffice ({exe}) could not be run: {exc.strerror or exc}",
                              hint="set UPRREPORT_SOFFICE to LibreOffice's soffice program, or reinstall it; "
                              + INSTALL_HINT) from None
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            office.end_group(proc.pid)
            proc.kill()
            try:
                proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            raise _too_long(name, out, timeout) from None
        produced = work_path / "out" / (src.stem + out.suffix.lower())
        # LibreOffice exits 0 even when it could not load the file: check the output itself.
        if not produced.is_file() or produced.stat().st_size == 0:
            pdf = out.suffix.lower() == ".pdf"
            if proc.returncode:   # LibreOffice itself failed
                hint = (f"start LibreOffice ({exe}) once by hand to see whether it works, or reinstall it"
                        + ("; build with --no-pdf to have the Word file meanwhile" if pdf else ""))
            else:                 # it ran, and could not load the document
                hint = (("build with --no-pdf, then " if pdf else "")
                        + f"open {name} in Word or LibreOffice to see whether it is damaged")
            raise UprError(f"LibreOffice did not produce a {out.suffix[1:].upper()} from {name} "
                           f"({_said(proc.returncode, stderr or stdout)})", hint=hint)
        shutil.move(str(produced), str(out))


def _said(code: int, output: str) -> str:
    """LibreOffice's exit status, when not 0, and its last lines of output."""
    lines = [line.strip() for line in output.splitlines() if line.strip()][-3:]
    said = " / ".join(lines) or "no message"
    return f"exit status {code}: {said}" if code else said


def _too_long(name: str, out: Path, timeout: float) -> UprError:
    if out.suffix.lower() == ".pdf":
        hint = (f"build again (LibreOffice is started afresh); if it stops again, build with --no-pdf and "
                f"open {name} in Word to check it, or set UPRREPORT_WARM=0 to give each conversion a "
                "LibreOffice of its own")
    else:
        hint = (f"open {name} in Word to check it (or save it there as .docx), then build again; "
                "UPRREPORT_WARM=0 gives each conversion a LibreOffice of its own")
    return UprError(f"LibreOffice took longer than {timeout:g} s to convert {name} and was stopped", hint=hint)


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


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
