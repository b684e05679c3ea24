"""The tagger on the first seed article, whose dated header gives 2024-01-14 (a Sunday).

Expected values were checked against a calendar: Monday 15 and Wednesday 17 January 2024
follow the Sunday; "last week" is ISO week 1 of 2024 (1-7 January).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.language.nlp import get_nlp
from storyline.language.timex import tag_time_expressions


def _first_seed(seeds_dir: Path) -> str:
    matches = sorted(seeds_dir.glob("000_*.txt"))
    if not matches:
        pytest.skip("seed 000 not found")
    return matches[0].read_text(encoding="utf-8")


def test_seed_000_values(seeds_dir: Path) -> None:
    text = _first_seed(seeds_dir)
    expressions = tag_time_expressions(get_nlp()(text), date(2024, 1, 14), article_id="000")
    pairs = [(e.evidence.text, e.value) for e in expressions]
    start = text.index("from Monday to Wednesday")
    around = {
        (e.evidence.text, e.value) for e in expressions if start <= e.evidence.start < start + 30
    }
    assert around == {("Monday", "2024-01-15"), ("Wednesday", "2024-01-17")}
    assert ("October", "2023-10") in pairs
    assert ("July 2023", "2023-07") in pairs
    assert ("last week", "2024-W01") in pairs
    assert ("September", "2023-09") in pairs
    for expression in expressions:
        evidence = expression.evidence
        assert text[evidence.start : evidence.end] == evidence.text


def test_seed_000_without_date_stays_symbolic(seeds_dir: Path) -> None:
    text = _first_seed(seeds_dir)
    expressions = tag_time_expressions(get_nlp()(text), None)
    relative = [e for e in expressions if e.anchor == "dct"]
    assert relative
    assert all("X" in e.value for e in relative)
