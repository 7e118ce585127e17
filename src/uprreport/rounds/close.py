"""Close a round: the comment-response matrix (XLSX and a Word annex), the next draft built
from the updated contributions, and its redline against the frozen draft (Word tracked
changes). Comments left open or deferred are carried into the next round when it opens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from uprreport import i18n
from uprreport.diagnostics import Diagnostic, Location, Report, make
from uprreport.i18n import N_
from uprreport.errors import UprError
from uprreport.model.nodes import Cell, Document, DocumentMeta, Para, Run, Section, Table
from uprreport.rounds import store
from uprreport.rounds.review_copy import round_folder
from uprreport.transforms.annexes import bounded

MATRIX_COLUMNS = ["no", "paragraph", "section", "commenter", "organisation", "classification", "comment",
                  "proposed_wording", "decision", "reason", "state", "late"]


@dataclass
class Closed:
    round: int
    matrix_xlsx: Path
    matrix_docx: Path
    next_draft: Path
    redline: Path | None
    open_comments: int
    diagnostics: list[Diagnostic] = field(default_factory=list)


def matrix_rows(conn, n: int) -> list[dict]:
    rows = conn.execute("SELECT c.*, p.number, p.section FROM comments c LEFT JOIN paragraphs p "
                        "ON p.round = c.round AND p.pid = c.pid WHERE c.round = ? ORDER BY "
                        "COALESCE(p.number, 100000), c.id", (n,)).fetchall()
    out = []
    for r in rows:
        where = f"para. {r['number']}" if r["number"] else (r["pid"] or "whole draft")
        out.append({"no": r["id"], "paragraph": where + (" (by quote)" if r["anchor"] == "quote" else ""),
                    "section": r["section"] or "", "commenter": r["reviewer"], "organisation": r["organisation"],
                    "classification": r["classification"], "comment": r["comment"], "proposed_wording": r["proposed"],
                    "decision": r["decision"] or "(open)", "reason": r["reason"] or "", "state": r["state"],
                    "late": "late" if r["late"] else ""})
    return out


def _annex(rows: list[dict], n: int, fields: dict, t) -> Document:
    def cell(text, bold=False):
        return Cell([Para([Run(str(text), bold=bold)], numbered=False)])

    header = [cell(t(h), bold=True) for h in (N_("No."), N_("Paragraph"), N_("Commenter"), N_("Comment"),
                                               N_("Decision"), N_("Reason"))]
    section = Section("annex.responses", t("Comments received in round {n} and the responses to them", n=n),
                      level=1, landscape=True, label=t("Annex"))
    body = [[cell(r["no"]), cell(r["paragraph"]),
             cell(r["commenter"] + (f" ({r['organisation']})" if r["organisation"] else "")),
             Cell([Para([Run(r["comment"])], numbered=False)]
                  + ([Para([Run(t("Proposed: "), italic=True), Run(r["proposed_wording"])], numbered=False)]
                     if r["proposed_wording"] else [])),
             cell(t(r["decision"]).capitalize()), cell(r["reason"])] for r in rows]
    widths = [5, 9, 15, 40, 11, 20]
    section.blocks.extend(bounded(header, body, widths) or [Table([header], header_rows=1, widths=widths)])
    return Document(DocumentMeta(fields=dict(fields)), annexes=[section])


def close_round(project: Path, today: dt.date | None = None) -> Closed:
    from uprreport import pipeline, resources
    from uprreport.writers import docx as docx_writer
    from uprreport.writers import table as table_writer

    project = Path(project)
    conn = store.connect(project)
    current = store.require_open(conn)
    n = current["n"]
    folder = round_folder(project, n)
    rows = matrix_rows(conn, n)
    v = pipeline.validate(project, draft=True)
    if v.compiled is None:
        raise UprError("the updated project has errors; fix them before closing the round",
                       diagnostics=v.report.sorted())
    matrix_xlsx = folder / f"comment-response-matrix-round-{n}.xlsx"
    diags: list[Diagnostic] = table_writer.write_xlsx(
        matrix_xlsx, MATRIX_COLUMNS, rows, sheet=f"Round {n}", widths={"comment": 50, "proposed_wording": 40,
                                                                      "reason": 40})
    template = resources.template(project, v.project.profile.template, v.project.manifest.template)
    matrix_docx = folder / f"comment-response-matrix-round-{n}.docx"
    docx_writer.write(_annex(rows, n, v.compiled.doc.meta.fields, i18n.of(v.project)), template, matrix_docx, Report(),
                      docx_writer.Options(part="annexes"))

    name = v.project.name
    next_draft = folder / f"{name}-draft-{n + 1}.docx"
    docx_writer.write(v.compiled.doc, template, next_draft, Report())
    redline = folder / f"{name}-draft-{n + 1}-redline.docx"
    try:
        _redline(folder / current["draft"], next_draft, redline, f"Round {n} responses")
    except Exception as exc:  # the engine is an external program; say so and go on
        diags.append(make("redline-failed", Location(redline.name),
                          f"the redline could not be made ({type(exc).__name__}: {exc}); the next draft is "
                          f"{next_draft.name}. Install it with: pip install 'python-redlines[docxodus]'"))
        redline = None
    open_comments = sum(1 for r in rows if r["state"] in store.OPEN)
    with store.transaction(conn):
        conn.execute("UPDATE rounds SET closed = ? WHERE n = ?", ((today or dt.date.today()).isoformat(), n))
    conn.close()
    return Closed(n, matrix_xlsx, matrix_docx, next_draft, redline, open_comments, diags)


def _redline(before: Path, after: Path, out: Path, author: str) -> None:
    """Word tracked changes turning ``before`` into ``after`` (python-redlines' Docxodus engine)."""
    import warnings

    from python_redlines.engines import DocxodusEngine

    from uprreport.fsutil import atomic_path

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = DocxodusEngine().run_redline(author, before.read_bytes(), after.read_bytes())
    data = result[0] if isinstance(result, tuple) else result
    with atomic_path(out) as tmp:
        tmp.write_bytes(data)
