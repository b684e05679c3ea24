"""The JSON export: everything the store knows, in a documented, versioned schema.

The schema is described in ``docs/export.md``; ``SCHEMA_VERSION`` changes whenever a
field is added (minor) or changed/removed (major). Articles are streamed, so an
export of a large store never holds the corpus in memory.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import IO, Any, Iterator

from storyline import __version__
from storyline.store.base import Store, StoredArticle

SCHEMA_VERSION = "1.3"

# Language-layer facts: export key -> stored kind (schema 1.1).
FACT_ARRAYS = {
    "mentions": "mention",
    "time_expressions": "time_expression",
    "quantities": "quantity",
    "attributions": "attribution",
    "event_mentions": "event_mention",
}

# The cross-article picture: export key -> fused kind (schema 1.2).
FUSED_ARRAYS = {
    "entities": "entity",
    "stories": "story",
    "events": "event",
    "claims": "claim",
    "contradictions": "contradiction",
}


def article_record(store: Store, stored: StoredArticle) -> dict[str, Any]:
    article = stored.article
    record: dict[str, Any] = {
        "id": article.id,
        "source": article.source,
        "sources": store.sources_of(article.id),
        "kind": article.kind.value,
        "url": article.url,
        "title": article.title,
        "text": article.text,
        "word_count": article.word_count,
        "published": article.published.value.isoformat() if article.published.value else None,
        "published_source": article.published.source.value,
        "published_evidence": article.published.evidence,
        "outlet": article.outlet,
        "outlet_source": article.outlet_source,
        "original_outlet": article.original_outlet,
        "byline": article.byline,
        "language": article.language,
        "encoding": article.encoding,
        "raw_sha256": article.raw_sha256,
        "group_id": stored.group_id,
        "copy_of": stored.copy_of,
        "relation": stored.relation.value,
        "similarity": stored.similarity,
        "ingested_at": stored.ingested_at,
        "boilerplate_removed": [
            {"text": line.text, "reason": line.reason, "line_number": line.line_number}
            for line in article.boilerplate_removed
        ],
    }
    _overlay_inferred_date(record, store.fused_record("dating", article.id))
    return record


def _overlay_inferred_date(record: dict[str, Any], dating: dict[str, Any] | None) -> None:
    """Add the inferred date of an undated article (the stored text fields stay as found)."""
    record["published_inferred"] = dating
    if dating is not None and record["published"] is None:
        record["published_interval"] = [dating["earliest"], dating["latest"]]
        if dating["value"] is not None:
            record["published"] = dating["value"]
            record["published_source"] = "inferred"


def iter_article_records(store: Store) -> Iterator[dict[str, Any]]:
    for stored in store.iter_articles():
        yield article_record(store, stored)


def group_records(store: Store) -> list[dict[str, Any]]:
    return [
        {
            "id": group.id,
            "original_id": group.original_id,
            "members": list(group.member_ids),
            "size": len(group.member_ids),
        }
        for group in store.groups()
    ]


def failure_records(store: Store) -> list[dict[str, Any]]:
    return [
        {
            "source": stored.failure.source,
            "stage": stored.failure.stage,
            "code": stored.failure.code,
            "reason": stored.failure.reason,
            "first_seen": stored.first_seen,
            "last_seen": stored.last_seen,
            "count": stored.count,
        }
        for stored in store.failures()
    ]


def write_json(store: Store, out: IO[str]) -> int:
    """Write the export to ``out``; returns the number of articles written."""
    header = {
        "schema_version": SCHEMA_VERSION,
        "generator": f"storyline {__version__}",
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    out.write("{\n")
    for key, value in header.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value)},\n")
    out.write('  "articles": [')
    count = 0
    for record in iter_article_records(store):
        out.write(",\n    " if count else "\n    ")
        out.write(json.dumps(record, ensure_ascii=False))
        count += 1
    out.write("\n  ],\n" if count else "],\n")
    for key, kind in FACT_ARRAYS.items():
        _write_array(out, key, store.iter_extractions(kind))
    for key, kind in FUSED_ARRAYS.items():
        _write_array(out, key, iter(store.fused(kind)))
    out.write(f'  "groups": {json.dumps(group_records(store), ensure_ascii=False)},\n')
    out.write(f'  "failures": {json.dumps(failure_records(store), ensure_ascii=False)}\n')
    out.write("}\n")
    return count


def _write_array(out: IO[str], key: str, records: Iterator[dict[str, Any]]) -> None:
    out.write(f"  {json.dumps(key)}: [")
    first = True
    for record in records:
        out.write("\n    " if first else ",\n    ")
        out.write(json.dumps(record, ensure_ascii=False, default=str))
        first = False
    out.write("],\n" if first else "\n  ],\n")


__all__ = ["FUSED_ARRAYS", "SCHEMA_VERSION", "article_record", "iter_article_records", "write_json"]
