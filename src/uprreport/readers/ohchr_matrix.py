"""Read OHCHR's "thematic list of recommendations" (the Word matrix) into register rows.

One Word table: a header row, full-width "Theme:" rows that group the recommendations,
and one row per recommendation. The columns are found by their headings, so the 2nd/3rd
cycle layout (Recommendation | Position | Full list of themes | Assessment) and the 4th
(Recommendation and recommending State | Position | Human rights themes and groups of
persons | Relevant SDGs) are read by the same logic. A recommendation cell reads
"140.7 Ratify … (Maldives) (Portugal);" then "Source of Position: A/HRC/59/15/Add.1 - Para.3";
identical recommendations merged by OHCHR read "text A (State); text B (State);".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.model.register import parse_position
from uprreport.ooxml import read as ooxml
from uprreport.ooxml.ns import qn
from uprreport.readers import package

_ID = re.compile(r"^\s*(\d{1,4}\.\d{1,4})\s+(.*)$", re.S)
_SOURCE = re.compile(r"Source of Position:\s*(\S+)(?:\s*-\s*Para\.?\s*(\S+))?", re.I)
_UHRI = re.compile(r"^([A-Z]\d{1,2})\s+(.*)$")
_SDG = re.compile(r"^\s*(\d{1,2})\s*-")
_LIST_HEADS = {"groups of persons": "affected_persons", "affected persons": "affected_persons",
               "sdgs": "sdgs", "sdg": "sdgs"}


@dataclass
class MatrixRow:
    id: str
    text: str
    states: list[str]
    position: str
    position_source: str = ""
    source: str = ""
    group: str = ""                     # the "Theme:" row above it
    themes: list[str] = field(default_factory=list)
    uhri: list[str] = field(default_factory=list)
    affected_persons: list[str] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)
    assessment: str = ""
    table_row: int = 0


def _rows(path: Path):
    """Yield (row number, [cell texts]) of the first table with a Recommendation heading."""
    with ooxml.Package(path) as pkg:
        root = pkg.document()
    for tbl in root.iter(qn("w:tbl")):
        rows = tbl.findall(qn("w:tr"))
        if rows and "recommendation" in " ".join(ooxml.cell_text(tc) for tc in rows[0].findall(qn("w:tc"))).lower():
            for n, tr in enumerate(rows, 1):
                yield n, [ooxml.cell_text(tc) for tc in tr.findall(qn("w:tc"))]
            return


# Register columns an OHCHR import sets (others, and a drafter's own, are left as they are).
OWNED = ["text", "states", "position", "themes", "sdgs", "affected_persons", "mechanism", "position_source"]


def register_row(r: MatrixRow) -> dict:
    """The register fields of one row; its "Theme:" group is its first theme."""
    themes = [r.group] + [t for t in r.themes if t != r.group]
    return {"id": r.id, "text": r.text, "states": r.states, "position": r.position, "themes": themes,
            "sdgs": r.sdgs, "affected_persons": r.affected_persons, "mechanism": "UPR", "source": r.source,
            "position_source": r.position_source}


def _columns(header: list[str]) -> dict[str, int]:
    roles = {}
    for i, text in enumerate(header):
        t = text.lower()
        if "recommendation" in t and "rec" not in roles:
            roles["rec"] = i
        elif "position" in t:
            roles["position"] = i
        elif "sdg" in t:
            roles["sdgs"] = i
        elif "theme" in t:
            roles["themes"] = i
        elif "assessment" in t or "comment" in t:
            roles["assessment"] = i
    return roles


def _trailing_groups(text: str) -> tuple[str, list[str]]:
    """Split "Ratify X (No. 189) (Italy) (Netherlands (Kingdom of the))" into the text and
    the recommending States: balanced parenthesised groups at the end whose content reads
    as a State's name (a capital, no digits)."""
    states: list[str] = []
    rest = text.rstrip(" ;.")
    while rest.endswith(")"):
        depth, i = 0, len(rest) - 1
        while i >= 0:
            depth += rest[i] == ")"
            depth -= rest[i] == "("
            if depth == 0:
                break
            i -= 1
        inner = rest[i + 1:-1].strip()
        if i < 0 or not re.match(r"^[A-ZÀ-Ý]", inner) or re.search(r"\d", inner) or len(inner) > 80:
            break
        states.insert(0, inner)
        rest = rest[:i].rstrip()
    return rest, states


def parse_recommendation(cell: str) -> tuple[str, str, list[str], str, str] | None:
    """(id, text, states, position source, source symbol) from a recommendation cell."""
    source_match = _SOURCE.search(cell)
    body = cell[:source_match.start()] if source_match else cell
    m = _ID.match(" ".join(body.split()))
    if not m:
        return None
    rec_id, rest = m.groups()
    texts, states = [], []
    for segment in re.split(r"(?<=\))\s*;\s*", rest):
        segment = segment.strip(" ;")
        if not segment:
            continue
        text, found = _trailing_groups(segment)
        texts.append(text)
        states.extend(s for s in found if s not in states)
    position_source = source = ""
    if source_match:
        symbol, para = source_match.groups()
        position_source = f"{symbol}, para. {para}" if para else symbol
        source = re.sub(r"/Add\.\d+$", "", symbol)
    return rec_id, "; ".join(texts), states, position_source, source


def _theme_lists(cell: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"themes": [], "affected_persons": [], "sdgs": []}
    current = "themes"
    for line in cell.splitlines():
        line = line.strip()
        if not line:
            continue
        head = line.rstrip(": ").lower()
        if line.endswith(":") and head in _LIST_HEADS:
            current = _LIST_HEADS[head]
            continue
        if line.lower().startswith(tuple(f"{h}:" for h in _LIST_HEADS)):
            key, _, value = line.partition(":")
            current = _LIST_HEADS[key.strip().lower()]
            line = value.strip()
            if not line:
                continue
        out[current].append(line.lstrip("-\u2022 ").strip())
    return out


def read(path: Path, shown: str) -> tuple[list[MatrixRow], list[Diagnostic]]:
    """Return the recommendations of an OHCHR thematic list, and what could not be read."""
    diags: list[Diagnostic] = []
    gate = package.check(path, "Word")
    if gate.problem:
        return [], [make("file-refused", Location(shown), f"this file {gate.problem}")]
    try:
        rows = list(_rows(path))
    except package.DAMAGED:
        return [], [make("file-unreadable", Location(shown), "not a Word .docx file that can be read; "
                         "open it in Word and save it as .docx")]
    if not rows:
        return [], [make("import-layout", Location(shown), "no table with a 'Recommendation' column was found; "
                         "is this OHCHR's thematic list of recommendations?")]
    roles = _columns(rows[0][1])
    if "rec" not in roles or "position" not in roles:
        return [], [make("import-layout", Location(shown, row=1),
                         f"the table's headings ({' | '.join(rows[0][1])}) lack a Recommendation or Position column")]
    out: list[MatrixRow] = []
    group = ""
    for n, cells in rows[1:]:
        first = cells[0] if cells else ""
        if first.lower().startswith("theme:"):
            group = first.split(":", 1)[1].strip()
            continue
        get = lambda role: cells[roles[role]] if role in roles and roles[role] < len(cells) else ""  # noqa: E731
        parsed = parse_recommendation(get("rec"))
        if parsed is None:
            if first.strip():
                diags.append(make("import-layout", Location(shown, row=n),
                                  f"row not read: it does not start with a recommendation number ({first[:60]!r})"))
            continue
        rec_id, text, states, position_source, source = parsed
        position = get("position").splitlines()[0].strip() if get("position") else ""
        try:
            position = parse_position(position).value
        except ValueError:
            diags.append(make("position-invalid", Location(shown, row=n),
                              f"recommendation {rec_id}: position '{position}' kept as written; correct it"))
        lists = _theme_lists(get("themes"))
        if "sdgs" in roles:
            lists["sdgs"] += [line for line in get("sdgs").splitlines() if line.strip()]
        themes, uhri = [], []
        for t in lists["themes"]:
            code = _UHRI.match(t)
            if code:
                uhri.append(code.group(1))
                t = code.group(2)
            themes.append(t)
        code = _UHRI.match(group)
        group_title = code.group(2) if code else group
        sdgs = sorted({int(m.group(1)) for s in lists["sdgs"] if (m := _SDG.match(s.lstrip("- ")))})
        if not states:
            diags.append(make("import-layout", Location(shown, row=n),
                              f"recommendation {rec_id}: no recommending State found in parentheses at its end"))
        out.append(MatrixRow(rec_id, text, states, position, position_source, source, group_title,
                             themes, uhri, lists["affected_persons"], sdgs, get("assessment"), n))
    return out, diags
