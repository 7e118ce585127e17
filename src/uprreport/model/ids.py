"""Recommendation ids and paragraph ids."""

from __future__ import annotations

import re


def rec_key(rec_id: str) -> tuple[int, int]:
    para, index = rec_id.split(".")
    return int(para), int(index)


_UPR_ID = re.compile(r"\d+\.\d+\Z")


def compress(ids) -> str:
    """Write ids as runs: ["140.1", "140.5", "140.7", "140.8", "140.9"] -> "140.1, 140.5, 140.7–140.9".

    A run needs three or more consecutive indices in one paragraph; two stay separate.
    Ids of other mechanisms ("CRC-12a") follow, sorted.
    """
    keys = sorted({rec_key(i) for i in ids if _UPR_ID.match(i)})
    parts: list[str] = []
    i = 0
    while i < len(keys):
        j = i
        while j + 1 < len(keys) and keys[j + 1][0] == keys[i][0] and keys[j + 1][1] == keys[j][1] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{keys[i][0]}.{keys[i][1]}\u2013{keys[j][0]}.{keys[j][1]}")
        else:
            parts.extend(f"{p}.{x}" for p, x in keys[i:j + 1])
        i = j + 1
    parts.extend(sorted({i for i in ids if not _UPR_ID.match(i)}))
    return ", ".join(parts)


# Paragraph ids, the one grammar every part of uprreport writes and reads:
#
#     owner "/" part "/p" N [ "~r" ROUND ]
#
# owner: the contribution folder, or GENERATED for text uprreport writes itself; part: the
# fragment's file stem, or the generated block ("contributors", "entries-140.7"); N: the
# paragraph's ordinal in that part (1-based); "~rN": a paragraph that comment round N
# found new where an earlier paragraph had that position (rounds/ids.py).
GENERATED = "generated"
PARAGRAPH_ID = re.compile(r"[a-z0-9][a-z0-9_-]*/[A-Za-z0-9_.-]+/p\d+(?:~r\d+)?")


def typed_as_number(rec_id: str) -> list[str]:
    """The ids a cell that Excel holds as the number ``rec_id`` may have been typed as: Excel
    drops trailing zeros, so 140.1 may be 140.1, 140.10 or 140.100."""
    if not re.fullmatch(r"\d+\.\d+", rec_id):
        return [rec_id]
    para, index = rec_id.split(".")
    return [f"{para}.{index}{'0' * k}" for k in range(0, 4 - len(index))] or [rec_id]


def paragraph_id(owner: str, part: str, ordinal: int) -> str:
    """The id of the ``ordinal``-th paragraph (1-based) of ``part`` (a fragment's file stem
    or a generated block) of ``owner`` (a contribution folder, or GENERATED)."""
    return f"{owner}/{part}/p{ordinal}"


def renewed(pid: str, round_n: int) -> str:
    """The id a paragraph gets when round ``round_n`` finds it new at the place of ``pid``."""
    return f"{pid}~r{round_n}"
