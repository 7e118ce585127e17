"""The web side's one error boundary: a fault of uprreport is a page that keeps what was
typed and a crash report on the server, never a traceback; a refusal is a page saying why;
text a browser cannot hold is never sent to it."""

from __future__ import annotations

import sqlite3

import pytest

from .webkit import comment_form, login, register, send


def test_a_fault_in_a_page_keeps_the_text_typed_and_saves_a_crash_report(client, tmp_path, monkeypatch):
    from uprreport.api import consultation

    monkeypatch.setattr("uprreport.crashes._folders", lambda: [tmp_path / "logs"])
    monkeypatch.delenv("UPRREPORT_DEBUG", raising=False)
    data = comment_form(client)
    real_state = consultation.state

    def broken(*a, **k):
        raise RuntimeError("the register went away")

    monkeypatch.setattr(consultation, "send", broken)
    r = client.post("/comment", data={**data, "consent": "yes", "comment": "Paragraph 12 forgets the islands."})
    page = r.get_data(as_text=True)
    assert r.status_code == 500
    assert "fault in uprreport" in page and "Paragraph 12 forgets the islands." in page
    assert "Traceback" not in page and "RuntimeError" not in page and "register went away" not in page
    (report,) = (tmp_path / "logs").glob("uprreport-crash-*.txt")
    text = report.read_text(encoding="utf-8")
    assert "POST /comment" in text and "the register went away" in text
    assert consultation.state is real_state


def test_a_refusal_from_the_service_is_a_page_saying_why(client, monkeypatch):
    from uprreport.api import consultation
    from uprreport.errors import UsageError

    def refused(*a, **k):
        raise UsageError("the register is of a newer uprreport", hint="upgrade uprreport")

    monkeypatch.setattr(consultation, "receipt", refused)
    r = client.get("/receipt/" + "a" * 24)
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and "the register is of a newer uprreport (upgrade uprreport)" in page


def test_control_characters_in_a_comment_never_reach_the_browser(project, client):
    text = "Pasted from a PDF:\x0c page two\x1b[0m, \x07 done."
    r = send(client, "justice/framework/p1", comment=text)
    assert r.status_code == 303
    receipt = client.get(r.headers["Location"]).get_data(as_text=True)
    (c,) = register(project, "SELECT comment FROM comments WHERE round = 1")
    assert c["comment"] == text          # the register keeps it as sent
    assert "\x0c" not in receipt and "\x1b" not in receipt and "\x07" not in receipt
    assert "page two[0m,  done." in receipt
    login(client, "coord")
    for page in (client.get("/manage/comments"), client.get("/manage/comments/1")):
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and "page two[0m" in html
        assert not any(ch in html for ch in "\x0c\x1b\x07")


def test_odd_numbers_in_the_coordinators_addresses_are_not_found_not_a_fault(client):
    login(client, "coord")
    for url in ("/manage/comments?paragraph=99999999999999999999999", "/manage/comments?paragraph=%D9%A3",
                "/manage/comments?paragraph=%C2%B2"):
        r = client.get(url)
        assert r.status_code == 200, url   # no comment matches: an empty list
    assert client.get("/manage/comments/99999999999999999999999").status_code == 404
    # issue 29's addresses: archived answers, receipts, moderation, the closing's confirmation
    for url in ("/rounds/99999999999999999999999/answers", "/rounds/%D9%A3/answers", "/rounds/0/answers",
                "/receipt/99999999999999999999999?t=x", "/receipt/1?t=%ED%A0%80", "/receipt/1?t=" + "9" * 5000,
                "/receipt/%C2%B2", "/manage/round/close?x=%ED%A0%80"):
        assert client.get(url).status_code in (200, 404), url
    page = client.get("/manage/").get_data(as_text=True)
    from .webkit import field

    for url in ("/manage/comments/99999999999999999999999/publication", "/manage/comments/0/publication",
                "/manage/comments/%D9%A3/publication"):
        assert client.post(url, data={"csrf_token": field(page, "csrf_token"), "spam": "yes"}).status_code == 404, url


def test_serving_on_a_port_in_use_is_refused_before_saying_it_serves(app):
    import socket

    import pytest

    from uprreport.errors import UsageError
    from uprreport.web.app import serve

    said = []
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UsageError, match=f"cannot listen on 127.0.0.1:{port}: another program already uses"):
            serve(app, "127.0.0.1", port, ready=lambda: said.append(1))
    assert said == []


def test_a_request_opens_the_register_once(client, monkeypatch):
    """The calls of one request share one connection (opened when first needed, closed at
    its end): a comment page asks the register three things and connects once."""
    from uprreport.rounds import store

    real, opened = store.connect, []

    def counting(*a, **k):
        conn = real(*a, **k)
        opened.append(conn)
        return conn

    monkeypatch.setattr(store, "connect", counting)
    assert client.get("/comment?paragraph=justice/framework/p1").status_code == 200
    assert len(opened) == 1
    with pytest.raises(sqlite3.ProgrammingError):   # closed when the request ended
        opened[0].execute("SELECT 1")


def test_a_file_the_system_refuses_is_a_page_naming_it_not_a_fault(client, monkeypatch, tmp_path):
    from uprreport.api import consultation

    monkeypatch.setattr("uprreport.crashes._folders", lambda: [tmp_path / "logs"])

    def locked(*a, **k):
        raise PermissionError(13, "Permission denied", "/srv/p/rounds/register.sqlite")

    monkeypatch.setattr(consultation, "receipt", locked)
    r = client.get("/receipt/" + "a" * 24)
    page = r.get_data(as_text=True)
    assert r.status_code == 409 and "register.sqlite" in page and "could not be read or written" in page
    assert not (tmp_path / "logs").exists()
