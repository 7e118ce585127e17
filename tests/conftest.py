"""Shared fixtures: the sample project, throw-away copies of it, and skips."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# A PostgreSQL database the store's tests may use (scripts/postgresql.sh prints one; .ci/run sets it)
POSTGRESQL = os.environ.get("UPRREPORT_TEST_POSTGRESQL", "")
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


def pytest_configure(config):
    if POSTGRESQL:          # a malformed address fails the run here, not in every store test
        from uprreport import database
        from uprreport.errors import UprError

        try:
            database.check_url(POSTGRESQL)
        except UprError as exc:
            raise pytest.UsageError(f"UPRREPORT_TEST_POSTGRESQL: {exc}") from None


def pytest_collection_modifyitems(config, items):
    from uprreport.libreoffice import soffice

    if soffice() is None:
        skip = pytest.mark.skip(reason="LibreOffice (soffice) is not installed")
        for item in items:
            if "libreoffice" in item.keywords:
                item.add_marker(skip)


# -- the stores on both backends ------------------------------------------------------------
# A test that asks for ``backend`` (every test in tests/rounds and tests/web does) runs once on SQLite and, when UPRREPORT_TEST_POSTGRESQL names a database, once more
# with every workspace and project folder under its tmp_path on PostgreSQL (database/), each test
# in schemas of its own. A test marked ``sqlite_only`` is about SQLite's files themselves.

STORE_TESTS = ("rounds", "web")     # the folders of tests/ whose every test runs on each backend


def pytest_generate_tests(metafunc):
    here = Path(str(metafunc.definition.fspath)).resolve()
    if "backend" not in metafunc.fixturenames and here.parent.name in STORE_TESTS \
            and here.parent.parent == Path(__file__).resolve().parent:
        metafunc.fixturenames.append("backend")
    if "backend" in metafunc.fixturenames:
        sqlite_only = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("backend", ["sqlite"] if sqlite_only or not POSTGRESQL else ["sqlite", "postgresql"],
                             indirect=True)


@pytest.fixture(scope="session")
def _postgresql_ids():
    """The workspace ids given out in this session; their schemas are dropped at its end."""
    ids: dict[str, str] = {}
    yield ids
    if ids and POSTGRESQL:
        import psycopg

        with psycopg.connect(POSTGRESQL, autocommit=True) as conn:
            for ident in set(ids.values()):
                names = [r[0] for r in conn.execute("SELECT nspname FROM pg_namespace WHERE nspname = %s OR "
                                                    "nspname LIKE %s", (f"w_{ident}", f"p_{ident}_%"))]
                for name in names:
                    conn.execute(f'DROP SCHEMA "{name}" CASCADE')


@pytest.fixture
def backend(request):
    """"sqlite" or "postgresql": the backend this run of the test has (set up by ``_store_backend``)."""
    return request.param


@pytest.fixture(autouse=True)
def _store_backend(request):
    callspec = getattr(request.node, "callspec", None)
    if callspec is None or callspec.params.get("backend") != "postgresql":
        return
    import secrets

    from uprreport import database

    monkeypatch = request.getfixturevalue("monkeypatch")
    ids = request.getfixturevalue("_postgresql_ids")
    base = request.getfixturevalue("tmp_path").resolve()
    real = database.config_of

    def config_of(root):
        root = Path(root).resolve()
        if root == base or base in root.parents:
            return database.Config(POSTGRESQL, ids.setdefault(str(root), secrets.token_hex(4)))
        return real(root)

    monkeypatch.setattr(database, "config_of", config_of)
    # and the file a workspace on PostgreSQL has, for the folders right under tmp_path, which
    # processes the test starts read as the command line does
    import json

    (base / database.FOLDER).mkdir(exist_ok=True)
    database.path(base).write_text(json.dumps({"url": POSTGRESQL, "id": config_of(base).id}), encoding="utf-8")
