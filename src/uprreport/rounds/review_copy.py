"""Open a comment round: freeze the draft, give its paragraphs stable ids, and write the
review copy (ids visible, and machine-readable as bookmarks) and the comment form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from uprreport.diagnostics import Report
from uprreport.errors import UprError, UsageError
from uprreport.model.nodes import Section, iter_paras
from uprreport import i18n, pipeline
from uprreport.rounds import ids, store

FORM_COLUMNS = ["paragraph_id", "paragraph_number", "section", "excerpt", "comment", "proposed_wording", "type",
                "commenter", "organisation", "email"]
CLASSIFICATIONS = ["editorial", "substantive", "critical"]


@dataclass
class Opened:
    round: int
    deadline: dt.date
    draft: Path
    review_copy: Path
    form: Path
    paragraphs: int


def paragraphs(doc) -> list[tuple[str, int | None, str, str, str]]:
    """(position id, number, section key, owner, text) of every citable paragraph of the body."""
    out = []

    def walk(section: Section):
        for p in iter_paras(section.blocks):
            if p.id:
                out.append((p.id, p.number, section.key, p.contributor or store.COORDINATOR, p.plain()))
        for child in section.children:
            walk(child)

    for top in doc.body:
        walk(top)
    return out


def round_folder(project: Path, n: int) -> Path:
    return store.folder(project) / f"round-{n}"


def review_copy_path(project: Path, n: int) -> Path | None:
    """The review copy round ``n`` sent out (kept in its folder), or None when it is missing:
    returned copies are compared with it to find edits made without Track Changes."""
    found = sorted(round_folder(project, n).glob(f"*-draft-{n}-for-comment.docx"))
    return found[0] if found else None


def open_round(project: Path, deadline: dt.date | None = None, today: dt.date | None = None) -> Opened:
    """Freeze the current draft as round N and write what reviewers receive. Whether a round
    is open is checked again in the transaction that opens this one."""
    project = Path(project)
    v = pipeline.validate(project, draft=True)
    if v.compiled is None:
        raise UprError("the project has errors; fix them before opening a comment round",
                       diagnostics=v.report.sorted())
    conn = store.connect(project)
    try:
        return _open(project, conn, v, deadline, today)
    finally:
        conn.close()


def _open(project: Path, conn, v, deadline: dt.date | None, today: dt.date | None) -> Opened:
    from uprreport import resources
    from uprreport.writers import docx as docx_writer

    _refuse_open(conn)
    last = store.current_round(conn, open_only=False)
    n = (last["n"] + 1) if last else 1
    today = today or dt.date.today()
    deadline = deadline or today + dt.timedelta(days=v.project.manifest.comment_period_days)

    found = paragraphs(v.compiled.doc)
    previous = {}
    if last:
        previous = {r["pid"]: (r["position"], r["text"]) for r in
                    conn.execute("SELECT pid, position, text FROM paragraphs WHERE round = ?", (last["n"],))}
    stable = ids.carry(previous, [(pos, owner, text) for pos, _num, _sec, owner, text in found], n)
    marks = {pos: (stable[pos], ids.bookmark(stable[pos])) for pos, *_ in found}

    folder = round_folder(project, n)
    name = v.project.name
    template = resources.template(project, v.project.profile.template, v.project.manifest.template)
    doc = v.compiled.doc
    t = i18n.of(v.project)
    # written aside, put in place in the transaction that opens the round: two opens at once
    # make one round, and its files are the ones its register rows describe
    with store.stage(store.folder(project)) as staging:
        draft = staging / f"{name}-draft-{n}.docx"
        review = staging / f"{name}-draft-{n}-for-comment.docx"
        docx_writer.write(doc, template, draft, Report())
        title = doc.meta.fields["title"] + t(" (draft {n} for comment, comments by {date})", n=n,
                                             date=t.date(deadline))
        docx_writer.write(doc, template, review, Report(),
                          docx_writer.Options(marks=marks, fields={**doc.meta.fields, "title": title}))
        form = staging / f"comment-form-round-{n}.xlsx"
        _form(form, found, stable, n, deadline, t)
        save_tree(staging, doc, {pos: stable[pos] for pos, *_ in found})
        with store.transaction(conn):
            _refuse_open(conn)
            now_last = store.current_round(conn, open_only=False)
            if (now_last["n"] if now_last else 0) != n - 1:
                raise UsageError(f"round {now_last['n']} was opened while this one was being prepared; "
                                 "nothing was changed", hint="see it with: uprreport round status")
            conn.execute("INSERT INTO rounds (n, opened, deadline, draft) VALUES (?, ?, ?, ?)",
                         (n, today.isoformat(), deadline.isoformat(), draft.name))
            conn.executemany(
                "INSERT INTO paragraphs (round, pid, position, mark, number, section, owner, text, seq) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(n, stable[pos], pos, ids.bookmark(stable[pos]), num, sec, owner, text, seq)
                 for seq, (pos, num, sec, owner, text) in enumerate(found, 1)])
            _carry_forward(conn, n)
            store.publish([draft, review, form, staging / TREE], folder)
    return Opened(n, deadline, folder / draft.name, folder / review.name, folder / form.name, len(found))


def _refuse_open(conn) -> None:
    current = store.current_round(conn)
    if current is not None:
        raise UsageError(f"round {current['n']} is still open", hint="close it first: uprreport round close")


TREE = "draft.json"


def save_tree(folder: Path, doc, stable: dict[str, str]) -> None:
    """The frozen draft's document tree and its paragraphs' stable ids, for the web page."""
    import json

    from uprreport.fsutil import write_text
    from uprreport.model import serialize

    write_text(folder / TREE, json.dumps({"stable": stable, **serialize.dump(doc)}, ensure_ascii=False))


def load_tree(project: Path, n: int):
    """(document, stable ids) of round ``n``'s frozen draft, or None for a round opened before
    the tree was kept (or whose file is unreadable)."""
    import json

    from uprreport.model import serialize

    path = round_folder(project, n) / TREE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return serialize.load(data), dict(data["stable"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _carry_forward(conn, n: int) -> None:
    """Comments left open or deferred in the last round come into this one."""
    rows = conn.execute("SELECT * FROM comments WHERE round = ? AND state IN (?, ?)", (n - 1, *store.OPEN)).fetchall()
    for r in rows:
        conn.execute(
            "INSERT INTO comments (round, file_sha, source_ref, kind, pid, anchor, quote, comment, proposed,"
            " reviewer, organisation, date, classification, owner, late, state, carried_from)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (n, r["file_sha"], r["source_ref"], r["kind"], r["pid"], r["anchor"], r["quote"], r["comment"],
             r["proposed"], r["reviewer"], r["organisation"], r["date"], r["classification"], r["owner"],
             r["late"], store.State.ASSIGNED.value, r["id"]))


def _form(path: Path, found, stable, n: int, deadline: dt.date, t) -> None:
    """The comment form: one row per paragraph, columns to fill (named in English: they are
    read back), a first sheet of instructions in the report's language."""
    from uprreport.writers import table as table_writer

    rows = [{"paragraph_id": stable[pos], "paragraph_number": num or "", "section": sec,
             "excerpt": text[:160] + ("…" if len(text) > 160 else "")} for pos, num, sec, _owner, text in found]
    how = [t("Comment form, draft {n}", n=n), "",
           t("Send this form back by {date}.", date=t.date(deadline)),
           t("Write your comment on the row of the paragraph it concerns (the ids are also printed in the "
             "draft, in grey at the end of each paragraph). For a comment on the whole draft, use an empty "
             "row at the end and leave paragraph_id empty."),
           t("proposed_wording: the text you propose instead, if any."),
           t("type: editorial (wording, typos), substantive (content), critical (facts wrong or missing)."),
           t("Fill in commenter and organisation on each row you use.")]
    table_writer.write_xlsx(path, FORM_COLUMNS, rows, sheet="Comments",
                            widths={"excerpt": 50, "comment": 50, "proposed_wording": 50, "paragraph_id": 26},
                            choices={"type": CLASSIFICATIONS}, spare_rows=199,
                            instructions=(t("How to comment"), how))
