"""Who answers for each recommendation: a lead body and supporting bodies.

Trackers such as OHCHR's NRTD and IMPACT OSS give each recommendation to a lead body and
to bodies that support it. A project keeps the assignments it was given in
``assignments.csv`` (``id``, ``lead``, ``support``; bodies named by their contribution
folder, name or short name); a recommendation not listed there falls to the owners of its
themes (``transforms/responsibility.py`` holds the one rule; docs/assignment.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, field_validator

from uprreport.model.register import split_list


class Assignment(BaseModel):
    """One row of ``assignments.csv``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(description="the recommendation, as in the register (140.7)")
    lead: str | None = Field(None, description="the body that answers for it: its folder, name or short name")
    support: list[str] = Field(default_factory=list, description="bodies that contribute to the answer")

    @field_validator("lead", mode="before")
    @classmethod
    def _lead(cls, v):
        return None if v is None or not str(v).strip() else str(v).strip()

    @field_validator("support", mode="before")
    @classmethod
    def _support(cls, v):
        return split_list(v)


# How a recommendation came to its bodies, for messages and the `themes` and `assign` commands.
ASSIGNED, BY_THEME, NOBODY = "assigned", "theme", "nobody"


@dataclass(frozen=True)
class Responsibility:
    """The bodies (contribution folder names) that answer for one recommendation."""

    lead: str | None
    support: tuple[str, ...] = ()
    how: str = NOBODY

    @property
    def bodies(self) -> tuple[str, ...]:
        return ((self.lead,) if self.lead else ()) + tuple(s for s in self.support if s != self.lead)
