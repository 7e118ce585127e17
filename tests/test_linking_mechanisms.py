"""Links across mechanisms (issue #31, docs/linking.md "Treaty bodies and special
procedures"): `uprreport link` proposes, for each UPR recommendation followed up, related
links to the register's current recommendations of treaty bodies and special procedures;
links.csv names them by ``earlier_mechanism`` with no cycle; `validate` checks them; the
drafter's yes/no survives `export links` / `import links` and new `link` runs; and they are
never "previously received as" nor a repeated recommendation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

import earlierkit
from uprreport import api, linking
from uprreport.cli import main
from uprreport.model.links import Link as ReadLink
from uprreport.model.register import REC_ID
from uprreport.readers import links as links_reader

# Concluding observations and a special procedure's recommendation as a register holds them
# beside the UPR ones: the register's `mechanism` and `source`, ids of their own, no cycle.
OTHER_MECHANISMS = [
    {"id": "CEDAW-25a", "text": "Increase the number of shelters for victims of domestic violence and ensure their "
                                "adequate funding throughout the territory", "position": "supported",
     "themes": "women", "mechanism": "CEDAW", "source": "CEDAW/C/ARC/CO/7"},
    # word for word a UPR recommendation (140.75): still related only
    {"id": "CEDAW-31b", "text": "Adopt a consent-based definition of rape in the Criminal Code",
     "position": "supported", "themes": "women", "mechanism": "CEDAW", "source": "CEDAW/C/ARC/CO/7"},
    {"id": "CRC-18c", "text": "Raise the minimum age of marriage to 18 years for girls and boys without exception",
     "position": "supported", "themes": "children", "mechanism": "CRC", "source": "CRC/C/ARC/CO/5-6"},
    {"id": "SRT-12", "text": "Reduce overcrowding in prisons and make use of alternatives to detention",
     "position": "supported", "themes": "torture", "mechanism": "SR torture", "source": "A/HRC/55/52/Add.1"},
]

HEADER = "id,earlier_id,earlier_cycle,relation,score,confirmed,earlier_mechanism,evidence,text,earlier_text\n"


def with_mechanisms(root: Path, links: str | None = None) -> Path:
    """``root``'s register with the earlier cycles' UPR rows (tests/earlierkit.py) and the
    other mechanisms' rows, in `mechanism` and `source` columns; links.csv as given."""
    earlierkit.with_earlier(root, "recommendations.csv", earlierkit.ARCADIA_EARLIER)
    earlierkit.add_rows(root / "recommendations.csv", ["mechanism", "source"], OTHER_MECHANISMS)
    if links is not None:
        (root / "links.csv").write_text(links, encoding="utf-8")
    return root


def _rows(root: Path) -> list[dict]:
    with (root / "links.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _link(root: Path) -> str:
    got = CliRunner().invoke(main, ["link", "-p", str(root)])
    assert got.exit_code == 0, got.output
    return got.output


def _link_diags(root: Path):
    return [d for d in api.validate(root).report.items if d.location.path == "links.csv"]


def test_link_proposes_related_links_to_other_mechanisms(sample_copy):
    root = with_mechanisms(sample_copy)
    said = _link(root)
    rows = _rows(root)
    across = {(r["id"], r["earlier_id"]): r for r in rows if r["earlier_mechanism"]}
    # the command counts them apart from the earlier cycles' links
    assert f", {len(across)} 'related' to other mechanisms' recommendations" in said
    assert f"{sum(r['relation'] == 'related' and not r['earlier_mechanism'] for r in rows)} 'related' links to " \
           "earlier cycles" in said
    # each on its subject, named by its mechanism, no cycle, related however alike the words
    rape = across["140.75", "CEDAW-31b"]
    assert (rape["earlier_mechanism"], rape["earlier_cycle"], rape["relation"]) == ("CEDAW", "", "related")
    assert float(rape["score"]) < linking.SAME
    assert "CEDAW and UPR" in rape["evidence"]
    assert rape["earlier_text"] == "Adopt a consent-based definition of rape in the Criminal Code"
    assert across["140.234", "CRC-18c"]["earlier_mechanism"] == "CRC"
    # under the cap the scores still rank: the same words above a subject shared (girls, women)
    assert float(across["140.234", "CRC-18c"]["score"]) > float(across["140.9", "CRC-18c"]["score"])
    assert across["140.235", "CEDAW-25a"]["relation"] == "related"
    assert "subject: domestic violence" in across["140.235", "CEDAW-25a"]["evidence"]
    assert across["140.58", "SRT-12"]["earlier_mechanism"] == "SR torture"
    assert "SR torture and UPR" in across["140.58", "SRT-12"]["evidence"]
    # never "same", only from a UPR recommendation, and not to off-subject ones
    assert {r["relation"] for r in across.values()} == {"related"}
    assert all(REC_ID.match(i) for i, _e in across)
    assert ("140.3", "CEDAW-31b") not in across          # a healthy environment is no rape law
    assert all(float(r["score"]) >= linking.RELATED for r in across.values())
    per_id: dict[str, int] = {}
    for i, _e in across:
        per_id[i] = per_id.get(i, 0) + 1
    assert max(per_id.values()) <= linking.MAX_RELATED
    # the earlier cycles' links are proposed as before, with an empty earlier_mechanism
    ratify = next(r for r in rows if (r["id"], r["earlier_id"]) == ("140.6", "115.40"))
    assert (ratify["relation"], ratify["earlier_cycle"], ratify["earlier_mechanism"]) == ("same", "3", "")
    # a recommendation's earlier cycles first, then the other mechanisms
    ids = [r["id"] for r in rows]
    for i in {r["id"] for r in rows}:
        kinds = [bool(r["earlier_mechanism"]) for r in rows if r["id"] == i]
        assert kinds == sorted(kinds)
    starts = [i for n, i in enumerate(ids) if n == 0 or ids[n - 1] != i]
    assert len(starts) == len(set(starts))                # each recommendation's links together
    # validate reads them; none is said to be received before
    assert _link_diags(root) == []
    v = api.validate(root)
    read = {(lk.id, lk.earlier_id): lk for lk in v.project.links}
    assert read["140.75", "CEDAW-31b"].earlier_mechanism == "CEDAW"
    assert read["140.75", "CEDAW-31b"].earlier_cycle is None
    assert not any(lk.shown for lk in v.project.links if lk.earlier_mechanism)


def test_a_register_with_no_earlier_cycle_links_across_mechanisms(sample_copy):
    """Without an earlier cycle in the register, `link` still links to the other mechanisms."""
    root = with_mechanisms(sample_copy)
    path = root / "recommendations.csv"
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns, rows = reader.fieldnames, [r for r in reader if not r["cycle"]]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, columns)
        w.writeheader()
        w.writerows(rows)
    _link(root)
    rows = _rows(root)
    assert rows and all(r["earlier_mechanism"] and not r["earlier_cycle"] for r in rows)


def test_confirmations_round_trip_and_survive_a_new_run(sample_copy, tmp_path):
    from openpyxl import load_workbook

    root = with_mechanisms(sample_copy)
    _link(root)
    runner = CliRunner()
    out = tmp_path / "links.xlsx"
    got = runner.invoke(main, ["export", "links", "-p", str(root), "-o", str(out)])
    assert got.exit_code == 0, got.output
    wb = load_workbook(out)
    ws = wb["Links"]
    header = [c.value for c in ws[1]]
    assert "earlier_mechanism" in header
    col = {name: n + 1 for n, name in enumerate(header)}
    decided = {}
    for n in range(2, ws.max_row + 1):
        key = (ws.cell(n, col["id"]).value, ws.cell(n, col["earlier_id"]).value)
        if key in {("140.75", "CEDAW-31b"), ("140.234", "CRC-18c"), ("140.6", "115.40")}:
            value = {"140.75": "yes", "140.234": "no", "140.6": "no"}[key[0]]
            ws.cell(n, col["confirmed"]).value = value
            decided[key] = value
    assert len(decided) == 3
    wb.save(out)
    got = runner.invoke(main, ["import", "links", str(out), "-p", str(root)])
    assert got.exit_code == 0 and "3 links decided anew" in got.output, got.output
    confirmed = {(r["id"], r["earlier_id"]): r["confirmed"] for r in _rows(root) if r["confirmed"]}
    assert confirmed == decided
    assert "3 decisions of yours kept" in _link(root)
    confirmed = {(r["id"], r["earlier_id"]): r["confirmed"] for r in _rows(root) if r["confirmed"]}
    assert confirmed == decided
    # a confirmed link to another mechanism is still no "previously received as"
    v = api.validate(root)
    yes = next(lk for lk in v.project.links if (lk.id, lk.earlier_id) == ("140.75", "CEDAW-31b"))
    assert yes.confirmed == "yes" and not yes.shown


def test_the_decision_key_holds_the_mechanism(sample_copy):
    """A decision on a link to a CRC recommendation is not taken for the CEDAW one of the same
    id; a links.csv written before the column keeps its decisions."""
    old = ("id,earlier_id,earlier_cycle,relation,score,confirmed,evidence,text,earlier_text\n"
           "140.6,115.40,3,same,1.00,no,,,\n")
    root = with_mechanisms(sample_copy, old)
    _link(root)
    rows = {(r["id"], r["earlier_id"], r["earlier_mechanism"]): r for r in _rows(root)}
    assert rows["140.6", "115.40", ""]["confirmed"] == "no"
    # a decision naming another mechanism for the same two ids
    with (root / "links.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow(["140.75", "CEDAW-31b", "", "related", "0.70", "no", "CRC", "", "", ""])
    _link(root)
    rows = [r for r in _rows(root) if (r["id"], r["earlier_id"]) == ("140.75", "CEDAW-31b")]
    assert sorted((r["earlier_mechanism"], r["confirmed"]) for r in rows) == [("CEDAW", ""), ("CRC", "no")]


def test_wrong_rows_are_located_with_what_to_do(sample_copy):
    root = with_mechanisms(sample_copy, HEADER + (
        "140.75,CEDAW-31b,,same,0.70,,CEDAW,,,\n"        # row 2: another mechanism's is never the same
        "140.75,CEDAW-31b,3,related,0.70,,CEDAW,,,\n"    # row 3: a cycle for a treaty body's recommendation
        "140.75,CEDAW-99,,related,0.70,,CEDAW,,,\n"      # row 4: no such recommendation
        "140.75,140.1,,related,0.70,,CEDAW,,,\n"         # row 5: a UPR recommendation's id
        "140.75,CEDAW-31b,,related,0.70,yes,CEDAW,,,\n"  # row 6: valid
        "140.75,CEDAW-31b,,Related,,,cedaw,,,\n"         # row 7: the same link again
        "140.75,CEDAW-31b,,related,0.70,,,,,\n"          # row 8: no mechanism: an earlier cycle's id is wanted
        "140.6,115.40,3,same,1.00,,,,,\n"))              # row 9: valid, an earlier cycle's
    diags = _link_diags(root)
    got = [(d.code, d.location.row, d.location.field) for d in diags]
    assert got == [("link-invalid", 2, "relation"), ("link-invalid", 3, "earlier_cycle"),
                   ("link-invalid", 4, "earlier_id"), ("link-invalid", 5, "earlier_id"),
                   ("link-duplicate", 7, "earlier_id"), ("link-invalid", 8, "earlier_id")]
    messages = {(d.location.row, d.location.field): d.message for d in diags}
    assert "recommendation of another mechanism can only be related" in messages[2, "relation"]
    assert "write 'related'" in messages[2, "relation"]
    assert "CEDAW" in messages[3, "earlier_cycle"] and "empty the earlier_cycle" in messages[3, "earlier_cycle"]
    assert "'CEDAW-99' is no recommendation of CEDAW" in messages[4, "earlier_id"]
    # validate gives the reader the register's mechanisms: the message names the one the id has
    assert "'140.1' is a recommendation of UPR in the register, not of CEDAW" in messages[5, "earlier_id"]
    assert "already at links.csv" in messages[7, "earlier_id"] and "of cedaw" in messages[7, "earlier_id"]
    assert "no earlier cycle's recommendation" in messages[8, "earlier_id"]
    v = api.validate(root)
    assert [(lk.id, lk.earlier_id, lk.earlier_mechanism, lk.confirmed) for lk in v.project.links] == [
        ("140.75", "CEDAW-31b", "CEDAW", "yes"), ("140.6", "115.40", "", "")]


def test_given_the_mechanisms_the_reader_checks_them(sample_copy):
    root = with_mechanisms(sample_copy, HEADER + "140.75,CEDAW-31b,,related,0.70,,CRC,,,\n"
                                                 "140.75,CRC-18c,,related,0.70,,CRC,,,\n"
                                                 "CEDAW-25a,CEDAW-31b,,related,0.70,,CEDAW,,,\n")
    mechanisms = {"140.75": "UPR", "CEDAW-31b": "CEDAW", "CEDAW-25a": "CEDAW", "CRC-18c": "CRC"}
    links, diags = links_reader.read(root, mechanisms, set())
    assert [(lk.id, lk.earlier_id) for lk in links] == [("140.75", "CRC-18c")]
    messages = [d.message for d in diags]
    assert "'CEDAW-31b' is a recommendation of CEDAW in the register, not of CRC" in messages[0]
    assert "both recommendations of CEDAW" in messages[1]


@pytest.mark.parametrize("relation,confirmed", [("same", "yes"), ("related", "yes"), ("same", "")])
def test_a_link_to_another_mechanism_is_never_shown(relation, confirmed):
    assert not ReadLink("140.75", "CEDAW-31b", None, relation, 1.0, confirmed, earlier_mechanism="CEDAW").shown
    # the same row of an earlier UPR cycle is shown when it says "same"
    assert ReadLink("140.75", "115.12", 3, relation, 1.0, confirmed).shown == (relation == "same")


def test_the_matrix_and_previously_are_unaffected(sample_copy, tmp_path):
    """The same register and earlier-cycle links give the same "previously" column with or
    without confirmed links to other mechanisms."""
    earlier_links = "140.1,115.12,3,same,0.96,,,,,\n140.6,115.40,,same,,yes,,,,\n"
    root = with_mechanisms(sample_copy, HEADER + earlier_links)
    before = tmp_path / "before.csv"
    api.export(root, "matrix", before)
    (root / "links.csv").write_text(HEADER + earlier_links + "140.75,CEDAW-31b,,related,0.72,yes,CEDAW,,,\n"
                                    "140.234,CRC-18c,,related,0.70,yes,CRC,,,\n", encoding="utf-8")
    assert _link_diags(root) == []
    after = tmp_path / "after.csv"
    api.export(root, "matrix", after)
    assert before.read_bytes() == after.read_bytes()
    rows = {r["id"]: r for r in csv.DictReader(after.open(encoding="utf-8-sig"))}
    assert {i for i, r in rows.items() if r["previously"]} == {"140.1", "140.6"}
    assert rows["140.75"]["previously"] == "" and rows["140.234"]["previously"] == ""


def test_no_repeated_recommendation_from_another_mechanism(tmp_path):
    """A mid-term report with `repeated: true` whose only confirmed links are to other
    mechanisms has no annex of repeated recommendations (`repeated-none`)."""
    import shutil

    root = tmp_path / "midterm"
    shutil.copytree(Path(__file__).resolve().parents[1] / "samples" / "midterm-arcadia-nhri", root,
                    ignore=shutil.ignore_patterns("build"))
    with (root / "report.yaml").open("a", encoding="utf-8") as f:
        f.write("repeated: true\n")
    with_mechanisms(root, HEADER + "140.75,CEDAW-31b,,related,0.72,yes,CEDAW,,,\n")
    v = api.validate(root)
    assert [lk.earlier_mechanism for lk in v.project.links] == ["CEDAW"]
    assert [d.code for d in v.report.items if d.code == "repeated-none"] == ["repeated-none"]
    assert not [a for a in v.compiled.doc.annexes if a.key == "annex.repeated"]
    # with an earlier cycle's link too, the annex counts that one only
    (root / "links.csv").write_text(HEADER + "140.75,CEDAW-31b,,related,0.72,yes,CEDAW,,,\n"
                                    "140.6,115.40,3,same,1.00,yes,,,,\n", encoding="utf-8")
    v = api.validate(root)
    annex = next(a for a in v.compiled.doc.annexes if a.key == "annex.repeated")
    assert annex.blocks[0].inlines[0].text.startswith("1 recommendation of the previous review had already been")
