"""The compiler in one page: the passes, in the order they run.

    read      readers.project.read              project folder -> Project (+ diagnostics)
    PREPARE   transforms over the Project       resolve themes, spell statuses as the vocabulary does,
                                                read ids Excel holds as numbers
    CHECKS    checks over the Project           report only, change nothing
    PASSES    passes over the Document          cover fields, assemble, translations, annexes, number,
                                                count, limits

Every pass returns the diagnostics it found (an empty tuple when it only changes things).
Errors after CHECKS stop the run: no document is assembled from a project with errors.
Writers (``writers/``) take the Document from here; nothing in this module writes files.

Compiling is pure: what the readers return is never changed. Each PREPARE transform gives a
new Project (sharing what it leaves as it was), a build's language is a new Project too, and
the Document is new on every compile, its paragraphs copies of the fragments' (they get ids
and numbers): the same project compiled twice gives the same document and diagnostics
(tests/test_pure.py).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from uprreport.diagnostics import Report
from uprreport.model.nodes import Document
from uprreport.model.project import Project
from uprreport.readers import project as project_reader
from uprreport.transforms import (annexes, assemble, citations, cover, coverage, limits, numbering, numeric_ids,
                                  outline, ownership, pasted, recommending, references, required, statuses, themes,
                                  translate, wordcount)
from uprreport.transforms.context import Context, Options
from uprreport.transforms.wordcount import WordCount

# Transforms over the project as read: (project) -> (a new project, diagnostics); the one
# given is left as it is.
PREPARE = [themes.apply, statuses.normalise, numeric_ids.resolve]

# Checks over the project: (project) -> diagnostics. They never change the project.
CHECKS = [required.check, numeric_ids.check, recommending.check, references.check, ownership.check, statuses.check,
          outline.check, citations.check, pasted.check, coverage.check]

# Passes over the document: (doc, ctx) -> diagnostics, in order.
PASSES = [cover.apply, assemble.apply, translate.apply, annexes.apply, numbering.apply, wordcount.apply,
          limits.apply]


@dataclass
class Compiled:
    """The document tree of a valid project, numbered, with annexes, and its word count."""

    doc: Document
    words: WordCount
    paragraphs: int
    project: Project      # the project as compiled: in the build's language, with its translations


@dataclass
class Validation:
    project: Project
    report: Report
    compiled: Compiled | None = None   # None when the project has errors

    @property
    def names(self) -> dict[str, str]:
        return {c.slug: c.display_name for c in self.project.contributions}


@contextmanager
def bulk():
    """Python's cyclic garbage collector paused while a project is read and compiled.

    Reading a register makes a few container objects per row (a model, its lists) and no
    reference cycles, yet the collector, counting allocations, walks every live object again
    and again as they accumulate: with 100,000 recommendations that was more than half of
    `validate`'s time. What is garbage is still freed at once (reference counting); the
    collector resumes when the outermost ``bulk`` ends, as it was (left alone if it was
    already paused). What was made meanwhile then joins the oldest generation at once
    (``gc.freeze`` then ``gc.unfreeze``): left in the youngest, the first allocation after
    would walk all of it (0.25 s for 100,000 recommendations); in the oldest it is walked
    only by a full collection, when Python's own rule calls for one. (``gc.unfreeze`` also
    returns what the command line froze after its imports, about 35,000 objects: a full
    collection then walks them too, a few milliseconds, against the 0.25 s saved.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def checked(project: Project, report: Report) -> Project:
    """Prepare a project as read and run every check on it: the prepared project (a new
    one; ``project`` is left as the readers returned it)."""
    if project.manifest is None:
        return project
    with bulk():
        for prepare in PREPARE:
            project, found = prepare(project)
            report.extend(found)
        if project.profile is not None:
            for check_ in CHECKS:
                report.extend(check_(project))
    return project


def check(root: Path) -> tuple[Project, Report]:
    """Read the project at ``root``, prepare it and run every check on it."""
    report = Report()
    with bulk():
        project = checked(project_reader.read(Path(root), report), report)
    return project, report


def compile(project: Project, report: Report, options: Options = Options()) -> Compiled:
    """Run the document passes over a checked project (in ``options.language``, with the
    project's translations, when it is given). ``project`` is left as it is: the build's
    language is a new project, the document a new tree."""
    found = []
    if options.language and options.language == (project.manifest.language or "en"):
        options = replace(options, language=None)   # the report's own language: nothing to translate
    elif options.language:
        from uprreport.readers import translations

        entries = translations.read(project.root, options.language)
        options = replace(options, original=project.manifest.language or "en")   # "Original: French"
        project, found = translate.localise(project, options.language, entries)
        project = replace(project, manifest=project.manifest.model_copy(update={"language": options.language}),
                          translations=entries)
    report.extend(found)
    ctx = Context(project, options)
    doc = Document()
    with bulk():
        for apply in PASSES:
            report.extend(apply(doc, ctx))
    return Compiled(doc, ctx.words, ctx.paragraphs, project)


def validate(root: Path, draft: bool = False, language: str | None = None, furniture: bool = True) -> Validation:
    """Read ``root`` and run every pass, the length limits included (as for a final build
    unless ``draft``), in ``language`` when given; all problems are in the returned report.
    Without ``furniture`` the document is only checked: its cover fields are left empty."""
    project, report = check(root)
    v = Validation(project, report)
    if project.profile is not None and not report.has_errors():
        v.compiled = compile(project, report, Options(draft=draft, language=language, furniture=furniture))
    return v
