"""The recommendations register: one row per recommendation received by the State."""

from __future__ import annotations

import csv
import enum
import functools
import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from uprreport.model.states import unique

REC_ID = re.compile(r"^\d{1,4}\.\d{1,4}$")
OTHER_ID = re.compile(r"^[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9.()/-]+$")


class Position(str, enum.Enum):
    SUPPORTED = "supported"
    NOTED = "noted"
    PARTIALLY_SUPPORTED = "partially supported"
    PLEDGE = "voluntary pledge"         # a commitment the State made of its own accord during the review

    @property
    def answered(self) -> bool:
        """Whether the State reports on it: what it supported, in whole or in part, and its pledges."""
        return self is not Position.NOTED


# Spellings met in real registers and in OHCHR's lists in the UN languages, mapped onto the
# canonical value (docs/ohchr-lists.md gives their sources). "Supported/Noted" is OHCHR's
# mark for a recommendation the State supported in part.
_POSITION_ALIASES = {
    "supported": Position.SUPPORTED,
    "accepted": Position.SUPPORTED,  # UPR Info's word for the same thing
    "noted": Position.NOTED,
    "partially supported": Position.PARTIALLY_SUPPORTED,
    "partially_supported": Position.PARTIALLY_SUPPORTED,
    "partially accepted": Position.PARTIALLY_SUPPORTED,
    "supported in part": Position.PARTIALLY_SUPPORTED,
    "supported/noted": Position.PARTIALLY_SUPPORTED,
    "supported / noted": Position.PARTIALLY_SUPPORTED,
    "voluntary pledge": Position.PLEDGE, "pledge": Position.PLEDGE, "voluntary commitment": Position.PLEDGE,
    # French
    "acceptée": Position.SUPPORTED, "appuyée": Position.SUPPORTED, "soutenue": Position.SUPPORTED,
    "notée": Position.NOTED, "prise en note": Position.NOTED, "il en a été pris note": Position.NOTED,
    "partiellement acceptée": Position.PARTIALLY_SUPPORTED, "partiellement appuyée": Position.PARTIALLY_SUPPORTED,
    "appuyée/notée": Position.PARTIALLY_SUPPORTED, "acceptée/notée": Position.PARTIALLY_SUPPORTED,
    "engagement volontaire": Position.PLEDGE, "engagements volontaires": Position.PLEDGE,
    # Spanish
    "aceptada": Position.SUPPORTED, "apoyada": Position.SUPPORTED, "anotada": Position.NOTED,
    "se toma nota": Position.NOTED, "tomada nota": Position.NOTED, "se tomó nota": Position.NOTED,
    "parcialmente aceptada": Position.PARTIALLY_SUPPORTED, "parcialmente apoyada": Position.PARTIALLY_SUPPORTED,
    "apoyada/anotada": Position.PARTIALLY_SUPPORTED, "aceptada/anotada": Position.PARTIALLY_SUPPORTED,
    "compromiso voluntario": Position.PLEDGE, "promesa voluntaria": Position.PLEDGE,
    # Russian, Arabic, Chinese
    "поддержана": Position.SUPPORTED, "принята к сведению": Position.NOTED,
    "مؤيدة": Position.SUPPORTED, "أحيط بها علماً": Position.NOTED, "أحيط بها علما": Position.NOTED,
    "支持": Position.SUPPORTED, "注意到": Position.NOTED,
}


def parse_position(value) -> Position:
    """Return the Position for a free-form spelling; raise ValueError listing allowed ones."""
    if isinstance(value, Position):
        return value
    key = re.sub(r"\s+", " ", str(value).strip().lower())
    try:
        return _POSITION_ALIASES[key]
    except KeyError:
        allowed = ", ".join(p.value for p in Position)
        raise ValueError(f"'{value}' is not a position; use one of: {allowed}") from None


def split_list(value) -> list:
    """Split a spreadsheet cell holding several values into a list: one a line, else
    separated by '|', else by ';' ("a; b; c"). A value in double quotes stays whole
    whatever it holds: OHCHR's theme names hold semicolons of their own ("Children:
    definition; general principles; protection"), and ``join_list`` quotes them."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if str(v).strip() != ""]
    text = str(value).strip()
    if not text:
        return []
    if '"' not in text and "\n" not in text:   # no quotes: the separator is '|' if any, else ';'
        return [part.strip() for part in text.split("|" if "|" in text else ";") if part.strip()]
    if "\n" in text:
        return [part.strip() for part in text.split("\n") if part.strip()]
    sep = "|" if "|" in _unquoted(text) else ";"
    if text.startswith('"') or f'{sep} "' in text or f'{sep}"' in text:
        parts = next(csv.reader([text], delimiter=sep, quotechar='"', skipinitialspace=True), [])
    else:
        parts = text.split(sep)
    return [part.strip() for part in parts if part.strip()]


_QUOTED = re.compile(r'"(?:[^"]|"")*"')


def _unquoted(text: str) -> str:
    """The text outside double-quoted stretches."""
    return _QUOTED.sub("", text)


def join_list(values) -> str:
    """A list as one cell that ``split_list`` reads back: 'a; b', with a value that holds
    a separator (';', '|', a line break) or a double quote written in double quotes
    ('"Children: definition; general principles; protection"; Women')."""
    items = [str(v) for v in values]
    return "; ".join('"' + v.replace('"', '""') + '"' if _SPECIAL.search(v) else v for v in items)


_SPECIAL = re.compile(r'[;|\n"]')
_SDG = re.compile(r"^\s*(?:SDG\s*)?(\d{1,2})\b", re.I)


class Recommendation(BaseModel):
    """A recommendation as the Working Group report gives it, with the State's position."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    id: str = Field(description="paragraph.index in the Working Group report, e.g. 140.7")
    text: str = Field(min_length=1, description="the recommendation's wording")
    states: list[str] = Field(default_factory=list, description="recommending States")
    position: Position
    themes: list[str] = Field(default_factory=list, description="theme keys declared in report.yaml")
    sdgs: list[int] = Field(default_factory=list, description="Sustainable Development Goals, 1-17")
    affected_persons: list[str] = Field(default_factory=list)
    mechanism: str = Field("UPR", description="UPR, a treaty body or a special procedure")
    source: str | None = Field(None, description="symbol of the document holding it; defaults to previous_review")
    response: str | None = Field(None, description="the State's response or comment on its position")
    position_source: str | None = Field(None, description="where the position is stated, e.g. A/HRC/59/15/Add.1, para. 3")
    action_category: int | None = Field(None, ge=1, le=5, description="UPR Info's action category, 1 (minimal) to 5 (specific)")
    related: list[str] = Field(default_factory=list, description="ids of related recommendations (any mechanism)")
    note: str | None = Field(None, description="OHCHR's comment on the row, e.g. 'Information sent in a post Add.1 letter'")
    theme_codes: list[str] = Field(default_factory=list, description="the list's theme codes (UHRI: A12, D25), never printed")
    cycle: int | None = Field(None, ge=1, le=9, description="the UPR cycle of an earlier review's recommendation, "
                              "kept to link to (docs/linking.md); empty for the recommendations followed up")

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, v):
        text = str(v).strip()
        if not (REC_ID.match(text) or OTHER_ID.match(text)):
            raise ValueError(f"'{text}' is not a recommendation id; write paragraph.index, e.g. 140.7 "
                             "(recommendations of other mechanisms: a prefix and number, e.g. CRC-12a)")
        return text

    @model_validator(mode="after")
    def _upr_ids(self):
        if self.mechanism.upper() == "UPR" and not REC_ID.match(self.id):
            raise ValueError(f"'{self.id}' is not a UPR recommendation id; write paragraph.index, e.g. 140.7")
        return self

    @field_validator("position", mode="before")
    @classmethod
    def _position(cls, v):
        return parse_position(v)

    @field_validator("action_category", "cycle", mode="before")
    @classmethod
    def _category(cls, v):
        return None if v in (None, "") else v

    @field_validator("themes", "affected_persons", "related", "theme_codes", mode="before")
    @classmethod
    def _lists(cls, v):
        return split_list(v)

    @field_validator("states", mode="before")
    @classmethod
    def _states(cls, v):
        """Each State once, however it is spelt ("Lao People's …" and "Lao People’s …")."""
        return unique([str(x).strip() for x in split_list(v)])

    @field_validator("sdgs", mode="before")
    @classmethod
    def _sdgs(cls, v):
        out = []
        for item in split_list(v):
            m = _SDG.match(str(item))
            if not m or not 1 <= int(m.group(1)) <= 17:
                raise ValueError(f"'{item}' is not an SDG; write a number from 1 to 17")
            out.append(int(m.group(1)))
        return out

    def sort_key(self) -> tuple:
        if REC_ID.match(self.id):
            para, index = self.id.split(".")
            return (0, int(para), int(index), "")
        return (1, 0, 0, self.id)


# Building a Recommendation from a register row without pydantic's validation, for the
# rows that need none: a register of a whole UPR database has 100,000 of them, and
# model_validate with the field validators above costs about 0.1 ms a row. ``from_row``
# gives the same model (the same values, field order and fields set) for a row of text
# cells, or None when a cell is anything else or any value would be an error, so that
# model_validate validates the row and reports what is wrong as before.

_FIELDS = tuple(Recommendation.model_fields)
_LISTS = ("themes", "affected_persons", "related", "theme_codes")
_TEXTS = ("source", "response", "position_source", "note")
_DEFAULTS = {name: (None if f.default_factory is not None else f.default, f.default_factory)
             for name, f in Recommendation.model_fields.items() if not f.is_required()}


@functools.lru_cache(maxsize=1024)
def _position_of(cell: str) -> Position | None:
    try:
        return parse_position(cell)
    except ValueError:
        return None


def _split(cell: str, seen: dict) -> list[str]:
    """``split_list`` of a stripped text cell. ``seen`` belongs to one reading of a register:
    a cell met before in it (most are: the same themes, States and groups recur) is split
    once, and each name of cells of plain names separated by ';' is one string shared by the
    rows naming it (a 100,000-row register holds each theme's name once, not once a row:
    tens of MB). Kept by the reading, not here, so that nothing outlives it in a server."""
    try:
        return list(seen[cell])
    except KeyError:
        pass
    if '"' in cell or "\n" in cell or "|" in cell:
        parts = tuple(split_list(cell))
    elif ";" not in cell:
        parts = (seen.setdefault(("name", cell), cell),) if cell else ()
    else:
        parts = tuple(seen.setdefault(("name", p), p) for part in cell.split(";") if (p := part.strip()))
    seen[cell] = parts
    return list(parts)


@functools.lru_cache(maxsize=4096)
def _sdgs_of(cell: str) -> tuple[int, ...] | None:
    out = []
    for item in split_list(cell):
        m = _SDG.match(item)
        if not m or not 1 <= int(m.group(1)) <= 17:
            return None
        out.append(int(m.group(1)))
    return tuple(out)


def _built(values: dict, fields_set: set) -> Recommendation:
    """A Recommendation holding ``values`` (every field, in the model's order) as it is,
    as ``model_construct`` makes one (whose default factories cost more than validating)."""
    rec = Recommendation.__new__(Recommendation)
    object.__setattr__(rec, "__dict__", values)
    object.__setattr__(rec, "__pydantic_fields_set__", fields_set)
    object.__setattr__(rec, "__pydantic_extra__", None)
    object.__setattr__(rec, "__pydantic_private__", None)
    return rec


@functools.lru_cache(maxsize=64)
def _plan(names: tuple[str, ...]) -> "_Plan | None":
    return _Plan(names) if all(n in _DEFAULTS or n in ("id", "text", "position") for n in names) else None


class _Plan:
    """What from_row does the same for every row with the cells ``names`` (a table's rows all
    have its columns): the model's fields in order with their defaults, the fields set."""

    def __init__(self, names: tuple[str, ...]):
        given = set(names)
        # every field in the model's order: a row's cells update the values in place, and a
        # dict keeps the order in which its keys were first added
        self.template = {name: _DEFAULTS.get(name, (None, None))[0] for name in _FIELDS}
        self.fresh = tuple(name for name in _FIELDS if name not in given and _DEFAULTS.get(name, (None, None))[1])
        self.factories = tuple(_DEFAULTS[name][1] for name in self.fresh)
        self.lists = tuple(name for name in _LISTS if name in given)
        self.states, self.sdgs = "states" in given, "sdgs" in given
        self.category, self.cycle = "action_category" in given, "cycle" in given
        self.mechanism = "mechanism" in given
        # one set for every row of the plan: a Recommendation is frozen, and pydantic copies
        # the set before it changes it (model_copy)
        self.fields_set = set(given)


def from_row(cells: dict, stripped: bool = False, seen: dict | None = None) -> Recommendation | None:
    """The Recommendation ``Recommendation.model_validate(cells)`` gives for a row of text
    cells (field name -> text, stripped as readers.tables gives them), or None when the row
    must go through model_validate: a cell that is not such text, a field the model does not
    have, or a value it would refuse. ``stripped``: the caller knows every cell is a str that
    ``str.strip`` leaves as it is (readers.tables' rows), so it is not checked again. ``seen``:
    a dict the caller keeps for all the rows of one table, where list cells met before and the
    names in them are found again (``_split``)."""
    if seen is None:
        seen = {}
    plan = _plan(tuple(cells))
    if plan is None:
        return None
    if not stripped:
        for value in cells.values():
            # text with no space about it (pydantic strips other characters than str.strip)
            if type(value) is not str or value.strip() != value:
                return None
    rid, text, position = cells.get("id"), cells.get("text"), cells.get("position")
    if not rid or not text or position is None:
        return None
    if not REC_ID.match(rid) and ((cells["mechanism"] if plan.mechanism else "UPR").upper() == "UPR"
                                  or not OTHER_ID.match(rid)):
        return None
    position = _position_of(position)
    if position is None:
        return None
    values = plan.template.copy()
    values.update(cells)
    values["position"] = position
    for name, factory in zip(plan.fresh, plan.factories):
        values[name] = factory()
    for name in plan.lists:
        values[name] = _split(values[name], seen)
    if plan.states:
        names = _split(values["states"], seen)
        values["states"] = names if len(names) < 2 else unique(names)
    if plan.sdgs:
        sdgs = _sdgs_of(values["sdgs"])
        if sdgs is None:
            return None
        values["sdgs"] = list(sdgs)
    if plan.category:
        category = values["action_category"]
        if category not in ("", "1", "2", "3", "4", "5"):
            return None
        values["action_category"] = int(category) if category else None
    if plan.cycle:
        cycle = values["cycle"]
        if cycle not in ("", "1", "2", "3", "4", "5", "6", "7", "8", "9"):
            return None
        values["cycle"] = int(cycle) if cycle else None
    return _built(values, plan.fields_set)


def with_themes(rec: Recommendation, themes: list[str]) -> Recommendation:
    """``rec.model_copy(update={"themes": themes})``, made as from_row makes a model."""
    fields_set = rec.__pydantic_fields_set__
    return _built({**rec.__dict__, "themes": themes},
                  fields_set if "themes" in fields_set else fields_set | {"themes"})
