"""The coordinator's and owners' pages: sign-in, who sees what, answers, closing, building."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from .webkit import field, login, make_app, register, send


def _comments(project, client):
    """One comment for justice, one for health (sent by the public)."""
    send(client, "justice/framework/p1", comment="Justice: say which year.", name="<b>Ana</b>")
    send(client, "health/health/p1", comment="Health: the figure is wrong.")
    rows = register(project, "SELECT id, owner FROM comments ORDER BY id")
    return {r["owner"]: r["id"] for r in rows}


def test_the_coordinator_pages_need_a_sign_in(client):
    r = client.get("/manage/comments")
    assert r.status_code == 302 and "/manage/login?next=/manage/comments" in r.headers["Location"]


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client):
    page = client.get("/manage/login").get_data(as_text=True)
    for name in ("coord", "nobody"):
        r = client.post("/manage/login", data={"csrf_token": field(page, "csrf_token"), "name": name,
                                                "password": "wrong password here"})
        assert r.status_code == 401 and "The name or the password is wrong." in r.get_data(as_text=True)


def test_sign_in_never_sends_the_user_to_another_site(client):
    page = client.get("/manage/login").get_data(as_text=True)
    from .webkit import PASSWORDS
    r = client.post("/manage/login?next=//evil.example/manage", data={
        "csrf_token": field(page, "csrf_token"), "name": "coord", "password": PASSWORDS["coord"]})
    assert r.headers["Location"] == "/manage/"


def test_passwords_are_stored_as_slow_hashes(project):
    (row,) = register(project, "SELECT hash FROM web_users WHERE name = 'coord'")
    assert row["hash"].startswith("scrypt:") and "coordinator pass 1" not in row["hash"]


def test_an_owner_sees_and_answers_only_its_own_comments(project, app):
    ids = _comments(project, app.test_client())
    justice = app.test_client()
    login(justice, "justice")
    listing = justice.get("/manage/comments").get_data(as_text=True)
    assert "Justice: say which year." in listing and "Health: the figure is wrong." not in listing
    # asking for the other body's comments by the filter, or by number, shows nothing of them
    assert "Health:" not in justice.get("/manage/comments?owner=health").get_data(as_text=True)
    assert justice.get(f"/manage/comments/{ids['health']}").status_code == 404
    page = justice.get(f"/manage/comments/{ids['justice']}").get_data(as_text=True)
    r = justice.post(f"/manage/comments/{ids['health']}", data={"csrf_token": field(page, "csrf_token"),
                                                                  "decision": "rejected", "reason": "not ours"})
    assert r.status_code == 404
    assert register(project, "SELECT decision FROM comments WHERE id = ?", ids["health"])[0]["decision"] is None
    # nor the coordinator's pages
    assert justice.get("/manage/validation").status_code == 404
    assert justice.post("/manage/round/close", data={"csrf_token": field(page, "csrf_token")}).status_code == 404


def test_an_owner_answers_and_a_reason_is_asked_for_where_needed(project, app):
    ids = _comments(project, app.test_client())
    justice = app.test_client()
    login(justice, "justice")
    page = justice.get(f"/manage/comments/{ids['justice']}").get_data(as_text=True)
    assert "&lt;b&gt;Ana&lt;/b&gt;" in page   # the commenter's name as text
    token = field(page, "csrf_token")
    r = justice.post(f"/manage/comments/{ids['justice']}", data={"csrf_token": token, "decision": "rejected",
                                                                  "reason": ""})
    assert r.status_code == 422 and "needs a reason" in r.get_data(as_text=True)
    r = justice.post(f"/manage/comments/{ids['justice']}", data={"csrf_token": token, "decision": "rejected",
                                                                  "reason": "The year is given in para. 10."})
    assert r.status_code == 303
    (c,) = register(project, "SELECT decision, reason, state, decided_by FROM comments WHERE id = ?", ids["justice"])
    assert tuple(c) == ("rejected", "The year is given in para. 10.", "answered", "justice")
    # without the token, nothing changes
    r = justice.post(f"/manage/comments/{ids['justice']}", data={"decision": "accepted"})
    assert r.status_code == 400
    assert register(project, "SELECT decision FROM comments WHERE id = ?", ids["justice"])[0]["decision"] == "rejected"


def test_the_coordinator_filters_sees_the_round_and_validation(project, app):
    ids = _comments(project, app.test_client())
    coord = app.test_client()
    login(coord, "coord")
    dash = coord.get("/manage/").get_data(as_text=True)
    assert "Round 1 (open until 2026-04-01)" in dash and "Comments: 2 in all, 2 open" in dash
    assert "Health:" in coord.get("/manage/comments?owner=health").get_data(as_text=True)
    assert "Justice:" not in coord.get("/manage/comments?owner=health").get_data(as_text=True)
    by_para = coord.get("/manage/comments?paragraph=justice/framework/p1").get_data(as_text=True)
    assert "Justice:" in by_para and "Health:" not in by_para
    assert str(ids["justice"]) in by_para
    assert "The project builds." in coord.get("/manage/validation").get_data(as_text=True)


def test_the_coordinator_closes_the_round_and_downloads_the_matrix(project, app):
    _comments(project, app.test_client())
    coord = app.test_client()
    login(coord, "coord")
    token = field(coord.get("/manage/").get_data(as_text=True), "csrf_token")
    r = coord.post("/manage/round/close", data={"csrf_token": token, "confirm": "yes"})
    assert r.status_code == 303
    dash = coord.get("/manage/").get_data(as_text=True)
    assert "Round 1 closed" in dash and "comment-response-matrix-round-1.xlsx" in dash
    got = coord.get("/manage/files/round-1/comment-response-matrix-round-1.xlsx")
    assert got.status_code == 200 and got.data[:2] == b"PK"
    assert coord.get("/manage/files/round-1/..%2Fregister.sqlite").status_code == 404
    from uprreport.readers import tables
    path = project / "rounds" / "round-1" / "comment-response-matrix-round-1.xlsx"
    data, _ = tables.read_table(path, path.name)
    assert sorted(row["comment"] for _n, row in data.rows) == ["Health: the figure is wrong.",
                                                                 "Justice: say which year."]


def test_the_coordinator_builds_and_downloads_the_docx(project, app):
    coord = app.test_client()
    login(coord, "coord")
    token = field(coord.get("/manage/").get_data(as_text=True), "csrf_token")
    r = coord.post("/manage/build", data={"csrf_token": token})   # PDF box not ticked
    assert r.status_code == 303
    dash = coord.get("/manage/").get_data(as_text=True)
    assert "Built in" in dash
    name = "arcadia-national-report-2025.docx"
    got = coord.get(f"/manage/files/build/{name}")
    assert got.status_code == 200 and got.data[:2] == b"PK"


def test_a_removed_account_is_signed_out(project, app):
    from uprreport.rounds import accounts

    justice = app.test_client()
    login(justice, "justice")
    assert justice.get("/manage/comments").status_code == 200
    accounts.remove(project, "justice")
    assert justice.get("/manage/comments").status_code == 302


def test_user_commands(project):
    from uprreport.cli import main

    runner = CliRunner()
    r = runner.invoke(main, ["user", "add", str(project), "labour", "--role", "owner", "--owns", "labour",
                             "--password-stdin"], input="a long enough password\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["user", "add", str(project), "someone", "--role", "owner", "--owns", "nowhere",
                             "--password-stdin"], input="a long enough password\n")
    assert r.exit_code == 2 and "'nowhere' is not a contribution of this project" in r.output
    r = runner.invoke(main, ["user", "add", str(project), "short", "--role", "coordinator", "--password-stdin"],
                      input="short\n")
    assert r.exit_code == 2 and "at least 12" in r.output
    assert "labour\tfocal-point\tlabour" in runner.invoke(main, ["user", "list", str(project)]).output
    assert runner.invoke(main, ["user", "remove", str(project), "labour"]).exit_code == 0
    assert runner.invoke(main, ["user", "remove", str(project), "labour"]).exit_code == 2
    assert make_app(project) is not None


@pytest.mark.libreoffice
def test_the_coordinator_builds_the_pdf_and_downloads_it(project, app):
    coord = app.test_client()
    login(coord, "coord")
    token = field(coord.get("/manage/").get_data(as_text=True), "csrf_token")
    assert coord.post("/manage/build", data={"csrf_token": token, "pdf": "yes"}).status_code == 303
    got = coord.get("/manage/files/build/arcadia-national-report-2025.pdf")
    assert got.status_code == 200 and got.data[:5] == b"%PDF-"


def test_user_add_without_a_terminal_asks_for_password_stdin(tmp_path):
    from click.testing import CliRunner

    from uprreport import api
    from uprreport.cli import main

    api.init(tmp_path / "p", "national")
    got = CliRunner().invoke(main, ["user", "add", str(tmp_path / "p"), "bob", "--role", "coordinator"], input="")
    assert got.exit_code == 2 and "--password-stdin" in got.output
