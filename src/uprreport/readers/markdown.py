"""Read Markdown narrative fragments: YAML front matter plus pandoc-parsed text.

All fragments of a build go through one pandoc call (each wrapped in its own fenced
div, footnote labels made unique per fragment), since pandoc start-up dominates.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.readers import schema, yamlpos
from uprreport.readers.pandoc_ast import Mapper
from uprreport.model.contribution import FragmentMeta

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)
_NOTE_LABEL = re.compile(r"\[\^([^\]\s]+)\]")
PANDOC_FORMAT = "markdown-auto_identifiers-implicit_figures-raw_html-raw_attribute-citations-yaml_metadata_block"


@dataclass
class SplitFragment:
    meta: FragmentMeta | None
    body: str
    body_line: int            # line of the file where the body starts
    meta_location: Location


def split(text: str, shown: str) -> tuple[SplitFragment, list[Diagnostic]]:
    """Separate front matter from body and validate the front matter."""
    m = _FRONT.match(text)
    if not m:
        return SplitFragment(None, text, 1, Location(shown, line=1)), [make(
            "front-matter", Location(shown, line=1),
            "no front matter; start the file with a block like\n---\nsection: D\ntheme: health\n"
            "recommendations: [140.1, 140.2]\n---")]
    front = m.group(1)
    body_line = text[: m.end()].count("\n") + 1
    try:
        pos = yamlpos.load(front)
    except yamlpos.YamlSyntaxError as exc:
        line = (exc.line or 0) + 1
        return SplitFragment(None, text[m.end():], body_line, Location(shown, line=line)), [
            make("front-matter", Location(shown, line=line, col=exc.col),
                 f"front matter is not valid YAML: {exc}")]
    if not isinstance(pos.data, dict):
        return SplitFragment(None, text[m.end():], body_line, Location(shown, line=2)), [
            make("front-matter", Location(shown, line=2), "front matter must be 'key: value' lines")]
    meta, diags = schema.validate(FragmentMeta, pos.data, Location(shown),
                                  line_of=lambda loc: (pos.line_of(loc) or 0) + 1)
    return SplitFragment(meta, text[m.end():], body_line, Location(shown, line=2)), diags


def to_blocks(bodies: list[str], roots: list[Path]) -> list[tuple[list, Mapper]]:
    """Parse many Markdown bodies with one pandoc run; return (blocks, mapper) for each.

    ``roots`` are the folders the bodies' relative image paths are resolved against.
    """
    if not bodies:
        return []
    from uprreport.readers.pandoc import pypandoc as load_pypandoc

    pypandoc = load_pypandoc()  # lazy: CLI start-up must not pay for it

    parts = []
    for n, body in enumerate(bodies):
        body = _NOTE_LABEL.sub(lambda m, n=n: f"[^u{n}x{m.group(1)}]", body)
        parts.append(f"::::::::: {{#uprfrag{n}}}\n\n{body}\n\n:::::::::\n")
    ast = json.loads(pypandoc.convert_text("\n".join(parts), "json", format=PANDOC_FORMAT,
                                           extra_args=["--sandbox", "+RTS", "-M1024m", "-RTS"]))
    out = [([], Mapper(media_root=root)) for root in roots]
    for blk in ast["blocks"]:
        if blk["t"] == "Div" and blk["c"][0][0].startswith("uprfrag"):
            n = int(blk["c"][0][0][7:])
            out[n] = (out[n][1].blocks(blk["c"][1]), out[n][1])
    return out
