"""The timeline view: entries sorted by date, folded across articles, filtered by entity and
date range, from fused events, per-article mentions and their dict forms."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.language.events import EventMention, EventTime, Participant
from storyline.language.evidence import Evidence
from storyline.views.timeline import (
    TimelineEntry,
    build_timeline,
    calendar_interval,
    entity_aliases,
    names_entity,
    sentence_around,
)

TEXT_A = ("Mayor Ilse Varga met the shipyard owners in Lindholm on 3 March. "
          "The council later signed the harbour lease with Orsted Lines.")
TEXT_B = "Ilse Varga met the shipyard owners on Sunday, the town hall said."


def mention(article, start, trigger, lemma, event_type, value, participants, status="occurred"):
    return EventMention(
        evidence=Evidence(article, 0, start, start + len(trigger), trigger),
        event_type=event_type, trigger=trigger, lemma=lemma, timeml_class="OCCURRENCE",
        participants=tuple(Participant(role, text, 0, 0) for role, text in participants),
        time=EventTime("x", 0, 1, value, "DATE") if value else None, place=None, status=status)


@pytest.fixture
def mentions():
    return [
        mention("b", 10, "met", "meet", "meeting", "2024-03-03",
                [("agent", "Ilse Varga"), ("patient", "the shipyard owners")]),
        mention("a", TEXT_A.index("signed"), "signed", "sign", "agreement", "2024-04",
                [("agent", "The council"), ("patient", "the harbour lease")]),
        mention("a", TEXT_A.index("met"), "met", "meet", "meeting", "2024-03-03",
                [("agent", "Ilse Varga"), ("patient", "the shipyard owners")]),
        mention("c", 0, "visit", "visit", "travel", None, [("agent", "Varga")], "planned"),
        mention("d", 0, "flew", "fly", "travel", "2023", [("agent", "Tomas Brenn")]),
    ]


def test_entries_are_sorted_by_date_and_folded_across_articles(mentions):
    timeline = build_timeline(mentions, texts={"a": TEXT_A, "b": TEXT_B},
                              group_of={"a": "g1", "b": "g1"})
    assert [(e.date, e.trigger) for e in timeline] == [
        ("2023", "flew"), ("2024-03-03", "met"), ("2024-04", "signed"), (None, "visit")]
    meeting = timeline[1]
    assert set(meeting.sources) == {"a", "b"}
    assert meeting.independent_source_count == 1  # both articles are one duplicate group
    assert meeting.precision == "day" and timeline[0].precision == "year"
    assert meeting.summary.startswith("Ilse Varga met the shipyard owners")
    assert timeline[2].summary == "The council later signed the harbour lease with Orsted Lines."
    assert timeline[3].status == "planned" and timeline[3].precision is None
    assert all(isinstance(e, TimelineEntry) for e in timeline)
    assert timeline[1].to_dict()["sources"] == list(meeting.sources)


def test_independent_sources_default_to_one_per_article(mentions):
    timeline = build_timeline(mentions)
    assert next(e for e in timeline if e.trigger == "met").independent_source_count == 2


def test_entity_and_date_filters(mentions):
    varga = build_timeline(mentions, entity="Ilse Varga")
    assert [e.trigger for e in varga] == ["met", "visit"]  # "Varga" alone names her too
    spring = build_timeline(mentions, from_date=date(2024, 3, 15), to_date=date(2024, 12, 31))
    assert [e.trigger for e in spring] == ["signed"]  # undated entries drop out of a range
    since = build_timeline(mentions, from_date=date(2024, 1, 1))
    assert [e.trigger for e in since] == ["met", "signed"]
    dated_only = build_timeline(mentions, include_undated=False)
    assert "visit" not in [e.trigger for e in dated_only]


def test_entity_aliases_match_short_forms_and_whole_words_only(mentions):
    assert entity_aliases("Apple Inc.") == ("apple inc", "apple")
    assert entity_aliases("Ilse Varga") == ("ilse varga", "varga")
    assert entity_aliases("iTunes store") == ("itunes store", "itunes")
    assert names_entity("Apple's chief, Tim Cook", entity_aliases("Apple Inc."))
    assert not names_entity("Pineapple growers", entity_aliases("Apple Inc."))
    extra = mention("e", 0, "sued", "sue", "legal", "2024-05",
                    [("agent", "Orsted Lines Ltd."), ("patient", "the council")])
    assert [e.trigger for e in build_timeline([*mentions, extra], entity="Orsted Lines")] == [
        "sued"]
    assert [e.trigger for e in build_timeline([*mentions, extra], entity="Orsted Lines Ltd")] == [
        "sued"]
    # a generic last word alone names nothing: "the council" is not "Port council"
    assert build_timeline([*mentions, extra], entity="Port council") == ()


def test_dict_forms_and_fused_events_are_accepted(mentions):
    from_dicts = build_timeline([m.to_dict() for m in mentions])
    assert [e.date for e in from_dicts] == [e.date for e in build_timeline(mentions)]

    class FusedEvent:
        id = "event-9"
        event_type = "meeting"
        label = "meet"
        mentions = (f"a#{TEXT_A.index('met')}-{TEXT_A.index('met') + 3}",)
        article_ids = ("a", "b", "c")
        date = "2024-03-03"
        date_range = ("2024-03-03", "2024-03-05")
        participants = ("Ilse Varga",)
        status = "occurred"

    entries = build_timeline([FusedEvent()], texts={"a": TEXT_A},
                             group_of=lambda article: "g1" if article in "ab" else "g2")
    entry = entries[0]
    assert (entry.date, entry.end_date, entry.precision) == ("2024-03-03", "2024-03-05", "interval")
    assert entry.independent_source_count == 2
    assert entry.event_id == "event-9"
    assert entry.summary.startswith("Mayor Ilse Varga met")


def test_calendar_interval():
    assert calendar_interval("2024-02") == (date(2024, 2, 1), date(2024, 2, 29), "month")
    assert calendar_interval("2024-Q3") == (date(2024, 7, 1), date(2024, 9, 30), "quarter")
    assert calendar_interval("2024-W24") == (date(2024, 6, 10), date(2024, 6, 16), "week")
    assert calendar_interval("2024-05-06T10:00") == (date(2024, 5, 6), date(2024, 5, 6), "day")
    assert calendar_interval("PRESENT_REF") is None and calendar_interval("XXXX-05") is None


def test_sentence_around_trims_long_sentences_around_the_trigger():
    words = " ".join(f"word{i}" for i in range(100))
    text = f"Short one. {words} TRIGGER {words}. Last."
    summary = sentence_around(text, text.index("TRIGGER"), text.index("TRIGGER") + 7, limit=80)
    assert "TRIGGER" in summary and len(summary) <= 82 and summary.endswith("…")


@pytest.mark.slow
def test_timeline_from_parsed_text():
    from storyline.language.analyze import analyze_doc
    from storyline.language.nlp import get_nlp

    text = ("Mayor Ilse Varga will visit Tallinn next month. "
            "Last week Varga met the ferry operators in Lindholm. "
            "On 2 May the council signed a lease with Orsted Lines.")
    facts = analyze_doc(get_nlp()(text), "own-1", date(2024, 6, 20))
    timeline = build_timeline(facts.event_mentions, texts={"own-1": text})
    assert [e.date for e in timeline] == ["2024-05-02", "2024-W24", "2024-07"]
    visit = next(e for e in timeline if e.trigger == "visit")
    assert visit.status == "planned" and visit.date == "2024-07"
    met = next(e for e in timeline if e.trigger == "met")
    assert (met.date, met.precision) == ("2024-W24", "week")  # "last week" before 20 June
    assert [e.trigger for e in build_timeline(facts.event_mentions, entity="Varga")] == [
        "met", "visit"]


def test_dates_are_shown_as_people_read_them():
    from storyline.views.timeline import display_date

    assert display_date("2025-02-17TEV") == "2025-02-17 evening"
    assert display_date("2025-02-17T14:30") == "2025-02-17 14:30"
    assert display_date("2025-02") == "2025-02"
    assert display_date("2025-W03") == "2025-W03"
    assert display_date(None) == "undated"
