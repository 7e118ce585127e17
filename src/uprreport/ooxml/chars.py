"""Text made safe for the files uprreport writes: the one place where characters that XML,
and so Word, Excel, HTML and PO files, cannot hold are taken out of text.

The facts and the choices (what Word does with a pasted vertical tab or form feed, what
openpyxl refuses, what gettext does with a NUL) are in docs/text-safety.md. In short:

- a vertical tab (U+000B) is a line break, as Word reads it;
- a form feed (U+000C) is a page break in running text, as Word reads it, and a line
  break anywhere a page cannot break (a table cell, a note, a heading, a field);
- a carriage return, alone or before a line feed, is a line break (an XML parser reads it
  as one anyway);
- every other C0 control character except tab and line feed is dropped, as are U+FFFE and
  U+FFFF;
- a surrogate code point with no partner (half of a character whose other half was lost)
  becomes U+FFFD, the replacement character; a pair of them becomes the character it
  encodes.

Nothing upstream changes: the readers and the comment register keep text as it came; the
writers call ``clean`` (or ``encodable``) on its way out.
"""

from __future__ import annotations

import re

LINE = "\n"
PAGE = "\f"   # in the result of clean(..., pages=True) only: a page break for the writer to make

# What XML 1.0's Char production excludes (C0 controls but tab, LF and CR; U+FFFE, U+FFFF;
# the surrogates), and CR, which XML parsers turn into LF (XML 1.0 section 2.11).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")
unsafe = _UNSAFE.search   # unsafe(text) is None: nothing to clean (for the writers' hot paths)
_SURROGATE = re.compile("[\ud800-\udfff]")
_DROP = {c: None for c in (*range(0x00, 0x09), *range(0x0e, 0x20), 0xFFFE, 0xFFFF)}
_LINES = {**_DROP, 0x0B: LINE, 0x0C: LINE}
_PAGES = {**_DROP, 0x0B: LINE, 0x0C: PAGE}


def encodable(text: str) -> str:
    """``text`` with its lone surrogates (which no Unicode encoding can write) replaced by
    U+FFFD, and surrogate pairs joined into the character they stand for. Everything else
    is kept: for formats that escape control characters themselves (JSON, YAML)."""
    if _SURROGATE.search(text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def clean(text: str, pages: bool = False) -> str:
    """``text`` holding only characters XML 1.0 allows, line breaks as LF ("\\n").

    ``pages``: a form feed becomes PAGE ("\\f") for the caller to write as a page break
    (running text of a Word body); otherwise it becomes a line break like a vertical tab.
    The result may hold LF and tab, and PAGE when ``pages`` is true; nothing else below
    U+0020. Text with nothing to clean is returned as it is (the common case, fast).
    """
    if unsafe(text) is None:
        return text
    text = encodable(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_PAGES if pages else _LINES)


def deep(value, fn=clean):
    """``value`` with ``fn`` applied to every string in it, through lists, tuples and the
    values (and string keys) of dicts; anything else (numbers, dates, None) as it is."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [deep(v, fn) for v in value]
    if isinstance(value, tuple):
        return tuple(deep(v, fn) for v in value)
    if isinstance(value, dict):
        return {deep(k, fn) if isinstance(k, str) else k: deep(v, fn) for k, v in value.items()}
    return value
