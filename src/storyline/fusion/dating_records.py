"""Records of publication-date inference: the verdict, its reasons, and dated facts.

A :class:`DateInference` is what :func:`storyline.fusion.dating.infer_publication_date`
says about an undated article: an interval that should hold its creation date, a day
when one is justified, and the reasons (each naming the expression, fact or other
article it came from). :class:`KnownFacts` is the cross-article input: dated time
facts read in articles whose date *is* known, indexed for matching.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class DatingReason:
    """One piece of evidence behind an inferred date.

    ``kind``: "absolute-date", "planned-date", "relative-anchor", "anniversary", "span",
    "copyright-year", "copy-of-dated", "dateline", "recency", "weekday".
    """

    kind: str
    detail: str  # which expression, which fact, which other article
    earliest: date | None = None  # the window this reason allowed (None: open)
    latest: date | None = None
    weight: float = 1.0

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "detail": self.detail,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "weight": self.weight,
        }


@dataclass(frozen=True, slots=True)
class DateInference:
    """The inferred creation date of one article: an interval, and a day when justified."""

    article_id: str
    value: date | None
    earliest: date
    latest: date
    confidence: float  # 0..1: share of the evidence agreeing, discounted by the width
    reasons: tuple[DatingReason, ...]

    @property
    def width_days(self) -> int:
        return (self.latest - self.earliest).days + 1

    @property
    def midpoint(self) -> date:
        return date.fromordinal((self.earliest.toordinal() + self.latest.toordinal()) // 2)

    def contains(self, day: date) -> bool:
        return self.earliest <= day <= self.latest

    def to_dict(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "value": self.value.isoformat() if self.value else None,
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "confidence": self.confidence,
            "reasons": [reason.to_dict() for reason in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class Constraint:
    """A set of creation dates one piece of evidence allows (a union of disjoint day ranges).

    ``weights``, when given, holds one weight per range (alternative readings of the same
    evidence trusted differently); otherwise every range counts ``weight``.
    """

    ranges: tuple[tuple[date, date], ...]
    weight: float
    reason: DatingReason
    granularity: str = "day"  # of the evidence: how soon after it news usually appears
    weights: tuple[float, ...] = ()

    def weighted_ranges(self) -> tuple[tuple[date, date, float], ...]:
        weights = self.weights or (self.weight,) * len(self.ranges)
        return tuple((first, last, weight)
                     for (first, last), weight in zip(self.ranges, weights))


@dataclass(frozen=True, slots=True)
class KnownFact:
    """A dated time fact read in an article whose creation date is known.

    ``earliest``/``latest`` is the calendar extent of the time expression (a range
    "from Tuesday to Thursday" is one fact); ``names`` are the normalised entity names
    around it (its sentence and its events' participants and place); ``event_types`` the
    typed events anchored to it (untyped events count by lemma: "lemma:stay").
    """

    article_id: str
    text: str  # the time expression(s) as written
    earliest: date
    latest: date
    granularity: str
    names: frozenset[str]
    event_types: frozenset[str]
    status: str = "occurred"

    def describe(self) -> str:
        span = self.earliest.isoformat() if self.earliest == self.latest else \
            f"{self.earliest.isoformat()}/{self.latest.isoformat()}"
        kinds = ",".join(sorted(self.event_types)) or "no event"
        return f"'{self.text}' = {span} ({kinds}; {', '.join(sorted(self.names)[:4])}) " \
               f"in article {self.article_id}"


@dataclass(frozen=True, slots=True)
class KnownFacts:
    """Dated facts from other articles, for dating the undated ones."""

    facts: tuple[KnownFact, ...] = ()

    def __len__(self) -> int:
        return len(self.facts)

    def merged(self, other: KnownFacts) -> KnownFacts:
        return KnownFacts(self.facts + other.facts)

    def without(self, article_id: str) -> KnownFacts:
        """These facts minus the ones read in ``article_id`` (leave-one-out)."""
        return KnownFacts(tuple(f for f in self.facts if f.article_id != article_id))


__all__ = ["Constraint", "DateInference", "DatingReason", "KnownFact", "KnownFacts"]
