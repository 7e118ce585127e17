"""Shared fixtures: the sample project, throw-away copies of it, and skips."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "national-arcadia"
REALDATA = ROOT.parent / "shared" / "realdata"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """pandoc's cache (readers/pandoc_cache.py) in a folder of this test session, not the user's."""
    import os

    os.environ["UPRREPORT_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """A private copy of the Arcadia sample that a test may break."""
    dest = tmp_path / "arcadia"
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns("build"))
    return dest


@pytest.fixture(scope="session")
def validated():
    """``validated(root)``: api.validate of an unmodified sample, made once per session.
    Tests must not change what it returns."""
    from uprreport import api

    cache: dict[Path, object] = {}

    def get(root: Path = SAMPLE):
        if root not in cache:
            cache[root] = api.validate(root)
        return cache[root]

    return get


@pytest.fixture
def realdata() -> Path:
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is absent")
    return REALDATA


def pytest_collection_modifyitems(config, items):
    from uprreport.libreoffice import soffice

    if soffice() is None:
        skip = pytest.mark.skip(reason="LibreOffice (soffice) is not installed")
        for item in items:
            if "libreoffice" in item.keywords:
                item.add_marker(skip)
