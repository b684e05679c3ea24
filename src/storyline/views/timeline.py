"""A dated, sourced timeline of what happened: one entry per event, sorted by date.

:func:`build_timeline` takes fused events (``storyline.fusion.events.Event``), per-article
event mentions (``storyline.language.events.EventMention``) or their dict forms, and
returns :class:`TimelineEntry` records sorted by date (undated ones last). Per-article
mentions that share trigger lemma, calendar date and first participant are folded into one
entry; fused events are taken as they are. Each entry says how many articles report it and
how many of those are independent (distinct duplicate groups, from ``group_of``).

Filters: ``entity`` keeps entries with a participant or place naming it or one of its
aliases (:func:`entity_aliases`: "Apple Inc." is also "Apple", "Ilse Varga" also "Varga");
``from_date`` / ``to_date`` keep entries whose date interval overlaps the range (undated entries are
dropped when a range is given). Summaries are the event's sentence, trimmed, when the
article texts are given; otherwise the trigger with its participants.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

_CALENDAR = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s+|\n+")
MAX_SUMMARY = 220


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One event on the timeline."""

    date: str | None  # TIMEX3-style calendar value ("2025-01-28", "2025-01", "2024")
    end_date: str | None  # set when the sources give a range ("2025-01-28"/"2025-01-30")
    precision: str | None  # day, week, month, quarter, year, interval; None if undated
    event_type: str
    summary: str
    status: str
    participants: tuple[str, ...]
    sources: tuple[str, ...]  # article ids
    independent_source_count: int
    event_id: str | None = None
    trigger: str = ""
    # The date is only as precise as an inferred publication window allows (a relative
    # date such as "Tuesday" in an undated article, kept at month precision).
    approximate: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "date": self.date,
            "end_date": self.end_date,
            "precision": self.precision,
            "event_type": self.event_type,
            "summary": self.summary,
            "status": self.status,
            "participants": list(self.participants),
            "sources": list(self.sources),
            "independent_source_count": self.independent_source_count,
            "event_id": self.event_id,
            "trigger": self.trigger,
            "approximate": self.approximate,
        }


# --- dates ----------------------------------------------------------------------------------


# TIMEX3 parts of the day ("2025-02-17TEV": that evening).
_PARTS_OF_DAY = {"TMO": "morning", "TAF": "afternoon", "TEV": "evening", "TNI": "night",
                 "TDT": "daytime"}


def display_date(value: str | None) -> str:
    """A TIMEX3 value as people read it: "2025-02-17 evening", "2025-02-17 14:30"."""
    if not value:
        return "undated"
    day, _, time = value.partition("T")
    if not time or len(day) != 10:
        return value
    part = _PARTS_OF_DAY.get("T" + time)
    return f"{day} {part or time}"


def calendar_interval(value: str | None) -> tuple[date, date, str] | None:
    """First day, last day and precision of a calendar value; None for anything else."""
    if not value:
        return None
    week = _WEEK.match(value)
    if week:
        try:
            monday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        except ValueError:
            return None
        return monday, date.fromordinal(monday.toordinal() + 6), "week"
    quarter = _QUARTER.match(value)
    if quarter:
        year, number = int(quarter.group(1)), int(quarter.group(2))
        last_month = number * 3
        return (date(year, last_month - 2, 1),
                date(year, last_month, calendar.monthrange(year, last_month)[1]), "quarter")
    match = _CALENDAR.match(value)
    if not match:
        return None
    year = int(match.group(1))
    try:
        if match.group(3):
            day = date(year, int(match.group(2)), int(match.group(3)))
            return day, day, "day"
        if match.group(2):
            month = int(match.group(2))
            return (date(year, month, 1),
                    date(year, month, calendar.monthrange(year, month)[1]), "month")
        return date(year, 1, 1), date(year, 12, 31), "year"
    except ValueError:
        return None


def _overlaps(entry: TimelineEntry, start: date | None, end: date | None) -> bool:
    first = calendar_interval(entry.date)
    if first is None:
        return False
    last = calendar_interval(entry.end_date) if entry.end_date else first
    low, high = first[0], (last or first)[1]
    return (start is None or high >= start) and (end is None or low <= end)


# --- reading records ------------------------------------------------------------------------


def _get(record: Any, name: str, default: Any = None) -> Any:
    if isinstance(record, Mapping):
        return record.get(name, default)
    return getattr(record, name, default)


def _text(item: Any) -> str:
    if item is None:
        return ""
    if isinstance(item, str):
        return item
    return str(_get(item, "text", "") or "")


def sentence_around(text: str, start: int, end: int, limit: int = MAX_SUMMARY) -> str:
    """The sentence of ``text`` holding ``start:end``, trimmed to ``limit`` characters."""
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, max(start, 0)):
        begin = match.end()
    after = _SENTENCE_END.search(text, end)
    stop = after.start() + 1 if after else len(text)
    sentence = " ".join(text[begin:stop].split())
    if len(sentence) <= limit:
        return sentence
    # Keep the trigger in view: a window around it, cut at word boundaries.
    offset = max(0, min(start - begin - limit // 3, len(sentence) - limit))
    window = sentence[offset:offset + limit]
    if offset > 0:
        window = "…" + window.split(" ", 1)[-1]
    return window.rsplit(" ", 1)[0] + "…"


@dataclass
class _Draft:
    key: tuple
    date: str | None
    end_date: str | None
    event_type: str
    trigger: str
    status: str
    participants: list[str]
    sources: list[str]
    summary: str
    event_id: str | None
    approximate: bool = False


def _is_fused(record: Any) -> bool:
    return _get(record, "article_ids") is not None and _get(record, "mentions") is not None


def _from_event(event: Any, texts: Mapping[str, str]) -> _Draft:
    date_value = _get(event, "date")
    span = _get(event, "date_range")
    end_value = None
    if span and span[0] != span[1] and not _within(date_value, span):
        date_value, end_value = span[0], span[1]
    summary = ""
    # The sentence that gives the date, when known; else the first mention's.
    dated_first = [_get(event, "date_mention")] if _get(event, "date_mention") else []
    for mention_id in [*dated_first, *(_get(event, "mentions", ()) or ())]:
        article_id, _, offsets = str(mention_id).rpartition("#")
        if article_id in texts and "-" in offsets:
            start, end = (int(x) for x in offsets.split("-", 1))
            summary = sentence_around(texts[article_id], start, end)
            break
    participants = [p if isinstance(p, str) else _text(p)
                    for p in _get(event, "participants", ()) or ()]
    label = str(_get(event, "label", "") or "")
    return _Draft(
        key=("event", _get(event, "id")),
        date=date_value if calendar_interval(date_value) else None,
        end_date=end_value if calendar_interval(end_value) else None,
        event_type=str(_get(event, "event_type", "other") or "other"),
        trigger=label,
        status=str(_get(event, "status", "occurred") or "occurred"),
        participants=participants,
        sources=list(_get(event, "article_ids", ()) or ()),
        summary=summary or " ".join([label, *participants[:2]]).strip(),
        event_id=_get(event, "id"),
        approximate=bool(_get(event, "date_approximate", False)),
    )


def _within(value: str | None, span: Any) -> bool:
    """Whether both ends of a date range are coarser readings holding ``value`` ("2023"
    and "2023-09" around "2023-09"): the range then says no more than the date."""
    inner = calendar_interval(value)
    if inner is None:
        return False
    for end in span:
        outer = calendar_interval(end)
        if outer is None or not (outer[0] <= inner[0] and inner[1] <= outer[1]):
            return False
    return True


def _from_mention(mention: Any, texts: Mapping[str, str]) -> _Draft:
    evidence = _get(mention, "evidence")
    article_id = str(_get(evidence, "article_id", "") or "")
    start, end = int(_get(evidence, "start", 0) or 0), int(_get(evidence, "end", 0) or 0)
    time = _get(mention, "time")
    value = _get(time, "value") if time is not None else None
    value = value if calendar_interval(value) else None
    participants = [_text(p) for p in _get(mention, "participants", ()) or () if _text(p)]
    place = _text(_get(mention, "place"))
    if place:
        participants.append(place)
    lemma = str(_get(mention, "lemma", "") or _get(mention, "trigger", "")).lower()
    first = participants[0].lower() if participants else ""
    summary = sentence_around(texts[article_id], start, end) if article_id in texts else ""
    trigger = str(_get(mention, "trigger", "") or lemma)
    # Undated mentions are never folded together: without a date, equal words prove little.
    key = ("mention", lemma, value, first) if value else ("mention", article_id, start)
    return _Draft(
        key=key, date=value, end_date=None,
        event_type=str(_get(mention, "event_type", "other") or "other"),
        trigger=trigger,
        status=str(_get(mention, "status", "occurred") or "occurred"),
        participants=participants, sources=[article_id],
        summary=summary or " ".join([trigger, *participants[:2]]).strip(),
        event_id=None,
    )


_CORPORATE_SUFFIXES = frozenset(("inc", "corp", "corporation", "co", "ltd", "llc", "plc",
                                 "ag", "sa", "gmbh", "nv", "bv"))


def entity_aliases(name: str) -> tuple[str, ...]:
    """Lower-cased, punctuation-free names that refer to an entity, longest first: the name,
    the name without a corporate suffix ("Apple Inc." -> "apple"), its multi-word tails
    ("Beatles Apple Corps" -> "apple corps"), a person's surname ("Steve Jobs" -> "jobs") and
    the name before a generic lower-case last word ("iTunes store" -> "itunes")."""
    words = [w.strip(".,") for w in name.split() if w.strip(".,")]
    if not words:
        return ()
    aliases = {" ".join(words).lower()}
    if len(words) >= 2 and words[-1].lower() in _CORPORATE_SUFFIXES:
        words = words[:-1]
        aliases.add(" ".join(words).lower())
    for i in range(1, len(words) - 1):
        aliases.add(" ".join(words[i:]).lower())
    if len(words) == 2 and all(w[:1].isupper() and w.isalpha() for w in words):
        aliases.add(words[1].lower())
    if len(words) >= 2 and words[-1].islower():
        aliases.add(" ".join(words[:-1]).lower())
    return tuple(sorted(aliases, key=lambda a: (-len(a), a)))


def names_entity(text: str, aliases: Iterable[str]) -> bool:
    """Whether ``text`` contains one of ``aliases`` as whole words (case and punctuation aside)."""
    lowered = " " + re.sub(r"[^\w\s]", " ", text.lower()) + " "
    lowered = re.sub(r"\s+", " ", lowered)
    return any(f" {alias} " in lowered for alias in aliases)


def _matches_entity(draft: _Draft, aliases: tuple[str, ...]) -> bool:
    if not aliases:
        return True
    return any(names_entity(participant, aliases) for participant in draft.participants)


def build_timeline(
    events: Iterable[Any],
    entity: str | None = None,
    from_date: date | None = None,
    to_date: date | None = None,
    *,
    texts: Mapping[str, str] | None = None,
    group_of: Mapping[str, str] | Callable[[str], str | None] | None = None,
    include_undated: bool = True,
) -> tuple[TimelineEntry, ...]:
    """Timeline entries for ``events`` (fused events, mentions or dicts), sorted by date.

    ``texts`` maps article ids to clean texts (for sentence summaries); ``group_of`` maps
    an article id to its duplicate group (for independent source counts; by default every
    article is its own group).
    """
    texts = texts or {}
    lookup: Callable[[str], str | None]
    if group_of is None:
        lookup = lambda article_id: None  # noqa: E731
    elif callable(group_of):
        lookup = group_of
    else:
        lookup = group_of.get
    aliases = entity_aliases(entity) if entity else ()
    drafts: dict[tuple, _Draft] = {}
    for record in events:
        draft = _from_event(record, texts) if _is_fused(record) else _from_mention(record, texts)
        if entity and not _matches_entity(draft, aliases):
            continue
        existing = drafts.get(draft.key)
        if existing is None:
            drafts[draft.key] = draft
            continue
        existing.sources.extend(s for s in draft.sources if s not in existing.sources)
        existing.participants.extend(p for p in draft.participants
                                     if p not in existing.participants)
        if existing.status != "occurred" and draft.status == "occurred":
            existing.status = "occurred"  # once reported as happened, it happened
    entries = []
    for draft in drafts.values():
        sources = tuple(dict.fromkeys(draft.sources))
        groups = {lookup(s) or f"article:{s}" for s in sources}
        entry = TimelineEntry(
            date=draft.date, end_date=draft.end_date,
            precision=("interval" if draft.end_date else
                       (calendar_interval(draft.date) or (None, None, None))[2]),
            event_type=draft.event_type, summary=draft.summary, status=draft.status,
            participants=tuple(dict.fromkeys(draft.participants)), sources=sources,
            independent_source_count=len(groups), event_id=draft.event_id,
            trigger=draft.trigger, approximate=draft.approximate,
        )
        if from_date is not None or to_date is not None:
            if not _overlaps(entry, from_date, to_date):
                continue
        elif entry.date is None and not include_undated:
            continue
        entries.append(entry)
    entries.sort(key=_sort_key)
    return tuple(entries)


def _sort_key(entry: TimelineEntry) -> tuple:
    interval = calendar_interval(entry.date)
    if interval is None:
        return (1, date.max, date.max, entry.summary)
    end = calendar_interval(entry.end_date) if entry.end_date else interval
    return (0, interval[0], (end or interval)[1], entry.summary)


__all__ = [
    "display_date",
    "TimelineEntry",
    "build_timeline",
    "calendar_interval",
    "entity_aliases",
    "names_entity",
    "sentence_around",
]
