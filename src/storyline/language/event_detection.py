"""The broad event detector: every word TimeML would call an event, with its class.

Verbs (not the copula, not participles used as prepositions or adjectives), nouns
from :data:`~storyline.language.event_types.EVENT_NOUNS`, deverbal nouns that read
as occurrences ("the acquisition of X"), and predicative states from the class
lexicon.  Measured on TempEval-3 and MEANTIME by :mod:`storyline.evaluation.events`;
:mod:`storyline.language.events` types what it finds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.language.event_types import (
    EVENT_NOUN_SUFFIXES,
    EVENT_NOUNS,
    EVENT_TYPES,
    NON_EVENT_NOUNS,
    TIMEML_CLASS_OF,
)
from storyline.language.evidence import Evidence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Verbs that are never events in TimeML's sense: the copula used as a main verb.
_NOT_EVENT_VERBS = frozenset(("be",))


@dataclass(frozen=True, slots=True)
class DetectedEvent:
    """A broad (TimeML-style) event trigger: one token."""

    evidence: Evidence
    lemma: str
    pos: str  # VERB, NOUN or ADJ
    timeml_class: str
    token_index: int  # position in the Doc it was read from

    def to_dict(self) -> dict[str, object]:
        return {"evidence": self.evidence.to_dict(), "lemma": self.lemma, "pos": self.pos,
                "timeml_class": self.timeml_class}


def detect_timeml_events(doc: "Doc", article_id: str = "") -> tuple[DetectedEvent, ...]:
    """Every verb, eventive noun and predicative state in ``doc``, with a TimeML class."""
    verb_bases = _verb_bases()
    sentence_index = {sent.start: i for i, sent in enumerate(doc.sents)}
    out: list[DetectedEvent] = []
    for token in doc:
        kind = _event_kind(token, verb_bases)
        if kind is None:
            continue
        lemma = _lemma(token)
        timeml_class = _timeml_class(token, lemma, kind)
        out.append(DetectedEvent(
            evidence=Evidence(article_id, sentence_index.get(token.sent.start, 0), token.idx,
                              token.idx + len(token), token.text),
            lemma=lemma, pos=kind, timeml_class=timeml_class, token_index=token.i,
        ))
    return tuple(out)


# The lemmatizer's known slips on news verbs ("hoped" -> "hop").
_LEMMA_FIXES = {("hop", "hope"): "hope"}
# Reporting verbs that stay REPORTING with no complement ("..., he said.").
_CORE_REPORTING = frozenset("say tell report announce state".split())
_INTENSIONAL = frozenset(("I_ACTION", "I_STATE", "ASPECTUAL", "PERCEPTION", "REPORTING"))


def _lemma(token: "Token") -> str:
    lemma = token.lemma_.lower()
    return _LEMMA_FIXES.get((lemma, token.lower_[:4]), lemma)


def _timeml_class(token: "Token", lemma: str, kind: str) -> str:
    """TimeML class from the lemma, kept only when the word takes an event argument.

    TimeML gives the intensional classes (I_ACTION, I_STATE, ASPECTUAL, PERCEPTION,
    REPORTING) to an event that introduces another event: "offered to buy" is an
    I_ACTION, "a takeover offer" an OCCURRENCE.
    """
    listed = TIMEML_CLASS_OF.get(lemma)
    if listed is None:
        return "STATE" if kind == "ADJ" else "OCCURRENCE"
    if listed not in _INTENSIONAL or kind == "ADJ" or lemma in _CORE_REPORTING:
        return listed
    if kind == "NOUN":
        # Only an infinitive makes a noun intensional: "an offer to buy", not "an offer".
        infinitive = any(c.dep_ in ("acl", "xcomp") and any(g.lower_ == "to" for g in c.children)
                         for c in token.children)
        return listed if infinitive else "OCCURRENCE"
    for child in token.children:
        dep = child.dep_
        if dep in ("xcomp", "ccomp", "parataxis", "acl", "pcomp"):
            return listed
        if dep == "dobj" and _eventive_object(child):
            return listed
        if dep == "prep" and any(g.dep_ == "pcomp" or g.dep_ == "pobj" and _eventive_object(g)
                                 for g in child.children):
            return listed
    if token.dep_ in ("parataxis",) and kind == "VERB":
        return listed
    return "OCCURRENCE"


def _eventive_object(noun: "Token") -> bool:
    """Whether an object names an event ("began talks"), by the same noun tests."""
    lemma = noun.lemma_.lower()
    return noun.pos_ in ("NOUN", "VERB") and (
        lemma in EVENT_NOUNS or lemma.endswith(EVENT_NOUN_SUFFIXES)) and \
        lemma not in NON_EVENT_NOUNS


def _event_kind(token: "Token", verb_bases: frozenset[str]) -> str | None:
    pos = token.pos_
    lemma = token.lemma_.lower()
    if pos == "VERB":
        # Participles used as prepositions ("according to", "compared with") or
        # adjectives ("the alleged plot") do not denote events of their own.
        if lemma in _NOT_EVENT_VERBS or token.dep_ in ("amod", "prep"):
            return None
        return "VERB"
    if pos == "NOUN":
        # A noun modifying another noun ("abortion clinic", "trading volume") names a
        # kind of thing, not an occurrence.
        if lemma in NON_EVENT_NOUNS or token.dep_ == "compound":
            return None
        if lemma in EVENT_NOUNS or lemma in _typed_nouns():
            return "NOUN"
        if lemma.endswith(EVENT_NOUN_SUFFIXES) and _deverbal(lemma, verb_bases) and \
                _reads_as_occurrence(token, lemma):
            return "NOUN"
        return None
    if pos == "ADJ" and token.dep_ == "acomp" and lemma in TIMEML_CLASS_OF:
        return "ADJ"
    return None


def _reads_as_occurrence(noun: "Token", lemma: str) -> bool:
    """A deverbal noun names an occurrence when it is determined and, unless it is a
    gerund, takes an argument: "the acquisition of X", "a shooting", not "information"."""
    children = list(noun.children)
    if not any(c.dep_ == "det" and c.lower_ in _EVENT_DETERMINERS for c in children):
        return False
    return lemma.endswith("ing") or any(
        c.dep_ == "prep" and c.lower_ in _ARGUMENT_PREPS for c in children)


_EVENT_DETERMINERS = frozenset(("the", "a", "an", "this", "that"))
_ARGUMENT_PREPS = frozenset(("of", "by", "to", "for", "against", "with", "on"))


def _deverbal(lemma: str, verb_bases: frozenset[str]) -> bool:
    """Whether a suffixed noun comes from a verb: 'assistance' <- 'assist'."""
    if lemma in verb_bases:
        return True
    for suffix, replacements in _SUFFIX_STEMS:
        if lemma.endswith(suffix):
            stem = lemma[: -len(suffix)]
            if any(stem + r in verb_bases for r in replacements):
                return True
    return False


# Suffix -> endings that turn the stem back into a verb ("decis|ion" -> "decid|e").
_SUFFIX_STEMS = (
    ("ation", ("", "e", "ate")), ("sition", ("re", "se")), ("ition", ("", "e")), ("ution", ("ve", "e")),
    ("sion", ("d", "de", "t", "")), ("tion", ("", "e", "t")), ("ment", ("",)),
    ("ance", ("", "e")), ("ence", ("", "e")), ("ure", ("", "e")), ("al", ("", "e")),
    ("ing", ("", "e")),
)


@lru_cache(maxsize=1)
def _typed_nouns() -> frozenset[str]:
    """The typed inventory's nouns: "leveled accusations", "after negotiations" name events
    although a bare plural fails the deverbal test.  Not those that name a thing as often
    as a happening ("a statement", "the charges", "an alliance", "supplies"): they count
    only by the deverbal test, as before."""
    return frozenset(noun for event_type in EVENT_TYPES for noun in event_type.nouns
                     ) - _TYPED_THING_NOUNS


# Counted on TempEval-3: more often not an event than an event when bare.
_TYPED_THING_NOUNS = frozenset((
    "statement", "alliance", "charge", "supply", "partnership", "shipment", "provision",
    "export", "delivery", "allegation", "donation", "nomination"))


@lru_cache(maxsize=1)
def _verb_bases() -> frozenset[str]:
    """Verb base forms known to the shared pipeline's lemmatizer (empty when it has none)."""
    try:
        from storyline.language.nlp import get_nlp

        lemmatizer = get_nlp().get_pipe("lemmatizer")
        return frozenset(lemmatizer.lookups.get_table("lemma_index")["verb"])
    except Exception:  # noqa: BLE001 - a pipeline without the table only loses noun stems
        return frozenset()


__all__ = ["DetectedEvent", "detect_timeml_events"]
