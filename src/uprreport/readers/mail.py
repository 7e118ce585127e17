"""Read a saved e-mail (.eml): its sender, date, plain text and attachments.

Mail comes from every kind of program, and some name a character set Python does not know
("x-unknown-42", a typo, a vendor's name) or none that fits the bytes. The text is then
read as UTF-8 when the bytes are valid UTF-8 (what nearly all mail is today, whatever its
label), else as Windows-1252, which gives every byte a character (the Western European
mail that older programs mislabel), with a warning naming the file and the character set,
so that nobody's comment is lost over a label. Nothing in a message raises: a header that
cannot be parsed is left empty.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make

MAX_MAIL = 50 * 1024 * 1024   # an e-mail with the packs attached; as the package gate's files


@dataclass
class Attachment:
    name: str        # the file name it was sent under, made safe to write (no folders, no control characters)
    data: bytes


@dataclass
class Mail:
    text: str = ""                    # the plain-text body ("" when there is none)
    name: str = ""                    # the sender's name
    address: str = ""                 # the sender's address
    date: dt.datetime | None = None   # the Date header, when it is a date
    attachments: list[Attachment] = field(default_factory=list)


def _header(msg, name: str) -> str:
    try:
        value = msg.get(name)
        return "" if value is None else str(value)
    except Exception:   # noqa: BLE001 - the email package's header parsers raise many kinds on junk
        return ""


def _decode(payload: bytes, charset: str, shown: str, diags: list[Diagnostic]) -> str:
    """The text of ``payload`` in ``charset``, or, when Python knows no such (text) character
    set, in UTF-8 or Windows-1252, with a warning."""
    try:
        return payload.decode(charset, errors="replace")
    except (LookupError, UnicodeError, ValueError, TypeError):   # unknown, or not a text encoding ("base64")
        pass
    try:
        text, read_as = payload.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        text, read_as = payload.decode("cp1252", errors="replace"), "Windows-1252"
    shown_charset = charset if len(charset) <= 60 else charset[:60] + "…"
    diags.append(make("email-charset", Location(shown),
                      f"the e-mail says its text is in the character set '{shown_charset}', which is not known; it "
                      f"was read as {read_as}: check its accented letters, and ask the sender to send it again "
                      "if they came out wrong"))
    return text


def _safe_name(name: str, k: int) -> str:
    name = re.sub(r"[\x00-\x1f\x7f/\\:]", "_", Path(name.replace("\\", "/")).name).strip(" .")
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:100] + dot + ext[:10]) if dot else name[:120]
    return name or f"attachment-{k}"


def parse(raw: bytes, shown: str) -> tuple[Mail, list[Diagnostic]]:
    """The e-mail in ``raw`` (as saved, RFC 5322) and warnings about its reading."""
    diags: list[Diagnostic] = []
    out = Mail()
    try:
        msg = BytesParser(policy=policy.default).parsebytes(raw)
    except Exception:   # noqa: BLE001 - the parser is lenient; this is a last resort
        return out, [make("file-unreadable", Location(shown), "this is not an e-mail that can be read; save it "
                          "again from the e-mail program (as .eml), or paste its text into a .txt file")]
    out.name, out.address = parseaddr(_header(msg, "From"))
    date = _header(msg, "Date")
    try:
        out.date = parsedate_to_datetime(date) if date else None
    except (TypeError, ValueError, IndexError, OverflowError):
        out.date = None
    try:
        body = msg.get_body(preferencelist=("plain",))
    except Exception:   # noqa: BLE001 - a damaged multipart structure
        body = None
    if body is not None:
        try:
            payload = body.get_payload(decode=True)
        except Exception:   # noqa: BLE001 - a transfer encoding that cannot be undone
            payload = None
        if isinstance(payload, bytes):
            out.text = _decode(payload, body.get_content_charset() or "us-ascii", shown, diags)
    try:
        parts = list(msg.iter_attachments())
    except Exception:   # noqa: BLE001
        parts = []
    for k, part in enumerate(parts):
        try:
            data = part.get_payload(decode=True)
            name = part.get_filename() or ""
        except Exception:   # noqa: BLE001
            continue
        if isinstance(data, bytes):
            out.attachments.append(Attachment(_safe_name(str(name), k), data))
    return out, diags


def read(path: Path, shown: str) -> tuple[Mail | None, list[Diagnostic]]:
    """The e-mail saved at ``path``, or None and the reason it cannot be read."""
    try:
        if path.stat().st_size > MAX_MAIL:
            return None, [make("file-refused", Location(shown), f"this e-mail is larger than "
                               f"{MAX_MAIL // (1024 * 1024)} MB; refused")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [make("file-unreadable", Location(shown), f"cannot read it: {exc.strerror or exc}")]
    return parse(raw, shown)
