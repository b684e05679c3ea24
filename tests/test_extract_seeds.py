"""The five real seed articles (read at run time; skipped when ../shared/seeds is absent).

Assertions use junk phrases and short names only: the seeds' sentences stay out of the repository.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.extract import extract_article
from storyline.model import Article, DateSource, InputKind, RawDocument

JUNK = ("Read the full article here", "Story continues", "Leave a Comment", "You may also like",
        "Leave a Reply", "Your email address", "All rights reserved", "Tribune Content Agency",
        "may not be published, broadcast", "©")


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, Article]:
    paths = sorted(seeds_dir.glob("0*.txt"))
    if len(paths) != 5:
        pytest.skip(f"expected five seed articles in {seeds_dir}, found {len(paths)}")
    return {path.name[:3]: extract_article(RawDocument(str(path), path.read_bytes(), InputKind.TEXT))
            for path in paths}


def test_the_dated_seed(seeds: dict[str, Article]) -> None:
    dated = seeds["000"]
    assert dated.published.value == date(2024, 1, 14)
    assert dated.published.source is DateSource.HEADER
    assert dated.outlet == "Bloomberg"
    assert dated.text.startswith("North Korean")  # the header prefix is gone, its sentence is kept
    assert "(Bloomberg)" not in dated.text


@pytest.mark.parametrize("key", ["001", "002", "003", "004"])
def test_undated_seeds_stay_undated(seeds: dict[str, Article], key: str) -> None:
    assert seeds[key].published.value is None
    assert seeds[key].published.source is DateSource.NONE


def test_junk_is_removed_and_recorded(seeds: dict[str, Article]) -> None:
    removed = " | ".join(line.text for article in seeds.values() for line in article.boilerplate_removed)
    for article in seeds.values():
        for phrase in JUNK:
            assert phrase.lower() not in article.text.lower()
    for phrase in JUNK:
        if phrase != "©":
            assert phrase.lower() in removed.lower(), phrase


def test_republished_copy(seeds: dict[str, Article]) -> None:
    copy = seeds["001"]
    assert copy.original_outlet == "Bloomberg"
    assert copy.byline == "Braxton Taylor"
    assert copy.title is not None and "Putin" in copy.title


def test_story_text_is_kept(seeds: dict[str, Article]) -> None:
    for key, names in {"000": ("Choe Son Hui", "Lavrov", "Guam"), "001": ("Najin", "Blinken", "Shin Wonsik"),
                       "002": ("Lavrov", "900 kilometers"), "003": ("Jo Chun Ryong", "Rudenko", "Pak Jong Chon"),
                       "004": ("Ushakov", "Rodong", "$34.4 million")}.items():
        for name in names:
            assert name in seeds[key].text, (key, name)
        assert seeds[key].language == "en"
    # Only junk was removed: the kept text is most of each file.
    for article in seeds.values():
        assert article.word_count > 250 or article.source.endswith(("002_0637b3e5c1cb134e.txt", "003_05abb57fa2a955b5.txt"))
