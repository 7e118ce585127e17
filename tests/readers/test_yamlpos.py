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
