"""``report.yaml``: what report this project makes, for which State and review."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from uprreport.model import dates

_SYMBOLS = {
    "symbol": (r"^A/HRC/WG\.6/\d+/[A-Z]{3}/\d$", "a UPR document symbol; write it as A/HRC/WG.6/48/ARC/1"),
    "previous_review": (r"^A/HRC/\d+/\d+$", "a Working Group report symbol; write it as A/HRC/43/9"),
}
LANGUAGES = {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic", "ru": "Russian", "zh": "Chinese"}


class Theme(BaseModel):
    """A theme of the follow-up section; fragments and recommendations refer to its key."""

    model_config = ConfigDict(extra="forbid")
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="short key, lower case, e.g. 'health'")
    title: str = Field(min_length=1, description="sub-heading shown in the report")


class Limits(BaseModel):
    """Overrides of the report kind's limits (see the profile for defaults)."""

    model_config = ConfigDict(extra="forbid")
    words: int | None = Field(None, gt=0)
    pages: int | None = Field(None, gt=0)


class Organisation(BaseModel):
    """The author of a submission or report: an NGO, a coalition, an NHRI, a ministry."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str = Field(min_length=1)
    acronym: str | None = None
    article: Literal["le", "la", "l'", "l’", "les"] | None = Field(
        None, description="French reports: the article its name takes in a sentence (le Médiateur, la Commission, "
                          "l'Institution, les Amis de…); without it the name stands as written")
    description: str | None = Field(None, description="one or two sentences on who it is")
    website: str | None = None
    email: str | None = None


# A generated block ("contributors"), or one of its paragraphs ("contributors/p2"), as the
# paragraph ids of model/ids.py name them; "generated/contributors/p2" is read the same.
GENERATED_KEY = re.compile(r"^(?:generated/)?[a-z][a-z0-9_.-]*(?:/p[1-9][0-9]*)?$")


def _or_text(schema: dict) -> None:
    """In the JSON schema, a replacement may also be written as its text alone."""
    written = dict(schema)
    schema.clear()
    schema.update(title=written.pop("title", "Replacement"), description=written.pop("description", ""),
                  anyOf=[{"type": "string", "description": "the text; empty removes the paragraph (or block)"},
                         written])


class Replacement(BaseModel):
    """The drafter's own text for a generated block or paragraph (docs/generated-text.md)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_or_text)
    text: str | None = Field(None, description="the text; empty removes the paragraph (or block)")
    file: str | None = Field(None, description="or a plain-text file in the project holding it, "
                                               "e.g. generated/contributors.txt")
    replaces: str | None = Field(None, pattern=r"^[0-9a-f]{12}$",
                                 description="fingerprint of the generated text it replaces (validate prints it), "
                                             "so that validate says when that text changes")
    translations: dict[str, str] = Field(default_factory=dict,
                                         description="the text in other languages, for `build --language`")

    @model_validator(mode="before")
    @classmethod
    def _text_alone(cls, v):
        return {"text": v} if isinstance(v, str) else v

    @field_validator("replaces", mode="before")
    @classmethod
    def _fingerprint(cls, v):
        """A fingerprint of digits only, written without quotes, is a number to YAML: read it back."""
        return f"{v:012d}" if isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 10 ** 12 else v

    @model_validator(mode="after")
    def _one_source(self):
        if (self.text is None) == (self.file is None):
            raise ValueError("give the replacement's 'text' or its 'file' (one of them)")
        return self


class Consultation(BaseModel):
    """The public consultation's own words (``uprreport serve``: the page /about), written in the
    report's language; each replaces a default the pages give in the six languages."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    organiser: str | None = Field(None, description="who runs the consultation (default: the author's name, else "
                                                    "the State under review)")
    about: str | None = Field(None, description="what this consultation is for, in place of the default paragraphs "
                                                "on the UPR (a blank line parts paragraphs)")
    privacy: str | None = Field(None, description="the privacy notice, in place of the default one (what is kept, "
                                                  "who sees it, how long it is kept)")
    contact: str | None = Field(None, description="whom to write to about a comment or personal data: an e-mail "
                                                  "address, a postal address or a web page (default: the author's "
                                                  "e-mail)")


class Manifest(BaseModel):
    """The project manifest. Unknown keys are refused so that typos are caught."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)

    kind: str = Field(description="report kind: national (more kinds come as profiles)")
    name: str | None = Field(None, pattern=r"^[A-Za-z0-9._-]+$",
                             description="base name of the output files; defaults to the folder name")
    state: str = Field(min_length=1, description="State under review, e.g. 'Republic of Arcadia'")
    iso3: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code, e.g. ARC")
    cycle: int = Field(ge=1, le=9)
    wg_session: int = Field(ge=1, le=199, description="Working Group session number")
    symbol: str | None = Field(None, description="document symbol, e.g. A/HRC/WG.6/48/ARC/1 (national reports)")
    previous_review: str = Field(description="symbol of the Working Group report whose recommendations are followed up, e.g. A/HRC/43/9")
    language: str = Field("en", description="one of the six UN languages: en fr es ar ru zh")
    date: dt.date = Field(description="date shown on the cover")
    session_start: dt.date | None = None
    session_end: dt.date | None = None
    session_place: str = "Geneva"
    title: str | None = Field(None, description="overrides the kind's standard title")
    author: Organisation | None = Field(None, description="who submits: the organisation, coalition or NHRI")
    members: str | None = Field(None, description="joint submissions: path of the members table (CSV or XLSX)")
    accreditation: Literal["A", "B"] | None = Field(
        None, description="NHRIs: accreditation status under the Paris Principles")
    keywords: list[str] = Field(default_factory=list, description="key words printed under the summary")
    register_file: str = Field("recommendations.csv", alias="register",
                               description="path of the recommendations register (CSV, XLSX, YAML or JSON)")
    assignments_file: str = Field("assignments.csv", alias="assignments",
                                  description="path of the lead and supporting bodies of recommendations (CSV or XLSX)")
    themes: list[Theme] = Field(default_factory=list)
    theme_map: dict[str, str] = Field(
        default_factory=dict,
        description="the register's themes (OHCHR's titles or keys) -> the theme they are reported under "
                    "(a key of 'themes:', or a title), to group OHCHR's themes into the report's own chapters")
    outline: dict[str, str] = Field(default_factory=dict, description="section key -> title override")
    limits: Limits = Field(default_factory=Limits)
    matrix_group: Literal["theme", "sdg", "affected_persons", "body", "mechanism"] = Field(
        "theme", description="how the annexed matrix is grouped")
    budgets: dict[str, int] = Field(
        default_factory=dict, description="word budgets: contribution folder, contributor name or section key -> words")
    status_vocabulary: list[str] | None = Field(None, description="allowed implementation statuses")
    suppress: list[str] = Field(default_factory=list, description="diagnostic codes not to report")
    import_terms: dict[str, dict] = Field(
        default_factory=dict,
        description="words of a list to import in a language or wording uprreport does not know: "
                    "'columns: {position: [Stellungnahme]}', 'positions: {Angenommen: supported}'")
    template: str | None = Field(
        None, description="the Word template to build with, a path in the project (e.g. templates/our-style.docx); "
                          "write one to restyle with `uprreport template export`")
    toc: bool | None = Field(None, description="a table of contents after the cover (default: as the kind has it)")
    comment_period_days: int = Field(30, ge=1, le=365, description="comment rounds: days reviewers have to comment")
    tracked_changes: Literal["accept", "refuse"] = Field(
        "accept", description="Word fragments with tracked changes: accept them (with a warning) or refuse the file")
    unreported: Literal["table", "entries", "omit"] = Field(
        "table", description="mid-term reports: recommendations with no reported status appear in one table per "
                             "theme (table), as full entries (entries), or not in the themes (omit); the summary "
                             "figures always count them")
    repeated: bool = Field(
        False, description="mid-term reports and submissions (not national reports): an annex of the recommendations "
                           "received again from an earlier cycle (links.csv, docs/linking.md), by theme and "
                           "implementation status, with a chart")
    generated: dict[str, Replacement] = Field(
        default_factory=dict,
        description="the drafter's text in place of a generated block or paragraph, e.g. 'contributors/p2: "
                    "The Ministry of Health contributed text.' (empty removes it), or '{file: ..., replaces: "
                    "<fingerprint>}' (docs/generated-text.md)")
    styles: dict[str, str] = Field(
        default_factory=dict,
        description="contributors' Word paragraph styles -> template style (e.g. 'MoH Body: Body Text')")
    consultation: Consultation = Field(
        default_factory=Consultation,
        description="the web consultation's page about itself: organiser, about, privacy, contact (docs/web.md)")

    @field_validator("symbol", "previous_review")
    @classmethod
    def _symbols(cls, v: str | None, info) -> str | None:
        pattern, what = _SYMBOLS[info.field_name]
        if v is not None and not re.match(pattern, v):
            raise ValueError(f"'{v}' is not {what}")
        return v

    @field_validator("date", "session_start", "session_end", mode="before")
    @classmethod
    def _dates(cls, v):
        return None if v is None else dates.parse(v)

    @field_validator("generated")
    @classmethod
    def _generated(cls, v: dict) -> dict:
        for key in v:
            if not GENERATED_KEY.match(key):
                raise ValueError(f"'{key}' names no generated text; write a block's name (contributors) or one "
                                 f"of its paragraphs (contributors/p2), as docs/generated-text.md lists them")
        return v

    @model_validator(mode="after")
    def _repeated_not_national(self):
        if self.repeated and self.kind == "national":
            raise ValueError("'repeated: true' is for mid-term reports and submissions; a national report's matrix "
                             "already says which recommendations were received in an earlier cycle: remove it")
        return self

    @field_validator("language")
    @classmethod
    def _language(cls, v: str) -> str:
        if v not in LANGUAGES:
            raise ValueError(f"'{v}' is not a UN language code; use one of {', '.join(LANGUAGES)}")
        return v

    def theme_titles(self) -> dict[str, str]:
        return {t.key: t.title for t in self.themes}
