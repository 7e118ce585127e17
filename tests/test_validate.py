"""`validate` on the sample and on a copy of it with planted errors."""

from __future__ import annotations

from uprreport import api
from uprreport.diagnostics import Severity


def _codes(report):
    return {(d.code, str(d.location)) for d in report.items}


def test_the_sample_validates_without_errors(validated):
    from conftest import SAMPLE

    v = validated(SAMPLE)
    assert not v.report.has_errors(), [d.render() for d in v.report.errors]
    assert len(v.project.recommendations) >= 250
    assert len(v.project.contributions) >= 12


def _append(path, text):
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


def test_every_planted_error_is_reported_with_its_location(sample_copy):
    p = sample_copy
    reg = p / "recommendations.csv"
    _append(reg, "140.3,Duplicate row,France,supported,justice,,\n")            # duplicate id
    _append(reg, "140.999,A new one,France,rejected,justice,,\n")             # bad position
    _append(reg, "140.x,Bad id,France,supported,justice,,\n")                 # bad id
    rows = len(reg.read_text(encoding="utf-8").splitlines())                  # last row number
    impl = p / "contributions" / "justice" / "implementation.csv"
    _append(impl, "999.1,partially implemented,,,,,,\n")                     # unknown rec
    _append(impl, "140.5,done,,,,,,\n")                                        # bad status
    impl_rows = len(impl.read_text(encoding="utf-8").splitlines())
    (p / "contributions" / "health" / "stray.md").write_text(
        "---\nsection: B\nrecommendations: [\"140.1\", \"150.1\"]\n---\nText.\n", encoding="utf-8")  # not owned + unknown
    (p / "contributions" / "labour" / "contributor.yaml").write_text(
        "name: Ministry of Labour\nkind: ministry\nsections: [D.labour\n", encoding="utf-8")    # bad YAML
    (p / "contributions" / "education" / "themed.md").write_text(
        "---\nsection: D\ntheme: sport\n---\nText.\n", encoding="utf-8")     # unknown theme (and not owned)
    manifest = p / "report.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("iso3: ARC\n", ""), encoding="utf-8")
    broken_csv = p / "contributions" / "culture-media" / "implementation.csv"
    _append(broken_csv, '140.1,"unterminated\n')                              # malformed CSV

    v = api.validate(p)
    found = _codes(v.report)
    expected = {
        ("rec-duplicate", f"recommendations.csv:row {rows - 2}"),
        ("position-invalid", f"recommendations.csv:row {rows - 1}"),
        ("rec-id-invalid", f"recommendations.csv:row {rows}"),
        ("rec-unknown", f"contributions/justice/implementation.csv:row {impl_rows - 1}"),
        ("status-invalid", f"contributions/justice/implementation.csv:row {impl_rows}"),
        ("rec-unknown", "contributions/health/stray.md:2"),
        ("section-not-owned", "contributions/health/stray.md:2"),
        ("yaml-syntax", "contributions/labour/contributor.yaml:4:1"),
        ("theme-unknown", "contributions/education/themed.md:2"),
        ("field-missing", "report.yaml:3"),   # the mapping it is missing from
    }
    missing = expected - found
    assert not missing, f"not reported: {missing}\nreported: {sorted(found)}"
    assert any(code == "csv-syntax" and loc.startswith("contributions/culture-media/implementation.csv:")
               for code, loc in found)
    # messages say what to do, and list the allowed values where there are some
    by_code = {d.code: d.message for d in v.report.items}
    assert "supported, noted, partially supported" in by_code["position-invalid"]
    assert "fully implemented, partially implemented, not implemented" in by_code["status-invalid"]
    assert "'iso3' is required" in by_code["field-missing"]


def test_unaddressed_supported_recommendations_are_listed(sample_copy):
    impl = sample_copy / "contributions" / "justice" / "implementation.csv"
    lines = impl.read_text(encoding="utf-8").splitlines()
    dropped = lines[1].split(",")[0]
    impl.write_text("\n".join(lines[:1] + lines[2:]) + "\n", encoding="utf-8")
    v = api.validate(sample_copy)
    warn = [d for d in v.report.items if d.code == "rec-not-addressed"]
    assert len(warn) == 1 and warn[0].severity is Severity.WARNING
    if not any(dropped in f.meta.recommendations for c in v.project.contributions for f in c.fragments):
        assert dropped in warn[0].message


def test_unknown_manifest_keys_are_typos(sample_copy):
    m = sample_copy / "report.yaml"
    m.write_text(m.read_text(encoding="utf-8") + "simbol: x\n", encoding="utf-8")
    v = api.validate(sample_copy)
    d = next(d for d in v.report.items if d.code == "field-unknown")
    assert d.location.path == "report.yaml" and d.location.line == len(m.read_text().splitlines())
    assert "spelling" in d.message


def test_suppressed_codes_are_not_reported(sample_copy):
    m = sample_copy / "report.yaml"
    m.write_text(m.read_text(encoding="utf-8") + "suppress: [rec-not-addressed]\n", encoding="utf-8")
    assert not any(d.code == "rec-not-addressed" for d in api.validate(sample_copy).report.items)
