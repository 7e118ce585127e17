"""Read a whole report project folder into a Project, collecting every diagnostic."""

from __future__ import annotations

import threading
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from uprreport import resources
from uprreport.diagnostics import Location, Report, make
from uprreport.errors import UprError, UsageError
from uprreport.model.contribution import Contributor
from uprreport.model.manifest import Manifest
from uprreport.model.project import Project
from uprreport.readers import (assignments, contribution, links, markdown, members, package, register, tables,
                               yamlfile)
from uprreport.readers import profile as profile_reader
from uprreport.readers import template

MANIFEST = "report.yaml"


def _lenient(data: dict) -> Manifest:
    """A manifest of the fields that are valid on their own, for checking the rest of the
    project when report.yaml has errors (which are reported, so nothing gets built)."""
    good = {}
    for name, info in Manifest.model_fields.items():
        key = info.alias or name
        if key in data:
            try:
                good[name] = TypeAdapter(info.annotation).validate_python(data[key])
            except ValidationError:
                pass
    return Manifest.model_construct(**good)


def read_manifest(root: Path):
    """(manifest, positions, diagnostics) of the project at ``root``. When report.yaml has
    errors, the manifest holds the fields that are valid on their own (others absent), so
    that the rest of the project can still be checked; it is None when the file cannot be
    read at all. Raises UsageError if ``root`` is not a project."""
    root = Path(root)
    if not root.is_dir():
        raise UsageError(f"'{root}' is not a folder", hint="give the path of a report project folder")
    if not (root / MANIFEST).is_file():
        raise UsageError(f"'{root}' has no {MANIFEST}, so it is not a report project",
                         hint="create one with `uprreport init <folder> --kind national`")
    manifest, pos, diags = yamlfile.read_model(Manifest, root / MANIFEST, MANIFEST)
    if manifest is None and pos is not None and isinstance(pos.data, dict):
        manifest = _lenient(pos.data)
    return manifest, pos, diags


def contribution_folders(root: Path) -> list[Path]:
    """The folders under contributions/, one per contributing body (hidden ones are not)."""
    folder = Path(root) / "contributions"
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")) \
        if folder.is_dir() else []


def lead_contribution(root: Path) -> str | None:
    """The folder name of the contribution whose contributor.yaml says ``lead: true``."""
    for sub in contribution_folders(root):
        if (sub / "contributor.yaml").is_file():
            contributor, _pos, _diags = yamlfile.read_model(Contributor, sub / "contributor.yaml", sub.name)
            if contributor is not None and contributor.lead:
                return sub.name
    return None


def read(root: Path, report: Report) -> Project:
    """Read ``root``; problems go to ``report``. Raises UsageError if it is not a project."""
    root = Path(root)
    manifest, pos, diags = read_manifest(root)
    if manifest is not None:
        report.suppressed = frozenset(manifest.suppress or ())
    report.extend(diags)

    profile = None
    if manifest is not None and getattr(manifest, "kind", None):
        try:
            profile = profile_reader.read(manifest.kind)
        except UsageError as exc:
            report.emit("field-invalid", Location(MANIFEST, line=pos.line_of(("kind",)) if pos else None, field="kind"),
                        f"{exc} ({exc.hint})")
        except UprError as exc:   # a shipped profile that is not valid: its own diagnostics
            report.extend(exc.diagnostics)
    project = Project(root, manifest, profile)
    if profile is not None:
        chosen = getattr(manifest, "template", None)
        path = resources.template(root, profile.template, chosen)
        if chosen and not package.is_file(path):
            report.emit("file-missing", Location(MANIFEST, line=pos.line_of(("template",)) if pos else None,
                                                 field="template"),
                        f"the Word template '{chosen}' does not exist; write one with `uprreport template export "
                        f"{root.name}`, or remove 'template:' to use the shipped one")
        elif chosen or path.parent != resources.templates_dir():   # the shipped ones are checked by tests
            report.extend(template.check(path, chosen or f"templates/{profile.template}"))

    reg_name = getattr(manifest, "register_file", None) or "recommendations.csv"
    report.first = (MANIFEST, reg_name, getattr(manifest, "members", None) or "")
    # A workbook's cells are read by calamine, which lets other Python threads run meanwhile
    # (about 0.9 s for 100,000 recommendations): the contributions are read at the same time.
    # The problems are reported in the same order either way.
    reading = _Reading(register.read_cycles, root / reg_name, reg_name,
                       background=Path(reg_name).suffix.lower() in tables.WORKBOOKS)
    subdirs = contribution_folders(root)
    try:
        read_contributions = [contribution.read(sub, root, manifest) for sub in subdirs]
        # the fragments' Markdown too: pandoc runs in its own process, on the other core
        pending = [frag for _contrib, frags, _diags in read_contributions for frag in frags]
        parsed = markdown.to_blocks([b for _f, b in pending], [root / Path(f.path).parent for f, _b in pending])
    except BaseException:
        reading.abandon()   # the register's thread ends before this error goes on (it keeps no file half-made)
        raise
    recs, where, diags, earlier = reading.result()
    project.recommendations, project.rec_locations, project.register_path = recs, where, reg_name
    project.earlier = earlier
    report.extend(diags)
    project.links, diags = links.read(root, set(where), {(r.cycle, r.id) for r in earlier},
                                      mechanisms={r.id: r.mechanism for r in recs})
    report.extend(diags)
    project.earlier_status, diags = links.read_earlier(root)
    report.extend(diags)

    members_file = getattr(manifest, "members", None)
    if members_file:
        project.members, diags = members.read(root / members_file, members_file)
        report.extend(diags)

    if not subdirs:
        report.emit("no-contributions", Location("contributions"),
                    "no contribution folders; add one folder per contributing body under contributions/")
    for contrib, _frags, diags in read_contributions:
        project.contributions.append(contrib)
        report.extend(diags)
    assignments_name = getattr(manifest, "assignments_file", None) or "assignments.csv"
    project.assignments, project.assignment_locations, diags = assignments.read(
        root / assignments_name, assignments_name, project.contributions, set(project.recommendation_map()))
    report.extend(diags)
    for (frag, _body), (blocks, mapper) in zip(pending, parsed):
        frag.blocks = blocks
        if mapper.failure is not None:   # this file only: the others are read and checked
            report.emit(mapper.failure[0], Location(frag.path), mapper.failure[1])
        for src in mapper.missing_images:
            report.emit("image-missing", Location(frag.path), f"image '{src}' was not found beside the fragment; "
                        "put the picture file in the contribution folder and give its name")
        for src in mapper.note_images:
            report.emit("fragment-loss", Location(frag.path), f"the picture '{src}' inside a note is left out (a note "
                        "holds text only); place it in the text if it matters")
    return project


class _Reading:
    """``work(*args)``, in a thread of its own when ``background``, else at once; ``result()``
    gives what it returned, or raises what it raised."""

    def __init__(self, work, *args, background: bool):
        self._out = self._error = None
        self._thread = None
        if background:
            self._thread = threading.Thread(target=self._run, args=(work, args), daemon=True,
                                            name="uprreport-register")
            self._thread.start()
        else:
            self._run(work, args)

    def _run(self, work, args) -> None:
        try:
            self._out = work(*args)
        except BaseException as exc:   # given to the caller by result()
            self._error = exc

    def abandon(self) -> None:
        """Wait for the work to end, and drop what it returned or raised."""
        if self._thread is not None:
            self._thread.join()
        self._out = self._error = None

    def result(self):
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        return self._out
