"""detect_kind: content decides, names and headers only break ties."""

from __future__ import annotations

import gzip
import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.errors import EmptyInput, UnsupportedInput
from storyline.model import InputKind
from storyline.sources import detect_kind


def _warc_bytes(*, compress: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        "https://example.test/", "response", payload=io.BytesIO(b"<p>hi</p>"), http_headers=headers))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"<!DOCTYPE html><html><body><p>Quay</p></body></html>", "page.html", InputKind.HTML),
        (b"<!doctype html><title>x</title><p>Quay</p>", "notes.txt", InputKind.HTML),
        (b"<div><p>One.</p><p>Two.</p></div>", "story.txt", InputKind.HTML),
        (b"  \n<html>\n<body>Hello</body></html>", None, InputKind.HTML),
        (b"The ferry ran again.\n\nCrews were pleased.", "story.html", InputKind.TEXT),
        (b"# Title\n\nSome *markdown* text.", "story.md", InputKind.TEXT),
        (b"<?xml version='1.0'?><rss version='2.0'><channel/></rss>", "x.html", InputKind.FEED),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title></feed>", None, InputKind.FEED),
        (b"<?xml version='1.0'?><rdf:RDF xmlns:rdf='x'></rdf:RDF>", None, InputKind.FEED),
        (b'[{"title": "a", "text": "b"}]', "dump.txt", InputKind.JSON),
        (b'{"articles": []}', None, InputKind.JSON),
        (b'{"a": 1}\n{"a": 2}\n{"a": 3}\n', "dump.json", InputKind.JSONL),
        (b'{"a": 1}\n', "one.jsonl", InputKind.JSONL),
        (b"[Updated] The quay reopened on Friday.", None, InputKind.TEXT),
        (b"Prices rose 5% {roughly} in March.", None, InputKind.TEXT),
    ],
)
def test_kind_comes_from_content(data: bytes, name: str | None, expected: InputKind) -> None:
    assert detect_kind(data, name) is expected


def test_html_fragment_needs_a_hint() -> None:
    fragment = b"The mayor said <em>very little</em> about costs."
    assert detect_kind(fragment) is InputKind.TEXT
    assert detect_kind(fragment, "story.html") is InputKind.HTML
    assert detect_kind(fragment, content_type="text/html; charset=utf-8") is InputKind.HTML


@pytest.mark.parametrize("compress", [False, True])
def test_warc_detected_plain_and_gzipped(compress: bool) -> None:
    assert detect_kind(_warc_bytes(compress=compress), "crawl.bin") is InputKind.WARC


def test_utf16_text_with_bom_is_text_not_binary() -> None:
    data = "\ufeffThe ferry ran.".encode("utf-16-le")
    assert detect_kind(data) is InputKind.TEXT


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"GIF89a\x01\x00\x01\x00",
        b"PK\x03\x04\x14\x00\x00\x00",
        b"\x7fELF\x02\x01\x01",
        gzip.compress(b"<html><p>not a warc</p></html>"),
        b"text with a \x00 NUL byte",
        bytes(range(256)) * 4,
    ],
)
def test_binary_is_unsupported(data: bytes) -> None:
    with pytest.raises(UnsupportedInput) as raised:
        detect_kind(data, "article.txt")
    assert raised.value.code == "E101"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\ufeff  ".encode("utf-8")])
def test_empty_is_empty(data: bytes) -> None:
    with pytest.raises(EmptyInput) as raised:
        detect_kind(data)
    assert raised.value.code == "E102"


def test_broken_json_array_is_still_json() -> None:
    # Its reader reports the syntax error; treating it as prose would hide the problem.
    assert detect_kind(b'[{"title": "a", ') is InputKind.JSON
    assert detect_kind(b'{"title": "cut') is InputKind.JSON
