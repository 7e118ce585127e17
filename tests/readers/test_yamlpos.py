import pytest

from uprreport.readers import yamlpos


def test_lines_of_keys_and_items():
    pos = yamlpos.load("a: 1\nb:\n  - x\n  - y\nc:\n  d: 2\n")
    assert pos.line_of(("b", 1)) == 4
    assert pos.line_of(("c", "d")) == 6
    assert pos.line_of(("c", "missing")) == 5   # deepest known prefix


def test_floats_keep_their_text_so_ids_survive():
    pos = yamlpos.load("recommendations: [140.10, 140.1]\n")
    assert pos.data["recommendations"] == ["140.10", "140.1"]


def test_syntax_errors_carry_line_and_column():
    with pytest.raises(yamlpos.YamlSyntaxError) as exc:
        yamlpos.load("a: [1\nb: 2\n")
    assert exc.value.line == 2


def test_empty_document():
    assert yamlpos.load("").data is None


@pytest.mark.parametrize("text,value", [
    ("a: 2027-02-30", "2027-02-30"),          # looks like a date, is none
    ("a: 2027-13-45", "2027-13-45"),
    ("a: !!int abc", "abc"),
    ("a: !!bool maybe", "maybe"),
    ("a: !!binary '!!!'", "!!!"),
    ("a: !!map plain", "plain"),               # a collection's tag on a scalar: its text, not a generator
    ("a: !!set plain", "plain"),
    ("a: 1" + "0" * 5000, "1" + "0" * 5000),   # more digits than Python converts
])
def test_a_scalar_that_is_not_what_it_looks_like_keeps_its_text(text, value):
    assert yamlpos.load(text).data == {"a": value}


def test_real_dates_numbers_and_booleans_are_still_values():
    import datetime as dt

    assert yamlpos.load("a: 2027-02-28\nb: 12\nc: true\nd: ~\n").data == {
        "a": dt.date(2027, 2, 28), "b": 12, "c": True, "d": None}


@pytest.mark.parametrize("text", ["[" * 3000 + "]" * 3000, "- " * 3000 + "x", "a:\n" + "".join(
    " " * i + f"k{i}:\n" for i in range(1, 200))])
def test_nesting_deeper_than_any_file_needs_is_a_syntax_error_with_its_line(text):
    with pytest.raises(yamlpos.YamlSyntaxError) as exc:
        yamlpos.load(text)
    assert "levels deep" in str(exc.value) and exc.value.line is not None


def test_a_bad_date_in_report_yaml_is_a_located_diagnostic(sample_copy):
    from uprreport import api

    manifest = sample_copy / "report.yaml"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("date:"))
    lines[n] = "date: 2027-02-30"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    v = api.validate(sample_copy)
    (d,) = v.report.errors
    assert (d.code, d.location.path, d.location.line, d.location.field) == ("field-invalid", "report.yaml", n + 1, "date")
    assert "'2027-02-30' is not a date" in d.message and "YYYY-MM-DD" in d.message
    assert len(v.project.contributions) == 14   # the rest of the project is read and checked all the same
