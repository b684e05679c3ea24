"""An article as a row of the ``articles`` table, and back: one mapping for every backend.

SQLite, PostgreSQL and the batch runner's Parquet files store the same columns; only how
a date or the removed junk lines are encoded differs, so each passes those in decoded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from storyline.fusion.provenance import GroupPlan
from storyline.model import (
    Article,
    BoilerplateLine,
    DateSource,
    Fingerprint,
    InputKind,
    PublicationDate,
    Relation,
)
from storyline.store.base import StoredArticle

# The columns an ingested article writes, in the order of :func:`article_values`.
ARTICLE_COLUMNS = (
    "id", "raw_sha256", "source", "kind", "url", "title", "byline", "outlet",
    "outlet_source", "original_outlet", "language", "published", "published_source",
    "published_evidence", "encoding", "text", "word_count", "normalized_sha256", "minhash",
    "group_id", "copy_of", "relation", "similarity", "ingested_at",
)


def article_values(
    article: Article,
    fingerprint: Fingerprint,
    plan: GroupPlan,
    now: str,
    *,
    published: Callable[[date | None], Any],
    minhash: Callable[[tuple[int, ...]], Any],
) -> tuple[Any, ...]:
    """The values of :data:`ARTICLE_COLUMNS` for a new article placed by ``plan``."""
    own = next(m for m in plan.members if m.article_id == article.id)
    return (
        article.id, article.raw_sha256, article.source, article.kind.value, article.url,
        article.title, article.byline, article.outlet, article.outlet_source,
        article.original_outlet, article.language, published(article.published.value),
        article.published.source.value, article.published.evidence, article.encoding,
        article.text, article.word_count, fingerprint.normalized_sha256,
        minhash(fingerprint.minhash), plan.group_id, own.copy_of, own.relation.value,
        own.similarity, now,
    )


def article_from(
    row: Mapping[str, Any],
    *,
    published: date | None,
    boilerplate: tuple[BoilerplateLine, ...],
) -> Article:
    """The article of a row holding the ``articles`` columns (date and junk decoded)."""
    return Article(
        id=row["id"],
        raw_sha256=row["raw_sha256"],
        source=row["source"],
        kind=InputKind(row["kind"]),
        text=row["text"],
        title=row["title"],
        byline=row["byline"],
        outlet=row["outlet"],
        original_outlet=row["original_outlet"],
        language=row["language"],
        published=PublicationDate(
            published, DateSource(row["published_source"]), row["published_evidence"]
        ),
        url=row["url"],
        outlet_source=row["outlet_source"],
        boilerplate_removed=boilerplate,
        encoding=row["encoding"],
    )


def stored_from(row: Mapping[str, Any], article: Article, ingested_at: str) -> StoredArticle:
    """The stored article of a row that also holds its place in the provenance picture."""
    return StoredArticle(
        article=article,
        seq=row["seq"],
        group_id=row["group_id"],
        copy_of=row["copy_of"],
        relation=Relation(row["relation"]),
        similarity=row["similarity"],
        ingested_at=ingested_at,
    )


__all__ = ["ARTICLE_COLUMNS", "article_from", "article_values", "stored_from"]
