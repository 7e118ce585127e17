"""Which language a page speaks, and the form that lets a signed-in person choose theirs.

The public consultation pages speak the report's language, always: they are the report's.
The pages of the people who run the work (a project's coordinator pages, the workspace's)
speak, in this order:

1. the language the person chose with the form in the page's header (a cookie, kept a year,
   which every application of the same server reads: one choice for the workspace and the
   projects' pages);
2. on a project's pages, the project's language (``language:`` of its report.yaml);
3. on the workspace's own pages, the browser's preferred language among the six;
4. English.

Messages that come from the service layer (api) as errors stay English (docs/languages.md).
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request

from uprreport import i18n
from uprreport.web.security import local_path

COOKIE = "uprreport_language"
MAX_AGE = 365 * 24 * 3600
CODES = tuple(i18n.CLDR)        # the six UN languages

blueprint = Blueprint("language", __name__)


def _chosen() -> str | None:
    code = request.cookies.get(COOKIE, "")
    return code if code in CODES else None


def words() -> i18n.Language:
    """The language of the page being made (module docstring), in a template as ``t`` and in a
    view as ``t = words()``: ``t("Saved.")``, ``t("Round {n}", n=3)``,
    ``t.plural("{n} comment", "{n} comments", n)``."""
    key = "uprreport.words"
    if key not in request.environ:
        request.environ[key] = _words()
    return request.environ[key]


def _words() -> i18n.Language:
    site = current_app.extensions.get("uprreport")
    if site is not None:           # a project's own application: public pages or coordinator pages
        if request.blueprint in ("public", None):
            return site.language
        return _pick(site.language.code)
    default = None                 # the workspace: a project's pages default to the project's language
    if request.blueprint == "project" and request.view_args and "project" in request.view_args:
        from uprreport.api import workspace as ws

        root = current_app.extensions["uprreport-workspace"].root
        path = ws.project_path(root, request.view_args["project"])
        default = ws.language_of(path) if path is not None else None
    return _pick(default)


def _pick(default: str | None) -> i18n.Language:
    code = _chosen() or (default if default in CODES else None) \
        or request.accept_languages.best_match(CODES) or "en"
    return language(code)


def language(code: str) -> i18n.Language:
    """The Language of ``code``, made once per process (its catalog is compiled once anyway)."""
    made = _MADE.get(code)
    if made is None:
        made = _MADE.setdefault(code, i18n.Language(code))
    return made


_MADE: dict[str, i18n.Language] = {}


def choices() -> list[tuple[str, str]]:
    """(code, the language's name in itself, from CLDR) for the chooser."""
    from babel import Locale

    out = []
    for code in CODES:
        name = Locale.parse(i18n.CLDR[code]).language_name or code
        out.append((code, name[:1].upper() + name[1:]))
    return out


@blueprint.post("/language")
def choose():
    """Keep the language chosen (a form with the CSRF token, as every form) and go back."""
    code = request.form.get("language", "")
    back = request.form.get("next", "")
    root = request.script_root or ""
    response = redirect(back if local_path(back) else f"{root}/", 303)
    if code in CODES:
        site = current_app.extensions.get("uprreport-workspace") or current_app.extensions.get("uprreport")
        secure = bool(getattr(getattr(site, "settings", None), "secure_cookies", False))
        response.set_cookie(COOKIE, code, max_age=MAX_AGE, path="/", secure=secure, httponly=True, samesite="Lax")
    return response
