"""A project's own accounts (``serve PROJECT``) change their password and set up two-step
sign-in on their page, as a workspace's do (rounds/twofactor.py with the project's register)."""

from __future__ import annotations

import re
import time

import pyotp

from .webkit import PASSWORDS, field, make_app


def _post(client, url: str, data: dict, page: str | None = None):
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": field(html, "csrf_token"), **data})


def _sign_in(client, name="coord", password=None):
    return _post(client, "/manage/login", {"name": name, "password": password or PASSWORDS[name]})


def test_two_step_sign_in_and_a_new_password_on_the_projects_own_pages(project):
    app = make_app(project)
    me = app.test_client()
    assert _sign_in(me).status_code == 303
    assert "Your account" in me.get("/manage/").get_data(as_text=True)
    assert _post(me, "/manage/account", {"action": "two-step", "step": "start"}).status_code == 303
    page = me.get("/manage/account").get_data(as_text=True)
    secret = re.search(r'Key: <code class="password">([A-Z2-7]+)</code>', page).group(1)
    assert "<svg" in page
    r = _post(me, "/manage/account", {"action": "two-step", "step": "confirm", "code": pyotp.TOTP(secret).now()})
    assert r.status_code == 303 and me.get("/manage/comments").status_code == 200   # this session goes on

    other = app.test_client()
    r = _sign_in(other)
    assert r.status_code == 303 and r.headers["Location"].endswith("/manage/login/code")
    assert other.get("/manage/comments").status_code in (302, 303)     # the password alone is not enough
    assert _post(other, "/manage/login/code", {"code": "000000"}).status_code == 401
    r = _post(other, "/manage/login/code", {"code": pyotp.TOTP(secret).at(time.time() + 30)})
    assert r.status_code == 303 and other.get("/manage/comments").status_code == 200

    r = _post(me, "/manage/account", {"action": "password", "old": "wrong one here", "new": "a new password 42",
                                      "again": "a new password 42"})
    assert r.status_code == 422 and "present password is wrong" in r.get_data(as_text=True)
    r = _post(me, "/manage/account", {"action": "password", "old": PASSWORDS["coord"], "new": "a new password 42",
                                      "again": "a new password 42"})
    assert r.status_code == 303 and me.get("/manage/comments").status_code == 200
    assert other.get("/manage/comments").status_code in (302, 303)   # its other sessions ended
    r = _post(me, "/manage/account", {"action": "two-step", "step": "off", "password": "a new password 42"})
    assert r.status_code == 303
    assert _sign_in(app.test_client(), password="a new password 42").headers["Location"].endswith("/manage/")


def test_wrong_codes_count_towards_the_lock(project):
    from uprreport.rounds import accounts, twofactor

    app = make_app(project)
    me = app.test_client()
    _sign_in(me)
    _post(me, "/manage/account", {"action": "two-step", "step": "start"})
    secret = re.search(r'Key: <code class="password">([A-Z2-7]+)</code>',
                       me.get("/manage/account").get_data(as_text=True)).group(1)
    _post(me, "/manage/account", {"action": "two-step", "step": "confirm", "code": pyotp.TOTP(secret).now()})
    attacker = app.test_client()
    for _ in range(accounts.LOCK_AFTER):
        assert _sign_in(attacker).status_code == 303
        _post(attacker, "/manage/login/code", {"code": "000001"})
    r = _sign_in(attacker)
    assert r.status_code == 401 and "locked" in r.get_data(as_text=True)
    assert twofactor.on(project, "coord")
