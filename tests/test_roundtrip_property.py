"""Property: whatever Markdown a contributor writes (paragraphs, notes, lists, tables,
XML-special characters), every word reaches the DOCX, in order, and every note too."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docxxml import W, part, text_of
from uprreport import api

WORD = st.one_of(st.from_regex(r"[a-z]{1,8}", fullmatch=True), st.sampled_from(["R&D", "<draft>", "a>b", "x&y"]))
WORDS = st.lists(WORD, min_size=1, max_size=12)


@st.composite
def paragraph(draw):
    words = draw(WORDS)
    styled = [f"**{w}**" if draw(st.booleans()) and w.isalpha() else w for w in words]
    note = draw(st.one_of(st.none(), WORDS))
    return {"kind": "para", "words": words, "md": " ".join(styled), "note": note}


@st.composite
def listing(draw):
    items = draw(st.lists(WORDS, min_size=1, max_size=4))
    ordered = draw(st.booleans())
    md = "\n".join(f"{i + 1}. " + " ".join(w) if ordered else "- " + " ".join(w) for i, w in enumerate(items))
    return {"kind": "list", "words": [w for item in items for w in item], "md": md, "note": None}


@st.composite
def table(draw):
    cols = draw(st.integers(1, 3))
    rows = draw(st.lists(st.lists(st.from_regex(r"[a-z]{1,6}", fullmatch=True), min_size=cols, max_size=cols),
                         min_size=2, max_size=4))
    md = "\n".join(["| " + " | ".join(rows[0]) + " |", "|" + "---|" * cols]
                   + ["| " + " | ".join(r) + " |" for r in rows[1:]])
    return {"kind": "table", "words": [w for r in rows for w in r], "md": md, "note": None}


BLOCKS = st.lists(st.one_of(paragraph(), listing(), table()), min_size=1, max_size=6)

BASE = Path(tempfile.mkdtemp(prefix="uprreport-prop-")) / "p"
api.init(BASE, "national")


def _markdown(blocks) -> str:
    body, notes = [], []
    for n, b in enumerate(blocks):
        md = b["md"]
        if b["note"]:
            md += f"[^n{n}]"
            notes.append(f"[^n{n}]: " + " ".join(b["note"]))
        body.append(md)
    return "---\nsection: B\n---\n" + "\n\n".join(body) + "\n\n" + "\n\n".join(notes) + "\n"


def _words(text: str) -> list[str]:
    return text.split()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BLOCKS)
def test_nothing_is_lost_or_reordered(blocks):
    work = Path(tempfile.mkdtemp(prefix="uprreport-case-"))
    try:
        project = work / "p"
        shutil.copytree(BASE, project)
        (project / "contributions" / "foreign-affairs" / "developments.md").write_text(_markdown(blocks))
        docx = api.build(project, work / "out", pdf=False).outputs[0]
        body = part(docx, "word/document.xml")
        out_words = [w for p in body.iter(f"{{{W}}}p") for w in _words(re.sub(r"^\d+\.\t", "", text_of(p)))]
        expected = [w for b in blocks for w in b["words"]]
        it = iter(out_words)
        assert all(any(w == o for o in it) for w in expected), "a word is missing or out of order"
        notes = part(docx, "word/endnotes.xml")
        got = [" ".join(_words("".join(n.itertext()))) for n in notes.findall(f"{{{W}}}endnote")
               if n.get(f"{{{W}}}type") is None] if notes is not None else []
        want = [" ".join(b["note"]) for b in blocks if b["note"]]
        # the scaffold's methodology note (section A) comes before this fragment's (section B)
        assert got[1:] == want
    finally:
        shutil.rmtree(work, ignore_errors=True)
