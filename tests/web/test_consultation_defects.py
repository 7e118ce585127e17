"""Issue 29's defects of the consultation, each held to its fix: names published only by
consent, answers kept per round, receipts with a secret, limits in characters and the text
given back on every refusal, moderation before publication, sessions that end, a lock per
account, closing confirmed, comments marked with their language's direction."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from .webkit import PASSWORDS, field, login, make_app, register, send

CLOSE = dt.date(2026, 4, 20)


def _email_comment(project, text: str, reviewer: str = "Dr Mail Sender", organisation: str = "Mail Org") -> int:
    """A comment as `round ingest` registers one from an e-mail (no consent to publish the name)."""
    from uprreport.rounds import store

    conn = store.connect(project)
    with store.transaction(conn):
        cur = conn.execute(
            "INSERT INTO comments (round, file_sha, source_ref, kind, pid, anchor, quote, comment, proposed, reviewer,"
            " organisation, date, classification, owner) VALUES (1, ?, 'mail-1', 'email', 'justice/framework/p1',"
            " 'paragraph-number', '', ?, '', ?, ?, '2026-03-10', 'substantive', 'justice')",
            ("cd" * 32, text, reviewer, organisation))
    conn.close()
    return cur.lastrowid


def _receipt(r) -> str:
    loc = r.headers["Location"]
    assert re.search(r"/receipt/\d+\?t=[0-9a-f]{32}$", loc), loc
    return loc


def test_names_are_published_only_with_consent(project):
    from uprreport import api

    client = make_app(project, publish_answers=True).test_client()
    send(client, "justice/framework/p1", comment="Agreed name.", name="Ana Consenting", organisation="Org A",
         publish_name="yes")
    send(client, "justice/framework/p1", comment="No name please.", name="Bo Private", organisation="Org B")
    _email_comment(project, "From an e-mail.")
    api.round_close(project, CLOSE)
    page = client.get("/answers").get_data(as_text=True)
    assert "Agreed name." in page and "Ana Consenting" in page and "Org A" in page
    assert "No name please." in page and "Bo Private" not in page and "Org B" not in page
    assert "From an e-mail." in page and "Dr Mail Sender" not in page and "Mail Org" not in page
    # the register keeps every name (the matrix for the coordinator has them)
    names = {r["reviewer"] for r in register(project, "SELECT reviewer FROM comments")}
    assert names == {"Ana Consenting", "Bo Private", "Dr Mail Sender"}


def test_the_name_box_is_apart_from_the_consent_box(client):
    page = client.get("/comment").get_data(as_text=True)
    assert 'name="consent"' in page and 'name="publish_name"' in page
    assert "with my name and organisation" not in page
    # no maxlength on the texts: a browser would cut a pasted text silently (and count an emoji twice)
    assert re.search(r'<textarea[^>]*maxlength', page) is None and "At most 10,000 characters" in page


def test_answers_stay_published_per_round_after_the_next_round_opens(project):
    from uprreport import api

    client = make_app(project, publish_answers=True).test_client()
    r = send(client, "justice/framework/p1", comment="Round one comment.")
    receipt = _receipt(r)
    api.round_close(project, CLOSE)
    assert "Round one comment." in client.get("/answers").get_data(as_text=True)
    api.round_open(project, dt.date(2099, 1, 1), CLOSE + dt.timedelta(days=1))
    # the next round is open: /answers shows the last closed round, and round 1's page stays
    later = make_app(project, publish_answers=True, today=CLOSE + dt.timedelta(days=2)).test_client()
    assert later.get("/answers").status_code == 200
    assert "Round one comment." in later.get("/answers").get_data(as_text=True)
    page = later.get("/rounds/1/answers")
    assert page.status_code == 200 and "Round one comment." in page.get_data(as_text=True)
    assert later.get("/rounds/2/answers").status_code == 404      # open: nothing published yet
    assert later.get("/rounds/99999999999999999999999/answers").status_code == 404
    assert later.get(receipt).status_code == 200                  # the receipt still leads somewhere


def test_the_receipt_page_needs_its_secret_and_shows_the_answer(project, app):
    from uprreport import api

    client = app.test_client()
    r = send(client, "justice/framework/p1", comment="Say which year.")
    receipt = _receipt(r)
    number = int(re.search(r"/receipt/(\d+)", receipt).group(1))
    page = client.get(receipt).get_data(as_text=True)
    assert "Say which year." in page and "Not answered yet" in page
    assert client.get(f"/receipt/{number}").status_code == 404
    assert client.get(f"/receipt/{number}?t=" + "0" * 32).status_code == 404
    assert client.get(f"/receipt/{number + 1}?t=" + receipt.split("t=")[1]).status_code == 404
    api.round_respond(project, comment=number, decision="rejected", reason="The year is in note 4.", by="justice")
    page = app.test_client().get(receipt).get_data(as_text=True)   # no cookie needed: the link is enough
    assert "Rejected" in page and "The year is in note 4." in page
    # a receipt link of an earlier release (the form's token) leads to the page
    (w,) = register(project, "SELECT token FROM web_submissions")
    old = client.get(f"/receipt/{w['token']}")
    assert old.status_code == 301 and old.headers["Location"].endswith(receipt.split("localhost")[-1])


def test_the_limit_counts_characters_in_any_script(project, client):
    for text in ("人" * 10_000, "ع" * 10_000, "😀" * 10_000):
        r = send(client, comment=text)
        assert r.status_code == 303, (text[0], r.status_code)
    r = send(client, comment="人" * 10_001)
    page = r.get_data(as_text=True)
    assert r.status_code == 422 and "10,000 characters" in page and "人" * 10_001 in page
    assert len(register(project, "SELECT id FROM comments")) == 3


def test_every_refusal_gives_the_text_back_in_the_form(project):
    client = make_app(project, comment_rate="1 per minute").test_client()
    assert send(client, comment="first").status_code == 303
    r = send(client, comment="Second, refused by the rate limit.", proposed="A wording.", name="Ana")
    page = r.get_data(as_text=True)
    assert r.status_code == 429 and "<textarea" in page
    assert ">Second, refused by the rate limit.</textarea>" in page and ">A wording.</textarea>" in page
    assert 'value="Ana"' in page
    # a form whose CSRF token expired: the form again, with the text
    client2 = make_app(project).test_client()
    data = {"csrf_token": "stale", "token": "t" * 24, "consent": "yes", "comment": "Kept after a stale form."}
    client2.get("/comment")
    r = client2.post("/comment", data=data)
    assert r.status_code == 400 and ">Kept after a stale form.</textarea>" in r.get_data(as_text=True)


def test_moderation_hides_and_redacts_before_publication(project):
    from uprreport import api

    client = make_app(project, publish_answers=True).test_client()
    send(client, "justice/framework/p1", comment="The minister is an idiot and a thief.", name="Rude")
    send(client, "justice/framework/p1", comment="My neighbour Jane Roe at 4 Elm St was detained.",
         name="Ana", publish_name="yes")
    send(client, "justice/framework/p1", comment="Buy cheap watches at example.com")
    abusive, personal, spam = (r["id"] for r in register(project, "SELECT id FROM comments ORDER BY id"))
    coord = make_app(project, publish_answers=True).test_client()
    login(coord, "coord")
    page = coord.get(f"/manage/comments/{abusive}").get_data(as_text=True)
    token = field(page, "csrf_token")
    r = coord.post(f"/manage/comments/{abusive}/publication",
                   data={"csrf_token": token, "hidden": "yes", "reason": "Insults a person.",
                         "comment_text": "The minister is an idiot and a thief."})
    assert r.status_code == 303
    r = coord.post(f"/manage/comments/{personal}/publication",
                   data={"csrf_token": token, "name_consent": "yes",
                         "comment_text": "My neighbour [name removed] at [address removed] was detained."})
    assert r.status_code == 303
    r = coord.post(f"/manage/comments/{spam}/publication", data={"csrf_token": token, "spam": "yes"})
    assert r.status_code == 303
    listing = coord.get("/manage/comments").get_data(as_text=True)
    assert "hidden" in listing and "spam" in listing and "redacted" in listing
    # the hiding needs a reason
    r = coord.post(f"/manage/comments/{abusive}/publication", data={"csrf_token": token, "hidden": "yes"})
    assert r.status_code == 422
    api.round_close(project, CLOSE)
    page = client.get("/answers").get_data(as_text=True)
    assert "idiot" not in page and "Insults a person." not in page
    assert "cheap watches" not in page
    assert "[name removed] at [address removed]" in page and "Jane Roe" not in page and "Ana" in page
    # the register and the coordinator's matrix keep the comments as sent
    kept = {r["comment"] for r in register(project, "SELECT comment FROM comments")}
    assert "My neighbour Jane Roe at 4 Elm St was detained." in kept
    (pub,) = register(project, "SELECT reason, by FROM publication WHERE comment = ?", abusive)
    assert pub["reason"] == "Insults a person." and pub["by"] == "coord"


def test_only_a_coordinator_moderates(project, app):
    send(app.test_client(), "justice/framework/p1", comment="Hello.")
    (c,) = register(project, "SELECT id FROM comments")
    justice = app.test_client()
    login(justice, "justice")
    page = justice.get(f"/manage/comments/{c['id']}").get_data(as_text=True)
    assert "/publication" not in page
    r = justice.post(f"/manage/comments/{c['id']}/publication",
                     data={"csrf_token": field(page, "csrf_token"), "spam": "yes"})
    assert r.status_code == 404
    assert register(project, "SELECT spam FROM publication WHERE comment = ?", c["id"])[0]["spam"] == 0


def test_odd_numbers_and_query_strings_never_fail(project, app):
    send(app.test_client(), "justice/framework/p1", comment="Hello.")
    coord = app.test_client()
    login(coord, "coord")
    for url in ("/manage/comments?paragraph=" + "9" * 40, "/manage/comments?paragraph=%D9%A1%D9%A2",
                "/manage/comments?paragraph=%ED%A0%80", "/manage/comments/" + "9" * 40,
                "/manage/comments/%D9%A1%D9%A2", "/manage/comments/%EF%BC%91", "/manage/comments/0",
                "/manage/comments/" + "9" * 40 + "/publication", "/rounds/%D9%A1/answers", "/receipt/%D9%A1?t=x",
                "/receipt/1?t=%ED%A0%80", "/receipt/" + "9" * 40 + "?t=x"):
        assert coord.get(url).status_code in (200, 404, 405), url
    page = coord.get("/manage/comments/1").get_data(as_text=True)
    for query in ("?state=%ED%A0%80", "?owner=%00", "?paragraph=" + "9" * 40, "?owner=a&owner=b",
                  "?classification=" + "x" * 3000):
        r = coord.post("/manage/comments/1" + query, data={"csrf_token": field(page, "csrf_token"),
                                                           "decision": "noted", "reason": ""})
        assert r.status_code == 303, query
        assert coord.get(r.headers["Location"]).status_code == 200, query


def test_closing_asks_for_confirmation_with_the_deadline_and_the_unanswered(project, app):
    send(app.test_client(), "justice/framework/p1", comment="Open one.")
    send(app.test_client(), "justice/framework/p1", comment="Open two.")
    coord = app.test_client()
    login(coord, "coord")
    dash = coord.get("/manage/").get_data(as_text=True)
    assert 'href="/manage/round/close"' in dash
    page = coord.get("/manage/round/close").get_data(as_text=True)
    assert "1 April 2026" in page or "2026-04-01" in page
    assert "2 of 2 comments are not answered" in page and "before its deadline" in page
    # a POST without the confirmation closes nothing
    r = coord.post("/manage/round/close", data={"csrf_token": field(page, "csrf_token")})
    assert r.status_code == 303 and r.headers["Location"].endswith("/manage/round/close")
    assert register(project, "SELECT closed FROM rounds")[0]["closed"] is None


def test_comment_text_is_marked_with_its_direction_on_the_coordinator_pages(project, app):
    send(app.test_client(), "justice/framework/p1", comment="يجب ذكر السنة.")
    coord = app.test_client()
    login(coord, "coord")
    for url in ("/manage/comments", "/manage/comments/1"):
        page = coord.get(url).get_data(as_text=True)
        assert re.search(r'dir="auto"[^>]*>يجب ذكر السنة.', page) or re.search(r'dir="rtl"[^>]*>يجب', page), url
def test_sessions_end_on_sign_out_everywhere_and_after_eight_hours(project, monkeypatch):
    import time

    app = make_app(project)
    one, two = app.test_client(), app.test_client()
    login(one, "coord")
    login(two, "coord")
    assert one.get("/manage/").status_code == 200 and two.get("/manage/").status_code == 200
    stolen = one.get_cookie("uprreport_session").value
    page = one.get("/manage/").get_data(as_text=True)
    assert one.post("/manage/logout", data={"csrf_token": field(page, "csrf_token")}).status_code == 303
    # the old cookie, and the other browser's session of the same account, no longer work
    three = app.test_client()
    three.set_cookie("uprreport_session", stolen)
    assert three.get("/manage/").status_code == 302
    assert two.get("/manage/").status_code == 302
    # an absolute limit: 8 hours after signing in, however busy the session was
    login(one, "coord")
    now = time.time()
    monkeypatch.setattr("uprreport.web.security._now", lambda: now + 7 * 3600)
    assert one.get("/manage/").status_code == 200
    monkeypatch.setattr("uprreport.web.security._now", lambda: now + 8 * 3600 + 5)
    assert one.get("/manage/").status_code == 302


def test_a_new_password_ends_the_sessions(project, app):
    from uprreport.rounds import accounts

    one = app.test_client()
    login(one, "coord")
    accounts.add(project, "coord", "a brand new password", "coordinator")
    assert one.get("/manage/").status_code == 302


def test_an_account_locks_after_failures_and_the_address_limit_is_loose(project):
    app = make_app(project)

    def attempt(client, name, password):
        page = client.get("/manage/login").get_data(as_text=True)
        return client.post("/manage/login", data={"csrf_token": field(page, "csrf_token"), "name": name,
                                                   "password": password})

    attacker = app.test_client()
    for _ in range(10):
        assert attempt(attacker, "coord", "wrong password!!").status_code == 401
    # the account is locked, even with the right password, and says so
    r = attempt(attacker, "coord", PASSWORDS["coord"])
    assert r.status_code == 401 and "locked" in r.get_data(as_text=True)
    # another account from the same address still signs in: the address is not locked out
    r = attempt(attacker, "justice", PASSWORDS["justice"])
    assert r.status_code == 303


def test_the_workspace_uses_the_same_sessions_and_lock(tmp_path):
    """One mechanism for both: the workspace's sign-out ends the account's other sessions, its
    sessions end 8 hours after signing in, and its accounts lock after wrong passwords."""
    import time

    from . import workspacekit as wk

    root = wk.make_workspace(tmp_path / "workspace")
    app = wk.make_app(root)
    one, two = app.test_client(), app.test_client()
    wk.sign_in(one, "coord")
    wk.sign_in(two, "coord")
    assert two.get("/accounts").status_code == 200
    assert wk.post(one, "/logout", page="/").status_code == 303
    assert two.get("/accounts").status_code == 302                     # signed out everywhere
    wk.sign_in(two, "coord")
    now = time.time()
    with pytest.MonkeyPatch.context() as later:
        later.setattr("uprreport.web.security._now", lambda: now + 8 * 3600 + 5)
        assert two.get("/accounts").status_code == 302                 # 8 hours: over
    attacker = app.test_client()
    for _ in range(10):
        page = attacker.get("/login").get_data(as_text=True)
        attacker.post("/login", data={"csrf_token": wk.token(page), "name": "rev", "password": "wrong password!"})
    page = attacker.get("/login").get_data(as_text=True)
    r = attacker.post("/login", data={"csrf_token": wk.token(page), "name": "rev", "password": wk.PASSWORDS["rev"]})
    assert r.status_code == 401 and "locked" in r.get_data(as_text=True)
    wk.sign_in(attacker, "coord")                                      # the address is not locked out
    from uprreport.rounds import accounts, store

    conn = accounts.workspace(root, create=False)
    assert store.user_version(conn) == accounts.WORKSPACE_VERSION == 4
    conn.close()


def test_the_register_is_created_owner_only(project):
    import os
    import stat

    if os.name != "posix":
        return
    assert stat.S_IMODE(os.stat(project / "rounds" / "register.sqlite").st_mode) == 0o600


def test_the_word_annex_publishes_what_the_page_does_and_the_workbook_keeps_all(project):
    """The matrix's Word annex is for publishing with the report: names by consent, hidden
    comments left out, redacted texts; the workbook for the coordinators keeps everything."""
    from docx import Document

    from uprreport import api
    from uprreport.api import consultation
    from uprreport.readers import tables

    client = make_app(project).test_client()
    send(client, "justice/framework/p1", comment="Agreed.", name="Ana Consenting", publish_name="yes")
    send(client, "justice/framework/p1", comment="Hidden insult.", name="Rude Person")
    _email_comment(project, "Call me at +1 555 0100.", reviewer="Mail Sender")
    hidden, mailed = 2, 3
    consultation.moderate(project, hidden, consultation.Publication(hidden=True, reason="abuse"), "coord")
    consultation.moderate(project, mailed, consultation.Publication(comment_text="Call me at [removed]."), "coord")
    closed = api.round_close(project, CLOSE)
    annex = "\n".join(cell.text for t in Document(closed.matrix_docx).tables for row in t.rows for cell in row.cells)
    assert "Ana Consenting" in annex and "Agreed." in annex
    assert "Hidden insult." not in annex and "Rude Person" not in annex
    assert "Mail Sender" not in annex and "[removed]" in annex and "555" not in annex
    book = project / "rounds" / "round-1" / "comment-response-matrix-round-1.xlsx"
    data, _ = tables.read_table(book, book.name)
    assert {row["commenter"] for _n, row in data.rows} == {"Ana Consenting", "Rude Person", "Mail Sender"}


def test_an_export_keeps_what_is_published_and_an_older_one_keeps_web_consent(project, tmp_path):
    import json
    import shutil

    from uprreport.api import consultation
    from uprreport.rounds import exchange

    client = make_app(project).test_client()
    send(client, "justice/framework/p1", comment="Named.", name="Ana", publish_name="yes")
    send(client, "justice/framework/p1", comment="Hide me.")
    consultation.moderate(project, 2, consultation.Publication(hidden=True, reason="abuse"), "coord")
    out = tmp_path / "register.json"
    exchange.export_json(project, out)

    def fresh(name):
        target = tmp_path / name
        shutil.copytree(project, target, ignore=shutil.ignore_patterns("rounds"))
        return target

    target = fresh("again")
    exchange.import_json(target, out)
    assert consultation.publication(target, 1).name_consent and consultation.publication(target, 2).hidden
    older = json.loads(out.read_text(encoding="utf-8"))
    del older["publication"]                      # an export of register version 2
    old = tmp_path / "older.json"
    old.write_text(json.dumps(older), encoding="utf-8")
    target = fresh("older")
    exchange.import_json(target, old)
    assert consultation.publication(target, 1).name_consent and consultation.publication(target, 2).name_consent


def test_the_consent_error_and_the_id_label_speak_the_reports_language(tmp_path):
    import shutil

    from uprreport import api

    from .webkit import ROOT, comment_form

    root = tmp_path / "belvedere"
    shutil.copytree(ROOT / "samples" / "national-belvedere-fr", root, ignore=shutil.ignore_patterns("build"))
    api.round_open(root, dt.date(2026, 4, 1), dt.date(2026, 3, 2))
    client = make_app(root).test_client()
    data = comment_form(client)
    r = client.post("/comment", data={**data, "comment": "Sans case cochée."})
    page = r.get_data(as_text=True)
    assert r.status_code == 422 and "Cochez la case pour accepter que votre commentaire soit publié." in page
    assert "Sans case cochée." in page
    ar = tmp_path / "qamar"
    shutil.copytree(ROOT / "samples" / "midterm-qamar-ar", ar, ignore=shutil.ignore_patterns("build"))
    api.round_open(ar, dt.date(2026, 4, 1), dt.date(2026, 3, 2))
    assert "المعرّف" in make_app(ar).test_client().get("/").get_data(as_text=True)


def test_signing_out_of_a_projects_pages_in_a_workspace_ends_the_accounts_sessions(tmp_path):
    import shutil

    from uprreport import api

    from . import workspacekit as wk
    from .webkit import ROOT

    root = wk.make_workspace(tmp_path / "workspace")
    shutil.copytree(ROOT / "samples" / "national-arcadia", root / "arcadia", ignore=shutil.ignore_patterns("build"))
    api.round_open(root / "arcadia", dt.date(2099, 4, 1), dt.date(2026, 3, 2))
    app = wk.make_app(root)
    one, two = app.test_client(), app.test_client()
    wk.sign_in(one, "coord")
    wk.sign_in(two, "coord")
    assert two.get("/p/arcadia/consultation/manage/").status_code == 200
    r = wk.post(one, "/p/arcadia/consultation/manage/logout", page="/p/arcadia/consultation/manage/")
    assert r.status_code == 303
    assert two.get("/p/arcadia/consultation/manage/").status_code == 302   # the other browser: signed out
    assert two.get("/accounts").status_code == 302
