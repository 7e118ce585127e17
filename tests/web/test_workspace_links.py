"""The workspace's page of links to earlier recommendations (``/p/<project>/links``): a
coordinator proposes the links and says yes or no to each; the decisions go into links.csv,
as the workbook round-trip puts them (docs/linking.md); a reviewer reads; a focal point is
not let in; a decision another coordinator made meanwhile stands."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest

from .workspacekit import PASSWORDS, make_app, make_workspace, ohchr_list, post, sign_in

PROJECT = "arcadia"
HEADER = ["To", "To-Rgrp", "To-Org", "Text", "From", "From-Rgrp", "From-Org", "Response", "Action", "Issue",
          "Session"]
EARLIER = [   # session 20: the second cycle; the project (cycle 4) follows up the third
    ["Arcadia", "WEOG", "", "Ratify the Optional Protocol to the Convention against Torture", "Denmark", "WEOG", "",
     "Accepted", "5", "Torture", "20"],
    ["Arcadia", "WEOG", "", "Improve access to health care for persons living in rural areas", "Portugal", "WEOG", "",
     "Accepted", "4", "Health", "20"],
]


def _text(r) -> str:
    """The page's words, without its tags, spaces run together."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.get_data(as_text=True))))


def _links(root):
    with (root / PROJECT / "links.csv").open(encoding="utf-8-sig", newline="") as f:
        return {(r["id"], r["earlier_id"]): r for r in csv.DictReader(f)}


@pytest.fixture
def ws(tmp_path):
    root = make_workspace(tmp_path / "workspace")
    app = make_app(root)
    c = app.test_client()
    sign_in(c, "coord")
    r = post(c, "/new", {"name": PROJECT, "kind": "national", "list": (io.BytesIO(ohchr_list()), "list.docx")},
             content_type="multipart/form-data")
    assert r.status_code == 303
    return root, app, c


def _earlier(root):
    from uprreport import api

    export = root.parent / "export.csv"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([HEADER, *EARLIER])
    export.write_text(buf.getvalue(), encoding="utf-8")
    done = api.import_uprinfo(export, root / PROJECT, "Arcadia", paragraph=115)
    assert done.earlier == {2: 2}


def _form(page: str) -> dict:
    """The decisions form as the page sends it unchanged: every hidden field and checked radio."""
    form = page[page.index('<form method="post">', page.index("Links shown")):]
    form = form[:form.index("</form>")]
    data: dict[str, list[str]] = {}
    for tag in re.findall(r"<input [^>]*>", form):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and ('type="hidden"' in tag or ('type="radio"' in tag and " checked" in tag)):
            data.setdefault(html.unescape(name.group(1)), []).append(html.unescape(value.group(1) if value else ""))
    return data


def _index(data: dict, key: tuple) -> int:
    import json

    return [tuple(json.loads(k)) for k in data["key"]].index(key)


def test_propose_then_decide_on_the_page(ws):
    root, _app, c = ws
    page = f"/p/{PROJECT}/links"
    before = _text(c.get(page))
    assert "holds no recommendation of an earlier review yet" in before and "Propose the links" not in before
    assert "Earlier recommendations" in before                          # the project's menu leads here
    _earlier(root)
    r = c.get(page)
    assert "No links have been proposed yet." in _text(r)
    r = post(c, page, {"action": "propose"})
    assert r.status_code == 303
    shown = _text(c.get(r.headers["Location"]))
    assert "Links proposed: 2 of the same recommendation, 2 related ones; 0 decisions kept." in shown
    assert "Links proposed: 4; not yet decided: 4; printed in the report: 1." in shown   # the treaty pair, 1.00
    assert "140.1" in shown and "115.1 Ratify the Optional Protocol" in shown and "the same" in shown
    # the coordinator refuses the treaty link: it is no longer printed
    data = _form(c.get(page).get_data(as_text=True))
    n = _index(data, ("140.1", "2", "", "115.1"))
    data[f"confirmed-{n}"] = ["no"]
    r = c.post(page, data=data)
    assert r.status_code == 303
    after = _text(c.get(r.headers["Location"]))
    assert "1 decision saved." in after and "printed in the report: 0." in after
    assert _links(root)[("140.1", "115.1")]["confirmed"] == "no"
    # the filters: refused links only, undecided ones, confirmed ones (none), related ones
    assert "Links shown: 1 of 4." in _text(c.get(page + "?state=no"))
    assert "Links shown: 3 of 4." in _text(c.get(page + "?state=undecided"))
    assert "No link matches." in _text(c.get(page + "?state=yes"))
    related = _text(c.get(page + "?relation=related"))
    assert "Links shown: 2 of 4." in related and "140.1" not in related
    # proposing again keeps the decision
    post(c, page, {"action": "propose"})
    assert _links(root)[("140.1", "115.1")]["confirmed"] == "no"
    from uprreport.api import workspace

    assert any(e["action"] == "confirmed links" and e["project"] == PROJECT for e in workspace.entries(root))


def test_a_decision_made_meanwhile_by_another_coordinator_stands(ws, tmp_path):
    from uprreport.api import workspace

    root, app, c = ws
    _earlier(root)
    page = f"/p/{PROJECT}/links"
    post(c, page, {"action": "propose"})
    workspace.add_user(root, "coord2", "second coordinator 1", "coordinator", by="test")
    other = app.test_client()
    sign_in(other, "coord2", "second coordinator 1")
    stale = _form(c.get(page).get_data(as_text=True))           # the first coordinator's page, loaded now
    theirs = _form(other.get(page).get_data(as_text=True))
    n = _index(theirs, ("140.1", "2", "", "115.1"))
    theirs[f"confirmed-{n}"] = ["yes"]
    assert other.post(page, data=theirs).status_code == 303
    # the first saves the page as it was loaded, having changed nothing: the other's yes stands
    r = c.post(page, data=stale)
    assert "Nothing was changed." in _text(c.get(r.headers["Location"]))
    assert _links(root)[("140.1", "115.1")]["confirmed"] == "yes"


def test_who_may_see_and_decide(ws):
    root, app, c = ws
    _earlier(root)
    page = f"/p/{PROJECT}/links"
    post(c, page, {"action": "propose"})
    reviewer = app.test_client()
    sign_in(reviewer, "rev", PASSWORDS["rev"])
    read = reviewer.get(page)
    assert read.status_code == 200 and "Save the decisions" not in _text(read) and " disabled" in read.get_data(as_text=True)
    assert reviewer.post(page, data=_form(read.get_data(as_text=True))).status_code == 403
    data = _form(c.get(page).get_data(as_text=True))
    # a form whose link is not one is refused, nothing written
    data["key"], data["confirmed-0"], data["was-0"] = ['["140.1", "2"]'], ["yes"], ["no"]
    r = c.post(page, data=data)
    assert "Nothing was changed: the form sent a link that is not one" in _text(c.get(r.headers["Location"]))
    for odd in ("99&relation=nonsense", "%C2%B2", "9" * 5000):      # a superscript two is a digit to Python
        assert c.get(f"/p/{PROJECT}/links?page={odd}").status_code == 200
    # a focal point is not let in: the page does not exist for it
    r = post(c, f"/p/{PROJECT}/bodies", {"folder": "health", "name": "Ministry of Health", "kind": "ministry",
                                         "sections": "", "focal_point": "hanna"})
    assert r.status_code == 201
    from .workspacekit import password_shown

    point = app.test_client()
    sign_in(point, "hanna", password_shown(r.get_data(as_text=True)))
    assert point.get(page).status_code == 404
    assert point.post(page, data={"action": "propose"}).status_code in (400, 404)


def test_the_page_says_printed_as_the_build_reads_the_file(ws):
    """links.csv saved again by a French Excel (0,97) and typed by hand (Same, YES): the page
    says printed where the report prints."""
    root, _app, c = ws
    _earlier(root)
    page = f"/p/{PROJECT}/links"
    post(c, page, {"action": "propose"})
    path = root / PROJECT / "links.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if (row["id"], row["earlier_id"]) == ("140.1", "115.1"):
            row["score"] = "0,97"
        if (row["id"], row["earlier_id"]) == ("140.4", "115.2"):
            row["relation"], row["confirmed"] = "Same", "YES"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    shown = _text(c.get(page))
    assert "not yet decided: 3; printed in the report: 2." in shown
    assert "Links shown: 1 of 4." in _text(c.get(page + "?state=yes"))
    from uprreport.diagnostics import Report
    from uprreport.readers import project

    read = project.read(root / PROJECT, Report())
    assert sorted((lk.id, lk.earlier_id) for lk in read.links if lk.shown) == [("140.1", "115.1"), ("140.4", "115.2")]


def test_an_earlier_review_added_on_the_page(ws, tmp_path):
    """The coordinator adds the earlier review's recommendations from the page: UPR Info's
    export of its session (the cycle from the session), then proposes the links. A list of the
    cycle the report follows up, or a file that is no list, is refused and changes nothing."""
    root, _app, c = ws
    page = f"/p/{PROJECT}/links"
    export = tmp_path / "export.csv"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([HEADER, *EARLIER])
    export.write_text(buf.getvalue(), encoding="utf-8")
    register = (root / PROJECT / "recommendations.csv").read_bytes()
    # the session followed up (34: cycle 3) is refused here
    same_cycle = tmp_path / "now.csv"
    same_cycle.write_text(buf.getvalue().replace(",20\r\n", ",34\r\n"), encoding="utf-8")
    for upload, fields, said in [
            (same_cycle, {"source": "uprinfo", "paragraph": "115", "state": "Arcadia"},
             "are not of an earlier review"),
            (export, {"source": "uprinfo", "paragraph": "", "state": "Arcadia"}, "UPR Info gives no paragraph"),
            (export, {"source": "ohchr", "cycle": "2"}, "OHCHR's thematic list is taken as .docx here"),
            (export, {"source": "uprinfo", "paragraph": "115", "state": "Arcadia", "cycle": "3"},
             "cycle 3 is not earlier")]:
        with upload.open("rb") as f:
            r = post(c, page, {"action": "import", "earlier": (f, upload.name), **fields},
                     content_type="multipart/form-data")
        assert said in _text(c.get(r.headers["Location"])), said
        assert (root / PROJECT / "recommendations.csv").read_bytes() == register
    with export.open("rb") as f:
        r = post(c, page, {"action": "import", "earlier": (f, "export.csv"), "source": "uprinfo", "cycle": "",
                           "paragraph": "115", "state": "Arcadia", "session": "20"},
                 content_type="multipart/form-data")
    after = _text(c.get(r.headers["Location"]))
    assert "export.csv: 2 recommendations of cycle 2, kept apart to link to." in after
    post(c, page, {"action": "propose"})
    assert _links(root)[("140.1", "115.1")]["relation"] == "same"
    from uprreport.api import workspace

    assert any(e["action"] == "earlier recommendations imported" for e in workspace.entries(root))
