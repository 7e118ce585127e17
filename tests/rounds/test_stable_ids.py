from uprreport.model.ids import PARAGRAPH_ID
from uprreport.rounds.ids import bookmark, carry

PREVIOUS = {"justice/justice/p1": ("justice/justice/p1", "The courts reduced the backlog by a third in 2023."),
            "justice/justice/p2": ("justice/justice/p2", "Legal aid now covers all criminal cases."),
            "health/health/p1": ("health/health/p1", "Maternal mortality fell to 12 per 100,000 live births.")}


def test_unchanged_paragraphs_keep_their_ids():
    current = [(pos, pos.split("/")[0], text) for pos, (_p, text) in PREVIOUS.items()]
    assert carry(PREVIOUS, current, 2) == {pos: pos for pos in PREVIOUS}


def test_a_paragraph_pushed_down_by_a_new_one_keeps_its_id():
    current = [("justice/justice/p1", "justice", "A new first paragraph on the prison census of 2024."),
               ("justice/justice/p2", "justice", "The courts reduced the backlog by a third in 2023."),
               ("justice/justice/p3", "justice", "Legal aid now covers all criminal cases.")]
    out = carry(PREVIOUS, current, 2)
    assert out["justice/justice/p2"] == "justice/justice/p1"
    assert out["justice/justice/p3"] == "justice/justice/p2"
    assert out["justice/justice/p1"] == "justice/justice/p1~r2"   # new, where an old one stood
    assert all(PARAGRAPH_ID.fullmatch(pid) for pid in out.values())


def test_an_edited_paragraph_keeps_its_id_and_ids_never_repeat():
    current = [("justice/justice/p1", "justice", "The courts reduced the backlog by a half in 2023."),
               ("justice/justice/p2", "justice", "Legal aid now covers all criminal cases.")]
    out = carry(PREVIOUS, current, 2)
    assert out["justice/justice/p1"] == "justice/justice/p1" and len(set(out.values())) == len(out)


def test_bookmark_names_are_word_safe():
    name = bookmark("generated/entries-140.7/p2")
    assert name.startswith("upr_") and len(name) < 40 and name.replace("_", "").isalnum()
    assert bookmark("a/b/p1") != bookmark("a/b/p2")
