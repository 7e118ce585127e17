"""The installed command (entry.py): exit codes and output as `sys.exit` gives them, though
the process ends without its teardown."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "national-arcadia"


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "uprreport", *args], capture_output=True, text=True, timeout=120,
                          **kw)


def test_a_clean_project_exits_0_with_all_its_output():
    proc = run("validate", str(SAMPLE), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    import json

    data = json.loads(proc.stdout)   # the whole document arrived: it parses
    assert data["words"] > 1000


def test_usage_errors_keep_their_exit_code_and_message(tmp_path):
    proc = run("validate", str(tmp_path / "nowhere"))
    assert proc.returncode == 2
    assert "is not a folder" in proc.stderr
    assert run("no-such-command").returncode == 2
    assert run("--version").stdout.startswith("uprreport")


def test_a_project_with_errors_exits_1(tmp_path):
    import shutil

    project = tmp_path / "p"
    shutil.copytree(SAMPLE, project, ignore=shutil.ignore_patterns("build"))
    (project / "recommendations.csv").write_text("id,text\n1,no position\n", encoding="utf-8")
    proc = run("validate", str(project))
    assert proc.returncode == 1
    assert "recommendations.csv" in proc.stdout


def test_output_to_a_reader_that_stops_early_is_no_crash():
    # `uprreport validate --format json | head -1`: the reader closes the pipe first
    proc = subprocess.Popen([sys.executable, "-m", "uprreport", "validate", str(SAMPLE), "--format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert b"Traceback" not in err


def test_leave_exits_as_sys_exit_would():
    code = ("from uprreport.entry import leave\nimport sys\nprint('out', flush=False)\n"
            "sys.stderr.write('err')\nleave(sys.argv[1] if not sys.argv[1].isdigit() else int(sys.argv[1]))")
    for arg, status in (("0", 0), ("3", 3), ("a message", 1)):
        proc = subprocess.run([sys.executable, "-c", code, arg], capture_output=True, text=True, timeout=60)
        assert proc.returncode == status and proc.stdout == "out\n"
        assert proc.stderr.startswith("err") and (arg.isdigit() or "a message" in proc.stderr)
