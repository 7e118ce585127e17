"""Packs and reminders by e-mail from the workspace, through a real SMTP server (aiosmtpd on
127.0.0.1, tests/mailkit.py): the coordinator makes the packs and e-mails them, sends reminders
now or on a schedule; a body without an address is named, nothing is sent twice, a refused
recipient and an unreachable server are said; every sending is logged."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from mailkit import smtp_server
from uprreport import mailing

from .workspacekit import make_app, make_workspace, ohchr_list, post, sign_in

pytest.importorskip("aiosmtpd")

PROJECT = "arcadia"
# the bodies that owe something and have an address: the two added here, and the lead body the
# new project starts with (foreign-affairs, which writes text; its contact is upr@example.org)
OWING = ["foreign-affairs", "health", "interior"]
BODIES = {"health": ("Ministry of Health", "D.right-to-health", "health.fp@min.example.org"),
          "interior": ("Ministry of the Interior", "", "interior.fp@min.example.org"),
          "culture": ("Ministry of Culture", "D.right-to-health", "")}        # no address


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """A workspace with a project, three bodies (one without a contact e-mail), assignments."""
    from uprreport.api import workspace as ws

    root = make_workspace(tmp_path_factory.mktemp("wsmail") / "workspace")
    listing = root.parent / "list.docx"
    listing.write_bytes(ohchr_list())
    ws.create_project(root, PROJECT, "national", listing, "list.docx", "coord")
    path = root / PROJECT
    for folder, (name, sections, email) in BODIES.items():
        assert ws.add_body(path, {"folder": folder, "name": name, "kind": "ministry", "sections": sections,
                                  "contact": "UPR focal point", "email": email}, "coord") == {}
    ws.assign(path, "health", theme="right-to-health", by="coord")
    ws.assign(path, "interior", ids=["140.1", "140.2"], by="coord")
    return root


@pytest.fixture
def root(made, tmp_path) -> Path:
    copy = tmp_path / "workspace"
    shutil.copytree(made, copy)
    return copy


def _coordinator(root: Path, url: str | None):
    app = make_app(root, smtp=mailing.Server.from_url(url) if url else None)
    c = app.test_client()
    sign_in(c, "coord")
    return c


def _log(root: Path) -> list[tuple[str, str]]:
    from uprreport.api import workspace as ws

    return [(e["action"], e["detail"]) for e in ws.entries(root)]


def test_the_packs_go_to_each_bodys_contact_with_their_files(root, tmp_path):
    with smtp_server(tmp_path) as (url, box):
        c = _coordinator(root, url)
        page = c.get(f"/p/{PROJECT}/bodies").get_data(as_text=True)
        assert "E-mail each pack to its body" in page and "127.0.0.1" in page
        r = post(c, f"/p/{PROJECT}/packs", {"deadline": "2099-03-31", "send": "yes"}, page=f"/p/{PROJECT}/bodies")
        assert r.status_code == 303
        page = c.get(f"/p/{PROJECT}/bodies").get_data(as_text=True)
    to = {str(m["To"]) for m in box.messages}
    assert {"health.fp@min.example.org", "interior.fp@min.example.org"} <= to      # and the lead body's contact
    assert not any("culture" in t for t in to)
    health = box.to("health.fp@min.example.org")[0]
    assert "31 March 2099" in str(health["Subject"]) and health["From"] == "upr@ministry.example.org"
    names = sorted(a.get_filename() for a in health.iter_attachments())
    assert names == ["health-input-pack.xlsx", "health-narrative.docx"]
    assert "e-mailed to 3 bodies" in page and "not e-mailed, no contact e-mail: culture" in page
    assert "none: no contact e-mail" in page                       # the board's row for culture
    actions = _log(root)
    assert any(a == "packs e-mailed" and "health to health.fp@min.example.org; interior to interior.fp@min.example.org"
               in d for a, d in actions)


def test_without_a_mail_server_the_pages_say_how_to_set_one_and_nothing_is_sent(root):
    c = _coordinator(root, None)
    page = c.get(f"/p/{PROJECT}/bodies").get_data(as_text=True)
    assert "No mail server is set" in page and "E-mail each pack" not in page and "Send reminders now" not in page
    assert post(c, f"/p/{PROJECT}/reminders", page=f"/p/{PROJECT}/bodies").status_code == 404


def test_reminders_now_go_to_the_bodies_that_owe_and_not_twice_a_day(root, tmp_path):
    from uprreport.api import workspace as ws

    ws.send_packs(root / PROJECT, dt.date.today() + dt.timedelta(days=2), "coord", PROJECT, root)  # due in 2 days
    with smtp_server(tmp_path) as (url, box):
        c = _coordinator(root, url)
        assert post(c, f"/p/{PROJECT}/reminders", page=f"/p/{PROJECT}/bodies").status_code == 303
        first = c.get(f"/p/{PROJECT}/bodies").get_data(as_text=True)
        assert post(c, f"/p/{PROJECT}/reminders", page=f"/p/{PROJECT}/bodies").status_code == 303
        second = c.get(f"/p/{PROJECT}/bodies").get_data(as_text=True)
    assert sorted(m["To"].addresses[0].addr_spec for m in box.messages) == ["health.fp@min.example.org",
                                                                           "interior.fp@min.example.org",
                                                                           "upr@example.org"]
    assert all("reminder" in str(m["Subject"]) for m in box.messages)
    assert "e-mailed to 3 bodies" in first and "already e-mailed before: foreign-affairs, health, interior" in second


def test_scheduled_reminders_are_sent_once_when_due(root, tmp_path):
    from uprreport.api import workspace as ws
    from uprreport.collection import sending

    ws.send_packs(root / PROJECT, dt.date(2099, 3, 31), "coord", PROJECT, root)
    with smtp_server(tmp_path) as (url, box):
        c = _coordinator(root, url)
        r = post(c, f"/p/{PROJECT}/reminders/schedule", {"on": "yes", "before": "x", "every": "99"},
                 page=f"/p/{PROJECT}/bodies")
        assert r.status_code == 422 and "a number of days from 0 to 60" in r.get_data(as_text=True)
        assert not sending.schedule(root / PROJECT).on                       # nothing written
        assert post(c, f"/p/{PROJECT}/reminders/schedule", {"on": "yes", "before": "7", "every": "5"},
                    page=f"/p/{PROJECT}/bodies").status_code == 303
        server = mailing.Server.from_url(url)
        assert ws.run_scheduled_reminders(root, server, dt.date(2099, 3, 23)) == {}       # 8 days before: not yet
        sent = ws.run_scheduled_reminders(root, server, dt.date(2099, 3, 24))              # 7 days before
        assert sorted(o.body for o in sent[PROJECT].sent) == OWING
        assert ws.run_scheduled_reminders(root, server, dt.date(2099, 3, 25)) == {}       # sent already
        assert ws.run_scheduled_reminders(root, server, dt.date(2099, 3, 31)) == {}       # the deadline: not again
        late = ws.run_scheduled_reminders(root, server, dt.date(2099, 4, 1))              # past it, 8 days since
        assert sorted(o.body for o in late[PROJECT].sent) == OWING
    assert len(box.messages) == 6


def test_scheduled_reminders_after_the_deadline_come_every_so_many_days(root, tmp_path):
    from uprreport.api import workspace as ws

    ws.send_packs(root / PROJECT, dt.date(2099, 3, 31), "coord", PROJECT, root)
    ws.set_reminders(root / PROJECT, True, "0", "5", "coord", PROJECT, root)
    with smtp_server(tmp_path) as (url, box):
        server = mailing.Server.from_url(url)
        got = {}
        for n in range(12):
            day = dt.date(2099, 3, 31) + dt.timedelta(days=n)
            done = ws.run_scheduled_reminders(root, server, day)
            if done:
                got[day.isoformat()] = sorted(o.body for o in done[PROJECT].sent)
    assert got == {d: OWING for d in ("2099-03-31", "2099-04-05", "2099-04-10")}
    assert len(box.messages) == 9


def test_a_refused_recipient_and_an_unreachable_server_are_said_and_logged(root, tmp_path):
    from mailkit import _free_port

    with smtp_server(tmp_path, refuse={"interior.fp@min.example.org"}) as (url, box):
        c = _coordinator(root, url)
        post(c, f"/p/{PROJECT}/packs", {"deadline": "2099-03-31", "send": "yes"}, page=f"/p/{PROJECT}/bodies")
        page = c.get(f"/p/{PROJECT}/bodies").get_data(as_text=True)
    assert "refused by the mail server for interior (interior.fp@min.example.org): 550" in page
    assert len(box.messages) == 2
    c = _coordinator(root, f"smtp://127.0.0.1:{_free_port()}?from=upr@ministry.example.org")
    post(c, f"/p/{PROJECT}/packs", {"deadline": "2099-04-30", "send": "yes"}, page=f"/p/{PROJECT}/bodies")
    page = c.get(f"/p/{PROJECT}/bodies").get_data(as_text=True)
    assert "input packs were made" in page and "No e-mail was sent: the mail server" in page
    assert any(a == "packs e-mailed: failed" and "cannot be reached" in d for a, d in _log(root))


def test_a_reviewer_cannot_send_or_schedule(root, tmp_path):
    with smtp_server(tmp_path) as (url, box):
        app = make_app(root, smtp=mailing.Server.from_url(url))
        c = app.test_client()
        sign_in(c, "rev")
        page = c.get(f"/p/{PROJECT}/bodies").get_data(as_text=True)
        assert "Send reminders now" not in page and "Save the schedule" not in page
        assert post(c, f"/p/{PROJECT}/reminders", page=f"/p/{PROJECT}/bodies").status_code == 403
        assert post(c, f"/p/{PROJECT}/reminders/schedule", {"on": "yes", "before": "3", "every": "7"},
                    page=f"/p/{PROJECT}/bodies").status_code == 403
    assert box.messages == []
