"""The public consultation page, through Flask's test client: what a commenter reads and
sends, and what lands in the register."""

from __future__ import annotations

import datetime as dt
import json

from .webkit import DEADLINE, comment_form, field, make_app, register, send


def test_the_draft_shows_every_frozen_paragraph_with_its_id_and_an_action(project, client):
    page = client.get("/").get_data(as_text=True)
    paragraphs = register(project, "SELECT pid, number FROM paragraphs WHERE round = 1")
    assert '<html lang="en" dir="ltr">' in page
    assert "Comments are open until 1 April 2026." in page
    numbered = [p for p in paragraphs if p["number"]]
    for p in numbered:
        assert f'id="para-{p["pid"]}"' in page
        assert f'href="/comment?paragraph={p["pid"]}">Comment on paragraph {p["number"]}</a>' in page
    assert "<h2" in page and "I.</span> Methodology" in page


def test_a_comment_on_a_paragraph_lands_in_the_register_exactly_there(project, client):
    pid = "justice/framework/p1"
    r = send(client, pid, comment="The Act was adopted in 2021, not 2022.", proposed="", name="Ana Perić",
             organisation="Legal Aid Network", email="ana@example.org")
    assert r.status_code == 303
    receipt = client.get(r.headers["Location"]).get_data(as_text=True)
    (c,) = register(project, "SELECT * FROM comments WHERE round = 1")
    assert f'<strong class="receipt-number">{c["id"]}</strong>' in receipt
    assert (c["kind"], c["file_sha"], c["pid"], c["anchor"]) == ("web", "web", pid, "paragraph-id")
    assert (c["reviewer"], c["organisation"], c["owner"]) == ("Ana Perić", "Legal Aid Network", "justice")
    assert c["classification"] == "substantive" and c["late"] == 0
    (w,) = register(project, "SELECT * FROM web_submissions")
    assert w["email"] == "ana@example.org" and w["comment"] == c["id"]


def test_a_general_comment_goes_to_the_lead_contribution(project, client):
    assert send(client, comment="The report says nothing about prisons.").status_code == 303
    (c,) = register(project, "SELECT pid, anchor, owner FROM comments")
    assert (c["pid"], c["anchor"], c["owner"]) == (None, "none", "foreign-affairs")


def test_the_same_form_sent_twice_registers_one_comment(project, client):
    data = comment_form(client, "justice/framework/p1")
    data.update(comment="Once only.", consent="yes")
    first = client.post("/comment", data=data)
    second = client.post("/comment", data=data)   # a double click, or the browser resending
    assert first.headers["Location"] == second.headers["Location"]
    assert len(register(project, "SELECT id FROM comments")) == 1


def test_script_and_html_in_a_comment_are_shown_as_text(project, client):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)><b>bold</b>'
    r = send(client, "justice/framework/p1", comment=hostile, name="<i>Eve</i>")
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert register(project, "SELECT comment FROM comments")[0]["comment"] == hostile   # kept as written
    assert "script-src" not in r.headers.get("Content-Security-Policy", "") and \
        "default-src 'none'" in r.headers["Content-Security-Policy"]


def test_a_post_without_the_csrf_token_is_refused_and_the_text_shown_back(project, client):
    data = comment_form(client, "justice/framework/p1")
    data.pop("csrf_token")
    r = client.post("/comment", data={**data, "comment": "My long comment", "consent": "yes"})
    assert r.status_code == 400
    assert "My long comment" in r.get_data(as_text=True)
    assert register(project, "SELECT id FROM comments") == []


def test_a_csrf_token_from_another_session_is_refused(project, app):
    alice, mallory = app.test_client(), app.test_client()
    data = comment_form(mallory, None)
    comment_form(alice, None)   # alice has a session of her own
    r = alice.post("/comment", data={**data, "comment": "forged", "consent": "yes"})
    assert r.status_code == 400 and register(project, "SELECT id FROM comments") == []


def test_a_burst_beyond_the_rate_limit_is_refused_and_nothing_accepted_is_lost(project):
    client = make_app(project, comment_rate="3 per minute").test_client()
    codes = [send(client, "justice/framework/p1", comment=f"comment {k}").status_code for k in range(6)]
    assert codes == [303, 303, 303, 429, 429, 429]
    assert sorted(r["comment"] for r in register(project, "SELECT comment FROM comments")) == \
        ["comment 0", "comment 1", "comment 2"]
    again = send(client, comment="again").get_data(as_text=True)   # the form again, the text in it
    assert "too many comments in a short time" in again and ">again</textarea>" in again


def test_the_spam_trap_keeps_nothing(project, client):
    r = send(client, comment="Buy cheap pills", website="http://spam.example")
    assert r.status_code == 200 and "Comment received" in r.get_data(as_text=True)
    assert register(project, "SELECT id FROM comments") == []


def test_without_consent_nothing_is_sent_and_the_text_stays_in_the_form(project, client):
    data = comment_form(client, "justice/framework/p1")
    r = client.post("/comment", data={**data, "comment": "Keep my words"})
    page = r.get_data(as_text=True)
    assert r.status_code == 422 and 'aria-invalid="true" aria-describedby="consent-error"' in page
    assert ">Keep my words</textarea>" in page and field(page, "token") == data["token"]
    assert register(project, "SELECT id FROM comments") == []


def test_oversized_input_is_refused_plainly(project, client):
    r = send(client, comment="x" * 10_001)
    assert r.status_code == 422 and "the most this page takes is 10,000 characters" in r.get_data(as_text=True)
    r = send(client, comment="x" * 70_000)        # over the limit in characters: the text given back
    assert r.status_code == 422 and "x" * 70_000 in r.get_data(as_text=True)
    r = send(client, comment="x" * 600_000)       # over the request's byte cap, far above 10,000 characters
    assert r.status_code == 413
    assert register(project, "SELECT id FROM comments") == []


def test_an_unknown_paragraph_is_not_found(client):
    assert client.get("/comment?paragraph=nobody/nothing/p1").status_code == 404


def test_the_page_closes_itself_after_the_deadline(project):
    clock = [DEADLINE]
    client = make_app(project, today=lambda: clock[0]).test_client()
    data = comment_form(client, "justice/framework/p1")   # the last day: still open
    clock[0] = DEADLINE + dt.timedelta(days=1)
    page = client.get("/").get_data(as_text=True)
    assert "The consultation closed on 1 April 2026" in page and "no-actions" in page
    assert "Comment on the whole draft" not in page
    # the form left open in a browser past the deadline: refused, the words shown back
    r = client.post("/comment", data={**data, "comment": "too late words", "consent": "yes"})
    assert r.status_code == 409 and "too late words" in r.get_data(as_text=True)
    assert register(project, "SELECT id FROM comments") == []


def test_published_answers_after_the_round_closes(project):
    from uprreport import api

    client = make_app(project, publish_answers=True).test_client()
    assert client.get("/answers").status_code == 404   # not while the round is open
    send(client, "justice/framework/p1", comment="Say which year.", name="Ana")
    (c,) = register(project, "SELECT id FROM comments")
    api.round_respond(project, comment=c["id"], decision="accepted", reason="", by="justice")
    api.round_close(project, dt.date(2026, 4, 20))
    page = client.get("/answers").get_data(as_text=True)
    assert f'id="comment-{c["id"]}"' in page and "Say which year." in page and "Accepted" in page
    assert "Read the answers to the comments" in client.get("/").get_data(as_text=True)
    assert make_app(project).test_client().get("/answers").status_code == 404   # not published


def test_the_email_stays_out_of_the_register_export(project, client, tmp_path):
    from uprreport.rounds import exchange

    send(client, comment="General remark.", email="private@example.org")
    exchange.export_json(project, tmp_path / "register.json")
    text = (tmp_path / "register.json").read_text(encoding="utf-8")
    assert "General remark." in text and "private@example.org" not in text
    assert json.loads(text)["comments"][0]["kind"] == "web"


def test_the_french_project_speaks_french(tmp_path):
    import shutil

    from .webkit import ROOT
    from uprreport import api

    root = tmp_path / "fr"
    shutil.copytree(ROOT / "samples" / "national-belvedere-fr", root, ignore=shutil.ignore_patterns("build"))
    api.round_open(root, dt.date(2026, 4, 1), dt.date(2026, 3, 2))
    client = make_app(root).test_client()
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in page and "ouverts jusqu’au 1er avril 2026" in page
    assert "Commenter le paragraphe 1" in page
    form = client.get("/comment").get_data(as_text=True)
    assert "Votre commentaire" in form


def test_a_round_opened_before_the_draft_tree_was_kept_still_shows_its_paragraphs(project):
    (project / "rounds" / "round-1" / "draft.json").unlink()
    page = make_app(project).test_client().get("/").get_data(as_text=True)
    assert 'id="para-justice/framework/p1"' in page
    assert 'href="/comment?paragraph=justice/framework/p1"' in page
