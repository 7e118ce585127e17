"""One `uprreport serve` per project: the second is refused, naming the first; a holder that
dies (killed, crashed) leaves no lock behind."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from uprreport.errors import UsageError
from uprreport.rounds import serving as web_app

HOLD = """
import sys
from pathlib import Path
from uprreport.rounds.serving import serving
with serving(Path(sys.argv[1]), "127.0.0.1", int(sys.argv[2])):
    print("held", flush=True)
    sys.stdin.read()   # until the test closes it, or kills this process
"""


def _holder(project, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(project), str(port)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = proc.stdout.readline()
    assert line.strip() == "held", line + proc.stdout.read()
    return proc


def test_a_second_holder_is_refused_naming_the_first(project):
    proc = _holder(project, 8123)
    try:
        with pytest.raises(UsageError) as exc:
            with web_app.serving(project, "127.0.0.1", 9000):
                pass
        message = str(exc.value)
        assert f"{project} is already being served" in message
        assert f"process {proc.pid} on {socket.gethostname()}, port 8123" in message
        assert "Ctrl+C" in exc.value.hint
        holder = json.loads((project / "rounds" / web_app.HOLDER_FILE).read_text(encoding="utf-8"))
        assert holder["pid"] == proc.pid     # the refused one did not overwrite the holder's note
    finally:
        proc.stdin.close()
        proc.wait(30)
    assert proc.returncode == 0
    assert not (project / "rounds" / web_app.HOLDER_FILE).exists()   # a holder that stops takes its note away
    with web_app.serving(project, "127.0.0.1", 9000):
        pass


def test_a_killed_holder_leaves_no_lock_behind(project):
    proc = _holder(project, 8124)
    proc.kill()                     # no clean-up runs: TerminateProcess on Windows, SIGKILL elsewhere
    proc.wait(30)
    assert (project / "rounds" / web_app.HOLDER_FILE).exists()    # its note stays...
    with web_app.serving(project, "127.0.0.1", 9001):             # ...but the lock went with the process
        holder = json.loads((project / "rounds" / web_app.HOLDER_FILE).read_text(encoding="utf-8"))
        assert holder["pid"] == os.getpid() and holder["port"] == 9001
    with web_app.serving(project, "127.0.0.1", 9001):             # and this process released it
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_second_serve_command_on_the_same_project_stops_with_a_usage_error(project, tmp_path):
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    first = subprocess.Popen([sys.executable, "-m", "uprreport", "serve", str(project), "--port", str(port)],
                             stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline, up = time.monotonic() + 60, False
        while time.monotonic() < deadline and not up:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    up = r.status == 200
            except OSError:
                assert first.poll() is None, (tmp_path / "serve.log").read_text(encoding="utf-8")
                time.sleep(0.2)
        assert up
        second = subprocess.run([sys.executable, "-m", "uprreport", "serve", str(project), "--port",
                                 str(_free_port())], capture_output=True, text=True, timeout=120)
        assert second.returncode == 2, second.stdout + second.stderr
        assert "is already being served" in second.stderr and f"process {first.pid}" in second.stderr
        assert "serving" not in second.stdout   # it never said it serves
        assert first.poll() is None          # the first goes on serving
    finally:
        first.terminate()
        first.wait(timeout=30)
        log.close()
