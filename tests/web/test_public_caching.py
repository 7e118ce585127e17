"""The public draft page is sent so that browsers, a reverse proxy or a CDN can keep it: a
strong ETag of what it shows, Last-Modified, Cache-Control, and 304 Not Modified to a
request whose copy is still the page (web/public.py, _conditional; docs/web.md, Caching)."""

from __future__ import annotations

import datetime as dt

from uprreport.web import public

from .webkit import DEADLINE, comment_form, make_app, send


def _fresh(app):
    """A client with no cookie: an anonymous reader, or a shared cache asking for one."""
    return app.test_client(use_cookies=False)


def test_the_draft_is_sent_with_a_strong_etag_last_modified_and_cache_control(app):
    r = _fresh(app).get("/")
    assert r.status_code == 200
    etag, weak = r.get_etag()
    assert etag and not weak and r.last_modified is not None
    assert r.headers["Cache-Control"] == f"public, max-age=0, s-maxage={public.SHARED_AGE}, must-revalidate"
    assert "Cookie" in r.headers.get("Vary", "") and "Set-Cookie" not in r.headers
    again = _fresh(app).get("/")
    assert again.get_etag() == (etag, False)           # the same page: the same tag


def test_a_copy_still_current_is_answered_304_without_the_page(app):
    r = _fresh(app).get("/")
    etag = r.headers["ETag"]
    for headers in ({"If-None-Match": etag}, {"If-Modified-Since": r.headers["Last-Modified"]},
                    {"If-None-Match": f'"other", {etag}'}):
        got = _fresh(app).get("/", headers=headers)
        assert got.status_code == 304 and got.get_data() == b"", headers
        assert got.headers["ETag"] == etag and got.headers["Cache-Control"].startswith("public")
    head = _fresh(app).head("/", headers={"If-None-Match": etag})
    assert head.status_code == 304
    # If-None-Match decides when both are given (RFC 9110): another tag is a full page
    got = _fresh(app).get("/", headers={"If-None-Match": '"other"', "If-Modified-Since": r.headers["Last-Modified"]})
    assert got.status_code == 200 and "Comments are open until" in got.get_data(as_text=True)


def test_a_comment_makes_a_new_version_of_the_page(app):
    reader = _fresh(app)
    first = reader.get("/")
    assert "1 comment so far" not in first.get_data(as_text=True)
    assert send(app.test_client(), "justice/framework/p1", comment="A comment.").status_code == 303
    for headers in ({"If-None-Match": first.headers["ETag"]}, {"If-Modified-Since": first.headers["Last-Modified"]}):
        got = reader.get("/", headers=headers)
        assert got.status_code == 200 and "1 comment so far" in got.get_data(as_text=True), headers
        assert got.headers["ETag"] != first.headers["ETag"]


def test_the_closing_of_the_consultation_makes_a_new_version(project):
    today = [DEADLINE]
    app = make_app(project, today=lambda: today[0])
    open_page = _fresh(app).get("/")
    today[0] = DEADLINE + dt.timedelta(days=1)
    closed = _fresh(app).get("/", headers={"If-None-Match": open_page.headers["ETag"]})
    assert closed.status_code == 200 and "The consultation closed on" in closed.get_data(as_text=True)
    assert closed.headers["ETag"] != open_page.headers["ETag"]


def test_a_reader_with_a_session_gets_a_private_answer(app):
    client = app.test_client()
    comment_form(client)                       # the form's CSRF token is kept in a session
    r = client.get("/")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "private, no-cache"
    assert "Cookie" in r.headers["Vary"]
    assert r.headers["ETag"] == _fresh(app).get("/").headers["ETag"]   # the same page all the same
    assert client.get("/", headers={"If-None-Match": r.headers["ETag"]}).status_code == 304


def test_a_page_with_messages_waiting_in_the_session_is_never_kept(app):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "Comment 12 hidden.")]
    etag = _fresh(app).get("/").headers["ETag"]
    r = client.get("/", headers={"If-None-Match": etag})
    assert r.status_code == 200 and "Comment 12 hidden." in r.get_data(as_text=True)
    assert r.headers["Cache-Control"] == "no-store" and "ETag" not in r.headers


def test_last_modified_only_grows_and_is_left_out_within_the_second_of_a_change(app, monkeypatch):
    at = dt.datetime(2026, 3, 7, 12, 0, 0, 100_000, tzinfo=dt.timezone.utc)
    clock = [at]
    monkeypatch.setattr(public, "_now", lambda: clock[0])
    with app.test_request_context("/"):
        assert public._modified("k", "v1") == at.replace(microsecond=0)
        clock[0] = at + dt.timedelta(milliseconds=500)             # the same second: a new version
        assert public._modified("k", "v2") is None                 # not dated: ETag alone
        assert public._modified("k", "v2") is None
        clock[0] = at + dt.timedelta(seconds=1)
        assert public._modified("k", "v2") == at.replace(microsecond=0) + dt.timedelta(seconds=1)
        clock[0] = at + dt.timedelta(seconds=5)
        assert public._modified("k", "v2") == at.replace(microsecond=0) + dt.timedelta(seconds=1)   # kept
        assert public._modified("k", "v1") == at.replace(microsecond=0) + dt.timedelta(seconds=5)   # back: anew
