"""A contribution: who contributes, what they report on each recommendation, what they write."""

from __future__ import annotations

import enum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from uprreport.model.register import split_list


class ContributorKind(str, enum.Enum):
    MINISTRY = "ministry"
    NHRI = "nhri"
    CSO = "cso"
    UN_AGENCY = "un_agency"
    PARLIAMENT = "parliament"
    OTHER = "other"


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    email: str | None = None
    phone: str | None = None


class Contributor(BaseModel):
    """``contributor.yaml``: the body behind one contribution folder."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, description="full name, as listed in the report")
    short_name: str | None = Field(None, description="abbreviation used in tables")
    kind: ContributorKind
    contact: Contact | None = None
    sections: list[str] = Field(default_factory=list,
                                description="outline sections it may write: 'D' or a theme 'D.health'")
    lead: bool = Field(False, description="the body that coordinates the report")
    description: str | None = Field(None, description="one sentence on the body (used in member annexes)")
    sheet: str | None = Field(None, description="the worksheet of implementation.xlsx that holds the table "
                                                "(default: the first whose header has recommendation and status)")
    fragments: dict[str, "FragmentMeta"] = Field(
        default_factory=dict, description="placement of Word fragments: file name -> section, theme, recommendations")


class ImplementationRow(BaseModel):
    """One row of ``implementation.csv|xlsx``: what a body did about one recommendation."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    recommendation: str
    status: str
    actions: str = ""
    indicators: str = ""
    responsible_body: str = ""
    partners: list[str] = Field(default_factory=list)
    timeframe: str = ""
    evidence: str = ""

    @field_validator("partners", mode="before")
    @classmethod
    def _partners(cls, v):
        return split_list(v)

    @field_validator("recommendation", "status", mode="before")
    @classmethod
    def _text(cls, v):
        return "" if v is None else str(v).strip()


class FragmentMeta(BaseModel):
    """The front matter of a narrative fragment: where it goes and what it covers."""

    model_config = ConfigDict(extra="forbid")

    section: str = Field(description="outline section key, e.g. 'D'")
    theme: str | None = Field(None, description="theme key (for sections grouped by theme)")
    title: str | None = Field(None, description="optional sub-heading for this fragment")
    recommendations: list[str] = Field(default_factory=list, description="ids this text addresses")
    order: int = Field(0, description="position among fragments of the same section (lower first)")
    proposals: list[str] = Field(default_factory=list,
                                 description="submissions: the recommendations this text makes to the State")

    @field_validator("recommendations", mode="before")
    @classmethod
    def _recs(cls, v):
        return [str(x).strip() for x in split_list(v)]


Contributor.model_rebuild()
