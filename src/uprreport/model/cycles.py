"""The UPR cycle a Working Group session belongs to.

UPR Info's exports give each recommendation's session, not its cycle; the register keeps
earlier cycles' recommendations by cycle. The sessions of each cycle are in
docs/linking.md ("Cycles and sessions"), with their source.
"""

from __future__ import annotations

import re

# cycle -> (first session, last session)
SESSIONS: dict[int, tuple[int, int]] = {
    1: (1, 12),
    2: (13, 26),
    3: (27, 40),
    4: (41, 54),
}


def of_session(session: str | int) -> int | None:
    """The cycle of a session ("20", "UPR 20", 20), or None when the cell names no session
    or one after the last whose cycle is known."""
    digits = re.findall(r"[0-9]+", str(session))
    if len(digits) != 1 or len(digits[0]) > 4:     # no session has five digits (and int() refuses thousands)
        return None
    number = int(digits[0])
    return next((cycle for cycle, (first, last) in SESSIONS.items() if first <= number <= last), None)
