"""Word limits at limit-1, limit and limit+1, budgets, and the messages that name who is over."""

from __future__ import annotations

import pytest

from uprreport import api
from uprreport.diagnostics import Severity
from uprreport.errors import UprError


def _project(tmp_path, words_a: int, words_b: int, extra_manifest: str = ""):
    """A scaffolded project whose text is exactly controlled: two contributors' fragments."""
    root = tmp_path / "p"
    api.init(root, "national")
    fa = root / "contributions" / "foreign-affairs"
    for f in fa.glob("*.md"):
        f.unlink()
    (fa / "a.md").write_text("---\nsection: A\n---\n" + "word " * words_a + "\n", encoding="utf-8")
    jus = root / "contributions" / "justice"
    (jus / "justice.md").write_text('---\nsection: D\ntheme: justice\n---\n' + "word " * words_b + "\n",
                                    encoding="utf-8")
    m = root / "report.yaml"
    m.write_text(m.read_text(encoding="utf-8") + extra_manifest, encoding="utf-8")
    return root


def _total(tmp_path) -> int:
    """Words the fixed parts of the project (headings, generated paragraph) contribute."""
    v = api.validate(_project(tmp_path / "probe", 1, 1))
    return v.compiled.words.total - 2


@pytest.mark.parametrize("delta,over", [(-1, False), (0, False), (1, True)])
def test_word_limit_boundaries(tmp_path, delta, over):
    fixed = _total(tmp_path)
    limit = 500
    body = limit - fixed + delta
    root = _project(tmp_path, body - 100, 100, f"limits:\n  words: {limit}\n")
    v = api.validate(root)
    assert v.compiled.words.total == limit + delta
    codes = {d.code: d for d in v.report.items}
    assert ("over-limit" in codes) is over
    if over:
        d = codes["over-limit"]
        assert d.severity is Severity.ERROR
        assert f"1 over the limit of {limit}" in d.message
        assert d.message.index("Ministry of Foreign Affairs") < d.message.index("Ministry of Justice")
        with pytest.raises(UprError):
            api.build(root, tmp_path / "out", pdf=False)
        draft = api.validate(root, draft=True)
        assert next(x for x in draft.report.items if x.code == "over-limit").severity is Severity.WARNING
    else:
        assert "limit-info" in codes


def test_budgets_by_contributor_name_folder_and_section(tmp_path):
    root = _project(tmp_path, 300, 120, "budgets:\n  Ministry of Foreign Affairs: 250\n  justice: 200\n"
                                        "  D: 100\n  Ministry of Nowhere: 10\n")
    v = api.validate(root)
    over = {d.location.field: d for d in v.report.items if d.code == "over-budget"}
    assert set(over) == {"budgets.Ministry of Foreign Affairs", "budgets.D"}
    assert "over its budget of 250" in over["budgets.Ministry of Foreign Affairs"].message
    unknown = next(d for d in v.report.items if d.code == "budget-unknown")
    assert "Ministry of Nowhere" in unknown.message and "justice" in unknown.message


def test_notes_count_only_where_the_profile_says(tmp_path):
    root = _project(tmp_path, 10, 10)
    frag = root / "contributions" / "foreign-affairs" / "a.md"
    frag.write_text(frag.read_text() + "\nMore.[^1]\n\n[^1]: one two three four five\n")
    v = api.validate(root)
    from uprreport.transforms import wordcount

    assert wordcount.count(v.compiled.doc, notes=True).total == v.compiled.words.total + 5
