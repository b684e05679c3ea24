"""A readable overview of a store: articles, outlets, dates and how they were found,
duplicate groups and failures. Used by the CLI summary and the HTML report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from storyline.store.base import DuplicateGroup, Store, StoredFailure


@dataclass(frozen=True, slots=True)
class ArticleLine:
    id: str
    title: str | None
    outlet: str | None
    original_outlet: str | None
    published: str | None
    published_source: str
    published_evidence: str | None
    group_id: str
    copy_of: str | None
    relation: str
    source: str
    word_count: int
    boilerplate_count: int


@dataclass(frozen=True, slots=True)
class StoreSummary:
    articles: tuple[ArticleLine, ...]
    outlets: tuple[tuple[str, int], ...]
    date_sources: tuple[tuple[str, int], ...]
    groups: tuple[DuplicateGroup, ...]  # groups with at least two members
    independent_sources: int  # number of groups, singletons included
    failures: tuple[StoredFailure, ...]
    first_date: str | None = None
    last_date: str | None = None
    by_id: dict[str, ArticleLine] = field(default_factory=dict)
    # The cross-article picture, when `storyline fuse` has run (dicts as exported).
    stories: tuple[dict[str, Any], ...] = ()
    timeline: tuple[dict[str, Any], ...] = ()
    claims: tuple[dict[str, Any], ...] = ()
    contradictions: tuple[dict[str, Any], ...] = ()
    people: tuple[dict[str, Any], ...] = ()
    inferred_dates: dict[str, dict[str, Any]] = field(default_factory=dict)

    def chronological(self) -> list[ArticleLine]:
        """Dated articles in date order, then the undated ones."""
        return sorted(self.articles, key=lambda a: (a.published is None, a.published or "", a.id))


def _picture(store: Store, limit: int) -> dict[str, Any]:
    """The fused picture's highlights: dated timeline, best-sourced claims, people."""
    from storyline.views.timeline import build_timeline

    events = store.fused("event")
    article_ids = sorted({a for e in events for a in e["article_ids"]})
    # Headers only: the group of every article, without reading texts and boilerplate.
    group_of = {h.id: h.group_id for h in store.article_headers()}
    timeline = build_timeline(
        events, texts=store.texts(article_ids), group_of=group_of, include_undated=False
    )
    # Keep the events several independent sources report, then the rest, in date order.
    chosen = sorted(timeline, key=lambda e: -e.independent_source_count)[:limit]
    chosen_ids = {id(e) for e in chosen}
    claims = sorted(
        store.fused("claim"),
        key=lambda c: (-c["independent_source_count"], -c["raw_source_count"], c["id"]),
    )
    people = [e for e in store.fused("entity") if e.get("label") == "PERSON"]
    return {
        "stories": tuple(store.fused("story")),
        "timeline": tuple(e.to_dict() for e in timeline if id(e) in chosen_ids),
        "claims": tuple(claims[:limit]),
        "contradictions": tuple(store.fused("contradiction")[:limit]),
        "people": tuple(people[:limit]),
        "inferred_dates": {d["article_id"]: d for d in store.fused("dating")},
    }


def summarize(store: Store, *, max_articles: int = 2000, picture_items: int = 12) -> StoreSummary:
    """Summarise the store; the per-article list is capped at ``max_articles``."""
    outlets: Counter[str] = Counter()
    date_sources: Counter[str] = Counter()
    groups_seen: set[str] = set()
    lines: list[ArticleLine] = []
    dates: list[str] = []
    for stored in store.iter_articles():
        article = stored.article
        outlets[article.outlet or "(unknown)"] += 1
        date_sources[article.published.source.value] += 1
        groups_seen.add(stored.group_id)
        published = article.published.value.isoformat() if article.published.value else None
        if published:
            dates.append(published)
        if len(lines) < max_articles:
            lines.append(
                ArticleLine(
                    id=article.id,
                    title=article.title,
                    outlet=article.outlet,
                    original_outlet=article.original_outlet,
                    published=published,
                    published_source=article.published.source.value,
                    published_evidence=article.published.evidence,
                    group_id=stored.group_id,
                    copy_of=stored.copy_of,
                    relation=stored.relation.value,
                    source=article.source,
                    word_count=article.word_count,
                    boilerplate_count=len(article.boilerplate_removed),
                )
            )
    return StoreSummary(
        articles=tuple(lines),
        outlets=tuple(outlets.most_common()),
        date_sources=tuple(sorted(date_sources.items(), key=lambda kv: (-kv[1], kv[0]))),
        groups=tuple(store.groups(min_size=2)),
        independent_sources=len(groups_seen),
        failures=tuple(store.failures()),
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        by_id={line.id: line for line in lines},
        **_picture(store, picture_items),
    )


__all__ = ["ArticleLine", "StoreSummary", "summarize"]
