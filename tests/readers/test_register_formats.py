"""The register in each of its formats: `export register` writes what `validate` reads back,
the same recommendations, and exporting again writes the same file."""

from __future__ import annotations

import json
import re

import pytest
from openpyxl import load_workbook

from uprreport import api
from uprreport.diagnostics import Severity
from uprreport.readers import register

FORMATS = [".csv", ".xlsx", ".yaml", ".json"]


def _recs(project):
    return [(r.id, r.text, r.position.value, r.states, r.themes, r.sdgs, r.affected_persons, r.mechanism)
            for r in sorted(project.recommendations, key=lambda r: r.sort_key())]


def _point_at(root, name):
    manifest = root / "report.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(re.sub(r"(?m)^register: .*$", f"register: {name}", text), encoding="utf-8")


def _content(path):
    """What a file holds: its bytes, or a workbook's cell values (a saved workbook carries
    the time it was saved)."""
    if path.suffix == ".xlsx":
        return [list(row) for row in load_workbook(path).active.iter_rows(values_only=True)]
    return path.read_bytes()


@pytest.mark.parametrize("suffix", FORMATS)
def test_export_then_validate_round_trips(sample_copy, validated, suffix):
    before = validated()
    out = sample_copy / f"register-export{suffix}"
    api.export(sample_copy, "register", out)
    _point_at(sample_copy, out.name)
    after = api.validate(sample_copy)
    assert not after.report.errors, [d.render() for d in after.report.errors]
    assert not [d for d in after.report.sorted() if d.location.path == out.name
                and d.severity is not Severity.INFO and d.code != "rec-not-addressed"]
    assert _recs(after.project) == _recs(before.project)
    assert len(after.project.recommendations) == 270
    again = sample_copy / f"register-again{suffix}"
    api.export(sample_copy, "register", again)   # written from the file just read
    assert _content(again) == _content(out)


def test_a_yaml_register_reads_the_spellings_a_csv_header_may_have(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("- {ref: '140.10', recommendation: Ratify it, position: supported, state: Chile, theme: health}\n"
                    "- {id: '140.2', text: Adopt it, position: noted, themes: [a, b], theme: a,"
                    " action_category_estimated: 3}\n", encoding="utf-8")
    recs, where, diags = register.read(path, "r.yaml")
    assert not diags
    assert [(r.id, r.text, r.states, r.themes) for r in recs] == [("140.10", "Ratify it", ["Chile"], ["health"]),
                                                                    ("140.2", "Adopt it", [], ["a", "b"])]
    assert where["140.2"].line == 2


def test_a_misspelt_key_of_a_yaml_register_is_still_reported_at_its_line(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("recommendations:\n  - id: '140.1'\n    text: Ratify\n    position: supported\n"
                    "    postion: noted\n", encoding="utf-8")
    _recs_, _where, diags = register.read(path, "r.yaml")
    (d,) = diags
    assert d.code == "field-unknown" and d.location.line == 5 and "postion" in d.message


def test_json_is_read_as_json_ids_keep_their_zeros_and_lines_are_known(tmp_path):
    path = tmp_path / "r.json"
    # an id written as a number, and characters YAML 1.1 refuses (U+0080, U+009F) but JSON allows
    path.write_text('[\n {"id": 140.10, "text": "Ratify \u0080 \u009f", "position": "supported"},\n'
                    ' {"id": "140.2", "text": "Adopt", "position": "maybe"}\n]\n', encoding="utf-8")
    recs, _where, diags = register.read(path, "r.json")
    assert [r.id for r in recs] == ["140.10"] and recs[0].text == "Ratify \u0080 \u009f"
    (d,) = diags
    assert d.code == "position-invalid" and d.location.path == "r.json"


def test_a_broken_json_register_is_located(tmp_path):
    path = tmp_path / "r.json"
    path.write_text('[\n {"id": "140.1", "text": "Ratify", "position": "supported"}\n {"id": "140.2"}\n]\n',
                    encoding="utf-8")
    recs, _where, diags = register.read(path, "r.json")
    (d,) = diags
    assert recs == [] and d.code == "json-syntax" and (d.location.line, d.location.col) == (3, 2)
    assert "missing comma" in d.message


def test_the_export_json_is_a_plain_list_of_objects(sample_copy):
    out = sample_copy / "r.json"
    api.export(sample_copy, "register", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, list) and data[0]["id"] == "140.1"
