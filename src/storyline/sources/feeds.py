"""RSS and Atom feeds: one :class:`RawDocument` per entry that carries an article.

This module owns feed parsing. Entity declarations are refused before the
parser sees the bytes: feedparser falls back to a lenient parser on errors,
and no news feed needs a DTD, so refusing ``<!ENTITY`` / an internal DTD
subset outright is the one defence that cannot be bypassed by a parser
mode (billion laughs, external entities). Entries that only carry a teaser
have their link fetched so the article itself is ingested.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any

import feedparser

from storyline.config import IngestLimits
from storyline.errors import InputError, MalformedInput
from storyline.model import Failure, InputKind, RawDocument
from storyline.sources.detect import contains_tags, looks_like_html
from storyline.sources.failures import failure_from
from storyline.sources.fetch import fetch_url

# A summary this long is the article (many feeds put the full text there).
FULL_TEXT_MIN_WORDS = 150

_DTD_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)

Fetcher = Callable[[str, IngestLimits], RawDocument]


def check_feed_safe(data: bytes) -> None:
    """Raise :class:`MalformedInput` if the feed declares entities or an internal DTD subset."""
    probe = data
    # UTF-32 first: its little-endian BOM begins with the UTF-16 one.
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                          (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            probe = data[len(bom):].decode(encoding, errors="replace").encode("utf-8")
            break
    if _ENTITY.search(probe) or _DTD_SUBSET.search(probe):
        raise MalformedInput(
            "feed declares XML entities or a DTD subset; refused as unsafe (entity expansion)"
        )


def iter_feed(
    source: str, data: bytes, limits: IngestLimits, fetch: Fetcher = fetch_url
) -> Iterator[RawDocument | Failure]:
    """Entries of one feed document, at most ``limits.max_feed_entries`` of them."""
    try:
        check_feed_safe(data)
    except MalformedInput as error:
        yield Failure(source, "read", error.code, error.message)
        return
    # A stream, never a str or bytes: feedparser tries those as a URL or a file name to open.
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False)
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else "no entries"
        yield Failure(source, "read", MalformedInput.code, f"malformed or empty feed: {problem}")
        return
    outlet = _clean(parsed.get("feed", {}).get("title"))
    for number, entry in enumerate(entries[: limits.max_feed_entries]):
        locator = f"{source}#entry={number}"
        try:
            yield _entry_document(locator, entry, outlet, limits, fetch)
        except InputError as error:
            # Only the link fetch raises anything but MalformedInput.
            yield failure_from(locator, error, fetched=not isinstance(error, MalformedInput))


def _entry_document(
    locator: str, entry: Mapping[str, Any], outlet: str | None, limits: IngestLimits, fetch: Fetcher
) -> RawDocument:
    link = _clean(entry.get("link"))
    meta = {
        "title": _clean(entry.get("title")),
        "url": link,
        "published": _clean(_field(entry, "published") or _field(entry, "updated")),
        "outlet": outlet,
        "author": _author(entry),
    }
    meta = {key: value for key, value in meta.items() if value}
    body_key, body = _full_text(entry)
    if body is not None:
        hints = {body_key: body, **meta}
        data = json.dumps(_entry_record(entry, outlet), sort_keys=True, ensure_ascii=False)
        return RawDocument(source=locator, data=data.encode("utf-8"), kind=InputKind.FEED,
                           url=link, hints=hints)
    if not link:
        raise MalformedInput("entry has neither full text nor a link to the article")
    page = fetch(link, limits)
    if page.kind not in (InputKind.HTML, InputKind.TEXT):
        raise MalformedInput(
            f"entry link {link!r} is a {page.kind.value} document, not an article page")
    hints = {key: value for key, value in meta.items() if key != "url"}
    return replace(page, source=locator, hints={**page.hints, **hints})


def _full_text(entry: Mapping[str, Any]) -> tuple[str, str | None]:
    """("html" or "text", body) for content:encoded / Atom content or a long summary."""
    candidates = [part for part in entry.get("content") or [] if _clean(part.get("value"))]
    summary = _clean(entry.get("summary"))
    if summary and len(summary.split()) >= FULL_TEXT_MIN_WORDS:
        candidates.append({"value": summary, "type": entry.get("summary_detail", {}).get("type")})
    if not candidates:
        return "text", None
    best = max(candidates, key=lambda part: len(part["value"]))
    value = best["value"].strip()
    # feedparser labels every RSS description text/html, so a declared type only counts with tags.
    declared_html = "html" in (best.get("type") or "")
    markup = contains_tags(value) if declared_html else looks_like_html(value)
    return ("html" if markup else "text"), value


def _entry_record(entry: Mapping[str, Any], outlet: str | None) -> dict[str, Any]:
    """The entry's own fields, as plain JSON values (the raw bytes an article id is hashed from)."""
    record: dict[str, Any] = {"feed_title": outlet}
    for key in ("id", "title", "link", "published", "updated", "author", "summary"):
        value = _field(entry, key)
        if isinstance(value, str):
            record[key] = value
    record["content"] = [part.get("value") for part in entry.get("content") or []
                         if isinstance(part.get("value"), str)]
    return record


def _author(entry: Mapping[str, Any]) -> str | None:
    names = [_clean(author.get("name")) for author in entry.get("authors") or []
             if isinstance(author, Mapping)]
    names = [name for name in names if name]
    if len(names) > 1:
        return ", ".join(names)
    # One author: the raw string, because feedparser mangles "ed@x.example (Ed)" into its parts.
    return _clean(entry.get("author")) or (names[0] if names else None)


def _field(entry: Mapping[str, Any], key: str) -> Any:
    # Plain dict lookup: FeedParserDict maps a missing "updated" onto "published" with a warning.
    return dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)


def _clean(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


__all__ = ["FULL_TEXT_MIN_WORDS", "check_feed_safe", "iter_feed"]
