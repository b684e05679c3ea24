"""Which way a bare "Tuesday" or "in September" points, read from tense in the parse.

News narrates in the past: "the minister said on Tuesday" means the Tuesday before the
report; "will travel on Tuesday" or "is due to convene Monday" means the next one. The
governing verb of the expression (found by walking up the dependency tree) and its
auxiliaries decide; with no verbal clue the expression counts as past, which is what a
news report most often means.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PAST, NEUTRAL, FUTURE = -1, 0, 1
NEAREST = 2  # a deadline or open-ended bound ("until Tuesday", "payable Dec. 1"): either way

_FUTURE_AUXILIARIES = {"will", "shall", "'ll", "wo", "would", "'d"}
_FUTURE_HEADS = {"plan", "expect", "schedule", "set", "due", "intend", "hope", "aim", "want",
                 "prepare", "propose", "seek", "vow", "promise", "threaten", "likely",
                 "going", "slate", "poised", "ready", "agree", "decide"}  # fmt: skip
_PLANNED = {"set", "schedule", "slate", "plan", "expect", "due", "propose"}
_FUTURE_WORDS = {"upcoming", "coming", "next", "scheduled", "slated", "due"}
_SCHEDULING = {"schedule", "plan", "slate"}


_OPEN_ENDED = {"until", "till", "through", "by", "to", "effective", "payable", "due", "starting",
               "beginning", "before", "ahead", "expire", "expires", "deadline", "record"}


def _governing_verb(span: Span) -> Token | None:
    """The verb the expression modifies directly (through at most one preposition)."""
    token = span.root.head
    if token.pos_ == "ADP" and token.head is not token:
        token = token.head
    if token.pos_ in ("VERB", "AUX"):
        return token
    return None


def _has_past_perfect(token: Token) -> bool:
    for _ in range(3):
        if any(child.lower_ == "had" and child.dep_ in ("aux", "auxpass")
               for child in token.children):
            return True
        if token.head is token:
            break
        token = token.head
    return False


def _verb_direction(verb: Token) -> int:
    auxiliaries = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    words = {auxiliary.lower_ for auxiliary in auxiliaries}
    if words & _FUTURE_AUXILIARIES or verb.lower_ in ("will", "shall"):
        return FUTURE
    if _has_past_perfect(verb):
        return PAST  # "had been due to expire Friday" looks back from a past moment
    if "to" in words:  # "is due to convene", "plans to travel", "is to resume"
        head = verb.head
        if head.lemma_.lower() in _FUTURE_HEADS or head.lemma_.lower() == "be":
            return FUTURE
        return NEUTRAL
    if verb.tag_ == "VBN" and verb.lemma_.lower() in _PLANNED and any(
        child.lower_ in ("for", "to") for child in verb.children
    ):
        return FUTURE  # "a summit set for April", "planned for early March"
    if verb.lemma_.lower() in _SCHEDULING:
        return FUTURE  # "has scheduled a news conference Thursday": what is planned is ahead
    if verb.tag_ == "VBD" or any(auxiliary.tag_ == "VBD" for auxiliary in auxiliaries):
        return PAST
    if verb.tag_ == "VBN":
        if words & {"has", "have", "'ve", "'s"} or not auxiliaries:
            return PAST  # present perfect, or a reduced relative: "a bid launched Friday"
        return NEUTRAL
    if (verb.dep_ == "conj" and not auxiliaries and verb.head is not verb
            and verb.tag_ in ("VB", "VBP")):
        return _verb_direction(verb.head)  # "will travel Tuesday and return Thursday"
    if verb.tag_ in ("VBZ", "VBP", "VBG") and verb.lemma_ not in ("say", "tell", "report"):
        if verb.tag_ == "VBG" and not auxiliaries:
            return NEUTRAL
        return FUTURE  # news present tense of a dated event: "the talks open Monday"
    return NEUTRAL


def tense_direction(span: Span) -> int:
    """PAST (-1), FUTURE (+1), NEAREST (2) or NEUTRAL (0) for the clause ``span`` sits in."""
    doc = span.doc
    for token in doc[max(span.start - 2, 0) : span.start]:
        if token.lower_ in _FUTURE_WORDS:
            return FUTURE
    before = doc[max(span.start - 3, 0) : span.start].text.lower()
    if before.endswith(("as soon as", "as early as", "no sooner than")):
        return FUTURE
    if span.start > 0 and doc[span.start - 1].lower_ in _OPEN_ENDED:
        return NEAREST
    verb = _governing_verb(span)
    if verb is None:
        return _looking_back(span)
    return _verb_direction(verb)


_LOOKING_BACK = {"after", "since", "following"}


def _looking_back(span: Span) -> int:
    """PAST for a noun looked back on: "the trip comes after Biden's visit in September",
    "the first talks since the summit in May"; otherwise NEUTRAL."""
    noun = span.root.head
    if noun.pos_ == "ADP" and noun.head is not noun:
        noun = noun.head
    if noun.pos_ not in ("NOUN", "PROPN") or noun.dep_ != "pobj":
        return NEUTRAL
    preposition = noun.head
    if preposition.lower_ not in _LOOKING_BACK or preposition.head is preposition:
        return NEUTRAL
    verb = preposition.head
    if verb.pos_ in ("VERB", "AUX") and _verb_direction(verb) == FUTURE and \
            verb.tag_ not in ("VBZ", "VBP"):
        return NEUTRAL  # "will come after the summit in May": May may lie ahead
    return PAST


__all__ = ["FUTURE", "NEAREST", "NEUTRAL", "PAST", "tense_direction"]
