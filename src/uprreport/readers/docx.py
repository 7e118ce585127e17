"""Read Word (.docx) narrative fragments through pandoc, after looking at what Word hides.

Two stages, as pandoc's own Word reader has: ``inspect`` reads the package XML for what
must not be shipped silently (tracked changes, comments); ``read`` has pandoc turn the
file into its AST (footnotes, endnotes, lists, tables with merged cells, images,
hyperlinks, paragraph styles) and maps that onto document blocks. What pandoc does not
carry is carried by ``docx_prepare`` (lists' levels, tables' grids, widths and pages,
symbols) and here: the pictures of embedded objects, Windows metafiles (WMF, EMF) that a
PDF cannot show, are converted to PNG by LibreOffice. Whatever is still lost is named,
with the place in the file (docs/word-fragments.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from uprreport.diagnostics import Diagnostic, Location, Severity, make
from uprreport.model.nodes import Run
from uprreport.ooxml import read as ooxml
from uprreport.ooxml.ns import qn
from uprreport.readers import package
from uprreport.readers.docx_prepare import SYMBOL_FONTS, Prepared, prepare
from uprreport.readers.pandoc_ast import METAFILES, TOO_DEEP, Mapper, TooDeep

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
            prepared = prepare(path, prepared_path, symbol_table)
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
        pictures, why = _metafiles_to_png(media, shown)
        mapper = Mapper(styles, media, prepared, pictures)
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
    diags.extend(_pictures(mapper, prepared, where, why))
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
    if p.symbol_losses:
        n = len(p.symbol_losses)
        listed = "; ".join(f"{what} in {place}" for place, what in p.symbol_losses[:5])
        out.append(make("fragment-loss", where,
                        f"{n} character{'s' * (n != 1)} would print as {'boxes' if n != 1 else 'a box'} (a symbol "
                        f"with no Unicode character, or a private-use character): {listed}{' …' * (n > 5)}. "
                        f"In Word, replace "
                        f"{'them' if n != 1 else 'it'} (Insert > Symbol, from a text font such as Segoe UI Symbol)"))
    if p.grid_filled:
        out.append(make("fragment-adapted", where,
                        f"{', '.join(p.grid_filled)}: rows that begin or end short of the table's columns "
                        "(cells left out in Word) are completed with empty cells, so that every cell stays in "
                        "its column"))
    if p.numbered_headings:
        n = len(p.numbered_headings)
        out.append(make("fragment-adapted", where,
                        f"{n} heading{'s' * (n != 1)} numbered by a Word list: {'; '.join(p.numbered_headings[:5])}"
                        f"{' …' * (n > 5)}. The number Word shows there is not printed (a fragment's headings are "
                        "sub-headings without numbers; the report's outline numbers its own), while the list's next "
                        "items keep counting it; write the number into the heading's text if it matters"))
    if p.picture_bullets:
        out.append(make("fragment-adapted", where,
                        f"{p.picture_bullets} list level{'s' * (p.picture_bullets != 1)} with a picture for a bullet "
                        "are printed with the bullet \u2022"))
    turned = [f.place for f in p.tables.values() if f.landscape]
    if turned:
        out.append(make("fragment-adapted", where,
                        f"{', '.join(turned)} {'lie' if len(turned) != 1 else 'lies'} in a landscape section of the "
                        f"file: {'they are' if len(turned) != 1 else 'it is'} set on landscape pages of the report, "
                        "as in the file", severity=Severity.INFO))
    if p.headers_footers:
        parts = " and ".join(f"{k}s" for k in ("header", "footer") if k in p.headers_footers)
        out.append(make("fragment-loss", where,
                        f"its {parts} are not carried into the report, which has its own; move any text that "
                        "matters into the body"))
    return out


# symbols ------------------------------------------------------------------------------
# The Symbol font's characters that the Adobe Glyph List (and so pandoc) gives private-use
# code points, as Apple's mapping of the Symbol font gives them (SYMBOL.TXT, published by
# Unicode in MAPPINGS/VENDORS/APPLE): bracket pieces, and the registered, copyright and
# trade mark signs in their serif and sans-serif forms.
SYMBOL_PUA = {0xBD: "\u23d0", 0xBE: "\u23af", 0xD2: "\u00ae", 0xD3: "\u00a9", 0xD4: "\u2122", 0xE2: "\u00ae",
              0xE3: "\u00a9", 0xE4: "\u2122", 0xE6: "\u239b", 0xE7: "\u239c", 0xE8: "\u239d", 0xE9: "\u23a1",
              0xEA: "\u23a2", 0xEB: "\u23a3", 0xEC: "\u23a7", 0xED: "\u23a8", 0xEE: "\u23a9", 0xEF: "\u23aa",
              0xF4: "\u23ae", 0xF6: "\u239e", 0xF7: "\u239f", 0xF8: "\u23a0", 0xF9: "\u23a4", 0xFA: "\u23a5",
              0xFB: "\u23a6", 0xFC: "\u23ab", 0xFD: "\u23ac", 0xFE: "\u23ad"}
_SEP = "\u2016"   # separates the fields of the table's lines in the probe document


def symbol_table() -> dict[tuple[str, int], str]:
    """(symbol font in lower case, code 0x20-0xFF) -> its Unicode character, for Symbol,
    Wingdings 1-3 and Webdings: pandoc's own table (its Word reader maps ``w:sym``), asked
    for once per pandoc program through a document holding every code (kept in the pandoc
    cache), with SYMBOL_PUA and the fonts' spaces for the codes pandoc leaves private-use."""
    from uprreport.readers import pandoc, pandoc_cache

    key = pandoc_cache.key(pandoc.program(), "symbol table", "1")
    rows = pandoc_cache.get([key]).get(key)
    if rows is None:
        try:
            rows = _ask_pandoc()
        except (pandoc.Failed, OSError, ValueError, KeyError):   # no table: every symbol is named instead
            return {}
        pandoc_cache.put({key: rows})
    table = {}
    for font, code, text in rows:
        if len(text) == 1 and 0xE000 <= ord(text) <= 0xF8FF:
            text = SYMBOL_PUA.get(code) if font == "symbol" else {0x20: " ", 0xA0: "\u00a0"}.get(code)
        if text:
            table[(font, code)] = text
    return table


def _ask_pandoc() -> list:
    import io
    import zipfile

    from uprreport.readers import pandoc

    paras = "".join(f'<w:p><w:r><w:t>{i}{_SEP}{code}{_SEP}</w:t></w:r><w:r><w:sym w:font="{font.title()}" '
                    f'w:char="F0{code:02X}"/></w:r><w:r><w:t>{_SEP}</w:t></w:r></w:p>'
                    for i, font in enumerate(SYMBOL_FONTS) for code in range(0x20, 0x100))
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                   'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                   '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                   'document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                   '</Relationships>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>'
                   f'{paras}</w:body></w:document>')
    with tempfile.TemporaryDirectory(prefix="uprreport-symbols-") as work:
        probe = Path(work) / "symbols.docx"
        probe.write_bytes(buf.getvalue())
        ast = json.loads(pandoc.convert_file(probe, "docx", ["--sandbox"]))
    rows = []
    for block in ast["blocks"]:
        text = "".join(i["c"] if i["t"] == "Str" else " " if i["t"] == "Space" else "" for i in block.get("c", []))
        parts = text.split(_SEP)
        if len(parts) == 4 and parts[0].isdigit() and parts[1].isdigit():
            rows.append([SYMBOL_FONTS[int(parts[0])], int(parts[1]), parts[2]])
    return rows


# pictures -----------------------------------------------------------------------------
PNG_DPI = 200   # metafiles are drawings: rendered finely enough to print


def _metafiles_to_png(media: Path, shown: str) -> tuple[dict[Path, Path | None], str]:
    """Convert the Windows metafiles (WMF, EMF) pandoc extracted into ``media`` to PNG, all in
    one LibreOffice conversion: a document of one page per picture, each page the picture's
    size, made a PDF (LibreOffice Writer draws metafiles), whose pages are rendered by pdfium.
    Returns each metafile and its PNG (None when it could not be converted) and, if some
    could not, why."""
    files = sorted(f for f in media.rglob("*") if f.suffix.lower() in METAFILES) if media.exists() else []
    if not files:
        return {}, ""
    from uprreport import libreoffice
    from uprreport.errors import UprError

    out: dict[Path, Path | None] = {f.resolve(): None for f in files}
    work = media / "_converted"
    cache = _metafile_cache()
    keys = {f: _metafile_key(f) for f in files} if cache is not None else {}
    for k, f in enumerate(files):   # converted before (the same picture's bytes): no LibreOffice
        kept = cache / f"{keys[f]}.png" if cache is not None and keys[f] else None
        if kept is not None and kept.is_file():
            try:
                work.mkdir(exist_ok=True)
                png = work / f"cached-{k}-{f.stem}.png"
                shutil.copyfile(kept, png)
                out[f.resolve()] = png
            except OSError:
                pass
    files = [f for f in files if out[f.resolve()] is None]
    if not files:
        return out, ""
    sizes = [_metafile_size(f) for f in files]
    usable = [(f, size) for f, size in zip(files, sizes) if size]
    if not usable:
        return out, "their size cannot be read (damaged)"
    if libreoffice.soffice() is None:
        return out, "LibreOffice, which converts them, is not installed"
    work.mkdir(exist_ok=True)
    doc, pdf = work / "pictures.fodt", work / "pictures.pdf"
    doc.write_text(_pages(usable), encoding="utf-8")
    try:
        libreoffice.convert(doc, pdf, timeout=120, document=f"the pictures of {shown}")
        import pypdfium2

        rendered = pypdfium2.PdfDocument(str(pdf))
        try:
            if len(rendered) != len(usable):
                return out, "LibreOffice did not draw them all"
            for k, (f, _size) in enumerate(usable):
                png = work / f"{k}-{f.stem}.png"
                page = rendered[k]
                scale = min(PNG_DPI / 72, 4000 / max(page.get_size()))
                page.render(scale=scale).to_pil().save(png, "PNG", dpi=(72 * scale, 72 * scale))
                out[f.resolve()] = png
                _keep_metafile(cache, keys.get(f), png)
        finally:
            rendered.close()
    except (UprError, OSError, RuntimeError) as exc:   # ToolMissing is a UprError; pdfium raises PdfiumError
        return out, f"LibreOffice could not convert them ({exc})"
    except Exception as exc:   # noqa: BLE001 - pdfium's own errors: the pictures are named, the text goes on
        return out, f"they could not be drawn ({type(exc).__name__})"
    missing = sum(1 for v in out.values() if v is None)
    return out, "their size cannot be read (damaged)" if missing else ""


def _metafile_cache() -> Path | None:
    """Where converted metafiles are kept between runs: beside pandoc's cache (the same
    folder, the same UPRREPORT_CACHE, "off" keeps nothing)."""
    from uprreport.readers import pandoc_cache

    where = pandoc_cache.folder()
    return where / "metafiles" if where is not None else None


def _metafile_key(path: Path) -> str:
    """The SHA-256 of a metafile's bytes and of how it is drawn ('' when it cannot be read)."""
    try:
        return hashlib.sha256(f"{PNG_DPI}|1\0".encode() + path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _keep_metafile(cache: Path | None, key: str | None, png: Path) -> None:
    """Keep ``png`` as the conversion of the metafile ``key``; anything going wrong keeps nothing."""
    if cache is None or not key:
        return
    try:
        cache.mkdir(parents=True, exist_ok=True)
        tmp = cache / f".{key}.{os.getpid()}.tmp"
        shutil.copyfile(png, tmp)
        os.replace(tmp, cache / f"{key}.png")
    except OSError:
        pass


def _metafile_size(path: Path) -> tuple[float, float] | None:
    """A metafile's size in centimetres, from its header (Pillow reads WMF and EMF headers)."""
    try:
        from PIL import Image as Pil

        with Pil.open(path) as im:
            dpi = im.info.get("dpi", 72)
            dx, dy = dpi if isinstance(dpi, tuple) else (dpi, dpi)
            w, h = im.size[0] / float(dx) * 2.54, im.size[1] / float(dy) * 2.54
    except Exception:   # noqa: BLE001 - any damage to a header: the picture is named as not carried
        return None
    return (w, h) if 0.05 < w < 100 and 0.05 < h < 100 else None


def _pages(pictures: list[tuple[Path, tuple[float, float]]]) -> str:
    """A flat OpenDocument text: one page per picture, the page its size, the picture inside."""
    import base64

    layouts, masters, styles, body = [], [], [], []
    for k, (f, (w, h)) in enumerate(pictures, 1):
        layouts.append(f'<style:page-layout style:name="L{k}"><style:page-layout-properties fo:page-width="{w:.3f}cm" '
                       f'fo:page-height="{h:.3f}cm" fo:margin-top="0cm" fo:margin-bottom="0cm" fo:margin-left="0cm" '
                       'fo:margin-right="0cm"/></style:page-layout>')
        masters.append(f'<style:master-page style:name="M{k}" style:page-layout-name="L{k}"/>')
        styles.append(f'<style:style style:name="P{k}" style:family="paragraph" style:master-page-name="M{k}">'
                      '<style:paragraph-properties fo:margin="0cm"/><style:text-properties fo:font-size="1pt"/>'
                      '</style:style>')
        body.append(f'<text:p text:style-name="P{k}"><draw:frame text:anchor-type="as-char" svg:width="{w:.3f}cm" '
                    f'svg:height="{h:.3f}cm"><draw:image><office:binary-data>'
                    f'{base64.b64encode(f.read_bytes()).decode()}</office:binary-data></draw:image></draw:frame>'
                    '</text:p>')
    return ('<?xml version="1.0" encoding="UTF-8"?><office:document '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
            'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
            'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
            'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" '
            'office:mimetype="application/vnd.oasis.opendocument.text">'
            f'<office:automatic-styles>{"".join(layouts)}{"".join(styles)}</office:automatic-styles>'
            f'<office:master-styles>{"".join(masters)}</office:master-styles>'
            f'<office:body><office:text>{"".join(body)}</office:text></office:body></office:document>')


def _pictures(mapper: Mapper, p: Prepared, where: Location, why: str) -> list[Diagnostic]:
    """The pictures of embedded objects, converted or left as a place holder, named with
    their places in the file."""
    places = {name: list(found) for name, found in p.metafiles.items()}

    def place(name: str) -> str:
        found = places.get(name)
        return found.pop(0) if found else "the text"

    converted, lost = [], []
    for obj, name in mapper.metafiles:
        (lost if isinstance(obj, Run) else converted).append(f"{place(name)} ({name})")
    out = []
    if converted:
        out.append(make("fragment-adapted", where,
                        f"{len(converted)} picture{'s' * (len(converted) != 1)} in Windows metafile format (WMF/EMF, "
                        f"as Word shows embedded objects) converted to PNG: {'; '.join(converted)}. The objects "
                        "themselves (a chart or table you could edit) are not in the report: check the pictures"))
    if lost:
        out.append(make("fragment-loss", where,
                        f"{len(lost)} picture{'s' * (len(lost) != 1)} in Windows metafile format (WMF/EMF) could not "
                        f"be converted ({why or 'unknown reason'}): {'; '.join(lost)}; the report says '[picture not "
                        "carried …]' there. In Word, copy each and paste it as a PNG picture (Paste Special)"))
    return out
