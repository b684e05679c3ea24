"""Publication-date inference for undated articles, and re-dating their time expressions.

Most scraped articles carry no date. :func:`infer_publication_date` combines what an
article's content says about when it was written (see
:mod:`~storyline.fusion.dating_constraints` for the kinds of evidence) into the
interval of creation dates that the most evidence agrees on: a weighted sweep over day
ranges, so one misread expression cannot empty the answer (separate spans that tie are
all covered: the interval is their hull). No evidence may place the writing before a day
the article itself reports, with its full date, as already past. A single day is given only
when the interval is one day, or when it is at most three days wide and opens on the
day of a reported event (news appears the day of the latest event it reports, or
soon after). No evidence: None, never a guess.

:func:`redate` then re-resolves the article's relative expressions against the result.

Public surface::

    infer_publication_date(article_id, time_expressions, event_mentions=(), known=None,
                           copyright_years=(), group_dates=(), mentions=()) -> DateInference | None
    redate(time_expressions, inferred) -> tuple[TimeExpression, ...]
    known_facts_from_article(article_id, dct, time_expressions, event_mentions, mentions)
    copyright_years_in(text) -> tuple[int, ...]
    publication_date(inferred) -> PublicationDate | None   (source INFERRED, days only)
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from storyline.fusion.dating_constraints import (
    FAR_FUTURE,
    FAR_PAST,
    absolute_constraints,
    copy_constraints,
    copyright_constraints,
    periodic_constraints,
    counted_spans,
    relative_anchor_constraints,
)
from storyline.fusion.dating_facts import (
    GRANULARITY_DAYS,
    anchored_events,
    known_facts,
    known_facts_from_article,
    name_weights,
    value_extent,
)
from storyline.fusion.dating_records import (
    Constraint,
    DateInference,
    DatingReason,
    KnownFact,
    KnownFacts,
)
from storyline.language.events import EventMention
from storyline.language.timex import TimeExpression, resolve
from storyline.model import DateSource, PublicationDate

# Kinds whose window may open on the very day of a reported event.
_DAY_PINNING = frozenset(("relative-anchor", "absolute-date", "dateline", "copy-of-dated"))
_MAX_DAY_WINDOW = 3
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|&copy;|\bcopyright\b)\s*(?:\d{4}\s*[-–]\s*)?((?:19|20)\d\d)\b", re.IGNORECASE
)


def copyright_years_in(text: str) -> tuple[int, ...]:
    """Years of copyright notices ("© 2025 Harbor Wire", "Copyright 2019-2024 ...")."""
    return tuple(sorted({int(match.group(1)) for match in _COPYRIGHT.finditer(text)}))


def _sweep(constraints: Sequence[Constraint],
           floor: date = FAR_PAST) -> tuple[float, list[tuple[int, int]]]:
    """The best total weight and the day ranges (ordinals) that reach it, on or after
    ``floor``."""
    deltas: dict[int, float] = {}
    for constraint in constraints:
        for first, last, weight in constraint.weighted_ranges():
            first, last = max(first, FAR_PAST, floor), min(last, FAR_FUTURE)
            if last < first:
                continue
            deltas[first.toordinal()] = deltas.get(first.toordinal(), 0.0) + weight
            deltas[last.toordinal() + 1] = deltas.get(last.toordinal() + 1, 0.0) - weight
    points = sorted(deltas)
    best, segments, running = 0.0, [], 0.0
    for point, following in zip(points, points[1:]):
        running += deltas[point]
        if running > best + 1e-9:
            best, segments = running, [(point, following - 1)]
        elif abs(running - best) <= 1e-9 and best > 0:
            segments.append((point, following - 1))
    return best, segments


def _reported_floor(time_expressions: Sequence[TimeExpression],
                    event_mentions: Sequence[EventMention]) -> date:
    """The latest day the article itself says something already happened on, with an
    explicit calendar date ("arrived on March 3, 2024"): no evidence may put its writing
    before that."""
    floor = FAR_PAST
    for expression in time_expressions:
        if expression.type not in ("DATE", "TIME") or expression.anchor != "absolute":
            continue
        extent = value_extent(expression.value)
        if extent is None or extent[2] not in ("day", "time"):
            continue
        statuses = {event.status for event in anchored_events(expression, event_mentions)
                    if event.event_type != "statement"}
        if statuses == {"occurred"}:
            floor = max(floor, extent[0])
    return floor


def _window(constraints: Sequence[Constraint],
            floor: date = FAR_PAST) -> tuple[date, date, float] | None:
    best, segments = _sweep(constraints, floor)
    if not segments:
        return None
    earliest = date.fromordinal(segments[0][0])
    latest = date.fromordinal(segments[-1][1])
    return earliest, latest, best


def _overlaps(constraint: Constraint, earliest: date, latest: date) -> bool:
    return any(first <= latest and earliest <= last for first, last in constraint.ranges)


def _inside(constraint: Constraint, earliest: date, latest: date) -> bool:
    return any(first <= earliest and latest <= last for first, last in constraint.ranges)


def _day_value(earliest: date, latest: date, agreeing: Sequence[Constraint]) -> date | None:
    if earliest == latest:
        return earliest
    if (latest - earliest).days + 1 > _MAX_DAY_WINDOW:
        return None
    for constraint in agreeing:
        if constraint.reason.kind in _DAY_PINNING and constraint.granularity in ("day", "time") \
                and any(first == earliest for first, _ in constraint.ranges):
            return earliest
    return None


def infer_publication_date(
    article_id: str,
    time_expressions: Sequence[TimeExpression],
    event_mentions: Sequence[EventMention] = (),
    known: KnownFacts | None = None,
    copyright_years: Iterable[int] = (),
    group_dates: Iterable[date | tuple[str, date]] = (),
    mentions: Sequence[object] = (),
    entry_scores: dict[tuple[int, int], float] | None = None,
) -> DateInference | None:
    """The creation date of an undated article, as an interval (and a day when justified).

    ``time_expressions`` must come from the tagger in symbolic mode (``dct=None``);
    ``event_mentions`` tell reported from planned; ``mentions`` (entity mentions of the
    article) name who an expression is about, for matching ``known`` facts of dated
    articles; ``group_dates`` are dates of dated copies, optionally ``(article_id, date)``.
    ``entry_scores`` receives, per expression span, the score a further known fact would
    need to change how that expression is matched (what incremental dating reads).
    """
    known = known or KnownFacts()
    constraints: list[Constraint] = []
    constraints += copy_constraints(group_dates)
    constraints += copyright_constraints(copyright_years)
    constraints += absolute_constraints(time_expressions, event_mentions)
    weights = name_weights(known)
    spans = counted_spans(article_id, time_expressions, event_mentions, mentions, known,
                          weights, entry_scores)
    if len(known):
        constraints += relative_anchor_constraints(time_expressions, event_mentions, mentions,
                                                   known, [fact for _, fact in spans], weights,
                                                   entry_scores)
    constraints += [constraint for constraint, _ in spans]
    if not constraints:
        return None
    floor = _reported_floor(time_expressions, event_mentions)
    window = _window(constraints, floor)
    if window is None:
        return None
    constraints += periodic_constraints(time_expressions, event_mentions, window[0], window[1])
    window = _window(constraints, floor)
    if window is None:
        return None
    earliest, latest, best = window
    if earliest <= FAR_PAST or latest >= FAR_FUTURE:
        return None  # only a bound on one side: no interval to report
    agreeing = [c for c in constraints if _inside(c, earliest, latest)] or \
        [c for c in constraints if _overlaps(c, earliest, latest)]
    agreeing.sort(key=lambda c: -c.weight)
    total = sum(c.weight for c in constraints)
    width = (latest - earliest).days + 1
    confidence = (best / total) / math.sqrt(1 + (width - 1) / 7) if total else 0.0
    return DateInference(
        article_id=article_id,
        value=_day_value(earliest, latest, agreeing),
        earliest=earliest,
        latest=latest,
        confidence=round(confidence, 3),
        reasons=tuple(c.reason for c in agreeing),
    )


def publication_date(inferred: DateInference | None) -> PublicationDate | None:
    """An inferred day as the article's :class:`PublicationDate` (source INFERRED), with the
    strongest reason as evidence; None when only an interval is known."""
    if inferred is None or inferred.value is None:
        return None
    evidence = inferred.reasons[0].detail if inferred.reasons else None
    return PublicationDate(inferred.value, DateSource.INFERRED, evidence)


def _resolved_same(expression: TimeExpression, earliest: date, latest: date) -> str | None:
    first = resolve(expression, earliest).value
    return first if resolve(expression, latest).value == first else None


def redate(
    time_expressions: Sequence[TimeExpression], inferred: DateInference
) -> tuple[TimeExpression, ...]:
    """The article's expressions re-resolved once its creation date is inferred.

    With a day, every relative expression is resolved against it. With an interval, an
    expression gets a value when every day of the interval gives the same one, or, when
    its granularity is coarser than the interval ("last month" in a week-wide window),
    the value at the interval's midpoint; otherwise it stays symbolic.
    """
    if inferred.value is not None:
        return tuple(resolve(expression, inferred.value) for expression in time_expressions)
    out = []
    for expression in time_expressions:
        if expression.relative is None or expression.type in ("DURATION", "SET"):
            out.append(expression)
            continue
        same = _resolved_same(expression, inferred.earliest, inferred.latest)
        if same is not None:
            out.append(replace(expression, value=same))
        elif GRANULARITY_DAYS.get(expression.granularity, 1) > inferred.width_days:
            out.append(resolve(expression, inferred.midpoint))
        else:
            out.append(expression)
    return tuple(out)


__all__ = [
    "DateInference",
    "DatingReason",
    "KnownFact",
    "KnownFacts",
    "copyright_years_in",
    "infer_publication_date",
    "known_facts",
    "known_facts_from_article",
    "publication_date",
    "redate",
    "value_extent",
]
