"""A Word fragment's own body style, mapped to the report's plain text (``styles:`` in
report.yaml: 'MoH Body Text: Body Text'), is numbered as the report's paragraphs are: in the
UN Paragraph style, the number hanging in the margin, not inline in Body Text."""

from __future__ import annotations

from docx import Document

from uprreport import api


def test_numbered_paragraphs_of_a_mapped_body_style_hang_as_the_others(sample_copy, tmp_path):
    built = api.build(sample_copy, tmp_path, pdf=False)
    docx = next(o for o in built.outputs if o.suffix == ".docx")
    paras = Document(docx).paragraphs
    health = next(p for p in paras if "The Health Care Act (2022)" in p.text)   # from health.docx, MoH Body Text
    justice = next(p for p in paras if p.text[:3].rstrip(".").isdigit() and p.style.name == "UN Paragraph")
    assert health.text.split("\t")[0].rstrip(".").isdigit()
    assert health.style.name == justice.style.name == "UN Paragraph"
