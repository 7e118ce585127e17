"""The one error boundary: every failure a user meets is a located message with a documented
exit code; anything unexpected is a short message, a saved crash report and exit 70; the
Word file and its PDF are replaced both or neither."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SAMPLE
from uprreport import api, fsutil
from uprreport.cli import EXIT_CRASH, EXIT_IO, EXIT_USAGE, main
from uprreport.errors import FileInUse


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


@pytest.fixture
def crash_folder(tmp_path, monkeypatch):
    """Crash reports go into a folder of the test (platformdirs reads these variables)."""
    folder = tmp_path / "logs"
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    monkeypatch.setenv("LOCALAPPDATA", str(folder))
    monkeypatch.setattr("uprreport.crashes._folders", lambda: [folder])
    monkeypatch.delenv("UPRREPORT_DEBUG", raising=False)
    return folder


def test_an_unexpected_error_is_a_short_message_a_crash_report_and_exit_70(crash_folder, monkeypatch):
    def broken(*_a, **_k):
        raise KeyError("section-without-a-name")

    monkeypatch.setattr(api, "validate", broken)
    r = run("validate", SAMPLE)
    assert r.exit_code == EXIT_CRASH
    assert "Traceback" not in r.output
    assert "unexpected error (KeyError: 'section-without-a-name')" in r.output
    assert "not in your files" in r.output
    (report,) = crash_folder.glob("uprreport-crash-*.txt")
    assert str(report) in r.output.replace("\n", "")
    text = report.read_text(encoding="utf-8")
    assert "Traceback" in text and "section-without-a-name" in text and "in broken" in text
    assert "uprreport 0." in text and "Python 3." in text


def test_uprreport_debug_lets_the_traceback_through(crash_folder, monkeypatch):
    monkeypatch.setenv("UPRREPORT_DEBUG", "1")
    monkeypatch.setattr(api, "validate", lambda *_a, **_k: 1 / 0)
    r = run("validate", SAMPLE)
    assert isinstance(r.exception, ZeroDivisionError)
    assert not list(crash_folder.glob("*.txt"))


def test_a_file_the_system_refuses_is_named_with_exit_74(crash_folder, monkeypatch, tmp_path):
    target = tmp_path / "matrix.xlsx"

    def refused(*_a, **_k):
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(api, "export", refused)
    r = run("export", "matrix", "-p", SAMPLE, "-o", target)
    assert r.exit_code == EXIT_IO
    assert f"'{target}' could not be read or written: Permission denied" in r.output
    assert "close it there" in r.output and "Traceback" not in r.output
    assert not list(crash_folder.glob("*.txt"))   # not a fault of uprreport


def test_an_expected_error_in_json_keeps_stdout_json(sample_copy):
    (sample_copy / "recommendations.csv").open("a").write("140.1,Again,France,maybe,,,\n")
    r = CliRunner().invoke(main, ["build", str(sample_copy), "--no-pdf", "--format", "json"])
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert data["errors"] >= 1 and "nothing was built" in r.stderr


def test_build_in_an_unknown_language_is_a_usage_error(sample_copy):
    r = run("build", sample_copy, "--no-pdf", "--language", "xx")
    assert r.exit_code == EXIT_USAGE
    assert "'xx' is not a language uprreport writes reports in" in r.output
    assert "en, fr, es, ar, ru, zh" in r.output
    assert not (sample_copy / "build").exists()
    r = run("translate", "export", sample_copy, "--to", "klingon")
    assert r.exit_code == EXIT_USAGE and "klingon" in r.output


def test_a_bad_date_option_is_clicks_usage_error(sample_copy):
    r = run("request", sample_copy, "--deadline", "the 31st")
    assert r.exit_code == EXIT_USAGE and "--deadline" in r.output and "Traceback" not in r.output


def test_export_to_an_unknown_format_is_a_usage_error(tmp_path):
    r = run("export", "register", "-p", SAMPLE, "-o", tmp_path / "register.pdf")
    assert r.exit_code == EXIT_USAGE and "'register.pdf' cannot be written" in r.output and ".xlsx or .csv" in r.output


def test_library_warnings_are_printed_as_notes(monkeypatch):
    import logging

    def noisy(*a, **k):
        logging.getLogger("uprreport.rounds.store").warning("the register's folder does not support WAL")
        raise FileInUse("x.docx is open", hint="close it")

    monkeypatch.setattr(api, "validate", noisy)
    r = run("validate", SAMPLE)
    assert "note: the register's folder does not support WAL" in r.output
    assert r.exit_code == EXIT_IO and "hint: close it" in r.output


# --- outputs replaced together ---------------------------------------------------------

def _staged(tmp_path: Path, *names: str) -> list[tuple[Path, Path]]:
    staging, out = tmp_path / "staging", tmp_path / "build"
    staging.mkdir(exist_ok=True)
    out.mkdir(exist_ok=True)
    moves = []
    for name in names:
        (staging / name).write_text(f"new {name}")
        (out / name).write_text(f"old {name}")
        moves.append((staging / name, out / name))
    return moves


def test_outputs_are_replaced_together(tmp_path):
    moves = _staged(tmp_path, "r.docx", "r.pdf")
    assert fsutil.replace_together(moves) == [t for _s, t in moves]
    assert [t.read_text() for _s, t in moves] == ["new r.docx", "new r.pdf"]
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["r.docx", "r.pdf"]   # nothing left aside


def test_a_pdf_open_in_acrobat_replaces_neither(tmp_path, monkeypatch):
    """On Windows a file open in Word or Acrobat cannot be renamed or replaced: simulated by
    refusing any rename of build/r.pdf, as Windows does (ERROR_SHARING_VIOLATION)."""
    moves = _staged(tmp_path, "r.docx", "r.pdf")
    locked = tmp_path / "build" / "r.pdf"
    real = os.replace

    def windows_replace(src, dst):
        if Path(src) == locked or Path(dst) == locked:
            raise PermissionError(13, "The process cannot access the file because it is being used by "
                                      "another process", str(locked))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", windows_replace)
    with pytest.raises(FileInUse) as caught:
        fsutil.replace_together(moves)
    assert "r.pdf is open in another program" in str(caught.value)
    assert caught.value.hint == "close r.pdf there and run the command again" and caught.value.exit_code == EXIT_IO
    assert [t.read_text() for _s, t in moves] == ["old r.docx", "old r.pdf"]   # neither replaced
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["r.docx", "r.pdf"]
    assert all(s.exists() for s, _t in moves)


def test_a_build_whose_pdf_is_open_keeps_both_old_files(sample_copy, monkeypatch):
    assert run("build", sample_copy, "--no-pdf").exit_code == 0
    docx = sample_copy / "build" / "arcadia-national-report-2025.docx"
    before = docx.read_bytes()
    (sample_copy / "report.yaml").write_text((sample_copy / "report.yaml").read_text(encoding="utf-8")
                                             .replace("Arcadia", "Arcadia ", 1), encoding="utf-8")
    real = os.replace

    def word_has_it(src, dst):
        if Path(src) == docx:
            raise PermissionError(32, "being used by another process", str(docx))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", word_has_it)
    r = run("build", sample_copy, "--no-pdf")
    assert r.exit_code == EXIT_IO, r.output
    assert "arcadia-national-report-2025.docx is open in another program" in r.output
    assert "close arcadia-national-report-2025.docx there" in r.output
    assert docx.read_bytes() == before
    assert [p.name for p in (sample_copy / "build").iterdir() if not p.name.startswith(".staging")] == [docx.name]


def test_a_build_without_pdf_removes_the_stale_pdf_in_the_same_move(sample_copy):
    out = sample_copy / "build"
    out.mkdir()
    stale = out / "arcadia-national-report-2025.pdf"
    stale.write_bytes(b"%PDF-1.7 an earlier text")
    r = run("build", sample_copy, "--no-pdf")
    assert r.exit_code == 0 and not stale.exists() and f"removed {stale}" in r.output


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX permissions")
def test_written_files_get_their_mode_without_touching_the_umask(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "umask", lambda *_: pytest.fail("the process umask was touched"))
    fsutil.write_text(tmp_path / "a.txt", "x")
    fsutil.write_text(tmp_path / "key", "secret", mode=fsutil.PRIVATE_MODE)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "key").stat().st_mode & 0o777 == 0o600


# --- build --watch ----------------------------------------------------------------------

def test_watch_survives_an_unexpected_error(sample_copy, crash_folder):
    from uprreport.watching import watch

    events, stop, calls = [], threading.Event(), []

    def build():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("a fault of uprreport")
        return api.build(sample_copy, pdf=False)

    thread = threading.Thread(target=watch, args=(sample_copy, build, events.append), kwargs={"stop": stop},
                              daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not events and time.monotonic() < deadline:
            time.sleep(0.05)
        assert isinstance(events[0].error, RuntimeError) and events[0].crash_report.is_file()
        assert "unexpected error (RuntimeError: a fault of uprreport)" in events[0].message
        (sample_copy / "contributions" / "justice" / "framework.md").open("a").write("\nOne more sentence.\n")
        while len(events) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert events[1].error is None and thread.is_alive()
    finally:
        stop.set()
        thread.join(10)


def test_a_build_into_any_folder_removes_only_its_own_leftovers(sample_copy, tmp_path):
    out = tmp_path / "home"
    out.mkdir()
    old = time.time() - 3600
    mine = [out / ".staging-ab12cd_9", out / ".arcadia-national-report-2025.docx.0badc0de.old"]
    theirs = [out / ".bashrc.old", out / ".staging-notes", out / ".report.docx.0badc0de.old"]
    mine[0].mkdir()
    for p in mine[1:] + theirs:
        p.write_text("x")
    for p in mine + theirs:
        os.utime(p, (old, old))
    assert run("build", sample_copy, "--no-pdf", "-o", out).exit_code == 0
    assert [p for p in mine if p.exists()] == []
    assert [p for p in theirs if p.exists()] == theirs


def test_a_target_set_aside_is_put_back_whatever_stops_the_move(tmp_path, monkeypatch):
    import errno

    moves = _staged(tmp_path, "r.docx", "r.pdf")
    real, calls = os.replace, []

    def busy(src, dst):
        calls.append(src)
        if len(calls) == 2:   # the second target cannot be set aside (a sync tool holds it)
            raise OSError(errno.EBUSY, "Device or resource busy", str(src))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", busy)
    with pytest.raises(OSError) as caught:
        fsutil.replace_together(moves)
    assert caught.value.filename == str(tmp_path / "build" / "r.pdf")
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["r.docx", "r.pdf"]
    assert [t.read_text() for _s, t in moves] == ["old r.docx", "old r.pdf"]


def test_a_full_disk_names_the_file_and_exits_74(tmp_path, monkeypatch):
    import errno

    target = tmp_path / "matrix.xlsx"

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")   # write() names no file

    with pytest.raises(OSError) as caught:
        with fsutil.atomic_path(target) as tmp:
            monkeypatch.setattr(Path, "write_bytes", full)
            tmp.write_bytes(b"x")
    assert caught.value.filename == str(target) and caught.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_without_a_file_name_is_exit_74_not_a_crash(crash_folder, monkeypatch):
    import errno

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(api, "validate", full)
    r = run("validate", SAMPLE)
    assert r.exit_code == EXIT_IO and "the disk refused to write: No space left on device" in r.output
    assert "free some space" in r.output and not list(crash_folder.glob("*.txt"))


@pytest.mark.parametrize("args,words", [
    (["serve", SAMPLE, "--port", "70000"], "70000 is not in the range"),
    (["serve", SAMPLE, "--threads", "0"], "0 is not in the range"),
    (["serve", SAMPLE, "--comment-rate", "garbage"], "'garbage' is not a rate"),
    (["round", "open", SAMPLE, "--today", "9999-12-31"], "is not a date of a UPR report"),
    (["round", "respond", SAMPLE, "--comment", "99999999999999999999999", "--decision", "noted"], "not in the range"),
])
def test_option_values_out_of_range_are_usage_errors(args, words):
    r = run(*args)
    assert r.exit_code == EXIT_USAGE and words in r.output, r.output
