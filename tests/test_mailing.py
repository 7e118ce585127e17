"""E-mail through a real SMTP server (aiosmtpd on 127.0.0.1): the address of the server, STARTTLS
and a login, refused recipients, and the errors a user meets (mailing/)."""

from __future__ import annotations

import pytest

from mailkit import smtp_server
from uprreport import mailing
from uprreport.errors import UprError, UsageError

pytest.importorskip("aiosmtpd")


def test_the_address_of_a_server_is_read_and_never_shows_its_password():
    s = mailing.Server.from_url("smtp://upr%40min:p%40ss@mail.example.org?from=UPR%20Unit%20%3Cupr@min.example.org%3E")
    assert (s.host, s.port, s.security, s.username, s.password) == ("mail.example.org", 587, "starttls",
                                                                      "upr@min", "p@ss")
    assert (s.sender, s.sender_name) == ("upr@min.example.org", "UPR Unit")
    assert "p@ss" not in s.shown and "p@ss" not in repr(s)
    assert mailing.Server.from_url("smtps://mail.example.org?from=a@b.org").port == 465
    assert mailing.Server.from_url("smtp://127.0.0.1?from=a@b.org").port == 25


@pytest.mark.parametrize("url, words", [
    ("http://mail.example.org?from=a@b.org", "not an SMTP server's address"),
    ("smtp://mail.example.org", "which address mail comes from"),
    ("smtp://u:secret@mail.example.org?from=a@b.org&security=none", "unencrypted"),
    ("smtp://mail.example.org:99999?from=a@b.org", "port"),
    ("smtp://mail.example.org?from=a@b.org&cafile=/no/such/file.pem", "does not exist"),
])
def test_a_wrong_address_is_said_without_its_password(url, words):
    with pytest.raises(UsageError) as exc:
        mailing.Server.from_url(url)
    assert words in str(exc.value) and "secret" not in str(exc.value)


def test_the_environment_names_the_server_when_no_option_does(monkeypatch):
    monkeypatch.delenv(mailing.ENV, raising=False)
    assert mailing.configured() is None
    monkeypatch.setenv(mailing.ENV, "smtp://127.0.0.1:2525?from=a@b.org")
    assert mailing.configured().port == 2525
    assert mailing.configured("smtp://127.0.0.1:25?from=c@d.org").sender == "c@d.org"


def test_messages_with_attachments_and_text_in_any_script_arrive_whole(tmp_path):
    with smtp_server(tmp_path) as (url, box):
        server = mailing.Server.from_url(url)
        msg = mailing.message(server, "fp@justice.example.org", "Pack — وزارة العدل — 司法部", "Bonjour,\n\nمرحبا 你好\n",
                              to_name="Ana María Núñez", language="fr",
                              attachments=[mailing.Attachment("justice-input-pack.xlsx", b"PK\x03\x04data",
                                                              "application/vnd.openxmlformats-officedocument."
                                                              "spreadsheetml.sheet")])
        assert [s.ok for s in mailing.send(server, [msg])] == [True]
    got = box.messages[0]
    assert got["Subject"] == "Pack — وزارة العدل — 司法部" and "Ana María Núñez" in str(got["To"])
    assert got.get_body(("plain",)).get_content().replace("\r\n", "\n") == "Bonjour,\n\nمرحبا 你好\n"
    (part,) = list(got.iter_attachments())
    assert part.get_filename() == "justice-input-pack.xlsx" and part.get_content() == b"PK\x03\x04data"
    assert got["Auto-Submitted"] == "auto-generated" and got["Content-Language"] == "fr"


def test_a_line_break_in_a_subject_or_name_adds_no_header(tmp_path):
    server = mailing.Server.from_url("smtp://127.0.0.1?from=a@b.org")
    msg = mailing.message(server, "x@y.org", "Hello\r\nBcc: victim@evil.example", "text", to_name="N\nBcc: v@e.x")
    assert msg["Bcc"] is None and "Bcc" in msg["Subject"]


def test_starttls_and_a_login_are_used_and_a_wrong_password_is_said(tmp_path):
    with smtp_server(tmp_path, tls=True, login=("upr", "right password")) as (url, box):
        server = mailing.Server.from_url(url)
        assert mailing.send(server, [mailing.message(server, "a@b.org", "s", "t")])[0].ok
        wrong = mailing.Server.from_url(url.replace("right%20password", "x").replace("right password", "x"))
        with pytest.raises(UprError) as exc:
            mailing.send(wrong, [mailing.message(wrong, "a@b.org", "s", "t")])
    assert len(box.messages) == 1 and "refused the login" in str(exc.value) and "right" not in str(exc.value)


def test_a_server_whose_certificate_is_not_trusted_gets_nothing(tmp_path):
    with smtp_server(tmp_path, tls=True) as (url, box):
        untrusted = mailing.Server.from_url(url.split("&cafile=")[0])
        with pytest.raises(UprError) as exc:
            mailing.send(untrusted, [mailing.message(untrusted, "a@b.org", "s", "t")])
    assert "certificate" in str(exc.value) and "cafile" in exc.value.hint and box.messages == []


def test_a_refused_recipient_is_said_and_the_others_still_get_theirs(tmp_path):
    with smtp_server(tmp_path, refuse={"gone@b.org"}) as (url, box):
        server = mailing.Server.from_url(url)
        sent = mailing.send(server, [mailing.message(server, t, "s", "t") for t in ("a@b.org", "gone@b.org", "c@b.org")])
    assert [(s.to, s.ok) for s in sent] == [("a@b.org", True), ("gone@b.org", False), ("c@b.org", True)]
    assert "550" in sent[1].reason and len(box.messages) == 2


def test_a_server_that_does_not_answer_is_said(tmp_path):
    from mailkit import _free_port

    server = mailing.Server.from_url(f"smtp://127.0.0.1:{_free_port()}?from=a@b.org")
    with pytest.raises(UprError) as exc:
        mailing.send(server, [mailing.message(server, "a@b.org", "s", "t")])
    assert "cannot be reached" in str(exc.value) and "nothing was sent" in str(exc.value)


@pytest.mark.parametrize("address", ["", "no-at-sign", "two@@b.org", "a@b", "a b@c.org", "a@b.org, c@d.org"])
def test_an_address_that_cannot_be_written_to_is_refused(address):
    server = mailing.Server.from_url("smtp://127.0.0.1?from=a@b.org")
    with pytest.raises(UsageError):
        mailing.message(server, address, "s", "t")


# -- the command line: packs and reminders ----------------------------------------------------

def test_request_and_remind_send_through_the_server_once(tmp_path, sample_copy, monkeypatch):
    from click.testing import CliRunner

    from uprreport.cli import main

    monkeypatch.delenv(mailing.ENV, raising=False)
    project = sample_copy
    with smtp_server(tmp_path) as (url, box):
        r = CliRunner().invoke(main, ["request", str(project), "--send", "--smtp", url, "--today", "2026-03-01",
                                      "--deadline", "2026-03-20"])
        assert r.exit_code == 0, r.output
        packs = len(box.messages)
        assert packs >= 10 and "sent through smtp://127.0.0.1" in r.output
        assert "upr.justice@example.gov.arc" in {str(m["To"]) for m in box.messages}
        monkeypatch.setenv(mailing.ENV, url)                     # the environment names it now
        args = ["progress", str(project), "--remind", "--send", "--today", "2026-03-19"]
        first = CliRunner().invoke(main, args)
        again = CliRunner().invoke(main, args)
    assert first.exit_code == 0 and again.exit_code == 0, first.output + again.output
    reminders = len(box.messages) - packs
    assert reminders > 0 and all("reminder" in str(m["Subject"]) for m in box.messages[packs:])
    assert "0 sent" in again.output and "already sent" in again.output
    from uprreport.collection import sending

    rows = sending.record(project)
    assert len(rows) == packs + reminders and all(r["ok"] for r in rows)


def test_send_needs_a_server_and_smtp_needs_send(sample_copy, monkeypatch):
    from click.testing import CliRunner

    from uprreport.cli import main

    monkeypatch.delenv(mailing.ENV, raising=False)
    r = CliRunner().invoke(main, ["request", str(sample_copy), "--send"])
    assert r.exit_code == 2 and "--send needs an SMTP server" in r.output
    r = CliRunner().invoke(main, ["request", str(sample_copy), "--smtp", "smtp://127.0.0.1?from=a@b.org"])
    assert r.exit_code == 2 and "give --send with it" in r.output
    r = CliRunner().invoke(main, ["progress", str(sample_copy), "--send", "--smtp", "smtp://127.0.0.1?from=a@b.org"])
    assert r.exit_code == 2 and "--remind" in r.output
    assert not (sample_copy / "requests").exists()               # nothing made


def test_a_stopped_outbox_sends_what_it_holds_then_its_thread_ends(tmp_path):
    with smtp_server(tmp_path) as (url, box):
        server = mailing.Server.from_url(url)
        outbox = mailing.Outbox(server)
        outbox.put(mailing.message(server, "a@b.org", "s", "t"))
        outbox.stop()
        outbox._thread.join(timeout=10)
    assert not outbox._thread.is_alive() and len(box.messages) == 1
