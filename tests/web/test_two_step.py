"""Two-step sign-in of a workspace's accounts (rounds/twofactor.py): set up on one's own page
with a code, then a code after the password at every sign-in; a code is taken once, wrong codes
lock the account as wrong passwords do, a right password alone is not enough, and a coordinator
turns it off on the command line for a lost phone."""

from __future__ import annotations

import time

import pyotp
import pytest
from click.testing import CliRunner

from .workspacekit import PASSWORDS, make_app, make_workspace, post, sign_in, token


@pytest.fixture
def root(tmp_path):
    return make_workspace(tmp_path / "ws")


def _secret(page: str) -> str:
    import re

    m = re.search(r'Key: <code class="password">([A-Z2-7]+)</code>', page)
    assert m, "no key on the page"
    return m.group(1)


def _turn_on(client) -> str:
    assert post(client, "/account", {"action": "two-step", "step": "start"}).status_code == 303
    page = client.get("/account").get_data(as_text=True)
    assert "<svg" in page and "Scan this code" in page
    secret = _secret(page)
    r = post(client, "/account", {"action": "two-step", "step": "confirm", "code": "000000"})
    assert r.status_code == 422 and "The code is wrong" in r.get_data(as_text=True)
    r = post(client, "/account", {"action": "two-step", "step": "confirm", "code": pyotp.TOTP(secret).now()})
    assert r.status_code == 303
    return secret


def _password_step(client, name="coord"):
    page = client.get("/login").get_data(as_text=True)
    return client.post("/login", data={"csrf_token": token(page), "name": name, "password": PASSWORDS[name]})


def _code(client, code: str):
    page = client.get("/login/code").get_data(as_text=True)
    return client.post("/login/code", data={"csrf_token": token(page), "code": code})


def _next_code(secret: str) -> str:
    """A code of the next 30-second step (not yet used), as the app shows it a moment later."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_turned_on_with_a_code_then_asked_at_every_sign_in(root):
    app = make_app(root)
    me, other = app.test_client(), app.test_client()
    sign_in(me, "coord")
    sign_in(other, "coord")
    secret = _turn_on(me)
    assert me.get("/accounts").status_code == 200                         # this session goes on
    assert other.get("/accounts").status_code == 302                      # the other one ended
    assert "On: after your password" in me.get("/account").get_data(as_text=True)

    fresh = app.test_client()
    r = _password_step(fresh)
    assert r.status_code == 303 and r.headers["Location"] == "/login/code"
    assert fresh.get("/accounts").status_code == 302                      # the password alone signs nobody in
    assert _code(fresh, "123456").status_code == 401
    code = _next_code(secret)
    assert _code(fresh, code).status_code == 303
    assert fresh.get("/accounts").status_code == 200
    again = app.test_client()                                             # the same code again: refused
    _password_step(again)
    r = _code(again, code)
    assert r.status_code == 401 and "used already" in r.get_data(as_text=True)

    from uprreport.api import workspace as ws

    actions = [e["action"] for e in ws.entries(root)]
    assert "two-step sign-in turned on" in actions and "password accepted, code asked" in actions
    assert any(e["action"] == "sign-in refused" and e["detail"] == "wrong code" for e in ws.entries(root))


def test_wrong_codes_lock_the_account_even_when_the_password_is_given_again(root):
    from uprreport.rounds import accounts

    app = make_app(root)
    me = app.test_client()
    sign_in(me, "coord")
    secret = _turn_on(me)
    attacker = app.test_client()
    for _ in range(accounts.LOCK_AFTER):
        r = _password_step(attacker)                   # the right password each time: the count is not cleared
        assert r.status_code == 303, r.get_data(as_text=True)
        _code(attacker, "000001")
    r = _password_step(attacker)
    assert r.status_code == 401 and "locked" in r.get_data(as_text=True)
    assert attacker.get("/login/code").headers["Location"] == "/login"   # no code step after the lock
    # and the right code does not open a locked account
    from uprreport.rounds import twofactor

    with pytest.raises(accounts.Locked):
        twofactor.verify(root, "coord", _next_code(secret))
    assert attacker.get("/accounts").status_code == 302


def test_the_code_page_wants_the_password_first_and_within_five_minutes(root, monkeypatch):
    app = make_app(root)
    stranger = app.test_client()
    r = stranger.get("/login/code")
    assert r.status_code == 303 and r.headers["Location"] == "/login"
    me = app.test_client()
    sign_in(me, "coord")
    secret = _turn_on(me)
    late = app.test_client()
    _password_step(late)
    import uprreport.web.security as security

    real = security._now
    monkeypatch.setattr(security, "_now", lambda: real() + security.CODE_WAIT + 1)
    r = late.get("/login/code")
    assert r.status_code == 303 and r.headers["Location"] == "/login"
    monkeypatch.setattr(security, "_now", real)
    assert late.get("/login/code").status_code == 303 and late.get("/accounts").status_code == 302   # gone
    assert secret


def test_turned_off_with_the_password_or_by_a_coordinator_on_the_command_line(root):
    from uprreport.cli import main

    app = make_app(root)
    me = app.test_client()
    sign_in(me, "coord")
    _turn_on(me)
    r = post(me, "/account", {"action": "two-step", "step": "off", "password": "not the password"})
    assert r.status_code == 422 and "password is wrong" in r.get_data(as_text=True)
    assert post(me, "/account", {"action": "two-step", "step": "off", "password": PASSWORDS["coord"]}).status_code == 303
    assert me.get("/accounts").status_code == 200
    assert _password_step(app.test_client()).headers["Location"] != "/login/code"
    _turn_on(me)
    r = CliRunner().invoke(main, ["user", "reset-two-step", "coord", "--workspace", str(root)])
    assert r.exit_code == 0 and "two-step sign-in is off" in r.output, r.output
    assert _password_step(app.test_client()).headers["Location"] != "/login/code"
    r = CliRunner().invoke(main, ["user", "reset-two-step", "coord", "--workspace", str(root)])
    assert r.exit_code == 2 and "is not on" in r.output


def test_a_reviewer_sets_up_its_own_and_a_removed_account_leaves_no_secret(root):
    from uprreport.api import workspace as ws
    from uprreport.rounds import twofactor

    app = make_app(root)
    rev = app.test_client()
    sign_in(rev, "rev")
    _turn_on(rev)                                   # one's own account page is not a form a reviewer is refused
    assert twofactor.on(root, "rev")
    ws.remove_user(root, "rev", by="coord")
    assert not twofactor.on(root, "rev")
