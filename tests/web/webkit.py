"""Helpers of the web tests: the project's dates and passwords, the app for a project, and
what a browser does with the forms (take their hidden fields, send, sign in)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "national-arcadia"
OPENED = dt.date(2026, 3, 2)
DEADLINE = dt.date(2026, 4, 1)
PASSWORDS = {"coord": "coordinator pass 1", "justice": "justice pass 1234", "health": "health pass 12345"}


def make_app(project: Path, today=OPENED + dt.timedelta(days=5), **settings):
    """``today``: a date, or a function giving the date (a clock the test moves)."""
    from uprreport.web.app import create_app
    from uprreport.web.site import Settings

    clock = today if callable(today) else (lambda: today)
    app = create_app(project, Settings(secret="x" * 40, today=clock, **settings))
    app.testing = False   # errors as a user gets them (the handlers' pages), not exceptions
    return app


def field(html: str, name: str) -> str:
    m = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert m, f"no field {name} on the page"
    return m.group(1)


def comment_form(client, paragraph: str | None = None) -> dict:
    """The hidden fields of the comment form, as the page gives them."""
    page = client.get("/comment" + (f"?paragraph={paragraph}" if paragraph else "")).get_data(as_text=True)
    data = {"csrf_token": field(page, "csrf_token"), "token": field(page, "token")}
    if paragraph:
        data["paragraph"] = paragraph
    return data


def send(client, paragraph: str | None = None, **fields):
    data = comment_form(client, paragraph)
    data.update({"consent": "yes", **fields})
    return client.post("/comment", data=data)


def login(client, name: str):
    page = client.get("/manage/login").get_data(as_text=True)
    r = client.post("/manage/login", data={"csrf_token": field(page, "csrf_token"), "name": name,
                                           "password": PASSWORDS[name]})
    assert r.status_code == 303, r.get_data(as_text=True)
    return r


def register(project: Path, sql: str, *args):
    from uprreport.rounds import store

    conn = store.connect(project)
    rows = conn.execute(sql, args).fetchall()
    conn.close()
    return rows
