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
from uprreport.model.nodes import Document, NoteRef, Para, Run, iter_paras

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


def _texts(doc: Document):
    """(source file, text) of every paragraph, notes included."""
    for top in doc.body + doc.annexes:
        for section in top.walk():
            yield "", section.title
            for p in iter_paras(section.blocks):
                yield p.source or "", p.plain()
                for r in p.inlines:
                    if isinstance(r, NoteRef):
                        for q in r.blocks:
                            if isinstance(q, Para):
                                yield p.source or "", "".join(x.text for x in q.inlines if isinstance(x, Run))


def check(doc: Document) -> list[Diagnostic]:
    """One warning per file whose characters no installed font has."""
    cov = _coverage()
    if cov is None:
        return []
    missing: dict[str, dict[str, int]] = {}
    for source, text in _texts(doc):
        for ch in set(text):
            cp = ord(ch)
            if cp < 0x2000 or unicodedata.category(ch).startswith(("Z", "C")) or _covered(cp, cov):
                continue
            missing.setdefault(source, {}).setdefault(ch, cp)
    out = []
    for source, chars in sorted(missing.items()):
        scripts = sorted({unicodedata.name(c, "UNKNOWN").split()[0] for c in chars})
        packages = sorted({PACKAGES.get(s, "fonts-noto-core") for s in scripts})
        sample = " ".join(f"'{c}' (U+{cp:04X})" for c, cp in list(chars.items())[:3])
        out.append(make("font-missing", Location(source or "(generated text)"),
                        f"{len(chars)} character{'s' * (len(chars) != 1)} of the text ({sample}…, "
                        f"{', '.join(s.lower() for s in scripts)}) has no installed font: the PDF would show empty "
                        f"boxes. Install one, e.g. `apt-get install {' '.join(packages)}`"))
    return out
