"""Estimate UPR Info's action category (1 to 5) of a recommendation from its wording.

UPR Info classifies recommendations by the action they ask for: 1 minimal action (ask
others for help, share experience), 2 continuing action ("continue", "maintain"),
3 considering action ("consider", "review", "explore"), 4 general action ("take measures",
"ensure", "strengthen"), 5 specific action ("ratify", "abolish", "adopt a law"). The
estimate reads the leading verb, skipping adverbs, and looks a few words further for a
specific act ("take the necessary steps to ratify" is specific). Its agreement with UPR
Info's own categories is measured on a real export by the tests (see the README).
"""

from __future__ import annotations

import re

MINIMAL = {"seek", "request", "share", "call", "attract", "invite", "exchange", "urge", "appeal", "solicit", "mobilize",
           "mobilise"}
CONTINUING = {"continue", "continuing", "pursue", "maintain", "keep", "remain", "sustain", "carry", "persevere",
              "persist", "preserve", "uphold"}
CONSIDERING = {"consider", "reconsider", "review", "examine", "study", "explore", "analyse", "analyze", "reflect",
               "evaluate", "assess", "envisage", "contemplate", "look"}
SPECIFIC = {"ratify", "accede", "establish", "amend", "abolish", "enact", "sign", "repeal", "criminalize",
            "criminalise", "withdraw", "incorporate", "implement", "extend", "decriminalize", "decriminalise",
            "outlaw", "prohibit", "ban", "lift", "publish", "submit", "issue", "set", "create", "introduce",
            "finalize", "finalise", "harmonize", "harmonise", "align", "accept", "become", "join", "remove",
            "release", "revoke", "investigate", "prosecute", "develop", "allocate", "reinstate", "recognize",
            "recognise", "declare", "conclude", "appoint", "domesticate", "transpose"}
SPECIFIC_OBJECTS = re.compile(r"\b(law|laws|legislation|bill|act|code|plan|strategy|policy|programme|program|"
                              r"definition|amendment|amendments|moratorium|mechanism|institution|protocol)\b")
SKIP = {"further", "fully", "actively", "effectively", "continuously", "positively", "favourably", "favorably",
        "urgently", "swiftly", "promptly", "immediately", "also", "to", "in", "with", "and", "duly", "seriously",
        "resolutely", "firmly", "strongly", "expeditiously", "speedily", "effective", "steadily", "properly",
        "duly", "concretely", "vigorously", "rapidly", "quickly", "progressively", "gradually", "its", "the"}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def estimate(text: str) -> int:
    """The estimated action category of a recommendation's ``text``, 1 to 5."""
    words = _words(text)
    lead = next((w for w in words[:6] if w not in SKIP), words[0] if words else "")
    head = " ".join(words[:14])
    if lead in MINIMAL:
        return 1
    if lead in CONSIDERING or lead == "give" and "consideration" in head:
        return 3
    if lead in CONTINUING:
        return 2
    if lead in SPECIFIC:
        return 5
    if lead == "adopt":
        return 5 if SPECIFIC_OBJECTS.search(" ".join(words[1:8])) else 4
    # "take the necessary steps to ratify ...": a specific act a few words further on
    following = words[words.index(lead) + 1:words.index(lead) + 9] if lead in words else []
    if any(w in SPECIFIC and w not in {"set", "develop", "issue", "create", "introduce"} for w in following):
        return 5
    return 4


def agreement(pairs) -> tuple[float, dict[tuple[int, int], int]]:
    """Share of (given, estimated) pairs that agree, and the confusion counts."""
    confusion: dict[tuple[int, int], int] = {}
    same = total = 0
    for given, est in pairs:
        confusion[(given, est)] = confusion.get((given, est), 0) + 1
        same += given == est
        total += 1
    return (same / total if total else 0.0), confusion
