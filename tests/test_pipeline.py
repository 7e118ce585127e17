"""The pipeline: passes in order, checks that only report, profiles checked on load."""

from __future__ import annotations

import copy
import csv
import pickle
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from uprreport import pipeline
from uprreport.errors import UprError
from uprreport.model import profile as profile_model
from uprreport.readers import profile as profile_reader
from uprreport.transforms import annexes, assemble

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "samples").iterdir() if (p / "report.yaml").is_file())


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_checks_only_report(sample):
    project, report = pipeline.check(sample)   # read and prepared, checks run once
    before = copy.deepcopy(project)
    for check in pipeline.CHECKS:
        list(check(project))
    assert project == before


def _prepared_by_every_step(root: Path) -> None:
    """A copy of the sample in which each PREPARE step has something to change: a theme the
    register gives by its title, a status spelt otherwise, an id Excel holds as a number."""
    from openpyxl import Workbook

    reg = root / "recommendations.csv"
    rows = list(csv.DictReader(open(reg, encoding="utf-8")))
    for r in rows:
        if r["id"] == "140.4":
            r["themes"] = "Administration of justice and fair trial"
    with open(reg, "w", encoding="utf-8", newline="") as f:   # without 140.1 and 140.100, "140.1" is 140.10
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(r for r in rows if r["id"] not in ("140.1", "140.100"))
    folder = root / "contributions" / "justice"
    (folder / "implementation.csv").unlink()
    wb = Workbook()
    ws = wb.active
    ws.append(["Recommendation", "Status", "Actions"])
    ws.append(["140.4", "Partially  Implemented", "a"])
    ws.append([140.10, "fully implemented", "b"])      # typed as a number: stored as 140.1
    wb.save(folder / "implementation.xlsx")


@pytest.mark.parametrize("sample", SAMPLES + ["prepared-by-every-step"], ids=lambda p: getattr(p, "name", p))
def test_prepare_changes_nothing_it_is_given(sample, sample_copy):
    """Each PREPARE step gives a new project and leaves the one it is given as it was (the
    readers' output, then each step's), down to the last row and node."""
    from uprreport.diagnostics import Report
    from uprreport.readers import project as project_reader

    if sample == "prepared-by-every-step":
        _prepared_by_every_step(sample_copy)
        sample = sample_copy
    project = project_reader.read(sample, Report())
    for prepare in pipeline.PREPARE:
        before = pickle.dumps(project)
        prepared, found = prepare(project)
        assert list(found) == []   # they find nothing to report: the checks do
        assert pickle.dumps(project) == before, prepare.__module__
        project = prepared
    if sample == sample_copy:   # the steps did their work, on the copies
        rec = next(r for r in project.recommendations if r.id == "140.4")
        justice = next(c for c in project.contributions if c.slug == "justice")
        assert rec.themes == ["justice"]
        assert [(row.recommendation, row.status) for _l, row in justice.implementation] == \
            [("140.4", "partially implemented"), ("140.10", "fully implemented")]
        read = project_reader.read(sample, Report())
        assert next(r for r in read.recommendations if r.id == "140.4").themes == \
            ["Administration of justice and fair trial"]
        assert [(row.recommendation, row.status) for _l, row in next(
            c for c in read.contributions if c.slug == "justice").implementation] == \
            [("140.4", "Partially  Implemented"), ("140.1", "fully implemented")]
        report = Report()   # the checks see the prepared project (140.1 is gone: other references fail)
        pipeline.checked(read, report)
        assert not {d.code for d in report.items} & {"theme-unknown", "status-invalid", "id-as-number"}


def test_statuses_are_spelt_as_the_vocabulary_before_the_checks(sample_copy):
    impl = sample_copy / "contributions" / "justice" / "implementation.csv"
    text = impl.read_text(encoding="utf-8")
    assert "partially implemented" in text
    impl.write_text(text.replace("partially implemented", "Partially  Implemented", 1), encoding="utf-8")
    project, report = pipeline.check(sample_copy)
    statuses = {row.status for c in project.contributions for _l, row in c.implementation}
    assert "Partially  Implemented" not in statuses and not report.has_errors()


def test_the_status_check_leaves_statuses_as_written(sample_copy):
    from uprreport.diagnostics import Report
    from uprreport.readers import project as project_reader
    from uprreport.transforms import statuses

    impl = sample_copy / "contributions" / "justice" / "implementation.csv"
    impl.write_text(impl.read_text(encoding="utf-8").replace("partially implemented", "Partially Implemented", 1),
                    encoding="utf-8")
    project = project_reader.read(sample_copy, Report())
    before = copy.deepcopy(project)
    assert list(statuses.check(project)) == [] and project == before


def test_profiles_name_only_what_the_passes_can_build():
    assert set(annexes.BUILDERS) == set(get_args(profile_model.AnnexName))
    assert set(annexes.COLUMNS) == set(get_args(profile_model.MatrixColumn))
    assert set(assemble.GENERATED_BLOCKS) == set(get_args(profile_model.GeneratedBlock))


def test_a_profile_with_an_unknown_annex_is_a_diagnostic_naming_the_key(tmp_path, monkeypatch):
    from uprreport import resources

    src = (resources.profiles_dir() / "national.yaml").read_text(encoding="utf-8")
    (tmp_path / "national.yaml").write_text(src.replace("  - matrix", "  - matrixx"), encoding="utf-8")
    monkeypatch.setattr(resources, "profiles_dir", lambda: tmp_path)
    profile_reader.read.cache_clear()
    try:
        with pytest.raises(UprError) as exc:
            profile_reader.read("national")
    finally:
        profile_reader.read.cache_clear()
    (d,) = exc.value.diagnostics
    assert d.location.path == "profiles/national.yaml" and d.location.line and "annexes.0" in d.message
    assert "matrixx" in d.message


def test_validation_draws_no_chart_and_imports_no_matplotlib():
    code = ("import sys; from uprreport import pipeline; "
            f"v = pipeline.validate({str(ROOT / 'samples' / 'midterm-arcadia-nhri')!r}); "
            "assert v.compiled is not None; print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_check_alone_spells_no_cover_and_finds_what_a_full_run_finds():
    """`uprreport validate` leaves the cover fields out (CLDR dates, num2words ordinals):
    the diagnostics and the word count are those of a run that fills them."""
    root = ROOT / "samples" / "national-arcadia"
    full = pipeline.validate(root, draft=True)
    check = pipeline.validate(root, draft=True, furniture=False)
    assert full.compiled.doc.meta.fields["session_ordinal"] and check.compiled.doc.meta.fields == {}
    assert [(d.code, str(d.location), d.message) for d in check.report.sorted()] == \
        [(d.code, str(d.location), d.message) for d in full.report.sorted()]
    assert check.compiled.words.total == full.compiled.words.total
    assert check.compiled.paragraphs == full.compiled.paragraphs


def test_the_validate_command_imports_no_num2words_openpyxl_or_matplotlib():
    code = ("import sys\nfrom uprreport.cli import main\n"
            "try:\n"
            f"    main(['validate', {str(ROOT / 'samples' / 'national-arcadia')!r}])\n"
            "except SystemExit as exc:\n"
            "    assert exc.code == 0, exc.code\n"
            "print(sorted(m for m in ('num2words', 'openpyxl', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
