"""The attack sweep of the consultation pages, run over every address of the workspace (taken
from the application's own routes, so that a page added later is swept too): nobody signed in
gets nothing; a focal point reaches its own body and nothing else; a reviewer changes nothing;
markup typed into any field comes back escaped; sign-in never redirects off the site; names in
addresses cannot climb out of their folders; a body too large is refused."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from .workspacekit import PASSWORDS, make_app, make_workspace, ohchr_list, password_shown, post, sign_in, token

PROJECT = "arcadia"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
# the pages a focal point of "health" may reach (its own body's), with the others' answer
OWN = {"workspace.login", "workspace.login_code", "workspace.logout", "workspace.home", "workspace.account",
       "project.body", "project.pack_file", "project.returns", "project.approve", "static",
       "api.openapi_document"}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, dict]:
    root = make_workspace(tmp_path_factory.mktemp("sweep") / "workspace")
    c = make_app(root).test_client()
    sign_in(c, "coord")
    r = post(c, "/new", {"name": PROJECT, "kind": "national", "list": (io.BytesIO(ohchr_list()), "list.docx")},
             content_type="multipart/form-data")
    assert r.status_code == 303
    passwords = {}
    for folder, point in (("health", "hanna"), ("interior", "ivo")):
        r = post(c, f"/p/{PROJECT}/bodies", {"folder": folder, "name": f"Ministry {folder}", "kind": "ministry",
                                             "sections": "", "focal_point": point})
        passwords[point] = password_shown(r.get_data(as_text=True))
    page = f"/p/{PROJECT}/recommendations"
    post(c, page, {"body": "health", "role": "lead", "ids": ["140.4", "140.5"]})
    post(c, page, {"body": "interior", "role": "lead", "ids": ["140.1"]})
    post(c, f"/p/{PROJECT}/packs", {"deadline": "2099-03-31"}, page=f"/p/{PROJECT}/bodies")
    return root, passwords


@pytest.fixture
def ws(made, tmp_path) -> tuple[Path, dict]:
    root, passwords = made
    copy = tmp_path / "workspace"
    shutil.copytree(root, copy)
    return copy, passwords


def _addresses(app, body: str = "interior") -> list[tuple[str, str, str]]:
    """(endpoint, method, address) of every route, its parts filled with real names (``body``
    for a body) so that a refusal is the rule's, not a missing thing's."""
    values = {"project": PROJECT, "body": body, "name": f"{body}-input-pack.xlsx", "build_id": "20990101T000000Z",
              "filename": "site.css"}
    out = []
    for rule in app.url_map.iter_rules():
        address = rule.rule
        for arg in rule.arguments:
            address = re.sub(rf"<(?:[^:<>]+:)?{arg}>", values[arg], address)
        if rule.endpoint == "workspace.remove_account":
            address = "/accounts/rev/remove"
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((rule.endpoint, method, address))
    return out


def _client(root: Path, name: str, passwords: dict):
    c = make_app(root).test_client()
    sign_in(c, name, passwords.get(name) or PASSWORDS[name])
    return c


def _csrf(client) -> str:
    return token(client.get("/account").get_data(as_text=True))


def test_nobody_signed_in_gets_nothing_from_any_address(ws):
    root, _ = ws
    app = make_app(root)
    c = app.test_client()
    for endpoint, method, address in _addresses(app):
        if endpoint in ("static", "workspace.login", "api.openapi_document"):
            continue
        r = c.open(address, method=method)
        assert r.status_code in (302, 303, 400, 401, 404), (endpoint, method, address, r.status_code)
        if r.status_code in (302, 303):
            assert r.headers["Location"].startswith("/login"), (address, r.headers["Location"])


def test_a_focal_point_reaches_its_own_body_and_nothing_else(ws):
    root, passwords = ws
    app = make_app(root)
    c = _client(root, "hanna", passwords)
    csrf = _csrf(c)
    for endpoint, method, address in _addresses(app, body="interior"):
        if endpoint.startswith("api.") or endpoint in ("static", "workspace.login", "workspace.login_code",
                                                       "workspace.logout", "language.choose"):
            continue       # language.choose: the language of one's pages, a cookie for anyone
        r = c.open(address, method=method, data={"csrf_token": csrf} if method == "POST" else None)
        if endpoint in ("workspace.home", "workspace.account"):
            assert r.status_code in (200, 302, 303, 422), (address, r.status_code)
        elif endpoint == "project.overview" and method == "GET":   # the project's page: its own body's instead
            assert r.status_code == 302 and r.headers["Location"].endswith(f"/p/{PROJECT}/body/health")
        else:                                          # another body's, or the project's, or the workspace's
            assert r.status_code in (403, 404), (endpoint, method, address, r.status_code)
    for endpoint, method, address in _addresses(app, body="health"):    # its own: reached
        if endpoint == "project.body":
            assert c.get(address).status_code == 200


def test_a_reviewer_changes_nothing_through_any_form(ws):
    root, _ = ws
    app = make_app(root)
    c = _client(root, "rev", {})
    csrf = _csrf(c)
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
                    and ".uprreport" not in p.parts)
    for endpoint, method, address in _addresses(app):
        if method != "POST" or endpoint.startswith("api.") or endpoint in (
                "workspace.login", "workspace.login_code", "workspace.logout", "workspace.account",
                "language.choose"):   # the language of one's pages: a cookie, nothing kept
            continue
        r = c.post(address, data={"csrf_token": csrf, "name": "x", "folder": "evil", "body": "health",
                                  "role": "lead", "ids": ["140.1"], "deadline": "2099-01-01"})
        # 403 on a project's forms; the workspace's coordinator pages are "not found" to others
        assert r.status_code == (403 if endpoint.startswith("project.") else 404), (endpoint, address, r.status_code)
    after = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
                   and ".uprreport" not in p.parts)
    assert after == before


def test_markup_typed_into_any_field_comes_back_escaped(ws):
    root, _ = ws
    app = make_app(root)
    c = _client(root, "coord", {})
    facts = {"state": XSS, "iso3": "ARC", "cycle": "4", "wg_session": "48", "previous_review": XSS,
             "language": "en", "date": "2025-10-28", "kind": "national", "symbol": XSS}
    post(c, f"/p/{PROJECT}/facts", facts)
    post(c, f"/p/{PROJECT}/bodies", {"folder": "xss-body", "name": XSS, "kind": "ministry", "sections": XSS,
                                     "contact": XSS, "email": "x@example.org"})
    post(c, f"/p/{PROJECT}/recommendations", {"theme": XSS, "state": XSS, "text": XSS}, page=f"/p/{PROJECT}/recommendations")
    post(c, "/accounts", {"name": XSS, "role": "reviewer"})
    shown = 0
    for endpoint, method, address in _addresses(app, body="xss-body"):
        if method != "GET" or endpoint.startswith("api.") or endpoint == "static":
            continue
        for query in ("", f"?theme={XSS}&state={XSS}&text={XSS}&next={XSS}"):
            page = c.get(address + query).get_data(as_text=True)
            assert "<script>alert" not in page and "<img src=x" not in page, (address + query)
            shown += "&lt;script&gt;alert" in page
    assert shown >= 4          # the markup was kept and shown, as text, on the pages that show those fields


OFF_SITE = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)",
            "/%2F%2Fevil.example", "http:/evil.example",
            # browsers drop a tab or a line break from an address: "/<tab>/evil.example" is //evil.example
            "/%09/evil.example", "/%0A/evil.example", "/%0D%0A/evil.example", "/%20/evil.example"]


def _on_site(location: str) -> bool:
    stripped = "".join(c for c in location if c not in "\t\r\n")
    return stripped.startswith("/") and not stripped.startswith(("//", "/\\")) and not \
        any(c.isspace() for c in location)


@pytest.mark.parametrize("target", OFF_SITE)
def test_signing_in_never_leads_off_the_site(ws, target):
    root, _ = ws
    c = make_app(root).test_client()
    page = c.get("/login").get_data(as_text=True)
    r = c.post(f"/login?next={target}", data={"csrf_token": token(page), "name": "coord",
                                                "password": PASSWORDS["coord"]})
    assert r.status_code == 303
    assert _on_site(r.headers["Location"]), r.headers["Location"]


@pytest.mark.parametrize("target", [t.replace("%09", "\t").replace("%0A", "\n").replace("%0D", "\r")
                                    .replace("%20", " ") for t in OFF_SITE])
def test_choosing_a_language_never_leads_off_the_site(ws, target):
    root, _ = ws
    c = make_app(root).test_client()
    page = c.get("/login").get_data(as_text=True)
    r = c.post("/language", data={"csrf_token": token(page), "language": "fr", "next": target})
    assert r.status_code == 303 and _on_site(r.headers["Location"]), r.headers["Location"]
    assert "uprreport_language=fr" in r.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("address", [
    "/p/../facts", "/p/%2e%2e/facts", "/p/arcadia%2F..%2F..%2Fetc/facts", "/p/.uprreport/",
    "/p/arcadia/body/..%2Finterior", "/p/arcadia/body/health/pack/..%2F..%2F..%2Freport.yaml",
    "/p/arcadia/body/health/pack/%2e%2e%2freport.yaml", "/p/arcadia/builds/..%2F..%2Freport.yaml",
    "/p/arcadia/builds/20990101T000000Z/..%2F..%2Freport.yaml", "/p/arcadia%00/facts",
    "/p/arcadia/body/health%00/pack/x",
])
def test_names_in_addresses_cannot_climb_out_of_their_folders(ws, address):
    root, _ = ws
    c = _client(root, "coord", {})
    r = c.get(address)
    assert r.status_code in (400, 404, 308), (address, r.status_code)
    assert "kind: national" not in r.get_data(as_text=True)


def test_a_request_body_too_large_is_refused_before_it_is_read(ws):
    root, _ = ws
    c = _client(root, "coord", {})
    r = c.post("/accounts", data={"csrf_token": _csrf(c), "name": "x" * (2 << 20), "role": "reviewer"})
    assert r.status_code == 413
