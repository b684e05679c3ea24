"""Event fusion and dates: undated mentions stay near their article's date, bounding
prepositions ("since", "by") do not date an event, approximate window dates are kept as
such, and the timeline shows a cluster's best date with the sentence that gives it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

from helpers import Ev
from storyline.fusion.events import resolve_events
from storyline.fusion.events_similarity import calendar_span, far_from
from storyline.language.timex import TimeExpression
from storyline.runners.fusion_dating import window_month
from storyline.views.timeline import build_timeline


@dataclass(frozen=True)
class Part:
    text: str


@dataclass(frozen=True)
class When:
    text: str
    value: str | None
    relation: str | None = None
    approximate: bool = False


@dataclass(frozen=True)
class Mention:
    evidence: Ev
    event_type: str
    trigger: str
    lemma: str
    participants: tuple = ()
    time: When | None = None
    place: Part | None = None
    status: str = "occurred"
    extra: dict = field(default_factory=dict)


def mention(article, start, lemma, *, who=(), when=None, relation=None, approximate=False,
            event_type="meeting"):
    return Mention(Ev(article, 0, start, start + len(lemma), lemma), event_type, lemma, lemma,
                   tuple(Part(name) for name in who),
                   When(when, when, relation, approximate) if when else None)


def test_calendar_span_and_reach():
    assert calendar_span("2001-03") == (date(2001, 3, 1), date(2001, 3, 31))
    assert calendar_span("XXXX-03") is None
    around = (date(2024, 2, 1), date(2024, 2, 1))
    assert far_from("2001-03", around)
    assert not far_from("2023-10", around)
    assert not far_from(None, around)
    assert not far_from("2001-03", None)


def test_undated_mention_does_not_join_an_event_decades_before_its_article():
    mentions = [
        mention("old", 10, "meet", who=["Governor Ilse Varga"], when="2001-03"),
        mention("new", 50, "meet", who=["Governor Ilse Varga"]),
    ]
    published = {"old": date(2024, 2, 3), "new": date(2024, 2, 5)}
    events = resolve_events(mentions, published=published)
    assert len(events) == 2
    dates = sorted((e.date or "none") for e in events)
    assert dates == ["2001-03", "none"]
    # Without article dates nothing says they are apart: the old behaviour merges them.
    assert len(resolve_events(mentions)) == 1


def test_undated_mention_joins_a_recent_event():
    mentions = [
        mention("a", 10, "meet", who=["Governor Ilse Varga"], when="2023-11"),
        mention("b", 50, "meet", who=["Governor Ilse Varga"]),
    ]
    (event,) = resolve_events(mentions, published={"a": date(2024, 1, 5), "b": date(2024, 1, 9)})
    assert event.date == "2023-11"
    assert event.date_mention == "a#10-14"


def test_published_window_on_the_mention_counts_like_a_date():
    dated = mention("a", 10, "meet", who=["Ilse Varga"], when="2001-03")
    undated = SimpleNamespace(
        evidence=Ev("b", 0, 5, 9, "meet"), event_type="meeting", trigger="meet",
        lemma="meet", participants=(Part("Ilse Varga"),), time=None, place=None,
        status="occurred", published_window=(date(2024, 6, 1), date(2024, 6, 29)))
    assert len(resolve_events([dated, undated])) == 2


def test_bounding_relation_is_not_the_event_date():
    mentions = [mention("a", 10, "sanction", when="2019", relation="since",
                        event_type="sanction")]
    (event,) = resolve_events(mentions)
    assert event.date is None
    (event,) = resolve_events([mention("a", 10, "sanction", when="2019", relation="in",
                                       event_type="sanction")])
    assert event.date == "2019"


def test_exact_dates_win_over_approximate_ones():
    mentions = [
        mention("a", 10, "visit", who=["Arlo Venn"], when="2024-05", approximate=True),
        mention("b", 30, "visit", who=["Arlo Venn"], when="2024-05-21"),
    ]
    (event,) = resolve_events(mentions)
    assert (event.date, event.date_approximate) == ("2024-05-21", False)
    (event,) = resolve_events(mentions[:1])
    assert (event.date, event.date_approximate) == ("2024-05", True)
    (entry,) = build_timeline([event.to_dict()])
    assert entry.approximate and entry.precision == "month"


def test_timeline_collapses_a_range_of_coarser_readings_and_quotes_the_dated_sentence():
    texts = {"a": "The envoy spoke of trade. Talks in the capital ended in May 2024."}
    event = {
        "id": "event-1", "event_type": "meeting", "label": "talk",
        "mentions": ["a#19-24", "a#26-31"], "article_ids": ["a"], "date": "2024-05",
        "date_range": ["2024", "2024-05"], "place": None, "participants": [],
        "status": "occurred", "date_mention": "a#26-31",
    }
    (entry,) = build_timeline([event], texts=texts)
    assert (entry.date, entry.end_date, entry.precision) == ("2024-05", None, "month")
    assert entry.summary.startswith("Talks in the capital")
    apart = dict(event, date="2024-05", date_range=["2024-04", "2024-05"])
    (entry,) = build_timeline([apart], texts=texts)
    assert (entry.date, entry.end_date) == ("2024-04", "2024-05")


def _relative(text: str, value: str, granularity: str, **relative: object) -> TimeExpression:
    fields = {"anchor": "DCT", "unit": "day", "offset": 0, "granularity": granularity,
              "direction": -1, "weekday": None, "month": None, "day": None, "season": None,
              "quarter": None, "half": None, "time_of_day": None, "holiday": None,
              "anchor_value": None, "anchor_relative": None, **relative}
    return TimeExpression.from_dict({
        "evidence": {"article_id": "x", "sentence": 0, "start": 0, "end": len(text),
                     "text": text},
        "type": "DATE", "value": value, "granularity": granularity, "anchor": "DCT",
        "relative": fields,
    })


def test_weekday_in_a_window_mostly_inside_one_month_gets_that_month():
    tuesday = _relative("Tuesday", "XXXX-WXX-2", "day", weekday=1)
    assert window_month(tuesday, date(2023, 9, 5), date(2023, 10, 2)) == "2023-09"
    # Half the window's days give one month, half the next: no month is supported.
    assert window_month(tuesday, date(2023, 9, 16), date(2023, 10, 15)) is None
    # Too wide a window pins nothing.
    assert window_month(tuesday, date(2023, 1, 1), date(2023, 12, 31)) is None


def test_months_ago_in_a_one_month_window_is_that_many_months_before():
    ago = _relative("nine months ago", "XXXX-XX", "month", unit="month", offset=-9,
                    direction=0)
    assert window_month(ago, date(2024, 6, 1), date(2024, 6, 29)) == "2023-09"


def test_later_this_week_in_a_june_window_is_june():
    week = _relative("later this week", "XXXX-WXX", "week", unit="week", direction=0)
    assert window_month(week, date(2024, 6, 3), date(2024, 6, 23)) == "2024-06"
