"""The consultation's e-mail through a real SMTP server (aiosmtpd on 127.0.0.1): the receipt of a
comment sent with an address, the answer to it (once per decision), the notice to the body the
comment is routed to, nothing without an address, and the page never waiting for the mail server
(rounds/notify.py, api/consultation.py ``Mail``; docs/email.md "The consultation")."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from mailkit import _free_port, smtp_server
from uprreport import mailing

from .webkit import OPENED, field, login, make_app, register, send

pytest.importorskip("aiosmtpd")

PID = "justice/framework/p1"
ANA = "ana@example.org"
JUSTICE = "upr.justice@example.gov.arc"         # contributions/justice/contributor.yaml's contact


def _app(project, url, **settings):
    app = make_app(project, smtp=mailing.Server.from_url(url), **settings)
    return app, app.extensions["uprreport-mail"]


def _text(msg) -> str:
    return msg.get_body(("plain",)).get_content().replace("\r\n", "\n")


def _link(text: str) -> str:
    (url,) = re.findall(r"https?://\S+/receipt/\S+", text)
    return url


def _answer(client, number: int, decision: str, reason: str):
    page = client.get(f"/manage/comments/{number}").get_data(as_text=True)
    return client.post(f"/manage/comments/{number}", data={"csrf_token": field(page, "csrf_token"),
                                                           "decision": decision, "reason": reason})


def test_a_comment_with_an_address_gets_its_receipt_whose_link_opens_it(project, tmp_path):
    with smtp_server(tmp_path) as (url, box):
        app, mail = _app(project, url)
        client = app.test_client()
        r = send(client, PID, comment="The Act was adopted in 2021, not 2022.", proposed="Adopted in 2021.",
                 name="Ana Perić", email=ANA)
        assert r.status_code == 303
        assert mail.wait(10)
    (msg,) = box.to(ANA)
    (number,) = [row["id"] for row in register(project, "SELECT id FROM comments")]
    text = _text(msg)
    assert msg["Subject"] == f"Comment {number} received" and "Ana Perić" in str(msg["To"])
    assert msg["Content-Language"] == "en" and msg["Auto-Submitted"] == "auto-generated"
    (para,) = register(project, "SELECT number FROM paragraphs WHERE pid = ?", PID)
    assert f"registered under number {number}" in text and f"Paragraph: {para['number']}\n" in text
    assert "The Act was adopted in 2021, not 2022." in text and "Adopted in 2021." in text
    link = urlsplit(_link(text))
    assert link.scheme == "http" and link.netloc == "localhost"          # the address the request came to
    assert f"{link.path}?{link.query}" == r.headers["Location"]           # the receipt the page gave
    page = client.get(f"{link.path}?{link.query}")
    assert page.status_code == 200 and "The Act was adopted in 2021" in page.get_data(as_text=True)


def test_the_links_follow_the_address_the_proxy_says(project, tmp_path):
    with smtp_server(tmp_path) as (url, box):
        app, mail = _app(project, url, proxies=1)
        client = app.test_client()
        data = {"consent": "yes", "comment": "Behind the proxy.", "email": ANA, "paragraph": PID}
        page = client.get(f"/comment?paragraph={PID}").get_data(as_text=True)
        data.update(csrf_token=field(page, "csrf_token"), token=field(page, "token"))
        r = client.post("/comment", data=data, headers={"X-Forwarded-Proto": "https",
                                                        "X-Forwarded-Host": "consult.example.gov",
                                                        "X-Forwarded-For": "203.0.113.9"})
        assert r.status_code == 303
        assert mail.wait(10)
    assert _link(_text(box.to(ANA)[0])).startswith("https://consult.example.gov/receipt/")


def test_an_answer_is_sent_once_per_decision_with_its_reason(project, tmp_path):
    with smtp_server(tmp_path) as (url, box):
        app, mail = _app(project, url)
        public, owner = app.test_client(), app.test_client()
        send(public, PID, comment="The year is wrong.", email=ANA)
        (number,) = [row["id"] for row in register(project, "SELECT id FROM comments")]
        login(owner, "justice")
        assert _answer(owner, number, "rejected", "The Gazette shows 2022.").status_code == 303
        assert mail.wait(10)
        answers = [m for m in box.to(ANA) if "answered" in m["Subject"]]
        assert len(answers) == 1
        text = _text(answers[0])
        assert answers[0]["Subject"] == f"Comment {number} answered"
        assert "Decision: Rejected" in text and "The Gazette shows 2022." in text and "The year is wrong." in text
        link = urlsplit(_link(text))
        receipt = public.get(f"{link.path}?{link.query}").get_data(as_text=True)
        assert "The Gazette shows 2022." in receipt and "Rejected" in receipt
        # the same answer saved again: nothing new to tell
        assert _answer(owner, number, "rejected", "The Gazette shows 2022.").status_code == 303
        assert mail.wait(10)
        assert len([m for m in box.to(ANA) if "answered" in m["Subject"]]) == 1
        # a new reason is a new answer
        assert _answer(owner, number, "accepted with modification", "Corrected, with the Gazette's date.").status_code == 303
        assert mail.wait(10)
    answers = [m for m in box.to(ANA) if "answered" in m["Subject"]]
    assert len(answers) == 2 and "Decision: Accepted with modification" in _text(answers[1])


def test_without_an_address_the_commenter_gets_nothing(project, tmp_path):
    with smtp_server(tmp_path) as (url, box):
        app, mail = _app(project, url)
        public, owner = app.test_client(), app.test_client()
        send(public, PID, comment="No address given.", name="Anonymous")
        (number,) = [row["id"] for row in register(project, "SELECT id FROM comments")]
        login(owner, "justice")
        _answer(owner, number, "noted", "")
        assert mail.wait(10)
    assert {str(m["To"]) for m in box.messages} <= {f"UPR focal point <{JUSTICE}>"}   # the body's notice only
    assert all("answered" not in m["Subject"] and "received" not in m["Subject"] for m in box.messages)


def test_the_body_a_comment_is_routed_to_is_told_at_once_then_once_an_hour(project, tmp_path):
    with smtp_server(tmp_path) as (url, box):
        app, mail = _app(project, url)
        client = app.test_client()
        for k in range(3):
            assert send(client, PID, comment=f"Remark {k}.").status_code == 303
        send(client, comment="On the whole draft.")            # to the lead body, told apart
        assert mail.wait(10)
        first = box.to(JUSTICE)
        assert len(first) == 1                                 # the first at once; the others wait
        numbers = [row["id"] for row in register(project, "SELECT id FROM comments WHERE owner = 'justice' ORDER BY id")]
        assert first[0]["Subject"] == f"Comment {numbers[0]} to answer"
        text = _text(first[0])
        (para,) = register(project, "SELECT number FROM paragraphs WHERE pid = ?", PID)
        assert "routed to the Ministry of Justice (justice) for an answer" in text
        assert f"- comment {numbers[0]}, paragraph {para['number']} ({PID}): " \
               f"http://localhost/manage/comments/{numbers[0]}\n" in text
        mail.digest.flush()                                    # the hour is over
        assert mail.wait(10)
    digest = box.to(JUSTICE)[1:]
    assert len(digest) == 1 and digest[0]["Subject"] == "2 comments to answer"
    assert all(f"/manage/comments/{n}" in _text(digest[0]) for n in numbers[1:])
    assert len(box.to(JUSTICE)) == 2                            # nothing more to the body
    (lead,) = box.to("upr.foreign-affairs@example.gov.arc")
    assert "the whole draft" in _text(lead)


def test_a_body_without_a_contact_is_told_nothing(project, tmp_path):
    path = project / "contributions" / "justice" / "contributor.yaml"
    path.write_text(re.sub(r"contact:\n(  .*\n)+", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    with smtp_server(tmp_path) as (url, box):
        app, mail = _app(project, url)
        send(app.test_client(), PID, comment="Nobody to tell.")
        assert mail.wait(10)
    assert box.messages == []


def test_a_mail_server_that_cannot_be_reached_never_stops_a_comment(project, tmp_path, caplog):
    import logging

    log = logging.getLogger("uprreport")     # the command line's tests may have cut it from the root's
    log.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, "uprreport")
    app, mail = _app(project, f"smtp://127.0.0.1:{_free_port()}?from=upr@ministry.example.org")
    mail.outbox.RETRY = ()                                     # given up at the first failure
    client = app.test_client()
    started = time.monotonic()
    r = send(client, PID, comment="Sent while the mail server is down.", email=ANA)
    assert r.status_code == 303 and time.monotonic() - started < 5
    assert "Sent while the mail server is down." in client.get(r.headers["Location"]).get_data(as_text=True)
    assert mail.wait(30)
    log.removeHandler(caplog.handler)
    assert "not sent" in caplog.text and "cannot be reached" in caplog.text


def test_without_a_mail_server_nothing_is_sent_and_nothing_changes(project, tmp_path):
    app = make_app(project)
    assert app.extensions["uprreport-mail"] is None
    assert send(app.test_client(), PID, comment="No server.", email=ANA).status_code == 303


def test_starttls_and_a_login_carry_the_receipt(project, tmp_path):
    with smtp_server(tmp_path, tls=True, login=("upr", "mail pass 1")) as (url, box):
        app, mail = _app(project, url)
        assert send(app.test_client(), PID, comment="Over TLS.", email=ANA).status_code == 303
        assert mail.wait(10)
    (msg,) = box.to(ANA)
    assert "Over TLS." in _text(msg)


def test_a_line_break_in_the_name_adds_no_header_and_no_recipient(project, tmp_path):
    with smtp_server(tmp_path) as (url, box):
        app, mail = _app(project, url)
        client = app.test_client()
        r = send(client, PID, comment="Injected.", email=ANA, name="Eve\r\nBcc: victim@evil.example\r\nX-Evil: 1")
        assert r.status_code == 303
        refused = send(client, PID, comment="Two addresses.", email=f"{ANA}\r\nBcc: victim@evil.example")
        assert refused.status_code == 422                       # not an address: said on the form
        assert mail.wait(10)
    (msg,) = box.to(ANA)
    assert msg["Bcc"] is None and msg["X-Evil"] is None
    assert all("victim@evil.example" not in rcpt for env in box.envelopes for rcpt in env.rcpt_tos)
    assert [env.rcpt_tos for env in box.envelopes if ANA in env.rcpt_tos] == [[ANA]]


def test_a_report_in_french_writes_to_its_commenters_in_french(project, tmp_path):
    manifest = project / "report.yaml"
    manifest.write_text(re.sub(r"(?m)^language: \w+", "language: fr", manifest.read_text(encoding="utf-8")),
                        encoding="utf-8")
    with smtp_server(tmp_path) as (url, box):
        app, mail = _app(project, url)
        public, owner = app.test_client(), app.test_client()
        send(public, PID, comment="L’année est fausse.", email=ANA)
        (number,) = [row["id"] for row in register(project, "SELECT id FROM comments")]
        login(owner, "justice")
        _answer(owner, number, "rejected", "Le Journal officiel dit 2022.")
        assert mail.wait(10)
    received, answered = box.to(ANA)
    assert received["Subject"] == f"Commentaire {number} reçu" and received["Content-Language"] == "fr"
    assert "Paragraphe : 10\n" in _text(received) and "accusé de réception" in _text(received)
    assert answered["Subject"] == f"Réponse au commentaire {number}"
    assert "Décision : Rejetée\n" in _text(answered) and "Motif :\nLe Journal officiel dit 2022." in _text(answered)


def test_the_address_is_never_published_nor_exported(project, tmp_path):
    import datetime as dt
    import json

    from uprreport import api

    with smtp_server(tmp_path) as (url, box):
        app, mail = _app(project, url)
        send(app.test_client(), PID, comment="Private address.", email=ANA, publish_name="yes", name="Ana")
        assert mail.wait(10)
    api.round_close(project, dt.date(2026, 4, 20))
    out = tmp_path / "export.json"
    api.round_export(project, out)
    assert ANA not in out.read_text(encoding="utf-8")
    later = make_app(project, publish_answers=True, today=dt.date(2026, 4, 21))
    page = later.test_client().get("/rounds/1/answers").get_data(as_text=True)
    assert "Private address." in page and ANA not in page
    assert json.dumps([str(m["To"]) for m in box.messages]).count(ANA) == 1    # the receipt, nothing else


def test_the_command_line_mails_a_new_answer_with_the_receipt_link(project, tmp_path, monkeypatch):
    from uprreport.api import consultation
    from uprreport.cli import main

    monkeypatch.delenv(mailing.ENV, raising=False)
    send(make_app(project).test_client(), PID, comment="Answered from the command line.", email=ANA)
    (number,) = [row["id"] for row in register(project, "SELECT id FROM comments")]
    with smtp_server(tmp_path) as (url, box):
        args = ["round", "respond", str(project), "--comment", str(number), "--decision", "rejected",
                "--reason", "Checked: 2022 is right.", "--by", "justice", "--smtp", url,
                "--public-url", "https://consult.example.gov/"]
        first = CliRunner().invoke(main, args)
        again = CliRunner().invoke(main, args)
        nolink = CliRunner().invoke(main, args[:-2] + ["--reason", "Checked twice."], env={})
    assert first.exit_code == 0, first.output
    assert f"comment {number}: the answer e-mailed to its sender" in first.output
    assert "e-mailed" not in again.output                     # unchanged: nothing sent
    assert nolink.exit_code == 0 and "e-mailed" in nolink.output
    with_link, without = box.to(ANA)
    link = _link(_text(with_link))
    key = consultation.secret_key(project)                    # what `uprreport serve PROJECT` signs receipts with
    assert link == f"https://consult.example.gov/receipt/{number}?t={consultation.receipt_token(key, number)}"
    assert "Checked: 2022 is right." in _text(with_link)
    assert "receipt/" not in _text(without) and "Checked twice." in _text(without)
    assert "The receipt page you were given" in _text(without)


def test_the_command_line_says_when_the_mail_server_cannot_be_reached(project, tmp_path, monkeypatch):
    from uprreport.cli import main

    monkeypatch.delenv(mailing.ENV, raising=False)
    send(make_app(project).test_client(), PID, comment="Server down.", email=ANA)
    (number,) = [row["id"] for row in register(project, "SELECT id FROM comments")]
    got = CliRunner().invoke(main, ["round", "respond", str(project), "--comment", str(number), "--decision",
                                    "noted", "--smtp", f"smtp://127.0.0.1:{_free_port()}?from=upr@min.example.org"])
    assert got.exit_code == 0, got.output                    # the decision is recorded all the same
    assert "could not be e-mailed" in got.output and "cannot be reached" in got.output
    assert register(project, "SELECT decision FROM comments")[0]["decision"] == "noted"


def test_a_comment_carried_into_the_next_round_is_answered_to_its_sender(project, tmp_path):
    import datetime as dt

    from uprreport import api

    send(make_app(project).test_client(), PID, comment="Still open when the round closed.", email=ANA)
    api.round_close(project, dt.date(2026, 4, 20))
    api.round_open(project, dt.date(2026, 6, 1), dt.date(2026, 5, 1))
    (carried,) = register(project, "SELECT id FROM comments WHERE round = 2")
    with smtp_server(tmp_path) as (url, box):
        app, mail = _app(project, url, today=dt.date(2026, 5, 2))
        owner = app.test_client()
        login(owner, "justice")
        assert _answer(owner, carried["id"], "accepted", "").status_code == 303
        assert mail.wait(10)
    (msg,) = box.to(ANA)
    assert msg["Subject"] == f"Comment {carried['id']} answered" and "Decision: Accepted" in _text(msg)
    link = urlsplit(_link(_text(msg)))
    assert "Accepted" in app.test_client().get(f"{link.path}?{link.query}").get_data(as_text=True)


def test_in_a_workspace_the_links_lead_to_the_projects_consultation(project, tmp_path, monkeypatch):
    import datetime as dt
    import shutil

    from uprreport.cli import main

    from uprreport.web.app import create_workspace_app
    from uprreport.web.site import Settings

    from .workspacekit import make_workspace

    root = make_workspace(tmp_path / "ws")
    shutil.copytree(project, root / "arcadia")
    monkeypatch.delenv(mailing.ENV, raising=False)
    with smtp_server(tmp_path) as (url, box):
        # the workspace's own key, as `serve --workspace` has it (workspacekit gives one for the tests)
        app = create_workspace_app(root, Settings(smtp=mailing.Server.from_url(url),
                                                  today=lambda: OPENED + dt.timedelta(days=5)))
        client = app.test_client()
        page = client.get(f"/p/arcadia/consultation/comment?paragraph={PID}").get_data(as_text=True)
        r = client.post("/p/arcadia/consultation/comment", data={
            "csrf_token": field(page, "csrf_token"), "token": field(page, "token"), "paragraph": PID,
            "consent": "yes", "comment": "From the workspace.", "email": ANA})
        assert r.status_code == 303
        mail = app.extensions["uprreport-workspace"].apps["arcadia"].extensions["uprreport-mail"]
        assert mail.wait(10)
        (received,) = box.to(ANA)
        link = _link(_text(received))
        assert link.startswith("http://localhost/p/arcadia/consultation/receipt/")
        assert "From the workspace." in client.get(link.removeprefix("http://localhost")).get_data(as_text=True)
        assert "http://localhost/p/arcadia/consultation/manage/comments/" in _text(box.to(JUSTICE)[0])
        # the command line, given the workspace's address, links to the same receipt
        (number,) = [row["id"] for row in register(root / "arcadia", "SELECT id FROM comments")]
        got = CliRunner().invoke(main, ["round", "respond", str(root / "arcadia"), "--comment", str(number),
                                        "--decision", "noted", "--smtp", url,
                                        "--public-url", "http://localhost/p/arcadia/consultation/"])
        assert got.exit_code == 0, got.output
    (answered,) = [m for m in box.to(ANA) if "answered" in m["Subject"]]
    assert urlsplit(_link(_text(answered))) == urlsplit(link)
