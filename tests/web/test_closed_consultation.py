"""A round closed while a page was open: the comment or the answer typed there is refused with
a plain message and given back, and nothing reaches the register."""

from __future__ import annotations

import datetime as dt

from .webkit import comment_form, field, login, make_app, register, send

CLOSING = dt.date(2026, 3, 20)


def test_a_comment_sent_from_a_page_shown_before_the_close_is_refused_and_given_back(project, monkeypatch):
    from uprreport import api
    from uprreport.web import public

    client = make_app(project).test_client()
    data = comment_form(client, "justice/framework/p1")
    with client.application.app_context():
        state_before = public._state()          # what the page saw: round 1, open
    assert state_before[1] is True
    api.round_close(project, CLOSING)
    # the page read the round as open a moment before the close committed: the register's own
    # transaction refuses it (rounds/submit.py), and the page gives the words back
    monkeypatch.setattr(public, "_state", lambda: state_before)
    r = client.post("/comment", data={**data, "comment": "Words typed <for> an hour", "proposed": "A new wording",
                                      "consent": "yes"})
    page = r.get_data(as_text=True)
    assert r.status_code == 409 and "The consultation is closed" in page
    assert "Words typed &lt;for&gt; an hour" in page and "A new wording" in page
    assert register(project, "SELECT id FROM comments") == []


def test_a_comment_sent_after_the_close_is_refused_and_given_back(project):
    from uprreport import api

    client = make_app(project).test_client()
    data = comment_form(client)
    api.round_close(project, CLOSING)
    r = client.post("/comment", data={**data, "comment": "Too late, but kept", "consent": "yes"})
    assert r.status_code == 409 and "Too late, but kept" in r.get_data(as_text=True)
    assert register(project, "SELECT id FROM comments") == []


def test_an_answer_sent_after_the_round_closed_is_not_recorded_and_given_back(project, app):
    from uprreport import api

    send(app.test_client(), "justice/framework/p1", comment="Say which year.")
    (c,) = register(project, "SELECT id FROM comments")
    coord = app.test_client()
    login(coord, "coord")
    page = coord.get(f"/manage/comments/{c['id']}").get_data(as_text=True)
    assert "Save the answer" in page
    api.round_close(project, CLOSING)
    r = coord.post(f"/manage/comments/{c['id']}", data={"csrf_token": field(page, "csrf_token"),
                                                       "decision": "rejected", "reason": "Out of scope, as said"})
    text = r.get_data(as_text=True)
    assert r.status_code == 409 and "has closed, so this answer was not recorded" in text
    assert "Out of scope, as said" in text and "rejected" in text
    assert register(project, "SELECT decision FROM comments")[0]["decision"] is None
