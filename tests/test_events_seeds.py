"""Typed events on the shared seed articles, read at run time (skipped when absent)."""

from __future__ import annotations

import re
from datetime import date

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


# --- event dates on the seeds ---------------------------------------------------------
# Each seed is read with the day it was written (one carries it in its header; the others'
# follow from what they report: a trip "this week" announced on a Sunday, talks held "on
# Tuesday" with the visitor due home on Wednesday, ...). The expected dates come from
# reading the story: the chain of visits, meetings, tests and the veto, 2000 to 2024.

def _seed_events(seeds_dir, marker: str, written: date):
    timex = pytest.importorskip("storyline.language.timex")
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if marker in text:
            break
    else:
        pytest.skip(f"no seed article mentions {marker!r}")
    doc = get_nlp()(text)
    times = timex.tag_time_expressions(doc, written, path.stem)
    return extract_event_mentions(doc, path.stem, time_expressions=times,
                                  attributions=extract_attributions(doc, path.stem))


def _values(found, lemma: str) -> list[str | None]:
    return [e.time.value if e.time else None for e in found if e.lemma == lemma]


def test_seed_with_header_dates_the_earlier_visits_by_their_own_months(seeds_dir):
    found = _seed_events(seeds_dir, "Shoigu", date(2024, 1, 14))
    # Lavrov went in October 2023, the defence minister in July 2023: each by its clause.
    assert "2023-10" in _values(found, "travel") and "2023-07" in _values(found, "travel")
    # The minister's talks still to come are not dated by the October of Lavrov's trip.
    planned_talks = [e for e in found if e.lemma == "talk" and e.status == "planned"]
    assert planned_talks and all(e.time is None for e in planned_talks)
    # The September 2023 summit, told in a "since September, when ..." clause.
    assert "2023-09" in _values(found, "meet")


def test_seed_on_the_envoys_talks_dates_old_and_new_meetings_apart(seeds_dir):
    found = _seed_events(seeds_dir, "July 2000", date(2024, 1, 16))
    assert "2000-07" in _values(found, "travel") and "2000-07" in _values(found, "meet")
    summits = [e for e in found if e.lemma == "summit" and e.time is not None]
    assert {(e.time.value, e.status) for e in summits} >= {("2023-09", "occurred")}
    assert "2024-01-16" in _values(found, "talk")  # the talks held "on Tuesday"
    assert "2024-01-14" in _values(found, "test")  # the missile test "Sunday"
    # "... yet to comment on the meeting but said ... finish her trip Wednesday": the
    # Wednesday is the end of the trip, not the meeting's date.
    assert all(v != "2024-01-17" for v in _values(found, "meeting"))


def test_seed_announcing_the_trip_dates_the_visit_and_the_report_apart(seeds_dir):
    found = _seed_events(seeds_dir, "January 15 to 17", date(2024, 1, 14))
    assert "2024-01-15" in _values(found, "visit")  # scheduled from January 15
    assert "2024-01-14" in _values(found, "report")  # reported by state media on Sunday
    assert "2024-01" in _values(found, "accusation")  # leveled earlier this month
    assert "2023" in _values(found, "launch")  # the spy satellite, last year


def test_seed_on_the_summit_trip_dates_the_arrival(seeds_dir):
    found = _seed_events(seeds_dir, "personal train", date(2023, 9, 12))
    assert "2023-09-12" in _values(found, "arrive")
    assert "2022" in _values(found, "invasion")


def test_seed_on_the_return_visit_dates_trip_veto_and_briefing(seeds_dir):
    found = _seed_events(seeds_dir, "vetoed", date(2024, 6, 17))
    assert "2024-06-18" in _values(found, "travel")  # will travel on Tuesday
    assert _values(found, "veto") == ["2024-03"]
    assert "2023-09" in _values(found, "meet")  # nine months before
    assert "2024-01" in _values(found, "attack")  # the January attack
    # Biden's visit "in September", looked back on from June: the September before.
    assert "2023-09" in _values(found, "visit") and "2024-09" not in _values(found, "visit")
    # The briefing was on Monday; what the leaders would discuss is not dated by it.
    assert "2024-06-17" in _values(found, "tell")
    assert all(v is None for v in _values(found, "discuss"))
