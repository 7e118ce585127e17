"""Kill the process at random points of a build and of an ingest, again and again: the
project, the previous outputs and the comment register stay intact."""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE

pytestmark = pytest.mark.slow
CLI = [sys.executable, "-m", "uprreport"]


def _tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(folder).as_posix().encode() + p.read_bytes())
    return h.hexdigest()


def _kill_after(cmd: list[str], delay: float) -> int | None:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if proc.poll() is None:
        proc.kill()   # SIGKILL on POSIX, TerminateProcess on Windows: no chance to clean up
    return proc.wait()


def test_killed_builds_leave_project_and_previous_outputs_intact(tmp_path):
    project = tmp_path / "arcadia"
    shutil.copytree(SAMPLE, project, ignore=shutil.ignore_patterns("build", "rounds"))
    out = tmp_path / "out"
    subprocess.run(CLI + ["build", str(project), "-o", str(out), "--no-pdf"], check=True, capture_output=True)
    target = out / "arcadia-national-report-2025.docx"
    sources = _tree_hash(project / "contributions")
    rng = random.Random(8)
    for _ in range(10):
        _kill_after(CLI + ["build", str(project), "-o", str(out), "--no-pdf"], rng.uniform(0.1, 1.6))
        assert _tree_hash(project / "contributions") == sources
        with zipfile.ZipFile(target) as z:          # always a whole Word file, old or new
            assert z.testzip() is None and "word/document.xml" in z.namelist()
        assert not [p for p in out.iterdir() if not p.name.startswith(".")
                    and p.name != "arcadia-national-report-2025.docx"]


def test_killed_ingests_leave_the_register_consistent(tmp_path):
    project = tmp_path / "arcadia"
    shutil.copytree(SAMPLE, project, ignore=shutil.ignore_patterns("build", "rounds"))
    subprocess.run(CLI + ["round", "open", str(project), "--today", "2024-03-03"], check=True, capture_output=True)
    files = [str(p) for p in sorted((ROOT / "samples" / "round-arcadia" / "returned").iterdir())]
    rng = random.Random(9)
    for _ in range(8):
        _kill_after(CLI + ["round", "ingest", str(project), *files, "--received", "2024-03-28"], rng.uniform(0.2, 2.5))
        db = sqlite3.connect(project / "rounds" / "register.sqlite")
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # all or nothing: every registered file has all its comments, no comment lacks its file
        per_file = db.execute("SELECT f.sha, f.comments, COUNT(c.id) FROM files f LEFT JOIN comments c "
                              "ON c.file_sha = f.sha AND c.round = f.round GROUP BY f.sha").fetchall()
        assert all(expected == got for _sha, expected, got in per_file)
        orphans = db.execute("SELECT COUNT(*) FROM comments c WHERE NOT EXISTS "
                             "(SELECT 1 FROM files f WHERE f.sha = c.file_sha AND f.round = c.round)").fetchone()[0]
        assert orphans == 0
        db.close()
    done = subprocess.run(CLI + ["round", "ingest", str(project), *files, "--received", "2024-03-28"],
                          capture_output=True, text=True)
    assert done.returncode == 0
    db = sqlite3.connect(project / "rounds" / "register.sqlite")
    assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == len(files)
    clean = tmp_path / "uninterrupted"   # the same files, ingested once without a kill
    shutil.copytree(SAMPLE, clean, ignore=shutil.ignore_patterns("build", "rounds"))
    subprocess.run(CLI + ["round", "open", str(clean), "--today", "2024-03-03"], check=True, capture_output=True)
    subprocess.run(CLI + ["round", "ingest", str(clean), *files, "--received", "2024-03-28"], check=True,
                   capture_output=True)
    expected = sqlite3.connect(clean / "rounds" / "register.sqlite").execute("SELECT COUNT(*) FROM comments")
    assert db.execute("SELECT COUNT(*) FROM comments").fetchone()[0] == expected.fetchone()[0] > 100
