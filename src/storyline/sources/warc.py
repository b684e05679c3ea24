"""WARC and WARC.gz crawl archives: one :class:`RawDocument` per HTML response.

This module owns reading web archives. Records are streamed with warcio, so
an archive of any size is read in flat memory; only HTML responses become
documents (images, scripts, requests, metadata are not articles). warcio
silently returns a short payload for a truncated record, so each record's
remaining length is checked after reading: a short record fails and ends
the file, keeping every record read before it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.limitreader import LimitReader

from storyline.config import IngestLimits
from storyline.errors import InputTooLarge, MalformedInput, StorylineError
from storyline.model import Failure, InputKind, RawDocument
from storyline.sources.detect import HEAD_BYTES, detect_kind
from storyline.sources.failures import failure_from

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Payload types that are never articles: skipped without reading their bytes.
_SKIP_PREFIXES = (
    "image/", "video/", "audio/", "font/", "application/pdf", "application/zip",
    "application/javascript", "text/javascript", "text/css",
)
_READ_CHUNK = 64 * 1024


class _Truncated(Exception):
    """The archive ended inside a record."""


class _CheckedArchiveIterator(ArchiveIterator):  # type: ignore[misc]
    """Notices an archive that ends inside a record's header block.

    warcio ends iteration quietly there (it takes the cut record for the end
    of the file). Just before it discards its state, the witnesses are: a
    gzip member whose decompressor never reached its end, a partial first
    line held over, or bytes after the end of the last whole record.
    """

    cut_short = False

    def close(self) -> None:
        try:
            self.cut_short = self._ended_inside_a_record()
        except (AttributeError, OSError, TypeError, ValueError):
            pass  # these are warcio internals: if they change, lose the check, not the file
        super().close()

    def _ended_inside_a_record(self) -> bool:
        decompressor = getattr(self.reader, "decompressor", None)
        if decompressor is not None:
            return not getattr(decompressor, "eof", True)
        if self.reader is None:
            return False
        held_over = (self.next_line or b"").strip()
        return bool(held_over) or self.fh.tell() > self.offset


def iter_warc(
    source: str, stream: IO[bytes], limits: IngestLimits
) -> Iterator[RawDocument | Failure]:
    """HTML responses of one WARC stream; a broken record fails and ends the file."""
    number = -1
    skipped = 0
    records = _CheckedArchiveIterator(stream)
    try:
        for number, record in enumerate(records):
            locator = f"{source}#record={number}"
            try:
                document = _record_document(locator, record, limits)
            except StorylineError as error:
                _drain(record)
                yield failure_from(locator, error)
                continue
            if document is None:
                skipped += 1
                continue
            yield document
    # warcio raises whatever its parsing trips on (AttributeError on a header block cut in
    # half, zlib.error, ArchiveLoadFailed...): any of them means this file can't go on.
    except Exception as error:  # noqa: BLE001
        where = f"{source}#record={number + 1}" if not isinstance(error, _Truncated) else \
            f"{source}#record={number}"
        reason = str(error) or type(error).__name__
        yield Failure(where, "read", MalformedInput.code,
                      f"broken or truncated WARC record, rest of the file skipped: {reason}")
        return
    if records.cut_short:
        yield Failure(f"{source}#record={number + 1}", "read", MalformedInput.code,
                      "the archive ends inside a record (truncated file)")
    log.info("%s: %d records, %d skipped as not HTML articles", source, number + 1, skipped)


def _record_document(locator: str, record: Any, limits: IngestLimits) -> RawDocument | None:
    """The document for one record, or None when the record is not an HTML article response."""
    if record.rec_type != "response" or record.http_headers is None:
        _drain(record)
        return None
    status = record.http_headers.get_statuscode() or ""
    content_type = record.http_headers.get_header("Content-Type")
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if not status.startswith("2") or media_type.startswith(_SKIP_PREFIXES):
        _drain(record)
        return None
    payload = record.content_stream()
    head = payload.read(HEAD_BYTES)
    if media_type not in _HTML_TYPES and not _sniffs_html(head):
        _drain(record)
        return None
    chunks = [head]
    size = len(head)
    while chunk := payload.read(_READ_CHUNK):
        size += len(chunk)
        if size > limits.max_bytes:
            raise InputTooLarge(f"record payload is over the {limits.max_bytes}-byte limit")
        chunks.append(chunk)
    _drain(record)
    data = b"".join(chunks)
    if size > limits.max_bytes:
        raise InputTooLarge(f"record payload is over the {limits.max_bytes}-byte limit")
    if not data.strip():
        return None  # an empty 200 response carries no article
    detect_kind(data[:HEAD_BYTES], content_type=content_type)  # refuse binary labelled as HTML
    uri = record.rec_headers.get_header("WARC-Target-URI")
    crawled = record.rec_headers.get_header("WARC-Date")
    return RawDocument(source=locator, data=data, kind=InputKind.HTML, url=uri,
                       content_type=content_type, hints={"crawled": crawled} if crawled else {})


def _sniffs_html(head: bytes) -> bool:
    try:
        return detect_kind(head) is InputKind.HTML
    except StorylineError:
        return False


def _drain(record: Any) -> None:
    """Read the record to its end, raising :class:`_Truncated` if the archive stops short."""
    raw = record.raw_stream
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not isinstance(raw, LimitReader) or not declared.isdigit():
        # Every WARC record declares its length; without one the header block was cut off.
        raise _Truncated("record has no Content-Length (truncated or malformed header block)")
    while raw.read(_READ_CHUNK):
        pass
    if raw.limit > 0:
        raise _Truncated(f"record ends {raw.limit} bytes short of its declared length")


__all__ = ["iter_warc"]
