"""Events in one article: what happened (or is planned, expected, denied...) when, and to whom.

Two layers, both pure functions over a parsed spaCy ``Doc``:

* :func:`detect_timeml_events` (in :mod:`storyline.language.event_detection`, and
  re-exported here) is the broad detector: every verb and eventive noun that
  TimeML would call an event, with its TimeML class.  It is measured on
  TempEval-3 and MEANTIME and is what the typed layer starts from.
* :func:`extract_event_mentions` keeps the events whose trigger belongs to the
  typed inventory (:mod:`storyline.language.event_types`), reads their
  participants, place and time from the parse (the time through
  :mod:`storyline.language.event_time`, which records how each link was found), and
  decides their status from tense, modality, conditionals, negation and the
  attribution that frames them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from storyline.language.attribution import CUE_STANCES
from storyline.language.event_detection import DetectedEvent, detect_timeml_events
from storyline.language.event_time import EventTime, TimeAnchor, link_event_times
from storyline.language.event_types import LIGHT_VERBS, OTHER, EventType, event_type_index
from storyline.language.evidence import Evidence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

STATUSES = ("occurred", "planned", "expected", "reported", "denied", "hypothetical", "negated")

# Governing words that put an event in the future: "is set to", "plans to".
_PLAN_HEADS = frozenset("set plan schedule due intend prepare aim go agree decide arrange "
                        "propose seek want hope".split())
_EXPECT_HEADS = frozenset("expect likely poised anticipate predict forecast unlikely "
                          "bound".split())
_PLAN_MODIFIERS = frozenset("planned upcoming scheduled proposed forthcoming future next "
                            "prospective expected possible potential".split())
_HYPOTHETICAL_AUX = frozenset("would could might may should must".split())
_FUTURE_AUX = frozenset(("will", "shall", "'ll", "wo"))
_CONDITION_MARKS = frozenset(("if", "unless", "whether"))
_PLACE_LABELS = frozenset(("GPE", "LOC", "FAC"))
# Stance of the framing attribution -> status of the events it reports.
_STANCE_STATUS = {"deny": "denied", "predict": "expected", "pledge": "planned"}


@dataclass(frozen=True, slots=True)
class Participant:
    """Who or what takes part in an event, in one role."""

    role: str  # agent, patient, recipient, destination, counterpart, place
    text: str
    start: int
    end: int
    mention_cluster: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {"role": self.role, "text": self.text, "start": self.start, "end": self.end,
                "mention_cluster": self.mention_cluster}


@dataclass(frozen=True, slots=True)
class EventMention:
    """One typed event mention with its participants, time, place and status."""

    evidence: Evidence  # the trigger
    event_type: str
    trigger: str
    lemma: str
    timeml_class: str
    participants: tuple[Participant, ...]
    time: EventTime | None
    place: Participant | None
    status: str  # one of STATUSES

    def to_dict(self) -> dict[str, object]:
        return {
            "evidence": self.evidence.to_dict(),
            "event_type": self.event_type,
            "trigger": self.trigger,
            "lemma": self.lemma,
            "timeml_class": self.timeml_class,
            "participants": [p.to_dict() for p in self.participants],
            "time": self.time.to_dict() if self.time else None,
            "place": self.place.to_dict() if self.place else None,
            "status": self.status,
        }


# --- typed events ---------------------------------------------------------------------


def extract_event_mentions(
    doc: "Doc",
    article_id: str = "",
    time_expressions: Sequence = (),
    mentions: Sequence = (),
    attributions: Sequence = (),
    include_untyped: bool = False,
) -> tuple[EventMention, ...]:
    """Return the typed event mentions of ``doc`` in text order.

    ``time_expressions`` (TimeExpression records) anchor events in time, each event
    to the one the parse attaches to it (``time.link`` says how it was found; see
    :mod:`storyline.language.event_time`); without them spaCy's DATE/TIME entities are
    used, with no value.  ``mentions`` give participants an entity cluster;
    ``attributions`` mark events inside denied, predicted or reported content.
    ``include_untyped`` keeps every detected event, typed ``"other"``.
    """
    verb_types, noun_types = event_type_index()
    detected = detect_timeml_events(doc, article_id)
    anchors = [_time_anchor(doc[event.token_index], event, verb_types, noun_types)
               for event in detected]
    times = link_event_times(doc, anchors, _time_candidates(doc, time_expressions))
    out: list[EventMention] = []
    for event, time in zip(detected, times):
        token = doc[event.token_index]
        event_type = (verb_types if event.pos == "VERB" else noun_types).get(event.lemma)
        if event.pos == "VERB" and _hands_over_to_noun(token, noun_types):
            continue  # "held talks": the noun carries the event
        if event_type is not None and event_type.name in _SPEECH_TYPES and \
                _speakerless_passive(token):
            event_type = None  # "is expected to", "was reported": no one is speaking
        if event_type is None and not include_untyped:
            continue
        governor = _light_governor(token) if event.pos == "NOUN" else None
        clause = governor if governor is not None else token
        participants = _participants(token, event_type, governor, mentions)
        if event_type is not None and event.lemma in event_type.weak_verbs and \
                event.pos == "VERB" and not _has_goal(token, participants):
            if not include_untyped:
                continue
            event_type = None
        out.append(EventMention(
            evidence=event.evidence,
            event_type=event_type.name if event_type else OTHER,
            trigger=token.text,
            lemma=event.lemma,
            timeml_class=event.timeml_class,
            participants=participants,
            time=time,
            place=_place_of(token, clause, participants, mentions),
            status=_status(token, clause, attributions),
        ))
    return tuple(out)


_SPEECH_TYPES = frozenset(("statement", "accusation", "denial"))


def _time_anchor(token: "Token", event: DetectedEvent, verb_types: dict[str, EventType],
                 noun_types: dict[str, EventType]) -> TimeAnchor:
    """How time linking sees an event: a nominal event whose agent is its light verb's
    subject ("held talks", "during a visit") shares that verb's clause and its time."""
    clause = token
    if event.pos == "NOUN":
        governor = _light_governor(token)
        if governor is not None and _shares_agent(token, governor):
            clause = governor
    event_type = (verb_types if event.pos == "VERB" else noun_types).get(event.lemma)
    return TimeAnchor(token.i, clause.i, event_type.name if event_type is not None else None)


def _speakerless_passive(verb: "Token") -> bool:
    children = [c.dep_ for c in verb.children]
    return "auxpass" in children and "agent" not in children


def _has_goal(token: "Token", participants: tuple[Participant, ...]) -> bool:
    """A weak trigger needs a named place it goes to, or someone who receives."""
    doc = token.doc
    for participant in participants:
        if participant.role == "recipient":
            return True
        if participant.role == "destination":
            span = doc.char_span(participant.start, participant.end, alignment_mode="expand")
            if span is not None and span.root.ent_type_ in _PLACE_LABELS:
                return True
    return False


def _hands_over_to_noun(verb: "Token", noun_types: dict[str, EventType]) -> bool:
    return verb.lemma_.lower() in LIGHT_VERBS and any(
        c.dep_ == "dobj" and c.lemma_.lower() in noun_types for c in verb.children)


def _light_governor(noun: "Token") -> "Token | None":
    """The verb whose clause a nominal event lives in: 'held talks', 'during a visit'."""
    head = noun.head
    if noun.dep_ in ("dobj", "nsubjpass", "attr") and head.pos_ in ("VERB", "AUX"):
        return head
    if noun.dep_ == "pobj" and head.lower_ in _SHARED_CLAUSE_PREPS and \
            head.head.pos_ in ("VERB", "AUX"):
        return head.head
    return None


# "X held talks during a visit to Y": X is also the visitor.  Not "after the attack",
# whose agent is rarely the subject of the clause.
_SHARED_CLAUSE_PREPS = frozenset(("during", "while", "on"))


def _participants(token: "Token", event_type: EventType | None, governor: "Token | None",
                  mentions: Sequence) -> tuple[Participant, ...]:
    found: list[Participant] = []
    prep_roles = event_type.prep_roles if event_type else {}
    lemma = token.lemma_.lower()
    object_role = (event_type.object_role_by_lemma.get(lemma, event_type.object_role)
                   if event_type else "patient")
    for child in token.children:
        dep = child.dep_
        if dep in ("nsubj", "poss") or (dep == "agent" and token.pos_ == "VERB"):
            target = _agent_object(child) if dep == "agent" else child
            if target is not None:
                found.append(_participant("agent", target, mentions))
        elif dep == "nsubjpass":
            found.append(_participant(object_role, child, mentions))
        elif dep == "dobj":
            found.append(_participant(object_role, child, mentions))
        elif dep == "dative":
            # "gave Kyiv shells" (a noun) or "gave shells to Kyiv" (the preposition).
            obj = child if child.pos_ != "ADP" else next(
                (g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None:
                found.append(_participant("recipient", obj, mentions))
        elif dep == "prep":
            role = prep_roles.get(child.lower_)
            if child.lower_ == "by" and token.pos_ == "NOUN":
                role = "agent"
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if role and obj is not None and obj.ent_type_ not in ("DATE", "TIME"):
                found.append(_participant(role, obj, mentions))
    if governor is not None and _shares_agent(token, governor) and \
            not any(p.role == "agent" for p in found):
        subject = next((c for c in governor.children if c.dep_ == "nsubj"), None)
        if subject is None:
            subject = _inherited_subject(governor)
        if subject is not None:
            found.append(_participant("agent", subject, mentions))
    if token.pos_ == "VERB" and not any(p.role == "agent" for p in found):
        subject = _inherited_subject(token)
        if subject is not None:
            found.append(_participant("agent", subject, mentions))
    return tuple(sorted(found, key=lambda p: p.start))


def _shares_agent(noun: "Token", governor: "Token") -> bool:
    """'X held talks', 'X paid a visit', 'X ... during a visit': X does the noun's event.
    Not 'X violated the embargo': the embargo is someone else's."""
    return governor.lemma_.lower() in LIGHT_VERBS or noun.dep_ == "pobj"


def _agent_object(agent: "Token") -> "Token | None":
    return next((g for g in agent.children if g.dep_ == "pobj"), None)


def _inherited_subject(verb: "Token") -> "Token | None":
    """'will travel ... after vowing to': xcomp/conj verbs share their governor's subject."""
    node = verb
    for _ in range(3):
        if node.dep_ not in ("xcomp", "conj", "advcl") or node.head.i == node.i:
            return None
        passive_raising = node.dep_ == "xcomp"  # "X is expected to sign": X signs
        node = node.head
        subject = next((c for c in node.children if c.dep_ == "nsubj" or
                        passive_raising and c.dep_ == "nsubjpass"), None)
        if subject is not None:
            return subject
    return None


def _participant(role: str, token: "Token", mentions: Sequence) -> Participant:
    doc = token.doc
    first, last = _phrase(token)
    # Scraped text carries non-breaking spaces that the parser keeps as tokens.
    while last > first and (doc[last].is_space or doc[last].is_punct):
        last -= 1
    while first < last and (doc[first].is_space or doc[first].is_punct):
        first += 1
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    return Participant(role, doc[first:last + 1].text, start, end, _cluster_at(start, end, mentions))


def _phrase(token: "Token") -> tuple[int, int]:
    """A participant's tokens: its head with left modifiers, compounds, appositives and
    conjuncts, but not the clauses and prepositional phrases hanging off it."""
    right = token
    for child in token.children:
        if child.i > token.i and child.dep_ in ("compound", "flat", "appos", "nummod", "conj",
                                                "cc"):
            right = max(right, child.right_edge, key=lambda t: t.i)
    return token.left_edge.i, right.i


def _cluster_at(start: int, end: int, mentions: Sequence) -> int | None:
    for mention in mentions:
        ev = mention.evidence
        if ev.start < end and start < ev.end:
            return mention.cluster
    return None


# --- time, place, status --------------------------------------------------------------


def _time_candidates(doc: "Doc", time_expressions: Sequence) -> list[EventTime]:
    if time_expressions:
        return [EventTime(t.evidence.text, t.evidence.start, t.evidence.end,
                          getattr(t, "value", None), getattr(t, "type", None))
                for t in time_expressions]
    return [EventTime(e.text, e.start_char, e.end_char, None, e.label_)
            for e in doc.ents if e.label_ in ("DATE", "TIME")]


def _place_of(token: "Token", clause: "Token", participants: tuple[Participant, ...],
              mentions: Sequence) -> Participant | None:
    """A GPE/LOC/FAC in an 'in'/'at' phrase of the event, its clause or its arguments
    ("a visit to the hospital in Oslo")."""
    nodes = [token, clause] + [g for c in token.children if c.dep_ == "prep"
                               for g in c.children if g.dep_ == "pobj"]
    for node in nodes:
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "at", "near", "inside"):
                obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is not None and obj.ent_type_ in _PLACE_LABELS:
                    return _participant("place", obj, mentions)
    return None


def _status(token: "Token", clause: "Token", attributions: Sequence) -> str:
    """Decide occurred / planned / expected / reported / denied / hypothetical / negated."""
    local = _local_status(token) or (clause is not token and _local_status(clause))
    if local in ("negated", "hypothetical"):
        return local
    framed = _framing_status(token, attributions)
    if framed == "denied":
        return framed
    if local:
        return local
    if token.pos_ == "NOUN" and any(c.lower_ in _PLAN_MODIFIERS for c in token.children):
        return "planned"
    if framed in ("planned", "expected") and _past_clause(token):
        # "pledged to visit when they met in May": the meeting is told, not promised.
        return "occurred"
    return framed or "occurred"


def _past_clause(token: "Token") -> bool:
    """Whether the nearest verb over ``token`` (itself, for a verb) is in the past tense."""
    node = token
    for _ in range(4):
        if node.pos_ in ("VERB", "AUX"):
            return node.tag_ == "VBD" or any(
                c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in node.children)
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _local_status(verb: "Token") -> str | None:
    """Status from the verb's own auxiliaries, negation, mood and governing verb."""
    node = verb
    for _ in range(4):
        children = list(node.children)
        if any(c.dep_ == "neg" for c in children):
            return "negated"
        if any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in children) and \
                node.dep_ == "advcl":
            return "hypothetical"
        auxes = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
        if auxes & _HYPOTHETICAL_AUX:
            return "hypothetical"
        if auxes & _FUTURE_AUX:
            return "planned"
        if node.dep_ in ("acl", "relcl") and "to" in auxes:
            return "planned"  # "a system to be released in May": still to come
        head = node.head
        if node.dep_ in ("xcomp", "acomp") and head.i != node.i:
            head_lemma = head.lemma_.lower()
            if head_lemma in _EXPECT_HEADS or head.lower_ in _EXPECT_HEADS:
                return "expected"
            if head_lemma in _PLAN_HEADS or head.lower_ in _PLAN_HEADS:
                if head_lemma == "go" and not any(c.lower_ == "to" for c in children):
                    return None
                return "planned"
            node = head  # "wants to be seen to travel": keep climbing
            continue
        if node.dep_ == "conj" and head.i != node.i:
            node = head
            continue
        return None
    return None


def _framing_status(token: "Token", attributions: Sequence) -> str | None:
    """Status from the attribution whose content holds the event, else from a cue ancestor."""
    position = token.idx
    best = None
    for attribution in attributions:
        start, end = attribution.content_span
        if start <= position < end and (best is None or end - start < best[1] - best[0]):
            best = (start, end, attribution.stance)
    if best is not None:
        return _STANCE_STATUS.get(best[2], "reported")
    node = token
    for _ in range(6):
        head = node.head
        if head.i == node.i:
            return None
        if node.dep_ in ("ccomp", "xcomp", "pcomp", "dobj") or head.dep_ == "prep":
            stance = CUE_STANCES.get(head.lemma_.lower()) if head.pos_ == "VERB" else None
            if stance is not None:
                return _STANCE_STATUS.get(stance, "reported")
        node = head
    return None


__all__ = [
    "STATUSES",
    "DetectedEvent",
    "EventMention",
    "EventTime",
    "Participant",
    "detect_timeml_events",
    "extract_event_mentions",
]
