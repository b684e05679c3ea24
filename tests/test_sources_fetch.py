"""fetch_url and URL / feed inputs against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from storyline.config import IngestLimits
from storyline.errors import FetchError, InputTooLarge
from storyline.model import Failure, InputKind, RawDocument
from storyline.sources import fetch_url, iter_inputs

ARTICLE = b"<!DOCTYPE html><html><head><title>Pier</title></head><body><p>The pier is open.</p></body></html>"
PLAIN = b"The pier is open again after repairs.\n"
LIMITS = IngestLimits(url_timeout_s=5.0, max_redirects=3, max_bytes=4096, user_agent="storyline-test/1")


def _feed(base: str) -> bytes:
    return (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Pier Post</title>"
        f"<item><title>Pier opens</title><link>{base}/article</link>"
        "<pubDate>Wed, 13 Mar 2024 07:00:00 GMT</pubDate><author>ed@pier.example (Ed)</author>"
        "<description>Short teaser.</description></item>"
        f"<item><title>Gone</title><link>{base}/missing</link><description>Teaser.</description></item>"
        "<item><title>Odd link</title><link>ftp://pier.example/x</link><description>Hi.</description></item>"
        "</channel></rss>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep test output quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        path = self.path
        if path == "/article":
            self._send(200, ARTICLE, "text/html; charset=utf-8")
        elif path == "/agent":
            self._send(200, self.headers.get("User-Agent", "").encode(), "text/plain")
        elif path == "/plain-as-html":
            self._send(200, PLAIN, "text/html")
        elif path == "/gzipped":
            self._send(200, gzip.compress(ARTICLE), Content_Encoding="gzip")
        elif path == "/feed":
            self._send(200, _feed(base), "application/rss+xml")
        elif path == "/missing":
            self._send(404, b"<html><body>not here</body></html>")
        elif path == "/broken":
            self._send(500, b"<html><body>oops</body></html>")
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            target = "/article" if left == 0 else f"/hop/{left - 1}"
            self._send(302, b"", Location=target)
        elif path == "/to-file":
            self._send(302, b"", Location="file:///etc/passwd")
        elif path == "/big":
            self._send(200, b"<html><body><p>" + b"wave " * 2000 + b"</p></body></html>")
        elif path == "/big-undeclared":
            # No Content-Length: the client must count while streaming.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"<p>" + b"surf " * 100 + b"</p>")
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, ARTICLE)
        elif path == "/image":
            self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(32), "image/png")
        else:
            self._send(404, b"no such page")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # A proxy from the environment must not intercept requests to the local server.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def test_fetch_html_page(server: str) -> None:
    document = fetch_url(f"{server}/article", LIMITS)
    assert document.data == ARTICLE and document.kind is InputKind.HTML
    assert document.source == f"{server}/article" and document.url == f"{server}/article"
    assert document.content_type == "text/html; charset=utf-8"


def test_user_agent_comes_from_limits(server: str) -> None:
    assert fetch_url(f"{server}/agent", LIMITS).data == b"storyline-test/1"


def test_kind_comes_from_content_not_header(server: str) -> None:
    assert fetch_url(f"{server}/plain-as-html", LIMITS).kind is InputKind.TEXT


def test_gzip_content_encoding_is_decoded(server: str) -> None:
    assert fetch_url(f"{server}/gzipped", LIMITS).data == ARTICLE


def test_redirects_are_followed_and_final_url_kept(server: str) -> None:
    document = fetch_url(f"{server}/hop/2", LIMITS)  # three redirects: the limit
    assert document.data == ARTICLE
    assert document.source == f"{server}/hop/2" and document.url == f"{server}/article"


def test_too_many_redirects(server: str) -> None:
    with pytest.raises(FetchError, match="too many redirects"):
        fetch_url(f"{server}/hop/3", LIMITS)  # four redirects


def test_redirect_to_a_file_url_is_refused(server: str) -> None:
    with pytest.raises(FetchError, match="'file:' is not allowed"):
        fetch_url(f"{server}/to-file", LIMITS)


@pytest.mark.parametrize(("path", "status"), [("/missing", "404"), ("/broken", "500")])
def test_error_status(server: str, path: str, status: str) -> None:
    with pytest.raises(FetchError, match=f"HTTP {status}") as raised:
        fetch_url(f"{server}{path}", LIMITS)
    assert raised.value.code == "E104"


@pytest.mark.parametrize("path", ["/big", "/big-undeclared"])
def test_body_over_the_limit(server: str, path: str) -> None:
    with pytest.raises(InputTooLarge):
        fetch_url(f"{server}{path}", LIMITS)


def test_slow_server_times_out(server: str) -> None:
    impatient = IngestLimits(url_timeout_s=0.3)
    with pytest.raises(FetchError, match="timed out"):
        fetch_url(f"{server}/slow", impatient)


def test_unreachable_port() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # The socket is closed: nothing listens on that port any more.
    with pytest.raises(FetchError, match="could not fetch"):
        fetch_url(f"http://127.0.0.1:{port}/article", LIMITS)


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://127.0.0.1/x", "javascript:alert(1)", "data:text/html,<p>x</p>",
     "http:///no-host"],
)
def test_non_http_schemes_are_refused(url: str) -> None:
    with pytest.raises(FetchError) as raised:
        fetch_url(url, LIMITS)
    assert raised.value.code == "E104"


def test_url_inputs_yield_documents_and_failures(server: str) -> None:
    items = list(iter_inputs(
        [f"{server}/article", f"{server}/missing", "file:///etc/passwd", f"{server}/image",
         f"{server}/big"],
        LIMITS,
    ))
    assert isinstance(items[0], RawDocument) and items[0].kind is InputKind.HTML
    failures = items[1:]
    assert all(isinstance(failure, Failure) for failure in failures)
    assert [(failure.stage, failure.code) for failure in failures] == [
        ("fetch", "E104"), ("fetch", "E104"), ("detect", "E101"), ("fetch", "E103")]
    assert "only http, https" in failures[1].reason


def test_feed_url_fetches_teaser_links(server: str) -> None:
    feed = f"{server}/feed"
    items = list(iter_inputs([feed], LIMITS))
    assert len(items) == 3
    page, missing, odd = items
    assert isinstance(page, RawDocument)
    assert page.source == f"{feed}#entry=0" and page.kind is InputKind.HTML and page.data == ARTICLE
    assert page.url == f"{server}/article"
    assert dict(page.hints) == {"title": "Pier opens", "published": "Wed, 13 Mar 2024 07:00:00 GMT",
                                "outlet": "Pier Post", "author": "ed@pier.example (Ed)"}
    assert isinstance(missing, Failure) and missing.source == f"{feed}#entry=1"
    assert missing.stage == "fetch" and "HTTP 404" in missing.reason
    assert isinstance(odd, Failure) and odd.code == "E104" and "'ftp:'" in odd.reason
