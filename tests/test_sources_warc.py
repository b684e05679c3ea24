"""WARC / WARC.gz: HTML responses become documents; broken archives keep what came before."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.config import IngestLimits
from storyline.model import Failure, InputKind, RawDocument
from storyline.sources import iter_inputs

PAGE_ONE = b"<html><head><title>Quay</title></head><body><p>The quay reopened.</p></body></html>"
PAGE_TWO = b"<!DOCTYPE html><html><body><article><p>Ferries ran all day.</p></article></body></html>"
PAGE_THREE = b"<html><body><p>A new tide gauge went up on the pier.</p></body></html>"


def _response(writer: WARCWriter, uri: str, body: bytes, headers: list[tuple[str, str]],
              status: str = "200 OK") -> None:
    http_headers = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                  http_headers=http_headers))


def _chunked(body: bytes) -> bytes:
    middle = len(body) // 2
    parts = [body[:middle], body[middle:]]
    return b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts) + b"0\r\n\r\n"


def _archive(*, compress: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    _response(writer, "https://coast.example/quay", PAGE_ONE,
              [("Content-Type", "text/html; charset=utf-8")])
    _response(writer, "https://coast.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(40),
              [("Content-Type", "image/png")])
    _response(writer, "https://coast.example/ferries", _chunked(gzip.compress(PAGE_TWO)),
              [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked"),
               ("Content-Encoding", "gzip")])
    _response(writer, "https://coast.example/style.css", b"body { color: red }",
              [("Content-Type", "text/css")])
    # Mislabelled as plain text, but the bytes are HTML.
    _response(writer, "https://coast.example/gauge", PAGE_THREE, [("Content-Type", "text/plain")])
    _response(writer, "https://coast.example/gone", b"<html><body>Not found</body></html>",
              [("Content-Type", "text/html")], status="404 Not Found")
    return buffer.getvalue()


@pytest.mark.parametrize("compress", [False, True])
def test_html_responses_become_documents(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(_archive(compress=compress))
    items = list(iter_inputs([str(path)]))
    assert all(isinstance(item, RawDocument) for item in items)
    assert [item.source for item in items] == [f"{path}#record=1", f"{path}#record=3",
                                               f"{path}#record=5"]
    quay, ferries, gauge = items
    assert quay.data == PAGE_ONE and quay.kind is InputKind.HTML
    assert quay.url == "https://coast.example/quay"
    assert quay.content_type == "text/html; charset=utf-8"
    assert quay.hints["crawled"].startswith("20")
    assert ferries.data == PAGE_TWO  # de-chunked and gunzipped
    assert gauge.data == PAGE_THREE and gauge.url == "https://coast.example/gauge"


def test_misnamed_warc_is_found_by_content(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(_archive(compress=True))
    assert len([item for item in iter_inputs([str(path)]) if isinstance(item, RawDocument)]) == 3


def test_record_over_the_limit_fails_alone(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    _response(writer, "https://coast.example/long", b"<html><body><p>" + b"wave " * 400 + b"</p>",
              [("Content-Type", "text/html")])
    _response(writer, "https://coast.example/quay", PAGE_ONE, [("Content-Type", "text/html")])
    path = tmp_path / "limit.warc.gz"
    path.write_bytes(buffer.getvalue())
    failure, document = list(iter_inputs([str(path)], IngestLimits(max_bytes=1000)))
    assert isinstance(failure, Failure) and failure.code == "E103"
    assert failure.source == f"{path}#record=0"
    assert isinstance(document, RawDocument) and document.data == PAGE_ONE


@pytest.mark.parametrize("compress", [False, True])
def test_truncated_archive_keeps_earlier_records(tmp_path: Path, compress: bool) -> None:
    data = _archive(compress=compress)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: len(data) - 60])  # cuts into the last (404) record
    items = list(iter_inputs([str(path)]))
    documents = [item for item in items if isinstance(item, RawDocument)]
    assert [document.data for document in documents] == [PAGE_ONE, PAGE_TWO, PAGE_THREE]
    assert isinstance(items[-1], Failure) and items[-1].code == "E105"


def test_truncated_inside_an_html_record(tmp_path: Path) -> None:
    data = _archive(compress=False)
    cut = data.index(b"The quay reopened") + 5
    path = tmp_path / "cut.warc"
    path.write_bytes(data[:cut])
    (failure,) = list(iter_inputs([str(path)]))
    assert isinstance(failure, Failure) and failure.code == "E105"
    assert failure.source == f"{path}#record=1"


@pytest.mark.parametrize("compress", [False, True])
def test_garbage_after_records_is_a_failure(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(_archive(compress=compress) + b"this is not a warc record\r\n\r\n" * 3)
    items = list(iter_inputs([str(path), str(path)]))
    documents = [item for item in items if isinstance(item, RawDocument)]
    failures = [item for item in items if isinstance(item, Failure)]
    assert len(documents) == 6 and len(failures) == 2  # the second input still runs
    assert all(failure.code == "E105" and failure.stage == "read" for failure in failures)


def test_real_pages_from_gold(tmp_path: Path, gold_root: Path) -> None:
    # Read at test time only: gold pages are never copied into the repository.
    gold_html = gold_root / "html-dev" / "trafilatura"
    pages = sorted(gold_html.glob("*.html.gz"))[:2]
    if len(pages) < 2:
        pytest.skip(f"gold HTML pages not found at {gold_html}")
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    bodies = [gzip.decompress(page.read_bytes()) for page in pages]
    for number, body in enumerate(bodies):
        _response(writer, f"https://gold.example/{number}", body, [("Content-Type", "text/html")])
    path = tmp_path / "gold.warc.gz"
    path.write_bytes(buffer.getvalue())
    items = list(iter_inputs([str(path)]))
    assert [item.data for item in items if isinstance(item, RawDocument)] == bodies
