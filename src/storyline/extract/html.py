"""Main text and metadata of an HTML page, by trafilatura and htmldate.

This module is the only place that calls those libraries; their results are
translated into a plain :class:`PageContent` and their failures into
:class:`ExtractionError`.  Storyline does not write its own main-content
extractor: trafilatura's is measured on a large corpus and ours would not be.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from storyline.errors import EmptyInput, ExtractionError
from storyline.extract import dates


@dataclass(frozen=True, slots=True)
class PageContent:
    text: str
    title: str | None
    author: str | None
    sitename: str | None
    hostname: str | None
    date: date | None  # from the page's markup only (meta tags, JSON-LD, <time>)
    date_evidence: str | None


def extract_page(html: str, url: str | None, *, source: str | None = None, fragment: bool = False) -> PageContent:
    """Main text and metadata of ``html``; raises ExtractionError when there is no main text.

    ``fragment``: ``html`` is already an article body (a feed entry's content, a
    JSON record's html field), so when trafilatura finds it too short to be a
    page, all its text is the article.
    """
    import trafilatura  # imported here so that text-only use does not pay for lxml and friends

    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, favor_precision=True,
            include_images=False, include_links=False, deduplicate=False)
    except Exception as error:  # trafilatura raises a zoo of lxml/ValueError types on odd markup
        raise ExtractionError(f"the HTML could not be parsed ({type(error).__name__}: {error})",
                              source=source) from error
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if not text and fragment:
        text = fragment_text(html)
        if not text:
            raise EmptyInput("the record's html field holds no text", source=source)
    if not text:
        raise ExtractionError(
            "no article text was found in this page (it may be an index, a login wall or a "
            "script-rendered page); save the article's own page or its text instead", source=source)
    published, evidence = _markup_date(html)
    return PageContent(
        text=text,
        title=_clean(getattr(document, "title", None)),
        author=_clean(getattr(document, "author", None)),
        sitename=_clean(getattr(document, "sitename", None)),
        hostname=_clean(getattr(document, "hostname", None)),
        date=published,
        date_evidence=evidence,
    )


_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article")


def fragment_text(html: str) -> str:
    """All visible text of an HTML fragment, one line per block element."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for element in root.xpath(".//script|.//style|.//noscript|.//template"):
        element.drop_tree()
    for element in root.iter("br", *_BLOCKS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _markup_date(html: str) -> tuple[date | None, str | None]:
    # original_date: the first publication, not the last edit; no extensive search
    # (it reads dates out of the free text, which is guessing) and no URL (a URL
    # date is reported as such by the caller, with its own source).
    import htmldate

    try:
        found = htmldate.find_date(html, original_date=True, extensive_search=False)
    except Exception:  # htmldate fails on some malformed trees; a missing date is the honest answer
        return None, None
    if not found:
        return None, None
    value = dates.parse_metadata_date(found)
    return (value, f"html markup: {found}") if value else (None, None)


def _clean(value: object) -> str | None:
    if not value:
        return None
    text = " ".join(str(value).split())
    return text or None
