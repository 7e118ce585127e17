"""A project started in the browser from each source of recommendations: OHCHR's list (the
other tests), the Working Group's report with its addendum, and a UPR Info export; files that
are not what they say are refused by the gate, and nothing is left behind."""

from __future__ import annotations

import csv
import io

from docx import Document

from .workspacekit import make_app, make_workspace, post, sign_in

REPORT = [
    "A/HRC/59/15",
    "Report of the Working Group on the Universal Periodic Review",
    "II. Conclusions and/or recommendations",
    "140. The following recommendations will be examined by Arcadia:",
    "140.1 Ratify the Optional Protocol to the Convention against Torture (Denmark) (Chile);",
    "140.2 Consider ratifying the ILO Domestic Workers Convention, 2011 (No. 189) (Philippines);",
    "140.3 Adopt a comprehensive anti-discrimination law (Canada);",
    "141. All conclusions and/or recommendations contained in the present report reflect the position of the "
    "submitting State(s) and/or the State under review.",
]
ADDENDUM = ["A/HRC/59/15/Add.1", "1. Arcadia supports recommendations 140.1 and 140.3.",
            "2. Arcadia notes recommendation 140.2."]


def _docx(paragraphs) -> bytes:
    d = Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _uprinfo() -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["To", "To-Rgrp", "To-Org", "Text", "From", "From-Rgrp", "From-Org", "Response", "Action", "Issue",
                "Session"])
    w.writerow(["Arcadia", "WEOG", "", "Ratify the Optional Protocol to the Convention against Torture", "Denmark",
                "WEOG", "EU", "Supported", "5", "Torture", "48"])
    w.writerow(["Belvedere", "WEOG", "", "Something for another State", "Chile", "GRULAC", "", "Noted", "3",
                "General", "48"])
    w.writerow(["Arcadia", "WEOG", "", "Adopt a comprehensive anti-discrimination law", "Canada", "WEOG", "",
                "Noted", "5", "Racial discrimination", "48"])
    return out.getvalue().encode("utf-8")


def _start(tmp_path, data: dict):
    root = make_workspace(tmp_path / "ws")
    c = make_app(root).test_client()
    sign_in(c, "coord")
    r = post(c, "/new", {"kind": "national", **data}, content_type="multipart/form-data")
    return root, r


def _register(root, name="arcadia") -> list[dict]:
    with open(root / name / "recommendations.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_a_project_from_the_working_groups_report_and_its_addendum(tmp_path):
    root, r = _start(tmp_path, {"name": "arcadia", "source": "wgreport",
                                "list": (io.BytesIO(_docx(REPORT)), "A_HRC_59_15.docx"),
                                "addendum": (io.BytesIO(_docx(ADDENDUM)), "A_HRC_59_15_Add.1.docx")})
    assert r.status_code == 303 and r.headers["Location"] == "/p/arcadia/facts", r.get_data(as_text=True)
    rows = _register(root)
    assert [(x["id"], x["position"]) for x in rows] == [("140.1", "supported"), ("140.2", "noted"),
                                                        ("140.3", "supported")]
    from uprreport import api

    assert not api.validate(root / "arcadia").report.has_errors()
    from uprreport.api import workspace as ws

    assert any(e["action"] == "project created" and "A_HRC_59_15_Add.1.docx" in e["detail"] for e in ws.entries(root))


def test_a_project_from_a_upr_info_export_of_one_state(tmp_path):
    root, r = _start(tmp_path, {"name": "arcadia", "source": "uprinfo", "state": "Arcadia", "paragraph": "114",
                                "list": (io.BytesIO(_uprinfo()), "uprinfo.csv")})
    assert r.status_code == 303, r.get_data(as_text=True)
    rows = _register(root)
    assert [(x["id"], x["position"]) for x in rows] == [("114.1", "supported"), ("114.2", "noted")]


def test_a_upr_info_export_needs_its_state_and_paragraph_and_nothing_is_left(tmp_path):
    root, r = _start(tmp_path, {"name": "arcadia", "source": "uprinfo", "state": "Arcadia", "paragraph": "",
                                "list": (io.BytesIO(_uprinfo()), "uprinfo.csv")})
    assert r.status_code == 422 and "is not a paragraph number" in r.get_data(as_text=True)
    assert not (root / "arcadia").exists()


def test_files_that_are_not_what_they_say_are_refused(tmp_path):
    root, r = _start(tmp_path, {"name": "arcadia", "source": "wgreport",
                                "list": (io.BytesIO(b"<html>not a pdf</html>"), "report.pdf")})
    assert r.status_code == 422 and "this file is not a PDF" in r.get_data(as_text=True)
    root2, r = _start(tmp_path / "2", {"name": "arcadia", "source": "uprinfo", "state": "Arcadia", "paragraph": "1",
                                       "list": (io.BytesIO(b"\x00\x01binary"), "export.csv")})
    assert r.status_code == 422 and "not a text (CSV) file" in r.get_data(as_text=True)
    root3, r = _start(tmp_path / "3", {"name": "arcadia", "source": "uprinfo", "state": "Arcadia",
                                       "paragraph": "1", "list": (io.BytesIO(_docx(REPORT)), "export.docx")})
    assert r.status_code == 422 and "a UPR Info export is taken as .xlsx or .xls or .csv" in r.get_data(as_text=True)
    for root in (root, root2, root3):
        assert not (root / "arcadia").exists()


def test_a_report_without_recommendations_leaves_no_project(tmp_path):
    root, r = _start(tmp_path, {"name": "arcadia", "source": "wgreport",
                                "list": (io.BytesIO(_docx(["A/HRC/59/15", "Nothing to recommend here."])), "r.docx")})
    assert r.status_code == 422 and "no recommendations imported" in r.get_data(as_text=True)
    assert not (root / "arcadia").exists()


def test_the_http_api_starts_a_project_from_a_upr_info_export(tmp_path):
    from uprreport.rounds import tokens

    root = make_workspace(tmp_path / "ws")
    _, token = tokens.create(root, "coord")
    c = make_app(root).test_client()
    auth = {"Authorization": f"Bearer {token}"}
    r = c.post("/api/projects", headers=auth, content_type="multipart/form-data",
               data={"name": "arcadia", "source": "uprinfo", "state": "Arcadia", "list": (io.BytesIO(_uprinfo()),
                                                                                          "uprinfo.csv")})
    assert r.status_code == 400 and r.get_json()["error"]["location"] == {"input": "paragraph"}
    r = c.post("/api/projects", headers=auth, content_type="multipart/form-data",
               data={"name": "arcadia", "source": "uprinfo", "state": "Arcadia", "paragraph": "114",
                     "list": (io.BytesIO(_uprinfo()), "uprinfo.csv")})
    assert r.status_code == 201 and r.get_json()["recommendations"] == 2, r.get_json()


def test_a_comment_round_is_opened_from_the_workspace(tmp_path):
    import shutil

    from uprreport.api import workspace as ws

    from .webkit import ROOT

    root = make_workspace(tmp_path / "ws")
    shutil.copytree(ROOT / "samples" / "national-arcadia", root / "arcadia", ignore=shutil.ignore_patterns("build"))
    c = make_app(root).test_client()
    sign_in(c, "coord")
    page = c.get("/p/arcadia/").get_data(as_text=True)
    assert "No comment round yet" in page and "Open the first round" in page
    r = post(c, "/p/arcadia/rounds", {"deadline": "not a date"}, page="/p/arcadia/")
    assert "No round was opened" in c.get("/p/arcadia/").get_data(as_text=True)
    r = post(c, "/p/arcadia/rounds", {"deadline": "2099-04-30"}, page="/p/arcadia/")
    assert r.status_code == 303
    page = c.get("/p/arcadia/").get_data(as_text=True)
    assert "Round 1 is open until 2099-04-30" in page and "comments until 2099-04-30" in page
    assert "Open round 2" not in page                                    # not while one is open
    assert (root / "arcadia" / "rounds" / "round-1").is_dir()
    assert "Draft 1 for comment" in c.get("/p/arcadia/consultation/").get_data(as_text=True)
    assert any(e["action"] == "round opened" and "round 1" in e["detail"] for e in ws.entries(root))
    rev = make_app(root).test_client()
    sign_in(rev, "rev")
    assert post(rev, "/p/arcadia/rounds", {"deadline": "2099-05-30"}, page="/p/arcadia/").status_code == 403
