"""Members of a coalition that makes a joint submission."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Member(BaseModel):
    """One row of the members table (members.csv or .xlsx)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, description="the organisation's full name")
    acronym: str = ""
    description: str = Field("", description="one or two sentences: who it is, what it does")
    website: str = ""
    group: str = Field("", description="the thematic group it works in (a contribution folder)")

    @property
    def label(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name
