"""Text pandoc cannot read, or reads only after minutes, is an error on that file alone; the
other contributions are read and checked. pandoc missing is ToolMissing with the remedy."""

from __future__ import annotations

import io
import os
import stat
import time
import zipfile

import pytest

from uprreport import api
from uprreport.errors import ToolMissing
from uprreport.readers import docx as docx_reader
from uprreport.readers import markdown, pandoc
from uprreport.readers.pandoc_ast import MAX_DEPTH


def _insert(project, relative, text):
    """``text`` put at the start of the body of the Markdown fragment ``relative``."""
    path = project / "contributions" / relative
    content = path.read_text(encoding="utf-8")
    end = content.index("---", 3) + 4
    path.write_text(content[:end] + "\n" + text + "\n\n" + content[end:], encoding="utf-8")
    return content[:end].count("\n") + 2   # the line the inserted text starts on


def _errors(v):
    return [(d.code, d.location.path, d.location.line) for d in v.report.errors]


def test_deeply_nested_text_is_an_error_on_its_file_and_the_others_are_read(sample_copy):
    _insert(sample_copy, "culture-media/media.md", ">" * 2000 + " deep")                  # quotes
    _insert(sample_copy, "gender-equality/women.md", "*_" * 600 + "x" + "_*" * 600)     # emphasis
    line = _insert(sample_copy, "education/children.md", "".join("  " * i + "- item\n" for i in range(2000)))
    v = api.validate(sample_copy)
    assert sorted(_errors(v)) == [
        ("fragment-nesting", "contributions/culture-media/media.md", None),
        ("fragment-nesting", "contributions/education/children.md", line + 129),   # indented past 256 columns
        ("fragment-nesting", "contributions/gender-equality/women.md", None)]
    assert all("deep" in d.message for d in v.report.errors)
    frags = {f.path: f for c in v.project.contributions for f in c.fragments}
    assert frags["contributions/culture-media/media.md"].blocks == []
    assert frags["contributions/education/education.md"].blocks     # the same body's other file
    assert frags["contributions/health/health.docx"].blocks


def test_nested_brackets_pandoc_takes_minutes_over_are_refused_at_their_line(sample_copy):
    line = _insert(sample_copy, "culture-media/media.md", "Plain [text] and\n" + "[" * 20 + "x" + "]" * 20)
    started = time.perf_counter()
    v = api.validate(sample_copy)
    assert time.perf_counter() - started < 30   # pandoc alone would take hours over 20 levels
    (d,) = v.report.errors
    assert (d.code, d.location.line) == ("fragment-nesting", line + 1) and "square brackets" in d.message


@pytest.mark.parametrize("body,bad", [
    ("A [note [with [three] levels]] and \\[\\[\\[\\[\\[\\[\\[\\[\\[\\[escaped", False),
    ("[" * 30 + " left open, which costs pandoc nothing", False),
    ("[" * 9 + "x" + "]" * 9, True),
    ("    code block indented a little", False),
    (" " * 300 + "text", True),
])
def test_check_body(body, bad):
    assert (markdown.check_body(body) is not None) is bad


def test_a_body_pandoc_fails_on_is_found_by_halving_and_the_others_keep_their_text(monkeypatch, tmp_path):
    calls = []
    real = pandoc.convert_text

    def convert(text, fmt, extra_args):
        calls.append(text)
        if "POISON" in text:
            raise pandoc.Failed("pandoc ran out of the memory it is given (1 GB)")
        return real(text, fmt, extra_args)

    monkeypatch.setattr(pandoc, "convert_text", convert)
    bodies = [f"Body number {n} of the halving test, {os.getpid()}." for n in range(32)]
    bodies[21] = "POISON " + bodies[21]
    out = markdown.to_blocks(bodies, [tmp_path] * len(bodies))
    failed = [n for n, (_blocks, mapper) in enumerate(out) if mapper.failure]
    assert failed == [21]
    code, message = out[21][1].failure
    assert code == "file-unreadable" and "memory" in message
    assert all(blocks for n, (blocks, _m) in enumerate(out) if n != 21)
    assert len(calls) <= 2 * 5 + 1    # log2(32) halvings, each of two runs


def _docx(body_xml: str | None = None, text: str = "A paragraph.") -> bytes:
    """A Word file of ``text``, or with ``body_xml`` as its body."""
    from docx import Document

    buf = io.BytesIO()
    doc = Document()
    doc.add_paragraph(text)
    doc.save(buf)
    if body_xml is None:
        return buf.getvalue()
    src, out = zipfile.ZipFile(io.BytesIO(buf.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                data = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.'
                        f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{body_xml}<w:sectPr/></w:body>'
                        "</w:document>").encode("utf-8")
            z.writestr(name, data)
    return out.getvalue()


def _nested_tables_docx(depth: int) -> bytes:
    cell = "<w:p><w:r><w:t>innermost</w:t></w:r></w:p>"
    for _ in range(depth):
        cell = f"<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl><w:p/>"
    return _docx(cell)


@pytest.mark.parametrize("depth", [MAX_DEPTH, 400])
def test_a_word_fragment_nested_too_deeply_is_an_error_on_that_file(tmp_path, depth):
    path = tmp_path / "deep.docx"
    path.write_bytes(_nested_tables_docx(depth))
    blocks, diags = docx_reader.read(path, "deep.docx", {}, "accept")
    assert blocks is None and [d.code for d in diags] == ["fragment-nesting"]
    assert "this Word file nests" in diags[0].message


def test_a_word_fragment_with_a_few_nested_tables_is_read(tmp_path):
    path = tmp_path / "ok.docx"
    path.write_bytes(_nested_tables_docx(3))
    blocks, diags = docx_reader.read(path, "ok.docx", {}, "accept")
    assert blocks and not diags


@pytest.fixture
def no_pandoc(monkeypatch):
    """pandoc's run forgotten, so that the next run looks for it again."""
    monkeypatch.setenv("UPRREPORT_CACHE", "off")
    markdown._cache.clear()
    import pypandoc

    monkeypatch.setattr(pypandoc, "__pandoc_path", None)   # pypandoc remembers the pandoc it found
    return monkeypatch


def test_pandoc_missing_is_tool_missing_saying_how_to_reinstall(no_pandoc, tmp_path):
    no_pandoc.setattr(pandoc, "_bundled", str(tmp_path / "pandoc"))
    no_pandoc.setenv("PYPANDOC_PANDOC", str(tmp_path / "pandoc"))
    with pytest.raises(ToolMissing) as exc:
        markdown.to_blocks(["A body no cache holds."], [tmp_path])
    assert exc.value.exit_code == 3 and "not installed" in str(exc.value)
    assert "pip install --force-reinstall pypandoc-binary" in exc.value.hint


@pytest.mark.skipif(os.name == "nt", reason="execute permission is POSIX")
def test_a_pandoc_that_is_not_executable_is_tool_missing(no_pandoc, tmp_path):
    binary = tmp_path / "pandoc"
    binary.write_bytes(b"\x7fELF not really")
    binary.chmod(stat.S_IRUSR | stat.S_IWUSR)
    no_pandoc.setattr(pandoc, "_bundled", str(binary))
    no_pandoc.setenv("PYPANDOC_PANDOC", str(binary))
    if os.access(binary, os.X_OK):
        pytest.skip("this user may execute any file")
    with pytest.raises(ToolMissing) as exc:
        markdown.to_blocks(["Another body no cache holds."], [tmp_path])
    assert "not executable" in str(exc.value) and "pypandoc-binary" in exc.value.hint


def test_a_pandoc_the_user_named_that_does_not_run_says_so(no_pandoc, tmp_path):
    named = tmp_path / "my-pandoc"
    named.write_text("#!/bin/sh\nexit 1\n" if os.name != "nt" else "", encoding="utf-8")
    named.chmod(0o755)
    no_pandoc.setenv("PYPANDOC_PANDOC", str(named))
    with pytest.raises(ToolMissing) as exc:
        markdown.to_blocks(["A third body no cache holds."], [tmp_path])
    assert f"PYPANDOC_PANDOC names {named}" in exc.value.hint


def test_a_word_fragment_without_pandoc_is_tool_missing_too(no_pandoc, tmp_path):
    no_pandoc.setattr(pandoc, "_bundled", str(tmp_path / "pandoc"))
    no_pandoc.setenv("PYPANDOC_PANDOC", str(tmp_path / "pandoc"))
    path = tmp_path / "f.docx"
    path.write_bytes(_docx(text="A paragraph no cache holds."))
    with pytest.raises(ToolMissing):
        docx_reader.read(path, "f.docx", {}, "accept")


def test_pandoc_reasons_in_a_few_words():
    assert pandoc._reason('Pandoc died with exitcode "251" during conversion: pandoc: Heap exhausted;\n'
                          "pandoc: Current maximum heap size is 1073741824 bytes (1024 MB).\n") == \
        "pandoc ran out of the memory it is given (1 GB)"
    assert pandoc._reason("pandoc: something else\n") == "pandoc stopped: something else"
