"""The command line: exit codes, output formats, messages."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import SAMPLE
from uprreport.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_validate_sample_exits_0_and_summarises():
    r = run("validate", SAMPLE)
    assert r.exit_code == 0, r.output
    assert "recommendations" in r.output and "0 errors" in r.output


def test_validate_errors_exit_1_with_locations(sample_copy):
    (sample_copy / "recommendations.csv").open("a").write("140.1,Again,France,supported,,,\n")
    r = run("validate", sample_copy)
    assert r.exit_code == 1
    assert "recommendations.csv:row " in r.output and "[rec-duplicate]" in r.output


def test_validate_json(sample_copy):
    (sample_copy / "recommendations.csv").open("a").write("140.1,Again,France,maybe,,,\n")
    r = run("validate", sample_copy, "--format", "json")
    data = json.loads(r.stdout)
    assert r.exit_code == 1 and data["errors"] >= 1
    d = next(d for d in data["diagnostics"] if d["code"] == "position-invalid")
    assert d["location"]["path"] == "recommendations.csv" and d["location"]["row"] > 250


def test_not_a_project_is_a_usage_error(tmp_path):
    r = run("validate", tmp_path)
    assert r.exit_code == 2
    assert "uprreport init" in r.output


def test_init_then_validate_then_build(tmp_path):
    target = tmp_path / "my-report"
    r = run("init", target, "--kind", "national")
    assert r.exit_code == 0 and (target / "report.yaml").is_file()
    assert run("validate", target).exit_code == 0
    r = run("build", target, "--no-pdf")
    assert r.exit_code == 0, r.output
    assert (target / "build" / "my-report.docx").is_file()
    assert "words of 10,700 allowed" in r.output
    again = run("init", target)
    assert again.exit_code == 2 and "nothing was overwritten" in again.output


def test_init_unknown_kind(tmp_path):
    r = run("init", tmp_path / "x", "--kind", "novel")
    assert r.exit_code == 2 and "known kinds:" in r.output and "national" in r.output


def test_build_errors_exit_1_and_build_nothing(sample_copy):
    (sample_copy / "report.yaml").write_text("kind: national\n", encoding="utf-8")
    r = run("build", sample_copy, "--no-pdf")
    assert r.exit_code == 1
    assert "nothing was built" in r.output
    assert not (sample_copy / "build").exists()


def test_codes_lists_the_catalogue():
    r = run("codes")
    assert "rec-unknown" in r.output and "section-not-owned" in r.output
