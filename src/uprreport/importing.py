"""Bring recommendations from outside sources into a project's register, in place.

Rows are matched on (source document, id). An import sets the columns it knows (text,
States, position, themes ...) and leaves every other column of existing rows as it was
(a drafter's status or notes column survives); rows it does not bring are kept. Running
the same import twice changes nothing and does not even rewrite the file.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, Severity
from uprreport.errors import UprError, UsageError
from uprreport.model.register import join_list
from uprreport.readers import package, tables, yamlfile
from uprreport.writers import table as table_writer

REGISTER_COLUMNS = ["id", "text", "states", "position", "themes", "sdgs", "affected_persons", "mechanism",
                    "source", "position_source", "note", "response", "action_category", "related", "theme_codes", "cycle"]


@dataclass
class ImportResult:
    path: Path
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: int = 0                       # rows of the register the import did not bring
    diagnostics: list[Diagnostic] = field(default_factory=list)
    review: object = None               # OHCHR lists: the review they are of (ohchr_matrix.Review), if said
    earlier: dict = field(default_factory=dict)   # UPR Info: rows kept as an earlier cycle's, by cycle


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return join_list(value)
    return str(value).strip()


def read_raw(path: Path, shown: str) -> tuple[list[str], list[dict]]:
    """The register as it is on disk: its columns in order and its rows as text cells."""
    if not package.is_file(path):
        return [], []
    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        pos, diags = yamlfile.read_positioned(path, shown)
        if pos is None:
            raise UprError(f"cannot read the register {shown}", diagnostics=diags)
        data = pos.data.get("recommendations", pos.data or None) if isinstance(pos.data, dict) else pos.data
        if data is not None and not isinstance(data, list):   # an import would write over it
            raise UprError(f"the register {shown} is not a list of recommendations, so nothing was imported into it",
                           hint=f"correct {shown} (`uprreport validate` says where), or point 'register:' in "
                                "report.yaml at another file")
        rows = [{k: cell(v) for k, v in item.items()} for item in data or [] if isinstance(item, dict)]
        columns = list(dict.fromkeys(k for row in rows for k in row))
        return columns, rows
    data, diags = tables.read_table(path, shown)
    if data is None:
        raise UprError(f"cannot read the register {shown}", diagnostics=diags)
    return list(data.columns), [row for _n, row in data.rows]


def project_register(root: Path) -> tuple[Path, str, str]:
    """(register path, shown name, default source symbol) of the project at ``root``."""
    from uprreport.readers.project import read_manifest

    manifest, _pos, diags = read_manifest(Path(root))
    if manifest is None:
        raise UsageError(f"'{root}' is not a report project (no readable report.yaml)", diagnostics=diags,
                         hint="create one with `uprreport init`, or give the project folder")
    name = getattr(manifest, "register_file", None) or "recommendations.csv"
    if Path(name).suffix.lower() not in table_writer.WRITERS:   # an import writes the register back
        raise UprError(f"the register '{name}' named in report.yaml is not a .csv, .xlsx, .yaml or .json file, "
                       "so nothing can be imported into it",
                       hint="set 'register:' in report.yaml to a file ending in .csv, .xlsx, .yaml or .json")
    return Path(root) / name, name, getattr(manifest, "previous_review", None) or ""


def merge(root: Path, incoming: list[dict], owned: list[str]) -> ImportResult:
    """Merge ``incoming`` rows (register fields) into the register of the project at ``root``."""
    path, shown, default_source = project_register(root)
    columns, rows = read_raw(path, shown)
    # an earlier cycle's rows (their 'cycle' written) are apart from those followed up
    key = lambda row: (cell(row.get("cycle")), cell(row.get("source")) or default_source,  # noqa: E731
                       cell(row.get("id")))
    index = {key(row): row for row in rows}
    result = ImportResult(path)
    seen = set()
    for new in incoming:
        new = {c: cell(v) for c, v in new.items()}
        k = key(new)
        if k in seen:
            continue
        seen.add(k)
        old = index.get(k)
        if old is None:
            rows.append(new)
            index[k] = new
            result.added.append(new["id"])
            continue
        mine = [c for c in owned if c in new]   # a column the source does not give is left as it is
        diff = [c for c in mine if cell(old.get(c)) != new[c]]
        for c in mine:
            old[c] = new[c]
        (result.changed if diff else result.unchanged).append(new["id"])
    result.kept = len(rows) - len(seen & set(index))
    if result.added or result.changed or not package.is_file(path):
        order = columns + [c for c in REGISTER_COLUMNS if c not in columns and any(r.get(c) for r in rows)]
        order += [c for r in rows for c in r if c not in order]
        result.diagnostics = table_writer.write(path, list(dict.fromkeys(order)), rows)
    return result


def located(diags: list[Diagnostic], shown: str) -> list[Diagnostic]:
    return [d if d.location.path else Diagnostic(d.code, d.severity, Location(shown), d.message) for d in diags]


def _norm(text: str) -> str:
    """A text as compared: case, accents and punctuation aside ("Côte d’Ivoire" and "Cote
    d'Ivoire" are "cote d ivoire")."""
    import unicodedata

    text = str(text)
    plain = text if text.isascii() else \
        "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(_WORD.findall(plain.casefold()))


_WORD = re.compile(r"[^\W_]+")


def match_texts(register: list[dict], wanted: list[tuple[str, str]], cutoff: float = 0.85):
    """For each (recommending State, text) of ``wanted``, the register row of that State
    whose wording is the same or nearly (difflib ratio >= ``cutoff``, or one wording holding
    the other whole), or None. A State is known by any spelling ("Iran", "Iran (Islamic
    Republic of)": ``states.key``), and a register row's ``states`` cell may name several
    (``split_list``). Returns (matches, reasons): for each text the reason it is unmatched,
    or None. The register is indexed by State first, so a text is compared with the rows of
    its State only; of equally good rows, one not matched yet is taken."""
    from uprreport.model import states
    from uprreport.model.register import split_list

    by_state: dict[str, list[tuple[str, dict]]] = {}
    by_text: dict[str, dict] = {}
    same: dict[tuple[str, str], list[dict]] = {}   # (State, wording) -> its rows, in register order
    for row in register:
        text = _norm(cell(row.get("text")))
        by_text.setdefault(text, row)
        for code in dict.fromkeys(states.key(s) for s in split_list(row.get("states", ""))):
            by_state.setdefault(code, []).append((text, row))
            same.setdefault((code, text), []).append(row)
    taken: set[int] = set()
    coded = _Coded()
    pools: dict[tuple[str, ...], _Pool] = {}
    near_names: dict[str, list[str]] = {}
    matches: list[dict | None] = []
    reasons: list[str | None] = []
    for state, text in wanted:
        norm = _norm(text)
        names = [] if not state.strip() else (
            [state] if states.resolve(state) is not None else states.split(state) or [state])
        codes = [states.key(n) for n in names]
        # the same wording first, looked up (what _closest's first test finds among the candidates)
        exact = list({id(row): row for code in codes for row in same.get((code, norm), [])}.values()) \
            if norm else []
        if exact:
            best = next((row for row in exact if id(row) not in taken), exact[0])
            taken.add(id(best))
            matches.append(best)
            reasons.append(None)
            continue
        pool = pools.get(tuple(codes))
        if pool is None:
            pool = pools[tuple(codes)] = _Pool(
                list({id(row): (t, row) for code in codes for t, row in by_state.get(code, [])}.values()), coded)
        best, score = _closest(norm, pool, taken, coded)
        if best is not None and score >= cutoff:
            taken.add(id(best))
            matches.append(best)
            reasons.append(None)
            continue
        matches.append(None)
        reasons.append(_unmatched(state, names, best, score, by_text.get(norm) if norm else None, near_names))
    return matches, reasons


def _closest(norm: str, candidates: "list[tuple[str, dict]] | _Pool", taken: set[int],
             coded: "_Coded | None" = None) -> tuple[dict | None, float]:
    """The candidate whose wording is nearest ``norm`` and how alike: 1.0 the same, 0.99 one
    holding the other whole, else difflib's ratio over the words, or over the characters
    when the words are alike enough for spelling to matter (``_SPELLING``); of equals, the
    first not in ``taken``, else the first.

    RapidFuzz scores ``norm`` against every candidate at once (``_Pool.scores``): its Indel
    ratio (twice the longest common subsequence over the lengths) is never below difflib's
    ratio (twice the matching blocks difflib finds, a common subsequence), so it bounds the
    score, and only a wording as long as one holding the other allows can hold it. The
    candidates are then tried best bound first, and the search stops where no bound can beat
    the best found: the same answer as trying every one, without difflib on most."""
    import numpy as np

    pool = candidates if isinstance(candidates, _Pool) else _Pool(candidates, coded or _Coded())
    if not norm or not pool.rows:
        return None, 0.0
    bounds, letters = pool.scores(norm)
    n = len(norm)
    same = np.flatnonzero(letters >= 1.0 - 1e-9)
    holding = np.flatnonzero(letters * (pool.lengths + n) + 1e-6 >= 2 * np.minimum(pool.lengths, n))
    for score, test, found in ((1.0, str.__eq__, same), (0.99, _holds, holding)):   # the cheap tests first
        best, best_key = None, (-1.0, False, 0)
        for i in found.tolist():
            reg, row = pool.texts[i], pool.rows[i]
            key = (score, id(row) not in taken, -i)
            if key > best_key and test(reg, norm):
                best, best_key = row, key
        if best is not None:
            return best, score
    words = difflib.SequenceMatcher(None, autojunk=False)
    words.set_seq2(norm.split())     # difflib keeps what it learns of the second sequence
    chars = difflib.SequenceMatcher(None, autojunk=False)
    chars.set_seq2(norm)
    best, best_key = None, (-1.0, False, 0)
    for i in np.argsort(-bounds, kind="stable").tolist():
        if bounds[i] + 1e-9 < best_key[0]:
            break                    # no candidate left can do better than the best so far
        reg, row = pool.texts[i], pool.rows[i]
        words.set_seq1(reg.split())
        ratio = words.ratio()
        if ratio >= _SPELLING:       # the same words but a few: let spelling count ("programme", "program")
            chars.set_seq1(reg)
            ratio = max(ratio, chars.ratio())
        key = (ratio, id(row) not in taken, -i)
        if key > best_key:
            best, best_key = row, key
    return best, max(best_key[0], 0.0)


_SPELLING = 0.6   # words this alike are compared letter by letter too


class _Coded:
    """Texts as RapidFuzz compares them word by word: each word one character (from U+10000,
    clear of surrogates), each text coded once for a whole import."""

    def __init__(self):
        self.symbols: dict[str, str] = {}
        self.texts: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        found = self.texts.get(text)
        if found is None:
            symbols = self.symbols
            found = self.texts[text] = "".join(symbols.setdefault(w, chr(0x10000 + len(symbols)))
                                               for w in text.split())
        return found


class _Pool:
    """The register rows a text may match (those of its recommending States), in register
    order, their wordings as compared, coded word by word, and their lengths: made once for
    every text of the same States."""

    def __init__(self, candidates: list[tuple[str, dict]], coded: _Coded):
        import numpy as np

        self.texts = [t for t, _row in candidates]
        self.rows = [row for _t, row in candidates]
        self.coded_texts = [coded(t) for t in self.texts]
        self.coded = coded
        self.lengths = np.array([len(t) for t in self.texts], dtype=np.float64)

    def scores(self, norm: str):
        """(bounds of ``_closest``'s score, the letters' Indel ratio), 0-1, for every row."""
        import numpy as np
        from rapidfuzz import fuzz, process

        by_words = process.cdist([self.coded(norm)], self.coded_texts, scorer=fuzz.ratio, dtype=np.float64)[0] / 100
        by_letters = process.cdist([norm], self.texts, scorer=fuzz.ratio, dtype=np.float64)[0] / 100
        bounds = np.where(by_words < _SPELLING, by_words, np.maximum(by_words, by_letters))
        return bounds, by_letters


def _holds(a: str, b: str) -> bool:
    """Whether one wording holds the other whole, the shorter being of five words at least."""
    short, long = sorted((a, b), key=len)
    return short.count(" ") >= 4 and f" {short} " in f" {long} "


def _unmatched(state: str, names: list[str], closest: dict | None, score: float, same_text: dict | None,
               near_names: dict[str, list[str]]) -> str:
    """Why a UPR Info row matches no register row, in words (``near_names``: the known names
    closest to each unknown one, kept across rows)."""
    from uprreport.model import states

    entity = states.resolve(state) if state.strip() else None
    if closest is not None:
        reason = (f"recommendations of {state} in the register, none with this wording "
                  f"(closest: {cell(closest.get('id')) or 'a row without id'}, {int(score * 100)}% alike)")
    elif not state.strip():
        reason = "no recommending State (the From column is empty)"
    elif entity is not None and not entity.is_state:
        reason = f"{state} is a regional group or organisation ({entity.name}), not a State"
    elif entity is None and all(states.resolve(n) is None for n in names):
        if state not in near_names:
            near_names[state] = states.closest(state)
        near = near_names[state]
        reason = f"{state} is no State uprreport knows" + (f" (closest: {', '.join(near)})" if near else "")
    else:
        reason = f"no recommendation of {state} in the register"
    if closest is None and same_text is not None:
        reason += (f"; the register has this wording as {cell(same_text.get('id'))}, of "
                   f"{cell(same_text.get('states')) or 'no State'}")
    return reason


def followed_cycle(manifest) -> int | None:
    """The cycle whose recommendations the project follows up: the one before the coming
    review's ('cycle:' in report.yaml), a mid-term report's own."""
    cycle = getattr(manifest, "cycle", None)
    if not cycle:
        return None
    return cycle if getattr(manifest, "kind", "") == "midterm" else max(cycle - 1, 1)


def import_ohchr(docx: Path, root: Path, cycle: int | None = None) -> ImportResult:
    """Import OHCHR's thematic list of recommendations (.docx) into the project's register.

    With ``cycle`` earlier than the cycle the project follows up, the list's rows are an
    earlier review's: kept beside the others with their cycle written, to link to
    (docs/linking.md), and not answered again."""
    import tempfile

    from uprreport.readers import legacy, ohchr_matrix

    from uprreport.readers.project import read_manifest

    manifest, _pos, _diags = read_manifest(Path(root))
    terms = getattr(manifest, "import_terms", None)
    followed = followed_cycle(manifest)
    if cycle is not None and followed is not None and cycle > followed:
        raise UsageError(f"--cycle {cycle} is not an earlier cycle: this project follows up the recommendations "
                         f"of cycle {followed}",
                         hint=f"import the list of cycle {followed} without --cycle, and earlier lists with their "
                              "cycle")
    earlier = cycle is not None and cycle != followed
    if Path(docx).suffix.lower() in legacy.FORMATS:   # Word 97 copies of the lists, RTF, OpenDocument
        with tempfile.TemporaryDirectory(prefix="uprreport-legacy-") as staging:
            converted, diags = legacy.to_docx(Path(docx), Path(docx).name, Path(staging))
            if converted is None:
                raise UprError(f"no recommendations imported from {Path(docx).name}", diagnostics=diags)
            rows, more = ohchr_matrix.read(converted, Path(docx).name, terms)
            diags += more
            review = ohchr_matrix.review_of(converted) if rows else None
    else:
        rows, diags = ohchr_matrix.read(Path(docx), Path(docx).name, terms)
        review = ohchr_matrix.review_of(Path(docx)) if rows else None
    if not rows or any(d.severity is Severity.ERROR for d in diags):
        raise UprError(f"no recommendations imported from {Path(docx).name}", diagnostics=diags)
    incoming = [ohchr_matrix.register_row(r) for r in rows]
    if earlier:
        incoming = [{**row, "cycle": str(cycle)} for row in incoming]
        if review is not None and review.cycle != cycle:
            from uprreport.diagnostics import make

            diags.append(make("import-symbol", Location(Path(docx).name),
                              f"the list says it is of the {review.cycle}th cycle, imported as cycle {cycle}"))
    result = merge(Path(root), incoming, ohchr_matrix.OWNED)
    symbols = sorted({r.source for r in rows if r.source})
    followed = getattr(manifest, "previous_review", None)
    if symbols and followed and followed not in symbols and not earlier:
        from uprreport.diagnostics import make

        diags.append(make("import-symbol", Location("report.yaml", field="previous_review"),
                          f"the list holds recommendations of {', '.join(symbols)}, but report.yaml follows up "
                          f"{followed}: set 'previous_review: {symbols[0]}' if this report follows up this list"))
    result.diagnostics = diags + result.diagnostics
    result.review = review
    return result


def import_uprinfo(export: Path, root: Path, state: str, session: str | None = None,
                   paragraph: int | None = None, cycle: int | None = None,
                   earlier_apart: bool = True, earlier_only: bool = False) -> ImportResult:
    """Import a UPR Info export for one State (and session) into the project's register.

    The State under review may be written in any spelling ("Iran (Islamic Republic of)"
    finds the export's "Iran"). UPR Info gives no paragraph numbers. With ``paragraph``, rows
    become recommendations ``paragraph.1``, ``paragraph.2`` … in the export's order (for a
    register built from UPR Info alone). Without it, each row is matched to a register
    recommendation of the same recommending State (any spelling) with (nearly) the same
    wording, and only the action category and UPR Info's issues are added; unmatched rows
    are reported with the reason, not invented. Voluntary pledges are kept as pledges
    (position ``voluntary pledge``) and never matched to recommendations; the result's
    ``pledges`` counts them.

    Rows of a session of an earlier cycle than the one the project follows up (the cycle of
    each session: ``model.cycles``; ``cycle`` says it for all the rows instead) are an earlier
    review's, as ``import ohchr --cycle`` makes them: kept with their cycle written, to link
    to, and matched only to the register's rows of that cycle. ``result.earlier`` counts them
    by cycle. ``earlier_apart=False`` (a project started from the export) takes every row as
    followed up; ``earlier_only`` refuses rows that are not of an earlier cycle (the
    workspace's page of earlier recommendations).
    """
    from uprreport.diagnostics import make
    from uprreport.readers import uprinfo

    shown = Path(export).name
    rows, diags = uprinfo.read(Path(export), shown, state, session)
    if not rows:
        everything = [] if any(d.severity is Severity.ERROR for d in diags) else uprinfo.read_all(Path(export), shown)[0]
        raise UprError(f"no rows for '{state}'{f' in session {session}' if session else ''} in {shown}",
                       diagnostics=diags, hint=_uprinfo_hint(everything, diags, state, session))
    earlier_of, later, followed = _cycles(rows, Path(root), cycle) if earlier_apart else ({}, {}, None)
    if earlier_only and any(id(r) not in earlier_of for r in rows):
        now = sorted({r.session for r in rows if id(r) not in earlier_of}, key=lambda x: (len(x), x))
        raise UsageError(f"the export's rows for {state} of session{'s' * (len(now) > 1)} {', '.join(now)} are not of "
                         "an earlier review than the one this report follows up (or their session's cycle is not "
                         "known)", hint="choose the session of the earlier review, or give its cycle")
    correct = "correct 'cycle:' in report.yaml (the cycle of the coming review)"
    if later and paragraph is not None:
        raise UsageError(_later_said(rows, later, state, followed),
                         hint=correct if session else f"give --session to import the rows of an earlier session, or "
                                                      f"{correct}")
    if paragraph is not None and len({earlier_of.get(id(r)) for r in rows}) > 1:
        # UPR Info gives no paragraph numbers: the rows of two reviews numbered as one list would
        # give the recommendations followed up ids after the earlier review's
        of = sorted({r.session for r in rows}, key=lambda x: (len(x), x))
        raise UsageError(f"the export's rows for {state} are of several reviews (sessions {', '.join(of)}), and "
                         "--paragraph numbers one review's recommendations",
                         hint="import each review's session on its own, with --session and the paragraph of its "
                              "Working Group report")
    if later:     # enriching: the rows of a later review have no recommendation here to add to
        what = correct if session else f"give --session to choose the sessions, or {correct}"
        diags.append(make("import-cycle-later", Location(shown),
                          f"{_later_said(rows, later, state, followed)}: they were not imported ({what})"))
        rows = [r for r in rows if id(r) not in later]
    diags += _uprinfo_not_states([r for r in rows if not r.is_pledge], shown)
    if paragraph is not None:
        diags += uprinfo.check(rows, shown)      # the positions are written only here
        incoming = [uprinfo.register_row(r, f"{paragraph}.{i}") for i, r in enumerate(rows, 1)]
        incoming = [{**row, "cycle": str(earlier_of[id(r)])} if id(r) in earlier_of else row
                    for r, row in zip(rows, incoming)]
        result = merge(Path(root), incoming, uprinfo.OWNED)
    else:
        path, register_shown, _default = project_register(Path(root))
        _columns, register = read_raw(path, register_shown)
        recommendations = [r for r in rows if not r.is_pledge]
        # a row is matched among the register's rows of its own cycle: a recommendation made
        # again in the same words at the next review is another row
        groups: dict[str, list[int]] = {}
        for n, r in enumerate(recommendations):
            groups.setdefault(str(earlier_of.get(id(r), "")), []).append(n)
        matched: list[dict | None] = [None] * len(recommendations)
        reasons: list[str | None] = [None] * len(recommendations)
        for of_cycle, members in groups.items():
            # the rows followed up have no cycle written, or the cycle followed up (a register whose
            # every row says its cycle)
            among = [row for row in register if cell(row.get("cycle")) == of_cycle] if of_cycle else \
                [row for row in register if cell(row.get("cycle")) in ("", str(followed))]
            if of_cycle and not among:    # said once for all its rows, none of them one by one
                diags.append(make("import-cycle-absent", Location(shown),
                                  f"{len(members)} row{'s' * (len(members) != 1)} of the export "
                                  f"{'are' if len(members) != 1 else 'is'} of cycle {of_cycle} (an earlier review), "
                                  f"and {register_shown} holds no recommendation of cycle {of_cycle} to add them to: "
                                  f"import that cycle's list first (`uprreport import ohchr LIST --cycle {of_cycle}`), "
                                  "or build its recommendations from the export with --paragraph"))
                continue
            found, why = match_texts(among, [(recommendations[n].recommending_state, recommendations[n].text)
                                             for n in members])
            for n, row, reason in zip(members, found, why):
                matched[n] = row
                reasons[n] = reason if not of_cycle or reason is None else f"{reason} (among cycle {of_cycle}'s)"
        incoming = [{**reg_row, **uprinfo.enrichment(r)} for r, reg_row in zip(recommendations, matched)
                    if reg_row is not None]
        result = merge(Path(root), incoming, uprinfo.ENRICHED)
        for r, reason in zip(recommendations, reasons):
            if reason is not None:
                excerpt = r.text if len(r.text) <= 80 else r.text[:80] + "…"
                diags.append(make("import-unmatched", Location(shown, row=r.row, field="From"),
                                  f"{reason}: “{excerpt}” was not imported; correct the State or the wording "
                                  f"in {register_shown} if it is this recommendation"))
    result.pledges = sum(1 for r in rows if r.is_pledge)   # shown by `uprreport import uprinfo`
    for row in incoming:
        if cell(row.get("cycle")):
            result.earlier[int(cell(row["cycle"]))] = result.earlier.get(int(cell(row["cycle"])), 0) + 1
    result.diagnostics = diags + result.diagnostics
    return result


def _cycles(rows, root: Path, cycle: int | None) -> tuple[dict[int, int], dict[int, int], int | None]:
    """(id(row) -> its cycle for the rows of an earlier cycle than the one the project at
    ``root`` follows up, the same for the rows of a later cycle, the cycle followed up), from
    each row's session or from ``cycle`` for all of them; UsageError for a ``cycle`` after the
    one followed up."""
    from uprreport.model import cycles
    from uprreport.readers.project import read_manifest

    manifest, _pos, _diags = read_manifest(root)
    followed = followed_cycle(manifest)
    if cycle is not None:
        if followed is not None and cycle > followed:
            raise UsageError(f"--cycle {cycle} is not an earlier cycle: this project follows up the "
                             f"recommendations of cycle {followed}",
                             hint=f"import the rows of cycle {followed} without --cycle, and earlier ones with "
                                  "their cycle")
        return ({} if cycle == followed else {id(r): cycle for r in rows}), {}, followed
    if followed is None:
        return {}, {}, None
    of = {id(r): cycles.of_session(r.session) for r in rows}
    return ({key: c for key, c in of.items() if c is not None and c < followed},
            {key: c for key, c in of.items() if c is not None and c > followed}, followed)


def _later_said(rows, later: dict[int, int], state: str, followed: int | None) -> str:
    sessions = sorted({r.session for r in rows if id(r) in later}, key=lambda s: (len(s), s))
    shown = ", ".join(sessions[:12]) + (" …" if len(sessions) > 12 else "")
    n = sum(1 for r in rows if id(r) in later)
    return (f"{n} row{'s' * (n != 1)} of the export for {state} (session{'s' * (len(sessions) > 1)} {shown}) "
            f"{'are' if n != 1 else 'is'} of cycle {', '.join(map(str, sorted(set(later.values()))))}, after cycle "
            f"{followed}, which this project follows up (from 'cycle:' in report.yaml)")


def _uprinfo_not_states(rows, shown: str) -> list[Diagnostic]:
    """A recommending State that is a group or organisation (EU, OIF), or no State uprreport
    knows: one warning per name, at its first row."""
    from uprreport.diagnostics import make
    from uprreport.model import states

    where: dict[str, list[int]] = {}
    for r in rows:
        name = r.recommending_state
        entity = states.resolve(name) if name else None
        if (entity is not None and entity.is_state) or (name and entity is None and states.split(name)):
            continue     # a State, or several ("Spain, Tunisia"), each known
        where.setdefault(name, []).append(r.row)
    out = []
    for name, at in where.items():
        said = f"row{'s' * (len(at) > 1)} {', '.join(map(str, at[:10]))}{' …' if len(at) > 10 else ''}"
        entity = states.resolve(name) if name else None
        if not name:
            what = "no recommending State (the From column is empty)"
        elif entity is not None:
            what = f"'{name}' is a regional group or organisation ({entity.name}), not a State; it is not put among the States"
        else:
            near = states.closest(name)
            what = f"'{name}' is no State uprreport knows" + (f" (closest: {', '.join(near)})" if near else "")
        out.append(make("state-unknown", Location(shown, row=at[0], field="From"),
                        f"{what} ({said}): correct the recommending State in the register if it is wrong"))
    return out


def _uprinfo_hint(rows, diags: list[Diagnostic], state: str, session: str | None) -> str:
    """What to do when the export has no row for the State (and session) asked for."""
    from uprreport.readers import uprinfo

    if any(d.severity is Severity.ERROR for d in diags):
        return "correct the export as the messages say, or export it again from UPR Info's database"
    if not rows:
        return "the export has no rows: export the State's recommendations again from UPR Info's database"
    of_state = uprinfo.select(rows, state)
    if of_state and session:
        sessions = sorted({r.session for r in of_state}, key=lambda s: (len(s), s))
        return (f"the rows of {state} are of session{'s' * (len(sessions) > 1)} {', '.join(sessions)}: "
                "give one of these to --session, or leave it out")
    names = sorted({r.state_under_review for r in rows})
    near = difflib.get_close_matches(state, names, n=3, cutoff=0.5)
    shown = ", ".join(names[:12]) + (f" … ({len(names)} in all)" if len(names) > 12 else "")
    return (f"the States under review in this export are {shown}"
            + (f"; the closest to '{state}': {', '.join(near)}" if near else "")
            + ". Give one of them to --state, in any spelling")


def import_impact(csv_path: Path, root: Path) -> ImportResult:
    """Import an IMPACT OSS recommendations CSV into the project's register."""
    from uprreport.readers import impact

    rows, diags = impact.read(Path(csv_path), Path(csv_path).name)
    if not rows:
        raise UprError(f"no recommendations read from {Path(csv_path).name}", diagnostics=diags)
    result = merge(Path(root), rows, impact.OWNED)
    result.diagnostics = diags + result.diagnostics
    return result


def import_wgreport(report: Path, root: Path, addendum: Path | None = None) -> ImportResult:
    """Import the recommendations of a Working Group report, with the positions its addendum gives."""
    from uprreport.readers import wgreport

    got = wgreport.read(Path(report), Path(addendum) if addendum else None)
    if not got.recommendations or any(d.severity is Severity.ERROR for d in got.diagnostics):
        raise UprError(f"no recommendations imported from {Path(report).name}", diagnostics=got.diagnostics)
    incoming = []
    for r in got.recommendations:
        row = {"id": r.id, "text": r.text, "states": r.states, "mechanism": "UPR", "source": r.source}
        if r.position:
            row["position"] = r.position
        incoming.append(row)
    result = merge(Path(root), incoming, ["text", "states", "position", "mechanism"])
    result.diagnostics = got.diagnostics + result.diagnostics
    return result
