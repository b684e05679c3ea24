"""Fetching one URL into a :class:`RawDocument`, within the ingest limits.

This module owns every network request storyline makes. Redirects are
followed by hand rather than by httpx so that each hop's scheme is checked
(a page must not bounce us to ``file:`` or ``ftp:``) and the hop count is
ours to bound; the body is streamed so an endless response stops at
``max_bytes``. httpx errors are translated to :class:`FetchError` here.
"""

from __future__ import annotations

import time
from urllib.parse import urljoin, urlsplit

import httpx

from storyline.config import IngestLimits
from storyline.errors import FetchError, InputTooLarge
from storyline.model import RawDocument
from storyline.sources.detect import detect_kind

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,*/*;q=0.8"


def check_scheme(url: str, limits: IngestLimits) -> None:
    """Raise :class:`FetchError` unless ``url`` is an absolute URL with an allowed scheme."""
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise FetchError(f"not a valid URL: {url!r} ({error})", source=url) from None
    scheme = parts.scheme.lower()
    allowed = ", ".join(limits.allow_schemes)
    if scheme not in limits.allow_schemes:
        shown = f"'{scheme}:'" if scheme else "no scheme"
        raise FetchError(
            f"refusing to fetch {url[:200]!r}: {shown} is not allowed "
            f"(only {allowed} URLs are fetched)",
            source=url,
        )
    if not parts.hostname:
        raise FetchError(f"URL has no host: {url[:200]!r}", source=url)


def fetch_url(url: str, limits: IngestLimits) -> RawDocument:
    """GET ``url`` and return its body, kind detected from the bytes.

    ``source`` is the URL as given and ``url`` the final one after redirects.
    Raises :class:`FetchError` (scheme, network, status, timeout, redirects),
    :class:`InputTooLarge` (body over ``limits.max_bytes``) or the detection
    errors (:class:`UnsupportedInput`, :class:`EmptyInput`).
    """
    check_scheme(url, limits)
    deadline = time.monotonic() + limits.url_timeout_s
    headers = {"User-Agent": limits.user_agent, "Accept": _ACCEPT}
    current = url
    try:
        with httpx.Client(follow_redirects=False, headers=headers) as client:
            for _hop in range(limits.max_redirects + 1):
                timeout = httpx.Timeout(_remaining(deadline, url, limits))
                with client.stream("GET", current, timeout=timeout) as response:
                    location = response.headers.get("location")
                    if response.status_code in _REDIRECT_STATUSES and location:
                        current = urljoin(str(response.url), location)
                        check_scheme(current, limits)
                        continue
                    _check_status(response, url)
                    data = _read_body(response, url, limits, deadline)
                    final_url = str(response.url)
                    content_type = response.headers.get("content-type")
                    break
            else:
                raise FetchError(
                    f"too many redirects (more than {limits.max_redirects}) fetching {url[:200]!r}",
                    source=url,
                )
    except httpx.TimeoutException:
        raise FetchError(
            f"timed out after {limits.url_timeout_s:g}s fetching {url[:200]!r}", source=url
        ) from None
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as error:
        reason = str(error) or type(error).__name__
        raise FetchError(f"could not fetch {url[:200]!r}: {reason}", source=url) from None
    path_name = urlsplit(final_url).path.rsplit("/", 1)[-1] or None
    kind = detect_kind(data, name=path_name, content_type=content_type)
    return RawDocument(source=url, data=data, kind=kind, url=final_url, content_type=content_type)


def _remaining(deadline: float, url: str, limits: IngestLimits) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(
            f"timed out after {limits.url_timeout_s:g}s fetching {url[:200]!r}", source=url)
    return left


def _check_status(response: httpx.Response, url: str) -> None:
    if 200 <= response.status_code < 300:
        return
    phrase = response.reason_phrase or ""
    raise FetchError(
        f"HTTP {response.status_code} {phrase}".rstrip() + f" fetching {url[:200]!r}", source=url
    )


def _read_body(response: httpx.Response, url: str, limits: IngestLimits, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise InputTooLarge(
            f"response declares {int(declared)} bytes, over the {limits.max_bytes}-byte limit",
            source=url,
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise InputTooLarge(
                f"response body is over the {limits.max_bytes}-byte limit", source=url
            )
        chunks.append(chunk)
        _remaining(deadline, url, limits)
    return b"".join(chunks)


__all__ = ["check_scheme", "fetch_url"]
