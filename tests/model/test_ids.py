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
