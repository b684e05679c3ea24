"""Streaming and robustness: flat memory over a large corpus; no input ever raises out."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.errors import EmptyInput, UnsupportedInput
from storyline.model import Failure, InputKind, RawDocument
from storyline.sources import detect_kind, iter_inputs

RECORDS = 12_000
BODY = "The tide came in over the harbour wall again this morning. " * 12  # ~700 bytes


def _peak_while_draining(inputs: list[str]) -> tuple[int, int]:
    tracemalloc.start()
    try:
        count = 0
        for item in iter_inputs(inputs):
            assert isinstance(item, RawDocument)
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return count, peak


def test_memory_stays_flat_over_a_large_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    with path.open("w") as handle:
        for number in range(RECORDS):
            handle.write(json.dumps({"title": f"Item {number}", "text": BODY}) + "\n")
    size = path.stat().st_size
    count, peak = _peak_while_draining([str(path)])
    assert count == RECORDS
    # The file is ~9 MB; holding it (or its records) would show up as a peak of that order.
    assert peak < size / 10, (peak, size)


def test_memory_stays_flat_over_a_large_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    page = f"<html><body><p>{BODY}</p></body></html>".encode()
    headers = [("Content-Type", "text/html")]
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number in range(3000):
            http_headers = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://tide.example/{number}", "response", payload=io.BytesIO(page),
                http_headers=http_headers))
    count, peak = _peak_while_draining([str(path)])
    assert count == 3000
    assert peak < 3000 * len(page) / 10, peak


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_detect_kind_only_raises_its_own_errors(data: bytes) -> None:
    try:
        kind = detect_kind(data)
    except (UnsupportedInput, EmptyInput):
        return
    assert isinstance(kind, InputKind)


_SNIPPETS = st.sampled_from([
    b"WARC/1.0\r\n", b"<rss>", b"<?xml version='1.0'?>", b"<feed xmlns='http://www.w3.org/2005/Atom'>",
    b"{", b"}", b"[", b"]", b'"text": "x"', b"\n", b"<html>", b"<item>", b"</item>", b"\x1f\x8b",
    b"<!DOCTYPE x [", b"Content-Length: 5\r\n", b"\r\n\r\n", b"plain words ",
])


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(_SNIPPETS | st.binary(max_size=16), max_size=30))
def test_any_file_yields_items_and_never_raises(tmp_path: Path, parts: list[bytes]) -> None:
    path = tmp_path / "input.bin"
    path.write_bytes(b"".join(parts))
    items = list(iter_inputs([str(path)]))
    assert all(isinstance(item, (RawDocument, Failure)) for item in items)
