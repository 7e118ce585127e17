"""Fixtures of the web tests: a project with round 1 open (opened once per session, copied
per test) with accounts for a coordinator and two owners, its app and a test client that
keeps its cookies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .webkit import DEADLINE, OPENED, PASSWORDS, SAMPLE, make_app


@pytest.fixture(scope="session")
def opened_template(tmp_path_factory) -> Path:
    from uprreport import api
    from uprreport.rounds import accounts

    root = tmp_path_factory.mktemp("web") / "arcadia"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    api.round_open(root, DEADLINE, OPENED)
    accounts.add(root, "coord", PASSWORDS["coord"], "coordinator")
    accounts.add(root, "justice", PASSWORDS["justice"], "owner", "justice")
    accounts.add(root, "health", PASSWORDS["health"], "owner", "health")
    return root


@pytest.fixture
def project(opened_template, tmp_path) -> Path:
    dest = tmp_path / "arcadia"
    shutil.copytree(opened_template, dest)
    return dest


@pytest.fixture
def app(project):
    return make_app(project)


@pytest.fixture
def client(app):
    return app.test_client()


