"""Report-kind profiles: outline, limits and template of a kind, loaded from data."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# The names a profile may use; transforms.annexes and transforms.assemble hold one builder
# for each (a test checks that the two lists agree).
AnnexName = Literal["matrix", "members"]
MatrixColumn = Literal["recommendation", "position", "status", "body", "actions", "indicators"]
GeneratedBlock = Literal["contributors", "members", "keywords", "accreditation", "figures"]


class OutlineSection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str
    title: str
    by_theme: bool = Field(False, description="fragments are grouped under theme sub-headings")
    inline: bool = Field(False, description="with by_theme: the themes are top-level sections, this one has no heading")
    generated: GeneratedBlock | None = Field(
        None, description="generated content put first: 'contributors', 'members' (all coalition members), 'keywords'")
    entries: bool = Field(False, description="with by_theme: an entry per recommendation of the theme (mid-term)")
    proposals: bool = Field(False, description="fragments' own recommendations ('proposals:') close each section")


class ProfileLimits(BaseModel):
    model_config = ConfigDict(extra="forbid")
    words: int | None = None
    pages: int | None = None
    counts: str = Field("body", pattern="^(body|body\\+notes)$",
                        description="what counts: 'body' (not the notes) or 'body+notes'; never the cover or annexes")


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str
    label: str
    required: list[str] = Field(default_factory=list, description="report.yaml fields this kind needs")
    subtitle: str = Field("", description="line under the title; {state}, {session_ordinal}, {cycle_ordinal} filled in")
    proposals_intro: str = Field("{author} recommends that the Government of {state}:",
                                 description="sentence introducing the submission's recommendations")
    title: str = Field(description="standard title of the report")
    template: str = Field(description="docxtpl template file name in templates/")
    notes: str = Field("endnotes", pattern="^(endnotes|footnotes)$")
    toc: bool = Field(False, description="a table of contents after the cover")
    coverage: bool = Field(True, description="warn about supported recommendations no contribution addresses")
    outline: list[OutlineSection]
    limits: ProfileLimits = Field(default_factory=ProfileLimits)
    statuses: list[str]
    annexes: list[AnnexName] = Field(default_factory=list)
    matrix_columns: list[MatrixColumn] = Field(
        ["recommendation", "position", "status", "body"],
        description="columns of the annexed matrix: recommendation, position, status, body, actions, indicators")

    def section(self, key: str) -> OutlineSection | None:
        return next((s for s in self.outline if s.key == key), None)
