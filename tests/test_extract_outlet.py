"""Outlets: publisher and credited origin, from metadata, dateline, copyright, credit and site."""

from __future__ import annotations

import pytest

from storyline.extract import extract_article
from storyline.extract.outlet import clean_outlet, from_copyright, from_credit
from storyline.model import InputKind, RawDocument

BODY = ("Volunteers planted four thousand oak saplings on the hills above the town on Saturday, "
        "the forestry office said.\n\nThe saplings came from a nursery in the valley.\n")


def article(text: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return extract_article(RawDocument("o.txt", text.encode(), InputKind.TEXT, **kwargs))  # type: ignore[arg-type]


@pytest.mark.parametrize(("line", "name"), [
    ("©2024 Bloomberg L.P.", "Bloomberg"),
    ("© Copyright 2024 Bloomberg News. All rights reserved.", "Bloomberg"),
    ("Copyright © 2023 The Associated Press. All rights reserved.", "Associated Press"),
    ("(c) 2022 Hill Country Media Group", "Hill Country"),
    ("© 2021 Northern Ledger, Inc.", "Northern Ledger"),
    ("Copyright 2021 Distributed by Tribune Content Agency, LLC.", None),
])
def test_copyright_names(line: str, name: str | None) -> None:
    assert from_copyright(line) == name


@pytest.mark.parametrize(("line", "name"), [
    ("— Associated Press", "Associated Press"),
    ("via AP", "Associated Press"),
    ("Source: Reuters", "Reuters"),
    ("He travelled via Lisbon.", None),
])
def test_credit_names(line: str, name: str | None) -> None:
    assert from_credit(line) == name


def test_aliases() -> None:
    assert clean_outlet("AP") == "Associated Press"
    assert clean_outlet("Agence France-Presse") == "AFP"


def test_outlet_from_dateline() -> None:
    found = article("ORAVA (AP) — " + BODY)
    assert (found.outlet, found.outlet_source, found.original_outlet) == ("Associated Press", "dateline", "Associated Press")


def test_outlet_from_copyright_not_from_distributor() -> None:
    found = article(BODY + "\n©2024 Pinecone Daily L.P. Distributed by Tribune Content Agency, LLC.\n")
    assert (found.outlet, found.outlet_source, found.original_outlet) == ("Pinecone Daily", "copyright", "Pinecone Daily")


def test_outlet_from_credit_line() -> None:
    found = article(BODY + "\n— Associated Press\n")
    assert (found.outlet, found.outlet_source) == ("Associated Press", "credit")
    assert "Associated Press" not in found.text
    assert any(line.reason == "credit" for line in found.boilerplate_removed)


def test_photo_credit_is_not_the_story_origin() -> None:
    found = article(BODY + "\nImage: Forestry office via AP\n")
    assert found.original_outlet is None


def test_site_from_url_and_syndicated_copy() -> None:
    found = article(BODY + "\n© Copyright 2024 Bloomberg News. All rights reserved.\n",
                    url="https://www.hillsidegazette.example/news/oaks")
    assert (found.outlet, found.outlet_source) == ("hillsidegazette.example", "site")
    assert found.original_outlet == "Bloomberg"


def test_metadata_outlet_wins() -> None:
    raw = RawDocument("f.json#1", b"{}", InputKind.JSON,
                      hints={"text": "SOFIA (Reuters) - " + BODY, "outlet": "Morning Ledger", "title": "Oaks planted",
                             "author": "By Vera Kol", "language": "en-GB"})
    found = extract_article(raw)
    assert (found.outlet, found.outlet_source, found.original_outlet) == ("Morning Ledger", "metadata", "Reuters")
    assert found.title == "Oaks planted" and found.byline == "Vera Kol" and found.language == "en"


@pytest.mark.parametrize(("byline_line", "outlet"), [
    ("By Ana Holm | Pine Ledger", "Pine Ledger"),
    ("By Ana Holm, Eastport Times", "Eastport Times"),
    ("By Eastport Times staff", "Eastport Times"),
])
def test_outlet_named_in_the_byline(byline_line: str, outlet: str) -> None:
    found = article(f"Oaks on the Hill\n\n{byline_line}\n\n{BODY}")
    assert (found.outlet, found.outlet_source) == (outlet, "credit")
    assert found.byline in ("Ana Holm", "Eastport Times staff")


@pytest.mark.parametrize(("line", "outlet"), [
    ("Follow The Pine Ledger on social media for more local news.", "The Pine Ledger"),
    ("Hill Courier is reader-supported. Subscribe for full access.", "Hill Courier"),
    ("Posted by Valley Digest newsdesk", "Valley Digest"),
    ("Vera Kol is Hill Courier's environment correspondent.", "Hill Courier"),
    ("Coast Monitor - independent news from the coast", "Coast Monitor"),
])
def test_outlet_naming_itself_in_promotion(line: str, outlet: str) -> None:
    found = article(BODY + f"\n{line}\n")
    assert (found.outlet, found.outlet_source) == (outlet, "credit")
    assert line not in found.text


def test_republisher_and_wire_origin() -> None:
    found = article("Posted by Valley Digest newsdesk\n\n" + BODY + "\n©2025 Pine Wire\n\nShare this\n")
    assert (found.outlet, found.original_outlet) == ("Valley Digest", "Pine Wire")


def test_byline_via_credits_the_origin() -> None:
    found = article("Oaks on the Hill\n\nBy Staff, via Pine Wire\n\n" + BODY)
    assert found.original_outlet == "Pine Wire"


def test_feed_title_section_and_copyright_year_are_not_part_of_the_name() -> None:
    assert clean_outlet("Hill Courier - World") == "Hill Courier"
    assert clean_outlet("Hill Courier | Politics") == "Hill Courier"
    assert clean_outlet("Hill Courier - Stories that matter") == "Hill Courier - Stories that matter"
    assert from_copyright("© Eastport Times 2025") == "Eastport Times"


def test_picture_agency_copyright_is_not_an_outlet() -> None:
    assert from_copyright("© Shutterstock: Ana Holm") is None


def test_people_with_newsroom_surnames_are_people() -> None:
    from storyline.extract.header import read_byline

    found = read_byline("By Ana Holm, Jo Post")
    assert found is not None and found.outlet is None and found.names == "Ana Holm, Jo Post"
