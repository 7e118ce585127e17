"""Files opened and saved again by LibreOffice, headless, as an office that edits them there
sends them back (tests that need it are marked ``libreoffice``)."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest


def resave(src: Path, out_dir: Path, to: str = "xlsx") -> Path:
    """``src`` saved again as ``to`` by LibreOffice in ``out_dir``; the test is skipped when
    LibreOffice cannot (Calc missing for a workbook)."""
    from uprreport.libreoffice import soffice

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="uprreport-test-lo-") as profile:
        proc = subprocess.run([soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                               "--norestore", "--convert-to", to, "--outdir", str(out_dir), str(src)],
                              capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": profile},
                              stdin=subprocess.DEVNULL)
    out = out_dir / f"{src.stem}.{to}"
    if not out.is_file():
        pytest.skip(f"LibreOffice could not convert {src.name} to .{to} (is LibreOffice Calc installed?): "
                    f"{proc.stderr[-300:]}")
    return out
