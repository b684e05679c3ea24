"""The Parquet files a batch run writes, and reading them back.

An output folder holds ``manifest.json`` (what wrote it: storyline, fingerprint and
language versions, the inputs) and, per partition ``N``, three files:

* ``articles/part-N.parquet``: one row per document read, in input order (``position``):
  the raw bytes and their hash, the extracted article, its fingerprint (MinHash signature
  and LSH band keys) and the language version its facts were computed at (null when the
  language layer failed on it);
* ``failures/part-N.parquet``: inputs that could not be read or extracted, with the same
  ``position`` numbering and, for an extraction failure, the raw bytes' hash;
* ``extractions/part-N.parquet``: the language layer's fact rows, exactly the rows the
  store keeps (kind, position, sentence, character span, text, JSON record).

Each file is written to a temporary name and renamed, ``articles`` last, so a partition
whose ``articles`` file exists is complete.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError, MissingExtra
from storyline.model import (
    Article,
    BoilerplateLine,
    Failure,
    Fingerprint,
    InputKind,
    RawDocument,
)
from storyline.store.rows import article_from

# What a batch run needs beyond the base install (Dask here, pyarrow below).
BATCH_EXTRA = "batch runs need Dask and pyarrow: pip install 'storyline[batch]'"

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise MissingExtra(BATCH_EXTRA) from exc

MANIFEST = "manifest.json"
TABLES = ("failures", "extractions", "articles")  # written in this order: articles last
_PART = re.compile(r"^part-(\d{6})\.parquet$")

ARTICLES_SCHEMA = pa.schema([
    ("position", pa.int64()),
    ("source", pa.string()),
    ("raw_kind", pa.string()),
    ("raw_data", pa.binary()),
    ("raw_sha256", pa.string()),
    ("id", pa.string()),
    ("kind", pa.string()),
    ("text", pa.large_string()),
    ("title", pa.string()),
    ("byline", pa.string()),
    ("outlet", pa.string()),
    ("original_outlet", pa.string()),
    ("language", pa.string()),
    ("published", pa.date32()),
    ("published_source", pa.string()),
    ("published_evidence", pa.string()),
    ("url", pa.string()),
    ("outlet_source", pa.string()),
    ("boilerplate_removed", pa.list_(pa.struct([
        ("text", pa.string()), ("reason", pa.string()), ("line_number", pa.int64()),
    ]))),
    ("encoding", pa.string()),
    ("normalized_sha256", pa.string()),
    ("minhash", pa.list_(pa.int64())),
    ("band_keys", pa.list_(pa.string())),
    ("analysis_version", pa.string()),
])

FAILURES_SCHEMA = pa.schema([
    ("position", pa.int64()),
    ("source", pa.string()),
    ("stage", pa.string()),
    ("code", pa.string()),
    ("reason", pa.string()),
    ("raw_sha256", pa.string()),
])

EXTRACTIONS_SCHEMA = pa.schema([
    ("article_id", pa.string()),
    ("kind", pa.string()),
    ("position", pa.int64()),
    ("sentence", pa.int64()),
    ("start", pa.int64()),
    ("end", pa.int64()),
    ("text", pa.string()),
    ("data", pa.large_string()),
])

SCHEMAS = {"articles": ARTICLES_SCHEMA, "failures": FAILURES_SCHEMA, "extractions": EXTRACTIONS_SCHEMA}

FactRow = tuple[str, int, int, int, int, str, str]


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """One document a worker read: the raw bytes, and the article or failure it gave."""

    position: int
    raw: RawDocument
    extracted: Article | Failure
    fingerprint: Fingerprint | None = None
    analysis_version: str | None = None


@dataclass(frozen=True, slots=True)
class LoadedItem:
    """One row of a partition read back, in input order: a read failure, or a document."""

    position: int
    source: str
    failure: Failure | None = None  # a read failure (no raw bytes) or an extraction failure
    raw_sha256: str | None = None
    raw: RawDocument | None = None
    article: Article | None = None
    fingerprint: Fingerprint | None = None
    analysis_version: str | None = None


def part_path(output: Path, table: str, index: int) -> Path:
    return output / table / f"part-{index:06d}.parquet"


def article_row(position: int, document: ExtractedDocument) -> dict[str, Any]:
    article, raw, fp = document.extracted, document.raw, document.fingerprint
    assert isinstance(article, Article)
    return {
        "position": position,
        "source": raw.source,
        "raw_kind": raw.kind.value,
        "raw_data": raw.data,
        "raw_sha256": article.raw_sha256,
        "id": article.id,
        "kind": article.kind.value,
        "text": article.text,
        "title": article.title,
        "byline": article.byline,
        "outlet": article.outlet,
        "original_outlet": article.original_outlet,
        "language": article.language,
        "published": article.published.value,
        "published_source": article.published.source.value,
        "published_evidence": article.published.evidence,
        "url": article.url,
        "outlet_source": article.outlet_source,
        "boilerplate_removed": [
            {"text": line.text, "reason": line.reason, "line_number": line.line_number}
            for line in article.boilerplate_removed
        ],
        "encoding": article.encoding,
        "normalized_sha256": fp.normalized_sha256 if fp else None,
        "minhash": list(fp.minhash) if fp else None,
        "band_keys": list(fp.band_keys) if fp else None,
        "analysis_version": document.analysis_version,
    }


def article_from_row(row: dict[str, Any]) -> Article:
    return article_from(
        row,
        published=row["published"],
        boilerplate=tuple(
            BoilerplateLine(line["text"], line["reason"], line["line_number"])
            for line in row["boilerplate_removed"] or ()
        ),
    )


def write_partition(
    output: Path,
    index: int,
    documents: Sequence[ExtractedDocument | tuple[int, Failure]],
    facts: dict[str, Sequence[FactRow]],
) -> None:
    """Write one partition's three files (``articles`` last, each renamed into place)."""
    articles: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    for entry in documents:
        if isinstance(entry, ExtractedDocument):
            if isinstance(entry.extracted, Failure):
                failures.append(_failure_row(entry.position, entry.extracted, entry.raw.sha256))
            else:
                articles.append(article_row(entry.position, entry))
        else:
            position, failure = entry
            failures.append(_failure_row(position, failure, None))
    extractions = [
        {"article_id": article_id, "kind": kind, "position": position, "sentence": sentence,
         "start": start, "end": end, "text": text, "data": data}
        for article_id, rows in facts.items()
        for kind, position, sentence, start, end, text, data in rows
    ]
    for table, rows in (("failures", failures), ("extractions", extractions),
                        ("articles", articles)):
        path = part_path(output, table, index)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]), temporary)
        os.replace(temporary, path)


def _failure_row(position: int, failure: Failure, raw_sha256: str | None) -> dict[str, Any]:
    return {"position": position, "source": failure.source, "stage": failure.stage,
            "code": failure.code, "reason": failure.reason, "raw_sha256": raw_sha256}


def partition_indexes(output: Path) -> list[int]:
    """Indexes of the complete partitions in an output folder, in order."""
    folder = output / "articles"
    if not folder.is_dir():
        return []
    found = (_PART.match(name) for name in os.listdir(folder))
    return sorted(int(match.group(1)) for match in found if match)


def read_partition(output: Path, index: int) -> tuple[list[LoadedItem], dict[str, list[FactRow]]]:
    """A partition's documents and failures in input order, and its fact rows by article."""
    try:
        articles = pq.read_table(part_path(output, "articles", index)).to_pylist()
        failures = pq.read_table(part_path(output, "failures", index)).to_pylist()
        extractions = pq.read_table(part_path(output, "extractions", index)).to_pylist()
    except (OSError, pa.ArrowException) as exc:
        raise ConfigError(f"cannot read batch partition {index} in {output}: {exc}") from exc
    items = [_loaded_article(row) for row in articles]
    items += [
        LoadedItem(row["position"], row["source"],
                   Failure(row["source"], row["stage"], row["code"], row["reason"]),
                   raw_sha256=row["raw_sha256"])
        for row in failures
    ]
    items.sort(key=lambda item: item.position)
    facts: dict[str, list[FactRow]] = {}
    for row in extractions:
        facts.setdefault(row["article_id"], []).append(
            (row["kind"], row["position"], row["sentence"], row["start"], row["end"],
             row["text"], row["data"])
        )
    return items, facts


def _loaded_article(row: dict[str, Any]) -> LoadedItem:
    raw = RawDocument(source=row["source"], data=row["raw_data"], kind=InputKind(row["raw_kind"]))
    fp = None if row["minhash"] is None else Fingerprint(
        row["normalized_sha256"], tuple(row["minhash"]), tuple(row["band_keys"]))
    return LoadedItem(row["position"], row["source"], raw_sha256=row["raw_sha256"], raw=raw,
                      article=article_from_row(row), fingerprint=fp,
                      analysis_version=row["analysis_version"])


def write_manifest(output: Path, manifest: dict[str, Any]) -> None:
    output.mkdir(parents=True, exist_ok=True)
    temporary = output / f".{MANIFEST}.tmp"
    temporary.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, output / MANIFEST)


def read_manifest(output: Path) -> dict[str, Any]:
    path = output / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{output} holds no batch output (no {MANIFEST})") from exc
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path} is not a batch manifest")
    return data


def clear_output(output: Path) -> None:
    """Remove a previous run's files from ``output`` (only the files a batch run writes)."""
    for table in TABLES:
        folder = output / table
        if folder.is_dir():
            for name in os.listdir(folder):
                if _PART.match(name) or (name.startswith(".part-") and name.endswith(".tmp")):
                    (folder / name).unlink()
    (output / MANIFEST).unlink(missing_ok=True)


__all__ = [
    "ExtractedDocument",
    "LoadedItem",
    "clear_output",
    "partition_indexes",
    "read_manifest",
    "read_partition",
    "write_manifest",
    "write_partition",
]
