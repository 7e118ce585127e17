import datetime as dt

import pytest

from uprreport.model.manifest import Manifest
from uprreport.readers import profile
from uprreport.transforms import cover


@pytest.mark.parametrize("n, words", [(1, "First"), (11, "Eleventh"), (20, "Twentieth"), (48, "Forty-eighth"),
                                      (100, "One hundredth"), (121, "One hundred and twenty-first")])
def test_session_ordinals_as_on_un_covers(n, words):
    assert cover.ordinal_words(n) == words


def _manifest(**kw):
    base = dict(kind="national", state="Republic of Arcadia", iso3="ARC", cycle=4, wg_session=48,
                previous_review="A/HRC/44/12", date="2025-01-06", symbol="A/HRC/WG.6/48/ARC/1")
    return Manifest.model_validate({**base, **kw})


@pytest.mark.parametrize("start, end, when", [
    (None, None, "Geneva"),
    ("2025-01-20", "2025-01-31", "Geneva, 20\u201331 January 2025"),
    ("2025-01-27", "2025-02-07", "Geneva, 27 January\u20137 February 2025"),
    ("2024-12-30", "2025-01-10", "Geneva, 30 December 2024\u201310 January 2025"),
    ("2025-01-20", "2025-01-20", "Geneva, 20 January 2025"),
])
def test_session_dates_are_written_as_a_span(start, end, when):
    assert cover.session_when(_manifest(session_start=start, session_end=end)) == when


def test_the_state_takes_an_article_only_for_formal_names():
    assert cover.the_state("Republic of Arcadia") == "the Republic of Arcadia"
    assert cover.the_state("Slovenia") == "Slovenia"
    assert cover.the_state("The Republic of X") == "The Republic of X"


def test_cover_fields_of_a_national_report():
    fields = cover.context(_manifest(), profile.read("national"))
    assert fields["date"] == "6 January 2025" and fields["original_line"] == "Original: English"
    assert fields["session_line"] == "Forty-eighth session" and fields["symbol"] == "A/HRC/WG.6/48/ARC/1"
    assert fields["title"].startswith("National report submitted pursuant to")
    assert fields["united_nations"] == "United Nations" and fields["council"] == "Human Rights Council"
    french = cover.context(_manifest(language="fr"), profile.read("national"))
    assert french["date"] == "6 janvier 2025" and french["original_line"] == "Original : français"
    assert french["session_line"] == "Quarante-huitième session"
    assert french["title"].startswith("Rapport national présenté conformément aux résolutions 5/1 et 16/21")
    assert cover.un_date(dt.date(2027, 6, 30)) == "30 June 2027"
