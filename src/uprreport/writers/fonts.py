"""Warn before the PDF is made when its text holds characters no installed font has: the
PDF would show empty boxes where a contributor wrote Chinese or Arabic, and nobody would
be told. Reads the installed fonts' character sets from fontconfig (fc-list), where it is;
says nothing where it is not (Windows and macOS have their own font fallbacks)."""

from __future__ import annotations

import bisect
import shutil
import subprocess
import unicodedata
from functools import cache

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.model.nodes import Document, ListBlock, NoteRef, Para, Run, Table, iter_paras

# Debian packages with a font for a script, as the hint of the warning.
PACKAGES = {"CJK": "fonts-wqy-microhei (or fonts-noto-cjk)", "HIRAGANA": "fonts-noto-cjk",
            "KATAKANA": "fonts-noto-cjk", "HANGUL": "fonts-noto-cjk", "ARABIC": "fonts-hosny-amiri",
            "HEBREW": "fonts-noto-core", "DEVANAGARI": "fonts-noto-core"}


@cache
def _coverage() -> tuple[list[int], list[int]] | None:
    """The code point ranges some installed font covers, merged (starts, ends), or None."""
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "--format", "%{charset}\n"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    ranges = []
    for token in out.split():
        a, _, b = token.partition("-")
        try:
            ranges.append((int(a, 16), int(b or a, 16)))
        except ValueError:
            continue
    ranges.sort()
    starts, ends = [], []
    for a, b in ranges:
        if starts and a <= ends[-1] + 1:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _covered(cp: int, cov) -> bool:
    starts, ends = cov
    i = bisect.bisect_right(starts, cp) - 1
    return i >= 0 and cp <= ends[i]


def _lists(blocks):
    """Every ListBlock in ``blocks``, in lists and tables too."""
    for b in blocks:
        if isinstance(b, ListBlock):
            yield b
            for item in b.items:
                yield from _lists(item)
        elif isinstance(b, Table):
            for row in b.rows:
                for cell in row:
                    yield from _lists(cell.blocks)


def _texts(doc: Document):
    """(source file, where, text) of every paragraph, notes included, and of the list levels'
    labels (a bullet is text too: a symbol font's bullet without that font prints a box)."""
    for top in doc.body + doc.annexes:
        for section in top.walk():
            yield "", f"the heading {section.title!r}", section.title
            for p in iter_paras(section.blocks):
                where = f"paragraph {p.id}" if p.id else ""
                yield p.source or "", where, p.plain()
                for r in p.inlines:
                    if isinstance(r, NoteRef):
                        for q in r.blocks:
                            if isinstance(q, Para):
                                yield (p.source or "", f"a note of {where}" if where else "a note",
                                       "".join(x.text for x in q.inlines if isinstance(x, Run)))
            for lst in _lists(section.blocks):
                first = next(iter_paras([b for item in lst.items for b in item]), None)
                where = f"the bullet of the list at paragraph {first.id}" if first is not None and first.id else \
                    "a list's bullet"
                for level in lst.levels or ():
                    if level.format == "bullet":
                        yield (first.source or "") if first is not None else "", where, level.text


def _name(ch: str) -> str:
    """'U+13000 EGYPTIAN HIEROGLYPH A001'; a character without a name by its category."""
    name = unicodedata.name(ch, "")
    if not name:
        name = "a private-use character" if unicodedata.category(ch) == "Co" else "a character without a name"
    return f"U+{ord(ch):04X} {name}"


def check(doc: Document) -> list[Diagnostic]:
    """One warning per file whose characters no installed font has."""
    cov = _coverage()
    if cov is None:
        return []
    missing: dict[str, dict[str, str]] = {}   # source -> character -> where it is first
    for source, where, text in _texts(doc):
        for ch in set(text):
            cp = ord(ch)
            if cp < 0x2000 or unicodedata.category(ch).startswith(("Z", "Cc", "Cf", "Cs", "Cn")) or _covered(cp, cov):
                continue
            missing.setdefault(source, {}).setdefault(ch, where)
    out = []
    for source, chars in sorted(missing.items()):
        scripts = sorted({unicodedata.name(c, "UNKNOWN").split()[0] for c in chars})
        packages = sorted({PACKAGES.get(s, "fonts-noto-core") for s in scripts})
        n = len(chars)
        listed = "; ".join(_name(c) + (f" (in {where})" if where else "") for c, where in list(chars.items())[:5])
        out.append(make("font-missing", Location(source or "(generated text)"),
                        f"{n} character{'s' * (n != 1)} of the text {'have' if n != 1 else 'has'} no installed font: "
                        f"{listed}{' …' * (n > 5)}; the PDF would show {'empty boxes' if n != 1 else 'an empty box'}. "
                        f"Install one, e.g. `apt-get install {' '.join(packages)}`"))
    return out
