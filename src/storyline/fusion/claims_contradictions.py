"""Contradictions between fused claims: flagged for the reader, never resolved or hidden.

:func:`find_contradictions` reports

* **number-evolution** / **number-conflict**: claims stating different values for one
  measured thing. Numbers are one measure when their units fall in the same family of
  :data:`~storyline.fusion.claims_records.MEASURE_FAMILIES` (or share a head noun) and their
  claims share the topic (two content keywords besides the measure words, one when a
  content has at most two, and no two different targets). Values within the tolerance are
  the same number. When the differing values were seen on different dates the group is an
  evolution, its chain ordered by date; when all were seen on one date (or none is dated)
  it is a conflict.
* **accusation-denial**: an ``accuse`` claim and a ``deny`` claim by different speakers about
  the same target or topic: same target, the denier is the accused, or similar content.
* **date-conflict**: fused events (``storyline.fusion.events.Event``) whose mentions name
  different days (their ``date_range`` spans two distinct full dates). Skipped when no
  events are given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from storyline.fusion.claims_records import (
    MEASURE_FAMILIES,
    Claim,
    Contradiction,
    NumberObservation,
    keywords,
    name_tokens,
    normalise_text,
    singular,
    speaker_key,
    speakers_compatible,
)

_TOLERANCE = 0.05
_TOPIC_SIMILARITY = 60.0  # token_set_ratio of accusation and denial contents


def find_contradictions(claims: Sequence[Claim], events: Iterable[Any] = (),
                        tolerance: float = _TOLERANCE) -> tuple[Contradiction, ...]:
    """Every number evolution or conflict, accusation/denial pair and event date conflict."""
    found = list(_number_contradictions(claims, tolerance))
    found.extend(_accusation_denials(claims))
    found.extend(_date_conflicts(events))
    return tuple(found)


class ContradictionIndex:
    """:func:`find_contradictions` kept up to date as claims and events change.

    Number contradictions are found per measure, so a changed claim re-examines only the
    measures it states (before and after the change); an accusation or denial that changed
    is paired again with the claims of the opposite stance; a changed event is checked
    alone. Over the same claims and events it holds what :func:`find_contradictions`
    returns (as a multiset). The accusation/denial pairing costs the number of claims of
    the opposite stance per changed one: their topics are compared by fuzzy content
    similarity, which no key can block exactly.
    """

    def __init__(self, tolerance: float = _TOLERANCE) -> None:
        self.tolerance = tolerance
        self._claims: dict[str, Claim] = {}
        self._words: dict[str, frozenset[str]] = {}
        self._by_measure: dict[str, dict[str, None]] = {}  # measure -> claim ids
        self._stances: dict[str, dict[str, None]] = {"accuse": {}, "deny": {}}
        self._numbers: dict[str, list[Contradiction]] = {}  # measure -> its contradictions
        self._pairs: dict[tuple[str, str], Contradiction] = {}  # (accusation, denial)
        self._pairs_of: dict[str, set[tuple[str, str]]] = {}  # claim id -> its pairs
        self._dates: dict[str, Contradiction] = {}  # event id -> its date conflict

    def __len__(self) -> int:
        return sum(len(found) for found in self._numbers.values()) + len(self._pairs) + \
            len(self._dates)

    def claim(self, claim_id: str) -> Claim | None:
        return self._claims.get(claim_id)

    def claim_ids(self) -> list[str]:
        return list(self._claims)

    def contradictions(self) -> tuple[Contradiction, ...]:
        return (*(c for found in self._numbers.values() for c in found),
                *self._pairs.values(), *self._dates.values())

    def update(self, claims: Iterable[Claim] = (), removed_claims: Iterable[str] = (),
               events: Iterable[Any] = (), removed_events: Iterable[str] = (),
               ) -> tuple[list[Contradiction], list[Contradiction]]:
        """Fold in new or changed claims and events, drop removed ones; return the
        contradictions that appeared and those that went."""
        appeared: list[Contradiction] = []
        went: list[Contradiction] = []
        measures: set[str] = set()
        paired: set[str] = set()
        for claim_id in removed_claims:
            old = self._claims.pop(claim_id, None)
            if old is not None:
                measures |= self._forget(old)
                went.extend(self._unpair(claim_id))
        for claim in claims:
            old = self._claims.get(claim.id)
            if old is not None:
                measures |= self._forget(old)
                went.extend(self._unpair(claim.id))
            self._claims[claim.id] = claim
            self._words[claim.id] = _topic_words(claim)
            measures |= {m for m in _measures(claim)}
            for measure in _measures(claim):
                self._by_measure.setdefault(measure, {})[claim.id] = None
            if claim.stance in self._stances:
                self._stances[claim.stance][claim.id] = None
                paired.add(claim.id)
        for measure in sorted(measures):
            went.extend(self._numbers.pop(measure, ()))
            found = self._measure_contradictions(measure)
            if found:
                self._numbers[measure] = found
                appeared.extend(found)
        for claim_id in sorted(paired):
            claim = self._claims[claim_id]
            if claim.stance == "accuse":
                pairs = [(claim, self._claims[d]) for d in self._stances["deny"]]
            else:
                pairs = [(self._claims[a], claim) for a in self._stances["accuse"]]
            for accusation, denial in pairs:
                key = (accusation.id, denial.id)
                found = _accusation_denial(accusation, denial)
                if found is not None and key not in self._pairs:
                    self._pairs[key] = found
                    for claim_id_in_pair in key:
                        self._pairs_of.setdefault(claim_id_in_pair, set()).add(key)
                    appeared.append(found)
        for event_id in removed_events:
            if event_id in self._dates:
                went.append(self._dates.pop(event_id))
        for event in events:
            event_id = str(getattr(event, "id", ""))
            if event_id in self._dates:
                went.append(self._dates.pop(event_id))
            for found in _date_conflicts((event,)):
                self._dates[event_id] = found
                appeared.append(found)
        return appeared, went

    def _forget(self, claim: Claim) -> set[str]:
        measures = _measures(claim)
        for measure in measures:
            holders = self._by_measure.get(measure, {})
            holders.pop(claim.id, None)
            if not holders:
                self._by_measure.pop(measure, None)
        for stance in self._stances.values():
            stance.pop(claim.id, None)
        self._words.pop(claim.id, None)
        return measures

    def _unpair(self, claim_id: str) -> list[Contradiction]:
        out = []
        for key in self._pairs_of.pop(claim_id, set()):
            found = self._pairs.pop(key, None)
            if found is not None:
                out.append(found)
            for other in key:
                if other != claim_id:
                    self._pairs_of.get(other, set()).discard(key)
        return out

    def _measure_contradictions(self, measure: str) -> list[Contradiction]:
        items = []
        for claim_id in self._by_measure.get(measure, {}):
            claim = self._claims[claim_id]
            for quantity in claim.quantities:
                if quantity.is_ratio or quantity.measure != measure:
                    continue
                items.append((claim, _observation(claim, quantity)))
        out = []
        for topic in _topic_groups(items, self._words):
            contradiction = _number_contradiction(measure, topic, self.tolerance)
            if contradiction is not None:
                out.append(contradiction)
        return out


def _measures(claim: Claim) -> set[str]:
    return {q.measure for q in claim.quantities if not q.is_ratio and q.measure}


def _observation(claim: Claim, quantity: Any) -> NumberObservation:
    return NumberObservation(
        claim_id=claim.id, value=quantity.value, bound=quantity.bound,
        unit=quantity.unit or quantity.currency, speaker=claim.speaker,
        seen=claim.first_seen, text=quantity.text)


# --- numbers -------------------------------------------------------------------------------


def _topic_words(claim: Claim) -> frozenset[str]:
    measure_words = {singular(w) for q in claim.quantities if q.unit
                     for w in q.unit.lower().replace("-", " ").split()}
    return frozenset(w for w in keywords(claim.content)
                     if w not in measure_words and w not in MEASURE_FAMILIES)


def _same_topic(first: Claim, second: Claim, words: dict[str, frozenset[str]]) -> bool:
    if first.target and second.target and not (
            name_tokens(first.target) & name_tokens(second.target)):
        return False
    shared = words[first.id] & words[second.id]
    # One shared word is enough for short contents ("more than 300,000 shells had been sent").
    needed = 1 if min(len(words[first.id]), len(words[second.id])) <= 2 else 2
    return len(shared) >= needed


def _number_contradictions(claims: Sequence[Claim], tolerance: float) -> list[Contradiction]:
    observations: dict[str, list[tuple[Claim, NumberObservation]]] = {}
    for claim in claims:
        for quantity in claim.quantities:
            if quantity.is_ratio or not quantity.measure:
                continue
            observations.setdefault(quantity.measure, []).append(
                (claim, _observation(claim, quantity)))
    words = {claim.id: _topic_words(claim) for claim in claims}
    out = []
    for measure, items in observations.items():
        for topic in _topic_groups(items, words):
            contradiction = _number_contradiction(measure, topic, tolerance)
            if contradiction is not None:
                out.append(contradiction)
    return out


def _topic_groups(items: list[tuple[Claim, NumberObservation]],
                  words: dict[str, frozenset[str]]) -> list[list[tuple[Claim, NumberObservation]]]:
    """Single-link groups of observations whose claims share the topic."""
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i][0].id == items[j][0].id or _same_topic(items[i][0], items[j][0], words):
                parent[find(i)] = find(j)
    groups: dict[int, list[tuple[Claim, NumberObservation]]] = {}
    for i, item in enumerate(items):
        groups.setdefault(find(i), []).append(item)
    return list(groups.values())


def _number_contradiction(measure: str, items: list[tuple[Claim, NumberObservation]],
                          tolerance: float) -> Contradiction | None:
    chain = sorted((obs for _, obs in items),
                   key=lambda o: (o.seen or date.max, o.value, o.claim_id))
    distinct: list[float] = []
    for obs in chain:
        if not any(abs(obs.value - v) <= tolerance * max(abs(obs.value), abs(v), 1e-9)
                   for v in distinct):
            distinct.append(obs.value)
    if len(distinct) < 2:
        return None
    values_by_date: dict[date | None, set[float]] = {}
    for obs in chain:
        values_by_date.setdefault(obs.seen, set()).add(obs.value)
    dated = {d for d in values_by_date if d is not None}
    kind = "number-evolution" if len(dated) >= 2 else "number-conflict"
    steps = "; ".join(
        f"{_bound_text(o.bound)}{_number_text(o.value)} {o.unit or ''}".strip()
        + f" ({o.speaker or 'unattributed'}, {o.seen.isoformat() if o.seen else 'undated'})"
        for o in chain)
    return Contradiction(
        kind=kind,
        claim_ids=tuple(dict.fromkeys(o.claim_id for o in chain)),
        detail=f"{measure}: {steps}",
        measure=measure,
        chain=tuple(chain),
    )


def _bound_text(bound: str) -> str:
    return "" if bound == "=" else bound


def _number_text(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


# --- accusation and denial ------------------------------------------------------------------


def _accusation_denials(claims: Sequence[Claim]) -> list[Contradiction]:
    accusations = [c for c in claims if c.stance == "accuse"]
    denials = [c for c in claims if c.stance == "deny"]
    out = []
    for accusation in accusations:
        for denial in denials:
            found = _accusation_denial(accusation, denial)
            if found is not None:
                out.append(found)
    return out


def _accusation_denial(accusation: Claim, denial: Claim) -> Contradiction | None:
    if _same_speaker(accusation, denial):
        return None
    accused = name_tokens(accusation.target)
    why = None
    if accused and denial.target and accused & name_tokens(denial.target):
        why = "same target"
    elif accused and accused & name_tokens(denial.speaker):
        why = "the accused denies"
    elif fuzz.token_set_ratio(normalise_text(accusation.content),
                              normalise_text(denial.content)) >= _TOPIC_SIMILARITY:
        why = "same content"
    if why is None:
        return None
    return Contradiction(
        kind="accusation-denial",
        claim_ids=(accusation.id, denial.id),
        detail=(f"{accusation.speaker or 'unattributed'} accuses "
                f"{accusation.target or 'someone'}: {accusation.content!r}; "
                f"{denial.speaker or 'unattributed'} denies: {denial.content!r} ({why})"),
    )


def _same_speaker(first: Claim, second: Claim) -> bool:
    if first.speaker_entity_id and first.speaker_entity_id == second.speaker_entity_id:
        return True
    key_a = speaker_key(first.speaker, first.speaker_entity_id, first.sources[0])
    key_b = speaker_key(second.speaker, second.speaker_entity_id, second.sources[0])
    return speakers_compatible((key_a, first.speaker), (key_b, second.speaker))


# --- event dates ----------------------------------------------------------------------------


def _full_day(value: str | None) -> bool:
    return bool(value) and len(value) >= 10 and value[:10].replace("-", "").isdigit()


def _date_conflicts(events: Iterable[Any]) -> list[Contradiction]:
    out = []
    for event in events:
        span = getattr(event, "date_range", None)
        if not span:
            continue
        first, last = span
        if _full_day(first) and _full_day(last) and first[:10] != last[:10]:
            out.append(Contradiction(
                kind="date-conflict",
                claim_ids=(),
                detail=(f"{getattr(event, 'label', 'event')}: sources date it between "
                        f"{first[:10]} and {last[:10]}"),
                event_ids=(str(getattr(event, "id", "")),),
            ))
    return out


__all__ = ["ContradictionIndex", "find_contradictions"]
