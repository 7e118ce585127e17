"""Hostile and broken inputs: clear diagnostics, nothing lost, nothing let in."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest

from fixtures import (OLE_ENCRYPTED, external_image_docx, laughs_docx, macro_docx, ole_docx, plain_docx,
                      traversal_docx, xxe_docx, zip_bomb_docx)
from uprreport import api
from uprreport.readers import package, tables, yamlpos


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "p"
    api.init(root, "national")
    return root


def _fragment(project: Path, name: str, data: bytes) -> Path:
    folder = project / "contributions" / "justice"
    (folder / name).write_bytes(data)
    (folder / (Path(name).stem + ".yaml")).write_text("section: D\ntheme: justice\n")
    return folder / name


def _codes(project):
    v = api.validate(project)
    return {(d.code, d.location.path.rsplit("/", 1)[-1]): d for d in v.report.items}


def test_external_entities_are_never_resolved(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    _fragment(project, "xxe.docx", xxe_docx(secret))
    v = api.validate(project)
    # Word never writes a DOCTYPE: the file is refused, named, and the secret is nowhere
    d = _codes(project)[("file-unreadable", "xxe.docx")]
    assert "TOP-SECRET" not in d.message and v.compiled is None
    assert not any("TOP-SECRET-VALUE" in p.plain() for c in v.project.contributions for f in c.fragments
                   for p in f.blocks if hasattr(p, "plain"))


def test_billion_laughs_do_not_explode(project):
    _fragment(project, "laughs.docx", laughs_docx())
    started = time.perf_counter()
    codes = _codes(project)
    assert time.perf_counter() - started < 30
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 2_000_000   # KiB: under 2 GB
    assert ("file-unreadable", "laughs.docx") in codes   # refused, not expanded


def test_yaml_alias_bomb_is_refused(project):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))
    (project / "contributions" / "justice" / "contributor.yaml").write_text(bomb + "name: x\nkind: ministry\n")
    started = time.perf_counter()
    d = _codes(project)[("yaml-syntax", "contributor.yaml")]
    assert "too many values" in d.message and time.perf_counter() - started < 10
    with pytest.raises(yamlpos.YamlSyntaxError):
        yamlpos.load(bomb)


@pytest.mark.parametrize("maker,words", [
    (zip_bomb_docx, "zip bomb"), (macro_docx, "macros"),
    (lambda: OLE_ENCRYPTED, "password-protected"), (lambda: b"%PDF-1.7 not a word file", "not a Word .docx file"),
])
def test_dangerous_word_files_are_refused_with_a_reason(project, maker, words):
    _fragment(project, "bad.docx", maker())
    d = _codes(project)[("file-refused", "bad.docx")]
    assert words in d.message


def test_oversized_files_are_refused_before_parsing(project):
    path = _fragment(project, "huge.docx", b"PK")
    with open(path, "r+b") as f:
        f.truncate(package.MAX_FILE + 1)   # sparse: costs no disk
    d = _codes(project)[("file-refused", "huge.docx")]
    assert "MB" in d.message


def test_traversal_names_ole_objects_and_outside_links_are_ignored_with_a_warning(project, tmp_path):
    for name, maker in (("trav.docx", traversal_docx), ("ole.docx", ole_docx), ("link.docx", external_image_docx)):
        _fragment(project, name, maker())
    codes = _codes(project)
    assert "outside the package" in codes[("package-warning", "trav.docx")].message
    assert "embedded object" in codes[("package-warning", "ole.docx")].message
    assert "not followed" in codes[("package-warning", "link.docx")].message
    api.build(project, tmp_path / "out", pdf=False)
    assert not list(tmp_path.rglob("escaped.txt")) and not Path("/abs.txt").exists()


def test_markdown_cannot_embed_files_from_elsewhere(project, tmp_path):
    png = tmp_path / "outside.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    frag = project / "contributions" / "justice" / "justice.md"
    frag.write_text(frag.read_text() + f"\n![x]({png})\n\n![y](../../../outside.png)\n")
    v = api.validate(project)
    assert sum(d.code == "image-missing" for d in v.report.items) == 2


@pytest.mark.parametrize("data,text", [
    ("id,text\n1.1,Côte d'Ivoire\n".encode("utf-8"), "Côte d'Ivoire"),
    ("\ufeffid,text\n1.1,Côte d'Ivoire\n".encode("utf-8"), "Côte d'Ivoire"),
    ("id,text\n1.1,Côte d’Ivoire\n".encode("cp1252"), "Côte d’Ivoire"),
    ("id,text\n1.1,Côte\x81d'Ivoire\n".encode("latin-1"), "Côte\x81d'Ivoire"),
    (b"id,text\r1.1,a\r\n1.2,b\n1.3,c\r", "c"),
])
def test_csv_encodings_and_line_endings(tmp_path, data, text):
    f = tmp_path / "t.csv"
    f.write_bytes(data)
    read, _diags = tables.read_csv(f, "t.csv")
    assert text in [row["text"] for _n, row in read.rows]


def test_excel_with_external_entities_or_bombs_is_refused_not_parsed(tmp_path):
    from fixtures import rewrite

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["id", "text"])
    path = tmp_path / "r.xlsx"
    wb.save(path)
    bomb = rewrite(path.read_bytes(), add={"xl/media/bomb.bin": b"\0" * (24 * 1024 * 1024)})
    path.write_bytes(bomb)
    data, diags = tables.read_table(path, "r.xlsx")
    assert data is None and diags[0].code == "file-refused"


def test_plain_word_file_passes_the_gate():
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".docx") as f:
        f.write(plain_docx())
        f.flush()
        assert package.check(Path(f.name)).problem is None


def test_excel_with_external_entities_is_not_read(tmp_path):
    import zipfile

    from fixtures import rewrite
    from openpyxl import Workbook

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    wb = Workbook()
    wb.active.append(["id", "text"])
    wb.active.append(["1.1", "x"])
    path = tmp_path / "r.xlsx"
    wb.save(path)
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode("utf-8")
    evil = sheet.replace("<worksheet", f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://{secret}">]><worksheet', 1)
    evil = evil.replace("<t>x</t>", "<t>&xxe;</t>", 1)
    assert "&xxe;" in evil   # the entity is used in a cell
    path.write_bytes(rewrite(path.read_bytes(), {"xl/worksheets/sheet1.xml": evil.encode("utf-8")}))
    data, diags = tables.read_table(path, "r.xlsx")
    assert data is None and diags[0].code == "xlsx-unreadable" and "TOP-SECRET" not in diags[0].message
