"""Content sniffing: which :class:`InputKind` a byte string is.

This module owns the decision "what is this input?" for every source. The
bytes decide; a file name or a Content-Type header only breaks ties, because
news dumps are routinely misnamed (``.txt`` files holding HTML, ``.html``
files holding plain text, feeds served as ``text/html``).
"""

from __future__ import annotations

import codecs
import json
import re
import zlib

from storyline.errors import EmptyInput, UnsupportedInput
from storyline.model import InputKind

# How much of an input is looked at to decide its kind; readers pass at least this.
HEAD_BYTES = 64 * 1024

# Magic numbers of formats that are never articles. Checked before anything
# else so that a PDF that happens to contain "<html" is still refused.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"RIFF", "RIFF container (WebP/WAV/AVI)"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ\x90\x00", "Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (DOC/XLS)"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"ID3", "MP3 audio"),
    (b"\x1a\x45\xdf\xa3", "Matroska/WebM video"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)
_GZIP_MAGIC = b"\x1f\x8b"
_READABLE = "storyline reads text, Markdown, HTML, feeds, JSON, JSON Lines and WARC"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control bytes that plain text never carries (tab, newlines, form feed and ESC excluded).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_CONTROL_TABLE = bytes.maketrans(b"", b"")

_FEED_ROOT = re.compile(r"<(rss|rdf:rdf|feed)\b", re.IGNORECASE)
_ATOM_NS = "http://www.w3.org/2005/atom"
_HTML_DOCUMENT = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_BLOCK = re.compile(
    r"<(p|div|article|section|br|h[1-6]|ul|ol|li|table|span|a|meta|title|main|header|footer|nav)"
    r"[\s/>]|</(p|div|article|section|h[1-6]|li|span|a|main)>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"</?[a-z][a-z0-9]*[\s/>]", re.IGNORECASE)
_JSON_START = re.compile(r"\s*(\{\s*(\"|\})|\[\s*(\{|\[|\"|\]))")

_HTML_NAMES = (".html", ".htm", ".xhtml", ".shtml")
_JSONL_NAMES = (".jsonl", ".ndjson", ".jsonl.txt")


def detect_kind(
    data: bytes, name: str | None = None, content_type: str | None = None
) -> InputKind:
    """Say what ``data`` is, from its content first; ``name`` and ``content_type`` are hints.

    Raises :class:`UnsupportedInput` for binary data and :class:`EmptyInput`
    for data holding nothing but whitespace.
    """
    return sniff(data[:HEAD_BYTES], complete=len(data) <= HEAD_BYTES, name=name,
                 content_type=content_type, whole=data)


def sniff(
    head: bytes,
    *,
    complete: bool,
    name: str | None = None,
    content_type: str | None = None,
    whole: bytes | None = None,
) -> InputKind:
    """Classify from the first bytes of an input; ``complete`` says whether ``head`` is all of it.

    Readers of large files call this with only the head so that a 2 GB WARC
    is classified without being read; ``whole`` (when given) lets a JSON
    document be parsed to tell JSON from JSON Lines.
    """
    lowered_name = (name or "").lower()
    lowered_type = (content_type or "").lower()
    if head.startswith(b"WARC/1."):
        return InputKind.WARC
    if head.startswith(_GZIP_MAGIC):
        if _gunzip_head(head).startswith(b"WARC/1."):
            return InputKind.WARC
        raise UnsupportedInput(
            "gzip-compressed data that is not a WARC archive; decompress it first")
    text = _head_text(head)
    if not text.strip():
        if complete:
            raise EmptyInput("the input holds no text (empty or whitespace only)")
        return InputKind.TEXT
    stripped = text.lstrip()
    feed = _FEED_ROOT.search(text[:8192])
    if feed and not _HTML_DOCUMENT.search(text[: feed.start()]):
        tag = feed.group(1).lower()
        if tag != "feed" or _ATOM_NS in text[:8192].lower() or stripped.startswith("<?xml"):
            return InputKind.FEED
    json_kind = _json_kind(stripped, complete=complete, name=lowered_name, whole=whole)
    if json_kind is not None:
        return json_kind
    if _looks_like_html(text, name=lowered_name, content_type=lowered_type):
        return InputKind.HTML
    return InputKind.TEXT


def contains_tags(text: str) -> bool:
    """Whether a string holds at least one HTML-looking tag (for fields declared as HTML)."""
    return _ANY_TAG.search(text) is not None


def looks_like_html(text: str) -> bool:
    """Whether a string (a JSON field, a feed summary) is markup rather than plain text."""
    return _looks_like_html(text, name="", content_type="")


def _looks_like_html(text: str, *, name: str, content_type: str) -> bool:
    head = text[:HEAD_BYTES]
    if _HTML_DOCUMENT.search(head):
        return True
    blocks = len(_HTML_BLOCK.findall(head))
    if blocks >= 3 or (head.lstrip().startswith("<") and blocks >= 1):
        return True
    # A fragment such as "<p>One line.</p>" is HTML only if the name or header agrees.
    hinted = name.endswith(_HTML_NAMES) or "html" in content_type
    return hinted and _ANY_TAG.search(head) is not None


def _json_kind(
    stripped: str, *, complete: bool, name: str, whole: bytes | None
) -> InputKind | None:
    if not stripped.startswith(("{", "[")):
        return None
    if complete and whole is not None:
        try:
            parsed = json.loads(whole)
        except (ValueError, UnicodeDecodeError):
            pass
        else:
            one_record = isinstance(parsed, dict) and len(stripped.splitlines()) == 1
            return InputKind.JSONL if one_record and name.endswith(_JSONL_NAMES) else InputKind.JSON
    lines = stripped.splitlines()
    if not complete and len(lines) > 1:
        lines = lines[:-1]  # the last line of a truncated head is probably cut
    candidates = [line.strip() for line in lines[:50] if line.strip()]
    # JSON Lines open with a whole object on line one; pretty-printed JSON never does.
    if candidates and _is_json_object(candidates[0]):
        braced = sum(1 for line in candidates if line.startswith("{"))
        if len(candidates) >= 2 and braced >= 0.8 * len(candidates):
            return InputKind.JSONL
        if name.endswith(_JSONL_NAMES):
            return InputKind.JSONL
    # Broken or truncated JSON is still JSON: its parser reports what is wrong.
    return InputKind.JSON if _JSON_START.match(stripped) else None


def _is_json_object(line: str) -> bool:
    if not (line.startswith("{") and line.endswith("}")):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _head_text(head: bytes) -> str:
    """Decode enough of the head to pattern-match on, refusing binary data."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            # Drop a trailing partial code unit rather than failing on it.
            return head[len(bom):].decode(encoding, errors="ignore")
    for magic, label in _BINARY_MAGIC:
        if head.startswith(magic):
            raise UnsupportedInput(f"binary input ({label}); {_READABLE}")
    sample = head[:8192]
    if b"\x00" in sample:
        raise UnsupportedInput(f"binary input (NUL bytes); {_READABLE}")
    controls = len(sample) - len(sample.translate(_CONTROL_TABLE, _CONTROL))
    if controls > 0.05 * len(sample):
        raise UnsupportedInput(f"binary input (control bytes); {_READABLE}")
    return head.decode("utf-8", errors="replace")


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(wbits=31).decompress(head, 64)
    except zlib.error:
        return b""


__all__ = ["HEAD_BYTES", "contains_tags", "detect_kind", "looks_like_html", "sniff"]
