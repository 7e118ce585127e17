"""UPR Info exports as they come: the CSV export and UPR Info's original .xls (duplicate
"Rgrp"/"Org" headings), older Mac Roman CSVs, voluntary pledges, and matching rows to a
register whose States are written in OHCHR's spelling."""

from __future__ import annotations

import csv
import io
import time

import pytest
from click.testing import CliRunner

from uprreport import api, importing
from uprreport.errors import UprError
from uprreport.readers import tables, uprinfo

XLS_HEADER = ["SuR", "Rgrp", "Org", "Recommendation", "RS", "Rgrp", "Org", "Response", "Action", "Issue", "Session"]
XLS_ROWS = [
    ["Côte d'Ivoire", "Africa", "AU, OIF", "Ratify the Optional Protocol to the Convention against Torture",
     "Denmark", "WEOG", "EU", 'Accepted', 5.0, "Torture and other CID treatment", 18.0],
    ["Côte d'Ivoire", "Africa", "AU, OIF", "Continue its efforts to combat the trafficking of children",
     "Cape Verde", "Africa", "AU", "Noted", 2.0, "Rights of the Child, Trafficking", 18.0],
    ["Côte d'Ivoire", "Africa", "AU, OIF", "Adopt a national action plan on business and human rights",
     "Côte d'Ivoire", "Africa", "AU, OIF", "Voluntary Pledge", None, "Business", 18.0],
]
CSV_HEADER = ["To", "To-Rgrp", "To-Org", "Text", "From", "From-Rgrp", "From-Org", "Response", "Action", "Issue",
              "Session"]


def _xls(path, header=XLS_HEADER, rows=XLS_ROWS, title=None):
    """A workbook laid out as UPR Info's database exported it (Excel 97-2003)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Recommendations")
    for c, name in enumerate(header):
        sheet.write(0, c, name)
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def _xlsx(path, header=XLS_HEADER, rows=XLS_ROWS):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _csv(path, rows, header=CSV_HEADER, encoding="utf-8", newline="\r\n"):
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerows([header, *rows])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def _project(tmp_path, register=None):
    root = tmp_path / "p"
    api.init(root, "national")
    (root / "recommendations.csv").unlink()
    if register is not None:
        _csv(root / "recommendations.csv", register, header=["id", "text", "states", "position"])
    return root


def _register(root):
    return list(csv.DictReader(io.StringIO((root / "recommendations.csv").read_text(encoding="utf-8-sig"))))


# --- duplicate headings (tables.read_table(..., distinct=True)) ---------------------------------

@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".xls"])
def test_repeated_headings_are_numbered_only_when_asked(tmp_path, suffix):
    header, rows = ["Name", "Org", "Other", "Org"], [["a", "first", "x", "second"]]
    path = {".csv": lambda p: _csv(p, rows, header), ".xlsx": lambda p: _xlsx(p, header, rows),
            ".xls": lambda p: _xls(p, header, rows)}[suffix](tmp_path / f"t{suffix}")
    data, diags = tables.read_table(path, path.name, distinct=True)
    assert not diags and data.columns == ["name", "org", "other", "org_2"]
    assert data.rows[0][1] == {"name": "a", "org": "first", "other": "x", "org_2": "second"}
    plain, _ = tables.read_table(path, path.name)     # as every other reader reads: the last of a name
    assert plain.columns == ["name", "org", "other", "org"] and plain.rows[0][1]["org"] == "second"


def test_roles_follow_the_place_of_rgrp_and_org():
    assert uprinfo.roles(["sur", "rgrp", "org", "recommendation", "rs", "rgrp_2", "org_2", "response"]) == {
        "to": "sur", "to_rgrp": "rgrp", "to_org": "org", "text": "recommendation", "from": "rs",
        "from_rgrp": "rgrp_2", "from_org": "org_2", "response": "response"}
    assert uprinfo.roles(["to", "to_rgrp", "to_org", "text", "from", "from_rgrp", "from_org"])["from_org"] == "from_org"


# --- UPR Info's original .xls, and the same layout as .xlsx -------------------------------------

@pytest.mark.parametrize("make", [_xls, _xlsx])
def test_the_original_export_layout_is_read(tmp_path, make):
    path = make(tmp_path / ("export.xls" if make is _xls else "export.xlsx"))
    rows, diags = uprinfo.read(path, path.name)
    assert not diags
    first, second, pledge = rows
    assert (first.row, first.state_under_review, first.recommending_state) == (2, "Côte d'Ivoire", "Denmark")
    assert (first.state_group, first.state_orgs) == ("Africa", ["AU", "OIF"])
    assert (first.recommending_group, first.recommending_orgs) == ("WEOG", ["EU"])
    assert (second.recommending_group, second.recommending_orgs) == ("Africa", ["AU"])
    assert first.action_category == 5 and first.session == "18" and first.response == "supported"
    assert second.issues == ["Rights of the Child", "Trafficking"] and second.response == "noted"
    assert pledge.is_pledge and pledge.response == "voluntary pledge" and pledge.action_category is None


def test_the_csv_export_layout_gives_the_same_rows(tmp_path):
    rows = [[r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], "" if r[8] is None else int(r[8]), r[9], int(r[10])]
            for r in XLS_ROWS]
    from_csv, _ = uprinfo.read(_csv(tmp_path / "e.csv", rows), "e.csv")
    from_xls, _ = uprinfo.read(_xls(tmp_path / "e.xls"), "e.xls")
    assert from_csv == from_xls


def test_an_export_without_the_columns_says_which_and_what_to_do(tmp_path):
    path = _xls(tmp_path / "e.xls", header=["SuR", "Rgrp", "Org", "Wording", "Response"],
                rows=[["Chile", "GRULAC", "", "Ratify", "Accepted"]])
    rows, diags = uprinfo.read(path, path.name)
    (d,) = diags
    assert rows == [] and d.code == "table-missing-column" and d.location.row == 1 and d.location.path == "e.xls"
    assert "Text (or Recommendation), From (or RS)" in d.message and "export" in d.message
    root = _project(tmp_path)
    with pytest.raises(UprError) as err:
        api.import_uprinfo(path, root, "Chile")
    assert "correct the export" in err.value.hint


def test_an_xls_export_builds_and_enriches_a_register(tmp_path):
    path = _xls(tmp_path / "export.xls")
    root = _project(tmp_path)
    built = api.import_uprinfo(path, root, "Cote d'Ivoire", "18", paragraph=120)
    assert built.added == ["120.1", "120.2", "120.3"] and built.pledges == 1
    reg = {r["id"]: r for r in _register(root)}
    assert reg["120.2"]["states"] == "Cape Verde" and reg["120.3"]["states"] == ""   # the State's own pledge
    assert reg["120.3"]["position"] == "voluntary pledge"
    assert not any(r["states"] in ("Africa", "AU", "WEOG", "EU") for r in reg.values())
    again = api.import_uprinfo(path, root, "Côte d’Ivoire")
    assert len(again.unchanged) == 2 and again.pledges == 1 and not again.added and not again.changed
    assert not [d for d in again.diagnostics if d.code == "import-unmatched"]


# --- encodings -----------------------------------------------------------------------------------

NAMES = [["Côte d'Ivoire", "Recommend the Forces démocratiques to disarm", "Chad", "Accepted"],
         ["Chad", "Bring Hissène Habré to justice", "Senegal", "Accepted"],
         ["São Tomé and Príncipe", "Strengthen the Provedor de Justiça", "Perú", "Noted"],
         ["Costa Rica", "Support the Defensoría de los Habitantes", "España", "Accepted"]]


@pytest.mark.parametrize("encoding, said", [("mac_roman", "Mac Roman"), ("cp1252", "Windows-1252"),
                                            ("latin-1", "Windows-1252"), ("utf-8", None), ("utf-8-sig", None)])
def test_names_come_out_right_in_every_encoding(tmp_path, encoding, said):
    path = _csv(tmp_path / "e.csv", NAMES, header=["To", "Text", "From", "Response"], encoding=encoding, newline="\r")
    rows, diags = uprinfo.read(path, path.name)
    assert [(r.state_under_review, r.text, r.recommending_state) for r in rows] == [tuple(n[:3]) for n in NAMES]
    if said is None:
        assert diags == []
    else:
        (d,) = diags
        assert d.code == "csv-encoding" and f"read as {said}" in d.message


@pytest.mark.parametrize("word", ["Habré", "Côte d’Ivoire", "São Tomé", "Perú", "Defensoría", "Forces armées",
                                  "Provedor de Justiça", "vis-à-vis", "España", "Curaçao"])
def test_one_mac_roman_word_is_enough(tmp_path, word):
    path = tmp_path / "t.csv"
    path.write_bytes(f"id,text\r1,{word}\r".encode("mac_roman"))
    data, diags = tables.read_csv(path, "t.csv")
    assert data.rows[0][1]["text"] == word and "Mac Roman" in diags[0].message


@pytest.mark.parametrize("text", ["Côte d’Ivoire", "Ljubljana – Šmartno", "“quoted” — State’s", "Šutej", "œuvre",
                                  "Zürich and Göteborg", "Réunion; 30 €", "naïve élèves"])
def test_windows_1252_stays_windows_1252(tmp_path, text):
    path = tmp_path / "t.csv"
    path.write_bytes(f"id,text\r\n1,{text}\r\n".encode("cp1252"))
    data, diags = tables.read_csv(path, "t.csv")
    assert data.rows[0][1]["text"] == text and "Windows-1252" in diags[0].message


@pytest.mark.realdata
def test_the_real_export_is_mac_roman(realdata):
    path = realdata / "upr" / "uprinfo-export-sessions-18-20.csv"
    rows, diags = uprinfo.read(path, path.name)
    assert [d.code for d in diags] == ["csv-encoding"] and "Mac Roman" in diags[0].message
    texts = " ".join(r.text for r in rows)
    for word in ("Provedor de Justiça", "Defensoría de los Habitantes", "Côte d'Ivoire", "Forces démocratiques",
                 "vis-à-vis"):
        assert word in texts
    assert not any(ch in texts for ch in "\x8d\x8e\u017d\u2122")


# --- pledges -------------------------------------------------------------------------------------

PLEDGES = [["Arcadia", "Ratify the Optional Protocol to the Convention against Torture", "Denmark", "Accepted", "5"],
           ["Arcadia", "Submit its overdue reports to the treaty bodies by 2026", "Arcadia", "Voluntary Pledge", ""],
           ["Arcadia", "Extend a standing invitation to the special procedures", "", "voluntary pledge", "5"],
           ["Arcadia", "Adopt a comprehensive anti-discrimination law", "Canada", "Noted", "5"]]


def test_pledges_are_pledges_in_both_modes(tmp_path):
    path = _csv(tmp_path / "e.csv", PLEDGES, header=["To", "Text", "From", "Response", "Action"])
    rows, _ = uprinfo.read(path, "e.csv")
    assert [r.response for r in rows] == ["supported", "voluntary pledge", "voluntary pledge", "noted"]
    root = _project(tmp_path, register=[["140.1", PLEDGES[0][1], "Denmark", "supported"],
                                        ["140.2", PLEDGES[3][1], "Canada", "noted"]])
    enriched = api.import_uprinfo(path, root, "Arcadia")
    assert enriched.pledges == 2 and sorted(enriched.changed) == ["140.1", "140.2"] and not enriched.added
    assert not [d for d in enriched.diagnostics if d.severity.value != "info"]   # pledges are not "unmatched"
    out = CliRunner().invoke(__import__("uprreport.cli", fromlist=["main"]).main,
                             ["import", "uprinfo", str(path), "--state", "Arcadia", "-p", str(root)])
    assert out.exit_code == 0, out.output
    assert "2 unchanged" in out.output and "2 voluntary pledges read, not matched against recommendations" in out.output

    built = api.import_uprinfo(path, _project(tmp_path / "b"), "Arcadia", paragraph=140)
    assert built.pledges == 2 and len(built.added) == 4
    reg = _register(tmp_path / "b" / "p")
    assert [(r["position"], r["states"]) for r in reg] == [
        ("supported", "Denmark"), ("voluntary pledge", ""), ("voluntary pledge", ""), ("noted", "Canada")]
    assert not [d for d in built.diagnostics if d.code in ("position-invalid", "state-unknown")]


def test_a_response_uprreport_does_not_know_is_located(tmp_path):
    path = _csv(tmp_path / "e.csv", [["Arcadia", "Adopt a law", "Canada", "Pending"]],
                header=["To", "Text", "From", "Response"])
    built = api.import_uprinfo(path, _project(tmp_path), "Arcadia", paragraph=140)
    (d,) = [d for d in built.diagnostics if d.code == "position-invalid"]
    assert (d.location.path, d.location.row, d.location.field) == ("e.csv", 2, "Response")
    assert "'Pending'" in d.message and "correct the position in the register" in d.message


# --- matching by State (any spelling) and wording ------------------------------------------------

SPELLINGS = [  # UPR Info's spelling, OHCHR's
    ("Iran", "Iran (Islamic Republic of)"), ("Bolivia", "Bolivia (Plurinational State of)"),
    ("Laos", "Lao People’s Democratic Republic"), ("United States", "United States of America"),
    ("DPR Korea", "Democratic People's Republic of Korea"), ("Cape Verde", "Cabo Verde"),
    ("Macedonia FYR", "the former Yugoslav Republic of Macedonia"), ("Bosnia & Herzegovina", "Bosnia and Herzegovina"),
    ("Trinidad & Tobago", "Trinidad and Tobago"), ("Cote d'Ivoire", "Côte d’Ivoire"),
    ("Venezuela", "Venezuela (Bolivarian Republic of)"), ("Viet Nam", "Viet Nam"), ("Turkey", "Türkiye"),
    ("Swaziland", "Eswatini"), ("Holy See", "Holy See"), ("Palestine", "State of Palestine"),
    ("Republic of Congo", "Congo"), ("Democratic Republic of Congo", "Democratic Republic of the Congo"),
]


def _text(i: int) -> str:
    topics = ["torture", "trafficking", "child marriage", "freedom of expression", "the national human rights "
              "institution", "domestic violence", "prison conditions", "the death penalty", "birth registration"]
    return f"Take effective measures number {i} concerning {topics[i % len(topics)]} in line with its obligations"


def test_states_match_in_any_spelling(tmp_path):
    export = [["Arcadia", _text(i), upr, "Accepted", str(1 + i % 5)] for i, (upr, _un) in enumerate(SPELLINGS)]
    register = [[f"140.{i}", _text(i), un, "supported"] for i, (_upr, un) in enumerate(SPELLINGS)]
    register[0][2] = '"Iran (Islamic Republic of)"; Cabo Verde'     # a joint recommendation, quoted as join_list does
    register[5][2] = "Cabo Verde; Bolivia (Plurinational State of)"
    path = _csv(tmp_path / "e.csv", export, header=["To", "Text", "From", "Response", "Action"])
    root = _project(tmp_path, register)
    got = api.import_uprinfo(path, root, "Arcadia")
    assert [d.message for d in got.diagnostics if d.code == "import-unmatched"] == []
    assert len(got.changed) == len(SPELLINGS)
    assert {r["id"]: r["action_category"] for r in _register(root)}["140.3"] == "4"
    again = api.import_uprinfo(path, root, "Arcadia")
    assert len(again.unchanged) == len(SPELLINGS) and not again.changed


def test_the_state_under_review_in_any_spelling(tmp_path):
    export = [["Iran", "Ratify the Convention against Torture", "Chile", "Accepted"],
              ["Iraq", "Ratify the Convention against Torture", "Chile", "Accepted"]]
    path = _csv(tmp_path / "e.csv", export, header=["To", "Text", "From", "Response"])
    for spelling in ("Iran (Islamic Republic of)", "Islamic Republic of Iran", "iran", "IRAN"):
        rows, _ = uprinfo.read(path, "e.csv", spelling)
        assert [r.state_under_review for r in rows] == ["Iran"], spelling
    with pytest.raises(UprError) as err:
        api.import_uprinfo(path, _project(tmp_path), "Irland")
    assert "Iran, Iraq" in err.value.hint and "--state" in err.value.hint
    with pytest.raises(UprError) as err:
        api.import_uprinfo(path, tmp_path / "p", "Iran", session="30")
    assert "--session" in err.value.hint


def test_each_unmatched_row_says_why(tmp_path):
    wording = "Establish a national human rights institution in line with the Paris Principles"
    export = [["Arcadia", wording, "Norway", "Accepted"],                      # no Norway in the register
              ["Arcadia", "Abolish the death penalty for all crimes without delay", "Chile", "Accepted"],
              ["Arcadia", wording, "Narnia", "Accepted"],                      # no State
              ["Arcadia", wording, "EU", "Accepted"],                          # a group
              ["Arcadia", "Ratify the Optional Protocol to the Convention on the Rights of the Child",
               "Iran", "Accepted"]]                                            # matched
    register = [["140.12", "Ratify the Optional Protocol to the Convention on the Rights of the Child on a "
                 "communications procedure", "Chile", "supported"],
                ["140.13", "Ratify the Optional Protocol to the Convention on the Rights of the Child",
                 "Iran (Islamic Republic of)", "supported"],
                ["140.14", wording, "Denmark", "supported"]]
    path = _csv(tmp_path / "e.csv", export, header=["To", "Text", "From", "Response"])
    got = api.import_uprinfo(path, _project(tmp_path, register), "Arcadia")
    assert got.changed == ["140.13"] or got.unchanged == ["140.13"]
    why = {d.location.row: d for d in got.diagnostics if d.code == "import-unmatched"}
    assert sorted(why) == [2, 3, 4, 5]
    assert why[2].message.startswith("no recommendation of Norway in the register; the register has this wording "
                                     "as 140.14, of Denmark")
    assert why[3].message.startswith("recommendations of Chile in the register, none with this wording "
                                     "(closest: 140.12, ")
    assert "% alike)" in why[3].message
    assert why[4].message.startswith("Narnia is no State uprreport knows")
    assert why[5].message.startswith("EU is a regional group or organisation (European Union), not a State")
    assert all(d.location.path == "e.csv" and d.location.field == "From" for d in why.values())
    unknown = {d.message.split("'")[1] for d in got.diagnostics if d.code == "state-unknown"}
    assert unknown == {"Narnia", "EU"}


def test_nearly_the_same_wording_matches(tmp_path):
    register = [{"id": "140.1", "states": "Chile", "text": "Continue its efforts to strengthen the programme "
                 "against the trafficking of women and children, in particular for sexual exploitation;"},
                {"id": "140.2", "states": "Chile", "text": "Ratify the Convention on the Rights of Persons "
                 "with Disabilities"}]
    wanted = [("Chile", "Continue efforts to strengthen the program against trafficking of women and children, "
                        "in particular for sexual exploitation"),
              ("Chile", "ratify the convention on the rights of persons with disabilities (CRPD)"),
              ("Chile", "Take measures against poverty")]
    matches, reasons = importing.match_texts(register, wanted)
    assert [m and m["id"] for m in matches] == ["140.1", "140.2", None]
    assert reasons[:2] == [None, None] and reasons[2].startswith("recommendations of Chile in the register")


def test_joint_recommendations_in_the_export_each_find_the_one_register_row(tmp_path):
    register = [{"id": "140.5", "states": "Spain; Tunisia", "text": "Ratify the Optional Protocol to the CAT"},
                {"id": "140.6", "states": "Spain", "text": "Ratify the Optional Protocol to the CAT"}]
    matches, reasons = importing.match_texts(register, [("Spain", "Ratify the Optional Protocol to the CAT"),
                                                        ("Tunisia", "Ratify the Optional Protocol to the CAT"),
                                                        ("Spain", "Ratify the Optional Protocol to the CAT")])
    assert [m["id"] for m in matches] == ["140.5", "140.5", "140.6"] and reasons == [None] * 3


def test_matching_is_indexed_by_state(tmp_path):
    """A register of 300 rows and an export of 8,000: each text is compared with its own
    State's rows only, so the time grows with the export, not with the product."""
    import random

    rng = random.Random(7)
    words = ("ratify convention rights child women torture ensure adopt law measures strengthen national human "
             "institution protect freedom expression violence domestic combat trafficking persons disabilities "
             "education health access justice independent judiciary prison conditions police").split()
    names = [un for _upr, un in SPELLINGS] + ["France", "Chile", "Japan", "Kenya", "Mexico", "Norway", "Peru",
                                               "Qatar", "Spain", "Togo", "Uruguay", "Yemen"]

    def text(n=25):
        return " ".join(rng.choice(words) for _ in range(n))

    register = [{"id": f"140.{i}", "text": text(), "states": names[i % len(names)]} for i in range(300)]
    wanted = [(register[i % 300]["states"], register[i % 300]["text"]) if i % 2 else (names[i % len(names)], text())
              for i in range(8000)]
    start = time.perf_counter()
    matches, reasons = importing.match_texts(register, wanted)
    assert time.perf_counter() - start < 20    # about 2 s when measured
    assert sum(m is not None for m in matches) >= 4000


# --- idempotence ---------------------------------------------------------------------------------

def test_reimporting_changes_nothing_on_disk(tmp_path):
    path = _xls(tmp_path / "export.xls")
    root = _project(tmp_path)
    api.import_uprinfo(path, root, "Côte d'Ivoire", paragraph=120)
    reg = root / "recommendations.csv"
    before = (reg.read_bytes(), reg.stat().st_mtime_ns)
    for paragraph in (120, None, None):
        done = api.import_uprinfo(path, root, "Côte d'Ivoire", paragraph=paragraph)
        assert not done.added and not done.changed
    assert (reg.read_bytes(), reg.stat().st_mtime_ns) == before
