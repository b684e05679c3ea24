"""The CSV export: one table per record kind, in a folder or a .zip.

Ids are the JSON export's ids (``docs/export.md``), so tables join with each other and
with the JSON. List fields are joined with ``"; "``; nested records (quantities, the
inferred date) are compact JSON in their cell. ``articles.csv`` carries the full clean
text as its last column. Cells are written by the ``csv`` module (RFC 4180 quoting), and
left as found: a cell starting with ``=`` is data, not a formula, to anything that reads
CSV as CSV.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from storyline.store.base import Store
from storyline.views.export import iter_article_records
from storyline.views.export_formats.common import EntityMatcher

LIST_SEPARATOR = "; "

ARTICLE_COLUMNS = (
    "id", "title", "url", "source", "sources", "kind", "published", "published_source",
    "published_evidence", "published_interval", "outlet", "outlet_source", "original_outlet",
    "byline", "language", "encoding", "word_count", "group_id", "copy_of", "relation",
    "similarity", "raw_sha256", "ingested_at", "boilerplate_removed_count", "text",
)
ENTITY_COLUMNS = ("id", "label", "name", "aliases", "roles", "mention_count",
                  "article_count", "article_ids")
EVENT_COLUMNS = ("id", "event_type", "label", "date", "date_earliest", "date_latest", "place",
                 "participants", "status", "article_count", "article_ids", "mentions")
CLAIM_COLUMNS = ("id", "speaker", "speaker_entity_id", "speakers", "stance", "content",
                 "target", "raw_source_count", "independent_source_count", "first_seen",
                 "last_seen", "sources", "group_ids", "contradicts", "quantities")
CONTRADICTION_COLUMNS = ("id", "kind", "claim_ids", "event_ids", "detail", "measure", "chain")
MENTION_COLUMNS = ("id", "article_id", "sentence", "start", "end", "text", "label", "name",
                   "canonical", "cluster", "roles", "entity_id")


def cell(value: Any) -> str:
    """One CSV cell: lists joined with "; ", records as compact JSON, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        if all(isinstance(item, (str, int, float)) for item in value):
            return LIST_SEPARATOR.join(str(item) for item in value)
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _article_rows(store: Store) -> Iterator[dict[str, Any]]:
    for record in iter_article_records(store):
        record["boilerplate_removed_count"] = len(record["boilerplate_removed"])
        yield record


def _entity_rows(store: Store) -> Iterator[dict[str, Any]]:
    for entity in store.fused("entity"):
        yield {**entity, "article_count": len(entity.get("article_ids") or ())}


def _event_rows(store: Store) -> Iterator[dict[str, Any]]:
    for event in store.fused("event"):
        earliest, latest = (list(event.get("date_range") or ()) + [None, None])[:2]
        yield {**event, "date_earliest": earliest, "date_latest": latest,
               "article_count": len(event.get("article_ids") or ())}


def _mention_rows(store: Store) -> Iterator[dict[str, Any]]:
    matcher = EntityMatcher(store.fused("entity"))
    for mention in store.iter_extractions("mention"):
        evidence: dict[str, Any] = mention.get("evidence") or {}  # type: ignore[assignment]
        article_id = evidence.get("article_id")
        entity_id = None
        # The entity of the mention's own type first; any type when the name is unambiguous
        # (fusion may type an entity differently from one article's mention of it).
        names = [str(mention.get(key) or "") for key in ("canonical", "name")]
        label = str(mention.get("label") or "")
        for name, wanted in [(n, label) for n in names] + [(n, None) for n in names]:
            entity_id = matcher.entity_of(name, wanted)
            if entity_id:
                break
        yield {
            **mention,
            # The evidence id used everywhere else (event mentions): article#start-end.
            "id": f"{article_id}#{evidence.get('start')}-{evidence.get('end')}",
            "article_id": article_id,
            "sentence": evidence.get("sentence"),
            "start": evidence.get("start"),
            "end": evidence.get("end"),
            "text": evidence.get("text"),
            "entity_id": entity_id,
        }


# file name -> (columns, rows)
TABLES: dict[str, tuple[tuple[str, ...], Callable[[Store], Iterable[dict[str, Any]]]]] = {
    "articles.csv": (ARTICLE_COLUMNS, _article_rows),
    "entities.csv": (ENTITY_COLUMNS, _entity_rows),
    "events.csv": (EVENT_COLUMNS, _event_rows),
    "claims.csv": (CLAIM_COLUMNS, lambda store: store.fused("claim")),
    "contradictions.csv": (CONTRADICTION_COLUMNS, lambda store: store.fused("contradiction")),
    "mentions.csv": (MENTION_COLUMNS, _mention_rows),
}


def _write_table(out: IO[str], columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([cell(row.get(column)) for column in columns])
        count += 1
    return count


@contextmanager
def _zip_member(archive: zipfile.ZipFile, name: str) -> Iterator[IO[str]]:
    with archive.open(name, "w") as raw:
        with io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
            yield text


def write_csv(store: Store, out: str | Path) -> dict[str, int]:
    """Write the tables to the folder ``out`` (created), or to a zip when it ends in .zip.

    Returns rows written per file.
    """
    path = Path(out)
    counts: dict[str, int] = {}
    if path.suffix.lower() == ".zip":
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, (columns, rows) in TABLES.items():
                with _zip_member(archive, name) as handle:
                    counts[name] = _write_table(handle, columns, rows(store))
        return counts
    path.mkdir(parents=True, exist_ok=True)
    for name, (columns, rows) in TABLES.items():
        with (path / name).open("w", encoding="utf-8", newline="") as handle:
            counts[name] = _write_table(handle, columns, rows(store))
    return counts


__all__ = ["LIST_SEPARATOR", "TABLES", "cell", "write_csv"]
