"""Compiling is pure: what the readers return is never changed, and compiling twice gives
the same document, the same diagnostics and the same Word file."""

from __future__ import annotations

import json
import pickle
import re
import shutil
import time
import types
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from uprreport import pipeline, resources, translating
from uprreport.diagnostics import Report
from uprreport.model import serialize
from uprreport.model.nodes import Document, Section
from uprreport.readers import project as project_reader
from uprreport.transforms.context import Options
from uprreport.writers import docx as docx_writer

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if (p / "report.yaml").is_file())


def _fragments(project) -> dict[str, str]:
    """Each fragment's nodes as model/serialize writes them (a readable first difference)."""
    return {f.path: json.dumps(serialize.dump(Document(body=[Section("", "", 1, blocks=f.blocks)])), sort_keys=True)
            for c in project.contributions for f in c.fragments}


def _snapshot(project) -> tuple[bytes, dict[str, str]]:
    """A deep snapshot: the whole Project pickled (manifest, profile, register, rows, nodes),
    and the fragments' nodes dumped one by one."""
    return pickle.dumps(project, protocol=pickle.HIGHEST_PROTOCOL), _fragments(project)


def _assert_unchanged(project, snapshot) -> None:
    pickled, fragments = snapshot
    assert _fragments(project) == fragments                      # the nodes the readers returned
    assert pickle.loads(pickled) == project                      # any field, by value
    assert pickle.dumps(project, protocol=pickle.HIGHEST_PROTOCOL) == pickled   # and by identity too


def _diagnostics(report: Report) -> list[tuple]:
    return [(d.code, d.severity, str(d.location), d.message) for d in report.items]


def _compile(read, language: str | None = None, furniture: bool = True):
    """The pipeline after reading: PREPARE and CHECKS, then the passes."""
    report = Report()
    checked = pipeline.checked(read, report)
    assert not report.has_errors(), report.sorted()
    compiled = pipeline.compile(checked, report, Options(draft=True, language=language, furniture=furniture))
    return compiled, report


def _read(root: Path):
    report = Report()
    return project_reader.read(root, report), report


def _other_language(project) -> str:
    return "es" if project.manifest.language != "es" else "fr"


@pytest.fixture(scope="module")
def translated(tmp_path_factory) -> Path:
    """The Arcadia sample with a French translation of every narrative paragraph (the
    samples hold none), some of it stale, so that the translate pass has work of each kind."""
    root = tmp_path_factory.mktemp("translated") / "arcadia"
    shutil.copytree(ROOT / "samples" / "national-arcadia", root, ignore=shutil.ignore_patterns("build"))
    exported = translating.export(root, "fr")
    with open(exported.path, "rb") as f:
        catalog = read_po(f)
    for n, m in enumerate(catalog):
        if m.id:
            m.string = "FR " + m.id.replace("<note>", "<note>FR ")
            m.flags.discard("fuzzy")
            if n % 7 == 0:
                m.id = m.id + " (an earlier wording)"   # stale: its source changed since
    with open(exported.path, "wb") as f:
        write_po(f, catalog)
    assert not translating.import_(root, exported.path).diagnostics
    return root


# (a) what the readers return is never changed

@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_compiling_changes_nothing_the_readers_returned(sample):
    read, _report = _read(sample)
    before = _snapshot(read)
    for language in (None, _other_language(read)):
        compiled, _ = _compile(read, language)
        assert compiled.doc.body
        _assert_unchanged(read, before)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_the_passes_change_nothing_of_the_checked_project(sample):
    read, _report = _read(sample)
    report = Report()
    checked = pipeline.checked(read, report)
    before = _snapshot(checked)
    pipeline.compile(checked, report, Options(language=_other_language(read)))
    _assert_unchanged(checked, before)


def test_a_translated_build_changes_nothing_the_readers_returned(translated):
    read, _report = _read(translated)
    before = _snapshot(read)
    compiled, report = _compile(read, "fr")
    codes = {d.code for d in report.items}
    assert "translation-stale" in codes and compiled.project.manifest.language == "fr"
    texts = [p.plain() for s in compiled.doc.body for sec in s.walk() for p in sec.blocks if hasattr(p, "inlines")]
    assert any(t.startswith("FR ") for t in texts)
    _assert_unchanged(read, before)
    assert read.manifest.language == "en" and read.translations == {}


# (b) compile twice, same result

@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_compiling_the_same_project_twice_gives_the_same_document(sample):
    read, _report = _read(sample)
    first, r1 = _compile(read)
    second, r2 = _compile(read)
    assert serialize.dump(first.doc) == serialize.dump(second.doc)
    assert _diagnostics(r1) == _diagnostics(r2)
    assert (first.words, first.paragraphs) == (second.words, second.paragraphs)


def test_a_translated_build_twice_gives_the_same_document(translated):
    read, _report = _read(translated)
    first, r1 = _compile(read, "fr")
    second, r2 = _compile(read, "fr")
    untranslated, _ = _compile(read)
    assert serialize.dump(first.doc) == serialize.dump(second.doc) != serialize.dump(untranslated.doc)
    assert _diagnostics(r1) == _diagnostics(r2)
    assert _compile(read)[0].doc == untranslated.doc   # the French build left the English one as it was


# (c) the Word file twice, same bytes

def _write_twice(root: Path, tmp_path: Path, language: str | None = None) -> tuple[Path, Path]:
    """Two compiles of one project as read, each written; the writer too leaves the readers'
    output as it was (the document shares their runs, notes and pictures)."""
    read, _report = _read(root)
    before = _snapshot(read)
    out = []
    for n in (1, 2):
        compiled, _ = _compile(read, language)
        template = resources.template(root, compiled.project.profile.template, compiled.project.manifest.template)
        path = tmp_path / f"{n}.docx"
        docx_writer.write(compiled.doc, template, path, Report())
        out.append(path)
    _assert_unchanged(read, before)
    return out[0], out[1]


def _zip_clock(monkeypatch, clock=lambda: 1_700_000_000.0) -> None:
    """zipfile's clock (fixed, by default): each part's date and time in the package is when
    it was written (zipfile uses time.time and time.localtime only)."""
    monkeypatch.setattr(zipfile, "time", types.SimpleNamespace(time=clock, localtime=time.localtime))


@pytest.mark.parametrize("name", ["national-arcadia", "midterm-arcadia-nhri", "midterm-qamar-ar"])
def test_two_compiles_write_the_same_bytes(name, tmp_path):
    a, b = _write_twice(ROOT / "samples" / name, tmp_path)
    assert a.read_bytes() == b.read_bytes()


def test_a_translated_build_writes_the_same_bytes_twice(translated, tmp_path):
    a, b = _write_twice(translated, tmp_path, "fr")
    assert a.read_bytes() == b.read_bytes()


def test_the_clock_does_not_change_the_bytes(tmp_path, monkeypatch):
    """python-docx dates each zip member when it saves the package (docx.opc.phys_pkg.
    _ZipPkgWriter.write: ZipFile.writestr with a name dates it now); ooxml/write.splice dates
    every member 1980-01-01 00:00 as Word does. With an hour passing at every part written,
    two builds are still the same bytes; docProps/core.xml keeps the template's own dates."""
    ticks = iter(range(1_700_000_000, 1_800_000_000, 3600))
    _zip_clock(monkeypatch, lambda: float(next(ticks)))
    a, b = _write_twice(ROOT / "samples" / "national-arcadia", tmp_path)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as za:
        assert {i.date_time for i in za.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = za.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:modified[^>]*>([^<]+)<", core) == ["2013-12-23T23:15:00Z"]


# (d) `uprreport validate` twice in one process

@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_validating_twice_in_one_process_gives_the_same_diagnostics(sample):
    first = pipeline.validate(sample, furniture=False)
    second = pipeline.validate(sample, furniture=False)
    assert _diagnostics(first.report) == _diagnostics(second.report)
    assert serialize.dump(first.compiled.doc) == serialize.dump(second.compiled.doc)
    assert first.project == second.project
