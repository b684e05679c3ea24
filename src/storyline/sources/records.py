"""JSON and JSON Lines article dumps: one :class:`RawDocument` per record.

This module owns the mapping from the many field spellings scrapers use
(``maintext``, ``date_publish``, ``source_domain``, NewsAPI's
``source.name`` ...) onto the normalised ``hints`` keys extraction reads:
``text``, ``html``, ``title``, ``url``, ``published``, ``outlet``,
``author``, ``language``. JSON Lines files are streamed line by line with a
per-line size bound, so a 10 GB dump is read in flat memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import IO, Any

from storyline.config import IngestLimits
from storyline.errors import InputTooLarge, MalformedInput
from storyline.model import Failure, InputKind, RawDocument
from storyline.sources.detect import looks_like_html

# Field spellings, in order of preference, for each normalised hint.
_TEXT_FIELDS = ("text", "body", "content", "article", "maintext", "article_text", "full_text")
_HTML_FIELDS = ("html", "raw_html", "content_html", "body_html")
_TITLE_FIELDS = ("title", "headline")
_URL_FIELDS = ("url", "link", "canonical_url", "uri")
_PUBLISHED_FIELDS = ("date", "published", "published_at", "publishedAt", "date_publish", "pubDate",
                     "datePublished", "publication_date")
_OUTLET_FIELDS = ("outlet", "source", "publisher", "site_name", "source_domain", "domain")
_AUTHOR_FIELDS = ("author", "authors", "byline", "creator")
_LANGUAGE_FIELDS = ("language", "lang")
# Containers a JSON document may hold its records under.
_LIST_FIELDS = ("articles", "items", "data", "results", "documents")


def record_hints(record: Mapping[str, Any]) -> dict[str, str]:
    """Normalised hints from one article record; keys with no value are left out."""
    hints: dict[str, str] = {}
    text = _first(record, _TEXT_FIELDS, _as_text)
    html = _first(record, _HTML_FIELDS, _as_text)
    if text and not html and looks_like_html(text):
        # A "content" field holding markup is HTML: extraction must strip the tags, not keep
        # them as words.
        html, text = text, None
    for key, value in (
        ("text", text),
        ("html", html),
        ("title", _first(record, _TITLE_FIELDS, _as_text)),
        ("url", _first(record, _URL_FIELDS, _as_text)),
        ("published", _first(record, _PUBLISHED_FIELDS, _as_scalar)),
        ("outlet", _first(record, _OUTLET_FIELDS, _as_name)),
        ("author", _first(record, _AUTHOR_FIELDS, _as_names)),
        ("language", _first(record, _LANGUAGE_FIELDS, _as_text)),
    ):
        if value:
            hints[key] = value
    return hints


def record_document(source: str, data: bytes, record: Any) -> RawDocument:
    """The raw document for one parsed record.

    Raises :class:`MalformedInput` if the record is not an object or holds no article text.
    """
    if not isinstance(record, Mapping):
        raise MalformedInput(f"record is a JSON {type(record).__name__}, not an object",
                             source=source)
    hints = record_hints(record)
    if "text" not in hints and "html" not in hints:
        fields = ", ".join(_TEXT_FIELDS + _HTML_FIELDS)
        raise MalformedInput(f"record has no article text (looked for: {fields})", source=source)
    url = hints.get("url")
    return RawDocument(source=source, data=data, kind=InputKind.JSON,
                       url=url if url and url.startswith(("http://", "https://")) else None,
                       hints=hints)


def iter_json_document(source: str, data: bytes) -> Iterator[RawDocument | Failure]:
    """Records of a whole JSON document: an array, an object wrapping one, or one article object."""
    try:
        parsed = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        yield _failure(source, MalformedInput(f"not valid JSON: {error}"))
        return
    items = parsed
    if isinstance(parsed, Mapping):
        lists = (parsed[key] for key in _LIST_FIELDS if isinstance(parsed.get(key), list))
        items = next(lists, None)
        if items is None:
            # A single article object: the file itself is the record.
            yield _guarded(source, lambda: record_document(source, data, parsed))
            return
    if not isinstance(items, list):
        kind = type(items).__name__
        yield _failure(source, MalformedInput(f"JSON holds a {kind}, not article records"))
        return
    for index, item in enumerate(items):
        locator = f"{source}#index={index}"
        canonical = json.dumps(item, sort_keys=True, ensure_ascii=False).encode("utf-8")
        yield _guarded(locator, lambda: record_document(locator, canonical, item))


def iter_jsonl(
    source: str, stream: IO[bytes], limits: IngestLimits
) -> Iterator[RawDocument | Failure]:
    """Records of a JSON Lines stream; a broken or oversized line fails alone."""
    for number, line in _iter_lines(stream, limits.max_bytes):
        locator = f"{source}#line={number}"
        if line is None:
            too_long = InputTooLarge(f"line is over the {limits.max_bytes}-byte limit")
            yield _failure(locator, too_long)
            continue
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        line = line.strip()
        if not line:
            continue
        try:
            record = json.loads(line)
        except (ValueError, UnicodeDecodeError) as error:
            yield _failure(locator, MalformedInput(f"not valid JSON: {error}"))
            continue
        yield _guarded(locator, lambda: record_document(locator, line, record))


def _iter_lines(stream: IO[bytes], max_len: int) -> Iterator[tuple[int, bytes | None]]:
    """(1-based line number, bytes) per line; None for a line over ``max_len``, which is skipped."""
    number = 0
    while True:
        line = stream.readline(max_len + 1)
        if not line:
            return
        number += 1
        if len(line) > max_len and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(1024 * 1024)  # skip the rest without holding it
            yield number, None
            continue
        yield number, line


def _guarded(source: str, build: Any) -> RawDocument | Failure:
    try:
        document: RawDocument = build()
    except MalformedInput as error:
        return _failure(source, error)
    return document


def _failure(source: str, error: InputTooLarge | MalformedInput) -> Failure:
    return Failure(source=source, stage="read", code=error.code, reason=error.message)


def _first(record: Mapping[str, Any], fields: tuple[str, ...], convert: Any) -> str | None:
    for name in fields:
        if name in record:
            value = convert(record[name])
            if value:
                return str(value)
    return None


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and value and all(isinstance(part, str) for part in value):
        # Some scrapers store the body as a list of paragraphs.
        return "\n\n".join(part.strip() for part in value if part.strip()) or None
    return None


def _as_scalar(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    return _as_text(value)


def _as_name(value: Any) -> str | None:
    if isinstance(value, Mapping):
        # NewsAPI style: "source": {"id": "bbc-news", "name": "BBC News"}
        return _as_text(value.get("name")) or _as_text(value.get("title"))
    return _as_text(value) if isinstance(value, str) else None


def _as_names(value: Any) -> str | None:
    if isinstance(value, list):
        names = [_as_name(part) for part in value]
        return ", ".join(name for name in names if name) or None
    return _as_name(value)


__all__ = ["iter_json_document", "iter_jsonl", "record_document", "record_hints"]
