"""``RawDocument -> Article``: the one entry point that puts decoding, cleaning and metadata together.

Precedence, everywhere: what a container already knew (``raw.hints``: a feed
entry's or JSON record's fields) beats what the page's markup says, which beats
what the text says.  Each field records where it came from (``published.source``,
``outlet_source``), and every line taken out of the text is in
``boilerplate_removed`` with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from storyline.config import DEFAULT_LIMITS, IngestLimits
from storyline.errors import EmptyInput, ExtractionError, InputTooLarge
from storyline.extract import dates, outlet as outlets
from storyline.extract.boilerplate import Line, join_lines, remove_boilerplate, strip_markdown
from storyline.extract.decode import decode_bytes, normalize_text
from storyline.extract.header import parse_byline, read_header
from storyline.extract.html import PageContent, extract_page
from storyline.extract.language import detect_language
from storyline.model import (
    NO_DATE,
    Article,
    BoilerplateLine,
    DateSource,
    InputKind,
    PublicationDate,
    RawDocument,
    article_id_for,
)

# Removed lines in which an outlet may name itself ("Follow The Pine Ledger on social media").
_SELF_CREDIT_REASONS = frozenset({"promo", "support-prompt", "author-bio", "byline", "share-prompt", "newsletter-prompt"})
MAX_CREDIT_WORDS = 6  # "— The Associated Press": a credit line is a name, not a sentence
CREDIT_ZONE = 3  # last non-empty lines searched for a credit


@dataclass(frozen=True, slots=True)
class _Body:
    """Text to clean, with whatever the page's markup already said about it."""

    text: str
    encoding: str | None
    numbered: bool  # line numbers refer to the decoded input (False for HTML-extracted text)
    markdown: bool
    page: PageContent | None = None


def extract_article(raw: RawDocument, limits: IngestLimits = DEFAULT_LIMITS) -> Article:
    """Clean text and metadata of one raw document; pure (no I/O, no state).

    Raises ``InputTooLarge``, ``DecodeError``, ``EmptyInput`` (nothing but
    boilerplate) or ``ExtractionError`` (a page without main text).
    """
    hints: Mapping[str, Any] = raw.hints or {}
    if len(raw.data) > limits.max_bytes:
        raise InputTooLarge(
            f"the input is {len(raw.data):,} bytes, over the {limits.max_bytes:,}-byte limit; "
            "split it or raise max_bytes", source=raw.source)
    url = raw.url or _str(hints.get("url"))
    body = _body(raw, hints, url, limits)

    lines = [Line(number if body.numbered else -1, text) for number, text in enumerate(body.text.split("\n"))]
    removed: list[BoilerplateLine] = []
    if body.markdown:
        lines, markup_removed = strip_markdown(lines)
        removed += markup_removed
    kept, junk = remove_boilerplate(lines)
    removed += junk
    known_title = _str(hints.get("title")) or (body.page.title if body.page else None)
    header = read_header(kept, known_title=known_title)
    removed += header.removed
    body_lines, credit = _take_credit(header.body, removed)
    text = join_lines(body_lines)
    if not text and body.page is not None:
        raise ExtractionError(
            "the page's main text is only navigation or boilerplate "
            f"({len(removed)} line(s) removed); save the article's own page or its text instead",
            source=raw.source)
    if not text:
        raise EmptyInput(
            "nothing is left of this document once boilerplate is removed "
            f"({len(removed)} line(s) removed; see boilerplate_removed)", source=raw.source)
    if len(text) > limits.max_text_chars:
        raise InputTooLarge(
            f"the article text is {len(text):,} characters, over the {limits.max_text_chars:,} "
            "limit; split the input or raise max_text_chars", source=raw.source)

    copyright_outlet = next(
        (name for line in removed if line.reason == "copyright"
         for name in [outlets.from_copyright(line.text)] if name), None)
    self_credit = header.byline_outlet or next(
        (name for line in removed if line.reason in _SELF_CREDIT_REASONS
         for name in [outlets.from_self_credit(line.text)] if name), None)
    outlet, outlet_source = _outlet(hints, body.page, url, self_credit, header.dateline_outlet,
                                    copyright_outlet, credit)
    original_outlet = (header.byline_via or header.dateline_outlet or copyright_outlet or credit
                       or _author_outlet(hints, body.page, outlet))
    # A "first published on <date> ... republished with permission" notice is removed
    # from the text but still states the date.
    stated = [line.text for line in body_lines] + [
        line.text for line in removed if line.reason == "distribution-notice"]
    published = _published(hints, body.page, header.published, url, stated)
    removed.sort(key=lambda line: line.line_number)
    return Article(
        id=article_id_for(raw.sha256),
        raw_sha256=raw.sha256,
        source=raw.source,
        kind=raw.kind,
        text=text,
        title=known_title or header.title,
        byline=_byline(hints, body.page, header.byline),
        outlet=outlet,
        original_outlet=original_outlet,
        language=detect_language(text, hints.get("language")),
        published=published,
        url=url,
        outlet_source=outlet_source,
        boilerplate_removed=tuple(removed),
        encoding=body.encoding,
    )


def _body(raw: RawDocument, hints: Mapping[str, Any], url: str | None, limits: IngestLimits) -> _Body:
    if raw.kind in (InputKind.JSON, InputKind.JSONL, InputKind.FEED):
        if _str(hints.get("html")):
            html = normalize_text(str(hints["html"]))
            return _page_body(extract_page(html, url, source=raw.source, fragment=True), None)
        if _str(hints.get("text")):
            return _Body(normalize_text(str(hints["text"])), None, True, True)
        raise EmptyInput("the record has no 'text' or 'html' field to read an article from",
                         source=raw.source)
    if raw.kind is InputKind.HTML:
        html, encoding = decode_bytes(raw.data, raw.content_type, source=raw.source)
        if len(html) > limits.max_text_chars * 10:
            raise InputTooLarge(f"the page is {len(html):,} characters long; raise max_text_chars "
                                "or save the article text instead", source=raw.source)
        return _page_body(extract_page(html, url, source=raw.source), encoding)
    if raw.kind is InputKind.TEXT:
        text, encoding = decode_bytes(raw.data, raw.content_type, source=raw.source)
        if len(text) > limits.max_text_chars * 2:  # leave room for boilerplate; checked again after
            raise InputTooLarge(f"the text is {len(text):,} characters, far over the "
                                f"{limits.max_text_chars:,}-character limit; split the file or "
                                "raise max_text_chars", source=raw.source)
        if not text.strip():
            raise EmptyInput("the file holds no text", source=raw.source)
        return _Body(text, encoding, True, True)
    raise ExtractionError(
        f"a {raw.kind.value} container must be split into records (storyline.sources) before "
        "extraction", source=raw.source)


def _page_body(page: PageContent, encoding: str | None) -> _Body:
    return _Body(normalize_text(page.text), encoding, numbered=False, markdown=False, page=page)


def _take_credit(lines: list[Line], removed: list[BoilerplateLine]) -> tuple[list[Line], str | None]:
    """A closing credit line ("— Associated Press", "Source: Reuters") becomes a record."""
    body = list(lines)
    tail = [i for i, line in enumerate(body) if line.text.strip()][-CREDIT_ZONE:]
    for index in reversed(tail):
        text = body[index].text.strip()
        if len(text.split()) > MAX_CREDIT_WORDS:
            continue
        name = outlets.from_credit(text)
        if name:
            removed.append(BoilerplateLine(text, "credit", body[index].number))
            body[index] = Line(body[index].number, "")
            return body, name
    return body, None


def _outlet(hints: Mapping[str, Any], page: PageContent | None, url: str | None, self_credit: str | None,
            dateline: str | None, copyright_outlet: str | None, credit: str | None,
            ) -> tuple[str | None, str | None]:
    """The publisher: container metadata, then the site, then the outlet naming itself in the
    text (byline, promotion), then whom the text credits (dateline, copyright, credit line)."""
    candidates = (
        (outlets.clean_outlet(_str(hints.get("outlet"))), "metadata"),
        # "WSVN 7News | Miami News, Weather | Fort Lauderdale": the site's name comes first.
        (outlets.clean_outlet(page.sitename.split(" | ")[0]) if page and page.sitename else None, "site"),
        (page.hostname if page else None, "site"),
        (outlets.from_url(url), "site"),
        (self_credit, "credit"),
        (dateline, "dateline"),
        (copyright_outlet, "copyright"),
        (credit, "credit"),
    )
    for name, source in candidates:
        if name:
            return name, source
    return None, None


def _author_outlet(hints: Mapping[str, Any], page: PageContent | None, outlet: str | None) -> str | None:
    """An author field that names an outlet ("Harbor Wire") credits it as the story's origin."""
    author = _str(hints.get("author")) or (page.author if page else None)
    if not author or not outlets.looks_like_outlet(author):
        return None
    name = outlets.clean_outlet(re.sub(r"\s+staff$", "", author, flags=re.IGNORECASE))
    return name if name and name != outlet else None


def _published(hints: Mapping[str, Any], page: PageContent | None, header: PublicationDate | None,
               url: str | None, body: list[str]) -> PublicationDate:
    # "crawled" (a WARC capture time) is deliberately not consulted: it says when a
    # page was fetched, not when it was published.
    found = dates.from_metadata(hints.get("published"))
    if found is None and page is not None and page.date is not None:
        found = PublicationDate(page.date, DateSource.METADATA, page.date_evidence)
    found = found or header or dates.from_url(url) or dates.from_text(body)
    return found or NO_DATE


def _byline(hints: Mapping[str, Any], page: PageContent | None, from_text: str | None) -> str | None:
    for candidate in (_str(hints.get("author")), page.author if page else None):
        if candidate:
            return parse_byline(candidate) or parse_byline(f"By {candidate}") or candidate
    return from_text


def _str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
