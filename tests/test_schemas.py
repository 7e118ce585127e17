"""The committed JSON Schemas match the models."""

from __future__ import annotations

import json

from conftest import ROOT
from uprreport import schemas


def test_committed_schemas_are_current():
    for name in schemas.MODELS:
        path = ROOT / "schemas" / f"{name}.schema.json"
        assert path.is_file(), f"{path.name} missing: run `uprreport schema`"
        assert path.read_text(encoding="utf-8") == schemas.render(name), \
            f"{path.name} is stale: run `uprreport schema` and commit the result"


def test_schemas_are_json_schema_documents():
    for name in schemas.MODELS:
        data = json.loads(schemas.render(name))
        assert data["$schema"].endswith("2020-12/schema") and data["type"] == "object"


def test_manifest_schema_names_the_register_key_as_users_write_it():
    props = json.loads(schemas.render("report"))["properties"]
    assert "register" in props and "register_file" not in props
