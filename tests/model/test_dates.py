import datetime as dt

import pytest

from uprreport.model import dates


@pytest.mark.parametrize("text", ["2027-06-30", "30.06.2027", "30/06/2027", "30-06-2027", " 30.6.2027 "])
def test_dates_as_offices_write_them(text):
    assert dates.parse(text) == dt.date(2027, 6, 30)


def test_a_date_that_reads_two_ways_says_so_and_the_expected_form():
    with pytest.raises(ValueError) as exc:
        dates.parse("06/07/2027")
    assert "6 July or 7 June 2027" in str(exc.value) and "YYYY-MM-DD" in str(exc.value)
    assert dates.parse("07.07.2027") == dt.date(2027, 7, 7)


def test_not_a_date():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        dates.parse("31.02.2027")
    with pytest.raises(ValueError, match="is not a date"):
        dates.parse("next June")


def test_the_manifest_reads_office_dates_and_says_which_field(sample_copy):
    from uprreport import api

    m = sample_copy / "report.yaml"
    text = m.read_text(encoding="utf-8")
    import re

    text = re.sub(r"(?m)^date: .*$", "date: 28.10.2024", text)
    m.write_text(text, encoding="utf-8")
    v = api.validate(sample_copy)
    assert v.project.manifest.date == dt.date(2024, 10, 28) and not v.report.has_errors()
    m.write_text(re.sub(r"(?m)^date: .*$", "date: 10/11/2024", text), encoding="utf-8")
    (d,) = [d for d in api.validate(sample_copy).report.errors if d.location.field == "date"]
    assert d.location.line and "10 November or 11 October 2024" in d.message
