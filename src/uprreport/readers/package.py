"""The gate every Word and Excel file passes before a parser sees it.

OOXML files are zip packages, and files from the public may be hostile: a zip bomb (a
small file that unpacks to gigabytes), members whose names climb out of a folder
("../../x"), macros, embedded OLE objects, external links that make a converter fetch
from the network, or not a package at all (an encrypted Office file is an OLE compound
file; an old .doc is too). ``check`` looks at the zip directory only (nothing is
decompressed) and returns what it found; callers refuse the file on ``problem``.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

MAX_FILE = 50 * 1024 * 1024          # bytes on disk
MAX_TEXT = 20 * 1024 * 1024          # YAML, Markdown, e-mail and text files: read whole, parsed as a document
# A CSV table (a register, a UPR Info export, a form) is the rows an .xlsx holds, uncompressed:
# the workbook is taken at MAX_FILE on disk and MAX_UNPACKED unpacked, so a CSV of the same rows
# is taken up to this size (about 280,000 recommendations of a whole UPR database, which holds
# some 100,000 in all: 35 MB as CSV). Its text is read into memory once, parsed row by row.
MAX_TABLE = 100 * 1024 * 1024
MAX_MEMBERS = 3000
MAX_UNPACKED = 300 * 1024 * 1024     # all members together, uncompressed
MAX_RATIO = 200                      # uncompressed / compressed, per member larger than 1 MB
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MACRO_TYPES = ("macroEnabled", "vbaProject", "vbaData")


# What reading a damaged package can raise (a corrupt deflate stream, a truncated member,
# broken XML): readers catch these and say the file is damaged.
DAMAGED = (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib.error, etree.XMLSyntaxError, NotImplementedError,
           UnicodeDecodeError)


def too_large(path: Path, limit: int, what: str) -> str | None:
    """Why the file at ``path`` is refused for its size (``what``: the kind of file, for the
    message), or None; the caller puts the file's name before it. OSError as stat raises it."""
    size = Path(path).stat().st_size
    if size <= limit:
        return None
    mb = 1024 * 1024
    return f"this file is {-(-size // mb)} MB, more than the {limit // mb} MB {what} may have"


def is_file(path) -> bool:
    """Whether ``path`` is a file, False for a name the system cannot even look up (longer
    than it allows, a NUL in it), where Path.is_file raises: file names come from what
    people write in report.yaml."""
    try:
        return Path(path).is_file()
    except (OSError, ValueError):
        return False


@dataclass
class Inspection:
    problem: str | None = None        # why the file must be refused, in words for the user
    warnings: list[str] = field(default_factory=list)
    external_links: int = 0
    embedded_objects: int = 0


def check(path: Path, kind: str = "Word") -> Inspection:
    """Inspect the package at ``path`` (``kind``: "Word" or "Excel", for messages)."""
    path = Path(path)
    ext = {"Word": ".docx", "Excel": ".xlsx"}.get(kind, ".docx")
    try:
        size = path.stat().st_size
    except (OSError, ValueError) as exc:
        return Inspection(f"cannot be read ({getattr(exc, 'strerror', None) or exc})")
    if size > MAX_FILE:
        return Inspection(f"is {size // (1024 * 1024)} MB, more than the {MAX_FILE // (1024 * 1024)} MB "
                          f"accepted; remove large pictures or split it")
    with open(path, "rb") as f:
        head = f.read(8)
    if head == OLE_MAGIC:
        return Inspection(f"is password-protected or an old-format (.doc/.xls) file; remove the password or "
                          f"save it as {ext} and send it again")
    if not head.startswith(b"PK"):
        article = "an" if kind[0] in "AEIOU" else "a"
        return Inspection(f"is not {article} {kind} {ext} file (its content is of another kind, whatever its name)")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = [i.filename for i in infos]
            types = z.read("[Content_Types].xml").decode("utf-8", "replace") if "[Content_Types].xml" in names else ""
            rels = [z.read(n)[:2_000_000].decode("utf-8", "replace") for n in names
                    if n.endswith(".rels") and z.getinfo(n).file_size < 2_000_000]
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError, zlib.error, KeyError,
            ValueError) as exc:   # ValueError: UnicodeDecodeError of a part's name marked UTF-8 that is not
        return Inspection(f"is a damaged {kind} file ({exc}); open it in {kind} and save it again")
    result = Inspection()
    if len(infos) > MAX_MEMBERS:
        return Inspection(f"holds {len(infos)} parts, more than a {kind} file plausibly has; refused")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED:
        return Inspection(f"would unpack to {unpacked // (1024 * 1024)} MB; refused as a possible zip bomb")
    for i in infos:
        if i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            return Inspection(f"has a part ({i.filename}) that unpacks {i.file_size // max(i.compress_size, 1)} times "
                              "its size; refused as a possible zip bomb")
        if i.flag_bits & 0x1:
            return Inspection("has encrypted parts; remove the password and send it again")
    bad_names = [n for n in names if n.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", n) or ":" in n]
    if bad_names:
        result.warnings.append(f"{len(bad_names)} part(s) with names pointing outside the package were ignored")
    if any(t in types for t in MACRO_TYPES) or any(re.search(r"vbaProject", n, re.I) for n in names):
        return Inspection(f"contains macros; save it as a plain {ext} (without macros) and send it again")
    result.embedded_objects = sum(1 for n in names if re.search(r"/embeddings/|oleObject", n, re.I))
    if result.embedded_objects:
        result.warnings.append(f"{result.embedded_objects} embedded object(s) (OLE) are not carried into the report")
    result.external_links = sum(len(re.findall(r'TargetMode="External"[^>]*Type="[^"]*/(?:image|oleObject|'
                                               r'attachedTemplate|frame|subDocument)"|Type="[^"]*/(?:image|oleObject|'
                                               r'attachedTemplate|frame|subDocument)"[^>]*TargetMode="External"', r))
                                for r in rels)
    if result.external_links:
        result.warnings.append(f"{result.external_links} link(s) to outside files or pictures are not followed")
    return result
