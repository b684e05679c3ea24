"""Publication dates: each source, and the dates that must never be taken for one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from storyline.extract import extract_article
from storyline.extract.dates import from_header_line, from_text, from_url, parse_metadata_date
from storyline.model import DateSource, InputKind, RawDocument

BODY = ("Engineers finished the new lock gates on the canal, the waterways agency said, "
        "and barges will use them from next week.\n\nThe old gates had leaked for years.\n")


def text_article(text: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return extract_article(RawDocument("t.txt", text.encode(), InputKind.TEXT, **kwargs))  # type: ignore[arg-type]


def test_metadata_hint_wins_over_text() -> None:
    raw = RawDocument("feed.xml#3", b"", InputKind.FEED,
                      hints={"text": "Published: March 2, 2022\n\n" + BODY, "published": "Tue, 01 Mar 2022 08:00:00 GMT"})
    article = extract_article(raw)
    assert article.published.value == date(2022, 3, 1)
    assert article.published.source is DateSource.METADATA


@pytest.mark.parametrize(("header", "expected"), [
    ("date 2024-01-14", date(2024, 1, 14)),
    ("Published: January 14, 2024", date(2024, 1, 14)),
    ("Updated 3:45 PM EST, Jan 14, 2024", date(2024, 1, 14)),
    ("Posted on 14 January 2024", date(2024, 1, 14)),
])
def test_header_lines(header: str, expected: date) -> None:
    article = text_article(f"{header}\n\n{BODY}")
    assert article.published.value == expected
    assert article.published.source is DateSource.HEADER
    assert header not in article.text


def test_dateline_with_a_full_date() -> None:
    article = text_article("LISBON, Feb. 3, 2021 (Reuters) - " + BODY)
    assert article.published.value == date(2021, 2, 3)
    assert article.published.source is DateSource.DATELINE
    assert article.text.startswith("Engineers finished")
    assert article.outlet == "Reuters" and article.outlet_source == "dateline"


def test_dateline_without_a_year_gives_no_date() -> None:
    article = text_article("LISBON, Feb. 3 (Reuters) - " + BODY)
    assert article.published.value is None and article.published.source is DateSource.NONE
    assert article.original_outlet == "Reuters"
    assert article.text.startswith("Engineers finished")


def test_url_date() -> None:
    article = text_article(BODY, url="https://canals.example/news/2020/06/30/lock-gates")
    assert article.published.value == date(2020, 6, 30)
    assert article.published.source is DateSource.URL


def test_stated_publication_in_the_body() -> None:
    article = text_article(BODY + "\nThis article was originally published on 12 May 2019 by the canal society.\n")
    assert article.published.value == date(2019, 5, 12)
    assert article.published.source is DateSource.TEXT


def test_a_date_mentioned_in_the_story_is_not_the_publication_date() -> None:
    article = text_article(
        "The war that began on February 24, 2022 has closed the river to barges, "
        "and a report published on March 3, 2023 said traffic fell by half.\n\n"
        "© 2024 Canal Times. All rights reserved.\n")
    assert article.published.value is None
    assert article.published.source is DateSource.NONE


def test_crawl_date_is_not_a_publication_date() -> None:
    raw = RawDocument("c.warc#1", b"<html><body><article><p>" + BODY.encode() * 3 + b"</p></article></body></html>",
                      InputKind.HTML, hints={"crawled": "2023-04-05T10:00:00Z"})
    assert extract_article(raw).published.source is DateSource.NONE


def test_implausible_dates_are_rejected() -> None:
    future = date.today() + timedelta(days=40)
    assert parse_metadata_date("1985-07-01") is None
    assert parse_metadata_date(future.isoformat()) is None
    assert from_header_line(f"Published: {future.isoformat()}") is None
    assert from_url("https://x.example/1989/01/02/old") is None


def test_header_line_must_be_only_a_date() -> None:
    assert from_header_line("Published: January 14, 2024 and widely shared since then by readers") is None


def test_mid_sentence_publication_phrase_is_not_the_articles_date() -> None:
    assert from_text(["The ministry published on 4 April 2021 a list of the affected bridges."]) is None
    assert from_text(["Posted on 4 April 2021"]) is not None


def test_non_english_metadata_date() -> None:
    assert parse_metadata_date("14 janvier 2024") == date(2024, 1, 14)


def test_publication_beats_update_in_the_header() -> None:
    article = text_article("Updated 3:45 PM EST, Jan 20, 2024\nPublished: January 14, 2024\n\n" + BODY)
    assert article.published.value == date(2024, 1, 14)


def test_republication_notice_states_the_date() -> None:
    article = text_article(BODY + "\nThis article was first published on 3 June 2022 by the Canal Gazette "
                                  "and is republished with permission.\n")
    assert article.published.value == date(2022, 6, 3) and article.published.source is DateSource.TEXT
    assert "republished with permission" not in article.text


def test_yearless_dateline_completed_by_the_weekday_of_its_lead() -> None:
    from storyline.extract.dates import year_from_weekday

    today = date(2026, 11, 23)
    # 4 February fell on a Tuesday in 2025 and, before that, only in 2020: one fit in five years.
    assert year_from_weekday(2, 4, "Officials on Tuesday said the talks had failed.", today) == date(2025, 2, 4)
    assert year_from_weekday(2, 4, "Officials on Monday said the talks had failed.", today) is None
    assert year_from_weekday(2, 4, "Talks failed on Tuesday and resumed on Friday.", today) is None
    assert year_from_weekday(2, 4, "Officials said the talks had failed.", today) is None
