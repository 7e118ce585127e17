"""Read OHCHR's thematic lists of recommendations (the Word "matrix") into register rows.

OHCHR has issued these lists for every State since the second cycle, in several layouts
and in the UN's languages, and ministries translate them. The reader understands the
document rather than one layout (docs/ohchr-lists.md says what each decision serves):

- the tables of recommendations are found by what their cells hold (rows that start with
  a recommendation number, "140.7" or "186.28."), however many tables the list is cut in;
- columns are mapped by the meaning of their headings in any of the six languages
  (``HEADINGS``; report.yaml's ``import_terms`` adds a project's own), or, without a
  heading, by what their cells hold;
- recommending States come from a column of their own (one per line) and from the
  parentheses that end a recommendation, or both;
- a row spanning the table is a theme ("Theme: A12 …", "Right or area: 2.1. …", or a
  bare title), kept whole: OHCHR's own names contain semicolons;
- positions are read in each language; "Supported/Noted" is a recommendation supported
  in part (``partially supported``);
- every row not read is counted under its reason, reported once per reason, and a
  document where most rows are not read is an error naming the layout expected.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, Severity, make
from uprreport.model import states
from uprreport.model.register import parse_position
from uprreport.ooxml import read as ooxml
from uprreport.ooxml.ns import qn
from uprreport.readers import package

# A recommendation number at the start of a cell: "140.7 Ratify", "186.28. Continue".
_ID = re.compile(r"^\s*(\d{1,4}\.\d{1,4})\.?\s+(\S.*)$", re.S)
_UHRI = re.compile(r"^([A-Z]\d{1,2})\s+(.*)$")                   # "A12 Acceptance of international norms"
_NUMBERED = re.compile(r"^\d+(?:\.\d+)*\.?\s+(.*)$")            # "2.1. Acceptance of international norms"
_SDG = re.compile(r"^\s*(\d{1,2})\s*(?:[-–:.]|$)")
# An SDG line among themes (3rd-cycle lists): "S16 SDG 16 - peace, justice and strong institutions",
# "SDG 5 - gender equality", "S SDG 5"; its code letter "S" is UHRI's for the SDGs.
_SDG_LINE = re.compile(r"^(?:S\d{0,2}\s+)?(?:SDG|ODD|ODS)\s*(\d{1,2})\b", re.I)
_THEME_ROW = re.compile(r"^\s*(?:theme|thème|tema|тема|الموضوع|专题|right or area|droits? ou domaines?|"
                        r"derechos? o esferas?)\s*[:：]\s*", re.I)

# Headings of the columns, by role, as issued documents write them (lower case; a heading
# holding one of these has that role). "Recommendation and recommending State" is the
# recommendation column; "Recommending State/s" (no "recommendation") the States'.
HEADINGS: dict[str, list[str]] = {
    "states": ["recommending state", "états auteurs", "état auteur", "etat auteur", "états ayant formulé",
               "estado que recomienda", "estados que recomiendan", "estado recomendante", "estados recomendantes",
               "рекомендующ", "الدولة الموصية", "الدول الموصية", "提出建议的国家"],
    "rec": ["recommendation", "recommandation", "recomendación", "recomendacion", "рекомендац", "التوصية",
            "التوصيات", "建议"],
    "position": ["position", "posición", "posicion", "позиция", "الموقف", "立场"],
    "sdgs": ["sdg", "odd", "ods", "цур", "أهداف التنمية", "可持续发展目标"],
    "themes": ["theme", "thème", "tema", "тем", "المواضيع", "专题", "rights/affected", "groups of persons",
               "affected persons", "droits", "derechos"],
    "assessment": ["assessment", "comments on level", "évaluation", "evaluación", "оценка", "تقييم", "评估"],
}
# Sub-lists inside a themes cell (3rd-cycle layout): "SDGs:", "Affected persons:".
_LIST_HEADS = {"groups of persons": "affected_persons", "affected persons": "affected_persons",
               "personnes concernées": "affected_persons", "personas afectadas": "affected_persons",
               "sdgs": "sdgs", "sdg": "sdgs", "odd": "sdgs", "ods": "sdgs"}


@dataclass
class MatrixRow:
    id: str
    text: str
    states: list[str]
    position: str
    position_source: str = ""
    source: str = ""
    group: str = ""                     # the theme row above it
    themes: list[str] = field(default_factory=list)
    uhri: list[str] = field(default_factory=list)
    affected_persons: list[str] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)
    assessment: str = ""
    table_row: int = 0
    note: str = ""                      # OHCHR's comment on the row ("Comments: …")
    unknown: list[tuple[str, list[str], bool]] = field(default_factory=list)   # brackets no State known


# Register columns an OHCHR import sets (others, and a drafter's own, are left as they are).
OWNED = ["text", "states", "position", "themes", "sdgs", "affected_persons", "mechanism", "position_source",
         "note", "theme_codes"]


def register_row(r: MatrixRow) -> dict:
    """The register fields of one row; its theme row is its first theme. Theme codes
    (UHRI's "A12", "D25") are kept in a column of their own, never in a title."""
    themes = ([r.group] if r.group else []) + [t for t in r.themes if t != r.group]
    return {"id": r.id, "text": r.text, "states": r.states, "position": r.position, "themes": themes,
            "sdgs": r.sdgs, "affected_persons": r.affected_persons, "mechanism": "UPR", "source": r.source,
            "position_source": r.position_source, "note": r.note, "theme_codes": r.uhri}


# The review a list is of, as its running head says: "UPR of Slovenia (4th Cycle - 48th Session)".
_REVIEW = re.compile(r"\bUPR\s+of\s+(?P<state>[^(\t\n]+?)\s*\(\s*(?P<cycle>\d)\s*(?:st|nd|rd|th)?\s+cycle\b"
                     r"[^)\d]*(?P<session>\d{1,3})\s*(?:st|nd|rd|th)?\s+session", re.I)


@dataclass
class Review:
    state: str            # as the list writes it
    iso3: str
    cycle: int
    session: int


def review_of(path: Path) -> Review | None:
    """The State, cycle and Working Group session a list is of, from its running head (or
    its first paragraphs); None when it does not say, or names no State uprreport knows."""
    texts = []
    with ooxml.Package(path) as pkg:
        for name in sorted(pkg.names):
            if re.fullmatch(r"word/(?:header\d*|document)\.xml", name):
                root = pkg.part(name)
                paras = root.iter(qn("w:p"))
                texts.extend(ooxml.text(p, deleted=False) for _n, p in zip(range(40), paras))
    for text in texts:
        m = _REVIEW.search(text)
        if m:
            entity = states.resolve(m.group("state").strip())
            if entity is not None and entity.is_state:
                return Review(m.group("state").strip(), entity.code, int(m.group("cycle")), int(m.group("session")))
    return None


# reading the document ------------------------------------------------------------------------
def _tables(path: Path) -> list[list[list[str]]]:
    """Every table of the document as rows of cell texts (a merged cell once)."""
    with ooxml.Package(path) as pkg:
        root = pkg.document()
    out = []
    for tbl in root.iter(qn("w:tbl")):
        if any(a.tag == qn("w:tbl") for a in tbl.iterancestors()):
            continue   # a table inside a cell belongs to that cell
        out.append([[ooxml.cell_text(tc) for tc in tr.findall(qn("w:tc"))] for tr in tbl.findall(qn("w:tr"))])
    return out


def _is_rec(cell: str) -> bool:
    return bool(_ID.match(cell))


def _role(heading: str, terms: dict[str, list[str]]) -> str | None:
    # plural marks as written in headings: "État(s) auteur(s)", "Estado(s) que recomienda(n)", "State/s"
    h = re.sub(r"\((?:s|n|es|e|x)\)|/s\b", "", " ".join(heading.lower().split()))
    if not h:
        return None
    has = {role: any(word in h for word in terms.get(role, []) + HEADINGS[role]) for role in HEADINGS}
    if has["rec"]:
        return "rec"   # "Recommendation and recommending State": the States are in its cells
    return next((role for role in ("states", "position", "sdgs", "themes", "assessment") if has[role]), None)


def _columns(header: list[str], terms) -> dict[str, int]:
    roles: dict[str, int] = {}
    for i, text in enumerate(header):
        role = _role(text, terms)
        if role and role not in roles:
            roles[role] = i
    return roles


def _infer(rows: list[list[str]], positions) -> dict[str, int]:
    """Roles of a table without headings, from what its cells hold."""
    roles: dict[str, int] = {}
    width = max((len(r) for r in rows), default=0)
    for i in range(width):
        cells = [r[i] for r in rows if i < len(r) and r[i].strip()]
        if not cells:
            continue
        if "rec" not in roles and sum(map(_is_rec, cells)) > len(cells) / 2:
            roles["rec"] = i
        elif "position" not in roles and sum(_position(c, positions)[0] is not None for c in cells) > len(cells) / 2:
            roles["position"] = i
        elif "sdgs" not in roles and sum(bool(_SDG.match(c.lstrip("-• "))) for c in cells) > len(cells) / 2:
            roles["sdgs"] = i
        elif "themes" not in roles and "rec" in roles:
            roles["themes"] = i
    return roles


@dataclass
class Cell:
    """What a recommendation cell holds: the text, its recommending States as written, and
    OHCHR's note lines taken out of the text."""
    id: str
    text: str
    states: list[str]
    position_source: str = ""
    source: str = ""
    note: str = ""
    unknown: list[tuple[str, list[str], bool]] = field(default_factory=list)   # (bracket, closest names, read as a State)


def _bracket_at_end(rest: str) -> int:
    """Where the balanced parenthesised group that ends ``rest`` opens, or -1."""
    depth, i = 0, len(rest) - 1
    while i >= 0:
        depth += rest[i] in ")）"
        depth -= rest[i] in "(（"
        if depth == 0:
            return i
        i -= 1
    return -1


def _trailing_groups(text: str) -> tuple[str, list[str], list[tuple[str, list[str], bool]]]:
    """Split "Ratify X (No. 189) (CEDAW) (Portugal, Slovakia) (Netherlands (Kingdom of the))"
    into the text and the recommending States: the parenthesised groups at the end that name
    States (one, or several in one bracket), resolved as entities (model/states.py). A group
    that is no State (a treaty's acronym or name, a number) and everything before it stay
    in the text. A group that reads like a name but is no State uprreport knows is taken as
    a State when a known name is close to it (a misspelling), else left in the text; both
    are returned as ``unknown`` with the closest names, for a warning."""
    found: list[str] = []
    unknown: list[tuple[str, list[str], bool]] = []
    rest = text.rstrip(" ;.；。")
    while rest.endswith((")", "）")):
        i = _bracket_at_end(rest)
        if i < 0:
            break
        inner = " ".join(rest[i + 1:-1].split())
        names = states.split(inner)
        if names is None:
            if not states.looks_like_name(inner):
                break                                   # "(CEDAW)", "(No. 189)", "(Add.1)": the text's own
            near = states.closest(inner)
            word = states.norm(inner)   # a misspelt name is close to one; a demonym begins with one
            close = bool(near) and difflib.SequenceMatcher(None, word, states.norm(near[0])).ratio() >= 0.8 \
                and not any(word.startswith(states.norm(n)) for n in near)
            unknown.append((inner, near, close))
            if not close:
                break
            names = [inner]
        found[:0] = names
        rest = rest[:i].rstrip()
    return rest, found, unknown


# OHCHR's note lines in a recommendation's (or a position's) cell, by label: where the
# position is stated, and a comment of its own ("Comments: Information sent in a post
# Add.1 letter"). They are fields of the row, never part of the text.
_NOTE_LABEL = re.compile(r"(?P<label>Source of position|Source de la position|Fuente de la posición|"
                         r"Источник позиции|Comments?|Commentaires?|Comentarios?|Observations?|Notes?|Remarks?)"
                         r"\s*[:：]\s*", re.I)
_SOURCE_LABEL = ("source", "fuente", "источник")
_SYMBOL = re.compile(r"\b[A-Z]/(?:HRC|CN\.4|WG\.6)/[\w./-]*\d", re.I)
_PARA = re.compile(r"\b(?:paras?|paragraphs?|par|párr|пункт)\.?\s*(\d+(?:\s*[-–]\s*\d+)?)", re.I)


def _notes_of(cell: str) -> tuple[str, str, str, str]:
    """(the cell without its note lines, position source, source symbol, note). A label
    counts where a note line starts: at the start of a line, or after the text's end."""
    marks = [m for m in _NOTE_LABEL.finditer(cell) if _note_starts(cell, m)]
    if not marks:
        return cell, "", "", ""
    position_source = source = ""
    notes = []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(cell)
        value = " ".join(cell[m.end():end].split()).strip(" ;")
        if m.group("label").lower().startswith(_SOURCE_LABEL):
            position_source, source = _source_of(value)
        elif value:
            notes.append(value)
    return cell[:marks[0].start()], position_source, source, "; ".join(notes)


def _note_starts(cell: str, m) -> bool:
    """A note line starts at the start of a line; "Source of position:" also right after
    the text (OHCHR runs it on after the States' bracket). A "Note:" or "Observations:" in
    the middle of a sentence is the recommendation's own."""
    before = cell[:m.start()].rstrip(" \t")
    if not before or before.endswith("\n"):
        return True
    return m.group("label").lower().startswith(_SOURCE_LABEL) and before.endswith((")", "）", ";", "."))


def _source_of(value: str) -> tuple[str, str]:
    """(position source, the Working Group report's symbol) from what follows "Source of
    position:": "A/HRC/59/15/Add.1 - Para.3", "A/HRC/28/15/Add.1, para. 3 - Para. 3"."""
    symbol = _SYMBOL.search(value)
    if not symbol:
        return value, ""
    sym = symbol.group(0).rstrip(".,;")
    para = _PARA.search(value, symbol.end())
    position_source = f"{sym}, para. {''.join(para.group(1).split())}" if para else sym
    return position_source, re.sub(r"/Add\.\d+$", "", sym, flags=re.I)


def parse_cell(cell: str) -> Cell | None:
    """A recommendation cell read: id, text, States, and OHCHR's note lines as fields."""
    body, position_source, source, note = _notes_of(cell)
    m = _ID.match(" ".join(body.split()))
    if not m:
        return None
    rec_id, rest = m.groups()
    texts, found, unknown = [], [], []
    for segment in re.split(r"(?<=[)）])\s*[;；]\s*", rest):
        segment = segment.strip(" ;；")
        if not segment:
            continue
        text, names, odd = _trailing_groups(segment)
        if text:
            texts.append(text)
        found.extend(names)
        unknown.extend(odd)
    return Cell(rec_id, "; ".join(texts), states.unique(found), position_source, source, note, unknown)


def parse_recommendation(cell: str) -> tuple[str, str, list[str], str, str] | None:
    """(id, text, states, position source, source symbol) from a recommendation cell."""
    got = parse_cell(cell)
    return None if got is None else (got.id, got.text, got.states, got.position_source, got.source)


def _position(cell: str, extra: dict[str, str]) -> tuple[str | None, str]:
    """(position, as written) from a position cell's first line; None when not a position."""
    first = next((line.strip() for line in cell.splitlines() if line.strip()), "")
    written = first.rstrip(" .;")
    key = " ".join(written.lower().split())
    try:
        return parse_position(extra.get(key, written)).value, written
    except ValueError:   # a word of import_terms mapped to what is no position is reported as the row's
        return None, written


def _theme_lists(cell: str) -> dict[str, list[str]]:
    """A themes cell: one theme a line (kept whole), and its "SDGs:" / "Affected persons:" lists."""
    out: dict[str, list[str]] = {"themes": [], "affected_persons": [], "sdgs": []}
    current = "themes"
    for line in cell.splitlines():
        line = line.strip()
        if not line:
            continue
        head, sep, value = line.partition(":")
        key = head.strip().lower()
        if sep and key in _LIST_HEADS:
            current = _LIST_HEADS[key]
            line = value.strip()
            if not line:
                continue
        item = line.lstrip("-\u2022 ").strip()
        if _SDG_LINE.match(item):
            out["sdgs"].append(_SDG_LINE.match(item).group(1))   # "S16 SDG 16 - peace, justice …": an SDG
        elif item:
            out[current].append(item)
    return out


def _theme_title(text: str) -> tuple[str, str]:
    """(title, code) of a theme row or theme line: prefixes and UHRI or list numbers removed."""
    text = _THEME_ROW.sub("", " ".join(text.split()))
    code = _UHRI.match(text)
    if code:
        return code.group(2), code.group(1)
    numbered = _NUMBERED.match(text)
    return (numbered.group(1) if numbered else text), ""


def _words(value) -> list[str]:
    """The headings import_terms gives a column: one written alone, or a list of them."""
    values = [value] if isinstance(value, (str, int, float)) else value if isinstance(value, list) else []
    return [str(v).lower() for v in values if isinstance(v, (str, int, float)) and str(v).strip()]


def read(path: Path, shown: str, terms: dict | None = None) -> tuple[list[MatrixRow], list[Diagnostic]]:
    """The recommendations of an OHCHR thematic list, and what could not be read.

    ``terms``: a project's own words, ``{"columns": {role: [headings]}, "positions": {word:
    position}}`` (report.yaml's ``import_terms``)."""
    terms = terms if isinstance(terms, dict) else {}
    columns, words = terms.get("columns"), terms.get("positions")
    headings = {str(role): _words(value) for role, value in columns.items()} if isinstance(columns, dict) else {}
    positions = {" ".join(str(k).lower().split()): str(v) for k, v in words.items()} if isinstance(words, dict) else {}
    gate = package.check(path, "Word")
    if gate.problem:
        return [], [make("file-refused", Location(shown), f"this file {gate.problem}")]
    try:
        tables = _tables(path)
    except package.DAMAGED:
        return [], [make("file-unreadable", Location(shown), "not a Word .docx file that can be read; "
                         "open it in Word and save it as .docx")]
    out: list[MatrixRow] = []
    skipped: dict[str, list[int]] = {}    # reason -> rows not read
    notes: dict[str, list[int]] = {}      # reason -> rows read, with something to check
    seen: dict[str, int] = {}
    roles: dict[str, int] = {}
    group = ""
    offset = 0   # rows are counted through all tables, as a reader pages through the list
    found_table = False
    for rows in tables:
        if not any(_is_rec(c) for r in rows for c in r):
            offset += len(rows)
            continue
        found_table = True
        first_rec = next(i for i, r in enumerate(rows) if any(_is_rec(c) for c in r))
        header = next((r for r in rows[:first_rec] if len(_columns(r, headings)) >= 2), None)
        table_roles = _columns(header, headings) if header else {}
        if "rec" not in table_roles:
            table_roles = roles if roles and max(roles.values()) < max(len(r) for r in rows) else \
                _infer(rows[first_rec:], positions)
        roles = table_roles
        for n, cells in enumerate(rows, offset + 1):
            texts = [c for c in cells if c.strip()]
            if not texts or cells == header:
                continue
            rec_cell = cells[roles["rec"]] if roles.get("rec", 99) < len(cells) else ""
            if not _is_rec(rec_cell):
                rec_cell = next((c for c in cells if _is_rec(c)), "")
            if not rec_cell:
                distinct = list(dict.fromkeys(texts))
                if len(distinct) == 1 and len(distinct[0]) < 200:
                    group = _theme_title(distinct[0])[0]       # a row spanning the table: a theme
                elif _columns(cells, headings).get("rec") is not None:
                    continue                                   # a heading repeated on a new page
                else:
                    skipped.setdefault("it holds no recommendation number", []).append(n)
                continue
            row = _row(cells, rec_cell, roles, positions, group, n, notes)
            if row.id in seen:
                skipped.setdefault(f"recommendation {row.id} is listed again (first in row {seen[row.id]})",
                                   []).append(n)
                continue
            seen[row.id] = n
            out.append(row)
        offset += len(rows)
    return out, _skips(shown, found_table, out, skipped) + _notes(shown, notes) + unknown_states(shown, out)


def _row(cells, rec_cell, roles, positions, group, n, notes) -> MatrixRow:
    def get(role: str) -> str:
        i = roles.get(role)
        return cells[i] if i is not None and i < len(cells) else ""

    got = parse_cell(rec_cell)
    found = list(got.states)
    unknown = list(got.unknown)
    for line in get("states").splitlines():   # a column of its own, one State (or several) a line
        name = line.strip(" ;,.-\u2022")
        if not name:
            continue
        names = states.split(name)
        if names is None:   # kept as written: this column holds nothing but States
            names = [name]
            unknown.append((name, states.closest(name), True))
        found.extend(names)
    found = states.unique(found)
    position, written = _position(get("position"), positions)
    if position is None:   # kept as written, for the drafter to correct; said once for all such rows
        notes.setdefault(f"the position '{written or '(empty)'}' is not one uprreport reads and is kept as "
                         "written: correct it in the register, or add the word under 'import_terms: positions:' "
                         "in report.yaml and import again", []).append(n)
        position = written
    if not found and position != "voluntary pledge":   # a pledge is the State's own
        notes.setdefault("no recommending State was found (neither in parentheses at the end of the "
                         "recommendation nor in a column of their own)", []).append(n)
    position_source, source, note = got.position_source, got.source, got.note
    _rest, pos_source, pos_symbol, pos_note = _notes_of(get("position"))   # some lists note in the position's cell
    if not position_source and pos_source:
        position_source, source = pos_source, pos_symbol
    note = "; ".join(x for x in (note, pos_note) if x)
    lists = _theme_lists(get("themes"))
    lists["sdgs"] += [line for line in get("sdgs").splitlines() if line.strip()]
    themes, uhri = [], []
    for t in lists["themes"]:
        title, code = _theme_title(t)
        themes.append(title)
        if code:
            uhri.append(code)
    sdgs = sorted({int(m.group(1)) for s in lists["sdgs"] if (m := _SDG.match(s.lstrip("-\u2022 ")))
                   and 1 <= int(m.group(1)) <= 17})
    return MatrixRow(got.id, got.text, found, position, position_source, source, group, themes, uhri,
                     lists["affected_persons"], sdgs, get("assessment"), n, note, unknown)


def unknown_states(shown: str, rows) -> list[Diagnostic]:
    """One warning per name that is no State uprreport knows, with its rows and the closest
    names: read as a State (a misspelling, or a column of States), or left in the text."""
    seen: dict[tuple[str, bool], tuple[list[str], list[int]]] = {}
    for r in rows:
        for name, near, as_state in r.unknown:
            seen.setdefault((name, as_state), (near, []))[1].append(r.table_row)
    out = []
    for (name, as_state), (near, where) in seen.items():
        closest = f"; the closest names are {', '.join(near)}" if near else ""
        what = ("read as a recommending State" if as_state
                else "left in the recommendation's text, as it names no State")
        out.append(make("state-unknown", Location(shown, row=where[0]),
                        f"'{name}' (row{'s' * (len(where) != 1)} {_rows_said(where)}) is no State uprreport knows: "
                        f"{what}{closest}. Correct it in the register if it is wrong"))
    return out


def _rows_said(rows: list[int]) -> str:
    return ", ".join(map(str, rows[:12])) + (f" and {len(rows) - 12} more" if len(rows) > 12 else "")


def _notes(shown: str, notes: dict[str, list[int]]) -> list[Diagnostic]:
    return [make("import-layout", Location(shown, row=rows[0]),
                 f"{len(rows)} recommendation{'s' * (len(rows) != 1)} (rows {_rows_said(rows)}): {reason}")
            for reason, rows in notes.items()]


def _skips(shown: str, found_table: bool, out: list[MatrixRow], skipped: dict[str, list[int]]) -> list[Diagnostic]:
    expected = ("a Word table whose rows start with a recommendation number (140.7 Ratify …), with a position "
                "column (Supported / Noted) and theme rows spanning the table")
    if not found_table:
        return [make("import-layout", Location(shown), f"no table of recommendations was found; expected {expected}. "
                     "Is this OHCHR's thematic list of recommendations?", severity=Severity.ERROR)]
    diags = []
    total = sum(len(rows) for rows in skipped.values())
    for reason, rows in skipped.items():
        diags.append(make("import-layout", Location(shown, row=rows[0]),
                          f"{len(rows)} row{'s' * (len(rows) != 1)} not read ({_rows_said(rows)}): {reason}"))
    if total > len(out):
        diags.insert(0, make("import-layout", Location(shown),
                             f"only {len(out)} of {len(out) + total} rows could be read: this document is not laid out "
                             f"as expected ({expected}); nothing was imported", severity=Severity.ERROR))
    return diags
