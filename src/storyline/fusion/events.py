"""Cross-article event coreference: which event mentions describe the same real event.

:func:`cluster_event_mentions` groups mentions; :func:`resolve_events` also fuses each group
into one :class:`Event` with its best date and date range, place, participants and a
reconciled status that keeps its history ("planned" in an early article and "occurred" in
a later one is an event that occurred).

How mentions are grouped: mentions are first blocked by story (when the caller knows the
story of each article, e.g. from :class:`~storyline.fusion.stories.StoryIndex`): an arrest
in one story is never the arrest of another. Within a block every pair gets a score from
its triggers (same lemma, same lemma family, or same typed event kind) adjusted by its
arguments (shared participants, same or different place, agreeing dates) and a hard
penalty when the dates name different days, or when a mention with no date of its own (it
is taken to happen near its article's date, or inferred date window) meets a date more than
a year away; average-link agglomerative clustering then
merges groups while their average pair score stays above a threshold.

Only public fields of the mention records are read, so anything shaped like
:class:`storyline.language.events.EventMention` works (see :class:`EventMentionLike`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, runtime_checkable

import numpy as np

from storyline.fusion.events_similarity import (
    BOUND_RELATIONS,
    WEAK_LEMMAS,
    PairWeights,
    agglomerate,
    date_parts,
    far_from,
    group_indices,
    lemma_family,
    name_tokens,
    times_agree,
    times_conflict,
)

UNTYPED = frozenset(("", "other", "OTHER"))
# Statuses saying the event has happened, strongest first: "reported" is an occurrence
# known only through someone's attributed account.
_HAPPENED = ("occurred", "reported")


class EvidenceLike(Protocol):
    article_id: str
    sentence: int
    start: int
    end: int
    text: str


@runtime_checkable
class EventMentionLike(Protocol):
    """What event fusion reads from a mention (``storyline.language.events.EventMention``).

    ``participants`` items and ``place`` need a ``text``; ``time`` a ``value`` (TIMEX3,
    may be None) and a ``text``, and may have a ``relation`` (the preposition linking it:
    a "since"/"by"/"until"/"before"/"after" date bounds the event and is not its date) and
    ``approximate`` (a value only as precise as an inferred publication window allows).
    A mention may carry ``published_window`` (first and last day its article can have been
    published, when only a window was inferred).
    """

    evidence: EvidenceLike
    event_type: str
    trigger: str
    lemma: str
    participants: Sequence
    time: object | None
    place: object | None
    status: str


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One article's view of the event's status."""

    article_id: str
    published: date | None
    status: str


@dataclass(frozen=True, slots=True)
class Event:
    """One real-world event, fused from the mentions that describe it."""

    id: str
    event_type: str
    label: str  # the most frequent trigger lemma
    mentions: tuple[str, ...]  # evidence ids: "article_id#start-end"
    article_ids: tuple[str, ...]
    date: str | None  # most specific agreed calendar value (TIMEX3 style)
    date_range: tuple[str, str] | None  # earliest and latest calendar values seen
    place: str | None
    participants: tuple[str, ...]
    status: str
    status_history: tuple[StatusChange, ...] = field(default=())
    # True when the date rests only on approximate values (a relative date resolved
    # against an inferred publication window, at month precision).
    date_approximate: bool = False
    date_mention: str | None = None  # evidence id of the mention the date comes from

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "event_type": self.event_type,
            "label": self.label,
            "mentions": list(self.mentions),
            "article_ids": list(self.article_ids),
            "date": self.date,
            "date_range": list(self.date_range) if self.date_range else None,
            "place": self.place,
            "participants": list(self.participants),
            "status": self.status,
            "status_history": [
                {"article_id": change.article_id,
                 "published": change.published.isoformat() if change.published else None,
                 "status": change.status}
                for change in self.status_history
            ],
            "date_approximate": self.date_approximate,
            "date_mention": self.date_mention,
        }


@dataclass(frozen=True, slots=True)
class EventFusionOptions:
    """Merge threshold and clue weights; ``lemma_only`` gives the same-lemma baseline."""

    threshold: float = 0.55
    weights: PairWeights = PairWeights()
    lemma_only: bool = False


# --- reading mention fields ------------------------------------------------------------


def mention_id(mention: EventMentionLike) -> str:
    evidence = mention.evidence
    return f"{evidence.article_id}#{evidence.start}-{evidence.end}"


def _text(item: object | None) -> str:
    return str(getattr(item, "text", "") or "") if item is not None else ""


def _time_value(mention: EventMentionLike) -> str | None:
    """The mention's own date: not one its time expression only bounds ("since 2022")."""
    if mention.time is None:
        return None
    if str(getattr(mention.time, "relation", "") or "").lower() in BOUND_RELATIONS:
        return None
    return getattr(mention.time, "value", None)


def _approximate(mention: EventMentionLike) -> bool:
    return bool(getattr(mention.time, "approximate", False)) if mention.time is not None \
        else False


def _around(mention: EventMentionLike, time: str | None,
            published: Mapping[str, date | None]) -> tuple[date, date] | None:
    """When a mention has no calendar date, the days its article was (or may have been)
    published: an undated mention is taken to happen near them."""
    if date_parts(time):
        return None
    window = getattr(mention, "published_window", None)
    if window:
        return (window[0], window[1])
    day = published.get(mention.evidence.article_id)
    return (day, day) if day is not None else None


@dataclass(frozen=True, slots=True)
class _Clues:
    lemma: str
    family: str
    event_type: str
    participants: frozenset[str]
    place: frozenset[str]
    time: str | None
    time_text: str
    article: str
    story: str | None
    around: tuple[date, date] | None = None


def _clues(mention: EventMentionLike, story: str | None,
           published: Mapping[str, date | None] | None = None) -> _Clues:
    lemma = (mention.lemma or mention.trigger).lower()
    time = _time_value(mention)
    return _Clues(
        lemma=lemma,
        family=lemma_family(lemma),
        event_type=mention.event_type or "",
        participants=name_tokens(_text(p) for p in mention.participants or ()),
        place=name_tokens([_text(mention.place)]),
        time=time,
        time_text=_text(mention.time).lower() if time is not None else "",
        article=mention.evidence.article_id,
        story=story,
        around=_around(mention, time, published or {}),
    )


# --- scoring and clustering --------------------------------------------------------------


def _pair_score(first: _Clues, second: _Clues, weights: PairWeights) -> float:
    if first.lemma == second.lemma:
        score = weights.weak_lemma if first.lemma in WEAK_LEMMAS else weights.same_lemma
    elif first.family == second.family:
        score = weights.same_family
    elif first.event_type == second.event_type and first.event_type not in UNTYPED:
        score = weights.same_type
    else:
        return 0.0
    if times_conflict(first.time, second.time) or far_from(first.time, second.around) \
            or far_from(second.time, first.around):
        return weights.conflict
    if times_agree(first.time, second.time) or (
            first.time_text and first.time_text == second.time_text):
        score += weights.time_agree
    if first.participants and second.participants:
        union = first.participants | second.participants
        overlap = len(first.participants & second.participants) / len(union)
        score += weights.participant_overlap * overlap if overlap else \
            weights.participant_disjoint
    if first.place and second.place:
        score += weights.place_agree if first.place & second.place else weights.place_conflict
    if first.article == second.article:
        score += weights.same_article
    if weights.different_story is not None and first.story is not None \
            and second.story is not None and first.story != second.story:
        score += weights.different_story
    return score


def _components(clues: Sequence[_Clues]) -> list[list[int]]:
    """Indices linked by a shared trigger family or event type (transitively).

    Mentions of different components never score above zero, so clustering each component
    alone gives the same result as clustering the block, on far smaller matrices.
    """
    parent = list(range(len(clues)))

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for keys in (group_indices([c.family for c in clues]),
                 group_indices([c.event_type if c.event_type not in UNTYPED else f"#{i}"
                                for i, c in enumerate(clues)])):
        for members in keys:
            for other in members[1:]:
                parent[find(other)] = find(members[0])
    return group_indices([find(i) for i in range(len(clues))])


def _cluster_block(clues: Sequence[_Clues], options: EventFusionOptions) -> list[list[int]]:
    if options.lemma_only:
        return group_indices([c.lemma for c in clues])
    out: list[list[int]] = []
    for component in _components(clues):
        size = len(component)
        scores = np.zeros((size, size))
        for a in range(size):
            for b in range(a + 1, size):
                scores[a, b] = scores[b, a] = _pair_score(
                    clues[component[a]], clues[component[b]], options.weights)
        out.extend([component[i] for i in group] for group in
                   agglomerate(scores, options.threshold))
    return out


def cluster_event_mentions(
    mentions: Sequence[EventMentionLike],
    story_of: Mapping[str, str] | Callable[[str], str | None] | None = None,
    options: EventFusionOptions | None = None,
    published: Mapping[str, date | None] | None = None,
) -> tuple[tuple[int, ...], ...]:
    """Group mentions (by index) that describe the same event.

    ``story_of`` maps an article id to its story id. By default mentions of different
    stories are never merged (stories are blocks); with ``PairWeights.different_story``
    set, the story is a clue instead, so an over-split story can still share events.
    ``published`` maps an article id to its (possibly inferred) publication date: a
    mention with no date of its own is not merged with dates far from it.
    """
    options = options or EventFusionOptions()
    lookup: Callable[[str], str | None]
    if story_of is None:
        lookup = lambda article_id: None  # noqa: E731
    elif callable(story_of):
        lookup = story_of
    else:
        lookup = story_of.get
    clues = [_clues(m, lookup(m.evidence.article_id), published) for m in mentions]
    hard_blocks = options.weights.different_story is None or options.lemma_only
    out: list[tuple[int, ...]] = []
    for block in group_indices([c.story if hard_blocks else None for c in clues]):
        for group in _cluster_block([clues[i] for i in block], options):
            out.append(tuple(block[i] for i in group))
    out.sort(key=lambda group: group[0])
    return tuple(out)


# --- fusion ----------------------------------------------------------------------------


def reconcile_status(history: Sequence[StatusChange]) -> str:
    """The status a reader should see, given each article's view in publication order.

    An event any article states as having happened has happened ("occurred"; "reported"
    when it is only ever known through attributed accounts); otherwise the latest view
    wins (a plan later denied is denied). The history keeps every view.
    """
    if not history:
        return "occurred"
    statuses = [change.status for change in history]
    for status in _HAPPENED:
        if status in statuses:
            return status
    return statuses[-1]


def _history(mentions: Sequence[EventMentionLike],
             published: Mapping[str, date | None]) -> tuple[StatusChange, ...]:
    per_article: dict[str, list[str]] = {}
    order: list[str] = []
    for mention in mentions:
        article = mention.evidence.article_id
        if article not in per_article:
            order.append(article)
        per_article.setdefault(article, []).append(mention.status or "occurred")
    changes = []
    for position, article in enumerate(order):
        statuses = per_article[article]
        # An article that says it happened anywhere says it happened.
        status = next((s for s in _HAPPENED if s in statuses), None) or \
            Counter(statuses).most_common(1)[0][0]
        changes.append((published.get(article) or date.max, position,
                        StatusChange(article, published.get(article), status)))
    changes.sort(key=lambda item: (item[0], item[1]))
    return tuple(change for _, _, change in changes)


def _dated(mentions: Sequence[EventMentionLike]
           ) -> tuple[list[tuple[str, EventMentionLike]], bool]:
    """The mentions' calendar values (with their mentions), the exact ones when any; and
    whether those are only approximate."""
    dated = [(value, m) for m in mentions
             if (value := _time_value(m)) is not None and date_parts(value)]
    exact = [(value, m) for value, m in dated if not _approximate(m)]
    return (exact, False) if exact or not dated else (dated, True)


def _best_date(values: Sequence[str]) -> tuple[str | None, tuple[str, str] | None]:
    calendar = [v for v in values if date_parts(v)]
    if not calendar:
        return None, None
    counts = Counter(calendar)
    # The most specific value agreed by most mentions; ties: the more specific, earlier.
    best = max(counts, key=lambda v: (counts[v], len(date_parts(v)), -calendar.index(v)))
    keys = sorted(calendar, key=date_parts)
    return best, (keys[0], keys[-1])


def event_id_for(first_mention_id: str) -> str:
    """An event's id, from its first mention in arrival order: later mentions joining it
    do not change it, and a rebuild over the same articles gives it again. (When a
    re-clustering splits an event, the part keeping the first mention keeps the id.)"""
    return f"event-{hashlib.sha1(first_mention_id.encode('utf-8')).hexdigest()[:12]}"


def fuse_event(mentions: Sequence[EventMentionLike],
               published: Mapping[str, date | None] | None = None) -> Event:
    """One :class:`Event` from mentions already known to corefer, in arrival order."""
    published = published or {}
    ids = tuple(mention_id(m) for m in mentions)
    types = Counter(m.event_type for m in mentions if m.event_type not in UNTYPED)
    lemmas = Counter((m.lemma or m.trigger).lower() for m in mentions)
    places = Counter(_text(m.place) for m in mentions if _text(m.place))
    participants = Counter(_text(p) for m in mentions for p in (m.participants or ())
                           if _text(p))
    dated, approximate = _dated(mentions)
    best, span = _best_date([value for value, _ in dated])
    source = next((mention_id(m) for value, m in dated if value == best), None)
    history = _history(mentions, published)
    articles = tuple(dict.fromkeys(m.evidence.article_id for m in mentions))
    return Event(
        id=event_id_for(ids[0]) if ids else "event-empty",
        event_type=types.most_common(1)[0][0] if types else "other",
        label=lemmas.most_common(1)[0][0] if lemmas else "",
        mentions=ids,
        article_ids=articles,
        date=best,
        date_range=span,
        place=places.most_common(1)[0][0] if places else None,
        participants=tuple(name for name, _ in participants.most_common(8)),
        status=reconcile_status(history),
        status_history=history,
        date_approximate=approximate and best is not None,
        date_mention=source,
    )


def resolve_events(
    mentions: Sequence[EventMentionLike],
    story_of: Mapping[str, str] | Callable[[str], str | None] | None = None,
    published: Mapping[str, date | None] | None = None,
    options: EventFusionOptions | None = None,
) -> tuple[Event, ...]:
    """Cluster mentions into events and fuse each cluster (ordered by first mention)."""
    groups = cluster_event_mentions(mentions, story_of, options, published)
    return tuple(fuse_event([mentions[i] for i in group], published) for group in groups)


class EventIndex:
    """Events kept up to date as articles arrive, re-clustering only the blocks that changed.

    A block is a story: by default mentions of different stories never merge, so adding an
    article's mentions re-clusters its story's mentions alone and leaves every other event
    as it was. The cost of an addition depends on the size of that story, not on the corpus.
    Within a block, mentions keep their arrival order and events are ordered by their first
    mention, so feeding articles in the order :func:`resolve_events` would see them gives
    exactly its result. With ``PairWeights.different_story`` set the story is only a clue,
    every mention is in one block and each addition re-clusters everything.

    ``replace_article`` swaps an article's mentions (same place in the order), e.g. when its
    time expressions were re-resolved against a newly inferred publication date.
    """

    def __init__(self, options: EventFusionOptions | None = None) -> None:
        self.options = options or EventFusionOptions()
        self._hard_blocks = self.options.weights.different_story is None or \
            self.options.lemma_only
        # block -> article id -> (arrival number, mentions); arrival keeps resolve_events' order
        self._blocks: dict[str | None, dict[str, tuple[int, tuple[EventMentionLike, ...]]]] = {}
        self._block_of: dict[str, str | None] = {}
        self._story_of: dict[str, str] = {}
        self._events: dict[str | None, list[tuple[int, Event]]] = {}
        self._dirty: set[str | None] = set()
        self._arrivals = 0
        self._count = 0

    def __len__(self) -> int:
        """Events as of the last :meth:`events` call."""
        return self._count

    def add_article(self, article_id: str, mentions: Sequence[EventMentionLike],
                    story_id: str | None = None) -> None:
        """Add one article's mentions (an article already added is replaced in place)."""
        if article_id in self._block_of:
            self.replace_article(article_id, mentions)
            return
        block = story_id if self._hard_blocks else None
        self._block_of[article_id] = block
        if story_id is not None:
            self._story_of[article_id] = story_id
        self._blocks.setdefault(block, {})[article_id] = (self._arrivals, tuple(mentions))
        self._arrivals += 1
        if mentions:
            self._dirty.add(block)

    def replace_article(self, article_id: str, mentions: Sequence[EventMentionLike]) -> None:
        block = self._block_of[article_id]
        arrival, _ = self._blocks[block][article_id]
        self._blocks[block][article_id] = (arrival, tuple(mentions))
        self._dirty.add(block)

    def touch(self, article_id: str) -> None:
        """Mark an article's events for re-fusion (e.g. its publication date changed)."""
        if article_id in self._block_of:
            self._dirty.add(self._block_of[article_id])

    def block_of(self, article_id: str) -> str | None:
        return self._block_of.get(article_id)

    def events(self, published: Mapping[str, date | None] | None = None) -> tuple[Event, ...]:
        """Every event, ordered by first mention, as :func:`resolve_events` orders them.

        Only blocks changed since the last call are re-clustered and re-fused; a caller
        whose ``published`` dates changed must :meth:`touch` the articles concerned.
        """
        self.changed_blocks(published)
        ordered = sorted((item for items in self._events.values() for item in items),
                         key=lambda item: item[0])
        return tuple(event for _, event in ordered)

    def changed_blocks(self, published: Mapping[str, date | None] | None = None
                       ) -> set[str | None]:
        """Re-cluster and re-fuse the blocks changed since the last call; return them."""
        dirty, self._dirty = self._dirty, set()
        for block in dirty:
            articles = sorted(self._blocks.get(block, {}).values(), key=lambda item: item[0])
            mentions: list[EventMentionLike] = []
            order: list[int] = []
            for arrival, article_mentions in articles:
                for position, mention in enumerate(article_mentions):
                    mentions.append(mention)
                    # Global order: the article's arrival, then the mention's place in it.
                    order.append(arrival * 1_000_000 + position)
            groups = cluster_event_mentions(mentions, self._story_of.get, self.options,
                                            published)
            self._count -= len(self._events.get(block, ()))
            self._count += len(groups)
            self._events[block] = [
                (order[group[0]], fuse_event([mentions[i] for i in group], published))
                for group in groups
            ]
        return dirty

    def event_ids(self) -> set[str]:
        """The ids of every event as of the last read."""
        return {event.id for events in self._events.values() for _, event in events}

    def take_changes(self, published: Mapping[str, date | None] | None = None
                     ) -> tuple[list[Event], set[str]]:
        """The events of the blocks changed since the last read, and the ids that went.

        An event's id comes from its first mention, and an article's mentions stay in one
        block, so an id never moves from one block to another.
        """
        before = {block: [event.id for _, event in self._events.get(block, ())]
                  for block in self._dirty}
        dirty = self.changed_blocks(published)
        events = [event for block in dirty for _, event in self._events.get(block, ())]
        live = {event.id for event in events}
        removed = {i for block in dirty for i in before.get(block, ()) if i not in live}
        return events, removed


__all__ = [
    "Event",
    "EventFusionOptions",
    "EventIndex",
    "EventMentionLike",
    "StatusChange",
    "cluster_event_mentions",
    "event_id_for",
    "fuse_event",
    "mention_id",
    "reconcile_status",
    "resolve_events",
]
