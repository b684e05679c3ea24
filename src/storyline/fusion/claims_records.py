"""Records and normalisation for claim fusion: what one source said, and what a fused claim is.

Owns :class:`ClaimSource` (one attribution as read in one article, with the article's
duplicate group and date), :class:`ClaimQuantity`, :class:`Claim` and
:class:`Contradiction`, plus the small pure helpers both :mod:`storyline.fusion.claims`
and :mod:`storyline.fusion.claims_contradictions` read records through: speaker keys,
content normalisation and the documented lexicon of measure families (which unit nouns
count the same thing: "shells", "rounds" and "artillery rounds" are one measure).

Attributions may come as :class:`storyline.language.attribution.Attribution` records or
as their ``to_dict()`` form (what the store returns); both are read the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storyline.language.evidence import Evidence

#: Measure families: a unit's head noun (singular, lower case) -> the measure it counts.
#: Nouns that news uses interchangeably for one count share a family, so a January
#: "300,000 shells" and a June "1.2 million rounds" are read as one number evolving.
#: Keep it small and obvious: a wrong entry merges numbers that are not the same measure.
MEASURE_FAMILIES: dict[str, str] = {
    **dict.fromkeys("shell round munition ammunition artillery projectile".split(),
                    "artillery-ammunition"),
    **dict.fromkeys("missile rocket".split(), "missiles"),
    **dict.fromkeys("drone uav".split(), "drones"),
    **dict.fromkeys("dead death fatality killed body".split(), "deaths"),
    **dict.fromkeys("injured wounded injury".split(), "injuries"),
    **dict.fromkeys("ship vessel tanker boat freighter".split(), "vessels"),
    **dict.fromkeys("troop soldier".split(), "troops"),
    **dict.fromkeys("refugee evacuee".split(), "displaced"),
    **dict.fromkeys("container".split(), "containers"),
    **dict.fromkeys("barrel".split(), "barrels"),
    **dict.fromkeys("km kilometre kilometer mile".split(), "distance"),
}

# Irregular plurals the naive singulariser below would get wrong.
_SINGULAR = {"people": "person", "casualties": "casualty", "fatalities": "fatality",
             "bodies": "body", "missiles": "missile", "kilometres": "kilometre",
             "kilometers": "kilometer", "munitions": "munition"}
_DETERMINERS = frozenset("the a an this that these those".split())
_PRONOUNS = frozenset("he she it they we i you him her them who which that this these those "
                      "his its their".split())
# Words in a speaker phrase that describe a role, not a name ("Foreign Minister Ri").
_ROLE_WORDS = frozenset(
    "president presidential minister ministry foreign defence defense secretary deputy "
    "ambassador aide spokesman spokeswoman spokesperson official officials government "
    "prime chief general state department agency news national committee member "
    "senior analyst leader u.s. us un u.n. mr mrs ms dr sir the of and in at for".split()
)
_WORD = re.compile(r"[\w][\w.'’-]*", re.UNICODE)
_STOPWORDS = frozenset(
    "the a an of to in on at for from by with and or but that this these those it its is "
    "are was were be been being has have had will would could may might should can not no "
    "as than more less up about over under since into out their his her they he she we "
    "who which what there here also only some any all each every one two very".split()
)


@dataclass(frozen=True, slots=True)
class ClaimQuantity:
    """A number a claim states: value, bound, unit, currency, and its measure family."""

    value: float
    bound: str = "="
    unit: str | None = None
    currency: str | None = None
    is_ratio: bool = False
    measure: str | None = None  # family from MEASURE_FAMILIES, "money:USD", or the unit head
    text: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"value": self.value, "bound": self.bound, "unit": self.unit,
                "currency": self.currency, "is_ratio": self.is_ratio,
                "measure": self.measure, "text": self.text}


@dataclass(frozen=True, slots=True)
class ClaimSource:
    """One attribution as read in one article.

    ``group_id`` is the article's duplicate group in the store: copies of one story share
    it, so distinct group ids are independent sources. ``attribution`` is an
    ``Attribution`` record or its dict form.
    """

    article_id: str
    group_id: str | None
    published: date | None
    attribution: Any
    speaker_entity_id: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """One claim, fused from every article that reports it."""

    id: str
    speaker: str | None
    speaker_entity_id: str | None
    stance: str
    content: str  # the best representative wording
    target: str | None
    quantities: tuple[ClaimQuantity, ...]
    sources: tuple[str, ...]  # article ids, earliest first
    group_ids: tuple[str, ...]
    raw_source_count: int
    independent_source_count: int  # distinct duplicate groups among the sources
    first_seen: date | None
    last_seen: date | None
    evidence: tuple[Evidence, ...]
    speakers: tuple[str, ...] = field(default=())  # every surface form of the speaker

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "speaker": self.speaker,
            "speaker_entity_id": self.speaker_entity_id,
            "speakers": list(self.speakers),
            "stance": self.stance,
            "content": self.content,
            "target": self.target,
            "quantities": [q.to_dict() for q in self.quantities],
            "sources": list(self.sources),
            "group_ids": list(self.group_ids),
            "raw_source_count": self.raw_source_count,
            "independent_source_count": self.independent_source_count,
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "evidence": [e.to_dict() for e in self.evidence],
        }


CONTRADICTION_KINDS = ("number-evolution", "number-conflict", "accusation-denial", "date-conflict")


@dataclass(frozen=True, slots=True)
class NumberObservation:
    """One value of a measure, as one claim stated it: a step of a number evolution."""

    claim_id: str
    value: float
    bound: str
    unit: str | None
    speaker: str | None
    seen: date | None
    text: str

    def to_dict(self) -> dict[str, object]:
        return {"claim_id": self.claim_id, "value": self.value, "bound": self.bound,
                "unit": self.unit, "speaker": self.speaker,
                "seen": self.seen.isoformat() if self.seen else None, "text": self.text}


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A disagreement between claims (or event reports) that a reader should see."""

    kind: str  # one of CONTRADICTION_KINDS
    claim_ids: tuple[str, ...]
    detail: str
    measure: str | None = None  # number kinds: the measure family
    chain: tuple[NumberObservation, ...] = ()  # number kinds: the values, by date
    event_ids: tuple[str, ...] = ()  # date-conflict: the fused events

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "claim_ids": list(self.claim_ids), "detail": self.detail,
                "measure": self.measure, "chain": [o.to_dict() for o in self.chain],
                "event_ids": list(self.event_ids)}


# --- reading attributions ------------------------------------------------------------------


def field_of(record: Any, name: str, default: Any = None) -> Any:
    """A field of a record or of its dict form."""
    if isinstance(record, Mapping):
        return record.get(name, default)
    return getattr(record, name, default)


def evidence_of(record: Any, article_id: str) -> Evidence:
    raw = field_of(record, "evidence")
    if isinstance(raw, Evidence):
        return raw
    if isinstance(raw, Mapping):
        return Evidence(str(raw.get("article_id") or article_id), int(raw.get("sentence", 0)),
                        int(raw.get("start", 0)), int(raw.get("end", 0)),
                        str(raw.get("text", "")))
    return Evidence(article_id, 0, 0, 0, str(field_of(record, "content", "")))


def singular(word: str) -> str:
    word = word.lower().strip(".,;:'’\"")
    if word in _SINGULAR:
        return _SINGULAR[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def unit_head(unit: str | None) -> str | None:
    """The counted noun of a unit phrase: "rounds of artillery" -> "round"."""
    if not unit:
        return None
    words = unit.lower().replace("-", " ").split()
    if "of" in words[1:]:
        words = words[: words.index("of")]
    return singular(words[-1]) if words else None


def measure_of(unit: str | None, currency: str | None, content: str = "") -> str | None:
    """The measure family a number counts, from its unit, its currency or (no unit) the
    one family word its claim's content uses."""
    if currency:
        return f"money:{currency}"
    head = unit_head(unit)
    if head is not None:
        if head in MEASURE_FAMILIES:
            return MEASURE_FAMILIES[head]
        for word in unit.lower().replace("-", " ").split():
            family = MEASURE_FAMILIES.get(singular(word))
            if family is not None:
                return family
        return head
    families = {MEASURE_FAMILIES[w] for w in (singular(t) for t in _WORD.findall(content))
                if w in MEASURE_FAMILIES}
    return families.pop() if len(families) == 1 else None


def quantities_of(record: Any) -> tuple[ClaimQuantity, ...]:
    content = str(field_of(record, "content", "") or "")
    out = []
    for quantity in field_of(record, "quantities", ()) or ():
        unit = field_of(quantity, "unit")
        currency = field_of(quantity, "currency")
        evidence = field_of(quantity, "evidence")
        text = str(field_of(evidence, "text", "") or "") if evidence is not None else ""
        out.append(ClaimQuantity(
            value=float(field_of(quantity, "value", 0.0)),
            bound=str(field_of(quantity, "bound", "=") or "="),
            unit=unit,
            currency=currency,
            is_ratio=bool(field_of(quantity, "is_ratio", False)),
            measure=measure_of(unit, currency, content),
            text=text,
        ))
    return tuple(out)


def normalise_text(text: str) -> str:
    text = text.replace("’", "'").replace("“", '"').replace("”", '"').lower()
    return " ".join(text.split())


def keywords(text: str) -> frozenset[str]:
    """Content words of a text, singular, without stopwords and numbers."""
    return frozenset(singular(w) for w in _WORD.findall(normalise_text(text))
                     if w not in _STOPWORDS and not any(c.isdigit() for c in w) and len(w) > 2)


def name_tokens(text: str | None) -> frozenset[str]:
    """The proper-name tokens of a phrase: capitalised words that are not role words."""
    if not text:
        return frozenset()
    out = set()
    for word in _WORD.findall(text.replace("’", "'")):
        # "U.S." and "US" are one name.
        base = word.split("'")[0].replace(".", "")
        if base and base[0].isupper() and base.lower() not in _ROLE_WORDS:
            out.add(base.lower())
    return frozenset(out)


_GROUP_WORDS = frozenset(("and", "&"))


def speaker_key(speaker: str | None, entity_id: str | None, article_id: str) -> str:
    """The blocking key of a speaker: its entity id, else its normalised text.

    A pronoun without an entity id cannot be matched across articles, so it keys on its
    article. A missing speaker ("is expected to") keys as ``"-"``.
    """
    if not speaker and not entity_id:
        return "-"
    words = [w for w in _WORD.findall(normalise_text(speaker or "")) if w not in _DETERMINERS]
    # "The US and South Korea" is a group, not the one entity its head names: it keys on
    # its words, and matches "South Korea and the U.S." by their names.
    if entity_id and not _GROUP_WORDS.intersection(words):
        return f"entity:{entity_id}"
    if not speaker:
        return f"entity:{entity_id}"
    if not words or (len(words) == 1 and words[0] in _PRONOUNS):
        return f"pronoun:{article_id}:{speaker.lower()}"
    return "text:" + " ".join(words)


def speakers_compatible(first: tuple[str, str | None], second: tuple[str, str | None]) -> bool:
    """Whether two (key, surface) speakers can be one source.

    Same key; or, without conflicting entity ids, the proper-name tokens of one are a
    non-empty subset of the other's ("Ri" and "Haemun's foreign minister, Ri Son-gwan").
    """
    key_a, text_a = first
    key_b, text_b = second
    if key_a == key_b:
        return True
    if key_a.startswith(("entity:",)) and key_b.startswith("entity:"):
        return False
    if key_a.startswith("pronoun:") or key_b.startswith("pronoun:") or "-" in (key_a, key_b):
        return False
    names_a, names_b = name_tokens(text_a), name_tokens(text_b)
    if not names_a or not names_b:
        return False
    return names_a <= names_b or names_b <= names_a


__all__ = [
    "CONTRADICTION_KINDS",
    "MEASURE_FAMILIES",
    "Claim",
    "ClaimQuantity",
    "ClaimSource",
    "Contradiction",
    "NumberObservation",
    "evidence_of",
    "field_of",
    "keywords",
    "measure_of",
    "name_tokens",
    "normalise_text",
    "quantities_of",
    "speaker_key",
    "speakers_compatible",
    "unit_head",
]
