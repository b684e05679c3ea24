"""HTML pages and JSON/feed records: trafilatura for the text, markup for metadata."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.errors import EmptyInput, ExtractionError
from storyline.extract import extract_article
from storyline.model import DateSource, InputKind, RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


@pytest.fixture(scope="module")
def page():  # type: ignore[no-untyped-def]
    data = (FIXTURES / "syndicated_page.html").read_bytes()
    raw = RawDocument("syndicated_page.html", data, InputKind.HTML,
                      url="https://valleyherald.example/science/glacier-retreat",
                      content_type="text/html; charset=utf-8", hints={"crawled": "2025-01-01T00:00:00Z"})
    return extract_article(raw)


def test_page_metadata(page) -> None:  # type: ignore[no-untyped-def]
    assert page.title == "Glacier retreat speeds up, survey finds"
    assert page.byline == "Lena Fischer"
    assert page.published.value == date(2023, 8, 21)
    assert page.published.source is DateSource.METADATA
    assert page.language == "en"
    assert page.url == "https://valleyherald.example/science/glacier-retreat"


def test_syndicated_copy_credits_the_agency(page) -> None:  # type: ignore[no-untyped-def]
    assert (page.outlet, page.outlet_source) == ("Valley Herald", "site")
    assert page.original_outlet == "Associated Press"


def test_page_text_is_the_article_only(page) -> None:  # type: ignore[no-untyped-def]
    assert page.text.startswith("The largest glacier")
    assert "unstable moraine" in page.text
    for junk in ("Home", "Privacy policy", "Share this", "(AP)"):
        assert junk not in page.text
    assert {line.reason for line in page.boilerplate_removed} >= {"share-prompt", "dateline", "title"}
    assert all(line.line_number == -1 for line in page.boilerplate_removed)


def test_page_without_article_text() -> None:
    raw = RawDocument("empty.html", b"<html><head><title>Index</title></head><body><nav>Home</nav></body></html>",
                      InputKind.HTML)
    with pytest.raises(ExtractionError) as error:
        extract_article(raw)
    assert error.value.code == "E200"


def test_feed_entry_with_html_and_metadata() -> None:
    html = ("<article><p>The ski lifts opened a week early after heavy snow fell across the northern slopes, "
            "the resort operator said on Friday.</p><p>Ticket prices are unchanged from last winter, "
            "and the night piste will open at Christmas.</p></article>")
    raw = RawDocument("feed.xml#2", b"<item/>", InputKind.FEED,
                      hints={"html": html, "title": "Lifts open early", "published": "2022-11-25T09:00:00Z",
                             "outlet": "Alpine Post", "url": "https://alpinepost.example/2022/11/20/lifts"})
    article = extract_article(raw)
    assert article.title == "Lifts open early"
    assert article.published.value == date(2022, 11, 25) and article.published.source is DateSource.METADATA
    assert (article.outlet, article.outlet_source) == ("Alpine Post", "metadata")
    assert "ski lifts opened a week early" in article.text
    assert article.url == "https://alpinepost.example/2022/11/20/lifts"


def test_json_record_without_text() -> None:
    with pytest.raises(EmptyInput):
        extract_article(RawDocument("r.jsonl#4", b"{}", InputKind.JSONL, hints={"title": "Only a title"}))


def test_cp1252_page_with_meta_charset() -> None:
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            '<title>Caf\u00e9 reopens</title></head><body><article><p>The caf\u00e9 on the square reopened on Monday '
            'after renovation work that lasted most of the summer, its owner said.</p><p>\u201cWe kept the old '
            'counter,\u201d she said, adding that prices would stay the same until the end of the year.</p>'
            '</article></body></html>')
    article = extract_article(RawDocument("p.html", html.encode("cp1252"), InputKind.HTML))
    assert article.encoding == "cp1252"
    assert "\u201cWe kept the old counter,\u201d" in article.text


def test_short_feed_fragment_is_all_article() -> None:
    html = "<p>The bakery on Mill Street closed after forty years, its owner said on Monday.</p><script>x=1</script>"
    article = extract_article(RawDocument("feed.xml#7", b"<item/>", InputKind.FEED, hints={"html": html}))
    assert article.text == "The bakery on Mill Street closed after forty years, its owner said on Monday."


def test_empty_feed_fragment() -> None:
    with pytest.raises(EmptyInput):
        extract_article(RawDocument("feed.xml#8", b"<item/>", InputKind.FEED, hints={"html": "<p> </p>"}))


def test_containers_must_be_split_first() -> None:
    with pytest.raises(ExtractionError):
        extract_article(RawDocument("crawl.warc", b"WARC/1.0\r\n", InputKind.WARC))


def test_unix_timestamp_in_a_json_record() -> None:
    raw = RawDocument("r.json#1", b"{}", InputKind.JSON,
                      hints={"text": "The harbour reopened on Sunday after the storm, the port authority said.",
                             "published": 1705190400})
    assert extract_article(raw).published.value == date(2024, 1, 14)
