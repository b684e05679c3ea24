"""What every briefing must satisfy to read as one, shared by the briefing tests
(imported as ``from briefing_checks import ...``)."""

from __future__ import annotations

import re
from itertools import combinations

from storyline.views.briefing import Briefing
from storyline.views.briefing_composer import NEAR_COPY
from storyline.views.briefing_text import overlap

_ENDS = re.compile(r"[.!?][\"'”’)]*$|[\"'”’]$")


def assert_reads_as_briefing(briefing: Briefing) -> None:
    """Cited, whole sentences (no cut-off windows, no abbreviation fragments), none
    repeating another, a lead-in never left hanging, events in date order."""
    listed = {s.article_id for s in briefing.sources}
    sentences = briefing.sentences()
    assert sentences, "an empty briefing"
    for sentence in sentences:
        text = sentence.text
        assert sentence.citations and set(sentence.citations) <= listed, text
        assert _ENDS.search(text), f"not a whole sentence: {text!r}"
        assert "…" not in text, f"a cut-off window: {text!r}"
        assert not re.search(r"\b(?:[A-Z]\.){2,}$", text), f"ends on an abbreviation: {text!r}"
        # A fragment starts on punctuation; a quotation opens on its quote mark.
        assert not re.search(r"[:,] $|^[^\w\"“‘']", text), text
    for first, second in combinations(sentences, 2):
        if first.kind != "numbers" and second.kind != "numbers":
            assert overlap(first.text, second.text) < NEAR_COPY, (first.text, second.text)
    for section in briefing.sections:
        if section.key == "happened":
            dates = [s.date or "" for s in section.sentences]
            assert dates == sorted(dates)
