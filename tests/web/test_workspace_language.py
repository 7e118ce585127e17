"""The workspace's pages in the language each person reads (web/languages.py): the language
cookie, else a project's own language on its pages, else the browser's; and every word of the
workspace's templates goes through the catalog (``t(...)``), which a scan of the templates checks."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from .workspacekit import make_app, make_workspace, ohchr_list, post, sign_in

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "uprreport" / "web" / "templates"
OWNED = sorted((TEMPLATES / "workspace").glob("*.html")) + [
    TEMPLATES / f"{name}.html" for name in ("code_form", "password_form", "signin_form", "two_step", "kept", "error")]
CODES = {"en": "ltr", "fr": "ltr", "es": "ltr", "ar": "rtl", "ru": "ltr", "zh": "ltr"}
FACTS = {"kind": "national", "state": "République d’Arcadie", "iso3": "ARC", "cycle": "4", "wg_session": "48",
         "symbol": "A/HRC/WG.6/48/ARC/1", "previous_review": "A/HRC/44/12", "language": "fr", "date": "2025-10-28",
         "session_start": "", "session_end": "", "limits.words": "", "limits.pages": ""}
# Words that are the same in every language: names of file formats and of things
ALLOWED = {"PDF", "DOCX", "CSV", "XLSX", "API", "UTC", "UPR", "OHCHR", "SVN", "ISO", "E", "D", "yaml", "eml", "docx",
           "xlsx", "xls", "csv", "pdf"}


@pytest.fixture(scope="module")
def french(tmp_path_factory) -> Path:
    """A workspace with one project whose report is in French (made once per module)."""
    root = make_workspace(tmp_path_factory.mktemp("ws") / "workspace")
    c = make_app(root).test_client()
    sign_in(c, "coord")
    r = post(c, "/new", {"name": "arcadie", "kind": "national", "list": (io.BytesIO(ohchr_list()), "list.docx")},
             content_type="multipart/form-data")
    assert r.status_code == 303, r.get_data(as_text=True)
    r = post(c, "/p/arcadie/facts", FACTS)
    assert r.status_code == 303, r.get_data(as_text=True)
    r = post(c, "/p/arcadie/bodies", {"folder": "sante", "name": "Ministère de la Santé", "kind": "ministry",
                                      "sections": "", "focal_point": "hanna"})
    assert r.status_code == 201, r.get_data(as_text=True)
    r = post(c, "/p/arcadie/recommendations", {"body": "sante", "role": "lead", "ids": ["140.4", "140.5", "140.6"]})
    assert r.status_code == 303, r.get_data(as_text=True)
    r = post(c, "/p/arcadie/packs", {"deadline": "2099-03-31"}, page="/p/arcadie/bodies")
    assert r.status_code == 303, r.get_data(as_text=True)
    return root


def _signed_in(root: Path):
    c = make_app(root).test_client()
    c.set_cookie("uprreport_language", "en")     # signing in in English, whatever follows
    sign_in(c, "coord")
    c.delete_cookie("uprreport_language")
    return c


def _html_lang(page: str) -> tuple[str, str]:
    m = re.search(r'<html lang="([^"]*)" dir="([^"]*)">', page)
    assert m, page[:200]
    return m.group(1), m.group(2)


@pytest.mark.parametrize("code", sorted(CODES))
def test_the_pages_speak_the_language_of_the_cookie(french, code):
    c = _signed_in(french)
    c.set_cookie("uprreport_language", code)
    for url in ("/", "/p/arcadie/", "/p/arcadie/facts", "/p/arcadie/bodies", "/p/arcadie/recommendations",
                "/p/arcadie/builds", "/account", "/accounts", "/log"):
        r = c.get(url)
        page = r.get_data(as_text=True)
        assert r.status_code == 200, (url, page[:500])
        assert _html_lang(page) == (code, CODES[code]), url
        assert 'id="language-choice"' in page
    if code == "en":   # the English words are the messages themselves
        assert "<h1>Projects</h1>" in c.get("/").get_data(as_text=True)
        assert "The report&#39;s facts" in c.get("/p/arcadie/facts").get_data(as_text=True)


def test_without_a_cookie_a_project_speaks_its_language_and_the_workspace_the_browsers(french):
    c = _signed_in(french)
    for url in ("/p/arcadie/", "/p/arcadie/facts", "/p/arcadie/bodies"):
        assert _html_lang(c.get(url).get_data(as_text=True)) == ("fr", "ltr"), url
    assert _html_lang(c.get("/").get_data(as_text=True)) == ("en", "ltr")      # no preference: English
    assert _html_lang(c.get("/", headers={"Accept-Language": "ar, en;q=0.5"}).get_data(as_text=True)) == ("ar", "rtl")
    assert _html_lang(c.get("/", headers={"Accept-Language": "es-ES, es;q=0.9"}).get_data(as_text=True)) == \
        ("es", "ltr")
    page = c.get("/p/arcadie/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert _html_lang(page) == ("fr", "ltr")          # a project's pages: its language before the browser's
    c.set_cookie("uprreport_language", "zh")
    assert _html_lang(c.get("/p/arcadie/").get_data(as_text=True)) == ("zh", "ltr")   # the choice before both


def test_the_sign_in_page_follows_the_browser(french):
    c = make_app(french).test_client()
    page = c.get("/login", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert _html_lang(page) == ("ar", "rtl") and 'name="password"' in page


def test_the_translated_words_are_shown(french, monkeypatch):
    """With a catalog that has them (here one made on the fly), the pages, their flash messages
    and the facts form's labels show the translations, and the forms post the same codes."""
    from uprreport import i18n
    from uprreport.web import languages

    class Upper(i18n.Language):
        def __init__(self):
            super().__init__("en")
            self.code = "fr"

        def __call__(self, msgid, **fields):
            return _upper(msgid).format(**fields) if fields else _upper(msgid)

        def plural(self, singular, plural, n, **fields):
            return _upper(singular if n == 1 else plural).format(n=n, **fields)

    monkeypatch.setattr(languages, "_MADE", {"fr": Upper()})
    c = _signed_in(french)
    c.set_cookie("uprreport_language", "fr")
    page = c.get("/p/arcadie/facts").get_data(as_text=True)
    assert "REPORT KIND" in page and "STATE UNDER REVIEW" in page and "THREE CAPITAL LETTERS, E.G. SVN" in page
    assert '<option value="national" selected>NATIONAL</option>' in page
    assert '<option value="fr" selected>FRENCH (fr)</option>' in page
    home = c.get("/").get_data(as_text=True)
    assert "<h1>PROJECTS</h1>" in home and "SIGNED IN AS coord (COORDINATOR)" in home
    for url in ("/p/arcadie/", "/p/arcadie/bodies", "/p/arcadie/recommendations", "/p/arcadie/builds", "/new",
                "/log", "/accounts", "/account"):
        r = c.get(url)
        assert r.status_code == 200 and "Traceback" not in r.get_data(as_text=True), url
    body = c.get("/p/arcadie/body/sante").get_data(as_text=True)
    assert "STANDING: <strong>WAITING</strong>; DUE 31 March 2099." in body
    assert "0 OF 3 RECOMMENDATIONS ANSWERED." in body and "0 FILES RETURNED." in body
    overview = c.get("/p/arcadie/").get_data(as_text=True)
    assert "PROGRESS OF THE BODIES" in overview and ">WAITING</td>" in overview
    bodies = c.get("/p/arcadie/bodies").get_data(as_text=True)
    assert "<td>MINISTRY</td>" in bodies and '<option value="ministry" selected>MINISTRY</option>' in bodies
    r = post(c, "/p/arcadie/facts", FACTS)
    assert r.status_code == 303
    assert "THE REPORT&#39;S FACTS WERE SAVED IN REPORT.YAML." in c.get(r.headers["Location"]).get_data(as_text=True)


def _upper(msgid: str) -> str:
    """``msgid`` in capitals, its {fields} as they are."""
    return "".join(part if part.startswith("{") else part.upper() for part in re.split(r"(\{\w*\})", msgid))


def untranslated(template: str) -> list[str]:
    """The runs of Latin letters a page made from ``template`` shows outside ``t(...)``: its text
    and the attributes read out or shown (aria-label, placeholder, title, alt), once Jinja's
    comments, statements and expressions are taken out."""
    text = re.sub(r"\{#.*?#\}", " ", template, flags=re.S)
    text = re.sub(r"\{% block body_class %\}.*?\{% endblock %\}", " ", text)   # a class, not words
    text = re.sub(r"\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", " ", text, flags=re.S)
    shown = re.findall(r'\b(?:aria-label|placeholder|title|alt)="([^"]*)"', text)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    words = re.findall(r"[A-Za-z]+", " ".join([text, *shown]))
    return [w for w in words if w not in ALLOWED]


@pytest.mark.parametrize("path", OWNED, ids=lambda p: p.name)
def test_every_word_of_the_templates_is_translated(path):
    assert untranslated(path.read_text(encoding="utf-8")) == []


def test_the_scan_finds_a_word_left_out():
    assert untranslated('<p>{{ t("Projects") }}</p>') == []
    assert untranslated('<h1>Projects</h1>') == ["Projects"]
    assert untranslated('<p>{% if x %}{{ t("A") }}{% else %}Nothing yet.{% endif %}</p>') == ["Nothing", "yet"]
    assert untranslated('<button aria-label="Remove {{ u.name }}">{{ t("Remove") }}</button>') == ["Remove"]
    assert untranslated('<input placeholder="user name">') == ["user", "name"]
    assert untranslated("{# a comment #}<p>{{ n }} PDF, {{ m }}</p>") == []
