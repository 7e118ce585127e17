"""Files sent with a comment from the web page: PDF, Word (.docx) and OpenDocument text
(.odt), at most ``MAX_FILES`` of them, each at most ``MAX_SIZE`` bytes.

Each file passes a gate before anything keeps it (``check``), judged by its content, never by
its name: a Word or OpenDocument file is a zip package and goes through the package gate of
returned copies (readers/package.py: zip bombs, encrypted parts, macros, too many parts), an
OpenDocument file must also say so in its ``mimetype`` member and carry no Basic or script
macros; a PDF must start with ``%PDF-``, open without a password, and carry no JavaScript
and no Launch action (its bytes and, through pypdf, its catalog, name tree, bookmarks, pages
and annotations are looked at, and an XFA form is refused: a cheap check, not a sandbox;
SECURITY.md says so). A file
that passes is kept content-addressed in rounds/files/ (``store.keep_original``) and listed in
the register's ``attachments``; nothing published ever shows or serves it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from uprreport.ooxml.chars import clean
from uprreport.readers import package
from uprreport.rounds import store
from uprreport.rounds.submit import Refused

MAX_FILES = 3
MAX_SIZE = 10 * 1024 * 1024          # bytes a file
MAX_NAME = 200                       # characters of a file's name as sent
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
SUFFIX = {PDF: ".pdf", DOCX: ".docx", ODT: ".odt"}
LABEL = {PDF: "PDF", DOCX: "Word", ODT: "OpenDocument"}
_WORD_MAIN = "wordprocessingml.document.main"
# the PDF names that run something: JavaScript anywhere, or an action launching a program; a
# name ends at whitespace or a delimiter (PDF 32000-1, 7.2.2)
_PDF_ACTIONS = re.compile(rb"/(?:JavaScript|JS|Launch)(?=[\s/<>\[\]()%{}]|$)")
_ACTIONS = {"/JavaScript", "/Launch"}


class FileRefused(Refused):
    """A file the gate refused: ``why`` is one of ``count``, ``type``, ``size``, ``macros``,
    ``script``, ``encrypted``, ``damaged``; ``name`` the file's name as sent."""

    def __init__(self, name: str, why: str, detail: str = ""):
        super().__init__(f"the file {name or '(no name)'} cannot be attached ({why}{': ' + detail if detail else ''})",
                         "files")
        self.name, self.why, self.detail = name, why, detail


@dataclass(frozen=True)
class Attachment:
    """A file that passed the gate: its name as sent, where it is now, its content's SHA-256,
    size and type (a MIME type of ``SUFFIX``)."""

    name: str
    path: Path
    sha: str
    size: int
    type: str


def shown_name(name: str) -> str:
    """A file's name as sent, for showing only (never a path): its last part, cleaned, cut."""
    name = clean(re.split(r"[/\\]", name or "")[-1]).replace("\n", " ").replace("\t", " ").strip()
    return name[:MAX_NAME] or "file"


def check_all(files: list[tuple[Path, str]]) -> list[Attachment]:
    """Every file ``(path, name as sent)`` through the gate; FileRefused at the first refused."""
    if len(files) > MAX_FILES:
        raise FileRefused("", "count", str(MAX_FILES))
    return [check(path, name) for path, name in files]


def check(path: Path, name: str) -> Attachment:
    """``path`` (sent as ``name``) as an Attachment, or FileRefused saying why."""
    name = shown_name(name)
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise FileRefused(name, "damaged", exc.strerror or str(exc)) from None
    if size > MAX_SIZE:
        raise FileRefused(name, "size", f"{size:,} bytes")
    if size == 0:
        raise FileRefused(name, "damaged", "empty")
    if head.startswith(b"%PDF-"):
        kind = _pdf(path, name)
    elif head.startswith(b"PK"):
        kind = _package(path, name)
    else:   # an old .doc, an encrypted Office file, a picture, a text: not of the kinds taken
        raise FileRefused(name, "type")
    return Attachment(name, path, store.sha256(path), size, kind)


def _package(path: Path, name: str) -> str:
    """DOCX or ODT, by what the package says it is, after the package gate."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            mimetype = z.read("mimetype")[:100] if "mimetype" in names and z.getinfo("mimetype").file_size < 100 else b""
            types = (z.read("[Content_Types].xml")[:1_000_000].decode("utf-8", "replace")
                     if "[Content_Types].xml" in names and z.getinfo("[Content_Types].xml").file_size < 1_000_000
                     else "")
            manifest = (z.read("META-INF/manifest.xml")[:2_000_000].decode("utf-8", "replace")
                        if "META-INF/manifest.xml" in names and z.getinfo("META-INF/manifest.xml").file_size < 2_000_000
                        else "")
    except (*package.DAMAGED, RuntimeError, ValueError) as exc:
        raise FileRefused(name, "damaged", str(exc)) from None
    if mimetype:
        if mimetype.strip() != ODT.encode("ascii"):
            raise FileRefused(name, "type", "an OpenDocument file that is not a text document")
        kind = ODT
    elif _WORD_MAIN in types:
        kind = DOCX
    else:
        raise FileRefused(name, "type")
    inspected = package.check(path, "Word")      # zip bombs, encrypted parts, macros, too many parts
    if inspected.problem:
        why = ("macros" if "macros" in inspected.problem else
               "encrypted" if "password" in inspected.problem or "encrypted" in inspected.problem else "damaged")
        raise FileRefused(name, why, inspected.problem)
    if kind == ODT:
        if any(n.startswith(("Basic/", "Scripts/")) for n in names) or "script:" in manifest.lower():
            raise FileRefused(name, "macros")
        if "encryption-data" in manifest:
            raise FileRefused(name, "encrypted")
    return kind


def _pdf(path: Path, name: str) -> str:
    """PDF, if it opens without a password and runs nothing (no JavaScript, no Launch action)."""
    data = path.read_bytes()
    if _PDF_ACTIONS.search(data):   # written plainly anywhere in the file
        raise FileRefused(name, "script")
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)   # pypdf warns about every small flaw it repairs
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            raise FileRefused(name, "encrypted")
        if _runs_something(reader):   # in compressed object streams, where the bytes do not show it
            raise FileRefused(name, "script")
    except FileRefused:
        raise
    except (PyPdfError, *package.DAMAGED, ValueError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise FileRefused(name, "damaged", f"{type(exc).__name__}: {exc}") from None
    finally:
        quiet.setLevel(level)
    return PDF


def _runs_something(reader) -> bool:
    """Whether the catalog (its open action, its additional actions, its name tree of
    scripts, an XFA form, its bookmarks), a page or an annotation (form fields' widgets
    included) holds a JavaScript or Launch action."""
    root = reader.trailer["/Root"].get_object()
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        return True
    if _action(root.get("/OpenAction")) or _actions(root.get("/AA")):
        return True
    form = root.get("/AcroForm")
    form = form.get_object() if form is not None else None
    if hasattr(form, "get") and form.get("/XFA") is not None:   # an XFA form may hold scripts of its own
        return True
    if _outline_acts(root.get("/Outlines")):
        return True
    for k, page in enumerate(reader.pages):
        if k >= 5000:
            break
        if _actions(page.get("/AA")):
            return True
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if hasattr(annot, "get") and (_action(annot.get("/A")) or _actions(annot.get("/AA"))):
                return True
    return False


def _outline_acts(outlines, limit: int = 10_000) -> bool:
    """Whether a bookmark (of the first ``limit``) acts: JavaScript or Launch."""
    todo, seen = [outlines], 0
    while todo and seen < limit:
        item = todo.pop()
        item = item.get_object() if item is not None else None
        if not hasattr(item, "get"):
            continue
        seen += 1
        if _action(item.get("/A")):
            return True
        todo += [item.get("/Next"), item.get("/First")]
    return False


def _actions(aa) -> bool:
    """Whether an additional-actions dictionary holds a JavaScript or Launch action."""
    aa = aa.get_object() if aa is not None else None
    return hasattr(aa, "values") and any(_action(a) for a in list(aa.values())[:50])


def _action(action, depth: int = 0) -> bool:
    """Whether ``action`` (and the actions it chains with /Next) is JavaScript or Launch."""
    action = action.get_object() if action is not None else None
    if not hasattr(action, "get") or depth > 20:
        return False
    if action.get("/S") in _ACTIONS or "/JS" in action:
        return True
    chained = action.get("/Next")
    chained = chained.get_object() if chained is not None else None
    if isinstance(chained, list):
        return any(_action(a, depth + 1) for a in chained[:50])
    return _action(chained, depth + 1) if chained is not None else False


def keep(project: Path, files: list[Attachment]) -> None:
    """Copy the files that passed into rounds/files/<sha><suffix> (once each)."""
    for a in files:
        kept = a.path.with_name(f"{a.sha}{SUFFIX[a.type]}")
        if kept != a.path:
            a.path.replace(kept)
        store.keep_original(project, kept, a.sha)


def listed(conn, comment: int) -> list[dict]:
    """The files sent with ``comment``, in the order given (n, name, sha, size, type)."""
    return [dict(r) for r in conn.execute("SELECT n, name, sha, size, type FROM attachments WHERE comment = ? "
                                          "ORDER BY n", (comment,))]


def names_by_comment(conn, n: int) -> dict[int, list[str]]:
    """Round ``n``'s comments' files by comment: their names, in order (for the matrix)."""
    out: dict[int, list[str]] = {}
    for r in conn.execute("SELECT a.comment, a.name FROM attachments a JOIN comments c ON c.id = a.comment "
                          "WHERE c.round = ? ORDER BY a.comment, a.n", (n,)):
        out.setdefault(r["comment"], []).append(r["name"])
    return out


def path_of(project: Path, row: dict) -> Path | None:
    """Where the file of an ``attachments`` row is kept (None if it is not there)."""
    if not re.fullmatch(r"[0-9a-f]{64}", row.get("sha") or "") or row.get("type") not in SUFFIX:
        return None
    path = store.folder(project) / "files" / f"{row['sha']}{SUFFIX[row['type']]}"
    return path if path.is_file() else None
