"""Read and describe the CSV that IMPACT OSS (and OHCHR's NRTD) exchange recommendations in:
Reference, Title, Support Level (supported / supported in part / noted), Response, and,
when present, the recommending States, the human rights body, the document and themes."""

from __future__ import annotations

import re
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, make
from uprreport.model.register import Position, parse_position
from uprreport.readers import tables

# IMPACT OSS's words for the positions (read through model.register.parse_position).
SUPPORT_OUT = {Position.SUPPORTED: "Supported", Position.PARTIALLY_SUPPORTED: "Supported in part",
               Position.NOTED: "Noted", Position.PLEDGE: "Voluntary pledge"}
# Register columns an IMPACT import sets.
OWNED = ["text", "states", "position", "response", "mechanism", "themes", "sdgs"]
HEADERS = {"reference": "reference", "title": "text", "recommendation": "text", "text": "text",
           "support_level": "support", "support": "support", "response": "response",
           "recommending_states": "states", "recommending_state": "states", "states": "states",
           "human_rights_body": "mechanism", "body": "mechanism", "mechanism": "mechanism",
           "document": "source", "source": "source", "themes": "themes", "theme": "themes", "sdgs": "sdgs"}
EXPORT_COLUMNS = ["Reference", "Title", "Recommending States", "Support Level", "Response", "Human Rights Body",
                  "Document", "Themes", "SDGs"]
_REF = re.compile(r"^(?:(?P<symbol>[A-Z]+/[\w./]+?)[,\s]+(?:para\.?\s*)?)?(?P<id>\d+\.\d+|[A-Za-z][\w]*-[\w.()/-]+)$")


def read(path: Path, shown: str) -> tuple[list[dict], list[Diagnostic]]:
    """Register rows (id, text, states, position, response, mechanism, source, themes, sdgs)."""
    data, diags = tables.read_table(path, shown)
    if data is None:
        return [], diags
    columns = {c: HEADERS[c] for c in data.columns if c in HEADERS}
    if not {"reference", "text", "support"} <= set(columns.values()):
        return [], diags + [make("table-missing-column", Location(shown, row=1),
                                 "not an IMPACT OSS export: it needs Reference, Title and Support Level columns")]
    out = []
    for n, row in data.rows:
        r = {columns[c]: v for c, v in row.items() if c in columns}
        m = _REF.match(r.get("reference", "").strip())
        try:
            support = parse_position(r.get("support", "")).value
        except ValueError:
            support = None
        if not m or support is None:
            what = "reference" if not m else "support level"
            diags.append(make("import-layout", Location(shown, row=n),
                              f"row not read: {what} '{r.get('reference' if not m else 'support', '')}' not understood "
                              "(references look like 140.7 or 'A/HRC/44/12, para. 140.7'; support levels are "
                              "supported, supported in part, noted)"))
            continue
        row = {"id": m.group("id"), "text": r.get("text", ""), "states": r.get("states", ""),
               "position": support, "response": r.get("response", ""),
               "mechanism": r.get("mechanism", "") or "UPR",
               "source": r.get("source", "") or (m.group("symbol") or ""),
               "themes": r.get("themes", ""), "sdgs": r.get("sdgs", "")}
        out.append({k: v for k, v in row.items() if k in OWNED or v})
    return out, diags


def export_row(rec, default_source: str = "") -> dict:
    """One IMPACT OSS row for a register Recommendation."""
    return {"Reference": rec.id, "Title": rec.text, "Recommending States": "; ".join(rec.states),
            "Support Level": SUPPORT_OUT[rec.position], "Response": rec.response or "",
            "Human Rights Body": rec.mechanism, "Document": rec.source or default_source, "Themes": "; ".join(rec.themes),
            "SDGs": "; ".join(str(s) for s in rec.sdgs)}
