"""Which way a bare month points when it dates a noun looked back on ("after", "since")."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.language.nlp import get_nlp
from storyline.language.timex import tag_time_expressions

WRITTEN = date(2024, 6, 17)


def value_of(text: str, expression: str) -> str | None:
    doc = get_nlp()(text)
    found = {t.evidence.text: t.value for t in tag_time_expressions(doc, WRITTEN, "d1")}
    return found[expression]


@pytest.mark.parametrize("text, expected", [
    # The nearest September from June would be the coming one; "after" looks back.
    ("The summit comes after the minister's visit in September.", "2023-09"),
    ("Prices have fallen since the harvest in October.", "2023-10"),
    ("The ceasefire held following the talks in November.", "2023-11"),
    # A future clause leaves the month to the nearest reading.
    ("The vote will come after the summit in September.", "2024-09"),
    # No looking back: the nearest month, as before.
    ("The summit in September will be the largest yet.", "2024-09"),
])
def test_a_month_on_a_noun_after_since_or_following_is_the_past_one(text, expected):
    assert value_of(text, text.split(" in ")[1].split()[0].rstrip(".")) == expected
