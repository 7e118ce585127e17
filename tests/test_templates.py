"""The shipped templates carry the placeholders and styles the writer relies on."""

from __future__ import annotations

from docx import Document

from uprreport import resources
from uprreport.writers.docx import STYLE_NAMES


def test_national_template_has_placeholders_and_styles():
    path = resources.templates_dir() / "national.docx"
    doc = Document(path)
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    for field in ("{{ body }}", "{{ title }}", "{{ state }}", "{{ session_ordinal }}"):
        assert field in text
    assert "{{ symbol }}" in cells and "{{ date }}" in cells
    names = {s.name for s in doc.styles}
    assert set(STYLE_NAMES) <= names


def test_a_project_template_overrides_the_shipped_one(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "national.docx").write_bytes(b"x")
    assert resources.template(tmp_path, "national.docx") == tmp_path / "templates" / "national.docx"
    assert resources.template(tmp_path / "none", "national.docx").parent == resources.templates_dir()
