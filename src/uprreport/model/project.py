"""A report project as read from disk: manifest, profile, register and contributions.

What a reader returns is never changed afterwards: the pipeline's PREPARE transforms give a
new Project (``dataclasses.replace``, ``with_rows``) that shares every part they leave as
it was, and the document passes copy the nodes they give ids to (transforms/assemble.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from uprreport.diagnostics import Location
from uprreport.model.contribution import Contributor, FragmentMeta, ImplementationRow
from uprreport.model.manifest import Manifest
from uprreport.model.nodes import Block
from uprreport.model.profile import Profile
from uprreport.model.register import Recommendation


@dataclass
class Fragment:
    """A narrative fragment: where it goes (meta) and its text as document blocks."""

    meta: FragmentMeta
    blocks: list[Block]
    path: str                      # project-relative
    contributor: str               # contribution slug
    meta_location: Location = field(default_factory=Location)


@dataclass
class Contribution:
    slug: str
    path: str                      # project-relative folder
    contributor: Contributor | None
    implementation: list[tuple[Location, ImplementationRow]] = field(default_factory=list)
    numeric_ids: set[int] = field(default_factory=set)   # rows whose id Excel holds as a number (140.10 -> 140.1)
    fragments: list[Fragment] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return self.contributor.name if self.contributor else self.slug


@dataclass
class Project:
    root: Path
    manifest: Manifest | None
    profile: Profile | None
    recommendations: list[Recommendation] = field(default_factory=list)
    rec_locations: dict[str, Location] = field(default_factory=dict)
    register_path: str = ""
    contributions: list[Contribution] = field(default_factory=list)
    members: list = field(default_factory=list)          # model.members.Member, joint submissions
    themes: list = field(default_factory=list)           # model.manifest.Theme: declared, or from the register
    translations: dict = field(default_factory=dict)     # paragraph id -> readers.translations.Entry (a build's language)
    assignments: dict = field(default_factory=dict)      # recommendation id -> model.assignment.Assignment
    assignment_locations: dict[str, Location] = field(default_factory=dict)
    # linking across cycles (docs/linking.md): the earlier cycles' recommendations of the
    # register, the valid rows of links.csv (model.links.Link), and (cycle, id) ->
    # model.links.EarlierStatus from the earlier projects' matrices (earlier/cycle-N.csv)
    earlier: list[Recommendation] = field(default_factory=list)
    links: list = field(default_factory=list)
    earlier_status: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        if self.manifest and self.manifest.name:
            return self.manifest.name
        return self.root.resolve().name

    def theme_titles(self) -> dict[str, str]:
        return {t.key: t.title for t in self.themes}

    def recommendation_map(self) -> dict[str, Recommendation]:
        """Id -> recommendation (a dict of the caller's own). Made once for a list of
        recommendations: a check of 100,000 asks for it five times."""
        recs = self.recommendations
        kept = self.__dict__.get("_by_id")
        if kept is None or kept[0] is not recs or kept[1] != len(recs):
            kept = (recs, len(recs), {r.id: r for r in recs})
            self.__dict__["_by_id"] = kept
        return dict(kept[2])

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_by_id", None)   # recommendation_map's memo: not the project's content
        return state

    def with_rows(self, change: Callable[[Contribution, Location, ImplementationRow], ImplementationRow]) -> Project:
        """This project with each implementation row replaced by ``change(contribution,
        location, row)`` (the row itself when it stays as it is). Contributions and their
        lists are new only where a row changed, the rest is shared; this project is left as
        it is, and returned when nothing changed."""
        contributions, changed = [], False
        for c in self.contributions:
            rows = [(loc, change(c, loc, row)) for loc, row in c.implementation]
            if any(new is not old for (_l, new), (_m, old) in zip(rows, c.implementation)):
                c, changed = replace(c, implementation=rows), True
            contributions.append(c)
        return replace(self, contributions=contributions) if changed else self
