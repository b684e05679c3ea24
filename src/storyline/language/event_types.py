"""The inventory of typed events storyline reports, and the word lists behind event detection.

This is the one place to grow when a story needs a new kind of event: add an
:class:`EventType` to :data:`EVENT_TYPES` with its trigger lemmas (verbs and
nouns) and how its arguments map to roles; :mod:`storyline.language.events` takes
its types from here only.  The speech types (statement, accusation, denial) draw
their verbs from the cue lexicon of :mod:`storyline.language.attribution`, so the
two never disagree.

Roles: ``agent`` (who does it), ``patient`` (what or whom it is done to),
``recipient`` (who receives a transfer), ``destination`` (where a trip goes),
``counterpart`` (the other side of talks or a deal).  A direct object takes the
type's ``object_role`` unless ``object_role_by_lemma`` says otherwise ("visit
Moscow": destination); a preposition maps to a role through ``prep_roles``.

The second half holds the broad, untyped detector's lists: which nouns are
eventive and which TimeML class (OCCURRENCE, REPORTING, STATE, I_ACTION,
I_STATE, ASPECTUAL, PERCEPTION) a lemma takes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from storyline.language.attribution import CUE_STANCES

ROLES = ("agent", "patient", "recipient", "destination", "counterpart")


@dataclass(frozen=True, slots=True)
class EventType:
    """One kind of event users see on a timeline."""

    name: str
    description: str
    verbs: frozenset[str]
    nouns: frozenset[str]
    object_role: str = "patient"
    object_role_by_lemma: Mapping[str, str] = field(default_factory=dict)
    prep_roles: Mapping[str, str] = field(default_factory=dict)
    # Everyday verbs that count only with a named place or a receiver as argument:
    # "went to Hanoi" is travel, "went well" is not.
    weak_verbs: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # Read-only views, so the shared inventory cannot be changed by a caller.
        object.__setattr__(self, "object_role_by_lemma",
                           MappingProxyType(dict(self.object_role_by_lemma)))
        object.__setattr__(self, "prep_roles", MappingProxyType(dict(self.prep_roles)))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _cues(*stances: str) -> frozenset[str]:
    return frozenset(lemma for lemma, stance in CUE_STANCES.items() if stance in stances)


#: Ordered: when a lemma is listed under two types, the first one wins.
EVENT_TYPES: tuple[EventType, ...] = (
    EventType(
        "travel", "someone goes somewhere: a visit, trip or arrival",
        verbs=_words("travel visit fly arrive tour depart head return journey go come"),
        nouns=_words("visit trip tour journey arrival voyage departure"),
        object_role="destination",
        prep_roles={"to": "destination", "in": "destination"},
        weak_verbs=_words("head return go come arrive"),
    ),
    EventType(
        "meeting", "two sides meet or hold talks",
        verbs=_words("meet confer negotiate discuss host receive"),
        nouns=_words("talk talks meeting summit negotiation discussion conference "
                     "consultation dialogue"),
        object_role="counterpart",
        object_role_by_lemma={"discuss": "patient", "negotiate": "patient"},
        prep_roles={"with": "counterpart", "between": "counterpart"},
    ),
    EventType(
        "transfer", "goods, arms or aid supplied, shipped or sold to someone",
        verbs=_words("supply provide ship send deliver transfer export sell give smuggle "
                     "transport donate"),
        weak_verbs=_words("provide give send"),
        nouns=_words("supply shipment delivery transfer export sale provision donation "
                     "consignment"),
        prep_roles={"to": "recipient", "for": "recipient"},
    ),
    EventType(
        "test_launch", "a weapon or vehicle tested or launched",
        verbs=_words("test launch fire test-fire"),
        nouns=_words("test launch test-fire"),
        prep_roles={"into": "destination", "toward": "destination", "towards": "destination",
                    "at": "destination"},
    ),
    EventType(
        "agreement", "an agreement, treaty or deal signed or reached",
        verbs=_words("sign ratify ink"),
        nouns=_words("agreement deal treaty pact accord signing partnership alliance"),
        prep_roles={"with": "counterpart", "between": "counterpart"},
    ),
    EventType(
        "sanction", "sanctions, vetoes, embargoes and bans",
        verbs=_words("sanction veto embargo ban blacklist penalize penalise"),
        nouns=_words("sanction sanctions veto embargo ban blacklisting"),
        prep_roles={"on": "patient", "against": "patient"},
    ),
    EventType(
        "attack", "an armed attack, strike, bombardment or invasion",
        verbs=_words("attack strike bomb shell invade shoot kill assault raid bombard"),
        nouns=_words("attack strike bombing invasion assault raid offensive bombardment "
                     "shelling airstrike"),
        prep_roles={"on": "patient", "against": "patient", "at": "patient"},
    ),
    EventType(
        "election_appointment", "someone elected, appointed, nominated or sworn in",
        verbs=_words("elect appoint nominate inaugurate reelect re-elect"),
        nouns=_words("election appointment nomination inauguration referendum reelection"),
        prep_roles={"as": "patient"},
    ),
    EventType(
        "accusation", "one side accuses another",
        verbs=_cues("accuse"),
        nouns=_words("accusation allegation charge"),
    ),
    EventType(
        "denial", "a side denies or rejects a claim",
        verbs=_cues("deny"),
        nouns=_words("denial rejection"),
    ),
    EventType(
        "statement", "a public statement, report, prediction or pledge",
        # Speech cues only: cognition ("think") and evaluation ("praise", "show") are
        # attributions but not public statements.
        verbs=_cues("assert", "report", "predict", "pledge") - _words(
            "think feel know hope fear worry believe doubt show find continue call describe "
            "endorse praise defend echo recommend propose demand express point talk speak "
            "agree ask question expect estimate project anticipate"),
        nouns=_words("statement announcement remark speech comment pledge promise warning"),
        object_role="patient",
    ),
)

OTHER = "other"  # the type of a detected event that no EventType claims

#: Verbs that hand their meaning to an event noun object: "hold talks", "pay a visit",
#: "strike a deal", "impose sanctions", "level accusations".
LIGHT_VERBS = _words("hold have conduct make pay stage carry begin start impose level issue "
                     "launch reach strike take give")

# --- the broad detector (TimeML) ------------------------------------------------------

#: Nouns that denote events although no suffix rule catches them.
EVENT_NOUNS = _words(
    "war attack talks talk visit trip election vote deal crash strike summit meeting crisis "
    "fire storm earthquake flood drop rise fall increase decline loss gain growth takeover "
    "merger purchase offer bid trial sale test launch raid killing death birth explosion "
    "blast riot protest rally campaign battle fight conflict violence invasion ceremony "
    "celebration funeral wedding move change shift cut hike slump surge recovery rebound "
    "collapse boom recession deal veto ban embargo sanction debate race win victory defeat "
    "agreement accord treaty pact effort mission visit tour "
    "return arrival departure escape release arrest investigation inquiry probe "
    "hearing verdict appeal ruling decision request demand call warning threat promise "
    "pledge claim announcement comment remark speech interview support help aid assistance"
)
#: Suffixes of deverbal event nouns; the noun must also be a verb base to count.
EVENT_NOUN_SUFFIXES = ("tion", "sion", "ment", "ure", "al", "ance", "ence", "ing", "ism")
#: Nouns with those suffixes that name things, not events.
NON_EVENT_NOUNS = _words(
    "nation station position government department apartment parliament equipment "
    "official individual capital material animal hospital arsenal signal terminal "
    "nature culture structure feature future picture temperature legislature literature "
    "evidence audience science conference province administration population region "
    "building morning evening thing something nothing anything everything king ring "
    "spring wing ceiling during cling string sibling clothing"
)

TIMEML_CLASSES = ("OCCURRENCE", "REPORTING", "STATE", "I_ACTION", "I_STATE", "ASPECTUAL",
                  "PERCEPTION")

#: Lemma -> TimeML class for lemmas that are not OCCURRENCE.
TIMEML_CLASS_OF: dict[str, str] = {
    **dict.fromkeys(
        "say report tell announce state add claim explain note write describe quote cite "
        "reply respond comment declare testify insist acknowledge admit confirm "
        "deny reveal disclose repeat reiterate assert maintain contend predict".split(),
        "REPORTING"),
    **dict.fromkeys(
        "believe think want expect hope fear feel know worry doubt wish like love hate "
        "prefer need consider suspect assume anticipate intend plan estimate forecast "
        "understand imagine remember forget realize realise fear concern afraid likely "
        "unlikely sure certain aware confident willing ready able eager".split(),
        "I_STATE"),
    **dict.fromkeys(
        "try attempt seek ask order request urge promise pledge vow offer agree decide "
        "refuse permit prevent avoid threaten propose delay postpone cancel warn "
        "investigate approve force persuade help authorize authorise accuse allege call "
        "appeal plead encourage prepare schedule design aim require oblige convince "
        "reject dismiss block".split(),
        "I_ACTION"),
    **dict.fromkeys(
        "begin start continue stop end finish complete resume cease quit halt initiate "
        "commence terminate conclude".split(),
        "ASPECTUAL"),
    **dict.fromkeys(
        "see hear watch observe notice listen witness perceive spot sight".split(),
        "PERCEPTION"),
    **dict.fromkeys(
        "have own remain exist belong contain consist lack cost mean depend "
        "possess resemble equal total".split(),
        "STATE"),
}


def event_type_index() -> tuple[dict[str, EventType], dict[str, EventType]]:
    """(verb lemma -> type, noun lemma -> type), first listed type winning."""
    verbs: dict[str, EventType] = {}
    nouns: dict[str, EventType] = {}
    for event_type in EVENT_TYPES:
        for lemma in event_type.verbs:
            verbs.setdefault(lemma, event_type)
        for lemma in event_type.nouns:
            nouns.setdefault(lemma, event_type)
    return verbs, nouns


__all__ = [
    "EVENT_NOUNS",
    "EVENT_TYPES",
    "LIGHT_VERBS",
    "OTHER",
    "ROLES",
    "TIMEML_CLASSES",
    "TIMEML_CLASS_OF",
    "EventType",
    "event_type_index",
]
