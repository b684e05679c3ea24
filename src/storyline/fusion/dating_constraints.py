"""Evidence about an article's creation date, each turned into a :class:`Constraint`.

A constraint is the set of creation dates (DCTs) one piece of evidence allows, with a
weight for how much it is trusted:

* an absolute date the text reports as having happened: DCT on or after it; one it
  reports as planned: DCT on or before it ("absolute-date", "planned-date");
* a relative expression ("on Tuesday", "last month", "nine months ago") matched to a fact
  that a dated article pins down: the DCTs for which the expression lands on that fact
  ("relative-anchor", or "span" for counts of months or years); the article's lead event
  ("arrived on Tuesday") may match a dated article's past mention of it by its month alone
  ("the September visit"), while a bare weekday or week needs a person or two telling names
  in common;
* a duration that counts from a dated fact ("the first visit in 19 years") ("anniversary",
  "span");
* a copyright year ("copyright-year"), and the dates of dated copies ("copy-of-dated");
* soft priors: dates a news text mentions are mostly recent or near ("recency"); a
  dateline names the day ("dateline").

Every function is pure; the weights are documented next to them.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from storyline.fusion.dating_facts import (
    GRANULARITY_DAYS,
    ExpressionContext,
    expression_context,
    match_fact,
    matching_facts,
    name_weights,
    specific_overlap,
    value_extent,
)
from storyline.fusion.dating_records import Constraint, DatingReason, KnownFact, KnownFacts
from storyline.language.events import EventMention
from storyline.language.timex import TimeExpression
from storyline.language.timex.calendar import add_months, value_of
from storyline.language.timex.model import RelativeValue

FAR_PAST = date(1000, 1, 1)
FAR_FUTURE = date(9998, 12, 31)

# Weights: how much one piece of evidence counts when evidence disagrees.
W_COPY = 6.0  # a dated copy of the same text
W_COPYRIGHT = 4.0
W_DATELINE = 3.0
W_ANCHOR = 2.0  # plus the match score (shared names and event types)
# A count of months or years matched to a dated event of its kind ("nine months ago, the two
# men met") is telling: it outweighs loose day matches that merely share a country's name.
W_SPAN_BONUS = 1.5
W_ABSOLUTE_DAY = 2.0
W_ABSOLUTE_COARSE = 1.0
W_PLANNED = 1.5
W_SPAN = 3.0  # outweighs a loose day match: a count from a dated event of its kind
W_RECENCY = 0.6
W_PERIODIC = 0.4

# How far from a date it mentions an article is likely written, by the date's granularity.
# Wide on purpose: news styles write the year only for dates outside the current one, so a
# fully dated mention is often a year or more old (measured on TempEval-3 and MEANTIME).
RECENCY_DAYS = {"time": 365, "day": 365, "week": 365, "range": 365, "month": 600, "season": 600,
                "quarter": 600, "half": 600, "year": 1100}  # fmt: skip
_PAST_STATUSES = frozenset(("occurred", "reported"))
_FUTURE_STATUSES = frozenset(("planned", "expected"))
_UNIT_DAYS = {"day": 1, "week": 7, "weekend": 7, "month": 31, "quarter": 92, "half": 183,
              "season": 92, "year": 366, "decade": 3653, "century": 36525}  # fmt: skip
_DURATION = re.compile(r"^P(\d+)([YM])$")
_DATELINE_CHARS = 80  # a dateline sits in the article's first characters


def _iso(day: date) -> str:
    return day.isoformat()


def _extent(expression: TimeExpression) -> tuple[date, date, str] | None:
    if expression.type not in ("DATE", "TIME") or expression.anchor != "absolute":
        return None
    return value_extent(expression.value)


def _tense(context: ExpressionContext) -> int:
    """-1 past (the default in news), +1 future, 0 unusable (hypothetical, negated)."""
    statuses = context.statuses
    if statuses & _FUTURE_STATUSES:
        return 1
    if statuses & _PAST_STATUSES:
        return -1
    if statuses:
        return 0
    return -1


def absolute_constraints(
    expressions: Sequence[TimeExpression], events: Sequence[EventMention]
) -> list[Constraint]:
    """Fully dated expressions: DCT after what happened, before what is planned.

    Each also gets a soft window ("recency"): the dates news mentions are mostly recent
    (or near, when planned), so the span most mentions agree on wins over an old
    anniversary or a misread future date.
    """
    out = []
    for expression in expressions:
        extent = _extent(expression)
        if extent is None:
            continue
        first, last, granularity = extent
        context = expression_context(expression, events)
        tense = _tense(context)
        text = expression.evidence.text
        horizon = timedelta(days=RECENCY_DAYS.get(granularity, 30))
        if tense < 0:
            weight = W_ABSOLUTE_DAY if granularity in ("day", "time") else W_ABSOLUTE_COARSE
            if not context.statuses:
                weight /= 2  # no event says it happened
            reason = DatingReason("absolute-date", f"'{text}' ({expression.value}) reported as "
                                  f"past: written on or after {_iso(first)}", first, None, weight)
            out.append(Constraint(((first, FAR_FUTURE),), weight, reason, granularity))
            recent = DatingReason("recency", f"'{text}' ({expression.value}) is likely recent",
                                  first, last + horizon, W_RECENCY)
            out.append(Constraint(((first, last + horizon),), W_RECENCY, recent, granularity))
        elif tense > 0:
            reason = DatingReason("planned-date", f"'{text}' ({expression.value}) reported as "
                                  f"planned: written by {_iso(last)}", None, last, W_PLANNED)
            out.append(Constraint(((FAR_PAST, last),), W_PLANNED, reason, granularity))
            near = DatingReason("recency", f"'{text}' ({expression.value}) is likely near",
                                first - horizon, last, W_RECENCY)
            out.append(Constraint(((first - horizon, last),), W_RECENCY, near, granularity))
    return out


def _runs(days: Iterable[int]) -> tuple[tuple[date, date], ...]:
    runs: list[tuple[int, int]] = []
    for day in sorted(days):
        if runs and day == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return tuple((date.fromordinal(a), date.fromordinal(b)) for a, b in runs)


def dct_ranges_landing_on(
    expression: TimeExpression, earliest: date, latest: date
) -> tuple[tuple[date, date], ...]:
    """The creation dates for which ``expression`` resolves into ``earliest..latest``."""
    relative = expression.relative
    if relative is None:
        return ()
    if expression.type in ("DURATION", "SET"):
        # resolve() leaves these as they are: the value is the same on every day.
        bounds = _search_bounds(relative, expression.granularity, earliest, latest)
        extent = value_extent(expression.value)
        if bounds is None or extent is None or not (
                extent[0] <= latest and earliest <= extent[1]):
            return ()
        return ((date.fromordinal(bounds[0]), date.fromordinal(bounds[1])),)
    # What the answer depends on is the relative value (not the article or the span):
    # the many undated articles saying "on Tuesday" share it, so it is worked out once.
    return _landing_ranges(relative, expression.granularity, earliest, latest)


@functools.lru_cache(maxsize=1 << 16)
def _landing_ranges(relative: RelativeValue, granularity: str, earliest: date,
                    latest: date) -> tuple[tuple[date, date], ...]:
    bounds = _search_bounds(relative, granularity, earliest, latest)
    if bounds is None:
        return ()
    low, high = bounds
    allowed = []
    for ordinal in range(low, high + 1):
        extent = _extent_on(relative, ordinal)
        if extent is not None and extent[0] <= latest and earliest <= extent[1]:
            allowed.append(ordinal)
    return _runs(allowed)


def _search_bounds(relative: RelativeValue, granularity: str, earliest: date,
                  latest: date) -> tuple[int, int] | None:
    """The ordinals of creation dates from which ``relative`` can reach the span."""
    reach = abs(relative.offset) * _UNIT_DAYS.get(relative.unit, 1)
    if relative.anchor_relative is not None:
        inner = relative.anchor_relative
        reach += abs(inner.offset) * _UNIT_DAYS.get(inner.unit, 1)
    pad = reach + GRANULARITY_DAYS.get(granularity, 1) + 370 * (
        relative.month is not None or relative.season is not None) + 10
    if pad > 4000:
        return None
    return (max(earliest.toordinal() - pad, FAR_PAST.toordinal()),
            min(latest.toordinal() + pad, FAR_FUTURE.toordinal()))


@functools.lru_cache(maxsize=1 << 18)
def _extent_on(relative: RelativeValue, ordinal: int) -> tuple[date, date, str] | None:
    """The extent a relative value resolves to when the article was written on ``ordinal``."""
    return value_extent(value_of(relative, date.fromordinal(ordinal)))


def _anchor_kind(expression: TimeExpression) -> str:
    relative = expression.relative
    if relative is not None and relative.unit in ("month", "year") and abs(relative.offset) >= 2:
        return "span"
    return "relative-anchor"


def _max_cover(alternatives: list[tuple[date, date, float]]) -> list[tuple[date, date, float]]:
    """Disjoint ranges covering ``alternatives``, each with the best weight covering it."""
    points = sorted({first.toordinal() for first, _, _ in alternatives} |
                    {last.toordinal() + 1 for _, last, _ in alternatives})
    out: list[tuple[date, date, float]] = []
    for start, stop in zip(points, points[1:]):
        weight = max((w for first, last, w in alternatives
                      if first.toordinal() <= start and stop - 1 <= last.toordinal()), default=0.0)
        if weight <= 0:
            continue
        first, last = date.fromordinal(start), date.fromordinal(stop - 1)
        if out and out[-1][2] == weight and out[-1][1].toordinal() + 1 == start:
            out[-1] = (out[-1][0], last, weight)
        else:
            out.append((first, last, weight))
    return out


_MAX_ALTERNATIVES = 4


_LEAD_FACT_DAYS = 62  # a lead event may be one named only by its month in a dated article


def _is_lead_event(expression: TimeExpression, context: ExpressionContext) -> bool:
    """The article's main event: a weekday in its first sentence, on a reported happening
    ("arrived in Voronsk on Tuesday"). News reports it days after at most, so it may be
    matched to a dated article's past mention of the same event ("the September visit")."""
    relative = expression.relative
    return (expression.evidence.sentence == 0 and relative is not None
            and relative.weekday is not None and "occurred" in context.statuses
            and any(kind != "statement" and not kind.startswith("lemma:")
                    for kind in context.event_types))


def relative_anchor_constraints(
    expressions: Sequence[TimeExpression],
    events: Sequence[EventMention],
    mentions: Sequence[object],
    known: KnownFacts,
    counted_from: Iterable[KnownFact] = (),
    weights: dict[str, float] | None = None,
    entry_scores: dict[tuple[int, int], float] | None = None,
) -> list[Constraint]:
    """Relative expressions matched to dated facts of other articles.

    An expression may match several facts; each becomes an alternative weighted by its
    match score, and the other evidence decides between them. A weekday or a week ("on
    Tuesday", "last week") names so little that a match needs a person in common or two
    telling names; a count of months or years ("nine months ago") weighs more.
    ``counted_from`` are facts a duration of the article counts from ("the first visit in
    24 years"): its lead event is a new occurrence, not that one. ``entry_scores``, when
    given, receives for each expression (by its span) the match score another fact must
    exceed to be used for it (every alternative is taken: -inf; none can be: +inf).
    """
    weights = name_weights(known) if weights is None else weights
    by_name = facts_by_name(known)
    earlier_occurrences = set(counted_from)
    out = []
    for expression in expressions:
        if expression.relative is None or expression.type not in ("DATE", "TIME"):
            continue
        context = expression_context(expression, events, mentions)
        span = (expression.evidence.start, expression.evidence.end)
        if not context.names or _tense(context) == 0:
            if entry_scores is not None:
                entry_scores[span] = math.inf
            continue
        days = GRANULARITY_DAYS.get(expression.granularity, 1)
        kind = _anchor_kind(expression)
        lead = _is_lead_event(expression, context)
        # "On Tuesday", "last week" fit any week's happening: only names tie them to one.
        loose = expression.relative.weekday is not None or expression.relative.unit in (
            "week", "weekend")
        bonus = W_SPAN_BONUS if kind == "span" else 0.0
        alternatives: list[tuple[date, date, float]] = []
        used = []
        # Only facts sharing a name can match: the others are not looked at.
        candidates = matching_facts(context, sharing(known, by_name, context.names), days,
                                    weights, _LEAD_FACT_DAYS if lead else None)
        for match in candidates:
            if loose and not specific_overlap(context, match.shared_names, weights):
                continue
            fact_days = (match.fact.latest - match.fact.earliest).days + 1
            if lead and match.fact in earlier_occurrences:
                continue
            if fact_days > max(days * 2, 14) and not any(
                    kind != "statement" and not kind.startswith("lemma:")
                    for kind in match.shared_types):
                continue  # a month-long fact pins a lead event only as the same happening
            found = dct_ranges_landing_on(expression, match.fact.earliest, match.fact.latest)
            if not found:
                continue
            alternatives += [(first, last, W_ANCHOR + match.score + bonus)
                             for first, last in found]
            used.append(match)
            if len(used) == _MAX_ALTERNATIVES:
                break
        if entry_scores is not None:
            # A fact scoring no more than the last alternative taken sorts after it.
            entry_scores[span] = used[-1].score if len(used) == _MAX_ALTERNATIVES else -math.inf
        if not alternatives:
            continue
        covered = _max_cover(alternatives)
        best = used[0]
        listed = "; ".join(f"{match.fact.describe()} on "
                           f"{', '.join(match.shared_names + match.shared_types)}"
                           for match in used)
        reason = DatingReason(
            kind,
            f"'{expression.evidence.text}' ({expression.value}) matched {listed}",
            covered[0][0], covered[-1][1], round(W_ANCHOR + best.score + bonus, 2))
        out.append(Constraint(tuple((a, b) for a, b, _ in covered), W_ANCHOR + best.score + bonus,
                              reason, weights=tuple(w for _, _, w in covered)))
    return out


def facts_by_name(known: KnownFacts) -> dict[str, list[int]]:
    """Positions of the facts holding each name word."""
    index: dict[str, list[int]] = {}
    for position, fact in enumerate(known.facts):
        for name in fact.names:
            index.setdefault(name, []).append(position)
    return index


def sharing(known: KnownFacts, by_name: dict[str, list[int]],
            names: Iterable[str]) -> KnownFacts:
    """The facts sharing one of ``names``, in their order (a fact sharing none never
    matches, see :func:`~storyline.fusion.dating_facts.match_fact`)."""
    positions = sorted({p for name in names for p in by_name.get(name, ())})
    return KnownFacts(tuple(known.facts[p] for p in positions))


def _own_facts(article_id: str, expressions: Sequence[TimeExpression],
               events: Sequence[EventMention], mentions: Sequence[object]) -> KnownFacts:
    facts = []
    for expression in expressions:
        extent = _extent(expression)
        if extent is None:
            continue
        context = expression_context(expression, events, mentions)
        facts.append(KnownFact(article_id, expression.evidence.text, extent[0], extent[1],
                               extent[2], context.names, context.event_types))
    return KnownFacts(tuple(facts))


def span_constraints(
    article_id: str,
    expressions: Sequence[TimeExpression],
    events: Sequence[EventMention],
    mentions: Sequence[object],
    known: KnownFacts,
) -> list[Constraint]:
    """"The first visit in 19 years": a duration counted from a dated event of its kind.

    The dated event is a fact of another article or an absolute date of this one.
    """
    return [constraint for constraint, _ in counted_spans(article_id, expressions, events,
                                                          mentions, known)]


def counted_spans(
    article_id: str,
    expressions: Sequence[TimeExpression],
    events: Sequence[EventMention],
    mentions: Sequence[object],
    known: KnownFacts,
    weights: dict[str, float] | None = None,
    entry_scores: dict[tuple[int, int], float] | None = None,
) -> list[tuple[Constraint, KnownFact]]:
    """The constraints of :func:`span_constraints`, each with the fact it counts from
    (``entry_scores`` as for :func:`relative_anchor_constraints`: the best match wins)."""
    facts = known.merged(_own_facts(article_id, expressions, events, mentions))
    weights = name_weights(known) if weights is None else weights
    by_name = facts_by_name(facts)
    out: list[tuple[Constraint, KnownFact]] = []
    for expression in expressions:
        match_value = _DURATION.match(expression.value) if expression.type == "DURATION" else None
        if match_value is None:
            continue
        context = expression_context(expression, events, mentions)
        span = (expression.evidence.start, expression.evidence.end)
        amount, unit = int(match_value.group(1)), match_value.group(2)
        months = amount * (12 if unit == "Y" else 1)
        if not context.event_types or not context.names or months < 2:
            if entry_scores is not None:
                entry_scores[span] = math.inf
            continue
        best = None
        for fact in sharing(facts, by_name, context.names).facts:
            if fact.granularity not in ("day", "month", "year", "season", "quarter", "range"):
                continue
            if fact.article_id == article_id and fact.text == expression.evidence.text:
                continue
            match = match_fact(context, fact, weights)
            # A count of years needs the same kind of happening, named ("visit", "summit"),
            # not a shared verb like "release" or "say".
            if match is None or not any(kind != "statement" and not kind.startswith("lemma:")
                                        for kind in match.shared_types):
                continue
            if best is None or match.score > best.score:
                best = match
        if entry_scores is not None:
            entry_scores[span] = best.score if best is not None else -math.inf
        if best is None:
            continue
        step = 12 if unit == "Y" else 1
        first = add_months(best.fact.earliest, months)
        last = add_months(best.fact.latest, months + step) - timedelta(days=1)
        kind = "anniversary" if unit == "Y" else "span"
        weight = W_SPAN + best.score / 2
        reason = DatingReason(kind, f"'{expression.evidence.text}' ({expression.value}) counted "
                              f"from {best.fact.describe()}", first, last, round(weight, 2))
        out.append((Constraint(((first, last),), weight, reason), best.fact))
    return out


def copyright_constraints(years: Iterable[int]) -> list[Constraint]:
    years = sorted(set(years))
    if not years:
        return []
    ranges = tuple((date(year, 1, 1), date(year, 12, 31)) for year in years)
    listed = ", ".join(str(year) for year in years)
    reason = DatingReason("copyright-year", f"copyright notice (c) {listed}", ranges[0][0],
                          ranges[-1][1], W_COPYRIGHT)
    return [Constraint(ranges, W_COPYRIGHT, reason)]


def copy_constraints(group_dates: Iterable[date | tuple[str, date]]) -> list[Constraint]:
    """Dated copies of the same text (one duplicate group): published within their span."""
    dated = [(item, None) if isinstance(item, date) else (item[1], item[0])
             for item in group_dates]
    if not dated:
        return []
    days = sorted(day for day, _ in dated)
    first, last = days[0], days[-1] + timedelta(days=1)  # a copy may run the next day
    others = ", ".join(f"{other} ({_iso(day)})" if other else _iso(day) for day, other in dated)
    reason = DatingReason("copy-of-dated", f"copy of dated article(s) {others}", first, last,
                          W_COPY)
    return [Constraint(((first, last),), W_COPY, reason)]


def periodic_constraints(
    expressions: Sequence[TimeExpression], events: Sequence[EventMention],
    earliest: date, latest: date,
) -> list[Constraint]:
    """Month-day expressions with no year, once the year is roughly known.

    A dateline ("WASHINGTON, March 12 -") names the day of writing or the day before;
    other past month-days were usually recent, planned ones near.
    """
    if (latest - earliest).days > 800:
        return []
    out = []
    years = range(earliest.year - 1, latest.year + 2)
    for expression in expressions:
        relative = expression.relative
        if relative is None or relative.anchor != "DCT" or relative.month is None:
            continue
        if relative.unit != "day" or relative.offset != 0 or relative.weekday is not None:
            continue
        text = expression.evidence.text
        dateline = expression.evidence.start < _DATELINE_CHARS and \
            expression.evidence.sentence == 0 and relative.day is not None
        ranges = []
        for year in years:
            try:
                day = date(year, relative.month, relative.day or 1)
            except ValueError:
                continue
            if dateline:
                ranges.append((day, day + timedelta(days=1)))
                continue
            span = 60 if relative.day is not None else 120
            direction = relative.direction
            if direction is not None and direction < 0:
                ranges.append((day, day + timedelta(days=span)))
            elif direction is not None and direction > 0:
                ranges.append((day - timedelta(days=span), day))
            else:
                ranges.append((day - timedelta(days=span), day + timedelta(days=span)))
        if not ranges:
            continue
        ranges = _merge(ranges)
        if dateline:
            reason = DatingReason("dateline", f"dateline '{text}' names the day of writing",
                                  None, None, W_DATELINE)
            out.append(Constraint(tuple(ranges), W_DATELINE, reason))
        else:
            reason = DatingReason("recency", f"'{text}' ({expression.value}) is a recent or "
                                  f"coming day", None, None, W_PERIODIC)
            out.append(Constraint(tuple(ranges), W_PERIODIC, reason))
    return out


def _merge(ranges: list[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


__all__ = [
    "FAR_FUTURE",
    "FAR_PAST",
    "absolute_constraints",
    "copy_constraints",
    "copyright_constraints",
    "counted_spans",
    "dct_ranges_landing_on",
    "periodic_constraints",
    "relative_anchor_constraints",
    "span_constraints",
]
