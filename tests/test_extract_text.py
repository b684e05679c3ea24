"""Plain-text and Markdown articles: title, byline, header/dateline, junk removal, article end."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.errors import EmptyInput, InputTooLarge
from storyline.config import IngestLimits
from storyline.extract import extract_article
from storyline.extract.boilerplate import classify
from storyline.model import DateSource, InputKind, RawDocument, article_id_for

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


def text_doc(text: str, **kwargs: object) -> RawDocument:
    return RawDocument("test.txt", text.encode("utf-8"), InputKind.TEXT, **kwargs)  # type: ignore[arg-type]


def reasons(article) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {line.text: line.reason for line in article.boilerplate_removed}


@pytest.fixture(scope="module")
def scraped():  # type: ignore[no-untyped-def]
    data = (FIXTURES / "scraped_with_teasers.txt").read_bytes()
    return extract_article(RawDocument("scraped_with_teasers.txt", data, InputKind.TEXT))


def test_ids_follow_the_raw_bytes(scraped) -> None:  # type: ignore[no-untyped-def]
    data = (FIXTURES / "scraped_with_teasers.txt").read_bytes()
    raw = RawDocument("x", data, InputKind.TEXT)
    assert scraped.raw_sha256 == raw.sha256
    assert scraped.id == article_id_for(raw.sha256)
    assert scraped.encoding == "utf-8"


def test_title_byline_and_header_prefix(scraped) -> None:  # type: ignore[no-untyped-def]
    assert scraped.title == "Ferry Service Resumes on the Northern Route"
    assert scraped.byline == "Mara Lindqvist and Tom Okafor"
    assert scraped.published.value == date(2023, 11, 2)
    assert scraped.published.source is DateSource.HEADER
    # The header prefix goes, the rest of its sentence stays.
    assert scraped.text.startswith("The ferry link between Kestrel Point")
    assert "(Harbor Wire)" not in scraped.text
    assert scraped.outlet == "Harbor Wire" and scraped.outlet_source == "dateline"
    assert scraped.original_outlet == "Harbor Wire"


@pytest.mark.parametrize(("line", "reason"), [
    ("Story continues", "continuation-prompt"),
    ("Advertisement", "advertisement"),
    ("Photo: The rebuilt landing pier at Kestrel Point / Harbor Wire", "photo-credit"),
    ("Share this", "share-prompt"),
    ("Sign up for our newsletter", "newsletter-prompt"),
    ("©2023 Harbor Wire L.P. Distributed by Tribune Content Agency, LLC.", "copyright"),
    ("This material may not be published, broadcast or redistributed without permission.", "distribution-notice"),
    ("Read the full article here", "read-more"),
    ("You may also like", "related-links"),
    ("Leave a Comment", "comment-prompt"),
    ("Your email address will not be shown publicly. Required fields are marked *", "comment-prompt"),
    ("Ten bakeries worth the queue in the old town", "after-article-end"),
])
def test_junk_is_removed_with_its_reason(scraped, line: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    assert reasons(scraped)[line] == reason
    assert line not in scraped.text


def test_removed_lines_keep_their_line_numbers(scraped) -> None:  # type: ignore[no-untyped-def]
    source_lines = (FIXTURES / "scraped_with_teasers.txt").read_text(encoding="utf-8").split("\n")
    for removed in scraped.boilerplate_removed:
        assert removed.text in source_lines[removed.line_number]


def test_story_text_is_kept(scraped) -> None:  # type: ignore[no-untyped-def]
    for phrase in ("Ines Dahl", "140 passengers", "single chartered boat", "full winter timetable"):
        assert phrase in scraped.text
    assert scraped.language == "en"


@pytest.mark.parametrize(("line", "reason"), [
    ("Leave a Reply", "comment-prompt"),
    ("Related: Harbour fees to rise next year", "related-links"),
    ("(Photo by Ana Ruiz/Getty Images)", "photo-credit"),
    ("Image credit: Jon Berg", "photo-credit"),
    ("© Copyright 2024 Lakeside Post. All rights reserved.", "copyright"),
    ("Distributed by Tribune Content Agency, LLC.", "distribution-notice"),
    ("Follow us on Twitter", "share-prompt"),
    ("Subscribe to our daily newsletter", "newsletter-prompt"),
    ("ADVERTISEMENT", "advertisement"),
    ("* * *", "separator"),
])
def test_junk_kinds(line: str, reason: str) -> None:
    assert classify(line) == reason


@pytest.mark.parametrize("line", [
    "Copyright law experts said the ruling would be appealed.",
    "The mayor said she would share this view with the council next week.",
    "Readers who leave a comment on the city's website will get a reply within a week, officials promised.",
    "Photographers gathered at the gate before dawn.",
    "Distributed by volunteers, the leaflets urged residents to vote.",
    "Reporting by Reuters showed that the fund lost money.",
    "Download the new tax app, officials urged residents.",
    "By the time the ferry arrived, the pier was closed.",
])
def test_prose_is_not_junk(line: str) -> None:
    assert classify(line) is None


def test_end_marker_does_not_cut_real_text() -> None:
    first = "The river rose by two metres overnight and flooded the lower town, the fire service said. " * 2
    rest = ("Residents of the lower town were moved to the school gym, where volunteers served soup and "
            "blankets through the night while engineers inspected the dykes along the eastern bank. ") * 3
    article = extract_article(text_doc(f"{first}\n\nRead more\n\n{rest}\n"))
    assert "volunteers served soup" in article.text
    assert "after-article-end" not in reasons(article).values()
    assert reasons(article)["Read more"] == "read-more"


def test_markdown_article() -> None:
    data = (FIXTURES / "markdown_article.md").read_bytes()
    article = extract_article(RawDocument("markdown_article.md", data, InputKind.TEXT))
    assert article.title == "Council Approves New Cycle Lanes for Riverside"
    assert article.byline == "Priya Nandakumar"
    assert article.published.value == date(2024, 1, 9)
    assert article.published.source is DateSource.HEADER
    assert "**" not in article.text and "](" not in article.text and "#" not in article.text
    assert "voted seven to two" in article.text and "Oskar Brandt said the first section" in article.text
    assert "What happens next" in article.text
    assert reasons(article)["![A cyclist on the embankment](https://example.org/cyclist.jpg)"] == "image"
    assert article.outlet == "Riverside Courier" and article.outlet_source == "copyright"


def test_byline_role_is_dropped() -> None:
    article = extract_article(text_doc(
        "Night Trains Return\n\nBy Ada Quist | Transport Correspondent\n\n"
        "Overnight trains between the two capitals will run again from May, the rail operator said on Monday.\n"))
    assert article.byline == "Ada Quist"
    assert article.title == "Night Trains Return"
    assert article.text.startswith("Overnight trains")


def test_a_long_first_sentence_is_not_a_title() -> None:
    article = extract_article(text_doc(
        "The port reopened on Monday after a week of strikes.\n\nUnions said talks would continue.\n"))
    assert article.title is None
    assert article.text.startswith("The port reopened")


def test_only_boilerplate_is_empty_input() -> None:
    with pytest.raises(EmptyInput) as error:
        extract_article(text_doc("Share this\n\nAdvertisement\n\nLeave a Comment\n"))
    assert "boilerplate" in str(error.value) and error.value.code == "E102"


def test_blank_file_is_empty_input() -> None:
    with pytest.raises(EmptyInput):
        extract_article(text_doc("  \n\n \n"))


def test_text_over_the_limit_is_too_large() -> None:
    with pytest.raises(InputTooLarge) as error:
        extract_article(text_doc("word " * 2000), IngestLimits(max_text_chars=1000))
    assert "max_text_chars" in str(error.value)


def test_bytes_over_the_limit_are_too_large() -> None:
    with pytest.raises(InputTooLarge):
        extract_article(text_doc("word " * 100), IngestLimits(max_bytes=100))


@pytest.mark.parametrize(("line", "reason"), [
    ("We want to hear what you think about this article.", "comment-prompt"),
    ("Never miss a story from the valley by signing up to our morning briefing.", "newsletter-prompt"),
    ("Subscribe now to our print edition for the full story.", "newsletter-prompt"),
    ("For the latest stories download the Harbor Wire apps for iOS and Android.", "newsletter-prompt"),
    ("Lesen Sie auch", "related-links"),
    ("À lire aussi :", "related-links"),
    ("Zum Newsletter anmelden", "newsletter-prompt"),
])
def test_more_junk_kinds(line: str, reason: str) -> None:
    assert classify(line) == reason


@pytest.mark.parametrize(("line", "byline"), [
    ("by Braxton Quill", "Braxton Quill"),
    ("By Jane Roe and Sam Poe | Staff Writer", "Jane Roe and Sam Poe"),
    ("BY ANA HOLM", "Ana Holm"),
    ("By Ana Holm, Reuters", "Ana Holm"),
    ("Written by Luis de Souza", "Luis de Souza"),
    ("By the time the ferry arrived, the pier was closed", None),
    ("By Monday, officials said, the road should be open again", None),
    ("By Ana Holm | Staff Writer", "Ana Holm"),
])
def test_bylines(line: str, byline: str | None) -> None:
    from storyline.extract.header import parse_byline

    assert parse_byline(line) == byline
