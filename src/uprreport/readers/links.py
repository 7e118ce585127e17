"""Read the project's ``links.csv`` (written by `uprreport link`, docs/linking.md), each row
checked against the register (a link to an earlier UPR cycle's recommendation, or, with
``earlier_mechanism``, a related one to a current recommendation of a treaty body or a
special procedure), and the earlier projects' last word on their recommendations
(``earlier/cycle-N.csv`` or ``.xlsx``: `uprreport export matrix` of the cycle-N project).

A wrong row of links.csv is reported where it is (links.csv, its row, the column) with what
to do, and left out: the report is built without it. An absent file is no problem.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.model.links import CONFIRMED, EARLIER_FOLDER, LINKS_FILE, RELATIONS, EarlierStatus, Link
from uprreport.model.register import OTHER_ID, REC_ID, split_list
from uprreport.readers import package, tables

_REDO = "run `uprreport link -p PROJECT` again (decisions already made are kept) or remove the row"


def read(root: Path, current: Collection[str], earlier: set[tuple[int, str]],
         mechanisms: Mapping[str, str] | None = None) -> tuple[list[Link], list[Diagnostic]]:
    """(the valid links of ``root``'s links.csv, in file order; diagnostics). ``current``:
    the ids followed up; ``earlier``: (cycle, id) of the earlier cycles' recommendations;
    ``mechanisms``: id followed up -> its mechanism (the register's ``mechanism``), to check a
    row's ``earlier_mechanism``. Without it (or when ``current`` is no such mapping), a row of
    another mechanism must name a recommendation followed up whose id is of another
    mechanism's form (``CEDAW-25a``: a UPR recommendation's id is a paragraph number)."""
    if mechanisms is None and isinstance(current, Mapping):
        mechanisms = current
    path = Path(root) / LINKS_FILE
    if not package.is_file(path):
        return [], []
    table, diags = tables.read_table(path, LINKS_FILE)
    if table is None:
        return [], diags
    missing = [c for c in ("id", "earlier_id", "relation") if c not in table.columns]
    if missing:
        return [], diags + [make("table-missing-column", table.at(row=1),
                                 f"no {', '.join(repr(c) for c in missing)} column; links.csv has the columns id, "
                                 f"earlier_id, earlier_cycle, earlier_mechanism, relation, score, confirmed "
                                 f"(`uprreport link` writes it)")]
    cycles_of: dict[str, list[int]] = {}
    for cycle, rid in sorted(earlier, reverse=True):
        cycles_of.setdefault(rid, []).append(cycle)
    out: list[Link] = []
    seen: dict[tuple[str, int | None, str, str], Location] = {}
    for n, cells in table.rows:
        rid, eid = cells.get("id", ""), cells.get("earlier_id", "")
        if not rid and not eid:
            continue
        bad = []   # (column, message)
        if not rid or rid not in current:
            bad.append(("id", f"'{rid}' is no recommendation followed up (no row of the register without a cycle "
                              f"has this id); correct the id, or {_REDO}" if rid else f"the id is empty; {_REDO}"))
        written = cells.get("earlier_cycle", "")
        mechanism = _other(cells.get("earlier_mechanism", ""))
        cycle: int | None = None
        if mechanism:
            if written:
                bad.append(("earlier_cycle", f"earlier_cycle '{written}' is given for a recommendation of "
                                             f"{mechanism}, which belongs to no UPR cycle; empty the earlier_cycle, "
                                             f"or empty the earlier_mechanism if {eid or 'it'} is an earlier UPR "
                                             f"recommendation"))
            problem = _other_problem(rid, eid, mechanism, current, mechanisms)
            if problem:
                bad.append(("earlier_id", f"{problem}; correct the id or the earlier_mechanism, or {_REDO}"))
        elif written:
            if not re.fullmatch(r"[1-9]", written):
                bad.append(("earlier_cycle", f"earlier_cycle '{written}' is not a cycle (a number from 1 to 9); "
                                             f"{_REDO}"))
            elif (int(written), eid) not in earlier:
                there = cycles_of.get(eid)
                bad.append(("earlier_id", f"'{eid}' is no recommendation of cycle {written} in the register"
                                          + (f" (it is one of cycle {', '.join(map(str, there))})" if there else "")
                                          + f"; correct the id or the cycle, or {_REDO}"))
            else:
                cycle = int(written)
        elif eid in cycles_of:
            cycle = cycles_of[eid][0]   # the latest cycle that has this id
        else:
            bad.append(("earlier_id", f"'{eid}' is no earlier cycle's recommendation in the register (rows with a "
                                      f"'cycle'); import that review's list with `uprreport import ohchr LIST --cycle "
                                      f"N`, correct the id, or {_REDO}" if eid else f"earlier_id is empty; {_REDO}"))
        relation = cells.get("relation", "").casefold()
        if relation not in RELATIONS:
            bad.append(("relation", f"relation '{cells.get('relation', '')}' is neither 'same' nor 'related'; write "
                                    "one of them"))
        elif mechanism and relation != "related":
            bad.append(("relation", f"relation '{cells.get('relation', '')}': {eid} is a recommendation of "
                                    f"{mechanism}, not of an earlier UPR review, and a recommendation of another "
                                    f"mechanism can only "
                                    f"be related; write 'related' (only an earlier UPR cycle's recommendation can be "
                                    f"the same)"))
        score: float | None = None
        if cells.get("score", ""):
            try:
                score = float(cells["score"].replace(",", "."))
            except ValueError:
                score = None
            if score is None or not 0 <= score <= 1:
                bad.append(("score", f"score '{cells['score']}' is not a number from 0 to 1; leave the score "
                                     f"`uprreport link` wrote, or empty it"))
                score = None
        confirmed = cells.get("confirmed", "").casefold()
        if confirmed not in CONFIRMED + ("",):
            bad.append(("confirmed", f"confirmed '{cells['confirmed']}' is neither yes nor no; write yes (the link "
                                     "holds), no (it does not) or leave it empty (not decided)"))
        for column, message in bad:
            diags.append(make("link-invalid", table.at(row=n, field=column), message))
        if bad:
            continue
        key = (rid, cycle, mechanism.casefold(), eid)
        if key in seen:
            of = f"of {mechanism}" if mechanism else f"of cycle {cycle}"
            diags.append(make("link-duplicate", table.at(row=n, field="earlier_id"),
                              f"{rid} is linked to {eid} {of} already at {seen[key]}; keep one of the "
                              f"rows (with the decision that holds) and remove the other"))
            continue
        seen[key] = table.at(row=n)
        out.append(Link(rid, eid, cycle, relation, score, confirmed, earlier_mechanism=mechanism))
    return out, diags


def _other(written: str) -> str:
    """The mechanism of an ``earlier_mechanism`` cell, empty for the UPR's (or none)."""
    written = " ".join(written.split())
    return "" if written.casefold() in ("", "upr") else written


def _other_problem(rid: str, eid: str, mechanism: str, current: Collection[str],
                   mechanisms: Mapping[str, str] | None) -> str:
    """What is wrong with ``eid`` as the current recommendation of ``mechanism`` a row links
    ``rid`` to; empty when nothing is."""
    if not eid:
        return "earlier_id is empty"
    if eid not in current:
        return (f"'{eid}' is no recommendation of {mechanism} in the register (no row without a cycle has this "
                f"id)")
    if eid == rid:
        return f"'{eid}' is the recommendation of the id column itself"
    if mechanisms is not None:
        theirs = " ".join(str(mechanisms.get(eid) or "UPR").split())
        if theirs.casefold() != mechanism.casefold():
            return f"'{eid}' is a recommendation of {theirs} in the register, not of {mechanism}"
        ours = " ".join(str(mechanisms.get(rid) or "UPR").split())
        if ours.casefold() == theirs.casefold():
            return f"'{eid}' and {rid} are both recommendations of {theirs}"
    elif REC_ID.match(eid) or not OTHER_ID.match(eid):
        return f"'{eid}' is a UPR recommendation's id (a paragraph number), not one of {mechanism}"
    return ""


_CYCLE_FILE = re.compile(r"^cycle-?([1-9])\.(csv|xlsx)$", re.I)


def read_earlier(root: Path) -> tuple[dict[tuple[int, str], EarlierStatus], list[Diagnostic]]:
    """(cycle, id) -> the status and actions an earlier project reported, from
    ``earlier/cycle-N.csv`` (or .xlsx): `uprreport export matrix` of that cycle's project."""
    folder = Path(root) / EARLIER_FOLDER
    if not folder.is_dir():
        return {}, []
    out: dict[tuple[int, str], EarlierStatus] = {}
    diags: list[Diagnostic] = []
    for path in sorted(folder.iterdir()):
        m = _CYCLE_FILE.match(path.name)
        if not m or not package.is_file(path):
            continue
        shown = f"{EARLIER_FOLDER}/{path.name}"
        table, more = tables.read_table(path, shown, fits=lambda cols: "id" in cols and "status" in cols)
        diags.extend(more)
        if table is None:
            continue
        if "id" not in table.columns or "status" not in table.columns:
            diags.append(make("table-missing-column", table.at(row=1),
                              "no 'id' or 'status' column; put here the earlier project's `uprreport export matrix`"))
            continue
        cycle = int(m.group(1))
        for _n, cells in table.rows:
            rid = cells.get("id", "")
            if rid and (cells.get("status") or cells.get("actions")):
                out[(cycle, rid)] = EarlierStatus(cells.get("status", ""), split_list(cells.get("actions", "")))
    return out, diags
