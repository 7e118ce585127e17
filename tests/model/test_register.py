import pytest
from pydantic import ValidationError

from uprreport.model.register import Position, Recommendation, parse_position, split_list


@pytest.mark.parametrize("text,expected", [
    ("Supported", Position.SUPPORTED), ("accepted", Position.SUPPORTED), ("NOTED", Position.NOTED),
    ("partially  supported", Position.PARTIALLY_SUPPORTED), ("supported in part", Position.PARTIALLY_SUPPORTED),
])
def test_positions_are_read_as_people_write_them(text, expected):
    assert parse_position(text) is expected


def test_unknown_position_lists_the_allowed_ones():
    with pytest.raises(ValueError, match="supported, noted, partially supported"):
        parse_position("rejected")


def test_recommendation_parses_spreadsheet_cells():
    rec = Recommendation(id=" 140.7 ", text="Ratify the Convention", states="Maldives; Portugal",
                         position="supported", sdgs="SDG 16; 5", themes="intl")
    assert rec.id == "140.7"
    assert rec.states == ["Maldives", "Portugal"]
    assert rec.sdgs == [16, 5]
    assert rec.themes == ["intl"]
    other = Recommendation(id="140.10", text="x", position="noted")
    assert rec.sort_key() < other.sort_key()


def test_other_mechanisms_have_their_own_ids():
    rec = Recommendation(id="CRC-12a", text="x", position="supported", mechanism="CRC", source="CRC/C/ARC/CO/5")
    assert rec.sort_key() > Recommendation(id="999.9", text="x", position="noted").sort_key()
    with pytest.raises(ValidationError, match="not a UPR recommendation id"):
        Recommendation(id="CRC-12a", text="x", position="supported")


@pytest.mark.parametrize("bad", ["140", "140.7a", "A.1", "140.7.1", "", "-1"])
def test_bad_ids_are_refused(bad):
    with pytest.raises(ValidationError, match="paragraph.index"):
        Recommendation(id=bad, text="x", position="noted")


def test_sdg_out_of_range_is_refused():
    with pytest.raises(ValidationError, match="1 to 17"):
        Recommendation(id="1.1", text="x", position="noted", sdgs="18")


def test_split_list_drops_empty_parts_and_splits_on_the_strongest_separator():
    assert split_list("a; ;b") == ["a", "b"]
    # one value a line, else '|': the values may hold semicolons (OHCHR's theme names do)
    assert split_list("a | b; c") == ["a", "b; c"]
    assert split_list("a\nb; c|d") == ["a", "b; c|d"]
    assert split_list(None) == [] and split_list(" ") == []
