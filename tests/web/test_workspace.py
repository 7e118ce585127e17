"""The workspace (``uprreport serve --workspace DIR``) through Flask's test client: every role,
and every refusal. A coordinator starts a project from a list, sets its facts, adds bodies
and focal points, assigns, sends packs and builds; a focal point sees its own body only (IDOR
attempts by address get "not found"); a reviewer reads and changes nothing; uploads pass the
package gate and a size limit; every change is logged."""

from __future__ import annotations

import io
import os
import re
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from .workspacekit import PASSWORDS, fill, make_app, make_workspace, ohchr_list, password_shown, post, sign_in, token

PROJECT = "arcadia"
FACTS = {"kind": "national", "state": "Republic of Arcadia", "iso3": "ARC", "cycle": "4", "wg_session": "48",
         "symbol": "A/HRC/WG.6/48/ARC/1", "previous_review": "A/HRC/44/12", "language": "en", "date": "2025-10-28",
         "session_start": "2026-01-20", "session_end": "2026-01-31", "limits.words": "9000", "limits.pages": ""}
BODIES = {"health": ("Ministry of Health", "D.right-to-health", "hanna"),
          "interior": ("Ministry of the Interior", "", "ivo")}


def _text(r) -> str:
    """The page, its spaces run together and its entities read (&#39; as ')."""
    import html

    return html.unescape(re.sub(r"\s+", " ", r.get_data(as_text=True)))


@pytest.fixture(scope="module")
def started(tmp_path_factory) -> tuple[Path, dict]:
    """A workspace with the project arcadia started from the small list in the browser, its
    facts set, two bodies with their focal points, assignments and packs sent (made once per
    module; each test works on a copy)."""
    root = make_workspace(tmp_path_factory.mktemp("ws") / "workspace")
    app = make_app(root)
    c = app.test_client()
    sign_in(c, "coord")
    r = post(c, "/new", {"name": PROJECT, "kind": "national", "list": (io.BytesIO(ohchr_list()), "list.docx")},
             content_type="multipart/form-data")
    assert r.status_code == 303 and r.headers["Location"] == f"/p/{PROJECT}/facts"
    assert post(c, f"/p/{PROJECT}/facts", FACTS).status_code == 303
    passwords = {}
    for folder, (name, sections, point) in BODIES.items():
        r = post(c, f"/p/{PROJECT}/bodies", {"folder": folder, "name": name, "kind": "ministry", "sections": sections,
                                             "focal_point": point})
        assert r.status_code == 201, _text(r)
        passwords[point] = password_shown(r.get_data(as_text=True))
    page = f"/p/{PROJECT}/recommendations"
    assert post(c, page, {"body": "health", "role": "lead", "scope": "all", "theme": "right-to-health"}).status_code == 303
    assert post(c, page, {"body": "interior", "role": "lead", "ids": ["140.1", "140.2"]}).status_code == 303
    assert post(c, f"/p/{PROJECT}/packs", {"deadline": "2099-03-31"}, page=f"/p/{PROJECT}/bodies").status_code == 303
    return root, passwords


@pytest.fixture
def ws(started, tmp_path) -> tuple[Path, dict]:
    root, passwords = started
    copy = tmp_path / "workspace"
    shutil.copytree(root, copy)
    return copy, passwords


def _client(root: Path, name: str, passwords: dict | None = None, **settings):
    app = make_app(root, **settings)
    c = app.test_client()
    sign_in(c, name, (passwords or {}).get(name) or PASSWORDS[name])
    return c


def _log(root: Path) -> list[tuple]:
    from uprreport.api import workspace

    return [(e["who"], e["action"], e["project"], e["body"]) for e in workspace.entries(root)]


# --- the store and the command line ---------------------------------------------------------

@pytest.mark.sqlite_only     # the file itself
def test_the_workspace_store_is_private_and_versioned(tmp_path):
    from uprreport.rounds import accounts

    root = make_workspace(tmp_path / "w")
    db = accounts.workspace_path(root)
    assert db == root / ".uprreport" / "workspace.sqlite3"
    if os.name == "posix":
        assert db.stat().st_mode & 0o777 == 0o600 and db.parent.stat().st_mode & 0o777 == 0o700
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == accounts.WORKSPACE_VERSION
    hashes = [r[0] for r in conn.execute("SELECT hash FROM users")]
    conn.close()
    assert len(hashes) == 2 and all(h.startswith("scrypt:") and PASSWORDS["coord"] not in h for h in hashes)


@pytest.mark.sqlite_only     # registers of version 1 were SQLite files
def test_an_owner_account_of_a_register_becomes_a_focal_point(tmp_path):
    """Register version 1 called a body's account 'owner'; the migration to 2 names it focal
    point, its body kept, and it still signs in and answers its comments."""
    from uprreport.rounds import accounts, store

    project = tmp_path / "p"
    project.mkdir()
    (project / "report.yaml").write_text("kind: national\n", encoding="utf-8")
    conn = store.connect(project)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO web_users VALUES ('justice', 'scrypt:x', 'owner', 'justice')")
    conn.close()
    conn = store.connect(project)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store.VERSION >= 2
    user = accounts.get(conn, "justice")
    conn.close()
    assert user.role == "focal-point" and user.owns == "justice" and user.may_answer("justice")
    assert not user.may_answer("health") and not user.may_see("health")


def test_user_commands_of_a_workspace(tmp_path):
    from uprreport.cli import main

    root = make_workspace(tmp_path / "w")
    shutil.copytree(Path(__file__).resolve().parents[2] / "samples" / "national-arcadia", root / "arcadia",
                    ignore=shutil.ignore_patterns("build"))
    run = CliRunner()

    def add(*args, password="a long enough password"):
        return run.invoke(main, ["user", "add", *args, "--workspace", str(root), "--password-stdin"],
                          input=password + "\n")

    r = add("justice", "--role", "focal-point", "--project", "arcadia", "--body", "justice")
    assert r.exit_code == 0, r.output
    assert "justice: focal-point of justice in arcadia" in r.output
    assert "a focal point answers for one body" in add("xy", "--role", "focal-point", "--project", "arcadia").output
    assert "is not a body of the project" in add("xy", "--role", "focal-point", "--project", "arcadia",
                                                 "--body", "nowhere").output
    assert "no project 'elsewhere'" in add("xy", "--role", "reviewer", "--project", "elsewhere").output
    assert add("xy", "--role", "reviewer", "--body", "justice").exit_code == 2
    assert "at least 12" in add("short", "--role", "reviewer", password="short").output
    assert add("old-name", "--role", "owner", "--project", "arcadia", "--body", "health").exit_code == 0
    listing = run.invoke(main, ["user", "list", "--workspace", str(root)]).output
    assert "justice\tfocal-point\tarcadia\tjustice" in listing and "old-name\tfocal-point\tarcadia\thealth" in listing
    assert "coord\tcoordinator\t*\t" in listing
    assert run.invoke(main, ["user", "remove", "old-name", "--workspace", str(root)]).exit_code == 0
    assert run.invoke(main, ["user", "remove", "old-name", "--workspace", str(root)]).exit_code == 2
    assert ("(command line)", "account removed", "", "") in _log(root)
    # a project's own accounts as before, with the new roles
    r = run.invoke(main, ["user", "add", str(root / "arcadia"), "rita", "--role", "reviewer", "--password-stdin"],
                   input="a long enough password\n")
    assert r.exit_code == 0, r.output
    assert "rita\treviewer\t" in run.invoke(main, ["user", "list", str(root / "arcadia")]).output
    r = run.invoke(main, ["serve"])
    assert r.exit_code == 2 and "either a PROJECT or --workspace" in r.output


# --- signing in -----------------------------------------------------------------------------

def test_sign_in_out_and_the_sessions_that_end(ws):
    from uprreport.api import workspace

    root, _passwords = ws
    app = make_app(root)
    anon = app.test_client()
    r = anon.get(f"/p/{PROJECT}/")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login?next=")
    page = anon.get("/login").get_data(as_text=True)
    bad = anon.post("/login", data={"csrf_token": token(page), "name": "coord", "password": "wrong password!"})
    assert bad.status_code == 401 and "The name or the password is wrong." in bad.get_data(as_text=True)
    assert anon.post("/login", data={"name": "coord", "password": PASSWORDS["coord"]}).status_code == 400  # no CSRF
    r = anon.post("/login?next=//evil.example/", data={"csrf_token": token(page), "name": "coord",
                                                       "password": PASSWORDS["coord"]})
    assert r.status_code == 303 and r.headers["Location"] == "/"            # never to another site
    assert ("coord", "sign-in refused", "", "") in _log(root) and ("coord", "signed in", "", "") in _log(root)

    other = _client(root, "coord")
    r = post(anon, "/account", {"old": PASSWORDS["coord"], "new": "another long password", "again": "another long password"})
    assert r.status_code == 303
    assert anon.get("/").status_code == 200                                  # this session goes on
    assert other.get("/").status_code == 302                                 # the other one ended
    rev = _client(root, "rev")
    workspace.remove_user(root, "rev", by="coord")
    assert rev.get(f"/p/{PROJECT}/").status_code == 302                      # a removed account is signed out
    assert post(anon, "/logout", page="/").status_code == 303
    assert anon.get("/").status_code == 302


def test_signing_in_is_rate_limited(ws):
    root, _passwords = ws
    c = make_app(root, login_rate="3 per minute").test_client()
    page = c.get("/login").get_data(as_text=True)
    codes = [c.post("/login", data={"csrf_token": token(page), "name": "coord", "password": "not it at all"}).status_code
             for _ in range(4)]
    assert codes == [401, 401, 401, 429]


# --- the coordinator -------------------------------------------------------------------------

def test_the_coordinators_project_from_a_list_to_its_packs(ws):
    from uprreport import api
    from uprreport.transforms import responsibility
    from uprreport import pipeline

    root, _passwords = ws
    path = root / PROJECT
    c = _client(root, "coord")
    home = _text(c.get("/"))
    assert f'href="/p/{PROJECT}/"' in home and "Republic of Arcadia" in home
    # the facts are in report.yaml, its comments kept
    text = (path / "report.yaml").read_text(encoding="utf-8")
    assert "state: Republic of Arcadia  # the State under review, as on the cover" in text
    assert "limits:\n  words: 9000\n" in text and "# `uprreport validate` checks them" in text
    manifest, _pos, diags = __import__("uprreport.readers.project", fromlist=["x"]).read_manifest(path)
    assert manifest.iso3 == "ARC" and manifest.limits.words == 9000 and str(manifest.session_end) == "2026-01-31"
    # the bodies and their focal points
    for folder, (name, sections, _point) in BODIES.items():
        data = (path / "contributions" / folder / "contributor.yaml").read_text(encoding="utf-8")
        assert f"name: {name}" in data
    p, report = pipeline.check(path)
    assert not report.has_errors(), [d.render() for d in report.errors]
    who = responsibility.rule(p)
    assert [who[i].lead for i in ("140.1", "140.2", "140.4", "140.5", "140.6")] == ["interior"] * 2 + ["health"] * 3
    # the recommendations page filters by theme, State and words
    page = _text(c.get(f"/p/{PROJECT}/recommendations?state=Portugal"))
    assert page.count('name="ids"') == 2 and "Recommendations shown: 2 of 6." in page
    page = _text(c.get(f"/p/{PROJECT}/recommendations?text=mental+health"))
    assert "Recommendations shown: 1 of 6." in page and "140.5" in page
    page = _text(c.get(f"/p/{PROJECT}/recommendations?text=(a%2B)%2B%24"))   # words, never a pattern
    assert "Recommendations shown: 0 of 6." in page
    # the packs
    packs = sorted(p.name for p in (path / "requests").iterdir() if p.is_dir())
    assert packs == ["foreign-affairs", "health", "interior", "justice"]
    assert [a for a in _log(root) if a[1] in ("project created", "facts changed", "body added", "assigned",
                                              "packs sent")] == [
        ("coord", "packs sent", PROJECT, ""), ("coord", "assigned", PROJECT, "interior"),
        ("coord", "assigned", PROJECT, "health"), ("coord", "body added", PROJECT, "interior"),
        ("coord", "body added", PROJECT, "health"), ("coord", "facts changed", PROJECT, ""),
        ("coord", "project created", PROJECT, "")]
    assert api.progress(path).bodies


def test_facts_that_are_wrong_are_said_by_field_and_nothing_is_written(ws):
    root, _passwords = ws
    c = _client(root, "coord")
    before = (root / PROJECT / "report.yaml").read_bytes()
    r = post(c, f"/p/{PROJECT}/facts", {**FACTS, "iso3": "arc", "cycle": "four", "date": "yesterday", "language": "xx",
                                        "state": ""})
    page = _text(r)
    assert r.status_code == 422 and "Nothing was saved" in page
    for said in ("State under review is needed", "UPR cycle is a whole number", "'yesterday' is not a date",
                 "choose one of: en, fr"):
        assert said in page, said
    r = post(c, f"/p/{PROJECT}/facts", {**FACTS, "iso3": "arc"})
    assert r.status_code == 422 and "String should match pattern" in _text(r)
    assert (root / PROJECT / "report.yaml").read_bytes() == before
    r = post(c, f"/p/{PROJECT}/facts", {**FACTS, "state": 'Arcadia: "the # Republic"', "limits.words": ""})
    assert r.status_code == 303
    from uprreport.readers.project import read_manifest

    manifest, _pos, _diags = read_manifest(root / PROJECT)
    assert manifest.state == 'Arcadia: "the # Republic"' and manifest.limits.words is None


def test_a_project_name_or_a_list_that_is_wrong_is_refused(ws):
    root, _passwords = ws
    c = _client(root, "coord")

    def new(name, data, filename="list.docx"):
        return post(c, "/new", {"name": name, "kind": "national", "list": (io.BytesIO(data), filename)},
                    content_type="multipart/form-data")

    assert "cannot be a project" in _text(new("../escape", ohchr_list()))
    assert "already has a folder" in _text(new(PROJECT, ohchr_list()))
    r = new("macro", _with_macros(ohchr_list()))
    assert r.status_code == 422 and "contains macros" in _text(r)
    r = new("notzip", b"plain text, not a Word file")
    assert r.status_code == 422 and "is not a Word .docx file" in _text(r)
    assert "taken as a Word .docx file" in _text(new("pdf", b"%PDF-1.4", "list.pdf"))
    assert not any((root / n).exists() for n in ("escape", "macro", "notzip", "pdf"))
    assert not (root.parent / "escape").exists()


def _with_macros(docx: bytes) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("word/vbaProject.bin", b"\0" * 64)
    return out.getvalue()


def test_a_body_with_a_wrong_folder_or_kind_is_not_added(ws):
    root, _passwords = ws
    c = _client(root, "coord")
    r = post(c, f"/p/{PROJECT}/bodies", {"folder": "../../etc", "name": "X", "kind": "ministry"})
    assert r.status_code == 422 and "use 2–40 small letters" in _text(r)
    r = post(c, f"/p/{PROJECT}/bodies", {"folder": "x-ray", "name": "X", "kind": "spaceship"})
    assert r.status_code == 422 and "kind" in _text(r)
    r = post(c, f"/p/{PROJECT}/bodies", {"folder": "health", "name": "Again", "kind": "ministry"})
    assert r.status_code == 422 and "already has a body in 'health'" in _text(r)
    assert not (root / PROJECT / "contributions" / "x-ray").exists()


def test_the_progress_and_problems_page_groups_diagnostics_by_body(ws):
    root, _passwords = ws
    c = _client(root, "coord")
    page = _text(c.get(f"/p/{PROJECT}/"))
    assert "The project builds." in page and "words of 9,000 allowed" in page
    assert "Progress of the bodies" in page and "waiting" in page
    (root / PROJECT / "contributions" / "interior" / "notes.md").write_text(
        "---\nsection: Q\n---\nText under a section the outline has not.\n", encoding="utf-8")
    page = _text(c.get(f"/p/{PROJECT}/"))
    assert "The project has errors" in page
    interior = page[page.index("Ministry of the Interior</a>:"):]
    assert re.match(r"Ministry of the Interior</a>: [1-9]\d* errors?", interior)
    assert "contributions/interior/notes.md" in interior.split("</section>")[0]


def test_coordinator_collects_any_bodys_returns(ws):
    root, _passwords = ws
    c = _client(root, "coord")
    workbook = c.get(f"/p/{PROJECT}/body/interior/pack/interior-input-pack.xlsx").data
    filled = fill(workbook, {2: "partially implemented"}, root.parent / "interior.xlsx")
    r = post(c, f"/p/{PROJECT}/collect", {"files": [(open(filled, "rb"), "from-the-ministry.xlsx")]},
             page=f"/p/{PROJECT}/", content_type="multipart/form-data")
    assert r.status_code == 200 and "from-the-ministry.xlsx: taken (workbook, version 1)" in _text(r)
    assert (root / PROJECT / "contributions" / "interior" / "implementation.csv").is_file()


# --- focal points -------------------------------------------------------------------------

def test_a_focal_point_sends_its_returns_fixes_an_error_and_approves(ws, tmp_path):
    root, passwords = ws
    h = _client(root, "hanna", passwords)
    assert h.get("/").headers["Location"] == f"/p/{PROJECT}/body/health"
    page = _text(h.get(f"/p/{PROJECT}/body/health"))
    assert "Standing: <strong>waiting</strong>" in page and "0 of 3 recommendations answered" in page
    links = re.findall(rf'href="(/p/{PROJECT}/body/health/pack/[^"]+)"', page)
    assert [Path(link).name for link in links] == ["health-input-pack.xlsx", "health-narrative.docx",
                                                     "health-request.eml"]
    workbook = h.get(links[0]).data
    wrong = fill(workbook, {2: "fully implemented", 3: "done, more or less"}, tmp_path / "health.xlsx")
    r = post(h, f"/p/{PROJECT}/body/health/returns", {"files": [(open(wrong, "rb"), "health.xlsx")]},
             page=f"/p/{PROJECT}/body/health", content_type="multipart/form-data")
    page = _text(r)
    assert r.status_code == 422 and "problem stopped a file" in page or "problems stopped a file" in page
    assert "health.xlsx [sheet Implementation]:row 3" in page and "status-invalid" in page
    assert not (root / PROJECT / "contributions" / "health" / "implementation.csv").exists()
    right = fill(workbook, {2: "fully implemented", 3: "partially implemented", 4: "not implemented"},
                 tmp_path / "health-2.xlsx")
    narrative = _narrative(h.get(links[1]).data, tmp_path / "health.docx")
    r = post(h, f"/p/{PROJECT}/body/health/returns", {"files": [(open(right, "rb"), "health.xlsx"),
                                                               (open(narrative, "rb"), "health.docx")]},
             page=f"/p/{PROJECT}/body/health", content_type="multipart/form-data")
    page = _text(r)
    assert r.status_code == 200, page
    assert "health.xlsx: taken (workbook, version 1), 3 recommendations updated" in page
    assert "health.docx: taken (narrative, version 1)" in page
    assert "Standing: <strong>complete</strong>" in page
    assert "Not approved yet" in page
    assert post(h, f"/p/{PROJECT}/body/health/approve", page=f"/p/{PROJECT}/body/health").status_code == 303
    page = _text(h.get(f"/p/{PROJECT}/body/health"))
    assert "Approved by hanna on" in page and "the text has not changed since" in page
    from uprreport import api

    assert {a.slug: a.state for a in api.build(root / PROJECT, pdf=False, draft=True).approvals}["health"] == "approved"
    assert [a[1] for a in _log(root) if a[0] == "hanna"][:5] == ["approved", "returns uploaded", "pack downloaded",
                                                                "returns uploaded", "pack downloaded"]


def _narrative(pack: bytes, dest: Path) -> Path:
    """The pack's Word file with text written under its heading, as a focal point writes it."""
    from docx import Document

    doc = Document(io.BytesIO(pack))
    heading = next(p for p in doc.paragraphs if p.text.startswith("D.right-to-health"))
    heading._p.addnext(Document().add_paragraph("Primary care now reaches every rural district.")._p)
    doc.save(dest)
    return dest


def test_a_focal_point_sees_nothing_of_another_body_or_project(ws, tmp_path):
    """IDOR attempts by address: another body's page, pack, upload and approval; the project's
    other pages; another project; the builds; the comment rounds of another project."""
    from uprreport import api

    root, passwords = ws
    shutil.copytree(root / PROJECT, root / "belvedere")
    (root / "belvedere" / "builds").mkdir(exist_ok=True)
    c = _client(root, "coord")
    b = post(c, f"/p/{PROJECT}/builds", {}, page=f"/p/{PROJECT}/builds")
    build_id = b.headers["Location"].rsplit("/", 1)[1]
    c.application.extensions["uprreport-workspace"].builder.wait(root / PROJECT, 60)
    h = _client(root, "hanna", passwords)
    refused = [f"/p/{PROJECT}/body/interior", f"/p/{PROJECT}/body/interior/pack/interior-input-pack.xlsx",
               f"/p/{PROJECT}/body/..%2Finterior", f"/p/{PROJECT}/body/health/pack/..%2F..%2Freport.yaml",
               f"/p/{PROJECT}/body/health/pack/register.json",
               f"/p/{PROJECT}/facts", f"/p/{PROJECT}/bodies", f"/p/{PROJECT}/recommendations", f"/p/{PROJECT}/builds",
               f"/p/{PROJECT}/builds/{build_id}", f"/p/{PROJECT}/builds/{build_id}/{PROJECT}.docx",
               "/p/belvedere/", "/p/belvedere/body/health", "/p/belvedere/consultation/manage/",
               "/accounts", "/log", "/new", "/p/nowhere/"]
    for url in refused:
        assert h.get(url).status_code == 404, url
    assert h.get(f"/p/{PROJECT}/").headers["Location"] == f"/p/{PROJECT}/body/health"
    before = {p: p.read_bytes() for p in (root / PROJECT).rglob("*") if p.is_file() and "builds" not in p.parts}
    interior_pack = c.get(f"/p/{PROJECT}/body/interior/pack/interior-input-pack.xlsx").data
    filled = fill(interior_pack, {2: "fully implemented"}, tmp_path / "interior.xlsx")
    for url, data in [(f"/p/{PROJECT}/body/interior/returns", {"files": [(open(filled, "rb"), "i.xlsx")]}),
                      (f"/p/{PROJECT}/body/interior/approve", {}), (f"/p/{PROJECT}/collect", {}),
                      (f"/p/{PROJECT}/facts", FACTS), (f"/p/{PROJECT}/packs", {}),
                      (f"/p/{PROJECT}/recommendations", {"body": "health", "scope": "all"}),
                      (f"/p/{PROJECT}/bodies", {"folder": "mine", "name": "Mine", "kind": "ministry"}),
                      (f"/p/{PROJECT}/builds", {}), ("/p/belvedere/body/health/approve", {})]:
        r = post(h, url, data, page=f"/p/{PROJECT}/body/health", content_type="multipart/form-data")
        assert r.status_code == 404, url
    # another body's pack, uploaded on one's own page, is refused unread
    r = post(h, f"/p/{PROJECT}/body/health/returns", {"files": [(open(filled, "rb"), "interior.xlsx")]},
             page=f"/p/{PROJECT}/body/health", content_type="multipart/form-data")
    assert r.status_code == 422 and "not an input pack of your body" in _text(r)
    after = {p: p.read_bytes() for p in (root / PROJECT).rglob("*") if p.is_file() and "builds" not in p.parts}
    assert after == before
    assert api.progress(root / PROJECT).bodies


def test_a_reviewer_reads_every_page_and_changes_nothing(ws):
    root, _passwords = ws
    c = _client(root, "coord")
    b = post(c, f"/p/{PROJECT}/builds", {}, page=f"/p/{PROJECT}/builds")
    c.application.extensions["uprreport-workspace"].builder.wait(root / PROJECT, 60)
    r = _client(root, "rev")
    for url in ["/", f"/p/{PROJECT}/", f"/p/{PROJECT}/facts", f"/p/{PROJECT}/bodies", f"/p/{PROJECT}/recommendations",
                f"/p/{PROJECT}/body/health", f"/p/{PROJECT}/builds", b.headers["Location"],
                f"/p/{PROJECT}/consultation/manage/"]:
        assert r.get(url).status_code == 200, url
    page = _text(r.get(f"/p/{PROJECT}/facts"))
    assert "Save the facts" not in page and "readonly" in page
    assert 'name="ids"' not in _text(r.get(f"/p/{PROJECT}/recommendations"))
    for url in ["/accounts", "/log", "/new"]:
        assert r.get(url).status_code == 404, url
    before = (root / PROJECT / "report.yaml").read_bytes()
    for url, data in [(f"/p/{PROJECT}/facts", FACTS), (f"/p/{PROJECT}/bodies", {"folder": "x", "name": "X"}),
                      (f"/p/{PROJECT}/recommendations", {"body": "health", "scope": "all"}),
                      (f"/p/{PROJECT}/packs", {}), (f"/p/{PROJECT}/collect", {}), (f"/p/{PROJECT}/builds", {}),
                      (f"/p/{PROJECT}/body/health/returns", {}), (f"/p/{PROJECT}/body/health/approve", {}),
                      (f"/p/{PROJECT}/bodies/health/focal-point", {"name": "sneaky"})]:
        assert post(r, url, data, page=f"/p/{PROJECT}/").status_code == 403, url
    assert (root / PROJECT / "report.yaml").read_bytes() == before
    assert "sneaky" not in [u.name for u in __import__("uprreport.api.workspace", fromlist=["x"]).users(root)]


def test_coordinators_add_focal_points_and_reviewers_whose_password_is_shown_once(ws):
    root, _passwords = ws
    c = _client(root, "coord")
    r = post(c, "/accounts", {"name": "rosa", "role": "reviewer", "project": PROJECT})
    assert r.status_code == 201
    password = password_shown(r.get_data(as_text=True))
    assert password not in c.get("/accounts").get_data(as_text=True)
    rosa = _client(root, "rosa", {"rosa": password})
    assert rosa.get(f"/p/{PROJECT}/").status_code == 200
    r = post(c, "/accounts", {"name": "boss", "role": "coordinator"})
    assert r.status_code == 422 and "coordinators are added with" in _text(r)
    r = post(c, f"/p/{PROJECT}/bodies/nowhere/focal-point", {"name": "ghost"}, page=f"/p/{PROJECT}/bodies")
    assert r.status_code == 404
    r = post(c, f"/p/{PROJECT}/bodies/interior/focal-point", {"name": "ivo2"}, page=f"/p/{PROJECT}/bodies")
    assert r.status_code == 201
    assert post(c, "/accounts/rosa/remove", page="/accounts").status_code == 303
    assert rosa.get(f"/p/{PROJECT}/").status_code == 302


# --- uploads --------------------------------------------------------------------------------

def test_uploads_have_a_size_limit_and_other_forms_a_smaller_one(ws, monkeypatch):
    from uprreport.web import security

    root, passwords = ws
    monkeypatch.setattr(security, "MAX_UPLOAD", 20_000)
    h = _client(root, "hanna", passwords)
    r = post(h, f"/p/{PROJECT}/body/health/returns", {"files": [(io.BytesIO(b"x" * 30_000), "big.xlsx")]},
             page=f"/p/{PROJECT}/body/health", content_type="multipart/form-data")
    assert r.status_code == 413 and "larger than the page takes" in _text(r)
    c = _client(root, "coord")
    r = post(c, f"/p/{PROJECT}/facts", {**FACTS, "state": "x" * (security.MAX_REQUEST + 10)})
    assert r.status_code == 413


def test_uploaded_files_pass_the_package_gate(ws):
    root, passwords = ws
    h = _client(root, "hanna", passwords)
    pack = h.get(f"/p/{PROJECT}/body/health/pack/health-input-pack.xlsx").data
    r = post(h, f"/p/{PROJECT}/body/health/returns",
             {"files": [(io.BytesIO(_with_macros(pack)), "health.xlsx"), (io.BytesIO(b"MZ\x90\x00"), "run.docx"),
                        (io.BytesIO(b"data"), "notes.pdf")]},
             page=f"/p/{PROJECT}/body/health", content_type="multipart/form-data")
    page = _text(r)
    assert r.status_code == 422
    assert "contains macros" in page and "is not a Word .docx file" in page and "only Word (.docx) and Excel" in page


def test_a_form_without_its_csrf_token_changes_nothing(ws):
    root, _passwords = ws
    c = _client(root, "coord")
    before = (root / PROJECT / "report.yaml").read_bytes()
    r = c.post(f"/p/{PROJECT}/facts", data={**FACTS, "state": "Changed"})
    assert r.status_code == 400 and (root / PROJECT / "report.yaml").read_bytes() == before


# --- builds ---------------------------------------------------------------------------------

def test_a_build_runs_in_the_background_one_at_a_time_and_stays_in_the_history(ws):
    from uprreport import api

    root, _passwords = ws
    go = threading.Event()

    def slow(*args, **kwargs):
        go.wait(30)
        return api.build(*args, **kwargs)

    app = make_app(root)
    app.extensions["uprreport-workspace"].builder._build = slow
    c = app.test_client()
    sign_in(c, "coord")
    r = post(c, f"/p/{PROJECT}/builds", {}, page=f"/p/{PROJECT}/builds")
    assert r.status_code == 303
    running = _text(c.get(r.headers["Location"]))
    assert '<meta http-equiv="refresh" content="2">' in running and "<progress" in running
    again = post(c, f"/p/{PROJECT}/builds", {}, page=f"/p/{PROJECT}/builds")
    assert again.status_code == 303 and "follow it" in _text(c.get(f"/p/{PROJECT}/builds"))
    assert "is running" in _text(c.get(again.headers["Location"]))
    go.set()
    app.extensions["uprreport-workspace"].builder.wait(root / PROJECT, 60)
    done = _text(c.get(r.headers["Location"]))
    assert "refresh" not in done and "Done: built in" in done
    build_id = r.headers["Location"].rsplit("/", 1)[1]
    got = c.get(f"{r.headers['Location']}/{PROJECT}.docx")
    assert got.status_code == 200 and got.data[:2] == b"PK"
    assert (root / PROJECT / "builds" / build_id / f"{PROJECT}.docx").is_file()
    assert c.get(f"{r.headers['Location']}/build.json").status_code == 404
    assert c.get(f"/p/{PROJECT}/builds/..%2F..%2Freport.yaml/x").status_code == 404
    assert ("coord", "build done", PROJECT, "") in _log(root) and ("coord", "build downloaded", PROJECT, "") in _log(root)


def test_a_final_build_refuses_while_a_body_has_not_approved(ws, tmp_path):
    root, passwords = ws
    h = _client(root, "hanna", passwords)
    workbook = h.get(f"/p/{PROJECT}/body/health/pack/health-input-pack.xlsx").data
    filled = fill(workbook, {2: "fully implemented"}, tmp_path / "h.xlsx")
    post(h, f"/p/{PROJECT}/body/health/returns", {"files": [(open(filled, "rb"), "h.xlsx")]},
         page=f"/p/{PROJECT}/body/health", content_type="multipart/form-data")
    app = make_app(root)
    c = app.test_client()
    sign_in(c, "coord")
    r = post(c, f"/p/{PROJECT}/builds", {"final": "yes"}, page=f"/p/{PROJECT}/builds")
    app.extensions["uprreport-workspace"].builder.wait(root / PROJECT, 60)
    page = _text(c.get(r.headers["Location"]))
    assert "Failed: the report is not final" in page and "not-approved" in page and "Ministry of Health" in page


def test_a_build_the_server_stopped_is_shown_as_interrupted(ws):
    import json

    root, _passwords = ws
    folder = root / PROJECT / "builds" / "20260101T100000Z"
    folder.mkdir(parents=True)
    (folder / "build.json").write_text(json.dumps({"id": folder.name, "by": "coord", "pdf": True, "final": False,
                                                   "state": "running", "started": "2026-01-01T10:00:00+00:00"}))
    page = _text(_client(root, "coord").get(f"/p/{PROJECT}/builds/{folder.name}"))
    assert "Interrupted: the server stopped while it ran" in page and "refresh" not in page


# --- the comment rounds, one sign-in --------------------------------------------------------

def test_the_comment_rounds_of_a_project_take_the_workspaces_accounts(ws):
    import datetime as dt

    from uprreport import api

    root, passwords = ws
    api.round_open(root / PROJECT, dt.date(2099, 1, 31), dt.date.today())
    anon = make_app(root).test_client()
    assert anon.get(f"/p/{PROJECT}/consultation/").status_code == 200          # the public page
    r = anon.get(f"/p/{PROJECT}/consultation/manage/")
    assert r.status_code == 302
    assert anon.get(r.headers["Location"]).headers["Location"] == f"/login?next=/p/{PROJECT}/consultation/manage/"
    c = _client(root, "coord")
    assert "Close round 1" in _text(c.get(f"/p/{PROJECT}/consultation/manage/"))
    h = _client(root, "hanna", passwords)
    page = _text(h.get(f"/p/{PROJECT}/consultation/manage/"))
    assert "Signed in as hanna (health)" in page and "Close round" not in page
    assert h.get(f"/p/{PROJECT}/consultation/manage/validation").status_code == 404
    rev = _client(root, "rev")
    assert "Close round" not in _text(rev.get(f"/p/{PROJECT}/consultation/manage/"))
    r = post(rev, f"/p/{PROJECT}/consultation/manage/round/close", page=f"/p/{PROJECT}/consultation/manage/")
    assert r.status_code == 404
    from uprreport.api import consultation

    assert consultation.latest(root / PROJECT).closed is None


# --- the command that serves it -------------------------------------------------------------

def test_serve_workspace_answers_on_loopback_and_holds_its_projects(ws, tmp_path):
    """`uprreport serve --workspace DIR` as the README runs it; a project whose consultation
    pages it served cannot be served a second time on its own."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    root, _passwords = ws
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "uprreport", "serve", "--workspace", str(root), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline, page = time.monotonic() + 60, None
        while time.monotonic() < deadline and page is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as r:
                    page = (r.status, r.headers["Content-Security-Policy"], r.read().decode("utf-8"))
            except OSError:
                assert proc.poll() is None, (tmp_path / "serve.log").read_text(encoding="utf-8")
                time.sleep(0.2)
        assert page is not None and page[0] == 200 and "default-src 'none'" in page[1] and "Sign in" in page[2]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/p/{PROJECT}/consultation/", timeout=10) as r:
            assert r.status == 200
        second = subprocess.run([sys.executable, "-m", "uprreport", "serve", str(root / PROJECT), "--port",
                                 str(port + 1 if port < 65535 else port - 1)], capture_output=True, text=True,
                                timeout=60)
        assert second.returncode == 2 and "is already being served" in second.stdout + second.stderr
        again = subprocess.run([sys.executable, "-m", "uprreport", "serve", "--workspace", str(root), "--port",
                                str(port)], capture_output=True, text=True, timeout=60)
        assert again.returncode == 2 and "already being served" in again.stdout + again.stderr
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    log.seek(0)
    assert f"serving the workspace {root} (1 project) on http://127.0.0.1:{port}/" in log.read()


def test_a_build_that_fails_by_a_fault_says_so_and_keeps_the_traceback_on_the_server(ws, monkeypatch, tmp_path):
    from uprreport import crashes

    root, _passwords = ws
    monkeypatch.setattr(crashes, "save", lambda exc, context="": tmp_path / "crash.txt")

    def broken(*args, **kwargs):
        raise RuntimeError("a fault of uprreport <script>")

    app = make_app(root)
    app.extensions["uprreport-workspace"].builder._build = broken
    c = app.test_client()
    sign_in(c, "coord")
    r = post(c, f"/p/{PROJECT}/builds", {}, page=f"/p/{PROJECT}/builds")
    app.extensions["uprreport-workspace"].builder.wait(root / PROJECT, 30)
    page = _text(c.get(r.headers["Location"]))
    assert "Failed: the build failed because of a fault in uprreport" in page and "<script>" not in page
    assert ("coord", "build failed", PROJECT, "") in _log(root)
    assert post(c, f"/p/{PROJECT}/builds", {}, page=f"/p/{PROJECT}/builds").status_code == 303   # the lock was let go
