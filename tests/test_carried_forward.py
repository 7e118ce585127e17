"""Carried forward (tracker #31, docs/linking.md): a recommendation the same as one received in
an earlier cycle gets, in the input pack of each body answering for it, what the earlier
cycle's project reported on it (its `export matrix` in earlier/cycle-N.csv): status, actions,
evidence, in grey locked columns after the others. A pack without any has no such columns, and
what comes back is read without them: they are never the body's answers."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT
from earlierkit import ARCADIA_EARLIER, with_earlier
from uprreport import api, i18n
from uprreport.readers.contribution import CARRIED_LABELS, IMPL_LABELS, aliases
from uprreport.readers.tables import normalise_header

CARRIED = list(CARRIED_LABELS)
LINKS = "id,earlier_id,earlier_cycle,relation,score,confirmed\n"
# 140.1 repeats 115.12 (proposed above the threshold: shown); 140.2 is only related to 98.3
# (not shown); 140.4 was refused as the same as 115.40 (not shown).
ARCADIA_LINKS = LINKS + "140.1,115.12,3,same,0.96,\n140.2,98.3,2,related,0.7,\n140.4,115.40,3,same,0.9,no\n"
# the earlier project's `export matrix` (the columns it writes: status, actions, evidence, ...)
MATRIX = ("id,text,position,previously,lead_body,supporting_bodies,status,responsible_body,actions,indicators,"
          "evidence,partners,timeframe\n"
          "115.12,Adopt comprehensive anti-discrimination legislation,supported,,,,partially implemented,Ministry "
          "of Justice,Draft law tabled; Consultation held,,https://example.org/draft-law,,\n"
          "115.40,Ratify the Istanbul Convention,noted,,,,not implemented,,Signature prepared,,,,\n")


def _arcadia(root: Path, links: str | None = ARCADIA_LINKS, matrix: str | None = MATRIX) -> Path:
    return with_earlier(root, "recommendations.csv", ARCADIA_EARLIER, links, matrix)


def _sheet(workbook: Path, name: str = "Implementation"):
    ws = openpyxl.load_workbook(workbook)[name]
    header = [c.value for c in ws[1]]
    return ws, header


def _rows(workbook: Path, name: str = "Implementation") -> dict[str, dict]:
    ws, header = _sheet(workbook, name)
    return {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}


def _request(root: Path):
    return {p.slug: p for p in api.request(root, deadline=dt.date(2024, 6, 30), today=dt.date(2024, 6, 1)).packs}


def test_the_linked_recommendation_carries_the_earlier_status_actions_and_evidence_locked(sample_copy):
    from tests import ooxml_schema

    packs = _request(_arcadia(sample_copy))
    with_rec = [p for p in packs.values() if "140.1" in _rows(p.workbook)]
    assert with_rec
    for pack in with_rec:
        ws, header = _sheet(pack.workbook)
        assert header[-4:] == ["role"] + CARRIED   # after the role: the columns filled keep their letters
        rows = _rows(pack.workbook)
        assert rows["140.1"]["earlier_cycle_status"] == "115.12 (cycle 3, supported; partially implemented)"
        assert rows["140.1"]["earlier_cycle_actions"] == "Draft law tabled; Consultation held"
        assert rows["140.1"]["earlier_cycle_evidence"] == "https://example.org/draft-law"
        for rid, row in rows.items():   # nothing for the others (140.2 related, 140.4 refused)
            if rid != "140.1":
                assert not any(row[c] for c in CARRIED), (pack.slug, rid, row)
        # grey and locked, on a protected sheet; the body's own columns stay open
        assert ws.protection.sheet
        n = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "140.1")
        for c in CARRIED:
            cell = ws.cell(n, header.index(c) + 1)
            assert cell.protection.locked and cell.fill.fgColor.rgb.endswith("E7E6E6"), c
        for c in ("status", "actions", "evidence"):
            assert not ws.cell(n, header.index(c) + 1).protection.locked, c
        instructions = "\n".join(str(r[0].value or "") for r in openpyxl.load_workbook(pack.workbook)["Instructions"]
                                 .iter_rows())
        assert "earlier_cycle_status, earlier_cycle_actions, earlier_cycle_evidence" in instructions
        assert "earlier_cycle_evidence" in instructions.split("are locked")[0]   # named among the grey columns
        assert ooxml_schema.errors(pack.workbook) == []
    # a pack none of whose recommendations has anything carried has no such columns
    without = [p for p in packs.values() if "140.1" not in _rows(p.workbook)]
    assert without
    for pack in without:
        _ws, header = _sheet(pack.workbook)
        assert header[-1] == "role" and not set(CARRIED) & set(header)


def test_only_the_columns_the_earlier_matrix_has(sample_copy):
    # a matrix without evidence (an older export, or one cut down): status and actions only
    matrix = "id,status,actions\n115.12,partially implemented,Draft law tabled\n"
    packs = _request(_arcadia(sample_copy, matrix=matrix))
    pack = next(p for p in packs.values() if "140.1" in _rows(p.workbook))
    _ws, header = _sheet(pack.workbook)
    assert header[-3:] == ["role", "earlier_cycle_status", "earlier_cycle_actions"]
    assert _rows(pack.workbook)["140.1"]["earlier_cycle_actions"] == "Draft law tabled"


@pytest.mark.parametrize("links, matrix", [(ARCADIA_LINKS, None), (None, MATRIX), (None, None)])
def test_no_earlier_matrix_or_no_link_no_columns(sample_copy, links, matrix):
    """Without the earlier project's matrix, or without links shown, no pack has the columns."""
    packs = _request(_arcadia(sample_copy, links=links, matrix=matrix))
    for pack in packs.values():
        _ws, header = _sheet(pack.workbook)
        assert not set(CARRIED) & set(header), pack.slug


def test_several_earlier_recommendations_are_a_line_each(sample_copy):
    links = ARCADIA_LINKS + "140.1,115.40,3,same,,yes\n"
    packs = _request(_arcadia(sample_copy, links=links))
    pack = next(p for p in packs.values() if "140.1" in _rows(p.workbook))
    row = _rows(pack.workbook)["140.1"]
    # the latest cycle first, then the best score (a confirmed link without one counts as 1)
    assert row["earlier_cycle_status"].splitlines() == ["115.40 (cycle 3, noted; not implemented)",
                                                        "115.12 (cycle 3, supported; partially implemented)"]
    assert row["earlier_cycle_actions"].splitlines() == ["115.40: Signature prepared",
                                                         "115.12: Draft law tabled; Consultation held"]
    assert row["earlier_cycle_evidence"] == "115.12: https://example.org/draft-law"


def test_a_filled_pack_comes_back_with_the_bodys_answers_and_never_the_carried_columns(sample_copy, tmp_path):
    packs = _request(_arcadia(sample_copy))
    pack = next(p for p in packs.values() if "140.1" in _rows(p.workbook))
    wb = openpyxl.load_workbook(pack.workbook)
    ws = wb["Implementation"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) + 1 for name in header}
    n = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "140.1")
    ws.cell(n, col["status"]).value = "fully implemented"
    ws.cell(n, col["actions"]).value = "The anti-discrimination law was adopted in 2023."
    # typed over (the sheet's protection lifted): still not taken, whatever it says
    ws.cell(n, col["earlier_cycle_actions"]).value = "Something else"
    ws.cell(n, col["earlier_cycle_evidence"]).value = "https://example.org/other"
    returned = tmp_path / "returned.xlsx"
    wb.save(returned)
    got = api.collect(sample_copy, [returned])
    assert not [d for d in got.diagnostics if d.severity.value == "error"], [d.render() for d in got.diagnostics]
    assert not [d for d in got.diagnostics if "earlier_cycle" in d.message], [d.render() for d in got.diagnostics]
    (taken,) = got.returns
    assert "140.1" in taken.changed
    v = api.validate(sample_copy)
    contribution = next(c for c in v.project.contributions if c.slug == pack.slug)
    row = next(r for _loc, r in contribution.implementation if r.recommendation == "140.1")
    assert row.status == "fully implemented"
    assert row.actions == "The anti-discrimination law was adopted in 2023."
    assert row.evidence == ""   # the earlier evidence is not the body's
    assert not [d for d in v.report.items if d.code == "table-unknown-column"]


def test_a_pack_put_as_an_implementation_table_leaves_the_carried_columns_aside(sample_copy, tmp_path):
    """A workbook with the carried headers, in any language, read as an implementation table."""
    from uprreport.readers.contribution import _implementation

    for code in i18n.CLDR:
        t = i18n.Language(code)
        path = tmp_path / f"implementation-{code}.csv"
        header = [t(IMPL_LABELS["recommendation"]), t(IMPL_LABELS["status"])] + [t(CARRIED_LABELS[c]) for c in CARRIED]
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([header, ["140.1", "fully implemented", "partially implemented", "Old actions",
                                              "Old evidence"]])
        rows, _numeric, diags = _implementation(path, path.name)
        assert [(r.recommendation, r.status, r.actions, r.evidence) for _l, r in rows] == [
            ("140.1", "fully implemented", "", "")], code
        assert not diags, (code, [d.render() for d in diags])


def test_every_language_gives_the_packs_columns_distinct_headers():
    """A carried column's header, in any of the six languages, is never read as another column
    (the body's answers above all)."""
    for code in i18n.CLDR:
        t = i18n.Language(code)
        labels = {key: normalise_header(t(msgid)) for key, msgid in (IMPL_LABELS | CARRIED_LABELS).items()}
        assert len(set(labels.values())) == len(labels), (code, labels)
        for key in CARRIED:
            assert aliases().get(labels[key], labels[key]) == key, (code, key)


FRENCH = ROOT / "samples" / "national-belvedere-fr"
FRENCH_EARLIER = [{"id": "115.3", "text": "Ratifier le Protocole facultatif se rapportant à la Convention contre "
                                          "la torture", "states": "Danemark", "position": "acceptée",
                   "themes": "intl", "cycle": "3"}]
FRENCH_MATRIX = ("id,status,actions,evidence\n"
                 "115.3,partiellement mise en œuvre,Projet de loi de ratification déposé,https://example.org/opcat\n")


def test_a_french_projects_pack_carries_forward_in_french(tmp_path):
    from tests import ooxml_schema

    root = tmp_path / "belvedere"
    shutil.copytree(FRENCH, root, ignore=shutil.ignore_patterns("build", "requests"))
    with_earlier(root, "recommandations.csv", FRENCH_EARLIER, LINKS + "118.1,115.3,3,same,,yes\n", FRENCH_MATRIX)
    packs = api.request(root, dt.date(2026, 4, 1), dt.date(2026, 3, 1)).packs
    fr = i18n.Language("fr")
    pack = next(p for p in packs if "118.1" in _rows(p.workbook, "Mise en œuvre"))
    ws, header = _sheet(pack.workbook, "Mise en œuvre")
    assert header[:5] == ["recommandation", "texte", "position", "statut précédent", "statut"]
    assert header[-4:] == ["rôle"] + [fr(CARRIED_LABELS[c]) for c in CARRIED]
    row = _rows(pack.workbook, "Mise en œuvre")["118.1"]
    carried = [row[fr(CARRIED_LABELS[c])] for c in CARRIED]
    assert carried[0] == fr("{id} (cycle {cycle}, {position}; {status})", id="115.3", cycle=3, position="acceptée",
                            status="partiellement mise en œuvre")
    assert carried[1:] == ["Projet de loi de ratification déposé", "https://example.org/opcat"]
    assert ooxml_schema.errors(pack.workbook) == []
    # filled in French and returned: the answers are taken, the carried columns are not
    wb = openpyxl.load_workbook(pack.workbook)
    ws = wb["Mise en œuvre"]
    col = {c.value: i + 1 for i, c in enumerate(ws[1])}
    n = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "118.1")
    ws.cell(n, col["statut"]).value = "pleinement mise en œuvre"
    ws.cell(n, col["mesures"]).value = "Le Protocole a été ratifié en 2024."
    returned = tmp_path / "retour.xlsx"
    wb.save(returned)
    got = api.collect(root, [returned], dt.date(2026, 3, 20))
    assert not [d for d in got.diagnostics if d.severity.value == "error"], [d.render() for d in got.diagnostics]
    (taken,) = got.returns
    assert "118.1" in taken.changed
    v = api.validate(root)
    contribution = next(c for c in v.project.contributions if c.slug == pack.slug)
    got_row = next(r for _loc, r in contribution.implementation if r.recommendation == "118.1")
    assert (got_row.status, got_row.actions, got_row.evidence) == (
        "pleinement mise en œuvre", "Le Protocole a été ratifié en 2024.", "")
