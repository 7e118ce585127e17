"""Dates as offices write them: 2027-06-30, and 30.06.2027 or 30/06/2027 when unambiguous."""

from __future__ import annotations

import datetime as dt
import re

_DMY = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$")
EXPECTED = "write it as YYYY-MM-DD (for example 2027-06-30)"


def parse(value) -> dt.date:
    """A date from ``value``: a date, an ISO date (2027-06-30), or day.month.year with dots,
    slashes or dashes (30.06.2027, 30/06/2027) when the day is over 12 or equals the month,
    so that it cannot be read month first. ValueError saying the expected form otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    m = _DMY.match(text)
    if m:
        day, month, year = (int(g) for g in m.groups())
        if day > 12 or day == month:
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"'{text}' is not a date; {EXPECTED}") from None
        raise ValueError(f"'{text}' could be {day} {dt.date(2000, month, 1):%B} or {month} "
                         f"{dt.date(2000, day, 1):%B} {year}; {EXPECTED}")
    raise ValueError(f"'{text}' is not a date; {EXPECTED}")
