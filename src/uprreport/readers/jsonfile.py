"""Read a JSON file as strict JSON, with the line of every key when it can be found.

JSON is read by Python's own parser, whatever YAML would make of it (YAML 1.1 refuses
some characters JSON allows, and reads some escapes otherwise). Numbers with a fraction are
kept as the text written, as in YAML files (140.10 is an id, not the number 140.1). The
lines come from the YAML composer, which reads nearly all JSON; when it cannot, the values
are still read and only their lines are unknown.
"""

from __future__ import annotations

import json
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.readers import yamlpos

MAX_TEXT = 20 * 1024 * 1024


def _int(text: str):
    """An integer; one too long for a number anybody writes stays text (Python refuses to
    convert more than 4,300 digits)."""
    return int(text) if len(text) <= 30 else text


def loads(text: str, shown: str) -> tuple[yamlpos.Positioned | None, list[Diagnostic]]:
    """The data of ``text`` (a JSON document) with its lines, or None and a located problem."""
    if len(text) > MAX_TEXT:
        return None, [make("file-refused", Location(shown), f"this file is larger than {MAX_TEXT // (1024 * 1024)} "
                           "MB; refused")]
    try:
        data = json.loads(text, parse_float=str, parse_int=_int, parse_constant=str)
    except json.JSONDecodeError as exc:
        return None, [make("json-syntax", Location(shown, line=exc.lineno, col=exc.colno),
                           f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}). Look for a "
                           "missing comma or quote, or a comma after the last item of a list")]
    except RecursionError:
        return None, [make("json-syntax", Location(shown), "values are nested too deeply (lists inside lists "
                           "hundreds of levels deep); check its brackets, or restore the file")]
    except ValueError as exc:
        return None, [make("json-syntax", Location(shown), f"not valid JSON ({exc})")]
    try:
        lines = yamlpos.load(text).lines
    except yamlpos.YamlSyntaxError:
        lines = {}
    return yamlpos.Positioned(data, lines), []


def read(path: Path, shown: str) -> tuple[yamlpos.Positioned | None, list[Diagnostic]]:
    """The data of the JSON file at ``path``, or None and a located problem (missing,
    unreadable, not UTF-8, not JSON)."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return None, [make("file-missing", Location(shown), f"{Path(path).name} is missing")]
    except OSError as exc:
        return None, [make("file-unreadable", Location(shown), f"cannot read the file: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [make("file-unreadable", Location(shown), f"not UTF-8 text (byte {exc.start}); save it as "
                           "UTF-8")]
    return loads(text, shown)
