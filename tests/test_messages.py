"""Messages a newcomer can act on: the likely intended word, the cause before its effects."""

from __future__ import annotations

import re

from uprreport import api


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _codes(project):
    return api.validate(project).report.sorted()


def test_did_you_mean_for_statuses_themes_sections_and_keys(sample_copy):
    c = sample_copy / "contributions"
    _edit(c / "justice" / "implementation.csv", "partially implemented", "partialy implemented")
    _edit(c / "health" / "contributor.yaml", "D.health", "D.healht")
    _edit(c / "justice" / "justice.md", "theme: justice", "theme: justise")
    _edit(sample_copy / "report.yaml", "wg_session:", "wg_sesion:")
    diags = _codes(sample_copy)
    text = "\n".join(d.render() for d in diags)
    assert "'partialy implemented' is not allowed; did you mean 'partially implemented'?" in text
    assert "'D.healht' in sections: 'healht' is not a theme of the report; did you mean 'health'?" in text
    assert "theme 'justise' is not a theme of the report; did you mean 'justice'?" in text
    assert "'wg_sesion' is not a known field; did you mean 'wg_session'?" in text


def test_a_nested_key_is_suggested_too(sample_copy):
    m = sample_copy / "report.yaml"
    m.write_text(m.read_text(encoding="utf-8") + "limits:\n  wordz: 9000\n", encoding="utf-8")
    (d,) = [d for d in _codes(sample_copy) if d.code == "field-unknown"]
    assert "'limits.wordz'" in d.message and "did you mean 'words'?" in d.message and d.location.line


def test_a_tab_in_yaml_indentation_says_tab(sample_copy):
    y = sample_copy / "contributions" / "health" / "contributor.yaml"
    y.write_text(y.read_text(encoding="utf-8") + "contact:\n\tname: A. Person\n", encoding="utf-8")
    (d,) = [d for d in _codes(sample_copy) if d.code == "yaml-syntax"]
    assert "indented with a tab" in d.message and d.location.line


def test_files_named_but_absent_are_errors(sample_copy):
    folder = sample_copy / "contributions" / "justice"
    (folder / "annex-text.yaml").write_text("section: D\ntheme: justice\n", encoding="utf-8")
    y = folder / "contributor.yaml"
    y.write_text(y.read_text(encoding="utf-8") + "fragments:\n  prison-data.docx: {section: D, theme: justice}\n",
                 encoding="utf-8")
    missing = [d for d in api.validate(sample_copy).report.errors if d.code == "file-missing"]
    assert {d.location.path for d in missing} == {"contributions/justice/annex-text.yaml",
                                                  "contributions/justice/contributor.yaml"}
    fragments = next(d for d in missing if d.location.path.endswith("contributor.yaml"))
    assert "prison-data.docx" in fragments.message and fragments.location.line


def test_a_missing_register_comes_first_and_its_consequences_in_one_line(sample_copy):
    (sample_copy / "recommendations.csv").unlink()
    diags = _codes(sample_copy)
    assert diags[0].code == "file-missing" and diags[0].location.path == "recommendations.csv"
    unknown = [d for d in diags if d.code == "rec-unknown"]
    assert len(unknown) == 1 and re.search(r"^\d+ references to recommendations", unknown[0].message)
