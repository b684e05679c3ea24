"""Which time expression dates which event: parse-based linking, on sentences written for
these tests (storyline.language.event_time through extract_event_mentions)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from spacy.tokens import Doc

from storyline.language.attribution import extract_attributions
from storyline.language.event_time import TIME_LINKS, EventTime, TimeAnchor, link_event_times
from storyline.language.events import EventMention, extract_event_mentions
from storyline.language.nlp import get_nlp
from storyline.language.timex import tag_time_expressions

CREATED = date(2024, 6, 17)  # a Monday


def events(text: str) -> tuple[EventMention, ...]:
    doc = get_nlp()(text)
    times = tag_time_expressions(doc, CREATED, "t1")
    return extract_event_mentions(doc, "t1", time_expressions=times,
                                  attributions=extract_attributions(doc, "t1"),
                                  include_untyped=True)


def by_trigger(text: str) -> dict[str, EventMention]:
    return {e.trigger: e for e in events(text)}


def time_of(found: dict[str, EventMention], trigger: str) -> tuple[str, str | None] | None:
    time = found[trigger].time
    return None if time is None else (time.text, time.value)


def test_relative_clause_keeps_its_own_date_and_the_saying_its_own():
    found = by_trigger("The envoy, who toured the port in 2019, said on Friday that the "
                       "border would reopen.")
    assert time_of(found, "toured") == ("2019", "2019")
    assert time_of(found, "said") == ("Friday", "2024-06-14")
    assert found["reopen"].time is None  # the saying's Friday is not the reopening's


def test_said_on_a_day_dates_the_saying_not_the_reported_event():
    found = by_trigger("Rebels seized the bridge, the army said on Thursday.")
    assert found["seized"].time is None
    assert time_of(found, "said") == ("Thursday", "2024-06-13")
    # and the other way round: the reported event's own date stays with it
    found = by_trigger("Officials said the militia shelled the depot last Sunday.")
    assert time_of(found, "shelled") == ("last Sunday", "2024-06-16")
    assert found["said"].time is None


def test_each_clause_of_a_temporal_sentence_keeps_its_date():
    found = by_trigger("After the talks collapsed on Saturday, the rebels attacked the airport "
                       "on Wednesday.")
    assert time_of(found, "collapsed") == ("Saturday", "2024-06-15")
    assert time_of(found, "attacked") == ("Wednesday", "2024-06-12")


def test_light_verb_hands_its_date_to_the_event_noun():
    found = by_trigger("The premiers held talks in Oslo on 4 March.")
    talks = found["talks"]
    assert (talks.event_type, talks.time.text, talks.time.link) == ("meeting", "4 March", "parse")
    assert talks.time.relation == "on"


def test_copula_and_scheduling_participle_date_the_event_they_speak_of():
    assert time_of(by_trigger("The vote was on Sunday."), "vote") == ("Sunday", "2024-06-16")
    found = by_trigger("The ministers discussed a summit scheduled for 12 May.")
    assert time_of(found, "summit") == ("12 May", "2025-05-12")
    assert found["discussed"].time is None


def test_a_when_clause_takes_the_date_it_hangs_on():
    found = by_trigger("Trade has grown since March, when the two sides signed a pact.")
    assert time_of(found, "signed") == ("March", "2024-03")
    assert found["grown"].time.relation == "since"


def test_a_clause_inside_an_event_and_the_purpose_of_a_trip_share_its_date():
    found = by_trigger("She flew to Quito in June for a summit in which she met the president.")
    assert time_of(found, "flew") == time_of(found, "summit") == time_of(found, "met") \
        == ("June", "2024-06")
    found = by_trigger("The king travelled to Lisbon in 1998 to meet the pope.")
    assert time_of(found, "meet") == ("1998", "1998")


def test_setting_out_for_talks_does_not_date_the_talks():
    found = by_trigger("The delegation left on Sunday for talks in Geneva.")
    assert time_of(found, "left") == ("Sunday", "2024-06-16")
    assert found["talks"].time is None


def test_bounds_and_descriptions_are_not_the_events_date():
    assert by_trigger("The rebels withdrew before Friday.")["withdrew"].time is None
    assert by_trigger("It was her first visit since 2015.")["visit"].time is None
    # "current" describes the mayor: not the visit's time, not even by the sentence
    assert by_trigger("The current mayor visited the harbour.")["visited"].time is None
    deadline = by_trigger("The talks will end by June.")["end"].time
    assert (deadline.text, deadline.relation) == ("June", "by")


def test_a_pledge_told_as_past_is_dated_by_its_when_clause_and_occurred():
    found = by_trigger("The mayor pledged to visit the island when the governor met him for "
                       "a summit in Porto in May.")
    assert time_of(found, "summit") == ("May", "2024-05")
    assert time_of(found, "met") == ("May", "2024-05")
    assert found["met"].status == "occurred"
    assert time_of(found, "pledged") == ("May", "2024-05")
    assert found["visit"].time is None  # the visit is still to come


def _hand_parsed(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:
    return Doc(get_nlp().vocab, words=words, heads=heads, deps=deps, pos=pos,
               sent_starts=[True] + [False] * (len(words) - 1))


def test_sentence_fallback_only_when_one_event_and_one_unattached_date():
    # "Ferry strike, Sunday." parsed as a fragment whose root is the date: nothing in the
    # parse ties the date to the strike, but it is the sentence's only event and date.
    doc = _hand_parsed(["Ferry", "strike", ",", "Sunday", "."], [1, 3, 3, 3, 3],
                       ["compound", "appos", "punct", "ROOT", "punct"],
                       ["NOUN", "NOUN", "PUNCT", "PROPN", "PUNCT"])
    sunday = EventTime("Sunday", doc[3].idx, doc[3].idx + 6, "2024-06-16", "DATE")
    strike = TimeAnchor(token=1, clause=1, event_type="attack")
    (linked,) = link_event_times(doc, [strike], [sunday])
    assert linked is not None and (linked.text, linked.link) == ("Sunday", "sentence")
    # Two events: which one Sunday belongs to is not known, so neither gets it.
    doc = _hand_parsed(["Strike", "and", "blockade", ",", "Sunday", "."], [4, 0, 0, 4, 4, 4],
                       ["appos", "cc", "conj", "punct", "ROOT", "punct"],
                       ["NOUN", "CCONJ", "NOUN", "PUNCT", "PROPN", "PUNCT"])
    sunday = EventTime("Sunday", doc[4].idx, doc[4].idx + 6, "2024-06-16", "DATE")
    anchors = [TimeAnchor(0, 0, "attack"), TimeAnchor(2, 2, None)]
    assert link_event_times(doc, anchors, [sunday]) == [None, None]
    # A duration alone in a sentence is no date for its event.
    doc = _hand_parsed(["Strike", ",", "weeks", "."], [2, 2, 2, 2],
                       ["appos", "punct", "ROOT", "punct"], ["NOUN", "PUNCT", "NOUN", "PUNCT"])
    weeks = EventTime("weeks", doc[2].idx, doc[2].idx + 5, "PXW", "DURATION")
    assert link_event_times(doc, [TimeAnchor(0, 0, "attack")], [weeks]) == [None]


def test_links_are_exact_spans_and_serialise_with_their_basis():
    text = "The envoy, who toured the port in 2019, said on Friday that talks were held."
    for e in events(text):
        if e.time is None:
            continue
        assert text[e.time.start:e.time.end] == e.time.text
        assert e.time.link in TIME_LINKS
        data = json.loads(json.dumps(e.to_dict()))
        assert data["time"]["link"] == e.time.link
        assert data["time"]["relation"] == e.time.relation


@pytest.mark.parametrize("text", [
    "Officials said the militia shelled the depot last Sunday.",
    "The ministers discussed a summit scheduled for 12 May.",
])
def test_every_linked_time_is_one_of_the_articles_time_expressions(text):
    doc = get_nlp()(text)
    times = tag_time_expressions(doc, CREATED, "t1")
    spans = {(t.evidence.start, t.evidence.end) for t in times}
    for e in extract_event_mentions(doc, "t1", time_expressions=times, include_untyped=True):
        if e.time is not None:
            assert (e.time.start, e.time.end) in spans
