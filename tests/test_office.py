"""The warm LibreOffice (office.py): the same PDF as a cold start, one office reused, a dead
office replaced, a failed start reported with LibreOffice's words and tried again at the next
build, a hung conversion ended whole and failing its build, and the cold path whenever there
is no warm one.

No test reads /proc or lists processes: a process is known gone by its handle (``poll()``),
by the office's folder, which the worker removes only once LibreOffice has ended, or, for
fakes, by the connection it held to the test being closed. The tests with a fake soffice or
a fake worker need no LibreOffice and run in about a second each.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import sys
import textwrap
import time
from pathlib import Path

import pytest

from uprreport import libreoffice, office
from uprreport.errors import ToolMissing, UprError

needs_lo = pytest.mark.libreoffice


@pytest.fixture
def fresh(monkeypatch):
    """No office, no failed start, no Python chosen: as in a new process."""
    office.shutdown()
    monkeypatch.setattr(office, "_failure", None)
    monkeypatch.setattr(office, "_no_uno", False)
    monkeypatch.setattr(office, "_python", None)
    yield
    office.shutdown()


@pytest.fixture
def uno(fresh, monkeypatch):
    """The Python with uno that the worker runs in (LibreOffice's, or python3-uno's)."""
    python = office.uno_python()
    if python is None:
        pytest.skip("no Python with LibreOffice's uno module (apt install python3-uno)")
    monkeypatch.setattr(office, "candidates", lambda: [python])
    return python


@pytest.fixture
def warm(uno) -> str:
    """LibreOffice's soffice, with a Python to drive it warm."""
    soffice = libreoffice.soffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    return soffice


@pytest.fixture
def notes():
    """The warnings logged on the "uprreport" logger (the command line prints them as notes)."""
    said: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            said.append(record.getMessage())

    logger = logging.getLogger("uprreport")
    handler, level = Keep(logging.WARNING), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield said
    logger.removeHandler(handler)
    logger.setLevel(level)


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


def _program(folder: Path, name: str, source: str) -> Path:
    """A program the system runs directly, written in Python (as the test's own Python)."""
    script = folder / f"{name}.py"
    script.write_text(textwrap.dedent(source), encoding="utf-8")
    if os.name == "nt":
        launcher = folder / f"{name}.cmd"
        launcher.write_text(f'@"{sys.executable}" "{script}" %*\r\n', encoding="utf-8")
        return launcher
    launcher = folder / name
    launcher.write_text(f"#!{sys.executable}\n" + script.read_text(encoding="utf-8"), encoding="utf-8")
    launcher.chmod(0o755)
    return launcher


FAILING_SOFFICE = """
    import os, sys
    with open(os.environ["FAKE_SOFFICE_RUNS"], "a") as runs:
        runs.write(("warm" if any(a.startswith("--accept=") for a in sys.argv) else "cold") + "\\n")
    sys.stderr.write("fake soffice: the user installation could not be completed\\n")
    sys.exit(1)
"""


@pytest.fixture
def failing_soffice(tmp_path, monkeypatch):
    """A soffice that prints a message and exits 1; ``runs()`` lists its starts, warm or cold."""
    exe = _program(tmp_path, "soffice", FAILING_SOFFICE)
    log = tmp_path / "runs.txt"
    monkeypatch.setenv("UPRREPORT_SOFFICE", str(exe))
    monkeypatch.setenv("FAKE_SOFFICE_RUNS", str(log))
    return exe, lambda: log.read_text().split() if log.exists() else []


def _join(thread) -> None:
    if thread is not None:
        thread.join(timeout=120)
        assert not thread.is_alive()


def test_a_failed_start_is_reported_with_libreoffices_words_and_tried_again_at_the_next_build(
        uno, failing_soffice, notes, tmp_path):
    exe, runs = failing_soffice
    src = tmp_path / "report.docx"
    src.write_bytes(b"PK\x03\x04")
    # build 1: the installed command asks for the office, then the build asks again
    _join(office.warm_up(str(exe)))
    _join(office.warm_up(str(exe)))
    assert runs() == ["warm"]                      # tried once
    with pytest.raises(UprError) as exc:           # the cold path cannot make the PDF either
        libreoffice.convert(src, tmp_path / "report.pdf")
    assert "the user installation could not be completed" in str(exc.value)
    assert "exit status 1" in str(exc.value) and f"start LibreOffice ({exe}) once by hand" in exc.value.hint
    assert runs() == ["warm", "cold"]
    assert len(notes) == 1                         # the failed warm start, in LibreOffice's words
    assert "the user installation could not be completed" in notes[0]
    assert "exit status 1" in notes[0] and str(exe) in notes[0] and "next build tries again" in notes[0]
    # the build's next conversion neither tries again nor says it again
    with pytest.raises(UprError):
        libreoffice.convert(src, tmp_path / "report.pdf")
    assert runs() == ["warm", "cold", "cold"] and len(notes) == 1
    # build 2 tries again, and says so again when it fails again
    _join(office.warm_up(str(exe)))
    assert runs()[-1] == "warm"
    with pytest.raises(UprError):
        libreoffice.convert(src, tmp_path / "report.pdf")
    assert runs() == ["warm", "cold", "cold", "warm", "cold"] and len(notes) == 2
    assert office._office is None


def test_a_kept_profile_is_dropped_when_libreoffice_fails_to_start_from_it(uno, failing_soffice, tmp_path,
                                                                            monkeypatch):
    """A kept profile that LibreOffice cannot start from would fail every later build: a failed
    start drops it, so the next start makes a new one."""
    exe, runs = failing_soffice
    monkeypatch.setenv("UPRREPORT_CACHE", str(tmp_path / "cache"))
    seed = office.seed_profile(str(exe))
    (seed / "user").mkdir(parents=True)
    (seed / "user" / "registrymodifications.xcu").write_text("not a registry", encoding="utf-8")
    _join(office.warm_up(str(exe)))
    assert runs() == ["warm"] and office._failure is not None
    assert not seed.exists()


@needs_lo
def test_after_a_failed_start_a_later_build_gets_its_warm_office(warm, failing_soffice, notes, docx, tmp_path,
                                                                  monkeypatch):
    exe, runs = failing_soffice
    with pytest.raises(UprError):
        libreoffice.convert(docx, tmp_path / "a.pdf")   # LibreOffice is broken for a while
    assert runs() == ["warm", "cold"] and len(notes) == 1
    monkeypatch.setenv("UPRREPORT_SOFFICE", warm)        # LibreOffice works again
    _join(office.warm_up(libreoffice.soffice()))        # the next build
    assert office._office is not None and office._office.alive()
    assert office.convert(libreoffice.soffice(), docx, tmp_path / "b.pdf", "writer_pdf_Export", 120)
    assert libreoffice.page_count(tmp_path / "b.pdf") > 1 and len(notes) == 1


def test_a_soffice_that_cannot_be_run_is_a_missing_tool(fresh, monkeypatch, notes, tmp_path):
    not_a_program = tmp_path / "soffice.txt"
    not_a_program.write_text("not a program", encoding="utf-8")
    python = office.uno_python()
    monkeypatch.setattr(office, "candidates", lambda: [python] if python else [])
    monkeypatch.setenv("UPRREPORT_SOFFICE", str(not_a_program))
    src = tmp_path / "report.docx"
    src.write_bytes(b"PK\x03\x04")
    with pytest.raises(ToolMissing) as exc:
        libreoffice.convert(src, tmp_path / "report.pdf")
    assert str(not_a_program) in str(exc.value) and "UPRREPORT_SOFFICE" in exc.value.hint
    if python:   # the warm start failed first, and said why
        assert len(notes) == 1 and "could not be run" in notes[0]


# A fake worker (run by the test's own Python), driving a fake office that is, like
# LibreOffice, a launcher with a child in a process group of its own. Both hold a connection
# to the test until they end. A document whose name starts with "hang" (or every one, with
# FAKE_OFFICE_HANG=1) is never answered.
FAKE_OFFICE = """
    import os, socket, subprocess, sys
    up = socket.create_connection(("127.0.0.1", int(os.environ["FAKE_OFFICE_PORT"])))
    if sys.argv[1:] == ["launcher"]:
        child = subprocess.Popen([sys.executable, __file__, "office"], stdout=subprocess.PIPE)
        child.stdout.readline()
    print("up", flush=True)
    up.recv(1)   # until the test closes its end, or this process is ended
"""

FAKE_WORKER = """
    import json, os, subprocess, sys
    from pathlib import Path

    def say(obj):
        sys.stdout.write(json.dumps(obj) + "\\n")
        sys.stdout.flush()

    office = subprocess.Popen([sys.executable, os.environ["FAKE_OFFICE"], "launcher"], stdout=subprocess.PIPE,
                              start_new_session=os.name != "nt",
                              creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0))
    say({"started": office.pid})
    office.stdout.readline()
    say({"ready": True, "pid": office.pid})
    for line in sys.stdin:
        job = json.loads(line)
        if Path(job["src"]).name.startswith("hang") or os.environ.get("FAKE_OFFICE_HANG") == "1":
            for _line in sys.stdin:   # never answers
                pass
            break
        Path(job["out"]).write_bytes(b"%PDF-1.4 converted by the fake office")
        say({"ok": True})
"""


@pytest.fixture
def fake_office(fresh, tmp_path, monkeypatch):
    """The fake worker in place of office_worker.py; yields a function that accepts the next
    process of a fake office connecting to the test."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(30)
    folder = tmp_path / "fake"
    folder.mkdir()
    (folder / "office.py").write_text(textwrap.dedent(FAKE_OFFICE), encoding="utf-8")
    (folder / "worker.py").write_text(textwrap.dedent(FAKE_WORKER), encoding="utf-8")
    monkeypatch.setenv("FAKE_OFFICE_PORT", str(server.getsockname()[1]))
    monkeypatch.setenv("FAKE_OFFICE", str(folder / "office.py"))
    monkeypatch.setenv("UPRREPORT_SOFFICE", sys.executable)   # found; the fake worker never runs it
    monkeypatch.setattr(office, "WORKER", folder / "worker.py")
    monkeypatch.setattr(office, "candidates", lambda: [sys.executable])
    accepted: list[socket.socket] = []

    def accept() -> socket.socket:
        conn, _ = server.accept()
        accepted.append(conn)
        return conn

    yield accept
    office.shutdown()
    for conn in accepted:
        conn.close()
    server.close()


def _closed(conn: socket.socket) -> bool:
    """Whether the process at the other end has ended (its end of the connection closed)."""
    conn.settimeout(15)
    try:
        return conn.recv(1) == b""
    except ConnectionResetError:   # Windows, for a process ended
        return True
    except TimeoutError:
        return False


def test_a_hung_conversion_is_ended_whole_fails_with_what_to_do_and_frees_the_office(fake_office, tmp_path):
    ok, hang = tmp_path / "ok.docx", tmp_path / "hang.docx"
    for f in (ok, hang):
        f.write_bytes(b"PK\x03\x04")
    libreoffice.convert(ok, tmp_path / "ok.pdf", timeout=30)
    first = office._office
    launcher, child = fake_office(), fake_office()
    with pytest.raises(UprError) as exc:
        libreoffice.convert(hang, tmp_path / "hang.pdf", timeout=0.3, document="report.docx")
    assert str(exc.value) == "LibreOffice took longer than 0.3 s to convert report.docx and was stopped"
    assert "build again" in exc.value.hint and "UPRREPORT_WARM=0" in exc.value.hint
    assert "open report.docx in Word" in exc.value.hint
    assert office._lock.acquire(blocking=False)   # not held for a second try
    office._lock.release()
    assert first.proc.poll() is not None and not first.work.exists()   # the worker ended, its folder gone
    assert _closed(launcher) and _closed(child)   # and the whole office: launcher and child
    assert office._office is None
    libreoffice.convert(ok, tmp_path / "again.pdf", timeout=30)          # the next conversion: a new office
    assert office._office is not first and office._office.alive()
    assert (tmp_path / "again.pdf").read_bytes().startswith(b"%PDF")


def test_a_hung_conversion_fails_the_build_naming_its_word_file(fake_office, sample_copy, tmp_path, monkeypatch):
    from uprreport import api

    monkeypatch.setenv("FAKE_OFFICE_HANG", "1")
    monkeypatch.setattr(libreoffice, "TIMEOUT", 0.3)
    out = tmp_path / "out"
    with pytest.raises(UprError) as exc:
        api.build(sample_copy, out)
    # named by the report's Word file, not the working copy LibreOffice was given (_printed.docx)
    assert re.fullmatch(r"LibreOffice took longer than 0\.3 s to convert [a-z][\w-]*\.docx and was stopped",
                        str(exc.value)), str(exc.value)
    assert not list(out.glob("*.pdf")) and not list(out.glob("*.docx"))   # nothing half-built


def test_a_worker_that_fails_to_start_is_reported_with_its_error(fresh, notes, tmp_path, monkeypatch):
    worker = tmp_path / "worker.py"
    worker.write_text("raise RuntimeError('the bridge to LibreOffice is broken')\n", encoding="utf-8")
    monkeypatch.setattr(office, "WORKER", worker)
    monkeypatch.setattr(office, "candidates", lambda: [sys.executable])
    src = tmp_path / "report.docx"
    src.write_bytes(b"PK\x03\x04")
    assert not office.convert(sys.executable, src, tmp_path / "report.pdf", "writer_pdf_Export", 30)
    assert len(notes) == 1
    assert "worker.py" in notes[0] and "ended with exit status 1" in notes[0]
    assert "RuntimeError: the bridge to LibreOffice is broken" in notes[0]
    assert office.enabled() and office._office is None   # off for this build only


@needs_lo
def test_warm_conversions_match_a_cold_one_and_reuse_one_office(warm, docx, tmp_path, monkeypatch):
    soffice = libreoffice.soffice()
    assert office.convert(soffice, docx, tmp_path / "a.pdf", "writer_pdf_Export", 120)
    first = office._office
    assert office.convert(soffice, docx, tmp_path / "b.pdf", "writer_pdf_Export", 120)
    assert office._office is first
    monkeypatch.setenv("UPRREPORT_WARM", "0")
    libreoffice.convert(docx, tmp_path / "cold.pdf")
    pages = {libreoffice.page_count(tmp_path / n) for n in ("a.pdf", "b.pdf", "cold.pdf")}
    outline = {tuple(libreoffice.outline(tmp_path / n)) for n in ("a.pdf", "cold.pdf")}
    assert len(pages) == 1 and len(outline) == 1
    office.shutdown()
    # the worker removes the office's folder only once LibreOffice has ended
    assert first.proc.poll() == 0 and not first.work.exists()


@needs_lo
def test_the_profile_a_first_office_made_is_kept_and_copied_for_the_next(warm, docx, tmp_path, monkeypatch):
    """A new LibreOffice profile costs about 0.17 s at each start: the first office's profile is
    kept once LibreOffice has closed, and each later office starts from a copy of it."""
    monkeypatch.setenv("UPRREPORT_CACHE", str(tmp_path / "cache"))
    soffice = libreoffice.soffice()
    seed = office.seed_profile(soffice)
    assert seed is not None and not seed.exists()
    assert office.convert(soffice, docx, tmp_path / "a.pdf", "writer_pdf_Export", 120)
    office.shutdown()                                   # waits: the worker keeps the profile, then ends
    assert (seed / "user" / "registrymodifications.xcu").is_file()
    (seed / "user" / "kept-by-the-test").write_text("seed", encoding="utf-8")
    assert office.convert(soffice, docx, tmp_path / "b.pdf", "writer_pdf_Export", 120)
    second = office._office
    assert (second.work / "profile" / "user" / "kept-by-the-test").read_text(encoding="utf-8") == "seed"
    office.shutdown()
    assert (seed / "user" / "kept-by-the-test").is_file()   # kept once: not replaced by a later office
    assert not list(seed.parent.glob("*.part-*"))
    monkeypatch.setenv("UPRREPORT_CACHE", "off")            # nothing kept: a new profile, as before
    assert office.seed_profile(soffice) is None
    assert office.convert(soffice, docx, tmp_path / "c.pdf", "writer_pdf_Export", 120)
    assert not (office._office.work / "profile" / "user" / "kept-by-the-test").exists()


@needs_lo
@pytest.mark.skipif(os.name != "posix", reason="asks the system about a process group (os.killpg)")
def test_nothing_of_libreoffice_outlives_shutdown(warm, docx, tmp_path):
    assert office.convert(libreoffice.soffice(), docx, tmp_path / "a.pdf", "writer_pdf_Export", 120)
    group = office._office.office_pid
    office.shutdown()

    def left() -> bool:   # any process left in LibreOffice's group (an orphan not yet reaped counts)
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return False
        return True

    deadline = time.monotonic() + 15   # LibreOffice's helpers (gpg) end as orphans, reaped by init
    while left() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left()


@needs_lo
def test_a_dead_office_is_replaced(warm, docx, tmp_path):
    soffice = libreoffice.soffice()
    assert office.convert(soffice, docx, tmp_path / "a.pdf", "writer_pdf_Export", 120)
    old = office._office
    office.end_group(old.office_pid)   # LibreOffice crashes
    assert office.convert(soffice, docx, tmp_path / "b.pdf", "writer_pdf_Export", 120)
    assert office._office is not old and office._office.alive()
    assert old.proc.wait(timeout=15) is not None and not old.work.exists()
    office._office.proc.kill()         # now the worker itself is killed
    assert office.convert(soffice, docx, tmp_path / "c.pdf", "writer_pdf_Export", 120)
    assert libreoffice.page_count(tmp_path / "c.pdf") > 1


@needs_lo
def test_a_hung_libreoffice_conversion_fails_and_the_next_gets_a_fresh_office(warm, docx, tmp_path):
    soffice = libreoffice.soffice()
    assert office.convert(soffice, docx, tmp_path / "a.pdf", "writer_pdf_Export", 120)
    first = office._office
    with pytest.raises(UprError, match=r"took longer than 0\.001 s to convert report\.docx"):
        libreoffice.convert(docx, tmp_path / "b.pdf", timeout=0.001)
    assert first.proc.poll() is not None and office._office is None
    libreoffice.convert(docx, tmp_path / "c.pdf")        # warm again, with a sane timeout
    assert office._office is not first and office._office.alive()
    assert libreoffice.page_count(tmp_path / "c.pdf") > 1


@needs_lo
def test_a_damaged_document_gets_libreoffices_words_and_the_office_stays(warm, docx, tmp_path):
    soffice = libreoffice.soffice()
    assert office.convert(soffice, docx, tmp_path / "a.pdf", "writer_pdf_Export", 120)
    first = office._office
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a Word file")
    with pytest.raises(UprError, match="did not produce a PDF from bad.docx") as exc:
        libreoffice.convert(bad, tmp_path / "bad.pdf")
    assert exc.value.hint == "build with --no-pdf, then open bad.docx in Word or LibreOffice to see whether it is damaged"
    assert office._office is first and first.alive()


@needs_lo
def test_without_a_python_that_has_uno_the_cold_path_converts(fresh, docx, tmp_path, monkeypatch):
    # a Python without uno (the one running the tests) is tried, says so, and is passed over
    monkeypatch.setattr(office, "candidates", lambda: [sys.executable])
    assert not office.convert(libreoffice.soffice(), docx, tmp_path / "a.pdf", "writer_pdf_Export", 60)
    assert office._no_uno and office._office is None and not office.enabled()
    libreoffice.convert(docx, tmp_path / "b.pdf")
    assert (tmp_path / "b.pdf").read_bytes()[:5] == b"%PDF-"


@needs_lo
def test_a_python_without_uno_is_passed_over_for_the_next_one(warm, uno, docx, tmp_path, monkeypatch):
    monkeypatch.setattr(office, "candidates", lambda: [sys.executable, uno])
    assert office.convert(libreoffice.soffice(), docx, tmp_path / "a.pdf", "writer_pdf_Export", 120)
    assert office._python == uno
    assert libreoffice.page_count(tmp_path / "a.pdf") > 1


@needs_lo
def test_the_command_ends_quickly_and_leaves_no_libreoffice_behind(warm, tmp_path):
    """`uprreport build` as a user runs it: LibreOffice is started before the command line
    is imported, the process ends without its teardown (entry.py), and still the office
    closes and its folder goes (which the worker removes once LibreOffice has ended)."""
    import subprocess

    sample = Path(__file__).resolve().parents[1] / "samples" / "national-arcadia"
    temp = tmp_path / "temp"   # the command's own temporary folder: only its office is there
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp)}
    proc = subprocess.run([sys.executable, "-m", "uprreport", "build", str(sample), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "built in" in proc.stderr or "built in" in proc.stdout   # the summary was flushed
    pdf = next((tmp_path / "out").glob("*.pdf"))
    assert libreoffice.page_count(pdf) > 10
    deadline = time.monotonic() + 30
    while list(temp.glob("uprreport-office-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(temp.glob("uprreport-office-*")) == []
