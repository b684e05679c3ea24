"""The notebook API: ``storyline.open("storyline.db")`` and everything a user does with a store.

A thin layer over the library, shared by the CLI and the web interface where they need
the same reads (the timeline of a story, claims by stance). DataFrames need the optional
pandas extra: ``pip install 'storyline[notebook]'``.

    import storyline
    with storyline.open("storyline.db") as s:
        s.ingest("articles/")
        s.stories()
        s.timeline(entity="Putin")
        s.dataframe("claims")
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from storyline.config import DEFAULT_LIMITS, IngestLimits
from storyline.errors import MissingExtra, UnknownId
from storyline.store import DEFAULT_DB, open_store
from storyline.store.base import Store

if TYPE_CHECKING:
    import pandas

# Tables :meth:`Storyline.dataframe` offers: stored per-article facts and fused records.
FACT_TABLES = {
    "mentions": "mention",
    "time_expressions": "time_expression",
    "quantities": "quantity",
    "attributions": "attribution",
    "event_mentions": "event_mention",
}
FUSED_TABLES = {
    "entities": "entity",
    "stories": "story",
    "events": "event",
    "claims": "claim",
    "contradictions": "contradiction",
}


def timeline(
    store: Store,
    *,
    story: str | None = None,
    entity: str | None = None,
    from_date: date | None = None,
    to_date: date | None = None,
    include_undated: bool = False,
) -> list[dict[str, Any]]:
    """Fused events in date order, optionally of one story or about one entity."""
    from storyline.views.timeline import build_timeline

    events = store.fused("event")
    if story is not None:
        record = store.fused_record("story", story)
        if record is None:
            raise UnknownId(f"no story with id {story!r} (see `storyline stories`)")
        members = set(record["article_ids"])
        events = [e for e in events if members & set(e["article_ids"])]
    article_ids = sorted({a for e in events for a in e["article_ids"]})
    group_of = {s.article.id: s.group_id for s in store.iter_articles()}
    entries = build_timeline(
        events, entity, from_date, to_date,
        texts=store.texts(article_ids), group_of=group_of, include_undated=include_undated,
    )
    return [entry.to_dict() for entry in entries]


def claims(store: Store, *, stance: str | None = None) -> list[dict[str, Any]]:
    """Fused claims, best-sourced first (independent, then raw source count)."""
    found = [c for c in store.fused("claim") if stance is None or c["stance"] == stance]
    found.sort(key=lambda c: (-c["independent_source_count"], -c["raw_source_count"], c["id"]))
    return found


class Storyline:
    """One store and what can be done with it. Use as a context manager or call close()."""

    def __init__(self, location: str | Path = DEFAULT_DB) -> None:
        self.store = open_store(str(location))

    def __enter__(self) -> "Storyline":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # --- building the picture -------------------------------------------------------
    def ingest(
        self, *inputs: str | Path, analyze: bool = True, limits: IngestLimits = DEFAULT_LIMITS
    ) -> dict[str, Any]:
        """Ingest files, folders, globs, URLs or feeds; then analyse and fuse (by default)."""
        from storyline.runners.local import ingest

        report = ingest([str(i) for i in inputs], self.store, limits)
        summary: dict[str, Any] = report.to_dict()
        if analyze and report.ok:
            summary["language"] = self.analyze()
            summary["fusion"] = self.fuse()
        return summary

    def analyze(self, processes: int = 1) -> dict[str, Any]:
        from storyline.runners.language import analyze_pending

        return analyze_pending(self.store, processes=processes).to_dict()

    def fuse(self) -> dict[str, Any]:
        from storyline.runners.fusion import fuse

        return fuse(self.store).to_dict()

    # --- reading it -----------------------------------------------------------------
    def articles(self, limit: int | None = None) -> list[dict[str, Any]]:
        from storyline.views.export import article_record

        return [article_record(self.store, s) for s in self.store.iter_articles(limit=limit)]

    def article(self, article_id: str) -> dict[str, Any]:
        from storyline.views.export import article_record

        stored = self.store.get_article(article_id)
        if stored is None:
            raise UnknownId(f"no article with id {article_id!r}")
        record = article_record(self.store, stored)
        record["facts"] = self.store.extractions_of(stored.article.id)
        return record

    def stories(self) -> list[dict[str, Any]]:
        return self.store.fused("story")

    def entities(self, label: str | None = None) -> list[dict[str, Any]]:
        return [e for e in self.store.fused("entity") if label is None or e["label"] == label.upper()]

    def timeline(self, **filters: Any) -> list[dict[str, Any]]:
        """See :func:`timeline`: ``story``, ``entity``, ``from_date``, ``to_date``, ``include_undated``."""
        return timeline(self.store, **filters)

    def claims(self, stance: str | None = None) -> list[dict[str, Any]]:
        return claims(self.store, stance=stance)

    def contradictions(self) -> list[dict[str, Any]]:
        return self.store.fused("contradiction")

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        return [
            {"id": h.article_id, "title": h.title, "snippet": h.snippet, "score": h.score}
            for h in self.store.search(query, limit=limit)
        ]

    def export_json(self, path: str | Path) -> Path:
        from storyline.views.export import write_json

        path = Path(path)
        with path.open("w", encoding="utf-8") as handle:
            write_json(self.store, handle)
        return path

    def dataframe(self, table: str) -> "pandas.DataFrame":
        """One table as a pandas DataFrame: ``articles``, a fact table or a fused table."""
        try:
            import pandas
        except ImportError as exc:
            raise MissingExtra(
                "DataFrames need pandas: pip install 'storyline[notebook]'"
            ) from exc
        rows: Iterable[dict[str, Any]]
        if table == "articles":
            rows = self.articles()
        elif table in FACT_TABLES:
            rows = (_flatten_evidence(r) for r in self.store.iter_extractions(FACT_TABLES[table]))
        elif table in FUSED_TABLES:
            rows = self.store.fused(FUSED_TABLES[table])
        else:
            choices = ", ".join(["articles", *FACT_TABLES, *FUSED_TABLES])
            raise UnknownId(f"no table {table!r}; choose one of {choices}")
        return pandas.DataFrame(list(rows))


def _flatten_evidence(record: dict[str, Any]) -> dict[str, Any]:
    evidence = record.get("evidence") or {}
    flat = {k: v for k, v in record.items() if k != "evidence"}
    for key in ("article_id", "sentence", "start", "end", "text"):
        flat[f"evidence_{key}" if key == "text" else key] = evidence.get(key)
    return flat


def open(location: str | Path = DEFAULT_DB) -> Storyline:  # noqa: A001 - the documented entry point
    """Open (or create) a store: ``storyline.open("storyline.db")``."""
    return Storyline(location)


__all__ = ["FACT_TABLES", "FUSED_TABLES", "Storyline", "claims", "open", "timeline"]
