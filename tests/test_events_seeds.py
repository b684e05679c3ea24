"""Typed events on the shared seed articles, read at run time (skipped when absent)."""

from __future__ import annotations

import re

import pytest

from storyline.language.attribution import extract_attributions
from storyline.language.events import extract_event_mentions
from storyline.language.nlp import get_nlp


def test_will_travel_on_tuesday_is_a_planned_trip_with_its_date(seeds_dir):
    timex = pytest.importorskip("storyline.language.timex")
    pattern = re.compile(r"will\s+travel\s+to\s+North\s+Korea\s+on\s+Tuesday")
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        match = pattern.search(text)
        if match:
            break
    else:
        pytest.skip("no seed article holds the planned trip")
    doc = get_nlp()(text)
    times = timex.tag_time_expressions(doc, None, path.stem)
    found = extract_event_mentions(doc, path.stem, time_expressions=times,
                                   attributions=extract_attributions(doc, path.stem))
    trips = [e for e in found if match.start() <= e.evidence.start < match.end()]
    assert trips, "the trigger 'travel' was not found"
    trip = trips[0]
    assert (trip.event_type, trip.status) == ("travel", "planned")
    assert {p.role: p.text for p in trip.participants}["destination"] == "North Korea"
    assert trip.time is not None and trip.time.text == "Tuesday"
    assert any(t.evidence.start == trip.time.start for t in times)
