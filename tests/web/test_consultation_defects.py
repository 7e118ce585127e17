"""Issue 29's defects of the consultation, each held to its fix: names published only by
consent, answers kept per round, receipts with a secret, limits in characters and the text
given back on every refusal, moderation before publication, sessions that end, a lock per
account, closing confirmed, comments marked with their language's direction."""

from __future__ import annotations

import datetime as dt
import re

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
