"""Close a round: the comment-response matrix (XLSX and a Word annex), the next draft built
from the updated contributions, and its redline against the frozen draft (Word tracked
changes). Comments left open or deferred are carried into the next round when it opens.

Closing is one transaction of the register: every comment accepted before it is in the
matrix and the annex; one sent after it is refused ("the consultation has closed")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from uprreport import i18n
from uprreport.diagnostics import Diagnostic, Location, Report, make
from uprreport.i18n import N_
from uprreport.errors import UprError, UsageError
from uprreport.model.nodes import Cell, Document, DocumentMeta, Para, Run, Section, Table
from uprreport.rounds import store
from uprreport.rounds.review_copy import round_folder
from uprreport.rounds import publication
from uprreport.transforms.annexes import bounded

MATRIX_COLUMNS = ["no", "paragraph", "section", "commenter", "organisation", "classification", "comment",
                  "proposed_wording", "decision", "reason", "state", "late", "attachments"]


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
    from uprreport.rounds.attachments import names_by_comment

    files = names_by_comment(conn, n)   # the names of the files sent with web comments
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
                    "late": "late" if r["late"] else "", "attachments": "; ".join(files.get(r["id"], []))})
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
    """Close the open round in one transaction: the comments it holds then are the response
    matrix's, and a comment sent after it is refused (rounds/submit.py reads the round's state
    in its own transaction, which waits for this one).

    The project is validated and the next draft and its redline written first, outside the
    transaction (they depend on the contributions, not on the register). Then, holding the
    register (BEGIN IMMEDIATE): the comments are read, the matrix and its Word annex written
    to the staging folder, the round marked closed, all the files put in place, and the
    transaction committed. If anything fails, the round stays open and no file is replaced."""
    from uprreport import pipeline

    project = Path(project)
    conn = store.connect(project, create=False)
    try:
        n = store.require_open(conn)["n"]
        v = pipeline.validate(project, draft=True)
        if v.compiled is None:
            raise UprError("the updated project has errors; fix them before closing the round",
                           diagnostics=v.report.sorted())
        return _close(project, conn, n, v, today or dt.date.today())
    finally:
        conn.close()


def _close(project: Path, conn, n: int, v, today: dt.date) -> Closed:
    from uprreport import resources
    from uprreport.writers import docx as docx_writer
    from uprreport.writers import table as table_writer

    folder = round_folder(project, n)
    frozen = conn.execute("SELECT draft FROM rounds WHERE n = ?", (n,)).fetchone()["draft"]
    template = resources.template(project, v.project.profile.template, v.project.manifest.template)
    name = v.project.name
    diags: list[Diagnostic] = []
    with store.stage(folder) as staging:
        next_draft = staging / f"{name}-draft-{n + 1}.docx"
        docx_writer.write(v.compiled.doc, template, next_draft, Report())
        redline: Path | None = staging / f"{name}-draft-{n + 1}-redline.docx"
        try:
            _redline(folder / frozen, next_draft, redline, f"Round {n} responses")
        except Exception as exc:  # the engine is an external program; say so and go on
            diags.append(make("redline-failed", Location(redline.name),
                              f"the redline could not be made ({type(exc).__name__}: {exc}); the next draft is "
                              f"{next_draft.name}. Install it with: pip install 'python-redlines[docxodus]'"))
            redline = None
        matrix_xlsx = staging / f"comment-response-matrix-round-{n}.xlsx"
        matrix_docx = staging / f"comment-response-matrix-round-{n}.docx"
        with store.transaction(conn):
            still = store.current_round(conn)
            if still is None or still["n"] != n:
                raise UsageError(f"round {n} was closed meanwhile (by another command or the web page)",
                                 hint="see it with: uprreport round status")
            rows = matrix_rows(conn, n)
            diags += table_writer.write_xlsx(matrix_xlsx, MATRIX_COLUMNS, rows, sheet=f"Round {n}",
                                             widths={"comment": 50, "proposed_wording": 40, "reason": 40})
            # the Word annex is for publishing with the report: what the public pages show of each
            # comment (rounds/publication.py: hidden and spam left out, redacted texts, names only by
            # consent); the workbook keeps every comment as sent, for the coordinators
            public = publication.published(conn, n, rows)
            docx_writer.write(_annex(public, n, v.compiled.doc.meta.fields, i18n.of(v.project)), template, matrix_docx,
                              Report(), docx_writer.Options(part="annexes"))
            conn.execute("UPDATE rounds SET closed = ? WHERE n = ?", (today.isoformat(), n))
            store.publish([p for p in (matrix_xlsx, matrix_docx, next_draft, redline) if p], folder)
    open_comments = sum(1 for r in rows if r["state"] in store.OPEN)
    return Closed(n, folder / matrix_xlsx.name, folder / matrix_docx.name, folder / next_draft.name,
                  folder / redline.name if redline else None, open_comments, diags)


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
