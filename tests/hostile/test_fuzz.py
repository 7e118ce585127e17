"""Property-based fuzzing of every reader: whatever the bytes, a reader returns a result and
diagnostics, or raises its own documented error; never a traceback for the user, and never
a file refused without a diagnostic saying why.

UPRREPORT_FUZZ_EXAMPLES sets the number of examples per reader (docs/fuzzing.md records
a long run)."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixtures import plain_docx
from uprreport.model.contribution import Contributor
from uprreport.readers import docx as docx_reader
from uprreport.readers import markdown, ohchr_matrix, package, tables, uprinfo, yamlfile, yamlpos
from uprreport.rounds import ingest

pytestmark = pytest.mark.slow
EXAMPLES = int(os.environ.get("UPRREPORT_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


def _file(data: bytes, suffix: str) -> Path:
    f = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)
    f.write(data)
    f.close()
    return Path(f.name)


def _xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["id", "text", "position"])
    wb.active.append(["140.1", "Ratify", "supported"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


BASE_DOCX, BASE_XLSX = plain_docx("Paragraph one.\nTwo [^1]."), _xlsx()


@st.composite
def mutated(draw, base: bytes):
    """A real package with bytes flipped, cut, or a member's XML replaced by junk."""
    how = draw(st.sampled_from(["flip", "cut", "member"]))
    data = bytearray(base)
    if how == "flip":
        for _ in range(draw(st.integers(1, 20))):
            i = draw(st.integers(0, len(data) - 1))
            data[i] = draw(st.integers(0, 255))
        return bytes(data)
    if how == "cut":
        return bytes(data[: draw(st.integers(0, len(data)))])
    z = zipfile.ZipFile(io.BytesIO(base))
    name = draw(st.sampled_from(z.namelist()))
    junk = draw(st.binary(max_size=300)) if draw(st.booleans()) else draw(st.text(max_size=300)).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as w:
        for n in z.namelist():
            w.writestr(n, junk if n == name else z.read(n))
    return out.getvalue()


@FUZZ
@given(st.text(max_size=2000))
def test_yaml(text):
    try:
        yamlpos.load(text)
    except yamlpos.YamlSyntaxError:
        pass
    path = _file(text.encode("utf-8", "surrogatepass"), ".yaml")
    obj, _pos, diags = yamlfile.read_model(Contributor, path, "c.yaml")
    assert obj is not None or diags


@FUZZ
@given(st.binary(max_size=3000))
def test_csv(data):
    table, diags = tables.read_csv(_file(data, ".csv"), "t.csv")
    assert table is not None or diags
    rows, diags = uprinfo.read(_file(data, ".csv"), "u.csv", "X")
    if not rows and not diags:   # only a readable export that has no rows for State X
        assert table is not None and {"to", "text", "from", "response"} <= set(table.columns)


@FUZZ
@given(st.text(max_size=2000))
def test_front_matter(text):
    split, diags = markdown.split(text, "f.md")
    assert split.meta is not None or diags


@FUZZ
@given(mutated(BASE_XLSX))
def test_xlsx(data):
    table, diags = tables.read_table(_file(data, ".xlsx"), "t.xlsx")
    assert table is not None or diags


@FUZZ
@given(mutated(BASE_DOCX))
def test_docx_fragment_and_review_copy(data):
    path = _file(data, ".docx")
    blocks, diags = docx_reader.read(path, "f.docx", {}, "accept")
    assert blocks is not None or diags
    rows, diags = ohchr_matrix.read(path, "m.docx")
    assert rows or diags
    try:
        ingest._from_docx(path, {}, __import__("collections").Counter())
    except package.DAMAGED:
        pass   # ingest turns these into a "file-unreadable" diagnostic (tests/rounds)
