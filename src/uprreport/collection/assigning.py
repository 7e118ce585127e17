"""Give recommendations to bodies: ``assign``, ``themes``, and the assignments workbook.

A recommendation's lead and supporting bodies are kept in the project's ``assignments.csv``
(model/assignment.py); those it does not list fall to their themes' owners (the one rule,
transforms/responsibility.py). ``assign`` selects recommendations by id and range
(``140.1-140.20``), theme, recommending State or words of the text, and writes the file
atomically; the workbook of ``export assignments`` carries one row per recommendation with
the bodies as drop-down lists, and ``import assignments`` brings it back, all or nothing,
writing only what differs from the theme owners' default. docs/assignment.md tells more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Severity, make
from uprreport import i18n
from uprreport.errors import UprError, UsageError
from uprreport.i18n import N_
from uprreport.model import states
from uprreport.model.assignment import ASSIGNED, Responsibility
from uprreport.model.ids import compress
from uprreport.model.register import split_list
from uprreport.readers import assignments as reader
from uprreport.transforms import responsibility
from uprreport.writers import table as table_writer

COLUMNS = ["id", "lead", "support"]
_RANGE = re.compile(r"^(\d{1,4})\.(\d{1,4})\s*[-–]\s*(?:(\d{1,4})\.)?(\d{1,4})$")


def load(root: Path, writing: bool = False):
    """The project, read and prepared. When the command will write the assignments file
    (``writing``), a file with rows that cannot be read as written is refused: they would
    be lost."""
    from uprreport import pipeline

    project, report = pipeline.check(Path(root))
    if project.profile is None:
        raise UprError("the project's manifest has errors", diagnostics=report.sorted())
    _path_, shown = _path(project)
    bad = [d for d in report.sorted() if d.code == "assignment-invalid"
           or (d.location.path == shown and d.severity is Severity.ERROR)]
    if writing and bad:
        raise UprError(f"{shown} has rows that cannot be read; nothing was changed", diagnostics=bad,
                       hint=f"correct {shown} as said above, then run the command again")
    return project


def _path(project) -> tuple[Path, str]:
    name = getattr(project.manifest, "assignments_file", None) or "assignments.csv"
    return project.root / name, name


# choosing recommendations ------------------------------------------------------------------
def select(project, ids=(), theme: str | None = None, state: str | None = None, text: str | None = None) -> list[str]:
    """The ids of the register's recommendations that meet every criterion given: ids and
    ranges ("140.1-140.20"), a theme (key or title), a recommending State (any spelling), a
    pattern of the text (a regular expression, case ignored)."""
    recs = sorted(project.recommendations, key=lambda r: r.sort_key())
    known = {r.id for r in recs}
    chosen: list[str] | None = None
    if ids:
        wanted, unknown = _ids(ids, recs)
        odd = [t for t in unknown if (m := _RANGE.match(t)) and ((m.group(3) or m.group(1)) != m.group(1)
                                                                   or int(m.group(4)) < int(m.group(2)))]
        if odd:
            raise UsageError(f"{', '.join(odd)}: a range runs from the lower number to the higher, within one "
                             "paragraph (140.7-140.20); give two ranges for two paragraphs (140.250-140.262 141.1-141.3)")
        missing = [i for i in wanted if i not in known] + unknown
        if missing:
            raise UsageError(f"not in the register: {', '.join(missing[:10])}{' …' if len(missing) > 10 else ''}",
                             hint="write ids as in the register (140.7) and ranges as 140.1-140.20")
        chosen = wanted
    if theme is not None:
        keys = {t.key.lower(): t.key for t in project.themes} | {" ".join(t.title.split()).lower(): t.key
                                                                 for t in project.themes}
        key = keys.get(" ".join(theme.split()).lower())
        if key is None:
            raise UsageError(f"'{theme}' is no theme of the report",
                             hint="`uprreport themes PROJECT` lists the theme keys and titles")
        chosen = _meet(chosen, [r.id for r in recs if key in r.themes])
    if state is not None:
        code = states.key(state)
        if states.resolve(state) is None and not any(states.key(s) == code for r in recs for s in r.states):
            near = states.closest(state)
            raise UsageError(f"'{state}' is no State uprreport knows" + (f"; did you mean {' or '.join(near)}?"
                                                                          if near else ""))
        chosen = _meet(chosen, [r.id for r in recs if any(states.key(s) == code for s in r.states)])
    if text is not None:
        if not text.strip():
            raise UsageError("--text is empty: give the words the recommendations hold")
        try:
            pattern = re.compile(text, re.I)
        except re.error as exc:
            raise UsageError(f"--text '{text}' is not a pattern uprreport can read ({exc})",
                             hint="give plain words, or escape signs such as ( ) [ ] with a backslash") from None
        chosen = _meet(chosen, [r.id for r in recs if pattern.search(r.text)])
    if chosen is None:
        raise UsageError("say which recommendations: give ids or ranges, or --theme, --state or --text")
    if not chosen:
        raise UprError("no recommendation of the register meets all the criteria given; nothing was changed",
                       hint="`uprreport themes PROJECT` lists the themes; --state takes any spelling of a State")
    return chosen


def _meet(chosen: list[str] | None, these: list[str]) -> list[str]:
    return these if chosen is None else [i for i in chosen if i in set(these)]


def _ids(tokens, recs) -> tuple[list[str], list[str]]:
    """Ids and ranges expanded in register order; tokens that are neither, as given."""
    out, bad = [], []
    for token in (t for part in tokens for t in re.split(r"[\s,;]+", str(part)) if t):
        m = _RANGE.match(token)
        if m:
            para, start, para_end, end = m.group(1), int(m.group(2)), m.group(3) or m.group(1), int(m.group(4))
            if para_end != para or end < start:
                bad.append(token)
                continue
            inside = [r.id for r in recs if r.id.split(".")[0] == para and "." in r.id
                      and r.id.split(".")[1].isdigit() and start <= int(r.id.split(".")[1]) <= end]
            if not inside:
                bad.append(token)
            out.extend(i for i in inside if i not in out)
        elif token not in out:
            out.append(token)
    return out, bad


# assigning ---------------------------------------------------------------------------------
@dataclass
class Assigned:
    body: str                       # the body's name
    role: str                       # "lead", "support" or "removed"
    path: Path
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    leaderless: list[str] = field(default_factory=list)   # supported ones left with no lead body

    @property
    def ranges(self) -> str:
        return compress(self.changed)

    @property
    def leaderless_ranges(self) -> str:
        return compress(self.leaderless)


# More new lead bodies than this at once is asked again (``yes``): a pattern such as "c++"
# matches nearly every text and would move every lead.
MANY = 50


def assign(root: Path, body: str, ids=(), theme=None, state=None, text=None, support: bool = False,
           remove: bool = False, yes: bool = False) -> Assigned:
    """Give the chosen recommendations to ``body``: as lead (the default), as a supporting body
    (``support``), or take them from it (``remove``). More than ``MANY`` new leads at once
    need ``yes``; the file as it was is kept under .history/."""
    project = load(root, writing=True)
    names = reader.body_names(project.contributions)
    slug = reader.body(body, names)
    if slug is None:
        raise UsageError(reader.unknown_body(body, names))
    chosen = select(project, ids, theme, state, text)
    who = responsibility.rule(project)
    path, _shown = _path(project)
    display = {c.slug: c.display_name for c in project.contributions}
    result = Assigned(display.get(slug, slug), "removed" if remove else "support" if support else "lead", path)
    rows = _explicit(project)
    known = project.recommendation_map()
    for rec_id in chosen:
        now = who[rec_id]
        lead, helpers = now.lead, [s for s in now.support]
        if remove:
            if slug not in now.bodies:   # the body never had it: nothing to take
                result.unchanged.append(rec_id)
                continue
            lead = None if lead == slug else lead
            helpers = [s for s in helpers if s != slug]
        elif support:
            if slug != lead and slug not in helpers:
                helpers.append(slug)
        else:
            lead, helpers = slug, [s for s in helpers if s != slug]
        after = Responsibility(lead, tuple(helpers), ASSIGNED)
        if after.lead == now.lead and after.support == now.support and now.how == ASSIGNED:
            result.unchanged.append(rec_id)
            continue
        rows[rec_id] = after
        result.changed.append(rec_id)
        if now.lead and after.lead is None and known[rec_id].position.answered:
            result.leaderless.append(rec_id)
    moved = [i for i in result.changed if who[i].lead and rows[i].lead != who[i].lead]
    if len(moved) > MANY and not yes:
        raise UsageError(f"this would give {len(moved)} recommendations another lead body; nothing was changed",
                         hint="check the ids, --theme, --state or --text, and add --yes to go ahead")
    if result.changed:
        _write(project, rows, result.changed)
    return result


def _explicit(project) -> dict[str, Responsibility]:
    return {i: Responsibility(a.lead, tuple(a.support), ASSIGNED) for i, a in project.assignments.items()}


def _write(project, rows: dict[str, Responsibility], changed: list[str]) -> list[Diagnostic]:
    """Write the assignments file: the rows of ``changed`` as given (bodies by folder name),
    every other row and every column of the drafter's own (notes) as they were written. The
    file as it was is kept under .history/ first."""
    from uprreport import importing

    path, shown = _path(project)
    columns, raw = importing.read_raw(path, shown)
    columns = list(dict.fromkeys(COLUMNS + [c for c in columns if c]))
    by_id = {str(r.get("id", "")).strip(): r for r in raw}
    for rec_id in changed:
        r = rows[rec_id]
        row = by_id.setdefault(rec_id, {"id": rec_id})
        row["lead"], row["support"] = r.lead or "", importing.cell(list(r.support))
    order = {r.id: r.sort_key() for r in project.recommendations}
    out = sorted(by_id.values(), key=lambda r: order.get(str(r.get("id", "")).strip(), (9, 0, 0, str(r.get("id")))))
    if path.exists():
        _keep(path)
    return table_writer.write(path, columns, out)


def _keep(path: Path) -> Path:
    """A copy of the assignments file as it was, under .history/ beside it (an undo)."""
    import datetime as dt
    import shutil

    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
    kept = path.parent / ".history" / f"{path.stem}-{stamp}{path.suffix}"
    kept.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(path, kept)
    return kept


# the themes --------------------------------------------------------------------------------
@dataclass
class ThemeRow:
    key: str
    title: str
    recommendations: int            # in the register, any of their themes
    first: int                      # whose first theme it is (where the annex places them)
    owners: list[str]               # bodies whose sections own it (names)
    leads: dict[str, int]           # body name -> recommendations of the theme it leads


def themes(root: Path) -> list[ThemeRow]:
    """Every theme of the report: key, title, how many recommendations, who owns and leads them
    (refused while the assignments file has rows that cannot be read: the leads would be wrong)."""
    project = load(root, writing=True)
    display = {c.slug: c.display_name for c in project.contributions}
    owners = responsibility.theme_owners(project)
    who = responsibility.rule(project)
    out = []
    for t in project.themes:
        mine = [r for r in project.recommendations if t.key in r.themes]
        leads: dict[str, int] = {}
        for r in mine:
            lead = who[r.id].lead
            name = display.get(lead, lead) if lead else "(nobody)"
            leads[name] = leads.get(name, 0) + 1
        out.append(ThemeRow(t.key, t.title, len(mine), sum(1 for r in mine if r.themes[:1] == [t.key]),
                            [display.get(o, o) for o in owners.get(t.key, [])], leads))
    return out


# the workbook ------------------------------------------------------------------------------
WORKBOOK = ["id", "text", "states", "themes", "lead", "support", "by"]
# The workbook's first sheet, in the report's language (the column names stay as the import reads them)
INSTRUCTIONS = [
    N_("Who answers for each recommendation"),
    "",
    N_("One row per recommendation of the register. Choose the lead body in the 'lead' column from its list;"),
    N_("write supporting bodies in the 'support' column, separated by semicolons (;)."),
    N_("'by' says how the row's bodies were given: 'assigned' (by hand) or 'theme' (the owners of its themes)."),
    N_("Leave a row as it is to keep it so. Do not change the grey columns."),
    N_("Then: uprreport import assignments THIS-FILE -p PROJECT"),
]


def export(root: Path, out: Path) -> int:
    """Write the assignments workbook (.xlsx, or .csv); returns the number of rows. A broken
    assignments file is refused: its rows would come back blank."""
    project = load(root, writing=True)
    t = i18n.of(project)
    out = Path(out)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise UsageError(f"'{out.name}' cannot be written: the assignments are exported as .xlsx (or .csv)",
                         hint=f"name it {out.stem or 'assignments'}.xlsx")
    display = {c.slug: c.display_name for c in project.contributions}
    titles = project.theme_titles()
    who = responsibility.rule(project)
    rows = []
    for r in sorted(project.recommendations, key=lambda r: r.sort_key()):
        resp = who[r.id]
        rows.append({"id": r.id, "text": r.text, "states": r.states, "themes": [titles.get(t, t) for t in r.themes],
                     "lead": display.get(resp.lead, resp.lead) if resp.lead else "",
                     "support": [display.get(s, s) for s in resp.support], "by": resp.how})
    if out.suffix.lower() == ".csv":
        table_writer.write(out, WORKBOOK, rows)
    else:
        table_writer.write_xlsx(out, WORKBOOK, rows, sheet="Assignments", widths={"text": 70, "lead": 30,
                                                                                  "support": 40, "themes": 30},
                                choices={"lead": sorted(display.values(), key=str.lower)},
                                instructions=(t(N_("Instructions")),
                                              [t(line) if line else "" for line in INSTRUCTIONS]),
                                locked=["id", "text", "states", "themes", "by"])
    return len(rows)


@dataclass
class Imported:
    path: Path
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    leaderless: list[str] = field(default_factory=list)   # supported ones left with no lead body

    @property
    def leaderless_ranges(self) -> str:
        return compress(self.leaderless)


def import_(root: Path, workbook: Path, shown: str | None = None) -> Imported:
    """Bring an edited assignments workbook back: every row checked first (located errors,
    nothing written if any); then the rows whose bodies differ from their themes' owners, or
    that were assigned before, are written to assignments.csv."""
    from uprreport.readers import tables

    project = load(root, writing=True)
    shown = shown or Path(workbook).name
    table, diags = tables.read_table(Path(workbook), shown, fits=lambda cols: {"id", "lead"} <= set(cols),
                                     formulas=True)
    if table is None:
        raise UprError(f"cannot read {shown}", diagnostics=diags)
    if not {"id", "lead"} <= set(table.columns):
        raise UprError(f"{shown} is not an assignments workbook: it has no 'id' and 'lead' columns",
                       hint="start from `uprreport export assignments -o assignments.xlsx`")
    names = reader.body_names(project.contributions)
    known = project.recommendation_map()
    owners = responsibility.theme_owners(project)
    explicit = _explicit(project)
    rows = dict(explicit)
    errors: list[Diagnostic] = []
    result = Imported(_path(project)[0])
    seen: set[str] = set()
    for n, cells in table.rows:
        rec_id = cells.get("id", "").strip()
        loc = table.at(row=n)
        if not rec_id:
            continue
        if rec_id not in known:
            errors.append(make("assignment-invalid", replace(loc, field="id"),
                               f"recommendation '{rec_id}' is not in the register; do not change the id column"))
            continue
        if rec_id in seen:
            errors.append(make("assignment-invalid", replace(loc, field="id"),
                               f"recommendation {rec_id} is listed twice; keep one row"))
            continue
        seen.add(rec_id)
        lead_name = cells.get("lead", "").strip()
        lead = reader.body(lead_name, names) if lead_name else None
        if lead_name and lead is None:
            errors.append(make("assignment-invalid", replace(loc, field="lead"),
                               "lead column: " + reader.unknown_body(lead_name, names)))
            continue
        helpers: list[str] = []
        for name in (str(v).strip() for v in split_list(cells.get("support", ""))):
            slug = reader.body(name, names)
            if slug is None:
                errors.append(make("assignment-invalid", replace(loc, field="support"),
                                   "support column: " + reader.unknown_body(name, names)))
            elif slug != lead and slug not in helpers:
                helpers.append(slug)
        given = Responsibility(lead, tuple(helpers), ASSIGNED)
        default = responsibility.by_theme(known[rec_id], owners)
        before = explicit.get(rec_id)
        if before is None and (given.lead, given.support) == (default.lead, default.support):
            result.unchanged += 1
            continue
        if before is not None and (given.lead, given.support) == (before.lead, before.support):
            result.unchanged += 1
            continue
        rows[rec_id] = given
        result.changed.append(rec_id)
        if given.lead is None and known[rec_id].position.answered:
            result.leaderless.append(rec_id)
    if errors:
        raise UprError(f"{shown} has {len(errors)} row{'s' * (len(errors) != 1)} to correct; nothing was imported",
                       diagnostics=diags + errors, hint=f"correct {shown} as said above and import it again")
    if result.changed:
        _write(project, rows, result.changed)
    return result
