"""Read a whole report project folder into a Project, collecting every diagnostic."""

from __future__ import annotations

from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from uprreport import resources
from uprreport.diagnostics import Location, Report, make
from uprreport.errors import UprError, UsageError
from uprreport.model.manifest import Manifest
from uprreport.model.project import Project
from uprreport.readers import contribution, markdown, members, register, themes, yamlfile

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


def read(root: Path, report: Report) -> Project:
    """Read ``root``; problems go to ``report``. Raises UsageError if it is not a project."""
    root = Path(root)
    if not root.is_dir():
        raise UsageError(f"'{root}' is not a folder", hint="give the path of a report project folder")
    if not (root / MANIFEST).is_file():
        raise UsageError(f"'{root}' has no {MANIFEST}, so it is not a report project",
                         hint="create one with `uprreport init <folder> --kind national`")
    manifest, pos, diags = yamlfile.read_model(Manifest, root / MANIFEST, MANIFEST)
    if manifest is None and pos is not None and isinstance(pos.data, dict):
        manifest = _lenient(pos.data)   # so that the other files can still be checked
    if manifest is not None:
        report.suppressed = frozenset(manifest.suppress or ())
    report.extend(diags)

    profile = None
    if manifest is not None and getattr(manifest, "kind", None):
        try:
            profile = resources.profile(manifest.kind)
        except UprError as exc:
            report.emit("field-invalid", Location(MANIFEST, line=pos.line_of(("kind",)) if pos else None, field="kind"),
                        f"{exc} ({exc.hint})")
    project = Project(root, manifest, profile)

    reg_name = getattr(manifest, "register_file", None) or "recommendations.csv"
    recs, where, diags = register.read(root / reg_name, reg_name)
    project.recommendations, project.rec_locations, project.register_path = recs, where, reg_name
    report.extend(diags)
    project.themes = themes.resolve(getattr(manifest, "themes", None) or [], recs)

    members_file = getattr(manifest, "members", None)
    if members_file:
        project.members, diags = members.read(root / members_file, members_file)
        report.extend(diags)

    folder = root / "contributions"
    subdirs = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")) \
        if folder.is_dir() else []
    if not subdirs:
        report.emit("no-contributions", Location("contributions"),
                    "no contribution folders; add one folder per contributing body under contributions/")
    pending = []
    for sub in subdirs:
        contrib, frags, diags = contribution.read(sub, root, manifest)
        project.contributions.append(contrib)
        pending.extend(frags)
        report.extend(diags)
    parsed = markdown.to_blocks([b for _f, b in pending], [root / Path(f.path).parent for f, _b in pending])
    for (frag, _body), (blocks, mapper) in zip(pending, parsed):
        frag.blocks = blocks
        for src in mapper.missing_images:
            report.emit("image-missing", Location(frag.path), f"image '{src}' was not found beside the fragment; "
                        "put the picture file in the contribution folder and give its name")
    return project
