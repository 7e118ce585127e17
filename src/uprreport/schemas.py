"""JSON Schemas of the project file formats, generated from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path

from uprreport.fsutil import write_text
from uprreport.model.contribution import Contributor, FragmentMeta, ImplementationRow
from uprreport.model.manifest import Manifest
from uprreport.model.profile import Profile
from uprreport.model.register import Recommendation

BASE_ID = "https://uprreport.org/schemas/"

MODELS = {
    "report": (Manifest, "report.yaml: the project manifest"),
    "recommendation": (Recommendation, "one row of the recommendations register"),
    "contributor": (Contributor, "contributions/<slug>/contributor.yaml"),
    "implementation-row": (ImplementationRow, "one row of contributions/<slug>/implementation.csv|xlsx"),
    "fragment-front-matter": (FragmentMeta, "the YAML front matter of a narrative fragment (.md)"),
    "profile": (Profile, "a report-kind profile (outline, limits, template)"),
}


def render(name: str) -> str:
    model, description = MODELS[name]
    schema = model.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": f"{BASE_ID}{name}.schema.json", "description": description, **schema}
    return json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def write_all(out_dir: Path) -> list[Path]:
    paths = []
    for name in MODELS:
        path = out_dir / f"{name}.schema.json"
        write_text(path, render(name))
        paths.append(path)
    return paths
