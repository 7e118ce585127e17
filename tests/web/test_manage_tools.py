"""The coordinators' tools: each comment's history, reassigning a comment, extending the
deadline, similar comments grouped, one answer for many comments, and the filtered list as CSV
(web/manage.py, rounds/history.py, rounds/grouping.py; docs/web.md "The coordinators' tools")."""

from __future__ import annotations

import csv
import io
import json
import random

import pytest
from click.testing import CliRunner

from .webkit import DEADLINE, OPENED, field, login, make_app, register, send

JUSTICE, HEALTH = "justice/framework/p1", "health/health/p1"
READER = "a reader's long password"


def _ids(project) -> list[int]:
    return [r["id"] for r in register(project, "SELECT id FROM comments ORDER BY id")]


def _token(client, url: str = "/manage/") -> str:
    return field(client.get(url).get_data(as_text=True), "csrf_token")


def _reader(project, app):
    """A reviewer, signed in."""
    from uprreport.rounds import accounts

    accounts.add(project, "reader", READER, "reviewer")
    client = app.test_client()
    page = client.get("/manage/login").get_data(as_text=True)
    assert client.post("/manage/login", data={"csrf_token": field(page, "csrf_token"), "name": "reader",
                                              "password": READER}).status_code == 303
    return client


def _signed(app, name):
    client = app.test_client()
    login(client, name)
    return client


def _history(project, number=None):
    if number is None:
        return [tuple(r) for r in register(project, "SELECT comment, what, old, new, reason, by FROM history "
                                                    "WHERE comment IS NULL ORDER BY id")]
    return [tuple(r) for r in register(project, "SELECT what, old, new, reason, by FROM history WHERE comment = ? "
                                                "ORDER BY id", number)]


# --- history ----------------------------------------------------------------------------------

def test_each_decision_and_its_change_is_kept_in_the_history_and_shown(project, app):
    send(app.test_client(), JUSTICE, comment="Say which year the Act was adopted.")
    (number,) = _ids(project)
    justice = _signed(app, "justice")
    token = _token(justice, f"/manage/comments/{number}")
    assert "Nothing has been decided" in justice.get(f"/manage/comments/{number}").get_data(as_text=True)
    for decision, reason in (("rejected", "The year is in para. 10."), ("rejected", "The year is in para. 10."),
                             ("accepted", ""), ("accepted", "Added.")):
        r = justice.post(f"/manage/comments/{number}", data={"csrf_token": token, "decision": decision,
                                                             "reason": reason})
        assert r.status_code == 303
    # the same answer twice is one row; a new reason is a row
    assert _history(project, number) == [("decision", "", "rejected", "The year is in para. 10.", "justice"),
                                         ("decision", "rejected", "accepted", "", "justice"),
                                         ("decision", "accepted", "accepted", "Added.", "justice")]
    page = justice.get(f"/manage/comments/{number}").get_data(as_text=True)
    assert "<h2 id=\"history\">History</h2>" in page and page.count("<td>justice</td>") == 3
    assert "decision changed" in page and "The year is in para. 10." in page
    # a refused answer (no reason) adds nothing
    justice.post(f"/manage/comments/{number}", data={"csrf_token": token, "decision": "deferred", "reason": ""})
    assert len(_history(project, number)) == 3


def test_the_command_line_and_the_worksheets_keep_history_too_and_the_export_carries_it(project, app, tmp_path):
    from uprreport import api
    from uprreport.cli import main

    send(app.test_client(), JUSTICE, comment="One.")
    (number,) = _ids(project)
    r = CliRunner().invoke(main, ["round", "respond", str(project), "--comment", str(number), "--decision", "noted",
                                  "--by", "Ana (justice)"])
    assert r.exit_code == 0, r.output
    assert _history(project, number) == [("decision", "", "noted", "", "Ana (justice)")]
    counts = api.round_export(project, tmp_path / "register.json")
    data = json.loads((tmp_path / "register.json").read_text(encoding="utf-8"))
    assert counts["history"] == 1 and data["history"][0]["new"] == "noted" and data["history"][0]["comment"] == number


# --- reassigning ------------------------------------------------------------------------------

def test_the_coordinator_reassigns_a_comment_and_the_new_owner_answers_it(project, app):
    send(app.test_client(), JUSTICE, comment="This is about hospitals, not courts.")
    (number,) = _ids(project)
    coord, justice, health = _signed(app, "coord"), _signed(app, "justice"), _signed(app, "health")
    page = coord.get(f"/manage/comments/{number}").get_data(as_text=True)
    assert 'id="new-owner"' in page and '<option value="(coordinator)">(coordinator)</option>' in page
    token = field(page, "csrf_token")
    r = coord.post(f"/manage/comments/{number}/owner", data={"csrf_token": token, "owner": "health",
                                                             "reason": "hospitals"})
    assert r.status_code == 303
    assert "given to health (was justice)" in coord.get(r.headers["Location"]).get_data(as_text=True)
    assert register(project, "SELECT owner FROM comments WHERE id = ?", number)[0]["owner"] == "health"
    assert _history(project, number) == [("reassigned", "justice", "health", "hospitals", "coord")]
    assert justice.get(f"/manage/comments/{number}").status_code == 404
    assert "This is about hospitals" in health.get("/manage/comments").get_data(as_text=True)
    token_h = _token(health, f"/manage/comments/{number}")
    assert health.post(f"/manage/comments/{number}", data={"csrf_token": token_h, "decision": "accepted",
                                                           "reason": ""}).status_code == 303
    # an owner that is no contribution: refused, said, nothing changed
    r = coord.post(f"/manage/comments/{number}/owner", data={"csrf_token": token, "owner": "nowhere"})
    assert r.status_code == 422 and "is not a contribution of this project" in r.get_data(as_text=True)
    assert register(project, "SELECT owner FROM comments WHERE id = ?", number)[0]["owner"] == "health"
    # to the coordinator, then the same again: one row, nothing more
    for _ in range(2):
        coord.post(f"/manage/comments/{number}/owner", data={"csrf_token": token, "owner": "(coordinator)"})
    assert [h[:3] for h in _history(project, number)] == [("reassigned", "justice", "health"),
                                                          ("decision", "", "accepted"),
                                                          ("reassigned", "health", "(coordinator)")]


def test_a_focal_point_cannot_reassign_and_a_reviewer_changes_nothing(project, app):
    send(app.test_client(), JUSTICE, comment="Justice's.")
    send(app.test_client(), HEALTH, comment="Health's.")
    mine, theirs = _ids(project)
    justice, reader = _signed(app, "justice"), _reader(project, app)
    token = _token(justice, f"/manage/comments/{mine}")
    assert 'id="new-owner"' not in justice.get(f"/manage/comments/{mine}").get_data(as_text=True)
    assert justice.post(f"/manage/comments/{mine}/owner", data={"csrf_token": token, "owner": "health"}
                        ).status_code == 403
    assert justice.post(f"/manage/comments/{theirs}/owner", data={"csrf_token": token, "owner": "justice"}
                        ).status_code == 404        # another's comment is as absent as ever
    rtoken = _token(reader, f"/manage/comments/{mine}")
    assert reader.get(f"/manage/comments/{mine}").status_code == 200
    for url, data in ((f"/manage/comments/{mine}/owner", {"owner": "health"}),
                      (f"/manage/comments/{mine}", {"decision": "accepted"}),
                      ("/manage/comments/answer", {"c": str(mine), "decision": "accepted"}),
                      ("/manage/round/deadline", {"deadline": "2026-05-01"})):
        assert reader.post(url, data={"csrf_token": rtoken, **data}).status_code == 403, url
    assert justice.post("/manage/round/deadline", data={"csrf_token": token, "deadline": "2026-05-01"}
                        ).status_code == 403
    assert [tuple(r) for r in register(project, "SELECT owner, decision FROM comments ORDER BY id")] == [
        ("justice", None), ("health", None)]
    assert register(project, "SELECT deadline FROM rounds")[0]["deadline"] == DEADLINE.isoformat()
    assert register(project, "SELECT COUNT(*) AS n FROM history")[0]["n"] == 0


def test_the_new_owner_is_told_by_e_mail(project, tmp_path):
    pytest.importorskip("aiosmtpd")
    from mailkit import smtp_server
    from uprreport import mailing

    with smtp_server(tmp_path) as (url, box):
        app = make_app(project, smtp=mailing.Server.from_url(url))
        mail = app.extensions["uprreport-mail"]
        send(app.test_client(), JUSTICE, comment="About hospitals.")
        assert mail.wait(10)
        (number,) = _ids(project)
        before = len(box.to("upr.health@example.gov.arc"))
        coord = _signed(app, "coord")
        r = coord.post(f"/manage/comments/{number}/owner",
                       data={"csrf_token": _token(coord, f"/manage/comments/{number}"), "owner": "health"})
        assert "its contact is told by e-mail" in coord.get(r.headers["Location"]).get_data(as_text=True)
        assert mail.wait(10)
        told = box.to("upr.health@example.gov.arc")[before:]
    assert len(told) == 1 and told[0]["Subject"] == f"Comment {number} to answer"
    text = told[0].get_body(("plain",)).get_content()
    assert "routed to the Ministry of Health (health)" in text and f"/manage/comments/{number}" in text


def test_round_reassign_and_round_extend_on_the_command_line(project, app):
    from uprreport.cli import main

    send(app.test_client(), JUSTICE, comment="About hospitals.")
    (number,) = _ids(project)
    run = CliRunner().invoke
    r = run(main, ["round", "reassign", str(project), str(number), "health", "--reason", "hospitals", "--by", "coord"])
    assert r.exit_code == 0 and "given to health (was justice)" in r.output, r.output
    r = run(main, ["round", "reassign", str(project), str(number), "nowhere"])
    assert r.exit_code == 2 and "'nowhere' is not a contribution of this project" in r.output
    r = run(main, ["round", "reassign", str(project), "999", "health"])
    assert r.exit_code == 2 and "there is no comment 999" in r.output
    r = run(main, ["round", "extend", str(project), "--deadline", "2026-04-15", "--today", "2026-03-20",
                   "--reason", "a holiday", "--by", "coord"])
    assert r.exit_code == 0 and "the deadline is now 2026-04-15 (it was 2026-04-01)" in r.output, r.output
    r = run(main, ["round", "extend", str(project), "--deadline", "2026-04-10", "--today", "2026-03-20"])
    assert r.exit_code == 2 and "must be later" in r.output
    assert _history(project) == [(None, "deadline", "2026-04-01", "2026-04-15", "a holiday", "coord")]
    assert _history(project, number) == [("reassigned", "justice", "health", "hospitals", "coord")]
    # the history goes through an export and an import whole, the round's rows too
    import shutil

    from uprreport import api

    from .webkit import SAMPLE

    api.round_export(project, project.parent / "register.json")
    other = project.parent / "other"
    shutil.copytree(SAMPLE, other, ignore=shutil.ignore_patterns("build"))
    assert api.round_import(other, project.parent / "register.json")["history"] == 2
    assert _history(other) == _history(project) and _history(other, number) == _history(project, number)


# --- the deadline -----------------------------------------------------------------------------

def test_the_coordinator_extends_the_deadline_and_the_public_page_says_so_at_once(project):
    import datetime as dt

    day = {"today": DEADLINE + dt.timedelta(days=3)}     # the deadline has passed, the round is not closed
    app = make_app(project, today=lambda: day["today"])
    public, coord = app.test_client(), _signed(app, "coord")
    assert "The consultation closed on 1 April 2026" in public.get("/").get_data(as_text=True)   # by its date
    token = _token(coord)
    dash = coord.get("/manage/").get_data(as_text=True)
    assert 'id="new-deadline"' in dash and 'min="2026-04-04"' in dash      # from today on
    for wrong, said in (("2026-03-30", "must be later"), ("2026-04-02", "has passed already"),
                        ("next week", "is not a date")):
        r = coord.post("/manage/round/deadline", data={"csrf_token": token, "deadline": wrong})
        assert r.status_code == 422 and said in r.get_data(as_text=True), wrong
    assert register(project, "SELECT deadline FROM rounds")[0]["deadline"] == "2026-04-01"
    r = coord.post("/manage/round/deadline", data={"csrf_token": token, "deadline": "2026-04-30",
                                                  "reason": "Asked by the NHRI."})
    assert r.status_code == 303
    dash = coord.get("/manage/").get_data(as_text=True)
    assert "The deadline is now 2026-04-30" in dash and "open until 2026-04-30" in dash
    assert "2026-04-01 → 2026-04-30 by coord" in dash and "Asked by the NHRI." in dash
    page = public.get("/").get_data(as_text=True)
    assert "Comments are open until 30 April 2026." in page and "no-actions" not in page   # open again
    assert send(public, JUSTICE, comment="Sent after the first deadline.").status_code == 303
    assert _history(project) == [(None, "deadline", "2026-04-01", "2026-04-30", "Asked by the NHRI.", "coord")]


def test_a_closed_round_has_no_deadline_to_extend_nor_comments_to_reassign(project, app):
    import datetime as dt

    from uprreport import api

    send(app.test_client(), JUSTICE, comment="Before closing.")
    (number,) = _ids(project)
    coord = _signed(app, "coord")
    token = _token(coord)
    api.round_close(project, dt.date(2026, 4, 2))
    assert 'id="new-deadline"' not in coord.get("/manage/").get_data(as_text=True)
    r = coord.post("/manage/round/deadline", data={"csrf_token": token, "deadline": "2026-05-01"})
    assert r.status_code == 422 and "no comment round is open" in r.get_data(as_text=True).lower()
    assert 'id="new-owner"' not in coord.get(f"/manage/comments/{number}").get_data(as_text=True)
    r = coord.post(f"/manage/comments/{number}/owner", data={"csrf_token": token, "owner": "health"})
    assert r.status_code == 422 and "which is closed" in r.get_data(as_text=True)
    assert register(project, "SELECT owner FROM comments")[0]["owner"] == "justice"


# --- similar comments -------------------------------------------------------------------------

CAMPAIGN = ("We ask the Government to include in paragraph {p} the rights of persons with disabilities to "
            "accessible polling stations, as the Convention requires, and to report on the steps taken since "
            "the last review in {y}.")
DISTINCT = ["The figure for school enrolment in paragraph 20 is from 2019; the ministry published 2023 figures.",
            "Paragraph 31 omits the Ombudsman's annual report, which found 42 cases of pre-trial detention abuse.",
            "Please spell the name of the Commission as in its founding Act: National Commission for Human Rights.",
            "The section on water and sanitation should mention the drought in the northern provinces in 2022.",
            "Add the number of judges trained on the new juvenile justice law and the budget spent on it.",
            "The report says nothing about journalists detained last year; the media law should be discussed.",
            "Paragraph 8 repeats paragraph 7 word for word; one of them should be removed from the draft.",
            "Indigenous communities were not consulted on the mining licences, contrary to recommendation 140.3.",
            "Women's representation in parliament rose to 31 per cent in 2024, not 28 as the draft says.",
            "I agree with the draft."]


def _campaign(seed: int = 5) -> list[str]:
    """30 copies of a campaign text, each with small edits (a word changed, a name added, a typo)."""
    rng = random.Random(seed)
    out = []
    for k in range(30):
        words = CAMPAIGN.format(p=12, y=2020 + k % 2).split()
        for _ in range(rng.randint(0, 2)):
            words[rng.randrange(len(words))] = rng.choice(["kindly", "urgently", "truly", "also", "indeed"])
        text = " ".join(words)
        if k % 3 == 0:
            text = f"Dear Sir or Madam, {text} Yours, Commenter {k}"
        if k % 4 == 1:
            text = text.replace("accessible", "accesible").upper()
        out.append(text)
    return out


def test_grouping_puts_a_campaign_with_small_edits_together_and_leaves_distinct_comments_apart():
    from uprreport.rounds import grouping

    items = [(k + 1, "", text) for k, text in enumerate(_campaign())]
    items += [(100 + k, f"p{k}", text) for k, text in enumerate(DISTINCT)]
    items += [(200, "p1", "Typo."), (201, "p1", "typo"), (202, "p2", "Typo.")]    # short: only on one paragraph
    g = grouping.group(items)
    assert g.members == {1: list(range(1, 31)), 200: [200, 201]}
    assert g.size(17) == 30 and g.of[17] == 1 and g.size(100) == 0 and 202 not in g.of
    # the same comments in another order: the same groups
    assert grouping.group(list(reversed(items))).members == g.members


def test_similar_comments_are_shown_filtered_and_answered_as_a_group(project):
    app = make_app(project, comment_rate="1000 per minute")
    public = app.test_client()
    for text in _campaign():
        assert send(public, JUSTICE, comment=text).status_code == 303
    for text in DISTINCT[:3]:
        send(public, HEALTH, comment=text)
    ids = _ids(project)
    first, others = ids[0], ids[30:]
    coord = _signed(app, "coord")
    listing = coord.get("/manage/comments").get_data(as_text=True)
    assert listing.count(f"30, with {first}</a>") == 30
    group = coord.get(f"/manage/comments?group={first}").get_data(as_text=True)
    assert "Comments shown: 30." in group and "the group of comment" in group and 'id="whole-group"' in group
    assert all(f'id="pick-{n}"' not in group for n in others)
    assert "30 comments, this one with them" in coord.get(f"/manage/comments/{ids[5]}").get_data(as_text=True)
    # the whole group answered at once, from the filtered list
    r = coord.post(f"/manage/comments/answer?group={first}", data={
        "csrf_token": field(group, "csrf_token"), "whole_group": str(first), "decision": "accepted with modification",
        "reason": "Paragraph 12 now names accessible polling stations."})
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/manage/comments?group={first}")
    done = coord.get(r.headers["Location"]).get_data(as_text=True)
    assert "30 comments answered (accepted with modification): 30 changed" in done
    rows = register(project, "SELECT id, decision, decided_by FROM comments ORDER BY id")
    assert {(r["decision"], r["decided_by"]) for r in rows[:30]} == {("accepted with modification", "coord")}
    assert {r["decision"] for r in rows[30:]} == {None}
    assert register(project, "SELECT COUNT(*) AS n FROM history WHERE what = 'decision'")[0]["n"] == 30


# --- answering many at once -------------------------------------------------------------------

def _three(project, app):
    public = app.test_client()
    for pid, text in ((JUSTICE, "First."), (JUSTICE, "Second."), (HEALTH, "Third.")):
        send(public, pid, comment=text)
    return _ids(project)


def test_many_comments_get_one_answer_each_checked_as_one_answer_is(project, app):
    a, b, c = _three(project, app)
    coord = _signed(app, "coord")
    page = coord.get("/manage/comments?owner=justice").get_data(as_text=True)
    assert f'id="pick-{a}"' in page and f'id="pick-{c}"' not in page and 'id="bulk-decision"' in page
    token = field(page, "csrf_token")
    # a decision that needs a reason, without it: refused, the ticks kept, nothing recorded
    r = coord.post("/manage/comments/answer?owner=justice", data={"csrf_token": token, "c": [str(a), str(b)],
                                                                  "decision": "rejected", "reason": " "})
    text = r.get_data(as_text=True)
    assert r.status_code == 422 and "needs a reason" in text and f'id="pick-{a}" checked' in text
    assert 'aria-invalid="true"' in text
    r = coord.post("/manage/comments/answer", data={"csrf_token": token, "decision": "noted"})
    assert r.status_code == 422 and "Choose at least one comment" in r.get_data(as_text=True)
    assert {r["decision"] for r in register(project, "SELECT decision FROM comments")} == {None}
    r = coord.post("/manage/comments/answer?owner=justice", data={"csrf_token": token, "c": [str(a), str(b)],
                                                                  "decision": "Rejected", "reason": "Out of scope."})
    assert r.status_code == 303 and r.headers["Location"].endswith("/manage/comments?owner=justice")
    assert [tuple(r) for r in register(project, "SELECT decision, reason, state FROM comments ORDER BY id")] == [
        ("rejected", "Out of scope.", "answered"), ("rejected", "Out of scope.", "answered"), (None, None, "assigned")]
    assert _history(project, a) == [("decision", "", "rejected", "Out of scope.", "coord")]
    # again, with the third: one changed, two had it already
    r = coord.post("/manage/comments/answer", data={"csrf_token": token, "c": [str(a), str(b), str(c)],
                                                    "decision": "rejected", "reason": "Out of scope."})
    assert "3 comments answered (rejected): 1 changed, 2 had this answer already" in coord.get(
        r.headers["Location"]).get_data(as_text=True)


def test_a_focal_point_answers_many_of_its_own_and_none_of_anothers(project, app):
    a, b, c = _three(project, app)
    justice = _signed(app, "justice")
    page = justice.get("/manage/comments").get_data(as_text=True)
    token = field(page, "csrf_token")
    assert f'id="pick-{c}"' not in page
    # another body's comment among them: refused, nothing recorded, not even its own
    r = justice.post("/manage/comments/answer", data={"csrf_token": token, "c": [str(a), str(c)], "decision": "noted"})
    assert r.status_code == 403
    r = justice.post("/manage/comments/answer", data={"csrf_token": token, "c": ["999999"], "decision": "noted"})
    assert r.status_code == 403
    assert {r["decision"] for r in register(project, "SELECT decision FROM comments")} == {None}
    r = justice.post("/manage/comments/answer", data={"csrf_token": token, "c": [str(a), str(b)], "decision": "noted"})
    assert r.status_code == 303
    assert [r["decision"] for r in register(project, "SELECT decision FROM comments ORDER BY id")] == [
        "noted", "noted", None]


def test_many_answers_go_to_their_senders_by_e_mail(project, tmp_path):
    pytest.importorskip("aiosmtpd")
    from mailkit import smtp_server
    from uprreport import mailing

    with smtp_server(tmp_path) as (url, box):
        app = make_app(project, smtp=mailing.Server.from_url(url))
        mail = app.extensions["uprreport-mail"]
        public = app.test_client()
        for k in range(3):
            send(public, JUSTICE, comment=f"Comment {k}.", email=f"sender{k}@example.org")
        ids = _ids(project)
        coord = _signed(app, "coord")
        r = coord.post("/manage/comments/answer", data={"csrf_token": _token(coord, "/manage/comments"),
                                                        "c": [str(n) for n in ids[:2]], "decision": "accepted"})
        assert "2 answers go to their senders by e-mail" in coord.get(r.headers["Location"]).get_data(as_text=True)
        assert mail.wait(10)
    answered = [(m["To"].addresses[0].addr_spec, m["Subject"]) for m in box.messages if "answered" in m["Subject"]]
    assert sorted(answered) == [("sender0@example.org", f"Comment {ids[0]} answered"),
                                ("sender1@example.org", f"Comment {ids[1]} answered")]


# --- the list as CSV --------------------------------------------------------------------------

def _csv(response) -> list[dict]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")                     # UTF-8 with a BOM, for Excel
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))


def test_the_filtered_list_as_csv_has_no_e_mail_and_no_formula(project, app):
    public = app.test_client()
    send(public, JUSTICE, comment="=HYPERLINK(\"http://evil.example\",\"click\")", name="ana@example.org",
         email="ana@example.org", organisation="+1 Group")
    send(public, JUSTICE, comment="Write to me at bob@example.org about -2 errors.", proposed="@once", name="Bob",
         email="bob@example.org")
    send(public, HEALTH, comment="Ça va: les données de santé de 2023.", name="Zoé")
    coord = _signed(app, "coord")
    every = _csv(coord.get("/manage/comments.csv"))
    assert len(every) == 3 and list(every[0])[:4] == ["no", "paragraph", "section", "commenter"]
    assert {"decision", "reason", "owner", "group"} <= set(every[0])
    raw = coord.get("/manage/comments.csv").data.decode("utf-8-sig")
    assert "@example.org" not in raw and "ana@" not in raw
    first, second, third = sorted(every, key=lambda r: int(r["no"]))
    assert first["comment"].startswith("'=HYPERLINK") and first["organisation"] == "'+1 Group"
    assert first["commenter"] == "(e-mail address left out)"
    assert second["comment"] == "Write to me at (e-mail address left out) about -2 errors."
    assert second["proposed_wording"] == "'@once" and third["comment"] == "Ça va: les données de santé de 2023."
    # the filters of the list: the owner, words, the source
    assert [r["owner"] for r in _csv(coord.get("/manage/comments.csv?owner=health"))] == ["health"]
    assert [r["commenter"] for r in _csv(coord.get("/manage/comments.csv?q=ERRORS"))] == ["Bob"]
    assert len(_csv(coord.get("/manage/comments.csv?kind=web&state=assigned"))) == 3
    assert _csv(coord.get("/manage/comments.csv?kind=form")) == []
    listing = coord.get("/manage/comments?owner=health&q=sant%C3%A9").get_data(as_text=True)
    assert "Comments shown: 1." in listing and "/manage/comments.csv?owner=health&amp;q=sant%C3%A9" in listing
    # a focal point's CSV holds its own comments only, whatever it asks for
    justice = _signed(app, "justice")
    assert {r["owner"] for r in _csv(justice.get("/manage/comments.csv?owner=health"))} == {"justice"}
    assert app.test_client().get("/manage/comments.csv").status_code == 302     # signed in only


def test_the_history_and_the_new_pages_before_any_round(tmp_path):
    import shutil

    from .webkit import SAMPLE

    root = tmp_path / "fresh"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    from uprreport.rounds import accounts

    accounts.add(root, "coord", "coordinator pass 1", "coordinator")
    app = make_app(root)
    coord = _signed(app, "coord")
    assert "No comment round has been opened." in coord.get("/manage/comments").get_data(as_text=True)
    assert coord.get("/manage/comments.csv").status_code == 404
    r = coord.post("/manage/round/deadline", data={"csrf_token": _token(coord), "deadline": "2026-05-01"})
    assert r.status_code in (200, 422) and "no comment round is open" in r.get_data(as_text=True).lower()
    assert OPENED < DEADLINE
