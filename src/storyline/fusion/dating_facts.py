"""Dated facts and the context of a time expression: who and what it is about.

Cross-article dating matches a time expression of an undated article ("met on Tuesday")
to a fact read in a dated one ("is in Voronsk from January 28 to 30"). Both sides are
described the same way by :func:`expression_context`: the normalised entity names of the
expression's sentence (and of the events anchored to it) and the types of those events.
:func:`known_facts_from_article` turns a dated article into :class:`KnownFact` records;
:func:`matching_facts` scores candidate facts for one undated expression.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.fusion.aliases import alias_key
from storyline.fusion.dating_records import KnownFact, KnownFacts
from storyline.language.events import EventMention
from storyline.language.timex import TimeExpression, resolve
from storyline.language.timex.calendar import add_months, parse_value

_FUNCTION_WORDS = frozenset("the a an of and for in on at to de la".split())
# Words of a participant phrase that are titles or generic, not names.
_TITLES = _FUNCTION_WORDS | frozenset(
    "president prime minister foreign defence defense deputy secretary leader official "
    "officials spokesman spokeswoman aide presidential ambassador chief general mr mrs ms dr "
    "his her their its our government ministry said country countrys".split()
)
# Gap between two day expressions that makes them one range ("Tuesday to Thursday").
_RANGE_GAP = 9
_NEAR = 160  # characters around an expression whose names describe it
_SKIP_STATUSES = frozenset(("hypothetical", "negated", "denied"))
_PLACE_LABELS = frozenset(("GPE", "LOC", "NORP"))
GRANULARITY_DAYS = {"time": 1, "day": 1, "week": 7, "weekend": 7, "month": 31, "season": 92,
                    "quarter": 92, "half": 183, "year": 366, "decade": 3653,
                    "century": 36525}  # fmt: skip


def value_extent(value: str) -> tuple[date, date, str] | None:
    """First day, last day and granularity of a calendar TIMEX3 value (None if symbolic)."""
    if not value or value[:1] == "X" or value.endswith("_REF"):
        return None
    parsed = parse_value(value)
    if parsed is None:
        return None
    first, granularity = parsed
    if "T" in value and granularity == "day":
        return first, first, "time"
    if value.endswith("-WE") and granularity == "week":
        return first + timedelta(days=5), first + timedelta(days=6), "week"
    if granularity == "day":
        return first, first, "day"
    if granularity == "week":
        return first, first + timedelta(days=6), "week"
    if granularity == "month":
        return first, first.replace(day=_calendar.monthrange(first.year, first.month)[1]), "month"
    if granularity in ("quarter", "season"):
        return first, add_months(first, 3) - timedelta(days=1), granularity
    if granularity == "half":
        return first, add_months(first, 6) - timedelta(days=1), "half"
    # years: "2024"; decades "199" and centuries "20" are too vague to date an article
    if len(value) < 4 or not value[:4].isdigit() or (len(value) > 4 and value[4] != "-"):
        return None
    return first, date(first.year, 12, 31), "year"


@dataclass(frozen=True, slots=True)
class ExpressionContext:
    """What a time expression is about: names and event types around it, and their status."""

    names: frozenset[str]
    event_types: frozenset[str]
    statuses: frozenset[str]  # of the anchored events, reporting verbs left out when others exist
    people: frozenset[str] = frozenset()  # name words of the persons among ``names``
    places: frozenset[str] = frozenset()  # name words of countries, regions, nationalities


def _name_words(text: str, stop: frozenset[str] = _FUNCTION_WORDS) -> set[str]:
    # Words, not whole names: transliterations still share most ("Ri Son Gwan", "Ri Sun Gwan").
    words = alias_key(text).split()
    return {word for word in words if len(word) > 1 and word not in stop}


def _participant_names(text: str) -> set[str]:
    # Without entity mentions: the capitalised words of the phrase, titles dropped.
    capitalised = " ".join(word for word in text.split() if word[:1].isupper())
    return _name_words(capitalised, _TITLES)


def anchored_events(
    expression: TimeExpression, event_mentions: Sequence[EventMention]
) -> list[EventMention]:
    """The events the language layer linked to ``expression``; failing that, the events of
    its sentence that were linked to no time at all (weaker: the parse did not tie them,
    e.g. a headline run into the lead, but nothing else claims them either)."""
    start, end = expression.evidence.start, expression.evidence.end
    linked = [event for event in event_mentions
              if event.time is not None and event.time.start == start and event.time.end == end]
    if linked:
        return linked
    sentence = expression.evidence.sentence
    return [event for event in event_mentions
            if event.time is None and event.evidence.sentence == sentence]


def expression_context(
    expression: TimeExpression,
    event_mentions: Sequence[EventMention],
    mentions: Sequence[object] = (),
) -> ExpressionContext:
    """Names (sentence mentions, participants, place) and events anchored to ``expression``.

    ``mentions`` are :class:`~storyline.language.entities.Mention` records of the same
    article; their ``canonical`` names are preferred to participant phrases.
    """
    evidence = expression.evidence
    names: set[str] = set()
    person_words: set[str] = set()
    place_words: set[str] = set()
    clusters: dict[int, str] = {}
    labels: dict[int, str] = {}

    def note(words: set[str], label: str) -> None:
        names.update(words)
        if label == "PERSON":
            person_words.update(words)
        elif label in _PLACE_LABELS:
            place_words.update(words)

    for mention in mentions:
        clusters.setdefault(mention.cluster, mention.canonical)  # type: ignore[attr-defined]
        label = getattr(mention, "label", "")
        labels.setdefault(mention.cluster, label)  # type: ignore[attr-defined]
        where = mention.evidence  # type: ignore[attr-defined]
        # The same sentence, and near: a title run into the lead is one "sentence" to the parser.
        if where.sentence == evidence.sentence and where.end > evidence.start - _NEAR and \
                where.start < evidence.end + _NEAR:
            note(_name_words(mention.canonical), label)  # type: ignore[attr-defined]
            note(_name_words(mention.name), label)  # type: ignore[attr-defined]
    events = anchored_events(expression, event_mentions)
    types: set[str] = set()
    # "will reopen on June 1, the mayor said": the time belongs to the reopening, not the saying
    reported = [event for event in events if event.event_type != "statement"] or events
    statuses = {event.status for event in reported}
    for event in events:
        types.add(event.event_type if event.event_type != "other" else f"lemma:{event.lemma}")
        people = list(event.participants) + ([event.place] if event.place else [])
        for participant in people:
            if participant.mention_cluster is not None and participant.mention_cluster in clusters:
                note(_name_words(clusters[participant.mention_cluster]),
                     labels.get(participant.mention_cluster, ""))
            else:
                names |= _participant_names(participant.text)
    return ExpressionContext(frozenset(names), frozenset(types), frozenset(statuses),
                             frozenset(person_words), frozenset(place_words))


def specific_overlap(context: ExpressionContext, shared_names: Iterable[str],
                     weights: dict[str, float] | None = None) -> bool:
    """Whether the names an expression shares with a fact single out one happening.

    A person in common does; so do two telling names: rare among the dated articles when
    there are enough of them to tell (see :func:`name_weights`), otherwise any but the
    countries and regions ("Korea", "Russia" are in every sentence of a story about them).
    """
    shared = set(shared_names)
    if shared & context.people:
        return True
    if weights:
        telling = {name for name in shared if weights.get(name, 1.0) >= 0.5}
    else:
        telling = shared - context.places
    return len(telling) >= 2


def _is_range(first: TimeExpression, second: TimeExpression) -> bool:
    return (first.evidence.sentence == second.evidence.sentence
            and 0 < second.evidence.start - first.evidence.end <= _RANGE_GAP
            and first.granularity in ("day", "time") and second.granularity in ("day", "time"))


def known_facts_from_article(
    article_id: str,
    dct: date,
    time_expressions: Sequence[TimeExpression],
    event_mentions: Sequence[EventMention] = (),
    mentions: Sequence[object] = (),
) -> KnownFacts:
    """The dated time facts of an article whose creation date ``dct`` is known.

    Relative expressions are resolved against ``dct``; two day expressions joined by "to",
    "-" or "through" in one sentence also make one range fact.
    """
    facts: list[KnownFact] = []
    resolved = [resolve(expression, dct) for expression in time_expressions
                if expression.type in ("DATE", "TIME")]
    extents = [value_extent(expression.value) for expression in resolved]
    contexts = [expression_context(expression, event_mentions, mentions)
                for expression in resolved]
    for index, (expression, extent, context) in enumerate(zip(resolved, extents, contexts)):
        if extent is None or (context.statuses and context.statuses <= _SKIP_STATUSES):
            continue
        status = "planned" if context.statuses & {"planned", "expected"} and \
            "occurred" not in context.statuses else "occurred"
        facts.append(KnownFact(article_id, expression.evidence.text, extent[0], extent[1],
                               extent[2], context.names, context.event_types, status))
        if index + 1 < len(resolved) and _is_range(expression, resolved[index + 1]):
            following, following_extent = resolved[index + 1], extents[index + 1]
            if following_extent is None or following_extent[1] < extent[0]:
                continue
            if (following_extent[1] - extent[0]).days > 31:
                continue
            other = contexts[index + 1]
            facts.append(KnownFact(
                article_id, f"{expression.evidence.text} .. {following.evidence.text}",
                extent[0], following_extent[1], "range", context.names | other.names,
                context.event_types | other.event_types, status))
    return KnownFacts(tuple(facts))


def known_facts(articles: Iterable[tuple[str, date, Sequence[TimeExpression],
                                         Sequence[EventMention], Sequence[object]]]) -> KnownFacts:
    """Facts of many dated articles: ``(article_id, dct, expressions, events, mentions)``."""
    out = KnownFacts()
    for article_id, dct, expressions, events, mentions in articles:
        out = out.merged(known_facts_from_article(article_id, dct, expressions, events,
                                                  mentions))
    return out


@dataclass(frozen=True, slots=True)
class FactMatch:
    fact: KnownFact
    score: float  # higher is a better match
    shared_names: tuple[str, ...]
    shared_types: tuple[str, ...]


def _type_weight(types: Iterable[str]) -> float:
    # Statements are everywhere ("said on Tuesday") and an untyped verb ("include",
    # "release") says little: they confirm a match, never make one.
    return sum(0.5 if kind == "statement" or kind.startswith("lemma:") else 1.0
               for kind in types)


def name_weights(known: KnownFacts) -> dict[str, float]:
    """How telling each name is: names found in most dated articles (the story's own
    countries) count little, rare ones (a minister, a port) fully."""
    articles: dict[str, set[str]] = {}
    for fact in known.facts:
        for name in fact.names:
            articles.setdefault(name, set()).add(fact.article_id)
    total = len({fact.article_id for fact in known.facts}) or 1
    if total < 4:
        return {}
    return {name: max(0.15, min(1.0, 1.25 * (1 - len(ids) / total)))
            for name, ids in articles.items()}


def match_fact(context: ExpressionContext, fact: KnownFact,
               weights: dict[str, float] | None = None, expression_days: int = 1,
               ) -> FactMatch | None:
    """How well ``fact`` is the same happening as the expression with ``context``."""
    fact_days = (fact.latest - fact.earliest).days + 1
    shared_names = context.names & fact.names
    if not shared_names:
        return None
    weights = weights or {}
    # Sorted: a float sum must not depend on the set's (hash-seeded) iteration order.
    shared_weights = [weights.get(name, 1.0) for name in sorted(shared_names)]
    name_score = min(sum(shared_weights), 3.0)
    if max(shared_weights) < 0.5:
        return None  # only the story's ubiquitous names in common
    shared_types = context.event_types & fact.event_types
    typed = _type_weight(shared_types)
    # A range ("in Voronsk from Tuesday to Thursday") contains whatever the same people
    # did there; a single day needs the same kind of event or much the same names.
    if name_score < 0.75:
        return None
    if typed < 1.0 and fact.granularity != "range" and name_score < 2.0:
        return None
    score = name_score / 2 + min(typed, 2.0)
    if fact.granularity != "range" and fact_days > 2 * expression_days:
        score -= 0.5  # "this week" is a weaker anchor for a "Wednesday" than a Wednesday
    return FactMatch(fact, score, tuple(sorted(shared_names)), tuple(sorted(shared_types)))


def matching_facts(
    context: ExpressionContext, known: KnownFacts, expression_days: int,
    weights: dict[str, float] | None = None, max_fact_days: int | None = None,
) -> list[FactMatch]:
    """Facts that may be what an expression of ``expression_days`` granularity is about,
    best first (facts longer than ``max_fact_days``, by default twice the expression or
    two weeks, are too vague to pin it)."""
    matches = []
    limit = max_fact_days or max(expression_days * 2, 14)
    for fact in known.facts:
        if (fact.latest - fact.earliest).days + 1 > limit:
            continue
        match = match_fact(context, fact, weights, expression_days)
        if match is not None:
            matches.append(match)
    matches.sort(key=lambda match: -match.score)
    return matches


__all__ = [
    "GRANULARITY_DAYS",
    "ExpressionContext",
    "FactMatch",
    "anchored_events",
    "expression_context",
    "known_facts",
    "known_facts_from_article",
    "match_fact",
    "matching_facts",
    "name_weights",
    "specific_overlap",
    "value_extent",
]
