"""Word 97 (.doc), RTF and OpenDocument files, as offices still send them, read through LibreOffice."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from docx import Document

from uprreport import api
from uprreport.libreoffice import soffice

LEGACY = {".doc": "doc:MS Word 97", ".rtf": "rtf:Rich Text Format", ".odt": "odt:writer8"}


def _convert(src: Path, target: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                        "--convert-to", target, "--outdir", str(src.parent), str(src)],
                       check=True, capture_output=True, timeout=120, env={**os.environ, "HOME": profile})


def _save_as(docx: Path, suffix: str) -> Path:
    """``docx`` saved as a real .doc, .rtf or .odt file by LibreOffice's own filters (by way
    of OpenDocument, which keeps python-docx's tables as tables in the Word 97 format)."""
    if suffix != ".odt":
        _convert(docx, "odt:writer8")
        docx.unlink()
        docx = docx.with_suffix(".odt")
    _convert(docx, LEGACY[suffix])
    out = docx.with_suffix(suffix)
    assert out.is_file()
    if docx != out:
        docx.unlink()
    return out


@pytest.mark.libreoffice
@pytest.mark.parametrize("suffix", sorted(LEGACY))
def test_a_fragment_in_an_older_format_is_read(sample_copy, tmp_path, suffix):
    folder = sample_copy / "contributions" / "justice"
    d = Document()
    d.add_paragraph("The prison census of 2024 counted 1,204 detainees in 9 facilities.")
    d.save(folder / "census.docx")
    _save_as(folder / "census.docx", suffix)
    (folder / "census.yaml").write_text("section: D\ntheme: justice\n", encoding="utf-8")
    v = api.validate(sample_copy)
    assert not v.report.has_errors(), [x.render() for x in v.report.errors]
    texts = [p.plain() for c in v.project.contributions for f in c.fragments for p in f.blocks if hasattr(p, "plain")]
    assert "The prison census of 2024 counted 1,204 detainees in 9 facilities." in texts
    (note,) = [x for x in v.report.items if x.code == "fragment-adapted"]
    assert note.location.path == f"contributions/justice/census{suffix}"


@pytest.mark.libreoffice
def test_an_ohchr_list_as_a_word_97_copy_imports_the_same(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_ohchr_variants import build

    layout = {"language": "en4", "order": ["rec", "position", "states", "themes"], "states_column": False,
              "parentheses": True, "trailing_dot": True, "theme_rows": "theme",
              "positions": ["supported", "noted", "partially supported", "supported", "noted"], "split_tables": False}
    build(layout, tmp_path / "list.docx")
    doc = _save_as(tmp_path / "list.docx", ".doc")
    root = tmp_path / "p"
    api.init(root, "national")
    (root / "recommendations.csv").unlink()
    result = api.import_ohchr(doc, root)
    assert len(result.added) == 5 and any(d.code == "fragment-adapted" for d in result.diagnostics)


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_older_workbooks_read_as_tables(tmp_path, suffix):
    """A UPR Info export as an Excel 97 .xls (written by xlwt, the Excel 97 format library) and
    as an OpenDocument sheet (written by pandas through odfpy)."""
    import pandas as pd

    from uprreport.readers.tables import read_table

    header = ["To", "Text", "From", "Response", "Action", "Issue", "Session"]
    row = ["Slovenia", "Ratify the Convention", "Chile", "Accepted", 5, "Migrants, Labour", 34]
    path = tmp_path / f"export{suffix}"
    if suffix == ".xls":
        xlwt = pytest.importorskip("xlwt")
        book = xlwt.Workbook()
        sheet = book.add_sheet("Export")
        for r, values in enumerate([header, row]):
            for c, v in enumerate(values):
                sheet.write(r, c, v)
        book.save(str(path))
    else:
        pytest.importorskip("odf")
        pd.DataFrame([row], columns=header).to_excel(path, index=False, engine="odf")
    data, diags = read_table(path, path.name)
    assert not diags and data.columns[:4] == ["to", "text", "from", "response"]
    (n, cells), = data.rows
    assert n == 2 and cells["action"] == "5" and cells["session"] == "34" and cells["issue"] == "Migrants, Labour"
    assert (2, "action") in data.numeric
