"""The TimelineJS 3 export: the dated fused events as a TimelineJS JSON document.

Load it with ``new TL.Timeline("timeline", data)``. TimelineJS inserts ``headline`` and
``text`` as HTML, so every piece of article text is HTML-escaped here. Dates keep their
precision: a month-precision event gets a start_date with year and month only. Undated
events are left out (TimelineJS needs a start date).
"""

from __future__ import annotations

import json
from html import escape
from typing import IO, Any

from storyline.store.base import Store
from storyline.views.export_formats.common import dated_timeline, group_index
from storyline.views.timeline import TimelineEntry, calendar_interval

MAX_SOURCES_LISTED = 8


def _date_object(value: str | None, *, end: bool = False) -> dict[str, str] | None:
    """A TimelineJS date with as many parts as the value's precision justifies."""
    interval = calendar_interval(value)
    if interval is None:
        return None
    first, last, precision = interval
    day = last if end else first
    if precision == "year":
        return {"year": str(day.year)}
    if precision in ("month", "quarter"):
        return {"year": str(day.year), "month": str(day.month)}
    return {"year": str(day.year), "month": str(day.month), "day": str(day.day)}


def _source_line(article: dict[str, Any] | None, article_id: str) -> str:
    if article is None:
        return escape(article_id)
    parts = [article.get("title") or "(untitled)"]
    parts += [p for p in (article.get("outlet"), article.get("published")) if p]
    return escape(" — ".join(str(p) for p in parts)) + f" <small>[{escape(article_id)}]</small>"


def timeline_event(
    entry: TimelineEntry, articles: dict[str, dict[str, Any]]
) -> dict[str, Any] | None:
    """One TimelineJS slide; None for an entry with no calendar date."""
    start = _date_object(entry.date)
    if start is None:
        return None
    headline = entry.trigger or entry.event_type
    if entry.participants:
        headline += ": " + ", ".join(entry.participants[:3])
    sources = "".join(
        f"<li>{_source_line(articles.get(article_id), article_id)}</li>"
        for article_id in entry.sources[:MAX_SOURCES_LISTED]
    )
    more = len(entry.sources) - MAX_SOURCES_LISTED
    if more > 0:
        sources += f"<li>… and {more} more</li>"
    text = (
        f"<p>{escape(entry.summary)}</p>"
        f"<p>Status: {escape(entry.status)} · {entry.independent_source_count} independent "
        f"source(s), {len(entry.sources)} article(s)</p><ul>{sources}</ul>"
    )
    record: dict[str, Any] = {
        "start_date": start,
        "text": {"headline": escape(headline), "text": text},
        "group": escape(entry.event_type),
    }
    if entry.end_date:
        end = _date_object(entry.end_date, end=True)
        if end is not None:
            record["end_date"] = end
    if entry.event_id:
        record["unique_id"] = entry.event_id
    return record


def timelinejs_document(store: Store, *, title: str = "storyline timeline") -> dict[str, Any]:
    group_of = group_index(store)
    entries = dated_timeline(store, group_of)
    wanted = {article_id for entry in entries for article_id in entry.sources}
    articles: dict[str, dict[str, Any]] = {}
    for stored in store.iter_articles():
        if stored.article.id in wanted:
            article = stored.article
            articles[article.id] = {
                "title": article.title,
                "outlet": article.outlet,
                "published": (article.published.value.isoformat()
                              if article.published.value else None),
            }
    events = [record for entry in entries if (record := timeline_event(entry, articles))]
    return {
        "title": {"text": {
            "headline": escape(title),
            "text": f"<p>{len(events)} dated event(s) from {len(set(group_of))} article(s), "
                    f"{len(set(group_of.values()))} independent source(s)</p>",
        }},
        "events": events,
    }


def write_timelinejs(store: Store, out: IO[str], *, title: str = "storyline timeline") -> int:
    """Write the document to ``out``; returns the number of events."""
    document = timelinejs_document(store, title=title)
    json.dump(document, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(document["events"])


__all__ = ["timeline_event", "timelinejs_document", "write_timelinejs"]
