"""Implementation statuses against the report's vocabulary: ``normalise`` gives a project
whose accepted statuses are in the vocabulary's own spelling; ``check`` reports the others,
with ``suggest``'s word on what was meant.

A suggestion is never the opposite of what was typed. A spelling distance alone would offer
'not implemented' for "Implemented" (the nearer string), so words people write for a status
("done", "ongoing", "en cours", "no iniciado"…) are first read for the degree they say
(``degree``: done, partly done, under way, not done), in English, French and Spanish (and a
few Arabic and Russian words), and the status of the vocabulary saying the same degree is
offered; a status differing from the text typed only by a negation ("not", "non", "no",
"pas"…) is never offered. docs/returns.md lists the words.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import replace

from uprreport.diagnostics import make
from uprreport.model.project import Project


def vocabulary(project: Project) -> list[str]:
    if project.manifest and project.manifest.status_vocabulary:
        return project.manifest.status_vocabulary
    return project.profile.statuses if project.profile else []


def _canonical(project: Project) -> dict[str, str]:
    return {_key(s): s for s in vocabulary(project)}


def _key(status: str) -> str:
    return " ".join(status.lower().split())


def normalise(project: Project):
    """'Fully Implemented ' -> 'fully implemented' (as the vocabulary spells it): a new
    project, its rows new where their status is spelt otherwise; ``project`` is left as it is."""
    canonical = _canonical(project)

    def spelt(_contribution, _loc, row):
        status = canonical.get(_key(row.status), row.status)
        return row if status == row.status else row.model_copy(update={"status": status})

    return project.with_rows(spelt), ()


def check(project: Project):
    allowed = vocabulary(project)
    canonical = _canonical(project)
    if not allowed:
        return
    for contrib in project.contributions:
        for loc, row in contrib.implementation:
            if _key(row.status) not in canonical:
                yield make("status-invalid", replace(loc, field="status"),
                           f"status '{row.status}' is not allowed; {suggest(row.status, allowed)}"
                           f"use one of: {', '.join(allowed)}")


# -- what a status says ---------------------------------------------------------------------

FULL, PARTIAL, UNDER_WAY, NONE = "full", "partial", "under way", "none"

# Words and phrases (accents, case and hyphens aside) by the degree they say. A phrase of
# several words is matched as a whole, before the single words.
_PHRASES = {
    NONE: ["not started", "not yet started", "not begun", "no progress", "not done", "not implemented",
           "not yet implemented", "non commence", "pas commence", "pas encore commence", "non entame", "non realise",
           "non mis en oeuvre", "non mise en oeuvre", "pas mis en oeuvre", "pas mise en oeuvre", "no iniciado",
           "no iniciada", "sin iniciar", "no comenzado", "no implementado", "no implementada", "no aplicado",
           "no aplicada", "no cumplido", "no cumplida", "no realizado", "no ejecutado", "sin avances", "sin avance",
           "لم تنفذ", "لم ينفذ", "غير منفذ", "غير منفذة", "не выполнено", "не выполнена", "не реализовано",
           "не начато"],
    PARTIAL: ["in part", "en partie", "en parte", "not fully", "not completely", "not entirely", "pas entierement",
              "pas completement", "pas totalement", "pas pleinement", "no totalmente", "no completamente",
              "no plenamente", "no del todo"],
    UNDER_WAY: ["in progress", "under way", "in process", "being implemented", "en cours", "en voie",
                "en curso", "en proceso", "en progreso", "en marcha", "en ejecucion", "en tramite",
                "قيد التنفيذ", "в процессе"],
    FULL: ["mis en oeuvre", "mise en oeuvre", "mises en oeuvre", "تم التنفيذ"],
}
_WORDS = {
    PARTIAL: {"partially", "partly", "partial", "incomplete", "incompletely", "partiellement", "partielle",
              "partiel", "incomplet", "parcialmente", "parcial", "incompleto",
              "incompleta", "جزئيا", "جزئي", "جزئية", "частично"},
    UNDER_WAY: {"ongoing", "underway", "started", "begun", "initiated", "continuing", "commence", "commencee",
                "entame", "entamee", "iniciado", "iniciada", "comenzado", "comenzada", "continuo", "выполняется"},
    FULL: {"implemented", "fully", "done", "completed", "complete", "achieved", "accomplished", "finished",
           "fulfilled", "full", "realise", "realisee", "acheve", "achevee", "termine", "terminee", "accompli",
           "accomplie", "fait", "pleinement", "entierement", "totalement", "completement", "applique", "appliquee",
           "implementado", "implementada", "aplicado", "aplicada", "cumplido", "cumplida", "completado",
           "completada", "realizado", "realizada", "terminado", "terminada", "ejecutado", "ejecutada",
           "plenamente", "totalmente", "completamente", "نفذت", "منفذ", "منفذة", "بالكامل", "كليا",
           "выполнено", "выполнена", "реализовано", "полностью"},
}
# Words that turn a degree into its opposite ("not", "non"…), and words that say nothing of
# the degree ("the", "de", "of", "implementation"…): a text of only these and the words
# above is read; any other word leaves it unread.
NEGATIONS = {"not", "non", "no", "pas", "ne", "n", "hasn", "hasnt", "isn", "isnt", "wasn", "sin", "never", "jamais",
             "nunca", "aucun", "aucune", "ningun", "ninguna", "لم", "غير", "لا", "не", "нет"}
_NEUTRAL = {"the", "of", "a", "yet", "been", "has", "is", "was", "being", "de", "la", "le", "les", "des", "du",
            "en", "t", "el", "los", "las", "del", "y", "et", "and", "encore", "aun", "todavia", "still", "now",
            "implementation", "mise", "oeuvre", "implementacion", "aplicacion", "ejecucion", "status", "statut",
            "estado", "recommendation", "est", "ete", "sont", "fue", "ha", "han", "sido", "esta", "estan", "تم"}


def _fold(text: str) -> str:
    """Lower case, accents and vowel signs off, œ as oe, hyphens and punctuation as spaces."""
    text = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


_ALL_WORDS = {_fold(w): d for d, words in _WORDS.items() for w in words}
NEGATIONS = {_fold(w) for w in NEGATIONS}
_NEUTRAL = {_fold(w) for w in _NEUTRAL}
# Prefixes that deny the word they begin ("unimplemented", "inachevé", "incumplido").
_DENYING = ("un", "non", "in", "im", "dis")


def _negation(word: str) -> bool:
    """A negation, or one typed with two letters swapped ("nto", "nno")."""
    return word in NEGATIONS or (len(word) == 3 and any(sorted(word) == sorted(n) for n in ("not", "non", "pas")))


def _status_word(word: str) -> str | None:
    """The degree a single status word says, allowing for a slip of the keys ("partialy",
    "implmented") in a word that begins as it does."""
    if word in _ALL_WORDS:
        return _ALL_WORDS[word]
    if len(word) < 6:
        return None
    near = [w for w in difflib.get_close_matches(word, list(_ALL_WORDS), n=3, cutoff=0.8) if w[:2] == word[:2]]
    return _ALL_WORDS[near[0]] if near else None


def degree(text: str) -> str | None:
    """What a status says: FULL, PARTIAL, UNDER_WAY or NONE; None when it cannot be told (a
    word that is neither a status word nor a small word, or nothing said)."""
    folded = f" {_fold(text)} "
    said: list[str] = []
    for kind in (NONE, PARTIAL, UNDER_WAY, FULL):        # phrases: the not-done ones first
        for phrase in _PHRASES[kind]:
            needle = f" {_fold(phrase)} "
            while needle in folded:
                said.append(kind)
                folded = folded.replace(needle, " ", 1)
    negated = False
    for word in folded.split():
        if word in _NEUTRAL:
            continue
        if _negation(word):
            negated = True
            continue
        kind = _status_word(word)
        if kind is None:                              # "unimplemented": never read as "implemented"
            prefix = next((p for p in _DENYING if word.startswith(p) and _status_word(word[len(p):])), None)
            if prefix is None:
                return None                           # a word of its own: leave it to the spelling
            negated, kind = True, _status_word(word[len(prefix):])
        said.append(kind)
    if not said:
        return None
    if negated:                                         # "not started", "pas réalisé", "no implementado"
        return PARTIAL if PARTIAL in said else NONE
    for kind in (NONE, PARTIAL, UNDER_WAY, FULL):       # "partiellement mise en œuvre" is partial
        if kind in said:
            return kind
    return None


def _without_negation(text: str) -> tuple[list[str], int]:
    words = []
    negations = 0
    for w in _fold(text).split():
        if _negation(w):
            negations += 1
            continue
        prefix = next((p for p in _DENYING if w.startswith(p) and _status_word(w[len(p):])), None)
        if prefix and not _status_word(w):
            negations += 1
            w = w[len(prefix):]
        words.append(w)
    return words, negations


def opposite_by_negation(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ only by a negation: 'implemented', 'not implemented';
    'mise en œuvre', 'non mise en œuvre'."""
    words_a, neg_a = _without_negation(a)
    words_b, neg_b = _without_negation(b)
    return words_a == words_b and (neg_a > 0) != (neg_b > 0)


def best(typed: str, allowed: list[str]) -> str | None:
    """The status of ``allowed`` that ``typed`` most likely means, or None. A text whose
    degree can be read gets the status saying that degree (under way: the vocabulary's own
    such status, else its partial one), and nothing if the vocabulary has none; otherwise the
    nearest spelling, never one differing from ``typed`` only by a negation, nor one saying
    another degree than a status word of ``typed`` does."""
    allowed = [s for s in allowed if str(s).strip()]
    if not allowed:
        return None
    found = _by_degree(typed, allowed)
    if found is None:
        lower = {_fold(s): s for s in allowed}
        near = difflib.get_close_matches(_fold(typed), list(lower), n=1, cutoff=0.6)
        found = lower[near[0]] if near else None
    return None if not found or opposite_by_negation(typed, found) else found


# Where the vocabulary has no status of a degree, the one to offer instead: partly done and
# under way stand for each other; done and not done for nothing.
_INSTEAD = {FULL: (), NONE: (), PARTIAL: (UNDER_WAY,), UNDER_WAY: (PARTIAL,)}


def _by_degree(typed: str, allowed: list[str]) -> str | None:
    meant = degree(typed)
    if meant is None:
        return None
    said = {s: degree(s) for s in allowed}
    for kind in (meant, *_INSTEAD[meant]):
        same = [s for s in allowed if said[s] == kind]
        if same:
            return max(same, key=lambda s: difflib.SequenceMatcher(None, _fold(typed), _fold(s)).ratio())
    if any(d is not None for d in said.values()):
        return ""                                     # the vocabulary has no such status: offer none
    return None


def suggest(typed: str, allowed: list[str]) -> str:
    """"did you mean 'fully implemented'? " for "Implemented", or "" (see ``best``)."""
    found = best(typed, allowed)
    return f"did you mean '{found}'? " if found else ""
