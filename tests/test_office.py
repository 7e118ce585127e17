"""The warm LibreOffice (office.py): the same PDF as a cold start, one office reused, a dead
or hung office replaced, and the cold path whenever there is no warm one."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from uprreport import libreoffice, office

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(os.name == "nt", reason="kills processes the POSIX way")]


@pytest.fixture
def warm():
    if libreoffice.soffice() is None or office.uno_python() is None:
        pytest.skip("no Python with LibreOffice's uno module (apt install python3-uno)")
    office.shutdown()
    office._broken = False
    yield
    office.shutdown()


@pytest.fixture(scope="module")
def docx(tmp_path_factory, validated):
    from uprreport.diagnostics import Report
    from uprreport import resources
    from uprreport.writers import docx as docx_writer

    v = validated()
    out = tmp_path_factory.mktemp("office") / "report.docx"
    template = resources.template(v.project.root, v.project.profile.template, v.project.manifest.template)
    docx_writer.write(v.compiled.doc, template, out, Report())
    return out


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:   # a zombie is not alive either
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except OSError:
        return True


def test_warm_conversions_match_a_cold_one_and_reuse_one_office(warm, docx, tmp_path, monkeypatch):
    soffice = libreoffice.soffice()
    assert office.convert(soffice, docx, tmp_path / "a.pdf", "writer_pdf_Export", 120)
    first = office._office.office_pid
    assert office.convert(soffice, docx, tmp_path / "b.pdf", "writer_pdf_Export", 120)
    assert office._office.office_pid == first
    monkeypatch.setenv("UPRREPORT_WARM", "0")
    libreoffice.convert(docx, tmp_path / "cold.pdf")
    pages = {libreoffice.page_count(tmp_path / n) for n in ("a.pdf", "b.pdf", "cold.pdf")}
    outline = {tuple(libreoffice.outline(tmp_path / n)) for n in ("a.pdf", "cold.pdf")}
    assert len(pages) == 1 and len(outline) == 1
    office.shutdown()
    assert not _pid_alive(first)


def _soffice_of_ours() -> list[str]:
    import subprocess

    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if "soffice.bin" in line and "uprreport-office-" in line]


def test_nothing_of_libreoffice_outlives_shutdown(warm, docx, tmp_path):
    import time

    assert office.convert(libreoffice.soffice(), docx, tmp_path / "a.pdf", "writer_pdf_Export", 120)
    office.shutdown()
    deadline = time.monotonic() + 10
    while _soffice_of_ours() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _soffice_of_ours() == []


def test_a_dead_office_is_replaced(warm, docx, tmp_path):
    soffice = libreoffice.soffice()
    assert office.convert(soffice, docx, tmp_path / "a.pdf", "writer_pdf_Export", 120)
    old = office._office
    os.killpg(old.office_pid, signal.SIGKILL)   # LibreOffice crashes
    assert office.convert(soffice, docx, tmp_path / "b.pdf", "writer_pdf_Export", 120)
    assert office._office is not old and office._office.alive()
    old_worker = old.proc
    old_worker.wait(timeout=10)
    os.kill(office._office.proc.pid, signal.SIGKILL)   # now the worker itself is killed
    assert office.convert(soffice, docx, tmp_path / "c.pdf", "writer_pdf_Export", 120)


def test_a_hung_conversion_times_out_and_the_cold_path_takes_over(warm, docx, tmp_path):
    soffice = libreoffice.soffice()
    assert not office.convert(soffice, docx, tmp_path / "a.pdf", "writer_pdf_Export", 0.001)
    assert office._office is None or not (tmp_path / "a.pdf").exists() or office._office.alive()
    libreoffice.convert(docx, tmp_path / "b.pdf")        # warm again, with a sane timeout
    assert libreoffice.page_count(tmp_path / "b.pdf") > 1


def test_a_damaged_document_gets_libreoffices_words_and_the_office_stays(warm, tmp_path):
    from uprreport.errors import UprError

    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a Word file")
    with pytest.raises(UprError, match="did not produce a PDF"):
        libreoffice.convert(bad, tmp_path / "bad.pdf")


def test_without_a_python_that_has_uno_the_cold_path_converts(docx, tmp_path, monkeypatch):
    if libreoffice.soffice() is None:
        pytest.skip("LibreOffice is not installed")
    office.shutdown()
    # a Python without uno (the one running the tests) is tried, says so, and is passed over
    monkeypatch.setattr(office, "candidates", lambda: [sys.executable])
    monkeypatch.setattr(office, "_broken", False)
    monkeypatch.setattr(office, "_python", None)
    assert not office.convert(libreoffice.soffice(), docx, tmp_path / "a.pdf", "writer_pdf_Export", 60)
    assert office._broken and office._office is None
    libreoffice.convert(docx, tmp_path / "b.pdf")
    assert (tmp_path / "b.pdf").read_bytes()[:5] == b"%PDF-"


def test_a_python_without_uno_is_passed_over_for_the_next_one(docx, tmp_path, monkeypatch):
    if libreoffice.soffice() is None or office.uno_python() is None:
        pytest.skip("needs LibreOffice and a Python with uno")
    office.shutdown()
    monkeypatch.setattr(office, "candidates", lambda: [sys.executable, office.uno_python()])
    monkeypatch.setattr(office, "_broken", False)
    monkeypatch.setattr(office, "_python", None)
    try:
        assert office.convert(libreoffice.soffice(), docx, tmp_path / "a.pdf", "writer_pdf_Export", 120)
        assert office._python == office.uno_python()
    finally:
        office.shutdown()
    assert libreoffice.page_count(tmp_path / "a.pdf") > 1


def test_the_command_ends_quickly_and_leaves_no_libreoffice_behind(warm, tmp_path):
    """`uprreport build` as a user runs it: LibreOffice is started before the command line
    is imported, the process ends without its teardown (entry.py), and still the office
    closes and its folder goes."""
    import subprocess
    import tempfile
    import time
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "samples" / "national-arcadia"
    before = set(Path(tempfile.gettempdir()).glob("uprreport-office-*"))
    proc = subprocess.run([sys.executable, "-m", "uprreport", "build", str(sample), "-o", str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "built in" in proc.stderr or "built in" in proc.stdout   # the summary was flushed
    pdf = next(tmp_path.glob("*.pdf"))
    assert libreoffice.page_count(pdf) > 10
    deadline = time.monotonic() + 15
    while (_soffice_of_ours() or set(Path(tempfile.gettempdir()).glob("uprreport-office-*")) - before) \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _soffice_of_ours() == []
    assert set(Path(tempfile.gettempdir()).glob("uprreport-office-*")) - before == set()
