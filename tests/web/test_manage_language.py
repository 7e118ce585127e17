"""The coordinator pages (manage/) in the language each person reads (web/languages.py): the
language cookie, else the project's language, else English; every word of their templates
goes through the catalog (``t(...)``), which a scan of the templates checks, and a catalog that
marks every message it gives shows that the views' own words (flash messages, errors) do too."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from .webkit import field, login, make_app, register, send

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "uprreport" / "web" / "templates"
MANAGE = sorted((TEMPLATES / "manage").glob("*.html"))
CODES = {"en": "ltr", "fr": "ltr", "es": "ltr", "ar": "rtl", "ru": "ltr", "zh": "ltr"}
# Not words of a language: names of file formats and of things, the command a page quotes
ALLOWED = {"PDF", "CSV", "DOCX", "ID", "UTC", "YYYY", "MM", "DD"}
ALLOWED_LITERALS = {"uprreport round open PROJECT"}
JUSTICE = "justice/framework/p1"


def _set_language(project: Path, code: str) -> None:
    path = project / "report.yaml"
    path.write_text(re.sub(r"(?m)^language: \w+$", f"language: {code}", path.read_text(encoding="utf-8")),
                    encoding="utf-8")


def _html_lang(page: str) -> tuple[str, str]:
    m = re.search(r'<html lang="([^"]*)" dir="([^"]*)">', page)
    assert m, page[:200]
    return m.group(1), m.group(2)


def _coordinator(app, code: str | None = None):
    c = app.test_client()
    c.set_cookie("uprreport_language", "en")     # signing in in English, whatever follows
    login(c, "coord")
    if code is None:
        c.delete_cookie("uprreport_language")
    else:
        c.set_cookie("uprreport_language", code)
    return c


def _answered_comment(project, app) -> int:
    """A comment on a justice paragraph, answered by the coordinator (so that its page has a
    history), with a reason."""
    send(app.test_client(), JUSTICE, comment="The year is wrong.", name="Ana")
    (number,) = [r["id"] for r in register(project, "SELECT id FROM comments")]
    c = _coordinator(app, "en")
    page = c.get(f"/manage/comments/{number}").get_data(as_text=True)
    r = c.post(f"/manage/comments/{number}", data={"csrf_token": field(page, "csrf_token"),
                                                   "decision": "rejected", "reason": "The Gazette says 2022."})
    assert r.status_code == 303
    return number


@pytest.mark.parametrize("code", sorted(CODES))
def test_the_coordinator_pages_speak_the_language_of_the_cookie(project, code):
    app = make_app(project)
    number = _answered_comment(project, app)
    anonymous = app.test_client()
    anonymous.set_cookie("uprreport_language", code)
    r = anonymous.get("/manage/login")
    assert r.status_code == 200 and _html_lang(r.get_data(as_text=True)) == (code, CODES[code])
    c = _coordinator(app, code)
    for url in ("/manage/", "/manage/comments", "/manage/comments?state=answered&owner=justice",
                f"/manage/comments?group={number}", f"/manage/comments/{number}", "/manage/round/close",
                "/manage/account", "/manage/validation"):
        r = c.get(url)
        page = r.get_data(as_text=True)
        assert r.status_code == 200, (url, page[-2000:])
        assert _html_lang(page) == (code, CODES[code]), url
        assert 'id="language-choice"' in page    # the chooser at the page's foot
    # what is posted stays the codes, whatever the page's language
    page = c.get(f"/manage/comments/{number}").get_data(as_text=True)
    assert '<option value="rejected" selected>' in page and '<option value="(coordinator)">' in page
    r = c.post(f"/manage/comments/{number}", data={"csrf_token": field(page, "csrf_token"),
                                                   "decision": "noted", "reason": ""})
    assert r.status_code == 303
    assert register(project, "SELECT decision FROM comments WHERE id = ?", number)[0]["decision"] == "noted"


def test_without_a_cookie_the_pages_speak_the_projects_language_and_the_cookie_wins(project):
    _set_language(project, "fr")
    app = make_app(project)
    c = _coordinator(app)
    assert _html_lang(c.get("/manage/").get_data(as_text=True)) == ("fr", "ltr")
    assert _html_lang(app.test_client().get("/manage/login").get_data(as_text=True)) == ("fr", "ltr")
    c.set_cookie("uprreport_language", "ar")
    assert _html_lang(c.get("/manage/comments").get_data(as_text=True)) == ("ar", "rtl")
    c.set_cookie("uprreport_language", "en")
    page = c.get("/manage/").get_data(as_text=True)
    assert _html_lang(page) == ("en", "ltr") and "Comments by owner" in page
    # the public pages keep speaking the report's language
    assert _html_lang(c.get("/").get_data(as_text=True)) == ("fr", "ltr")


def test_the_language_form_keeps_the_choice_for_the_coordinator_pages(project):
    app = make_app(project)
    c = _coordinator(app)
    page = c.get("/manage/comments").get_data(as_text=True)
    r = c.post("/language", data={"csrf_token": field(page, "csrf_token"), "language": "ru",
                                  "next": "/manage/comments"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/manage/comments")
    assert _html_lang(c.get("/manage/comments").get_data(as_text=True)) == ("ru", "ltr")


# --- every word through the catalog, shown by a catalog that marks what it gives ---------------

class Marking:
    """A catalog that gives every message between ⟦ and ⟧, so that a word on a page outside
    them did not go through it."""

    def gettext(self, msgid: str) -> str:
        return f"⟦{msgid}⟧"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"⟦{singular if n == 1 else plural}⟧"


def _unmarked(page: str, data: list[str]) -> list[str]:
    """The words of the page's navigation and main part outside ⟦…⟧, once the data (comment
    texts, names, paragraph ids) are taken out."""
    parts = re.findall(r"(?s)<nav aria-label=.*?</nav>|<main.*?</main>", page)
    text = " ".join(parts)
    text = re.sub(r'(?s)<(textarea|code)\b.*?</\1>', " ", text)     # what the person typed, commands
    text = re.sub(r'(?s)<a href="[^"]*/files/[^"]*">.*?</a>', " ", text)   # names of files
    text = re.sub(r'(?s)<(dd|span|td)\b[^>]*\blang="[^"]*"[^>]*>.*?</\1>', " ", text)   # the report's text
    text = re.sub(r'<option value="([^"]*)"[^>]*>\1</option>', " ", text)   # names that are data (owners)
    for attr in re.findall(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"', text):
        text += f" {attr} "
    text = re.sub(r"<[^>]*>", " ", text)
    text = html.unescape(text)
    while True:
        inner = re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
        if inner == text:
            break
        text = inner
    for d in sorted(data, key=len, reverse=True):
        text = text.replace(d, " ")
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED]


def test_every_word_of_the_coordinator_pages_and_their_messages_goes_through_the_catalog(project, monkeypatch):
    from uprreport import i18n
    from uprreport.web import languages

    marking = i18n.Language("fr")
    marking._catalog = Marking()
    monkeypatch.setattr(languages, "_MADE", {"fr": marking})
    app = make_app(project)
    number = _answered_comment(project, app)
    data = ["The year is wrong.", "The Gazette says 2022.", "Ana", JUSTICE, "justice", "health", "coord",
            "Republic of Arcadia", "Arcadia", "sqlite"]
    anonymous = app.test_client()
    anonymous.set_cookie("uprreport_language", "fr")
    assert _unmarked(anonymous.get("/manage/login").get_data(as_text=True), data) == []
    c = _coordinator(app, "fr")
    for url in ("/manage/", "/manage/comments", f"/manage/comments?group={number}", f"/manage/comments/{number}",
                "/manage/round/close"):
        page = c.get(url).get_data(as_text=True)
        assert "⟦" in page and _unmarked(page, data) == [], url
    # the views' own words: a decision recorded, a publication refused, a reassignment, a wrong date
    page = c.get(f"/manage/comments/{number}").get_data(as_text=True)
    token = field(page, "csrf_token")
    r = c.post(f"/manage/comments/{number}/publication", data={"csrf_token": token, "hidden": "yes", "reason": ""})
    assert r.status_code == 422 and "⟦Say why the comment is hidden" in r.get_data(as_text=True)
    r = c.post(f"/manage/comments/{number}/owner", data={"csrf_token": token, "owner": "(coordinator)"})
    page = c.get(r.headers["Location"]).get_data(as_text=True)
    assert "⟦Comment {number} given to ⟦(coordinator)⟧ (was justice).⟧".format(number=number) in page
    assert _unmarked(page, data) == []
    r = c.post("/manage/round/deadline", data={"csrf_token": token, "deadline": "next week"})
    assert r.status_code == 422 and "⟦'next week' is not a date" in html.unescape(r.get_data(as_text=True))
    # a page of the validation: its messages are the validator's, in English; the rest is marked
    page = c.get("/manage/validation").get_data(as_text=True)
    assert "⟦Validation⟧" in page and ("⟦The project builds.⟧" in page or "⟦The project has errors" in page)


# --- every word of the templates inside t(...): a scan ----------------------------------------

# the message of t("...") or plural("...", "..."), and the literals of any other expression
_CALL = re.compile(r"""\b(?:t|plural)\(\s*(?P<q>["'])(?:(?!(?P=q)).)*(?P=q)"""
                   r"""(?:\s*,\s*(?P<q2>["'])(?:(?!(?P=q2)).)*(?P=q2))?""", re.S)
_LITERAL = re.compile(r"""(["'])((?:(?!\1).)*)\1""", re.S)


def untranslated(template: str) -> list[str]:
    """The words of a template a reader sees that do not go through ``t(...)``: its text and
    visible attributes outside Jinja, and the sentences of string literals inside Jinja
    expressions that are not the message of a ``t(...)`` or ``plural(...)``."""
    found: list[str] = []
    template = re.sub(r"(?s)\{#.*?#\}", " ", template)
    template = re.sub(r"\{% block body_class %\}\w*\{% endblock %\}", " ", template)   # a class name

    def code(m):
        expr = _CALL.sub(" ", m.group(0))
        for _q, literal in _LITERAL.findall(expr):
            if " " in literal.strip() and re.search(r"[A-Za-z]{2,}", literal) and literal not in ALLOWED_LITERALS \
                    and not literal.lstrip().startswith("<"):
                found.append(literal)
            elif re.fullmatch(r"\(.*\)", literal.strip()):    # "(not given)", "(open)"
                found.append(literal)
        return " "

    text = re.sub(r"(?s)\{\{.*?\}\}|\{%.*?%\}", code, template)
    visible = re.findall(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"', text)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"&\w+;|&#\d+;", " ", text)
    for chunk in [text, *visible]:
        found += [w for w in re.findall(r"[A-Za-z]{2,}", chunk) if w not in ALLOWED]
    return found


@pytest.mark.parametrize("path", MANAGE, ids=lambda p: p.name)
def test_every_word_of_the_coordinator_templates_is_translated(path):
    assert untranslated(path.read_text(encoding="utf-8")) == []


def test_the_scan_finds_a_word_left_out():
    assert untranslated('<h1>{{ t("Comments") }}</h1><p>Nothing here.</p>') == ["Nothing", "here"]
    assert untranslated('<nav aria-label="Coordinator pages">{{ t("Round") }}</nav>') == ["Coordinator", "pages"]
    assert untranslated('<td>{{ c.reviewer or "(not given)" }}</td>') == ["(not given)"]
    assert untranslated('<td>{{ h.what }}{% if x %} (round {{ h.round }}){% endif %}</td>') == ["round"]
    assert untranslated('{{ t("Round {n}", n=1) }} {{ plural("{n} comment", "{n} comments", 2) }} '
                        '{# a note #} PDF {{ url_for("manage.comments", state="assigned") }}') == []
