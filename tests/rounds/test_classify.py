from uprreport.rounds.classify import classify


def test_a_comment_saying_the_text_is_wrong_is_critical():
    assert classify("The figure in this paragraph is incorrect: 312 cases, not 213.") == "critical"
    assert classify("This omits the closure of the shelter in 2023.") == "critical"


def test_a_small_proposed_change_is_editorial():
    para = "The Ministry adopted the action plan on 3 May 2023 and allocated funds to it."
    assert classify("", proposed=para.replace("allocated", "allotted"), paragraph=para) == "editorial"
    assert classify("Typo in the second sentence.") == "editorial"


def test_otherwise_substantive():
    para = "The Ministry adopted the action plan on 3 May 2023."
    assert classify("Please add the budget figures.", proposed="Something entirely different was done instead "
                    "by another body in another year.", paragraph=para) == "substantive"
    assert classify("") == "substantive"


def test_the_words_a_change_quotes_are_not_read_as_the_reviewers_own():
    para = "The figures published in 2023 were false and have been corrected since by the Statistical Office."
    summary = "Tracked changes: deletes \u201cwere false and \u201d"
    assert classify(summary, proposed="Something else entirely.", paragraph=para) == "substantive"
    assert classify("The phrase \u201cfully implemented\u201d is misleading.") == "critical"
