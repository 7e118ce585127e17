"""Validate raw data against a pydantic model and turn its errors into located diagnostics."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, TypeVar

from pydantic import BaseModel, ValidationError

from uprreport.diagnostics import Diagnostic, Location, did_you_mean, make

M = TypeVar("M", bound=BaseModel)

# Fields whose errors have their own, more specific code.
_FIELD_CODES = {"position": "position-invalid", "id": "rec-id-invalid", "status": "status-invalid"}


def _describe(model, loc: tuple) -> str:
    """The description of the field at ``loc`` (top-level fields of ``model`` only)."""
    info = model.model_fields.get(loc[0]) if loc and isinstance(loc[0], str) else None
    if info is None:
        info = next((f for f in model.model_fields.values() if loc and f.alias == loc[0]), None)
    return f"; expected {info.description}" if info is not None and info.description else ""


def _known_keys(model, loc: tuple) -> list[str]:
    """The keys the (sub-)model at ``loc``'s parent accepts, for "did you mean"."""
    for part in loc[:-1]:
        if not isinstance(part, str):
            continue
        info = model.model_fields.get(part)
        sub = getattr(info, "annotation", None) if info is not None else None
        args = [a for a in getattr(sub, "__args__", ()) if isinstance(a, type)] or [sub]
        nested = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if nested is None:
            return []
        model = nested
    return [f.alias or name for name, f in model.model_fields.items()]


def _message(err: dict, field: str, hint: str = "", known: list[str] = ()) -> tuple[str, str]:
    kind = err["type"]
    if kind == "missing":
        return "field-missing", f"'{field}' is required but missing; add it"
    if kind == "extra_forbidden":
        key = field.rsplit(".", 1)[-1]
        return "field-unknown", (f"'{field}' is not a known field; {did_you_mean(key, known)}"
                                 "check its spelling or remove it")
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    elif kind == "enum":
        allowed = err.get("ctx", {}).get("expected", "")
        msg = f"'{err.get('input')}' is not allowed; use one of {allowed}"
    elif kind == "string_pattern_mismatch":
        msg = f"'{err.get('input')}' does not have the expected form{hint}"
    else:
        msg = f"{msg} (got {err.get('input')!r})"
    code = _FIELD_CODES.get(field.split(".")[-1], "field-invalid")
    return code, f"'{field}': {msg}"


def validate(model: type[M], data, location: Location,
             line_of: Callable[[tuple], int | None] | None = None) -> tuple[M | None, list[Diagnostic]]:
    """Return (instance or None, diagnostics). ``line_of`` maps an error's loc to a line."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        diags = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            field = ".".join(str(p) for p in loc) or "(document)"
            code, msg = _message(err, field, _describe(model, loc), _known_keys(model, loc))
            where = location
            if line_of is not None:
                where = Location(location.path, line=line_of(loc), field=field)
            elif location.row is not None:
                where = replace(location, field=field)
            diags.append(make(code, where, msg))
        return None, diags
