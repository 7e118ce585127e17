"""What the fuzzing of the readers found, each kept as a plain test (docs/fuzzing.md)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import seeds
from uprreport import api, importing
from uprreport.diagnostics import Report
from uprreport.errors import UprError
from uprreport.readers import project as project_reader
from uprreport.readers import register, wgreport, yamlpos


@pytest.mark.parametrize("key", ["kind", "register", "members", "template"])
def test_a_file_name_longer_than_the_system_allows_is_a_diagnostic(tmp_path, key):
    root = seeds.project(tmp_path / "p")
    text = (root / "report.yaml").read_text(encoding="utf-8")
    value = "a" * 300 + (".csv" if key in ("register", "members") else "")
    if re.search(rf"(?m)^{key}:", text):
        text = re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", text)
    else:
        text += f"{key}: {value}\n"
    (root / "report.yaml").write_text(text, encoding="utf-8")
    report = Report()
    project_reader.read(root, report)       # was OSError: File name too long
    (d,) = [d for d in report.items if d.location.path == "report.yaml" or d.location.path.startswith("a" * 20)]
    assert d.code in ("file-missing", "field-invalid")


@pytest.mark.parametrize("data", [b"1", b'"text"', b'{"other": 1}'])
def test_importing_into_a_register_that_is_no_list_refuses_instead_of_writing_over_it(tmp_path, data):
    path = tmp_path / "r.json"
    path.write_bytes(data)
    with pytest.raises(UprError) as exc:   # was TypeError: 'int' object is not iterable
        importing.read_raw(path, "r.json")
    assert "not a list of recommendations" in str(exc.value)
    assert path.read_bytes() == data


@pytest.mark.parametrize("edit", [(b"xref\n0 6", b"xref\n0 60000000000"),                   # LimitReachedError
                                  (b"/Type /Pages /Kids [3 0 R]", b"/Type /Pages /Kids [2 0 R]")])  # pages in a loop
def test_a_damaged_pdf_is_read_as_far_as_it_can_be_or_refused_with_its_name(tmp_path, edit):
    """pypdf refused these with its own kinds of error (LimitReachedError, a loop); pdfminer,
    which reads the reports now, repairs a wrong cross-reference count and a page tree that
    loops, as PDF readers do. Either way: no traceback, the text or a located refusal."""
    (tmp_path / "r.pdf").write_bytes(seeds.pdf(seeds.WG_REPORT).replace(*edit))
    text, diags = wgreport.text_of(tmp_path / "r.pdf", "r.pdf")
    if text is None:
        (d,) = diags
        assert d.code == "file-unreadable" and d.location.path == "r.pdf" and "cannot be read" in d.message
    else:
        assert not diags and "140.1" in text


def test_a_timestamp_tag_on_text_that_is_no_date_keeps_the_text():
    assert yamlpos.load("a: !!timestamp 2024-13-45, x").data == {"a": "2024-13-45, x"}   # was AttributeError


def test_a_register_value_of_more_digits_than_python_converts_is_an_invalid_field(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("- id: '140.1'\n  text: x\n  position: supported\n  action_category: 1" + "0" * 5000 + "\n",
                    encoding="utf-8")
    recs, _where, diags = register.read(path, "r.yaml")
    assert recs == [] and [d.code for d in diags] == ["field-invalid"] and diags[0].location.line == 4


@pytest.mark.parametrize("number", ["1" * 5000, "\u00b2"], ids=["5000-digits", "superscript-two"])
def test_a_comment_form_with_a_paragraph_number_python_cannot_convert(tmp_path, number):
    root = seeds.project(tmp_path / "p")
    api.round_open(root, today=dt.date(2024, 3, 3))
    form = tmp_path / "form.csv"
    form.write_text(seeds.COMMENT_FORM_CSV.replace(",1,", f",{number},"), encoding="utf-8")
    got = api.round_ingest(root, [form])   # was ValueError in rounds/ingest.py (int() after isdigit())
    assert got.files == 1 and got.comments == 1


def test_a_package_whose_part_name_is_marked_utf8_but_is_not_is_damaged(tmp_path):
    import zipfile

    from uprreport.readers import package

    data = bytearray(seeds.docx(["x"]))
    entry = data.index(b"PK\x01\x02")              # the first part in the central directory
    data[entry + 9] |= 0x08                          # its flags: "the name is UTF-8" (bit 11)
    data[entry + 46] = 0x80                          # and its name's first byte is not
    path = tmp_path / "f.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(UnicodeDecodeError):
        zipfile.ZipFile(path)
    assert "damaged" in package.check(path).problem   # was UnicodeDecodeError


def _returned(src, part: str, edit) -> bytes:
    import io
    import zipfile

    z, out = zipfile.ZipFile(src), io.BytesIO()
    with zipfile.ZipFile(out, "w") as w:
        for name in z.namelist():
            w.writestr(name, edit(z.read(name)) if name == part else z.read(name))
    return out.getvalue()


@pytest.mark.parametrize("kind,part,edit", [
    ("workbook", "xl/worksheets/sheet1.xml", lambda b: b"<bad"),                                    # was ParseError
    ("narrative", "word/_rels/document.xml.rels", lambda b: re.sub(rb'Target="[^"]*"', b"", b)),   # was TypeError
    ("narrative", "_rels/.rels", lambda b: b"<Relationships/>"),                                   # was AttributeError
], ids=["worksheet-not-xml", "relationship-without-target", "relationships-of-another-form"])
def test_a_returned_pack_with_a_damaged_part_is_refused(tmp_path, kind, part, edit):
    from uprreport.collection import collect

    root = seeds.project(tmp_path / "p")
    pack = api.request(root, today=dt.date(2024, 6, 1)).packs[0]
    src = pack.workbook if kind == "workbook" else pack.narrative
    back = tmp_path / f"back{src.suffix}"
    back.write_bytes(_returned(src, part, edit))
    done = collect.collect(root, [back])   # collect.py's catch, after the fuzzing found these
    assert [d.code for d in done.diagnostics] == ["file-refused"] and not done.returns


@pytest.mark.parametrize("action", ["1" * 5000, "\u00b2", "4"])
def test_an_action_category_python_cannot_convert_is_no_category(tmp_path, action):
    from uprreport.readers import uprinfo

    path = tmp_path / "export.csv"
    path.write_text(seeds.UPRINFO_CSV.replace(",4,", f",{action},"), encoding="utf-8")
    rows, diags = uprinfo.read(path, "export.csv", "Arcadia")   # was ValueError: int() of 5,000 digits
    assert [r.action_category for r in rows] == [4 if action == "4" else None, 5] and not diags


@pytest.mark.parametrize("width,emu", [("1.2.3in", None), ("99999999in", None), ("5cm", 1800000), (".5in", 457200)])
def test_a_picture_size_that_is_no_length_is_the_pictures_own(tmp_path, width, emu):
    from uprreport.readers import markdown

    (tmp_path / "p.png").write_bytes(seeds.PNG)
    ((blocks, mapper),) = markdown.to_blocks([f"![a chart](p.png){{width={width}}}"], [tmp_path])
    (image,) = blocks[0].inlines                        # was ValueError: could not convert '1.2.3' to float
    assert image.width_emu == emu and not mapper.missing_images


@pytest.mark.parametrize("terms,positions", [
    ({"columns": {"position": 5}}, ["supported", "noted"]),                    # was TypeError
    ({"columns": {"position": [5, None]}}, ["supported", "noted"]),            # was AttributeError
    ({"columns": {"position": "Stellungnahme"}}, ["supported", "noted"]),      # one heading, not its letters
    ({"positions": {"Supported": "yes"}}, ["Supported", "noted"]),            # was ValueError; now reported
    ({"positions": {"Supported": "noted"}}, ["noted", "noted"]),
    (["not", "a", "mapping"], ["supported", "noted"]),
])
def test_import_terms_of_any_shape(tmp_path, terms, positions):
    from uprreport.readers import ohchr_matrix

    (tmp_path / "list.docx").write_bytes(seeds.ohchr_list_docx())
    rows, diags = ohchr_matrix.read(tmp_path / "list.docx", "list.docx", terms)
    assert [r.position for r in rows] == positions
    assert [d.code for d in diags] == (["import-layout"] if positions[0] == "Supported" else [])


@pytest.mark.parametrize("name", ["recommendations.\tcsv", "register.ods", "register"])
def test_importing_into_a_register_uprreport_cannot_write_refuses_before_reading(tmp_path, name):
    root = seeds.project(tmp_path / "p")
    text = (root / "report.yaml").read_text(encoding="utf-8").replace("register: recommendations.csv",
                                                                     f'register: "{name}"')
    (root / "report.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "list.docx").write_bytes(seeds.ohchr_list_docx())
    with pytest.raises(UprError) as exc:             # was ValueError from writers/table.py
        api.import_ohchr(tmp_path / "list.docx", root)
    assert ".csv, .xlsx, .yaml or .json" in exc.value.hint


def test_a_returned_copy_whose_document_has_no_body_is_unreadable(tmp_path):
    from uprreport.readers import package, review_docx

    data = seeds.review_copy_docx()
    import io
    import zipfile

    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in src.namelist():
            z.writestr(name, src.read(name) if name != "word/document.xml" else
                       f"<w:document {seeds.W}><w:bodyx/></w:document>".encode())
    (tmp_path / "r.docx").write_bytes(out.getvalue())
    with pytest.raises(package.DAMAGED):           # was AttributeError: 'NoneType' object has no attribute 'iter'
        review_docx.read(tmp_path / "r.docx")


def test_a_template_whose_styles_part_is_of_another_form_is_invalid(tmp_path):
    import io
    import zipfile

    from fixtures import plain_docx
    from uprreport.readers import template

    src, out = zipfile.ZipFile(io.BytesIO(plain_docx("{{ body }}"))), io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in src.namelist():
            z.writestr(name, src.read(name) if name != "word/styles.xml" else
                       f"<w:document {seeds.W}/>".encode())
    (tmp_path / "t.docx").write_bytes(out.getvalue())
    (d,) = template.check(tmp_path / "t.docx", "templates/t.docx")   # was AttributeError: no 'style_lst'
    assert d.code == "template-invalid" and "cannot be opened" in d.message
