"""Located, coded diagnostics: the one way every stage reports a problem."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: a file, plus a line/column (text) or a row (spreadsheets).

    ``path`` is shown relative to the project root when possible. ``row`` counts as
    Excel does: the header is row 1, the first data row is row 2.
    """

    path: str = ""
    line: int | None = None
    col: int | None = None
    row: int | None = None
    field: str | None = None
    sheet: str | None = None      # the worksheet, in a workbook of several

    def __str__(self) -> str:
        out = self.path or "<project>"
        if self.sheet:
            out += f" [sheet {self.sheet}]"
        if self.row is not None:
            out += f":row {self.row}"
        elif self.line is not None:
            out += f":{self.line}"
            if self.col is not None:
                out += f":{self.col}"
        return out

    def to_dict(self) -> dict:
        return {k: v for k, v in (("path", self.path), ("sheet", self.sheet), ("line", self.line), ("col", self.col),
                                  ("row", self.row), ("field", self.field)) if v is not None}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    location: Location
    message: str

    def render(self) -> str:
        return f"{self.location}: {self.severity.value} [{self.code}] {self.message}"

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity.value,
                "location": self.location.to_dict(), "message": self.message}


# The catalogue: every code the tool can emit, with its default severity and a one-line
# description (shown by `uprreport codes`). Codes are stable: tests and manifests'
# `suppress:` lists refer to them.
CATALOGUE: dict[str, tuple[Severity, str]] = {
    # files and syntax
    "file-missing": (Severity.ERROR, "a file the project needs does not exist"),
    "file-unreadable": (Severity.ERROR, "a file could not be read (encoding, permissions, damaged)"),
    "yaml-syntax": (Severity.ERROR, "a YAML file is not valid YAML"),
    "json-syntax": (Severity.ERROR, "a JSON file is not valid JSON"),
    "csv-syntax": (Severity.ERROR, "a CSV file is malformed"),
    "xlsx-unreadable": (Severity.ERROR, "an Excel file could not be opened"),
    "file-refused": (Severity.ERROR, "a file is refused as unsafe or unreadable (zip bomb, macros, encrypted, too large)"),
    "package-warning": (Severity.WARNING, "parts of a Word or Excel file are ignored (embedded objects, outside links)"),
    "csv-encoding": (Severity.WARNING, "a CSV file is not UTF-8 and was read as Windows-1252, Latin-1 or Mac Roman "
                                       "(the one whose accented letters read as words)"),
    "table-missing-column": (Severity.ERROR, "a spreadsheet lacks a required column"),
    "table-unknown-column": (Severity.WARNING, "a spreadsheet has a column uprreport does not use"),
    "front-matter": (Severity.ERROR, "a narrative fragment's front matter is missing or invalid"),
    "fragment-empty": (Severity.WARNING, "a narrative fragment has no text"),
    "fragment-nesting": (Severity.ERROR, "a narrative fragment nests lists, quotes, tables or brackets too deeply to be read"),
    "fragment-format": (Severity.WARNING, "a file in a contribution folder is of a kind uprreport does not read"),
    "fragment-revisions": (Severity.WARNING, "a Word fragment has tracked changes (accepted, or refused by the manifest)"),
    "fragment-comments": (Severity.WARNING, "a Word fragment has comments, which are not carried into the report"),
    "fragment-adapted": (Severity.WARNING, "part of a Word fragment is carried in another form (text boxes, check boxes)"),
    "fragment-loss": (Severity.WARNING, "part of a Word fragment is not carried into the report (headers, charts, pictures in notes)"),
    "style-unknown": (Severity.WARNING, "a Word fragment uses a paragraph style the report does not have"),
    "image-missing": (Severity.WARNING, "an image of a fragment could not be read"),
    "font-missing": (Severity.WARNING, "the text holds characters that no installed font has (the PDF would show boxes)"),
    "template-invalid": (Severity.ERROR, "the Word template cannot be used (no {{ body }} paragraph, broken fields)"),
    "template-style-missing": (Severity.WARNING, "the Word template lacks a style the report uses; Normal is used instead"),
    # schema (pydantic) problems
    "field-missing": (Severity.ERROR, "a required field is missing"),
    "field-invalid": (Severity.ERROR, "a field has a value of the wrong form"),
    "field-unknown": (Severity.ERROR, "a field name is not one uprreport knows (often a typo)"),
    # recommendations register
    "rec-id-invalid": (Severity.ERROR, "a recommendation id is not of the form paragraph.index (e.g. 140.7)"),
    "id-as-number": (Severity.ERROR, "a recommendation id is a number in Excel, which may have dropped a trailing zero"),
    "rec-duplicate": (Severity.ERROR, "two register rows have the same recommendation id"),
    "rec-unknown": (Severity.ERROR, "a contribution refers to a recommendation that is not in the register"),
    "position-invalid": (Severity.ERROR, "a recommendation's position is not one of the allowed values"),
    "status-invalid": (Severity.ERROR, "an implementation status is not one of the allowed values"),
    "register-empty": (Severity.ERROR, "the recommendations register has no rows"),
    # project structure
    "section-unknown": (Severity.ERROR, "a fragment or contributor names an outline section that does not exist"),
    "theme-unknown": (Severity.ERROR, "a fragment names a theme the manifest does not declare"),
    "section-not-owned": (Severity.ERROR, "a contributor writes into a section it does not own"),
    "contributor-duplicate": (Severity.ERROR, "two contributions declare the same name"),
    "member-duplicate": (Severity.ERROR, "a coalition member is listed twice"),
    "citation-unknown": (Severity.ERROR, "the text cites a recommendation that is not in the register"),
    "pasted-control": (Severity.WARNING, "the text holds control characters (pasted from a PDF): a form feed breaks "
                                         "the page, the others are left out"),
    "import-layout": (Severity.WARNING, "part of an imported file is not laid out as expected and was not read"),
    "import-symbol": (Severity.WARNING, "an imported list is of another Working Group report than report.yaml follows up"),
    "import-unmatched": (Severity.WARNING, "an imported row matches no recommendation of the register"),
    "import-cycle-absent": (Severity.WARNING, "an export's rows are of an earlier cycle the register does not hold"),
    "import-cycle-later": (Severity.WARNING, "an export's rows are of a later cycle than the project follows up"),
    "assignment-invalid": (Severity.ERROR, "a row of assignments.csv names no recommendation or no body"),
    "link-invalid": (Severity.WARNING, "a row of links.csv names no recommendation of the register, or has a wrong "
                                       "relation, score or confirmed; it is left out"),
    "link-duplicate": (Severity.WARNING, "links.csv links the same two recommendations twice; the second row is left out"),
    "repeated-none": (Severity.WARNING, "report.yaml asks for the annex of repeated recommendations, but no link "
                                        "of links.csv is shown: there is no annex"),
    "state-unknown": (Severity.WARNING, "a name where a recommending State is expected is no State uprreport knows"),
    "decision-invalid": (Severity.ERROR, "a response worksheet row has a decision that cannot be recorded"),
    "not-approved": (Severity.ERROR, "a final build while a body has not approved its latest text"),
    "approval-unsigned": (Severity.WARNING, "an approval form came back without a name; nothing was recorded"),
    "approval-stale": (Severity.WARNING, "an approval form was signed for a text that has changed since"),
    "pack-empty": (Severity.WARNING, "a returned Word file has no text under any heading; nothing was taken from it"),
    "pack-text-added": (Severity.WARNING, "returned text was added after text the body already had for that section"),
    "pack-repeated": (Severity.INFO, "a returned file is one already taken in, byte for byte: nothing changes"),
    "status-missing": (Severity.WARNING, "a returned workbook row has an answer but no status, and was not taken"),
    "pack-locked-changed": (Severity.WARNING, "a returned workbook changed a locked (grey) column; the change is not "
                                              "taken, the rest of the row is"),
    "cell-formula": (Severity.WARNING, "a spreadsheet cell holds a formula (often text typed with '=' first): its "
                                       "saved value, or else its text, is read"),
    "record-unreadable": (Severity.WARNING, "a record uprreport keeps (requests/register.json, approvals.json) is damaged; what it holds is not shown"),
    "email-charset": (Severity.WARNING, "an e-mail names a character set that is not known; its text was read as UTF-8 or Windows-1252"),
    "cell-cut": (Severity.WARNING, "a text longer than an Excel cell holds was cut at a word and marked"),
    "redline-failed": (Severity.WARNING, "the redline of the next draft could not be made"),
    "untracked-unchecked": (Severity.WARNING, "a returned Word copy could not be compared with the round's review "
                                              "copy (another draft, not the review copy, or the copy is missing): "
                                              "edits made without Track Changes were not looked for"),
    "no-contributions": (Severity.ERROR, "the project has no contributions folder or it is empty"),
    "section-empty": (Severity.WARNING, "an outline section has no text and is left out of the report"),
    "rec-not-addressed": (Severity.WARNING, "supported recommendations that no contribution addresses"),
    "not-returned": (Severity.WARNING, "a final build while bodies asked for input have returned nothing"),
    "generated-replaced": (Severity.INFO, "a generated paragraph is replaced by the drafter's text (report.yaml generated:)"),
    "generated-stale": (Severity.WARNING, "the generated text a replacement replaces has changed since it was written"),
    "generated-unknown": (Severity.WARNING, "report.yaml generated: names a paragraph the report does not generate; its text is not used"),
    # translations
    "translation-missing": (Severity.WARNING, "a paragraph or a text of a translated build has no translation yet"),
    "translation-stale": (Severity.WARNING, "paragraphs changed since they were translated"),
    "translation-invalid": (Severity.ERROR, "a translation's tags do not pair up, or its paragraph id is unknown"),
    # limits
    "over-limit": (Severity.ERROR, "the report has more words than its kind allows"),
    "over-page-limit": (Severity.ERROR, "the rendered text has more pages than its kind allows"),
    "over-budget": (Severity.ERROR, "a contributor or section has more words than its budget"),
    "budget-unknown": (Severity.ERROR, "a budget names no contribution, contributor or section"),
    "limit-info": (Severity.INFO, "length of the report against its limit"),
}


def make(code: str, location: Location, message: str, severity: Severity | None = None) -> Diagnostic:
    """Return a diagnostic for a catalogued ``code`` (default severity unless given)."""
    default, _ = CATALOGUE[code]
    return Diagnostic(code, severity or default, location, message)


@dataclass
class Report:
    """Diagnostics collected by a run, in the order they were found."""

    items: list[Diagnostic] = field(default_factory=list)
    suppressed: frozenset[str] = frozenset()
    first: tuple[str, ...] = ()   # files whose problems cause others' (manifest, register): listed first

    def add(self, diag: Diagnostic) -> None:
        if diag.code not in self.suppressed:
            self.items.append(diag)

    def extend(self, diags) -> None:
        for d in diags:
            self.add(d)

    def emit(self, code: str, location: Location, message: str, severity: Severity | None = None) -> None:
        self.add(make(code, location, message, severity))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        """By file (causes first: see ``first``), errors before warnings, then by place."""
        order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        rank = {path: i for i, path in enumerate(self.first)}
        return sorted(self.items, key=lambda d: (rank.get(d.location.path, len(rank)), d.location.path,
                                                 order[d.severity], d.location.row or d.location.line or 0))


def did_you_mean(word: str, choices, cutoff: float = 0.6) -> str:
    """"did you mean 'roma'? " when ``word`` looks like a misspelling of one of ``choices``."""
    import difflib

    lower = {str(c).lower(): str(c) for c in choices}
    near = difflib.get_close_matches(str(word).lower(), list(lower), n=1, cutoff=cutoff)
    return f"did you mean '{lower[near[0]]}'? " if near else ""


def listing(choices, most: int = 12) -> str:
    """'a, b, c' — or the first ``most`` and how many more, so a message stays readable."""
    items = [str(c) for c in choices]
    if len(items) <= most:
        return ", ".join(items) or "none"
    return ", ".join(items[:most]) + f" and {len(items) - most} more"


def rel(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` as a forward-slash string, or as given if outside it."""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


def to_json(diags: list[Diagnostic], **extra) -> dict:
    """The diagnostics as the CLI's ``--format json`` prints them, with ``extra`` fields first."""
    return {**extra, "diagnostics": [d.to_dict() for d in diags],
            "errors": sum(d.severity is Severity.ERROR for d in diags),
            "warnings": sum(d.severity is Severity.WARNING for d in diags)}
