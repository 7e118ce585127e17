from uprreport.model.ids import compress, paragraph_id


def test_runs_of_three_or_more_are_compressed():
    ids = ["140.1", "140.5", "140.7", "140.8", "140.9"]
    assert compress(ids) == "140.1, 140.5, 140.7\u2013140.9"


def test_pairs_stay_separate_and_order_is_numeric():
    assert compress(["140.10", "140.9", "140.2"]) == "140.2, 140.9, 140.10"


def test_runs_do_not_cross_paragraphs():
    assert compress(["140.9", "140.10", "141.1", "141.2", "141.3"]) == "140.9, 140.10, 141.1\u2013141.3"


def test_duplicates_are_dropped_and_other_mechanisms_follow():
    assert compress(["1.1", "1.1", "CRC-12a"]) == "1.1, CRC-12a"


def test_paragraph_ids_are_readable_and_stable():
    assert paragraph_id("health", "health", 3) == "health/health/p3"


def test_every_id_uprreport_makes_matches_the_one_grammar():
    from uprreport.model.ids import GENERATED, PARAGRAPH_ID, renewed

    made = [paragraph_id("health", "health", 3), paragraph_id(GENERATED, "entries-140.7", 5),
            paragraph_id(GENERATED, "contributors", 1), renewed(paragraph_id("justice", "justice", 2), 3)]
    assert all(PARAGRAPH_ID.fullmatch(pid) for pid in made)
    assert not PARAGRAPH_ID.fullmatch("generated/entries/140.7/actions:")   # the old shape


def test_ids_of_a_built_report_all_match_the_grammar():
    from pathlib import Path

    from uprreport import pipeline
    from uprreport.model.ids import PARAGRAPH_ID
    from uprreport.model.nodes import iter_paras

    root = Path(__file__).resolve().parents[2] / "samples" / "midterm-arcadia-nhri"
    doc = pipeline.validate(root).compiled.doc
    ids = [p.id for top in doc.body for s in top.walk() for p in iter_paras(s.blocks) if p.id]
    assert len(ids) > 100 and len(set(ids)) == len(ids)
    assert [i for i in ids if not PARAGRAPH_ID.fullmatch(i)] == []
