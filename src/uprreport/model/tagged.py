"""A paragraph's inline content as text with a few tags, for translators: <b>, <i>, <u>,
<a href="…">, and <note>…</note> for a note's text where its mark stands. Translators move
the tags with the words; ``parse`` turns a translation back into runs and notes."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

from uprreport.model.nodes import NoteRef, Para, Run

_FLAGS = {"b": "bold", "i": "italic", "u": "underline"}


def tagged(inlines) -> str:
    """The tagged text of ``inlines`` (runs and notes; pictures are left out)."""
    out = []
    for item in inlines:
        if isinstance(item, NoteRef):
            text = " ".join(tagged(p.inlines) for p in item.blocks if isinstance(p, Para))
            out.append(f"<note>{text}</note>")
        elif isinstance(item, Run):
            text = escape(item.text, quote=False)
            for tag, flag in _FLAGS.items():
                if getattr(item, flag):
                    text = f"<{tag}>{text}</{tag}>"
            if item.link:
                text = f'<a href="{escape(item.link)}">{text}</a>'
            out.append(text)
    return "".join(out)


class TagError(ValueError):
    """A translation whose tags do not pair up."""


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.out: list = []
        self.note: list | None = None

    def _fmt(self) -> dict:
        fmt = {flag: any(t == tag for t, _ in self.stack) for tag, flag in _FLAGS.items()}
        fmt["link"] = next((href for t, href in reversed(self.stack) if t == "a"), None)
        return fmt

    def handle_starttag(self, tag, attrs):
        if tag == "note":
            if self.note is not None:
                raise TagError("a note inside a note")
            self.note = []
            return
        if tag not in (*_FLAGS, "a"):
            raise TagError(f"<{tag}> is not a tag of uprreport (only b, i, u, a and note)")
        self.stack.append((tag, dict(attrs).get("href")))

    def handle_endtag(self, tag):
        if tag == "note":
            if self.note is None:
                raise TagError("</note> without <note>")
            self.out.append(NoteRef([Para(self.note, numbered=False)]))
            self.note = None
            return
        if not self.stack or self.stack[-1][0] != tag:
            raise TagError(f"</{tag}> does not close the last tag opened")
        self.stack.pop()

    def handle_data(self, data):
        (self.note if self.note is not None else self.out).append(Run(data, **self._fmt()))


def parse(text: str) -> list:
    """The runs and notes of a tagged text; TagError when its tags do not pair up."""
    p = _Parser()
    p.feed(text)
    p.close()
    if p.stack or p.note is not None:
        raise TagError("a tag is opened and not closed")
    return p.out
