"""Which time expression dates which event, read from the dependency parse.

A time expression belongs to the event that governs it: walking up the parse from the
expression's head (through prepositions, "on"/"in"/"since" phrases, bare noun
modifiers such as "Monday" or "last week", and the nouns they hang on), the first verb
or event word reached owns it.  So the walk never crosses into another event's clause:
in "X, who visited in 2000, said on Tuesday that ..." the year belongs to the visit and
Tuesday to the saying, and an event reported in the complement of "said on Tuesday"
gets no date from the saying.

A few constructions pass a date on through the parse (basis ``"parse"`` too):

* a light verb and its event noun share one clause: "held talks on Tuesday";
* a nominal event in a "during"/"in"/"at" phrase of a verb shares the verb's time, both
  ways: "said in an interview last week", "killed during a raid on Monday"; so does the
  occasion of an act ("joined him for a visit in May", "arrived on Tuesday for a
  summit"), but not of a departure ("left on Sunday for talks": the talks come later);
* a copula or a scheduling participle hands its date to the event it is about: "the vote
  was on Monday", "a visit scheduled for May 3"; a deadline or a passive frame of intent
  dates the plan, not the intending: "by 1992 it intended to reach ...";
* a distance belongs to the event it counts from: "one year after launching it";
* a "when" clause takes the time it hangs on: "in September, when she joined ...",
  "started in July when the minister travelled ...";
* a clause "in which"/"where" inside an event noun happens within it: "a visit in which
  he met ...";
* the purpose of a trip happens on the trip: "travelled there in 2000 to meet ...".

"Before Tuesday", "after 2000" and "despite years of ..." date nothing; "by June",
"until March" date an event only when nothing better does, and a noun is not dated by
"since" ("her first trip since September").  Each link records the preposition that
made it (:attr:`EventTime.relation`), so a start or a deadline can be told from a date.

Only when the parse links nothing, and the sentence holds a single event and a single
unattached date, is the event dated by the sentence (basis ``"sentence"``).  An event
linked neither way stays undated: a wrong date on a timeline is worse than none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: How an event's time was found: the parse attaches it, or it is the sentence's only one.
TIME_LINKS = ("parse", "sentence")

_POINT_TYPES = frozenset(("DATE", "TIME"))
# Prepositions whose date is not the event's own: "before Tuesday", "after 2000" only
# bound it; "despite years of ..." is no time at all.
_NOT_ITS_TIME = frozenset(("before", "after", "prior", "ahead", "despite"))
# A deadline or an end ("by June", "until March", "through 1990") dates an event only when
# nothing better does: a plan's target, a state's end.
_DEADLINE_PREPS = frozenset(("by", "until", "till", "through", "to"))
# A noun event is not at the start of a "since" phrase: "the first trip since September".
_NOUN_EXCLUDED_PREPS = frozenset(("since",))
# A time expression that modifies a thing describes that thing: "the current leader",
# "Monday's newspaper", "the 2023 budget".
_THING_MODIFIERS = frozenset(("amod", "compound", "poss", "nmod", "nummod"))
# Prepositions whose event noun lives in the clause of the verb above it.
_SHARED_CLAUSE_PREPS = frozenset(("during", "while", "on", "in", "at", "amid", "amidst"))
# Participles that put their event on a date: "a visit scheduled for May 3".
_SCHEDULING = frozenset(("schedule", "plan", "set", "slate", "due", "expect", "arrange"))
# Verbs of intent whose infinitive a deadline or a passive frame dates.
_INTENT = frozenset(("intend", "plan", "expect", "hope", "want", "aim", "seek", "schedule",
                     "set", "slate", "due", "promise", "pledge", "vow"))
_WITHIN_WORDS = frozenset(("where", "when"))
# Setting out for an occasion comes before it: "left on Sunday for talks".
_DEPARTURES = frozenset(("leave", "depart", "head", "board", "set", "embark", "sail"))
_MAX_WALK = 8
_A_THING = -1  # the owner of an expression that describes a thing, not an event


@dataclass(frozen=True, slots=True)
class EventTime:
    """The time expression an event is anchored to, and how the link was found."""

    text: str
    start: int
    end: int
    value: str | None = None  # TIMEX3 value when a TimeExpression was linked
    type: str | None = None
    link: str = "parse"  # one of TIME_LINKS
    # The preposition that ties it to the event ("on", "in", "since", "by", "until"), if any:
    # "since"/"by"/"until" give a start, a deadline or an end rather than the event's time.
    relation: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value,
                "type": self.type, "link": self.link, "relation": self.relation}


@dataclass(frozen=True, slots=True)
class TimeAnchor:
    """An event as time linking sees it: its trigger and the verb of its clause."""

    token: int  # the trigger's index in the Doc
    clause: int  # the light verb of a nominal event ("held talks"), else ``token``
    event_type: str | None = None  # the typed inventory's name, when it has one


@dataclass(frozen=True, slots=True)
class _Attached:
    time: EventTime
    owner: int
    preposition: str | None
    depth: int


def link_event_times(doc: Doc, anchors: Sequence[TimeAnchor],
                     times: Sequence[EventTime]) -> list[EventTime | None]:
    """The time of each anchor (in order), or None; every detected event of ``doc``
    should be an anchor, since ownership is decided among all of them."""
    event_tokens = frozenset(a.token for a in anchors)
    attached: list[_Attached] = []
    timex_at: dict[int, EventTime] = {}
    for time in times:
        span = doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        for token in span:
            timex_at[token.i] = time
        # A word of the expression is no event of its own: "in the fall of 2011".
        outside = event_tokens - frozenset(t.i for t in span)
        found = _attachment(span.root, outside)
        if found is not None:
            owner, preposition, depth = found
            attached.append(_Attached(time, owner, preposition, depth))
    owned: dict[int, list[_Attached]] = {}
    for item in attached:
        owned.setdefault(item.owner, []).append(item)

    links: dict[int, EventTime] = {}
    for anchor in anchors:
        best = _best(doc, anchor, owned)
        if best is not None:
            links[anchor.token] = best
    by_token = {a.token: a for a in anchors}
    for _ in range(3):  # a date passes on through at most a few constructions
        added = False
        for anchor in anchors:
            if anchor.token in links:
                continue
            inherited = _inherited(doc, anchor, by_token, links, timex_at)
            if inherited is not None:
                links[anchor.token] = inherited
                added = True
        if not added:
            break
    owned_times = {(a.time.start, a.time.end) for a in attached}
    return [links.get(a.token) or _sentence_time(doc, a, anchors, times, owned_times)
            for a in anchors]


def _attachment(root: Token, event_tokens: frozenset[int]
                ) -> tuple[int, str | None, int] | None:
    """(owner token, the preposition on the way, steps) for a time expression's head."""
    node, preposition = root, None
    for depth in range(1, _MAX_WALK + 1):
        head = node.head
        if head.i == node.i:
            return None
        if head.i in event_tokens:
            return _redirect(head, preposition, event_tokens), preposition, depth
        if head.pos_ == "AUX" and head.dep_ in ("aux", "auxpass") and head.head.i != head.i:
            head = head.head  # "have for months accused": the auxiliary's verb
            if head.i in event_tokens:
                return _redirect(head, preposition, event_tokens), preposition, depth
        if head.pos_ in ("VERB", "AUX"):
            return _redirect(head, preposition, event_tokens), preposition, depth
        if node is root and node.dep_ in _THING_MODIFIERS and head.pos_ in ("NOUN", "PROPN"):
            return _A_THING, None, depth  # "the current leader": it describes the leader
        if node.dep_ == "npadvmod" and head.dep_ == "prep":
            # "one year after launching it": a distance counted from the event it names.
            counted = next((c for c in head.children if c.dep_ in ("pobj", "pcomp")
                            and c.i in event_tokens), None)
            if counted is not None:
                return counted.i, None, depth + 1
        elif node.dep_ == "pobj" and (head.dep_ == "prep" or head.pos_ == "ADP"):
            preposition = preposition or head.lower_
        node = head
    return None


def _redirect(owner: Token, preposition: str | None, event_tokens: frozenset[int]) -> int:
    """The event a non-eventive or framing owner speaks about: the copula's subject ("the
    vote was on Monday"), a scheduling participle's event ("a visit scheduled for May"),
    the plan a deadline or a passive frame dates ("by 1992 it intended to reach ...",
    "is expected in 2006 to ship")."""
    for _ in range(3):
        target = _redirected(owner, preposition, event_tokens)
        if target is None:
            return owner.i
        owner = target
    return owner.i


def _redirected(owner: Token, preposition: str | None, event_tokens: frozenset[int]
                ) -> Token | None:
    lemma = owner.lemma_.lower()
    if lemma == "be" or lemma in _SCHEDULING:
        subject = next((c for c in owner.children if c.dep_ in ("nsubj", "nsubjpass")
                        and c.i in event_tokens), None)
        if subject is not None:
            return subject
    if lemma == "be" and owner.dep_ == "xcomp" and owner.head.i in event_tokens:
        return owner.head  # "will continue to be a drag through 1990"
    if lemma in _SCHEDULING and owner.dep_ in ("acl", "advcl") and owner.tag_ == "VBN" and \
            owner.head.i in event_tokens:
        return owner.head  # "a launch planned for May", "..., expected in late 2006"
    if lemma in _INTENT:
        passive = any(c.dep_ == "auxpass" for c in owner.children)
        if preposition in _DEADLINE_PREPS or passive:
            complement = next((c for c in owner.children if c.dep_ == "xcomp" and
                               c.i in event_tokens and _infinitive(c)), None)
            if complement is not None:
                return complement
    return None


def _best(doc: Doc, anchor: TimeAnchor, owned: dict[int, list[_Attached]]
          ) -> EventTime | None:
    token = doc[anchor.token]
    candidates = list(owned.get(anchor.token, ()))
    if anchor.clause != anchor.token:
        candidates += owned.get(anchor.clause, ())
    is_noun = token.pos_ in ("NOUN", "PROPN")
    usable = [c for c in candidates if c.preposition not in _NOT_ITS_TIME and
              not (is_noun and c.preposition in _NOUN_EXCLUDED_PREPS)]
    if not usable:
        return None
    best = min(usable, key=lambda c: (c.time.type not in _POINT_TYPES,
                                      c.preposition in _DEADLINE_PREPS, c.depth,
                                      abs(c.time.start - token.idx)))
    return replace(best.time, link="parse", relation=best.preposition)


def _inherited(doc: Doc, anchor: TimeAnchor, by_token: dict[int, TimeAnchor],
               links: dict[int, EventTime], timex_at: dict[int, EventTime]
               ) -> EventTime | None:
    """A date passed on through the parse from a related event or a time it hangs on."""
    token = doc[anchor.token]
    verb = doc[anchor.clause]
    head = verb.head
    # "in September, when she joined ...": the time the "when" clause hangs on.
    marker = next((c for c in verb.children if c.dep_ == "advmod" and
                   c.lower_ in _WITHIN_WORDS), None)
    if marker is not None:
        before = _previous_word(doc, marker.i)
        if marker.lower_ == "when" and before is not None and before.i in timex_at:
            return _point(timex_at[before.i])
        if verb.dep_ == "relcl" and head.i in timex_at:  # "in May, where he said ..."
            return _point(timex_at[head.i])
        if marker.lower_ == "when" and verb.dep_ == "advcl" and head.i in links:
            return _point(links[head.i])
    # "pledged it when they met in May": the "when" clause dates its head as well.
    for clause in _when_clauses(verb):
        if clause.i in links:
            return _point(links[clause.i])
    # "a visit in which he met ...", "a summit in Russia, where he promised ...".
    if verb.dep_ == "relcl" and head.i in links and _within(verb):
        return _point(links[head.i])
    # "held talks ... during a visit": the nominal event shares its verb's time.
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "pobj" and \
            token.head.lower_ in _SHARED_CLAUSE_PREPS and token.head.head.i in links:
        return _point(links[token.head.head.i])
    # "joined him for a visit in May", "arrived on Tuesday for a summit": the occasion of
    # an act is on its date; not of a departure ("left on Sunday for talks": later).
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "pobj" and \
            token.head.lower_ == "for" and token.head.head.i in links and \
            token.head.head.lemma_.lower() not in _DEPARTURES:
        return _point(links[token.head.head.i])
    # "said in an interview last week": the verb shares its nominal event's time.
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in _SHARED_CLAUSE_PREPS:
            noun = next((g for g in child.children if g.dep_ == "pobj"), None)
            if noun is not None and noun.i in links and noun.i != anchor.token:
                return _point(links[noun.i])
    # "met him for a summit in May": a verb and a noun of one kind of event are one.
    if anchor.event_type is not None:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "for":
                noun = next((g for g in child.children if g.dep_ == "pobj"), None)
                if noun is not None and noun.i in links and \
                        by_token[noun.i].event_type == anchor.event_type:
                    return _point(links[noun.i])
    # "travelled there in 2000 to meet ...": the purpose of a trip happens on it.
    if verb.dep_ in ("advcl", "xcomp") and head.i in by_token and \
            by_token[head.i].event_type == "travel" and head.i in links and \
            any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return _point(links[head.i])
    return None


def _point(time: EventTime) -> EventTime | None:
    """Only a calendar point passes on: a duration ("for months") stays with its verb."""
    return replace(time, link="parse") if time.type in _POINT_TYPES or time.type is None \
        else None


def _when_clauses(verb: Token) -> list[Token]:
    """The "when" clauses that date ``verb``.  A past one hanging on an infinitive
    belongs to the verb above it: "pledged to visit X when they met" dates the pledge,
    not the visit still to come."""
    def when_children(node: Token) -> list[Token]:
        return [c for c in node.children if c.dep_ == "advcl" and any(
            g.dep_ == "advmod" and g.lower_ == "when" for g in c.children)]

    def past(clause: Token) -> bool:
        return clause.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD"
                                           for c in clause.children)

    if _infinitive(verb):
        return [c for c in when_children(verb) if not past(c)]
    found = when_children(verb)
    for child in verb.children:
        if child.dep_ == "xcomp" and _infinitive(child):
            found += [c for c in when_children(child) if past(c)]
    return found


def _infinitive(verb: Token) -> bool:
    return verb.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to"
                                        for c in verb.children)


def _within(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ == "advmod" and child.lower_ in _WITHIN_WORDS:
            return True
        if child.dep_ == "prep" and child.lower_ in ("in", "during", "at") and any(
                g.lower_ == "which" for g in child.children):
            return True
    return False


def _previous_word(doc: Doc, index: int) -> Token | None:
    for i in range(index - 1, max(index - 3, -1), -1):
        if not (doc[i].is_punct or doc[i].is_space):
            return doc[i]
    return None


def _sentence_time(doc: Doc, anchor: TimeAnchor, anchors: Sequence[TimeAnchor],
                   times: Sequence[EventTime], owned: set[tuple[int, int]]
                   ) -> EventTime | None:
    """The sentence's date, when it is the only one and the event the only one there."""
    sent = doc[anchor.token].sent
    clauses = {a.clause for a in anchors if sent.start <= a.token < sent.end}
    if len(clauses) != 1:
        return None
    in_sentence = [t for t in times if sent.start_char <= t.start and t.end <= sent.end_char]
    if len(in_sentence) != 1 or (in_sentence[0].start, in_sentence[0].end) in owned:
        return None
    only = in_sentence[0]
    if only.type is not None and only.type not in _POINT_TYPES:
        return None
    return replace(only, link="sentence")


__all__ = ["TIME_LINKS", "EventTime", "TimeAnchor", "link_event_times"]
