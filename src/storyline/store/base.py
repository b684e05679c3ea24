"""The storage interface every backend implements, and the records it returns.

Pipeline code talks to :class:`Store` only; SQLite is the default backend and a
PostgreSQL backend can be added behind the same methods.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Iterator, Mapping, Protocol, Sequence

from storyline.fusion.dedup import GroupMember
from storyline.fusion.provenance import GroupPlan
from storyline.model import Article, CopyLink, DateSource, Failure, Fingerprint, Relation


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored, with its place in the provenance picture."""

    article: Article
    seq: int
    group_id: str
    copy_of: str | None
    relation: Relation
    similarity: float | None
    ingested_at: str


@dataclass(frozen=True, slots=True)
class StoredFailure:
    failure: Failure
    first_seen: str
    last_seen: str
    count: int


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    id: str
    original_id: str
    member_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FusedArticle:
    """An article as the fusion runner last saw it (see ``fusion_articles``)."""

    article_id: str
    analysis: str  # "version@analyzed_at" of its language facts, "" when not analysed
    group_id: str
    seq: int = 0  # ingestion order


@dataclass(frozen=True, slots=True)
class PendingFusion:
    """Articles the stored picture, or the saved fusion state, is not up to date with.

    Each tuple is in ingestion order.
    """

    new: tuple[FusedArticle, ...]  # never fused
    changed: tuple[FusedArticle, ...]  # fused, but re-analysed or regrouped since
    unsaved: tuple[FusedArticle, ...]  # fused (as they are now) after the state was saved
    fused: int  # articles the picture holds
    saved: int  # articles the saved state holds


@dataclass(frozen=True, slots=True)
class FusionUpdate:
    """One incremental (or full) write of the cross-article picture, applied atomically.

    ``upserts`` are (kind, id, label, sort_key, data, article ids, digest of the content),
    ``deletes`` (kind, id);
    ``full`` replaces the whole picture (and forgets every fused article) first. ``state``
    is None when the runner keeps the saved state as it is (it is not saved every run).
    """

    version: str
    articles: int
    upserts: Sequence[
        tuple[str, str, str | None, str | None, dict[str, object], Sequence[str], str]
    ]
    deletes: Sequence[tuple[str, str]]
    fused_articles: Sequence[FusedArticle]
    state_name: str
    state_version: str
    state: bytes | None
    state_token: str
    full: bool = False


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: str
    title: str | None
    snippet: str
    score: float


@dataclass(frozen=True, slots=True)
class ArticleHeader:
    """What a list shows of an article: no text, no boilerplate (see ``article_headers``)."""

    id: str
    seq: int
    title: str | None
    outlet: str | None
    published: date | None
    published_source: DateSource
    group_id: str
    copy_of: str | None
    relation: Relation
    similarity: float | None


class Store(Protocol):
    """What the pipeline and the views need from storage."""

    location: str

    def close(self) -> None: ...

    def commit(self) -> None:
        """Make everything written so far durable (writes are batched)."""
        ...

    # --- ingest -----------------------------------------------------------
    def article_id_for_raw(self, raw_sha256: str) -> str | None: ...

    def add_source(self, article_id: str, source: str) -> None: ...

    def exact_matches(self, normalized_sha256: str) -> list[str]: ...

    def lsh_candidates(self, band_keys: Sequence[str], limit: int) -> list[str]: ...

    def texts(self, article_ids: Sequence[str]) -> dict[str, str]: ...

    def group_states(
        self, article_ids: Sequence[str]
    ) -> tuple[dict[str, str], dict[str, list[tuple[GroupMember, Relation, float | None]]]]: ...

    def next_order(self) -> int: ...

    def add_article(
        self,
        article: Article,
        raw_data: bytes,
        fingerprint: Fingerprint,
        links: Sequence[CopyLink],
        plan: GroupPlan,
    ) -> None: ...

    def record_failure(self, failure: Failure) -> None: ...

    def start_run(self, inputs: Sequence[str]) -> int: ...

    def finish_run(self, run_id: int, added: int, unchanged: int, failed: int) -> None: ...

    # --- language layer ---------------------------------------------------
    def articles_to_analyze(
        self, version: str, *, after_seq: int = 0, limit: int = 256
    ) -> list[tuple[int, str, str, date | None]]: ...

    def save_analysis(
        self, article_id: str, version: str, rows: Sequence[tuple[str, int, int, int, int, str, str]]
    ) -> None: ...

    def extractions_of(self, article_id: str, kind: str | None = None) -> list[dict[str, object]]: ...

    def extractions_of_articles(
        self, article_ids: Sequence[str]
    ) -> dict[str, list[dict[str, object]]]:
        """:meth:`extractions_of` for many articles in one read (``[]`` for one without)."""
        ...

    def iter_extractions(self, kind: str) -> Iterator[dict[str, object]]: ...

    def analysis_counts(self) -> dict[str, int]: ...

    # --- cross-article picture -------------------------------------------
    def replace_fused(
        self,
        version: str,
        records: Iterable[tuple[str, str, str | None, str | None, dict[str, object], Sequence[str]]],
        articles: int,
    ) -> None: ...

    def fused(self, kind: str, *, article_id: str | None = None) -> list[dict[str, object]]: ...

    def fused_record(self, kind: str, record_id: str) -> dict[str, object] | None: ...

    def last_fusion(self) -> tuple[str, int] | None: ...

    def pending_fusion(self, *, everything: bool = False) -> PendingFusion: ...

    def fusion_state(self, name: str) -> tuple[str, bytes] | None: ...

    def fusion_state_token(self, name: str) -> tuple[str, str] | None: ...

    def fused_digests(self) -> dict[tuple[str, str], str | None]: ...

    def apply_fusion(self, update: FusionUpdate) -> None: ...

    # --- reads ------------------------------------------------------------
    def count_articles(self) -> int: ...

    def iter_articles(self, *, limit: int | None = None, offset: int = 0) -> Iterator[StoredArticle]: ...

    def get_article(self, article_id: str) -> StoredArticle | None: ...

    def articles_by_id(self, article_ids: Sequence[str]) -> Iterator[StoredArticle]: ...

    def raw_bytes(self, raw_sha256: str) -> bytes | None: ...

    def sources_of(self, article_id: str) -> list[str]: ...

    def copy_links_of(self, article_id: str) -> list[tuple[str, str, Relation, float]]: ...

    def failures(self) -> list[StoredFailure]: ...

    def groups(self, *, min_size: int = 1) -> list[DuplicateGroup]: ...

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]: ...

    # --- lighter reads (what the web interface reads per request) ---------
    def article_headers(self, article_ids: Sequence[str] | None = None) -> list[ArticleHeader]: ...

    def duplicate_group(self, group_id: str) -> DuplicateGroup | None: ...

    def fused_for_articles(self, kind: str, article_ids: Sequence[str]) -> list[dict[str, object]]: ...

    def fused_by_ids(self, kind: str, record_ids: Sequence[str]) -> list[dict[str, object]]: ...

    def fused_page(
        self, kind: str, *, limit: int, offset: int = 0, where: Mapping[str, str] | None = None
    ) -> tuple[int, list[dict[str, object]]]: ...

    def fused_fields(
        self, kind: str, fields: Sequence[str], *, where: Mapping[str, str] | None = None
    ) -> list[tuple[object, ...]]: ...

    def related_fused(self, kind: str, record_id: str, *, limit: int = 20) -> list[tuple[str, int]]: ...

    def count_fused(self, kind: str) -> int: ...

    def picture_token(self) -> str: ...


__all__ = [
    "ArticleHeader",
    "DuplicateGroup",
    "FusedArticle",
    "FusionUpdate",
    "PendingFusion",
    "SearchHit",
    "Store",
    "StoredArticle",
    "StoredFailure",
]
