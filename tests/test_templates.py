"""The shipped templates carry the placeholders and styles the writer relies on."""

from __future__ import annotations

from docx import Document

from uprreport import resources
from uprreport.model.template import STYLES


def test_national_template_has_placeholders_and_styles():
    path = resources.templates_dir() / "national.docx"
    doc = Document(path)
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    for field in ("{{ body }}", "{{ title }}", "{{ state }}", "{{ session_line }}", "{{ council }}"):
        assert field in text
    assert "{{ symbol }}" in cells and "{{ date }}" in cells
    names = {s.name for s in doc.styles}
    assert set(STYLES) <= names


def test_a_project_template_overrides_the_shipped_one(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "national.docx").write_bytes(b"x")
    assert resources.template(tmp_path, "national.docx") == tmp_path / "templates" / "national.docx"
    assert resources.template(tmp_path / "none", "national.docx").parent == resources.templates_dir()


def _effective_font(style):
    """The typeface a paragraph style resolves to, following its basedOn chain."""
    from uprreport.ooxml.ns import qn

    while style is not None:
        fonts = style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is not None and fonts.get(qn("w:ascii")):
            return style.name, fonts.get(qn("w:ascii"))
        style = style.base_style
    return None, None


def test_every_style_takes_its_typeface_from_normal():
    from docx.enum.style import WD_STYLE_TYPE

    for name in ("national.docx", "submission.docx"):
        doc = Document(resources.templates_dir() / name)
        for style_name in STYLES:
            style = doc.styles[style_name]
            if style.type != WD_STYLE_TYPE.PARAGRAPH:
                continue
            owner, font = _effective_font(style)
            assert owner == "Normal" and font == "Times New Roman", f"{name}: {style_name} gets its font from {owner}"


def test_template_export_writes_a_template_a_build_uses(tmp_path):
    import shutil

    from conftest import SAMPLE
    from uprreport import api
    from uprreport.errors import UsageError

    project = tmp_path / "p"
    shutil.copytree(SAMPLE, project, ignore=shutil.ignore_patterns("build"))
    done = api.template_export(project)
    assert done.in_project and done.path == project / "templates" / "national.docx"
    doc = Document(done.path)   # a drafter changes the body font once
    doc.styles["Normal"].font.name = "Arial"
    doc.save(done.path)
    out = api.build(project, tmp_path / "out", pdf=False).outputs[0]
    assert Document(out).styles["Normal"].font.name == "Arial"
    import pytest

    with pytest.raises(UsageError, match="exists already"):
        api.template_export(project)
    elsewhere = api.template_export(tmp_path / "shared", kind="joint")
    assert elsewhere.path.name == "submission.docx" and not elsewhere.in_project


def test_report_yaml_may_name_the_template_and_its_problems_are_reported(sample_copy):
    from docx import Document as New

    from uprreport import api

    m = sample_copy / "report.yaml"
    m.write_text(m.read_text(encoding="utf-8") + "template: styles/ours.docx\n", encoding="utf-8")
    missing = next(d for d in api.validate(sample_copy).report.errors if d.code == "file-missing")
    assert missing.location.path == "report.yaml" and missing.location.line and "template export" in missing.message
    (sample_copy / "styles").mkdir()
    bare = New()
    bare.add_paragraph("{{ body }}")
    bare.save(sample_copy / "styles" / "ours.docx")
    v = api.validate(sample_copy)
    (d,) = [d for d in v.report.items if d.code == "template-style-missing"]
    assert d.location.path == "styles/ours.docx" and "'UN Paragraph'" in d.message and not v.report.has_errors()
    New().save(sample_copy / "styles" / "ours.docx")
    (d,) = [d for d in api.validate(sample_copy).report.errors if d.code == "template-invalid"]
    assert "{{ body }}" in d.message
