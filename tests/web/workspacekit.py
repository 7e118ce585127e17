"""Helpers of the workspace's tests: a small OHCHR list made here, a workspace with its
first accounts, signing in, and a pack's workbook filled as a focal point fills it."""

from __future__ import annotations

import io
import re
from pathlib import Path

PASSWORDS = {"coord": "coordinator pass 1", "rev": "reviewer pass 1234"}
RECS = {   # theme -> (id, text, State, position)
    "A12 Acceptance of international norms": [
        ("140.1", "Ratify the Optional Protocol to the Convention against Torture", "Denmark", "Supported"),
        ("140.2", "Ratify the Convention on the Rights of Persons with Disabilities", "Canada", "Supported"),
        ("140.3", "Accept the individual complaints procedure", "Chile", "Noted")],
    "E41 Right to health": [
        ("140.4", "Improve access to primary health care in rural areas", "Portugal", "Supported"),
        ("140.5", "Adopt a national mental health strategy", "Portugal", "Supported"),
        ("140.6", "Guarantee health care to migrants", "Mexico", "Supported")],
}


def ohchr_list() -> bytes:
    """A thematic list of recommendations as OHCHR lays it out: two themes, six recommendations."""
    from docx import Document

    d = Document()
    d.add_paragraph("UPR of Arcadia (4th Cycle – 48th session)")
    t = d.add_table(rows=1, cols=4)
    for c, h in zip(t.rows[0].cells, ["Recommendation", "Position", "Full list of themes",
                                      "Assessment/comments on level of implementation"]):
        c.text = h
    for theme, recs in RECS.items():
        row = t.add_row().cells
        row[0].merge(row[3]).text = f"Theme: {theme}"
        for rid, text, state, pos in recs:
            row = t.add_row().cells
            row[0].text = f"{rid} {text} ({state});\nSource of Position: A/HRC/44/12/Add.1"
            row[1].text = pos
            row[2].text = f"{theme}\nAffected persons:\n- general\nSDGs:\n- 16 - PEACE"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_workspace(root: Path) -> Path:
    """A workspace folder with a coordinator and a reviewer of every project."""
    from uprreport.api import workspace as ws

    root.mkdir(parents=True, exist_ok=True)
    ws.add_user(root, "coord", PASSWORDS["coord"], "coordinator", by="test")
    ws.add_user(root, "rev", PASSWORDS["rev"], "reviewer", by="test")
    return root


def make_app(root: Path, **settings):
    from uprreport.web.app import create_workspace_app
    from uprreport.web.site import Settings

    app = create_workspace_app(root, Settings(secret="y" * 40, **settings))
    app.testing = False   # errors as a user gets them (the handlers' pages), not exceptions
    return app


def token(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]*)"', html)
    assert m, "no CSRF token on the page"
    return m.group(1)


def sign_in(client, name: str, password: str | None = None):
    page = client.get("/login").get_data(as_text=True)
    r = client.post("/login", data={"csrf_token": token(page), "name": name,
                                    "password": password or PASSWORDS[name]})
    assert r.status_code == 303, r.get_data(as_text=True)
    return r


def post(client, url: str, data: dict | None = None, page: str | None = None, **kwargs):
    """POST ``data`` to ``url`` with the CSRF token of ``page`` (default: of ``url``)."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": token(html), **(data or {})}, **kwargs)


def fill(workbook: bytes, statuses: dict[int, str], dest: Path) -> Path:
    """A pack's workbook filled as a focal point does: ``statuses`` by row."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(workbook))
    ws = wb["Implementation"]
    col = {c.value: i + 1 for i, c in enumerate(ws[1])}
    for row, status in statuses.items():
        ws.cell(row, col["status"]).value = status
        ws.cell(row, col["actions"]).value = "A plan was adopted in 2025"
    wb.save(dest)
    return dest


def password_shown(html: str) -> str:
    m = re.search(r'<code class="password">([^<]+)</code>', html)
    assert m, "no password on the page"
    return m.group(1)
