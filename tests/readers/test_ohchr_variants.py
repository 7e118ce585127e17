"""OHCHR lists in the layouts and languages OHCHR and ministries issue them, generated with
each feature varied on its own (hypothesis), and read with exact counts."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uprreport.readers import ohchr_matrix

HEADINGS = {   # as issued in each language (rec, position, states, themes)
    "en": ("Recommendation", "Position", "Recommending State/s", "Full list of themes"),
    "en4": ("Recommendation and recommending State", "Position of the State under review", "Recommending State/s",
            "Human rights themes and groups of persons"),
    "fr": ("Recommandation", "Position", "État(s) auteur(s)", "Liste complète des thèmes"),
    "es": ("Recomendación", "Posición", "Estado(s) que recomienda(n)", "Lista completa de temas"),
}
POSITIONS = {
    "en": {"supported": "Supported", "noted": "Noted", "partially supported": "Supported/Noted"},
    "en4": {"supported": "Supported", "noted": "Noted", "partially supported": "Supported/Noted"},
    "fr": {"supported": "Acceptée", "noted": "Notée", "partially supported": "Acceptée/Notée"},
    "es": {"supported": "Aceptada", "noted": "Anotada", "partially supported": "Aceptada/Anotada"},
}
THEME_ROWS = {"theme": "Theme: {code}{title}", "right": "Right or area: {num}{title}", "bare": "{title}"}
THEMES = ["Children: definition; general principles; protection", "Right to health",
          "Ratification of & accession to international instruments"]
STATES = ["Chile", "Estonia", "Venezuela (Bolivarian Republic of)", "Côte d'Ivoire"]


@st.composite
def layouts(draw):
    return {
        "language": draw(st.sampled_from(sorted(HEADINGS))),
        "order": draw(st.permutations(["rec", "position", "states", "themes"])),
        "states_column": draw(st.booleans()),
        "parentheses": draw(st.booleans()),
        "trailing_dot": draw(st.booleans()),
        "theme_rows": draw(st.sampled_from(sorted(THEME_ROWS))),
        "positions": draw(st.lists(st.sampled_from(["supported", "noted", "partially supported"]),
                                   min_size=3, max_size=12)),
        "split_tables": draw(st.booleans()),
    }


def build(layout, path: Path) -> None:
    """A thematic list laid out as ``layout`` says, as Word stores OHCHR's tables."""
    lang = layout["language"]
    columns = [c for c in layout["order"] if c != "states" or layout["states_column"]]
    if not layout["states_column"] and not layout["parentheses"]:
        layout["parentheses"] = True   # a list always names its States somewhere
    doc = Document()
    recs = list(enumerate(layout["positions"], 1))
    halves = [recs[: len(recs) // 2], recs[len(recs) // 2:]] if layout["split_tables"] else [recs]
    for part, chunk in enumerate(halves):
        table = doc.add_table(rows=1, cols=len(columns))
        names = dict(zip(["rec", "position", "states", "themes"], HEADINGS[lang]))
        for cell, role in zip(table.rows[0].cells, columns):
            cell.text = names[role]
        for i, position in chunk:
            if i % 4 == 1:   # a theme row spanning the table before every fourth recommendation
                theme = THEMES[(i // 4) % len(THEMES)]
                row = table.add_row().cells
                merged = row[0].merge(row[-1]) if len(row) > 1 else row[0]
                merged.text = THEME_ROWS[layout["theme_rows"]].format(
                    code="A12 " if layout["theme_rows"] == "theme" else "", num="2.1. ", title=theme)
            states = [STATES[i % len(STATES)], STATES[(i + 1) % len(STATES)]]
            dot = "." if layout["trailing_dot"] else ""
            text = f"186.{i}{dot} Continue its efforts to protect the rights of the child, 2011 (No. 189)"
            if layout["parentheses"]:
                text += "".join(f" ({s})" for s in states) + ";"
            cells = {"rec": text, "position": POSITIONS[lang][position], "states": "\n".join(states),
                     "themes": THEMES[(i // 4) % len(THEMES)]}
            row = table.add_row().cells
            for cell, role in zip(row, columns):
                cell.text = cells[role]
        if part == 0 and len(halves) > 1:
            doc.add_paragraph("(continued)")
    doc.save(path)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(layouts())
def test_every_layout_reads_with_exact_counts(layout):
    with tempfile.TemporaryDirectory() as t:
        path = Path(t) / "list.docx"
        build(layout, path)
        rows, diags = ohchr_matrix.read(path, "list.docx")
    n = len(layout["positions"])
    assert [d.message for d in diags] == []
    assert len(rows) == n and [r.id for r in rows] == [f"186.{i}" for i in range(1, n + 1)]
    assert Counter(r.position for r in rows) == Counter(layout["positions"])
    for i, r in enumerate(rows, 1):
        assert r.states == [STATES[i % len(STATES)], STATES[(i + 1) % len(STATES)]]
        assert r.text == "Continue its efforts to protect the rights of the child, 2011 (No. 189)"
        assert r.group == THEMES[(((i - 1) // 4) * 4 + 1) // 4 % len(THEMES)]
        assert r.themes == [THEMES[(i // 4) % len(THEMES)]]   # whole, semicolons and all


def test_a_document_of_another_kind_is_one_error_not_hundreds(tmp_path):
    doc = Document()
    t = doc.add_table(rows=1, cols=2)
    t.rows[0].cells[0].text, t.rows[0].cells[1].text = "Recommendation", "Position"
    for i in range(1, 40):
        row = t.add_row().cells
        row[0].text, row[1].text = f"140.{i} Do something ({'Chile'})", "Supported"
        row = t.add_row().cells
        row[0].text, row[1].text = f"Comment {i}", "see above"
    for i in range(80):
        row = t.add_row().cells
        row[0].text, row[1].text = f"Annex line {i}", f"value {i}"
    doc.save(tmp_path / "x.docx")
    rows, diags = ohchr_matrix.read(tmp_path / "x.docx", "x.docx")
    errors = [d for d in diags if d.severity.value == "error"]
    assert len(errors) == 1 and "not laid out as expected" in errors[0].message
    assert len(diags) <= 3   # the reasons, once each


def test_register_keeps_ohchr_theme_names_whole(tmp_path):
    from uprreport.model.register import join_list, split_list

    themes = ["Children: definition; general principles; protection", "Right to health"]
    assert split_list(join_list(themes)) == themes
    assert split_list("a; b") == ["a", "b"]
