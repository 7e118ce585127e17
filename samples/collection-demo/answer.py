"""Play three ministries answering their input packs, as they would in Excel and Word.

Run it after `uprreport request PROJECT` on a copy of samples/national-arcadia; it puts the
returned files into PROJECT/inbox/, renamed as offices rename them:

- the Ministry of Justice fills in every row of its workbook and writes a paragraph in its
  Word file;
- the Ministry of Health fills in its workbook but types over a recommendation id (the
  file will be refused, naming the row);
- the Ministry of Education sends only its Word text (its workbook is still owed).

Nothing here is part of uprreport: it stands in for people, so the README's collection
walkthrough can be run from a terminal.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from openpyxl import load_workbook


def fill_workbook(src: Path, dest: Path, status: str, typed_over: str | None = None) -> None:
    wb = load_workbook(src)
    ws = wb["Implementation"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) for name in header}
    for n, row in enumerate(ws.iter_rows(min_row=2)):
        rid = row[col["recommendation"]].value
        row[col["status"]].value = status
        row[col["actions"]].value = f"Measures taken in 2024 on recommendation {rid}."
        if typed_over and n == 0:
            row[col["recommendation"]].value = typed_over
    wb.save(dest)


def write_text(src: Path, dest: Path, text: str) -> None:
    doc = Document(src)
    heading = next(p for p in doc.paragraphs if p.style.name.startswith("Heading 2"))
    after = heading._p.getnext()        # the empty paragraph the pack leaves under each heading
    after_par = next(p for p in doc.paragraphs if p._p is after)
    after_par.text = text
    doc.save(dest)


def main(project: Path) -> None:
    requests = project / "requests"
    if not requests.is_dir():
        sys.exit(f"{requests} does not exist: run `uprreport request {project}` first")
    inbox = project / "inbox"
    inbox.mkdir(exist_ok=True)
    fill_workbook(requests / "justice" / "justice-input-pack.xlsx", inbox / "MoJ - UPR input FINAL.xlsx",
                  "partially implemented")
    write_text(requests / "justice" / "justice-narrative.docx", inbox / "MoJ text v3.docx",
               "A Legal Aid Office opened in each of the twelve regions in 2024; 4,200 persons were advised "
               "in its first six months.")
    fill_workbook(requests / "health" / "health-input-pack.xlsx", inbox / "Health_UPR.xlsx",
                  "fully implemented", typed_over="140.1O")
    write_text(requests / "education" / "education-narrative.docx", inbox / "MoES contribution.docx",
               "Since 2024 every primary school offers free meals to all pupils.")
    for f in sorted(inbox.iterdir()):
        print(f"returned {f}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python samples/collection-demo/answer.py PROJECT")
    main(Path(sys.argv[1]))
