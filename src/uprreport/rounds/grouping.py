"""Near-duplicate and campaign comments: comments whose texts are the same but for small edits
(a name, a sentence added, a typo) are put in one group, so that a coordinator sees a campaign
as one and answers it at once (docs/web.md, "Similar comments").

Two comments are similar when, their texts normalised (Unicode NFKC, case folded, punctuation
taken out, words split; Chinese and Japanese, written without spaces, as pairs of characters):

- both have at least ``MIN_WORDS`` words, the shorter is at least ``MIN_SHARE`` of the longer,
  and rapidfuzz's ``token_set_ratio`` of the two is at least ``THRESHOLD`` (out of 100: the
  words they share against the words each has besides; one word changed in forty-five scores
  98, a greeting, a signature or a sentence added 100, hence the length rule; two comments on
  the same topic in their own words about 60); or
- they are the same text after normalising (shorter ones: only on the same paragraph, so that
  "Typo." on two paragraphs is not a campaign).

Groups are the connected sets of similar comments (a chain of small edits is one campaign).
Comparing every pair of 10,000 comments (50 million pairs) takes minutes; so candidates are
found by MinHash with banding (locality-sensitive hashing over the texts' word pairs: 64
hashes in 16 bands of 4; texts whose word pairs overlap by 80 % share a band with probability
0.9998, by 20 % with 0.03) and only they are compared. 10,000 comments group in about a
second (docs/web.md has the figures).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

THRESHOLD = 90       # rapidfuzz.fuzz.token_set_ratio, 0–100
MIN_WORDS = 8        # shorter texts are grouped only when identical, on the same paragraph
MIN_SHARE = 0.5      # the shorter text's length at least half the longer's
HASHES, BANDS = 64, 16
BIG_BUCKET = 50      # a band's bucket larger than this is compared with its first text only

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKENS = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")


@dataclass
class Groups:
    """Comments in groups of two or more: ``of[comment]`` is its group, named by its first
    (smallest) comment number; ``members[group]`` the group's comments in order."""

    of: dict[int, int] = field(default_factory=dict)
    members: dict[int, list[int]] = field(default_factory=dict)

    def size(self, comment: int) -> int:
        """How many comments are in ``comment``'s group (0: none)."""
        return len(self.members.get(self.of.get(comment, 0), ()))


def words(text: str) -> list[str]:
    """``text`` as the words compared: normalised, case folded, without punctuation; a run of
    Chinese or Japanese characters as its overlapping pairs."""
    out = []
    for w in _TOKENS.findall(unicodedata.normalize("NFKC", text).casefold()):
        if w[0] > "\u3000" and re.match(rf"[{_CJK}]", w):
            out.extend(w[i:i + 2] for i in range(max(1, len(w) - 1)))
        else:
            out.append(w)
    return out


def group(comments: Iterable[tuple[int, str, str]]) -> Groups:
    """The groups among ``comments``, each (number, paragraph id or '', text)."""
    from rapidfuzz import fuzz

    texts: dict[tuple, int] = {}          # each distinct text (or short text and paragraph): its index
    members: list[list[int]] = []
    strings: list[str] = []
    for number, pid, text in comments:
        w = words(text)
        if not w:
            continue
        s = " ".join(w)
        key = (s,) if len(w) >= MIN_WORDS else (s, pid or "")
        at = texts.get(key)
        if at is None:
            at = texts[key] = len(strings)
            strings.append(s)
            members.append([])
        members[at].append(number)
    parent = list(range(len(strings)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    long = [i for i, s in enumerate(strings) if s.count(" ") + 1 >= MIN_WORDS]
    lengths = [len(s) for s in strings]
    for a, b in _candidates([strings[i] for i in long]):
        i, j = long[a], long[b]
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        short, longer = sorted((lengths[i], lengths[j]))
        if short >= MIN_SHARE * longer and fuzz.token_set_ratio(strings[i], strings[j],
                                                                score_cutoff=THRESHOLD) >= THRESHOLD:
            parent[max(ri, rj)] = min(ri, rj)
    sets: dict[int, list[int]] = {}
    for i, numbers in enumerate(members):
        sets.setdefault(find(i), []).extend(numbers)
    out = Groups()
    for numbers in sets.values():
        if len(numbers) > 1:
            numbers.sort()
            out.members[numbers[0]] = numbers
            for n in numbers:
                out.of[n] = numbers[0]
    return out


def _candidates(strings: list[str]) -> Iterable[tuple[int, int]]:
    """Pairs of ``strings`` (indexes) worth comparing: those sharing a band of their MinHash
    signatures over word pairs, in a fixed order (the same input gives the same pairs)."""
    import numpy as np

    if len(strings) < 2:
        return
    vocabulary: dict[str, int] = {}
    ids: list[int] = []
    starts = [0]
    for s in strings:
        ids.extend(vocabulary.setdefault(w, len(vocabulary)) for w in s.split(" "))
        starts.append(len(ids))
    tokens = np.asarray(ids, dtype=np.uint64)
    starts_a = np.asarray(starts, dtype=np.int64)
    # the word pairs of each text (a pair never crosses two texts): positions i with i + 1 in the same text
    last = np.zeros(len(ids), dtype=bool)
    last[starts_a[1:] - 1] = True
    keep = ~last
    shingles = (tokens[:-1] << np.uint64(32)) | tokens[1:] if len(ids) > 1 else tokens[:0]
    shingles = shingles[keep[:-1]]
    counts = np.diff(starts_a) - 1                       # each text's word pairs (MIN_WORDS - 1 at least)
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rng = np.random.default_rng(20240305)                # fixed: the same comments, the same groups
    a = rng.integers(1, 2 ** 63, size=HASHES, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2 ** 63, size=HASHES, dtype=np.uint64)
    signature = np.empty((len(strings), HASHES), dtype=np.uint64)
    mixed = shingles * np.uint64(0x9E3779B97F4A7C15)     # spread the pairs' bits before the 64 hashes
    mixed ^= mixed >> np.uint64(29)
    for k in range(HASHES):
        signature[:, k] = np.minimum.reduceat((mixed * a[k] + b[k]) >> np.uint64(32), offsets)
    rows = HASHES // BANDS
    seen: set[tuple[int, int]] = set()
    for band in range(BANDS):
        part = signature[:, band * rows:(band + 1) * rows]
        key = part[:, 0].copy()
        for r in range(1, rows):
            key = key * np.uint64(0x100000001B3) ^ part[:, r]
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        bounds = np.concatenate(([0], np.flatnonzero(ordered[1:] != ordered[:-1]) + 1, [len(order)]))
        for at in np.flatnonzero(np.diff(bounds) > 1):
            bucket = sorted(int(i) for i in order[bounds[at]:bounds[at + 1]])
            pairs = ((x, y) for k, x in enumerate(bucket) for y in bucket[k + 1:]) if len(bucket) <= BIG_BUCKET \
                else ((bucket[0], y) for y in bucket[1:])
            for pair in pairs:
                if pair not in seen:
                    seen.add(pair)
                    yield pair
