"""Subjects and kinds of ask of UPR recommendations, by the words that name them
(docs/linking.md, "Links": how the score is made).

``SUBJECTS``: the specific subjects recommendations recur on, each by the patterns of its
word forms and synonyms (matched on the lower-cased, accent-free text, as the treaties of
``linking.INSTRUMENTS`` are). The keys follow UPR Info's issue categories and OHCHR's
"human rights themes" of the thematic lists, narrowed where analysts tell subjects apart
(domestic violence and violence against women; hate speech and racism). The synonyms are
those of the same vocabularies and of the treaty bodies' usage ("penitentiary system" for
prisons and places of detention, "hate language" for hate speech, "Islamophobia" for hatred
against Muslims, "legal gender recognition" for gender-identity affirmation).

``ASKS``: the kinds of ask the analysts' rules tell apart (UPR-REFERENCE §8): an instrument
(a strategy or plan, a law, a criminal-justice response, awareness-raising, a procedure, a
mechanism) asked for a goal is *related* to a call for the goal itself, not the same;
``generic`` is the call for the goal (combat, prevent, eliminate, protect, promote …).
"""

from __future__ import annotations

import functools
import re

SUBJECTS = {
    # issues
    "trafficking": r"traffick\w*|trafficking in (?:persons|human beings)|human trafficking",
    "hate speech": r"racist hate speech|racist and xenophobic (?:statements|speech)|raci(?:st|ally motivated) violence"
                   r"|hate speech|hate language|hateful (?:statements|speech|language)|hate crimes?|hate[- ]motivated"
                   r"|incitement to (?:hatred|violence)|racially hostile language|racist (?:statements|speech)",
    "racism": r"racis\w*|racial(?:ly)? (?:discrimination|motivated|crimes?|profiling)|xenophob\w*|anti-?gypsyism"
              r"|racial and ethnic discrimination",
    "discrimination": r"discriminat\w*|intolerance|equal treatment|principle of equality",
    "islamophobia": r"islamophob\w*|(?:against|of) muslims|anti-muslim",
    "antisemitism": r"anti-?semit\w*",
    "domestic violence": r"domestic violence|family violence|intimate partner violence|violence in the family",
    "violence against women": r"violence against women|gender-based violence|violence against women and girls"
                              r"|sexual (?:abuse|violence)|\brape\b",
    "statelessness": r"stateless\w*|nationality determination",
    "detention": r"prisons?|penitentiar\w*|detention (?:facilities|centres|centers|conditions)|places of detention"
                 r"|prison conditions|detainees|prisoners|overcrowding",
    "torture": r"\btorture\b|ill-treatment|cruel, inhuman",
    "death penalty": r"death penalty|capital punishment|executions?\b|death sentences?",
    "asylum": r"asylum(?![- ]seek)|refoulement|international protection|resettlement",
    "climate": r"climate change|climate|greenhouse|emissions|paris agreement",
    "defamation": r"defamation|libel|insult laws?",
    "media": r"journalists?|media freedom|freedom of (?:the )?(?:media|press|expression)|press freedom",
    "national human rights institution": r"national human rights institution|ombudsman|paris principles"
                                         r"|advocate of the principle of equality|human rights mechanisms?",
    "corruption": r"corrupt\w*|bribery",
    "poverty": r"poverty|social exclusion|social inclusion",
    "gender equality": r"gender equality|equality between (?:women and men|men and women)|equal pay|gender pay gap"
                       r"|empowerment of women|equal opportunities for women and men|women'?s empowerment",
    # women's economic empowerment (UPR Info's "women's rights" in the economy): a field of
    # gender equality, not gender equality as a whole
    "economic equality of women": r"economic empowerment of women|women'?s economic (?:empowerment|independence)"
                                  r"|feminization of poverty",
    "gender identity": r"gender identity|legal gender recognition|gender[- ]affirm\w*|gender reassignment"
                       r"|transgender|intersex|sex characteristics",
    "sexual orientation": r"sexual orientation|lgbt\w*|same-sex",
    # sectors
    "education": r"educat\w*|schools?|schooling|students?|pupils|pre-?school\w*|dropout",
    "health": r"health\w*|medical|palliative|mental health|(?:long-term|social|quality|affordable) care\b"
              r"|\bcare (?:for|services)",
    "employment": r"employment|labour market|labor market|jobs?|unemploy\w*",
    "living conditions": r"living conditions|living standards?|standard of living|drinking water|sanitation"
                         r"|electricity|basic (?:utilities|services)|housing|informal settlements",
    "language": r"minority languages?|use of (?:the )?(?:minority )?languages?|bilingual\w*|mother tongue"
                r"|language rights|(?:culture|cultural) and language",
    "participation": r"political participation|participation (?:of|in) (?:public|political)|public and political life"
                     r"|representation",
    # groups
    "roma": r"\broma\b|\bsinti\b|gypsy",
    "older persons": r"older (?:persons|people|women|men)|elderly|ageing|aging population|old age",
    "persons with disabilities": r"disabilit\w*|disabled",
    "children": r"\bchild\w*|\bminors?\b|juvenile",
    "youth": r"young people|youth",
    "migrants": r"\bmigrants?\b|\bimmigrants?\b|migrant workers|newly-arrived|foreigners",
    "refugees": r"refugees?|asylum[- ]seek\w*",
    "minorities": r"minorit\w*|autochthonous|german-speaking|croatian community|italian and hungarian",
    "women": r"\bwomen\b|\bgirls\b|\bfemale\b",
}

# Subjects that are groups of persons: named after "particularly", "especially", "including"
# they narrow the object without changing it (UPR-REFERENCE §8) and are not counted.
GROUPS = frozenset({"roma", "older persons", "persons with disabilities", "children", "youth", "migrants", "refugees",
                    "minorities", "women"})

# Fields of policy: shared alone, they make no two recommendations the same.
SECTORS = frozenset({"education", "health", "employment", "living conditions", "participation", "poverty", "language"})
# Particular forms of a broader subject: a recommendation on one of them is related, not the
# same, to a general one on the broader subject (antisemitism within hate speech).
NARROWING = frozenset({"antisemitism", "islamophobia", "roma", "economic equality of women"})
# Broader subjects that take in their forms: a call against discrimination covers racism.
COVERS = {"discrimination": frozenset({"racism"})}

# Forms of a subject that count as it too: racism, racial discrimination and xenophobia are
# forms of discrimination (ICERD art. 1; the labelling rules of docs/linking-labels.md).
IMPLIES = {"racism": "discrimination", "economic equality of women": "gender equality"}
# Discrimination by ground (ICCPR art. 26; the treaty bodies' grounds): a text naming
# discrimination and one of these (a group outside a qualifier, or the issue itself) is about
# discrimination on that ground, a narrower subject than discrimination as a whole or on
# another ground ("combat all forms of racism and discrimination" is not the same as
# "combat discrimination against persons with disabilities"; both are related). Racial
# discrimination is ``racism``.
GROUNDS = {
    "discrimination on sex": frozenset({"women", "economic equality of women"}),
    "discrimination on disability": frozenset({"persons with disabilities"}),
    "discrimination on sexual orientation or gender identity": frozenset({"sexual orientation", "gender identity"}),
    "discrimination on age": frozenset({"older persons"}),
}
# Every subject key: those named by words, then the grounds of discrimination.
KEYS = tuple(SUBJECTS) + tuple(GROUNDS)
# Words before a generic call that make it the purpose of an instrument, not an ask.
PURPOSE = re.compile(r"(?:\bto|\bfor|\baimed at|\bagainst|\bwith a view to|\bso as to)\s+(?:\w+\s+)?$")

# Kinds of ask. An instrument asked for a goal is related, not the same, to the goal.
ASKS = {
    "strategy": r"strateg\w*|polic(?:y|ies)|action plan|national plan|programmes?|programs?\b",
    "law": r"legislat\w*|\blaws?\b|legal (?:framework|definition|provisions?)|criminal code|\bamend\w*|\benact\w*"
           r"|\bact\b|\bbills?\b|\bstatute\b",
    "justice": r"prosecut\w*|investigat\w*|\bpunish\w*|criminal justice|perpetrators|accountab\w*|sanction\w*"
               r"|convict\w*|law enforcement|legal action|enforcement",
    "awareness": r"awareness|campaigns?|sensiti[sz]\w*|public education|training",
    "procedure": r"procedures?\b|determination",
    "mechanism": r"mechanisms?|\binstitutions?\b|\bbody\b|capacity|institutional structure",
    # finding the victims is one ask, caring for them another (identification is asked of the
    # police and labour inspectors; assistance, shelter and redress of the social services)
    "identification": r"victims? identification|identification of (?:\w+ ){0,2}victims?"
                      r"|identif(?:y|ying|ied)(?=(?: \w+){0,4} (?:victims?|persons|women|children|people|those)\b)",
    "victims": r"(?:protect\w*|support\w*|assist\w*)(?: and \w+)? (?:of |to )?(?:the )?(?:women )?victims?"
               r"|victims? (?:protection|support)|victims?|survivors?|support services|redress"
               r"|remed(?:y|ies)|shelters?|rehabilitat\w*|at risk",
    # setting up what does not exist yet (an institution, a body, a plan) is not the same ask
    # as strengthening or funding what exists
    "establish": r"\bestablish(?:es|ed|ing|ment)?\b|\bcreat(?:e|es|ed|ing|ion)\b|\bset(?:ting)? up\b",
    "data": r"data collection|\bdata\b|statistic\w*|monitoring",
    "resources": r"resources|funding|budget\w*|financ\w*",
    "generic": r"\bcombat\w*|\bprevent\w*|\bfight\w*|\beliminat\w*|\baddress\w*|\btackl\w*|\bcurb\w*|\berad\w*"
               r"|\bprotect\w*|\bpromot\w*|\bguarantee\w*|\bsafeguard\w*|\bupho\w*|\bcondemn\w*"
               r"|zero tolerance|campaign against|\bmeasures? against|\befforts? against",
}
# Words opening the means of an ask ("combat X by improving Y": Y is asked too) and the
# qualifiers that narrow an object without changing it.
MEANS = re.compile(r"\b(?:by|through|by means of)\b")
QUALIFIER = re.compile(r"\b(?:particularly|especially|in particular|notably|including|such as|inter alia)\b"
                       r"[^,;.]*")

_SUBJECTS = [(key, re.compile(r"\b(?:" + pattern + r")")) for key, pattern in SUBJECTS.items()]
_ASKS = [(key, re.compile(r"(?:" + pattern + r")")) for key, pattern in ASKS.items()]
_GROUPS = [(key, rx) for key, rx in _SUBJECTS if key in GROUPS]
_ORDER = {key: n for n, key in enumerate(SUBJECTS)}


@functools.lru_cache(maxsize=8192)
def _spans(plain: str) -> tuple[tuple[int, int, str], ...]:
    """The subjects named in ``plain``, each span of words read once: at one place the
    longest name wins, then the first listed ("feminization of poverty" is gender equality,
    not poverty; "racist hate speech" is hate speech)."""
    hits = sorted((m.start(), -m.end(), _ORDER[key], key) for key, rx in _SUBJECTS for m in rx.finditer(plain))
    out, end = [], -1
    for start, neg_end, _n, key in hits:
        if start >= end:
            out.append((start, -neg_end, key))
            end = -neg_end
    return tuple(out)


def tokens(plain: str) -> str:
    """``plain`` with each subject's words replaced by one token ("subjtrafficking"), so that
    synonyms and word forms meet."""
    out, last = [], 0
    for start, end, key in _spans(plain):
        out += [plain[last:start], " subj" + key.replace(" ", "") + " "]
        last = end
    return "".join(out) + plain[last:]


@functools.lru_cache(maxsize=8192)
def subjects(plain: str) -> frozenset[str]:
    """The subjects ``plain`` (lower-cased, accent-free text) is about, each span of words
    counted once (``_spans``); groups named only in a qualifier ("particularly children")
    are left out, a subject implies the broader one it is a form of (``IMPLIES``), and a
    discrimination is on the grounds named with it (``GROUNDS``)."""
    qualified = [m.span() for m in QUALIFIER.finditer(plain)]

    def free(start: int) -> bool:
        return not any(a <= start < b for a, b in qualified)

    found = {key for _start, _end, key in _spans(plain) if key not in GROUPS}
    # a group counts when named outside a qualifier, even inside another subject's words
    # ("minority languages" names minorities too)
    found |= {key for key, rx in _GROUPS if any(free(m.start()) for m in rx.finditer(plain))}
    for narrow, broad in IMPLIES.items():
        if narrow in found:
            found.add(broad)
    if "discrimination" in found:
        found |= {ground for ground, markers in GROUNDS.items() if markers & found}
    return frozenset(found)


def others(plain: str) -> frozenset[str]:
    """The groups named as the kind the other groups listed belong to ("Roma, migrants and
    other minorities": minorities), which adds no group of its own to the list."""
    return frozenset(key for key, rx in _GROUPS for m in rx.finditer(plain)
                     if re.search(r"\bother\s+$", plain[max(0, m.start() - 6):m.start()]))


def _kinds(plain: str) -> set[str]:
    hits = []
    for key, rx in _ASKS:
        for m in rx.finditer(plain):
            hits.append((m.start(), m.start() - m.end(), key))   # the longest first at one place
    hits.sort()
    kept, end = [], -1
    for start, length, key in hits:
        if start >= end:          # words already taken by a longer ask are not read again
            kept.append((start, key))
            end = start - length
    if not kept:
        return set()
    principal = kept[0][1]
    found = set()
    for start, key in kept:
        # "adopt a strategy to combat X": the fight is the strategy's purpose, not an ask
        if key == "generic" and principal != "generic" and PURPOSE.search(plain[:start]):
            continue
        found.add(key)
    return found


@functools.lru_cache(maxsize=8192)
def asks(plain: str) -> tuple[frozenset[str], frozenset[str]]:
    """(the principal asks, every ask) of ``plain``. The principal asks are those before the
    means ("combat X by prosecuting …": prosecution is asked as the means); the first kind
    of ask named decides whether a generic call is asked or only its purpose ("adopt a
    strategy to combat X" asks a strategy)."""
    m = MEANS.search(plain)
    head, tail = (plain[:m.start()], plain[m.end():]) if m else (plain, "")
    principal, means = _kinds(head), _kinds(tail)
    if not principal:
        principal = {"generic"}
    return frozenset(principal), frozenset(principal | means)
