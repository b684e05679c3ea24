"""Properties: any bytes give an Article or a StorylineError; no line disappears without a record."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import StorylineError
from storyline.extract import extract_article
from storyline.model import InputKind, RawDocument

JUNK = ["Share this", "Leave a Comment", "You may also like", "Advertisement", "Story continues",
        "©2023 Pine Ledger L.P.", "Read the full article here", "Photo: A pier at dusk / Pine Ledger",
        "Sign up for our newsletter", "By Ana Holm", "Published: May 2, 2021", "OSLO (Reuters) - The vote passed."]
SENTENCES = ["The council met on Monday and approved the budget for the harbour.",
             "Fishermen said the catch had been poor since the spring storms.",
             "Short line", "Prices rose by 4 percent in March, the statistics office said.",
             "A new school will open in the autumn, officials said on Tuesday."]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from([InputKind.TEXT, InputKind.HTML]))
def test_any_bytes_give_an_article_or_a_storyline_error(data: bytes, kind: InputKind) -> None:
    try:
        article = extract_article(RawDocument("fuzz", data, kind))
    except StorylineError:
        return
    assert article.text.strip()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(JUNK + SENTENCES), st.just("")), min_size=1, max_size=25))
def test_every_line_is_kept_or_recorded(lines: list[str]) -> None:
    try:
        article = extract_article(RawDocument("p.txt", "\n".join(lines).encode(), InputKind.TEXT))
    except StorylineError:
        return
    kept = set(article.text.split("\n"))
    removed = {line.line_number: line.text for line in article.boilerplate_removed}
    for number, line in enumerate(lines):
        line = re.sub(r"\s+", " ", line).strip()
        if not line:
            continue
        record = removed.get(number)
        if record == line:
            continue
        if record and line.startswith(record):  # a header prefix was cut, the sentence kept
            assert line[len(record):].strip() in kept
        else:
            assert line in kept, (line, article)
