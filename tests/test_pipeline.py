"""The pipeline: passes in order, checks that only report, profiles checked on load."""

from __future__ import annotations

import copy
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
