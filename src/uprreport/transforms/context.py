"""What the document passes share: the project, the options of this run, and what the
passes measured (paragraph count, word count)."""

from __future__ import annotations

from dataclasses import dataclass, field

from uprreport.model.project import Project
from uprreport.transforms.wordcount import WordCount


@dataclass(frozen=True)
class Options:
    draft: bool = False          # over a length limit is a warning, not an error
    language: str | None = None  # build the report in this language (its translations put in)
    furniture: bool = True       # fill the cover's fields (writers need them; a check alone does not)
    original: str | None = None  # a translated build: the language the report was written in


@dataclass
class Context:
    project: Project
    options: Options = field(default_factory=Options)
    paragraphs: int = 0          # numbered paragraphs (set by numbering)
    words: WordCount | None = None   # set by wordcount
