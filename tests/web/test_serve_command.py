"""`uprreport serve` as the README runs it: a real server process on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_on_loopback_and_stops(project, tmp_path):
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "uprreport", "serve", str(project), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline, page = time.monotonic() + 60, None
        while time.monotonic() < deadline and page is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    page = (r.status, r.headers["Content-Security-Policy"], r.read().decode("utf-8"))
            except OSError:
                assert proc.poll() is None, (tmp_path / "serve.log").read_text(encoding="utf-8")
                time.sleep(0.2)
        assert page is not None and page[0] == 200 and "default-src 'none'" in page[1]
        assert "Draft 1 for comment" in page[2]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    log.seek(0)
    assert f"serving {project} on http://127.0.0.1:{port}/" in log.read()
