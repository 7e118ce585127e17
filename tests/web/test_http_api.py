"""The workspace's HTTP JSON API (``/api/…``, web/http_api.py) through Flask's test client: a
project started from a list, returns sent and their diagnostics, a build polled and downloaded;
every role as on the pages, tokens and their refusals (never a session cookie), errors as JSON,
limits; the OpenAPI description against the routes; the `token` commands."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from .workspacekit import fill, make_app, make_workspace, ohchr_list, sign_in

PROJECT = "arcadia"
PASSWORD = "a long enough password"
ACCOUNTS = {"hanna": ("focal-point", PROJECT, "health"), "ivo": ("focal-point", PROJECT, "interior"),
            "carla": ("coordinator", PROJECT, "")}


def _start(client, token: str, name: str = PROJECT, data: bytes | None = None, **fields):
    form = {"name": name, "kind": "national", "list": (io.BytesIO(ohchr_list() if data is None else data), "list.docx"),
            **fields}
    return client.post("/api/projects", headers=_auth(token), data=form, content_type="multipart/form-data")


def _auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def started(tmp_path_factory) -> tuple[Path, dict]:
    """A workspace whose project arcadia was started through the API, with two bodies, their
    focal points, assignments and packs, and a token for each account (made once per module;
    each test works on a copy)."""
    from uprreport.api import workspace as ws

    root = make_workspace(tmp_path_factory.mktemp("api") / "workspace")
    tokens = {"coord": ws.create_token(root, "coord")[1], "rev": ws.create_token(root, "rev")[1]}
    r = _start(make_app(root).test_client(), tokens["coord"])
    assert r.status_code == 201, r.get_json()
    path = root / PROJECT
    for folder, name, sections in [("health", "Ministry of Health", "D.right-to-health"),
                                   ("interior", "Ministry of the Interior", "")]:
        assert ws.add_body(path, {"folder": folder, "name": name, "kind": "ministry", "sections": sections},
                           "coord", PROJECT, root) == {}
    for name, (role, project, body) in ACCOUNTS.items():
        ws.add_user(root, name, PASSWORD, role, project, body, by="test")
        tokens[name] = ws.create_token(root, name)[1]
    ws.assign(path, "health", theme="right-to-health", role="lead", by="coord", project=PROJECT, root=root)
    ws.assign(path, "interior", ["140.1", "140.2"], role="lead", by="coord", project=PROJECT, root=root)
    ws.send_packs(path, dt.date(2099, 3, 31), "coord", PROJECT, root)
    return root, tokens


@pytest.fixture
def ws(started, tmp_path) -> tuple[Path, dict]:
    root, tokens = started
    copy = tmp_path / "workspace"
    shutil.copytree(root, copy)
    return copy, tokens


def _pack(root: Path, body: str) -> bytes:
    from uprreport.api import workspace

    folder, names = workspace.pack_files(root / PROJECT, body)
    return (folder / f"{body}-input-pack.xlsx").read_bytes()


def _returns(client, token: str, *files: Path, **fields):
    return client.post(f"/api/projects/{PROJECT}/returns", headers=_auth(token), content_type="multipart/form-data",
                       data={"file": [(open(f, "rb"), f.name) for f in files], **fields})


def _log(root: Path) -> list[dict]:
    from uprreport.api import workspace

    return workspace.entries(root)


def _error(r) -> dict:
    assert r.is_json, r.get_data(as_text=True)[:300]
    data = r.get_json()
    assert set(data["error"]) >= {"code", "message", "hint"}, data
    return data["error"]


# --- projects -------------------------------------------------------------------------------

def test_a_project_is_started_from_a_list_and_counts_its_recommendations(ws):
    root, tokens = ws
    c = make_app(root).test_client()
    r = _start(c, tokens["coord"], "belvedere")
    assert r.status_code == 201 and r.get_json()["id"] == "belvedere" and r.get_json()["recommendations"] == 6
    assert r.headers["Location"] == "/api/projects/belvedere"
    listed = c.get("/api/projects", headers=_auth(tokens["coord"])).get_json()["projects"]
    assert [p["id"] for p in listed] == [PROJECT, "belvedere"]
    one = c.get("/api/projects/belvedere", headers=_auth(tokens["coord"])).get_json()
    assert one["counts"]["recommendations"] == 6 and one["facts"]["kind"] == "national" and one["counts"]["builds"] == 0
    ident = tokens["coord"].split("_")[1]
    entry = next(e for e in _log(root) if e["action"] == "project created" and e["project"] == "belvedere")
    assert entry["who"] == "coord" and f"[API token {ident}]" in entry["detail"]
    assert tokens["coord"][17:] not in json.dumps(_log(root))          # never the secret


def test_starting_a_project_refuses_bad_input_with_its_place(ws):
    from docx import Document

    root, tokens = ws
    c = make_app(root).test_client()
    t = tokens["coord"]
    for r, field in [(_start(c, t, "Not A Name"), "name"), (_start(c, t, "x2", kind="novel"), "kind"),
                     (c.post("/api/projects", headers=_auth(t), data={"name": "x2"}), "list"),
                     (_start(c, t, "x2", data=b"MZ\x90\x00 not a package"), "list")]:
        assert r.status_code == 400, r.get_json()
        assert _error(r)["location"]["input"] == field
    assert "is not a Word .docx file" in _error(_start(c, t, "x2", data=b"MZ\x90\x00"))["message"]
    r = _start(c, t, PROJECT)
    assert r.status_code == 409 and _error(r)["code"] == "project-exists"
    empty = io.BytesIO()
    Document().save(empty)
    r = _start(c, t, "x3", data=empty.getvalue())
    error = _error(r)
    assert r.status_code == 422 and error["location"] == {"input": "list", "path": "list.docx"}
    assert error["diagnostics"][0]["code"] == "import-layout"
    assert not (root / "x2").exists() and not (root / "x3").exists()


# --- returns --------------------------------------------------------------------------------

def test_a_focal_point_sends_its_returns_and_gets_what_was_taken(ws, tmp_path):
    root, tokens = ws
    c = make_app(root).test_client()
    filled = fill(_pack(root, "health"), {2: "fully implemented", 3: "partially implemented", 4: "not implemented"},
                  tmp_path / "health.xlsx")
    r = _returns(c, tokens["hanna"], filled)
    data = r.get_json()
    assert r.status_code == 200, data
    assert data["errors"] == 0 and "error" not in data
    [taken] = data["taken"]
    assert (taken["body"], taken["kind"], taken["version"], len(taken["changed"])) == ("health", "workbook", 1, 3)
    assert (root / PROJECT / "contributions" / "health" / "implementation.csv").is_file()
    entry = next(e for e in _log(root) if e["action"] == "returns uploaded")
    assert (entry["who"], entry["body"]) == ("hanna", "health") and "[API token" in entry["detail"]


def test_returns_with_an_error_get_located_diagnostics(ws, tmp_path):
    root, tokens = ws
    c = make_app(root).test_client()
    wrong = fill(_pack(root, "health"), {2: "fully implemented", 3: "done, more or less"}, tmp_path / "health.xlsx")
    r = _returns(c, tokens["coord"], wrong)
    data = r.get_json()
    assert r.status_code == 422 and data["error"]["code"] == "returns-refused" and data["errors"] >= 1
    bad = [d for d in data["diagnostics"] if d["code"] == "status-invalid"]
    assert bad and bad[0]["location"] == {"path": "health.xlsx", "sheet": "Implementation", "row": 3, "field": "status"}
    assert data["error"]["location"] == {"input": "file", **bad[0]["location"]} and data["taken"] == []
    assert not (root / PROJECT / "contributions" / "health" / "implementation.csv").exists()
    # files the package gate refuses, and no file at all
    r = c.post(f"/api/projects/{PROJECT}/returns", headers=_auth(tokens["coord"]), content_type="multipart/form-data",
               data={"file": [(io.BytesIO(b"MZ\x90\x00"), "run.docx"), (io.BytesIO(b"data"), "notes.pdf")]})
    assert r.status_code == 422 and {d["code"] for d in r.get_json()["diagnostics"]} == {"file-refused"}
    r = c.post(f"/api/projects/{PROJECT}/returns", headers=_auth(tokens["coord"]), data={})
    assert r.status_code == 400 and _error(r)["location"] == {"input": "file"}


# --- builds ---------------------------------------------------------------------------------

def test_a_build_is_started_polled_and_downloaded(ws):
    from uprreport import api

    root, tokens = ws
    go = threading.Event()

    def slow(*args, **kwargs):
        go.wait(30)
        return api.build(*args, **kwargs)

    app = make_app(root)
    builder = app.extensions["uprreport-workspace"].builder
    builder._build = slow
    c = app.test_client()
    h = _auth(tokens["coord"])
    r = c.post(f"/api/projects/{PROJECT}/builds", headers=h, json={"final": False})
    assert r.status_code == 202, r.get_json()
    started = r.get_json()
    assert started["state"] == "running" and started["files"] == {"docx": None, "pdf": None}
    url = r.headers["Location"]
    assert url == f"/api/projects/{PROJECT}/builds/{started['id']}"
    assert c.get(url, headers=h).get_json()["state"] == "running"
    again = c.post(f"/api/projects/{PROJECT}/builds", headers=h)
    assert again.status_code == 409 and _error(again)["code"] == "build-running"
    go.set()
    builder.wait(root / PROJECT, 60)
    done = c.get(url, headers=h).get_json()
    assert done["state"] == "done" and done["messages"][0].startswith("built in") and done["files"]["pdf"] is None
    got = c.get(done["files"]["docx"], headers=h)
    assert got.status_code == 200 and got.data[:2] == b"PK"
    with zipfile.ZipFile(io.BytesIO(got.data)) as z:
        assert "word/document.xml" in z.namelist()
    assert [b["id"] for b in c.get(f"/api/projects/{PROJECT}/builds", headers=h).get_json()["builds"]] == [done["id"]]
    assert c.get(f"{url}/build.json", headers=h).status_code == 404
    assert c.get(f"/api/projects/{PROJECT}/builds/..%2F..%2Freport.yaml", headers=h).status_code == 404
    actions = [(e["who"], e["action"]) for e in _log(root) if "[API token" in e["detail"]]
    assert {("coord", "build started"), ("coord", "build done"), ("coord", "build downloaded")} <= set(actions)
    # the reviewer reads and downloads it too, and starts none
    rev = _auth(tokens["rev"])
    assert c.get(done["files"]["docx"], headers=rev).status_code == 200
    r = c.post(f"/api/projects/{PROJECT}/builds", headers=rev)
    assert r.status_code == 403 and _error(r)["code"] == "read-only"


def test_build_options_are_checked(ws):
    root, tokens = ws
    c = make_app(root).test_client()
    r = c.post(f"/api/projects/{PROJECT}/builds", headers=_auth(tokens["coord"]), json={"final": "perhaps"})
    assert r.status_code == 400 and _error(r)["location"] == {"input": "final"}
    r = c.post(f"/api/projects/{PROJECT}/builds", headers=_auth(tokens["coord"]), json=["final"])
    assert r.status_code == 400


# --- tokens and roles -----------------------------------------------------------------------

def test_calls_without_a_valid_token_are_refused(ws):
    from uprreport.api import workspace

    root, tokens = ws
    app = make_app(root)
    c = app.test_client()
    r = c.get("/api/projects")
    assert r.status_code == 401 and r.headers["WWW-Authenticate"] == 'Bearer realm="uprreport"'
    assert _error(r)["code"] == "token-missing"
    for header in (f"Bearer {tokens['coord'][:-2]}xx", "Bearer upr_nonsense", f"Basic {tokens['coord']}"):
        r = c.get("/api/projects", headers={"Authorization": header})
        assert r.status_code == 401 and 'error="invalid_token"' in r.headers["WWW-Authenticate"], header
    assert workspace.revoke_token(root, tokens["coord"].split("_")[1], by="test")
    assert c.get("/api/projects", headers=_auth(tokens["coord"])).status_code == 401
    workspace.remove_user(root, "rev", by="test")                   # its tokens end with the account
    assert c.get("/api/projects", headers=_auth(tokens["rev"])).status_code == 401
    # a browser's session is not a token: signed in on the pages, the API still refuses
    browser = app.test_client()
    sign_in(browser, "hanna", PASSWORD)
    assert browser.get(f"/p/{PROJECT}/body/health").status_code == 200
    r = browser.get("/api/projects")
    assert r.status_code == 401 and "Set-Cookie" not in r.headers
    r = browser.post(f"/api/projects/{PROJECT}/returns", data={})
    assert r.status_code == 401 and _error(r)["code"] == "token-missing"
    assert c.get("/api/openapi.json").status_code == 200                            # the description needs none


def test_a_focal_points_token_reaches_its_own_body_only(ws, tmp_path):
    root, tokens = ws
    shutil.copytree(root / PROJECT, root / "belvedere")
    app = make_app(root)
    c = app.test_client()
    h = _auth(tokens["hanna"])
    [card] = c.get("/api/projects", headers=h).get_json()["projects"]
    assert (card["id"], card["body"]) == (PROJECT, "health") and set(card["links"]) == {"returns"}
    build = c.post(f"/api/projects/{PROJECT}/builds", headers=_auth(tokens["coord"])).get_json()
    app.extensions["uprreport-workspace"].builder.wait(root / PROJECT, 60)
    assert c.get(f"{build['url']}/{PROJECT}.docx", headers=_auth(tokens["coord"])).status_code == 200
    for url in [f"/api/projects/{PROJECT}", f"/api/projects/{PROJECT}/builds", build["url"],
                f"{build['url']}/{PROJECT}.docx", "/api/projects/belvedere", "/api/projects/nowhere"]:
        r = c.get(url, headers=h)
        assert r.status_code == 404 and _error(r)["code"] == "not-found", url
    before = {p: p.read_bytes() for p in (root / PROJECT).rglob("*") if p.is_file() and "builds" not in p.parts}
    interior = fill(_pack(root, "interior"), {2: "fully implemented"}, tmp_path / "interior.xlsx")
    assert _returns(c, tokens["hanna"], interior, body="interior").status_code == 404
    assert c.post("/api/projects/belvedere/returns", headers=h, data={}).status_code == 404
    assert c.post(f"/api/projects/{PROJECT}/builds", headers=h).status_code == 404
    r = _start(c, tokens["hanna"], "mine")
    assert r.status_code == 403 and not (root / "mine").exists()
    r = _returns(c, tokens["hanna"], interior)            # another body's pack, sent as its own: refused unread
    assert r.status_code == 422 and "not an input pack of your body" in r.get_json()["diagnostics"][0]["message"]
    after = {p: p.read_bytes() for p in (root / PROJECT).rglob("*") if p.is_file() and "builds" not in p.parts}
    assert after == before
    # the interior's own focal point sends it
    assert _returns(c, tokens["ivo"], interior).status_code == 200


def test_a_reviewers_token_reads_and_changes_nothing(ws, tmp_path):
    root, tokens = ws
    c = make_app(root).test_client()
    r = _auth(tokens["rev"])
    for url in ["/api/projects", f"/api/projects/{PROJECT}", f"/api/projects/{PROJECT}/builds"]:
        assert c.get(url, headers=r).status_code == 200, url
    before = {p: p.read_bytes() for p in (root / PROJECT).rglob("*") if p.is_file()}
    filled = fill(_pack(root, "health"), {2: "fully implemented"}, tmp_path / "health.xlsx")
    for answer in [_start(c, tokens["rev"], "mine"), _returns(c, tokens["rev"], filled),
                   c.post(f"/api/projects/{PROJECT}/builds", headers=r)]:
        assert answer.status_code == 403 and _error(answer)["code"] == "read-only"
    assert {p: p.read_bytes() for p in (root / PROJECT).rglob("*") if p.is_file()} == before
    assert not (root / "mine").exists()


def test_a_coordinator_of_one_project_sees_that_project_only(ws):
    root, tokens = ws
    shutil.copytree(root / PROJECT, root / "belvedere")
    c = make_app(root).test_client()
    h = _auth(tokens["carla"])
    assert [p["id"] for p in c.get("/api/projects", headers=h).get_json()["projects"]] == [PROJECT]
    assert c.get("/api/projects/belvedere", headers=h).status_code == 404
    assert c.post("/api/projects/belvedere/builds", headers=h).status_code == 404
    assert _start(c, tokens["carla"], "mine").status_code == 403


# --- errors and limits ----------------------------------------------------------------------

def test_errors_are_json_never_a_page(ws, monkeypatch, tmp_path):
    from uprreport import crashes
    from uprreport.api import workspace

    root, tokens = ws
    c = make_app(root).test_client()
    h = _auth(tokens["coord"])
    r = c.get("/api/nothing/here", headers=h)
    assert r.status_code == 404 and _error(r)["code"] == "not-found"
    r = c.delete("/api/projects", headers=h)
    assert r.status_code == 405 and "POST" in r.headers["Allow"] and _error(r)["code"] == "method-not-allowed"
    monkeypatch.setattr(crashes, "save", lambda exc, context="": tmp_path / "crash.txt")

    def broken(*args, **kwargs):
        raise RuntimeError("a fault of uprreport <secret detail>")

    monkeypatch.setattr(workspace, "projects", broken)
    r = c.get("/api/projects", headers=h)
    assert r.status_code == 500 and _error(r)["code"] == "fault"
    assert "secret detail" not in r.get_data(as_text=True) and "Traceback" not in r.get_data(as_text=True)


def test_uploads_have_the_pages_size_limit(ws, monkeypatch):
    from uprreport.web import security

    root, tokens = ws
    monkeypatch.setattr(security, "MAX_UPLOAD", 20_000)
    c = make_app(root).test_client()
    r = c.post(f"/api/projects/{PROJECT}/returns", headers=_auth(tokens["coord"]), content_type="multipart/form-data",
               data={"file": [(io.BytesIO(b"x" * 30_000), "big.xlsx")]})
    assert r.status_code == 413 and _error(r)["code"] == "too-large"
    r = c.post(f"/api/projects/{PROJECT}/builds", headers=_auth(tokens["coord"]),
               json={"final": False, "pad": "x" * (security.MAX_REQUEST + 10)})
    assert r.status_code == 413


def test_each_token_has_a_rate_limit(ws, monkeypatch):
    from uprreport.web import http_api

    root, tokens = ws
    monkeypatch.setattr(http_api, "RATE", "3 per minute")
    c = make_app(root).test_client()
    answers = [c.get("/api/projects", headers=_auth(tokens["coord"])).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    r = c.get(f"/api/projects/{PROJECT}", headers=_auth(tokens["coord"]))    # one limit over every call
    assert r.status_code == 429 and _error(r)["code"] == "rate-limited" and "Retry-After" in r.headers
    assert c.get("/api/projects", headers=_auth(tokens["rev"])).status_code == 200   # another token's own


# --- the description ------------------------------------------------------------------------

def test_the_openapi_document_describes_every_route_and_only_those(ws):
    root, tokens = ws
    app = make_app(root)
    doc = app.test_client().get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1") and doc["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = rule.rule
            for arg in rule.arguments:
                path = path.replace(f"<{arg}>", "{" + {"build_id": "build"}.get(arg, arg) + "}")
            routes |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    described = {(path, m) for path, item in doc["paths"].items() for m in item if m != "parameters"}
    assert routes == described
    for path, item in doc["paths"].items():
        names = {p["name"] for p in item.get("parameters", [])}
        assert names == {part[1:-1] for part in path.split("/") if part.startswith("{")}, path
        for method, op in ((m, o) for m, o in item.items() if m != "parameters"):
            assert op["responses"] and op.get("operationId"), (path, method)
            if method == "post":
                assert "403" in op["responses"] and "requestBody" in op, path
    try:
        from openapi_spec_validator import validate
    except ImportError:
        return
    validate(doc)


# --- the command line -----------------------------------------------------------------------

def test_token_commands(ws):
    from uprreport.cli import main

    root, _tokens = ws
    run = CliRunner()
    r = run.invoke(main, ["token", "create", "hanna", "--label", "health tracker", "--workspace", str(root)])
    assert r.exit_code == 0, r.output
    token = r.stdout.strip()
    assert token.startswith("upr_") and "\n" not in token and "shown only this once" in r.output
    c = make_app(root).test_client()
    assert c.get("/api/projects", headers=_auth(token)).status_code == 200
    listing = run.invoke(main, ["token", "list", "--workspace", str(root)]).output
    ident = token.split("_")[1]
    line = next(line for line in listing.splitlines() if line.startswith(ident))
    assert "\thanna\t" in line and line.endswith("health tracker") and token[17:] not in listing
    r = run.invoke(main, ["token", "revoke", ident, "--workspace", str(root)])
    assert r.exit_code == 0 and f"{ident}: revoked" in r.output
    assert c.get("/api/projects", headers=_auth(token)).status_code == 401
    r = run.invoke(main, ["token", "revoke", ident, "--workspace", str(root)])
    assert r.exit_code == 2 and "there is no token" in r.output
    r = run.invoke(main, ["token", "create", "nobody", "--workspace", str(root)])
    assert r.exit_code == 2 and "no account 'nobody'" in r.output
    assert run.invoke(main, ["token", "list"]).exit_code == 2                     # --workspace is needed
    assert ("(command line)", "token revoked") in [(e["who"], e["action"]) for e in _log(root)]
