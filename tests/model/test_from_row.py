"""model.register.from_row, the register reader's shortcut past pydantic, makes exactly the
Recommendation that model_validate makes from the same cells, or leaves the row to it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from uprreport.model import register
from uprreport.model.register import Recommendation, from_row

NAMES = ["France", "Côte d'Ivoire", "Lao People’s Democratic Republic", "Children: definition; general principles",
         "Women", "Roma", "Statelessness", "Human rights education"]
SEPARATORS = ["; ", ";", " | ", "|", "\n", ";;", "; ;"]


@st.composite
def list_cell(draw):
    names = draw(st.lists(st.sampled_from(NAMES), max_size=4))
    quoted = [f'"{n}"' if ";" in n and draw(st.booleans()) else n for n in names]
    sep = draw(st.sampled_from(SEPARATORS))
    cell = sep.join(quoted)
    return cell if draw(st.booleans()) else f" {cell} "


@st.composite
def row(draw):
    cells = {"id": draw(st.sampled_from(["140.7", "140.10", "CEDAW-25a", "x", ""])),
             "text": draw(st.sampled_from(["Ratify the ICRMW", " Ratify ", "Combat racism; hate speech"])),
             "position": draw(st.sampled_from(["supported", "Noted", "partially supported", "maybe", ""]))}
    for name in ("states", "themes", "affected_persons"):
        if draw(st.booleans()):
            cells[name] = draw(list_cell())
    if draw(st.booleans()):
        cells["sdgs"] = draw(st.sampled_from(["", "1; 5", "16 - PEACE, JUSTICE", "18", "5|10"]))
    if draw(st.booleans()):
        cells["mechanism"] = draw(st.sampled_from(["UPR", "CEDAW", ""]))
    if draw(st.booleans()):
        cells["cycle"] = draw(st.sampled_from(["", "3", "10"]))
    return cells


def _validated(cells):
    try:
        return Recommendation.model_validate(cells)
    except Exception:
        return None


@settings(max_examples=400, deadline=None)
@given(row())
def test_from_row_is_model_validate(cells):
    made = from_row(cells)
    if made is not None:
        want = _validated(cells)
        assert want is not None
        assert made.model_dump() == want.model_dump()
        assert made.model_fields_set == want.model_fields_set
    stripped = {k: v.strip() for k, v in cells.items()}
    again = from_row(stripped, stripped=True)
    if again is not None:
        assert again.model_dump() == _validated(stripped).model_dump()


def test_names_in_list_cells_are_shared_between_rows():
    """The same theme in two rows' different cells is one string object, within one reading
    (memory, docs in register._split); nothing is kept after it."""
    seen: dict = {}
    a = from_row({"id": "1.1", "text": "t", "position": "noted", "themes": "Women; Roma"}, True, seen)
    b = from_row({"id": "1.2", "text": "t", "position": "noted", "themes": "Roma; Statelessness"}, True, seen)
    assert a.themes == ["Women", "Roma"] and b.themes == ["Roma", "Statelessness"]
    assert a.themes[1] is b.themes[0]
    a.themes.append("x")                          # each row has a list of its own
    assert from_row({"id": "1.3", "text": "t", "position": "noted", "themes": "Women; Roma"}, True,
                    seen).themes == ["Women", "Roma"]
    assert register._split("a; b", {}) == ["a", "b"] and not hasattr(register, "_SPLIT")
