"""Read Word (.docx) narrative fragments through pandoc, after looking at what Word hides.

Two stages, as pandoc's own Word reader has: ``inspect`` reads the package XML for what
must not be shipped silently (tracked changes, comments); ``read`` has pandoc turn the
file into its AST (footnotes, endnotes, lists, tables with merged cells, images,
hyperlinks, paragraph styles) and maps that onto document blocks.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, Severity, make
from uprreport.ooxml import read as ooxml
from uprreport.ooxml.ns import qn
from uprreport.readers import package
from uprreport.readers.docx_prepare import Prepared, prepare
from uprreport.readers.pandoc_ast import TOO_DEEP, Mapper, TooDeep

# Revision marks as Word's Review pane counts them (a moved text has a moveFrom and a moveTo;
# counted once). Inserted or deleted paragraph marks (w:ins/w:del in w:rPr) count too.
_REVISIONS = {"ins": "insertion", "del": "deletion", "moveFrom": "move", "moveTo": None,
              "rPrChange": "formatting change", "pPrChange": "formatting change",
              "tblPrChange": "formatting change", "tcPrChange": "formatting change",
              "trPrChange": "formatting change", "sectPrChange": "formatting change"}


@dataclass
class WordFacts:
    revisions: Counter = field(default_factory=Counter)   # kind -> count
    comments: int = 0

    def revision_summary(self) -> str:
        return ", ".join(f"{n} {kind}{'s' * (n != 1)}" for kind, n in self.revisions.items() if n)


def inspect(path: Path) -> WordFacts:
    """Count tracked changes and comments; raises one of package.DAMAGED if not a .docx."""
    facts = WordFacts()
    with ooxml.Package(path) as pkg:
        pkg.document()   # KeyError when this is no Word document
        for name in ooxml.STORY_PARTS:
            root = pkg.part(name)
            if root is not None:
                facts.revisions.update(ooxml.count_elements(root, _REVISIONS))
        comments = pkg.part("word/comments.xml")
        if comments is not None:
            facts.comments = len(comments.findall(qn("w:comment")))
    return facts


def read(path: Path, shown: str, styles: dict[str, str], tracked_changes: str) -> tuple[list | None, list[Diagnostic]]:
    """Return (blocks or None if refused, diagnostics) for the Word file at ``path``."""
    where = Location(shown)
    gate = package.check(path, "Word")
    if gate.problem:
        return None, [make("file-refused", where, f"this file {gate.problem}")]
    diags: list[Diagnostic] = [make("package-warning", where, w) for w in gate.warnings]
    try:
        facts = inspect(path)
    except package.DAMAGED as exc:
        if "Excessive depth" in str(exc):   # lxml refuses XML nested past 256 elements
            return None, diags + [make("fragment-nesting", where, TOO_DEEP.replace("the text", "this Word file"))]
        return None, [make("file-unreadable", where,
                           "this is not a Word .docx file that can be read (it may be an old .doc, "
                           "password-protected or damaged); open it in Word and save it as .docx without a password")]
    if facts.revisions:
        if tracked_changes == "refuse":
            return None, [make("fragment-revisions", where,
                               f"has tracked changes ({facts.revision_summary()}); accept or reject them in Word "
                               "(Review > Accept/Reject) and save, or set 'tracked_changes: accept' in report.yaml",
                               severity=Severity.ERROR)]
        diags.append(make("fragment-revisions", where,
                          f"has tracked changes ({facts.revision_summary()}); they are accepted as with "
                          "Word's Accept All. Set 'tracked_changes: refuse' in report.yaml to refuse such files"))
    if facts.comments:
        diags.append(make("fragment-comments", where,
                          f"has {facts.comments} comment{'s' * (facts.comments != 1)}; comments are not carried "
                          "into the report. Resolve them with the author if they matter"))

    from uprreport.readers import pandoc_cache
    from uprreport.readers.pandoc import program

    with tempfile.TemporaryDirectory(prefix="uprreport-media-") as work:
        prepared_path, media = Path(work) / "prepared.docx", Path(work) / "media"
        try:
            prepared = prepare(path, prepared_path)
        except package.DAMAGED:
            return None, diags + [make("file-unreadable", where, "this Word file is damaged; open it in Word and "
                                       "save it again")]
        diags.extend(_prepared(prepared, where))
        # a file with pictures is read each time (pandoc writes them out); others come from
        # the cache when this very file was read before (readers/pandoc_cache.py)
        key = pandoc_cache.key(program(), "docx+styles --track-changes=accept",
                               hashlib.sha256(prepared_path.read_bytes()).hexdigest())
        ast = {"blocks": pandoc_cache.get([key]).get(key)}
        if ast["blocks"] is None:
            from uprreport.readers import pandoc

            try:
                ast = json.loads(pandoc.convert_file(
                    prepared_path, "docx+styles",
                    # --sandbox: pandoc reads nothing but this file (no linked pictures, no network)
                    ["--sandbox", "--track-changes=accept", f"--extract-media={media}",
                     "+RTS", "-M1024m", "-RTS"]))   # at most 1 GB of memory
            except pandoc.Failed as exc:
                return None, diags + [make("file-unreadable", where, f"pandoc could not read this Word file "
                                           f"({exc}); open it in Word and save it again")]
            except RecursionError:
                return None, diags + [make("fragment-nesting", where, TOO_DEEP.replace("the text", "this Word file"))]
            if not media.exists() or not any(media.rglob("*")):
                pandoc_cache.put({key: ast["blocks"]})
        mapper = Mapper(styles, media)
        try:
            blocks = mapper.blocks(ast["blocks"])
        except (TooDeep, RecursionError):
            return None, diags + [make("fragment-nesting", where, TOO_DEEP.replace("the text", "this Word file"))]
    for name, n in mapper.unknown_styles.most_common():
        diags.append(make("style-unknown", where,
                          f"paragraph style '{name}' ({n} paragraph{'s' * (n != 1)}) is not a style of the "
                          f"report; its text is set as body text. To choose its look, add under 'styles:' in "
                          f"report.yaml a line '{name}: Quote' (or another template style)"))
    for src in mapper.missing_images:
        diags.append(make("image-missing", where, f"an image ({src}) could not be read and is left out"))
    if mapper.note_images:
        n = len(mapper.note_images)
        diags.append(make("fragment-loss", where,
                          f"{n} picture{'s' * (n != 1)} inside notes ({', '.join(mapper.note_images[:3])}) "
                          f"{'are' if n != 1 else 'is'} left out (a note holds text only); the note says "
                          "'[image: …]' instead. Place the picture in the text if it matters"))
    return blocks, diags


def _prepared(p: Prepared, where: Location) -> list[Diagnostic]:
    """What preparing the file for pandoc changed or could not carry, in the drafter's words."""
    out = []
    if p.text_boxes:
        out.append(make("fragment-adapted", where,
                        f"{p.text_boxes} text box{'es' * (p.text_boxes != 1)}: the text of each is placed after the "
                        "paragraph the box was anchored in (the report has no floating boxes); check that it reads "
                        "well there"))
    if p.check_boxes:
        out.append(make("fragment-adapted", where,
                        f"{p.check_boxes} form check box{'es' * (p.check_boxes != 1)}, written as \u2612 (ticked) "
                        "or \u2610 (not ticked)"))
    if p.charts:
        out.append(make("fragment-loss", where,
                        f"{p.charts} chart{'s' * (p.charts != 1)} or SmartArt graphic{'s' * (p.charts != 1)} "
                        f"{'are' if p.charts != 1 else 'is'} not carried into the report; in Word, copy "
                        f"{'each' if p.charts != 1 else 'it'} and paste as a picture (Paste Special > Picture)"))
    if p.headers_footers:
        parts = " and ".join(f"{k}s" for k in ("header", "footer") if k in p.headers_footers)
        out.append(make("fragment-loss", where,
                        f"its {parts} are not carried into the report, which has its own; move any text that "
                        "matters into the body"))
    return out
