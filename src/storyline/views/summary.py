"""A readable overview of a store: articles, outlets, dates and how they were found,
duplicate groups and failures. Used by the CLI summary and the HTML report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

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

    def chronological(self) -> list[ArticleLine]:
        """Dated articles in date order, then the undated ones."""
        return sorted(self.articles, key=lambda a: (a.published is None, a.published or "", a.id))


def summarize(store: Store, *, max_articles: int = 2000) -> StoreSummary:
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
    )


__all__ = ["ArticleLine", "StoreSummary", "summarize"]
