"""Link the recommendations followed up to those of earlier cycles, and the UPR ones to the
register's current recommendations of treaty bodies and special procedures (related only;
docs/linking.md).

For each recommendation of the register's current cycle, ``propose`` gives the earlier
recommendations (rows of the register with a ``cycle``: `import ohchr --cycle N`) that ask
the same thing ("same") or a related thing ("related"), with a score and the evidence: the
key terms they share, the treaty or instrument both name, a recommending State both have.

The similarity is RapidFuzz's ``token_set_ratio`` over each text's key terms (words past a
list of stop and modality words, cut to their first letters so that "discrimination" and
"discriminatory" meet), computed for all pairs at once by ``process.cdist``; a grouped cell
(texts of several States joined by ";") is compared part by part, the best part deciding.
Two recommendations that both ask to become party to one treaty of ``INSTRUMENTS`` are the
same whatever their wording; two on one subject of ``model.subjects`` (trafficking, hate
speech, Roma …) are the same when one's subjects and principal asks are contained in the
other's, and related when an instrument (a strategy, a law, a criminal-justice response)
is asked on one side only (``_subject_rule``). Links are kept in the project's
``links.csv``, where the drafter's ``confirmed`` (yes / no) survives a new ``link`` run.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from uprreport.errors import UprError
from uprreport.i18n import N_
from uprreport.model import subjects
from uprreport.model.links import CONFIRMED, LINKS_FILE, SAME   # noqa: F401  (SAME: the default of "same")

# earlier_mechanism after the columns links.csv had before it (issue #31), so that they keep their places
COLUMNS = ["id", "earlier_id", "earlier_cycle", "relation", "score", "confirmed", "earlier_mechanism",
           "evidence", "text", "earlier_text"]
RELATED = 0.6    # default threshold of "related" (0-1), measured in docs/linking.md
MAX_RELATED = 5  # related links kept per recommendation, the best first

# Treaties and instruments recommendations name, each by the patterns of its names (matched
# on the lower-cased text). Keys are the short names the evidence shows.
INSTRUMENTS = {
    "OP-ICESCR": r"optional protocol to the international covenant on economic|op-icescr",
    "ICPPED": r"protection of all persons from enforced disappearance|icpped|enforced disappearance convention",
    "ICRMW": r"rights of all migrant workers|migrant workers convention|icrmw",
    "1961 Statelessness Convention": r"reduction of statelessness",
    "1954 Statelessness Convention": r"status of stateless persons",
    "OP-CAT": r"optional protocol to the convention against torture|op-?cat\b",
    "CAT": r"convention against torture",
    "CRPD": r"rights of persons with disabilities",
    "OP3-CRC": r"optional protocol to the convention on the rights of the child on a communications|op3|third optional protocol",
    "CRC": r"convention on the rights of the child",
    "CEDAW": r"elimination of all forms of discrimination against women|cedaw",
    "ICERD": r"elimination of all forms of racial discrimination|icerd",
    "ILO C189": r"domestic workers convention|no\.? ?189",
    "ILO P29": r"protocol (?:of 2014 )?to the forced labour convention|2014 protocol",
    "ILO C169": r"indigenous and tribal peoples convention|no\.? ?169",
    "ILO C190": r"violence and harassment convention|no\.? ?190",
    "Istanbul Convention": r"istanbul convention|preventing and combating violence against women and domestic violence",
    "Rome Statute": r"rome statute|international criminal court|kampala amendments",
    "Durban Declaration": r"durban declaration(?: and programme of action)?",
    "Nelson Mandela Rules": r"nelson mandela rules|standard minimum rules for the treatment of prisoners",
    "Paris Agreement": r"paris agreement",
    "Framework Convention for National Minorities": r"framework convention for the protection of national minorities",
    "European Charter for Minority Languages": r"charter for regional or minority languages",
}
_INSTRUMENTS = [(key, re.compile(pattern)) for key, pattern in INSTRUMENTS.items()]
# A treaty's title as a recommendation names it (after "Convention", "Protocol" …): it names
# no subject and no ask of the recommendation ("the Convention on the Rights of Persons with
# Disabilities" is not a call about persons with disabilities; the "Programme of Action" of
# Durban is no programme asked for).
_INSTRUMENT_NAMES = re.compile(
    r"\b(?:conventions?|covenant|protocols?|declaration|charter|statute|rules)\b[^,;.]{0,80}?(?:"
    + "|".join(f"(?:{pattern})" for pattern in INSTRUMENTS.values()) + ")"
    r"|durban declaration and programme of action")
_UMBRELLA = re.compile(r"\b(?:vulnerable|marginali[sz]ed|disadvantaged) (?:groups|persons|people)|all human rights\b")
_JOIN = re.compile(r"\b(?:ratif\w*|acced\w*|accession|sign|signing|signature|become (?:a )?party|adhere|adherence)\b")

# Words that say nothing of what is asked: function words, and the modality ("consider",
# "continue", "take steps towards", "strengthen efforts") that does not change the ask.
STOP = frozenset("""a an the of and or to in on for with by from at as into its it their his her this that these those
which who whom all any such other including include includes particularly particular especially notably in
be is are was were been being has have had will would should shall can could may might also well further more
most very its including inter alia among between within without through throughout regard regarding
continue continued continues continuing consider considering take taking taken step steps measure measures
effort efforts strengthen strengthening enhance enhancing intensify intensifying increase increasing
ensure ensuring pursue pursuing make making necessary effective effectively adopt adopting appropriate
further step up sustain redouble expedite accelerate undertake relevant national slovenia state country
government governmental ongoing already existing need needed view aim aimed order every additional
combat combating combatting prevent preventing prevention fight fighting address addressing eliminate
eliminating elimination tackle tackling curb eradicate eradicating reduce reducing work working
efforts forms form""".split())
_STEM = 6


def _plain(text: str) -> str:
    text = str(text)
    if text.isascii():
        return text.casefold()
    return "".join(c for c in unicodedata.normalize("NFKD", str(text).casefold()) if not unicodedata.combining(c))


def key_terms(text: str) -> list[str]:
    """The words of ``text`` that say what is asked, in order, each cut to its first letters;
    a subject's words (``model.subjects``) are one term, "subjtrafficking"."""
    return [w if w.startswith("subj") else w[:_STEM]
            for w in re.findall(r"[a-z0-9]+", subjects.tokens(_plain(text))) if w not in STOP and len(w) > 1]


def parts(text: str) -> list[str]:
    """The texts of a grouped cell (OHCHR joins several States' texts with ';')."""
    found = [p.strip() for p in str(text).split(";") if len(p.strip().split()) >= 3]
    return found or [str(text)]


def instruments(text: str) -> tuple[set[str], set[str]]:
    """(instruments named, instruments the text asks to become party to)."""
    plain = _plain(text)
    named = {key for key, rx in _INSTRUMENTS if rx.search(plain)}
    if "OP-CAT" in named:
        named.discard("CAT")
    if "OP3-CRC" in named:
        named.discard("CRC")
    joining = named if named and _JOIN.search(plain) else set()
    return named, joining


@dataclass
class Link:
    id: str
    earlier_id: str
    earlier_cycle: int | None
    relation: str          # same, related
    score: float
    evidence: str
    confirmed: str = ""    # yes, no, or empty: not yet decided
    text: str = ""
    earlier_text: str = ""
    earlier_mechanism: str = ""   # a treaty body's or special procedure's current recommendation (no cycle)

    def row(self) -> dict:
        return {"id": self.id, "earlier_id": self.earlier_id, "earlier_cycle": self.earlier_cycle or "",
                "earlier_mechanism": self.earlier_mechanism,
                "relation": self.relation, "score": f"{self.score:.2f}", "confirmed": self.confirmed,
                "evidence": self.evidence, "text": self.text, "earlier_text": self.earlier_text}


class _Side:
    """The recommendations of one side, split in parts, with their key terms and instruments."""

    def states(self, rec) -> set[str]:
        key = id(rec)
        if key not in self._states:
            self._states[key] = _states(rec)
        return self._states[key]

    def __init__(self, recs):
        self.recs = list(recs)
        self._states: dict[int, set[str]] = {}
        self.owner: list[int] = []      # part -> recommendation
        self.terms: list[str] = []      # part -> its key terms, joined
        self.named: list[set[str]] = []
        self.joining: list[set[str]] = []
        self.principal_joining: list[bool] = []   # joining a treaty is the principal ask, not a means
        self.subjects: list[frozenset[str]] = []
        self.asks: list[frozenset[str]] = []
        self.principal: list[frozenset[str]] = []
        self.umbrella: list[bool] = []
        for i, rec in enumerate(self.recs):
            for part in parts(rec.text):
                named, joining = instruments(part)
                plain = _plain(part)
                bare = _INSTRUMENT_NAMES.sub(" ", plain)   # a treaty's title names no subject and no ask
                self.owner.append(i)
                self.terms.append(" ".join(key_terms(part)))
                self.named.append(named)
                self.joining.append(joining)
                head = subjects.MEANS.split(plain, maxsplit=1)[0]
                self.principal_joining.append(bool(joining) and bool(_JOIN.search(head)))
                found = subjects.subjects(bare)
                self.subjects.append(frozenset(found))
                listed = found & subjects.GROUPS - subjects.others(bare)
                self.umbrella.append(not (found - subjects.GROUPS - subjects.SECTORS)
                                     and (len(listed) >= 3 or bool(_UMBRELLA.search(bare))))
                principal, every = subjects.asks(bare)
                self.principal.append(frozenset(principal))
                self.asks.append(frozenset(every))


def _states(rec) -> set[str]:
    from uprreport.model import states

    return {states.key(s) for s in rec.states}


# The score of two parts on one subject, one's subjects and principal asks contained in the
# other's: "same" at the default threshold, "related" above 0.9 (--same 0.95 keeps only the
# treaty pairs and the near rewordings).
SUBJECT_SAME = 0.9


def _bits(sets: list, keys: dict) -> "np.ndarray":
    import numpy as np

    return np.array([sum(1 << keys[k] for k in found) for found in sets], dtype=np.uint64)


def _subject_rule(now: _Side, before: _Side, pair, same: float, related: float):
    """The pair scores of all parts after the rules: a treaty both ask to join (1.0); one
    asking to join a treaty and the other not, or one asking for an instrument (a strategy,
    a law, a criminal-justice response, awareness …) that the other's asks do not contain,
    at most related; two parts on one subject (``model.subjects``) whose subjects and asks
    are contained one in the other, the same."""
    import numpy as np

    cap = (same + related) / 2
    subject_keys = {k: n for n, k in enumerate(subjects.KEYS)}
    ask_keys = {k: n for n, k in enumerate(subjects.ASKS)}
    sa, sb = _bits(now.subjects, subject_keys)[:, None], _bits(before.subjects, subject_keys)[None, :]
    aa, ab = _bits(now.asks, ask_keys)[:, None], _bits(before.asks, ask_keys)[None, :]
    narrowing = _bits([subjects.NARROWING], subject_keys)[0]
    sectors = _bits([subjects.SECTORS], subject_keys)[0]
    groups = _bits([subjects.GROUPS], subject_keys)[0]
    ia, ib = sa & ~groups & ~sectors, sb & ~groups & ~sectors    # issues
    ga, gb = sa & groups, sb & groups
    pa, pb = _bits(now.principal, ask_keys)[:, None], _bits(before.principal, ask_keys)[None, :]
    shared = sa & sb
    # UPR-REFERENCE §8: the same when one's principal asks are contained in the other's. One's
    # subjects are among the other's (the other's extra subjects no narrowing form of the
    # shared one: antisemitism within hate speech), and its principal asks among the other's
    # asks, principal or means ("combat X by prosecuting" asks prosecution; "adopt a strategy
    # to combat X" asks a strategy, not the fight itself).
    # setting up what does not exist is no part of strengthening what does: a principal ask
    # to establish, on either side, must be asked on both
    establish = _bits([frozenset({"establish"})], ask_keys)[0]
    setting_up = (((pa | pb) & establish) & ~(aa & ab)) == 0
    a_asks_in_b = ((pa & ab) == pa) & setting_up
    b_asks_in_a = ((pb & aa) == pb) & setting_up
    # an issue's groups narrow its object without changing it ("hate speech against
    # minorities" is about hate speech): the subjects compared are the issues when there are
    ca = np.where(ia != 0, sa & ~groups, sa)
    cb = np.where(ib != 0, sb & ~groups, sb)
    cover_a, cover_b = ca.copy(), cb.copy()
    for broad, forms in subjects.COVERS.items():
        bit, form_bits = np.uint64(1 << subject_keys[broad]), _bits([forms], subject_keys)[0]
        cover_a = np.where((ca & bit) != 0, cover_a | form_bits, cover_a)
        cover_b = np.where((cb & bit) != 0, cover_b | form_bits, cover_b)
    # discrimination on a ground the other call against discrimination does not name is a
    # narrower subject (a general call, or one on racism, does not take in discrimination
    # against persons with disabilities); a call on another issue is not narrowed by it
    grounds = _bits([frozenset(subjects.GROUNDS)], subject_keys)[0]
    discrimination = np.uint64(1 << subject_keys["discrimination"])
    narrower_a = narrowing | np.where((cb & discrimination) != 0, grounds, np.uint64(0))
    narrower_b = narrowing | np.where((ca & discrimination) != 0, grounds, np.uint64(0))
    a_in_b = ((ca & ~cover_b) == 0) & (((cb & ~ca) & narrower_b) == 0) & a_asks_in_b
    b_in_a = ((cb & ~cover_a) == 0) & (((ca & ~cb) & narrower_a) == 0) & b_asks_in_a
    asks_in = a_asks_in_b | b_asks_in_a
    # the same principal subject: an issue both name, or (neither naming an issue) the same
    # groups, in general calls or with a field of policy both name (a general call about a
    # group is related to narrower ones, not the same; "hate speech against minorities" is
    # about hate speech)
    on_issue = (ia & ib) != 0
    on_group = ((ia | ib) == 0) & ((ga & gb) != 0) & ((((sa | sb) & sectors) == 0) | ((sa & sb & sectors) != 0))
    # umbrella recommendations (lists of three or more groups, "vulnerable groups") link to
    # nothing as the same (UPR-REFERENCE §8)
    umbrella_a = np.array(now.umbrella, dtype=bool)[:, None]
    umbrella_b = np.array(before.umbrella, dtype=bool)[None, :]
    # a group alone (no issue, no field of policy) names no object of the ask: a general call
    # about the group ("protect persons with disabilities") is related, not the same, to an
    # instrument for it ("align the legislation on persons with disabilities"), so there the
    # asks must be contained both ways
    group_alone = on_group & (((sa | sb) & sectors) == 0)
    contained = (a_in_b | b_in_a) & ~(group_alone & ~(a_asks_in_b & b_asks_in_a))
    same_subject = (on_issue | on_group) & contained & ~umbrella_a & ~umbrella_b
    # both parts' subjects known and not the same ask: the words' likeness only ranks related ones
    known = ((ia | ga) != 0) & ((ib | gb) != 0)
    base = pair
    pair = np.where(asks_in, pair, np.minimum(pair, cap))
    pair = np.where(known & ~same_subject, np.minimum(pair, cap), pair)
    pair = np.where(same_subject, np.maximum(pair, SUBJECT_SAME), pair)
    pair = np.where((shared != 0) & ~same_subject, np.maximum(pair, related + (cap - related) * base), pair)
    # treaties: joining one treaty is the same ask however worded; joining and not, related at most
    # (joining as a means, "protect migrants, including by ratifying the ICRMW", is no cap)
    join_now = [pi for pi, found in enumerate(now.joining) if found]
    join_before = [pj for pj, found in enumerate(before.joining) if found]
    for pi in join_now:
        if now.principal_joining[pi]:
            pair[pi, :] = np.minimum(pair[pi, :], cap)
    for pj in join_before:
        if before.principal_joining[pj]:
            pair[:, pj] = np.minimum(pair[:, pj], cap)
    for pi in join_now:
        for pj in join_before:
            if now.joining[pi] & before.joining[pj]:
                pair[pi, pj] = 1.0
    return pair


def propose(current, earlier, same: float = SAME, related: float = RELATED,
            max_related: int = MAX_RELATED) -> list[Link]:
    """The links of each recommendation of ``current`` to those of ``earlier`` (both lists of
    model.register.Recommendation), in the order of ``current``, the best first."""
    import numpy as np
    from rapidfuzz import fuzz, process

    now = _Side(current)
    before = now if earlier is current else _Side(earlier)   # a list linked against itself
    if not now.recs or not before.recs:
        return []
    # below 0.4 the words' likeness decides nothing (the related floor is higher): not computed
    base = process.cdist(now.terms, before.terms, scorer=fuzz.token_set_ratio, dtype=np.uint8, workers=1,
                         score_cutoff=40)
    pair = _subject_rule(now, before, base.astype(np.float32) / 100.0, same, related)
    # a pair of recommendations scores as its best pair of parts (a recommendation's parts
    # are consecutive)
    row_starts = np.searchsorted(np.array(now.owner), np.arange(len(now.recs)))
    col_starts = np.searchsorted(np.array(before.owner), np.arange(len(before.recs)))
    row_ends = np.append(row_starts[1:], len(now.owner))
    col_ends = np.append(col_starts[1:], len(before.owner))
    best = np.maximum.reduceat(np.maximum.reduceat(pair, row_starts, axis=0), col_starts, axis=1)
    # a treaty body's or a special procedure's recommendation (the register's `mechanism`)
    # and a UPR one are never the same recommendation, however alike ("previously received
    # as" is said of a UPR review's): related at most, the scores from the related threshold
    # up brought between it and the cap in proportion, so that they still rank (the word for
    # word pair first, a shared subject after)
    mine = [_mechanism(rec) for rec in now.recs]
    theirs = mine if before is now else [_mechanism(rec) for rec in before.recs]
    if len(set(mine) | set(theirs)) > 1:
        other = np.array(mine, dtype=object)[:, None] != np.array(theirs, dtype=object)[None, :]
        cap = (same + related) / 2
        scaled = related + (best - related) * ((cap - related) / max(1.0 - related, 1e-9))
        best = np.where(other, np.where(best >= related, np.minimum(scaled, cap), np.minimum(best, cap)), best)
    out: list[Link] = []
    for i, rec in enumerate(now.recs):
        found = np.nonzero(best[i] >= related)[0]
        order = sorted(found.tolist(), key=lambda j: (-float(best[i, j]), before.recs[j].sort_key()))
        kept_related = 0
        for j in order:
            value = float(best[i, j])
            relation = "same" if value >= same else "related"
            if relation == "related":
                if kept_related >= max_related:
                    continue
                kept_related += 1
            old = before.recs[j]
            block = pair[row_starts[i]:row_ends[i], col_starts[j]:col_ends[j]]
            pi, pj = np.unravel_index(int(np.argmax(block)), block.shape)
            pi, pj = int(pi) + int(row_starts[i]), int(pj) + int(col_starts[j])
            # a current recommendation of another mechanism is named by its mechanism, not a cycle
            mechanism = _name(old) if old.cycle is None and _mechanism(old) != "UPR" else ""
            out.append(Link(rec.id, old.id, old.cycle, relation, round(value, 2),
                            _evidence(now, before, pi, pj, rec, old), text=rec.text, earlier_text=old.text,
                            earlier_mechanism=mechanism))
    return out


def _mechanism(rec) -> str:
    return (str(getattr(rec, "mechanism", "") or "UPR")).strip().upper()


def _name(rec) -> str:
    """The mechanism as the register writes it ("SR torture"), "UPR" when none."""
    return " ".join(str(getattr(rec, "mechanism", "") or "UPR").split()) or "UPR"


def _evidence(now: _Side, before: _Side, pi: int, pj: int, rec, old) -> str:
    said = []
    if _mechanism(rec) != _mechanism(old):   # the other mechanism first: "CEDAW and UPR"
        said.append(" and ".join(sorted((_name(rec), _name(old)), key=lambda m: m.upper() == "UPR")))
    treaty = sorted(now.joining[pi] & before.joining[pj])
    if treaty:
        said.append("becoming party to " + ", ".join(treaty))
    named = sorted((now.named[pi] & before.named[pj]) - set(treaty))
    if named:
        said.append("names " + ", ".join(named))
    topics = sorted(now.subjects[pi] & before.subjects[pj])
    if topics:
        said.append("subject: " + ", ".join(topics))
    theirs = set(before.terms[pj].split())
    shared = [w for w in dict.fromkeys(now.terms[pi].split()) if w in theirs and not w.startswith("subj")]
    if shared:
        said.append("key terms: " + " ".join(shared[:12]))
    common = now.states(rec) & before.states(old)
    if common:
        names = [s for s in old.states if _states_key(s) in common]
        said.append("same recommending State: " + ", ".join(names))
    return "; ".join(said)


def _states_key(name: str) -> str:
    from uprreport.model import states

    return states.key(name)


# ---- the project's links ---------------------------------------------------------------

def _register(root: Path):
    """(current, earlier) recommendations of the project's register."""
    from uprreport.importing import project_register
    from uprreport.readers import register

    path, shown, _source = project_register(Path(root))
    current, _where, diags, earlier = register.read_cycles(path, shown)
    if not current and not earlier:
        raise UprError(f"no recommendations in {shown}", diagnostics=diags)
    return current, earlier


def read_links(path: Path) -> list[dict]:
    """The rows of a links file (CSV or workbook), as text cells."""
    from uprreport.readers import package, tables

    if not package.is_file(path):
        return []
    data, diags = tables.read_table(path, path.name, fits=lambda cols: {"id", "earlier_id"} <= set(cols))
    if data is None:
        raise UprError(f"cannot read the links file {path.name}", diagnostics=diags)
    return [{k: str(v or "").strip() for k, v in row.items()} for _n, row in data.rows]


def key(row: dict) -> tuple[str, str, str, str]:
    """A link's identity in links.csv and its workbook: id, earlier cycle, earlier mechanism
    (empty for the UPR's: a links file written before the column keeps its keys), earlier id."""
    mechanism = " ".join(str(row.get("earlier_mechanism", "") or "").split()).casefold()
    return (str(row.get("id", "")).strip(), str(row.get("earlier_cycle", "")).strip(),
            "" if mechanism == "upr" else mechanism, str(row.get("earlier_id", "")).strip())


@dataclass
class Linked:
    path: Path
    links: list[Link]
    same: int
    related: int         # related links to earlier cycles' recommendations
    kept: int            # decisions of the drafter kept from the links file
    other: int = 0       # related links to other mechanisms' recommendations (treaty bodies, special procedures)


def link(root: Path, same: float = SAME, related: float = RELATED) -> Linked:
    """Propose the links of the project at ``root`` (to the earlier cycles' recommendations, and
    from its UPR recommendations to its other mechanisms' ones) and write them to its links.csv,
    keeping the ``confirmed`` of links already there (and links the drafter confirmed
    that are no longer proposed)."""
    from uprreport.writers import table as table_writer

    current, earlier = _register(root)
    # the UPR recommendations followed up are also linked, related at most, to the register's
    # current recommendations of treaty bodies and special procedures (issue #31)
    upr = [rec for rec in current if _mechanism(rec) == "UPR"]
    others = [rec for rec in current if _mechanism(rec) != "UPR"]
    if not earlier and not (upr and others):
        raise UprError("the register holds no earlier cycle's recommendations to link to, and no treaty body's or "
                       "special procedure's recommendations beside the UPR ones",
                       hint="import the earlier review's list with `uprreport import ohchr LIST --cycle N`")
    links = propose(current, earlier, same, related) if earlier else []
    if upr and others:
        across = propose(upr, others, same, related)
        for lk in across:   # never the same: propose caps other mechanisms below the "same" threshold
            lk.relation = "related"
        order = {rec.id: n for n, rec in enumerate(current)}
        links = sorted(links + across, key=lambda lk: order[lk.id])   # stable: each one's cycles first
    path = Path(root) / LINKS_FILE
    old = {key(r): r for r in read_links(path)}
    kept = 0
    proposed = set()
    for lk in links:
        k = key(lk.row())
        proposed.add(k)
        decided = old.get(k, {}).get("confirmed", "").casefold()
        if decided in CONFIRMED:
            lk.confirmed = decided
            kept += 1
    rows = [lk.row() for lk in links]
    for k, r in old.items():   # a decision of the drafter on a link no longer proposed is kept
        if k not in proposed and r.get("confirmed", "").casefold() in CONFIRMED:
            rows.append({c: r.get(c, "") for c in COLUMNS})
            kept += 1
    table_writer.write(path, COLUMNS, rows)
    return Linked(path, links, sum(lk.relation == "same" for lk in links),
                  sum(lk.relation == "related" and not lk.earlier_mechanism for lk in links), kept,
                  sum(bool(lk.earlier_mechanism) for lk in links))


# The workbook's first sheet, in the report's language (the column names stay as links.csv has them)
INSTRUCTIONS = (N_("Instructions"), [
    N_("Links between the recommendations followed up and those of earlier reviews, proposed by uprreport."),
    N_("For each row, choose in the 'confirmed' column: yes (the link holds) or no (it does not)."),
    N_("'relation' says whether the earlier recommendation asks the same thing or a related one; "
       "'evidence' says why it was proposed."),
    N_("An 'earlier_mechanism' (CEDAW, CRC, a special procedure) says the link is to that mechanism's current "
       "recommendation, related only."),
    N_("Do not change the id, earlier_id, earlier_cycle and earlier_mechanism columns. Bring the workbook back with "
       "`uprreport import links FILE -p PROJECT`."),
])


def export_links(root: Path, out: Path) -> int:
    """Write the project's links (links.csv, proposed by ``link``) to ``out`` (.csv or .xlsx,
    the workbook with a yes/no drop-down in ``confirmed``)."""
    from uprreport.writers import table as table_writer

    rows = read_links(Path(root) / LINKS_FILE)
    if not rows:
        raise UprError("the project has no links yet", hint="propose them with `uprreport link -p PROJECT`")
    rows = [{c: r.get(c, "") for c in COLUMNS} for r in rows]
    if Path(out).suffix.lower() == ".xlsx":
        t = _language(root)
        rows = [{**r, "evidence": evidence_in(r["evidence"], t)} for r in rows]   # not read back
        table_writer.write_xlsx(Path(out), COLUMNS, rows, sheet="Links", choices={"confirmed": list(CONFIRMED)},
                                instructions=(t(INSTRUCTIONS[0]), [t(line) for line in INSTRUCTIONS[1]]),
                                locked=["id", "earlier_id", "earlier_cycle", "earlier_mechanism"],
                                widths={"text": 60, "earlier_text": 60, "evidence": 40})
    else:
        table_writer.write(Path(out), COLUMNS, rows)
    return len(rows)


def _language(root: Path):
    """The words of the project's report language (report.yaml's ``language``; English when it
    says none or cannot be read)."""
    from uprreport import i18n
    from uprreport.readers.project import read_manifest

    manifest, _pos, _diags = read_manifest(Path(root))
    return i18n.Language(getattr(manifest, "language", None) or "en")


@dataclass
class Confirmed:
    path: Path
    changed: int
    unknown: list[str]     # rows of the file that are no link of the project
    refused: list[str]     # values of 'confirmed' that are neither yes nor no


def import_links(root: Path, workbook: Path) -> Confirmed:
    """Bring back the drafter's yes/no of a links workbook (or CSV) into links.csv."""
    decisions = {}
    for r in read_links(Path(workbook)):
        k = key(r)
        if k[0]:
            decisions[k] = r.get("confirmed", "")
    return confirm(root, decisions)


def confirm(root: Path, decisions: dict[tuple[str, str, str, str], str]) -> Confirmed:
    """The drafter's decisions (a link's key, as ``key`` makes it -> yes, no, or empty for
    undecided) into the project's links.csv, written once if anything changed. A key that is
    no link of the file (links proposed again meanwhile) is counted in ``unknown``, a value
    that is neither yes, no nor empty in ``refused``; the others are kept."""
    from uprreport.writers import table as table_writer

    path = Path(root) / LINKS_FILE
    rows = read_links(path)
    if not rows:
        raise UprError("the project has no links yet", hint="propose them with `uprreport link -p PROJECT`")
    index = {key(r): r for r in rows}
    changed, unknown, refused = 0, [], []
    for k, given in decisions.items():
        target = index.get(k)
        if target is None:
            unknown.append(f"{k[0]} -> {k[3]}")
            continue
        value = str(given or "").strip().casefold()
        if value not in CONFIRMED + ("",):
            refused.append(f"{k[0]} -> {k[3]}: '{given}'")
            continue
        if value != target.get("confirmed", "").casefold():
            target["confirmed"] = value
            changed += 1
    if changed:
        table_writer.write(path, COLUMNS, [{c: r.get(c, "") for c in COLUMNS} for r in rows])
    return Confirmed(path, changed, unknown, refused)


# ---- the evidence in the reader's language -----------------------------------------------------
# links.csv keeps each link's evidence as ``_evidence`` writes it, in English; the workbook of
# `export links` and the workspace's page show it in the report's or the page's language. The
# subjects by their keys (model/subjects.py; a test checks that every key has its words here).
SUBJECT_WORDS = {
    "trafficking": N_("trafficking"),
    "hate speech": N_("hate speech"),
    "racism": N_("racism"),
    "discrimination": N_("discrimination"),
    "islamophobia": N_("islamophobia"),
    "antisemitism": N_("antisemitism"),
    "domestic violence": N_("domestic violence"),
    "violence against women": N_("violence against women"),
    "statelessness": N_("statelessness"),
    "detention": N_("detention"),
    "torture": N_("torture"),
    "death penalty": N_("death penalty"),
    "asylum": N_("asylum"),
    "climate": N_("climate"),
    "defamation": N_("defamation"),
    "media": N_("media"),
    "national human rights institution": N_("national human rights institution"),
    "corruption": N_("corruption"),
    "poverty": N_("poverty"),
    "gender equality": N_("gender equality"),
    "economic equality of women": N_("economic equality of women"),
    "gender identity": N_("gender identity"),
    "sexual orientation": N_("sexual orientation"),
    "education": N_("education"),
    "health": N_("health"),
    "employment": N_("employment"),
    "living conditions": N_("living conditions"),
    "language": N_("language"),
    "participation": N_("participation"),
    "roma": N_("roma"),
    "older persons": N_("older persons"),
    "persons with disabilities": N_("persons with disabilities"),
    "children": N_("children"),
    "youth": N_("youth"),
    "migrants": N_("migrants"),
    "refugees": N_("refugees"),
    "minorities": N_("minorities"),
    "women": N_("women"),
    "discrimination on sex": N_("discrimination on sex"),
    "discrimination on disability": N_("discrimination on disability"),
    "discrimination on sexual orientation or gender identity": N_("discrimination on sexual orientation or gender identity"),
    "discrimination on age": N_("discrimination on age"),
}
_EVIDENCE = [   # (how a part of the evidence begins, its words with the rest as {values})
    ("becoming party to ", N_("becoming party to {values}")),
    ("names ", N_("names {values}")),
    ("subject: ", N_("subject: {values}")),
    ("key terms: ", N_("key terms: {values}")),
    ("same recommending State: ", N_("same recommending State: {values}")),
]


def evidence_in(text: str, t) -> str:
    """The evidence ``text`` (as links.csv holds it) in the language of ``t`` (an
    i18n.Language, or the web pages' words): its fixed words and the subjects' names
    translated; treaties, key terms and States as they are. A part it does not know (written
    by hand) is left as it is."""
    out = []
    for part in str(text or "").split("; "):
        for start, words in _EVIDENCE:
            if part.startswith(start):
                rest = part[len(start):]
                if start == "subject: ":   # a list as the language writes one (CLDR's, through Babel)
                    rest = t.join([t(SUBJECT_WORDS[k]) if k in SUBJECT_WORDS else k for k in rest.split(", ")])
                elif start == "same recommending State: ":
                    rest = t.join(rest.split(", "))
                out.append(t(words, values=rest))
                break
        else:
            mechanism = re.fullmatch(r"(.+) and UPR", part)
            out.append(t(N_("{mechanism} and UPR"), mechanism=mechanism.group(1)) if mechanism else part)
    return "; ".join(out)
