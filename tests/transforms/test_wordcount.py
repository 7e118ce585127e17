"""The word-counting rule, on hand-counted text."""

import pytest

from uprreport.transforms.wordcount import count_words


@pytest.mark.parametrize("text,words", [
    ("The present report was prepared by the Ministry.", 8),
    ("See A/HRC/47/11, para. 121.45.", 4),                 # symbols and numbers: one word each
    ("non-discrimination and self-determination", 3),       # hyphenated words: one each
    ("It rose from 2,815 to 10,700 words \u2013 a 280 per cent rise.", 12),  # lone dash: no word
    ("Visit https://www.ohchr.org/en/hr-bodies/upr now", 3),  # a URL: one word
    ("  ", 0),
    ("\u2022 item", 1),
])
def test_count(text, words):
    assert count_words(text) == words


def test_chinese_characters_count_one_word_each_as_word_counts_them():
    from uprreport.transforms.wordcount import count_words

    assert count_words("人权理事会第48届会议") == 10      # 9 characters and "48"
    assert count_words("落实 A/HRC/43/15 号文件中的建议") == 9 + 1
    assert count_words("The Council (人权理事会) met.") == 3 + 5
