"""Typed events and the broad detector, on sentences written for these tests."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.language.attribution import extract_attributions
from storyline.language.event_types import EVENT_TYPES, ROLES, TIMEML_CLASSES
from storyline.language.events import (
    STATUSES,
    EventMention,
    detect_timeml_events,
    extract_event_mentions,
)
from storyline.language.evidence import Evidence
from storyline.language.nlp import get_nlp


def events(text: str, **kwargs) -> tuple[EventMention, ...]:
    doc = get_nlp()(text)
    kwargs.setdefault("attributions", extract_attributions(doc, "e1"))
    return extract_event_mentions(doc, "e1", **kwargs)


def one(text: str, event_type: str, **kwargs) -> EventMention:
    found = [e for e in events(text, **kwargs) if e.event_type == event_type]
    assert found, [(e.event_type, e.trigger) for e in events(text, **kwargs)]
    return found[0]


def roles(event: EventMention) -> dict[str, str]:
    return {p.role: p.text for p in event.participants}


def test_planned_travel_with_destination_and_time():
    e = one("The foreign minister will travel to Lima on Thursday.", "travel")
    assert e.status == "planned"
    assert roles(e) == {"agent": "The foreign minister", "destination": "Lima"}
    assert e.time is not None and e.time.text == "Thursday"


def test_set_to_have_talks_is_planned_meeting_on_the_noun():
    e = one("The two premiers are set to have talks with union leaders next week.", "meeting")
    assert e.trigger == "talks"
    assert e.status == "planned"
    assert roles(e)["agent"] == "The two premiers"
    assert roles(e)["counterpart"] == "union leaders"
    # The light verb does not make an event of its own.
    assert not [x for x in events("The premiers held talks on Monday.") if x.trigger == "held"]


def test_expected_to_sign_an_agreement():
    found = events("The envoy is expected to sign a fishing agreement with Norway.")
    agreement = [e for e in found if e.trigger == "agreement"][0]
    assert agreement.event_type == "agreement"
    assert agreement.status == "expected"
    assert roles(agreement)["counterpart"] == "Norway"
    # A speakerless "is expected" is not a statement event.
    assert not [e for e in found if e.event_type == "statement"]


def test_conditional_visit_is_hypothetical():
    e = one("If the king does visit the island, the harbour will close.", "travel")
    assert e.status == "hypothetical"


def test_denied_shipment():
    e = one("The company denied that it shipped drones to the militia.", "transfer")
    assert e.status == "denied"
    assert roles(e)["recipient"] == "the militia"
    assert roles(e)["patient"] == "drones"


def test_negated_event():
    e = one("The navy did not launch the rocket.", "test_launch")
    assert e.status == "negated"


def test_reported_event_and_statement():
    found = events("Rebels attacked the depot on Sunday, officials said.")
    attack = [e for e in found if e.event_type == "attack"][0]
    assert attack.status == "reported"
    assert attack.time.text == "Sunday"
    statement = [e for e in found if e.event_type == "statement"][0]
    assert statement.status == "occurred"
    assert roles(statement)["agent"] == "officials"


def test_accusation_and_denial_types():
    assert one("The council accused the firm of fraud.", "accusation").trigger == "accused"
    assert one("The firm rejected the claims.", "denial").trigger == "rejected"


def test_sanction_and_election_types():
    assert one("The board vetoed the merger.", "sanction").lemma == "veto"
    e = one("Parliament elected a new speaker on Monday.", "election_appointment")
    assert roles(e)["agent"] == "Parliament"


def test_nominal_event_takes_agent_from_light_verb_and_place():
    e = one("The queen paid a visit to the hospital in Oslo.", "travel")
    assert e.trigger == "visit"
    assert roles(e)["agent"] == "The queen"
    assert e.place is not None and e.place.text == "Oslo"


def test_weak_travel_verb_needs_a_place():
    assert not [e for e in events("The plan came too late.") if e.event_type == "travel"]
    assert one("The delegation arrived in Cairo.", "travel").trigger == "arrived"


def test_time_expressions_are_linked_with_their_value():
    doc = get_nlp()("The ministers met in Rome on 3 May.")

    @dataclasses.dataclass(frozen=True)
    class FakeTime:
        evidence: Evidence
        type: str
        value: str

    start = doc.text.index("3 May")
    timex = FakeTime(Evidence("e1", 0, start, start + 5, "3 May"), "DATE", "2024-05-03")
    e = extract_event_mentions(doc, "e1", time_expressions=(timex,))[0]
    assert e.event_type == "meeting"
    assert (e.time.value, e.time.start) == ("2024-05-03", start)


def test_untyped_events_on_request():
    text = "The price rose and traders celebrated."
    assert not events(text)
    kinds = {e.trigger: e.event_type for e in events(text, include_untyped=True)}
    assert kinds == {"rose": "other", "celebrated": "other"}


def test_detector_classes_and_nouns():
    doc = get_nlp()("She said the merger would begin after the acquisition of the port.")
    found = {e.evidence.text: e.timeml_class for e in detect_timeml_events(doc)}
    assert found["said"] == "REPORTING"
    assert found["begin"] == "ASPECTUAL"
    assert "merger" in found and "acquisition" in found
    assert "port" not in found


def test_records_serialise_and_use_known_vocabularies():
    for e in events("The general will visit Kyiv on Monday, his office said."):
        data = json.loads(json.dumps(e.to_dict()))
        assert data["status"] in STATUSES
        assert e.timeml_class in TIMEML_CLASSES
        assert all(p.role in ROLES + ("place",) for p in e.participants)
        assert e.evidence.text == e.trigger
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.status = "occurred"  # type: ignore[misc]


def test_inventory_is_documented_and_unambiguous_in_names():
    names = [t.name for t in EVENT_TYPES]
    assert len(names) == len(set(names))
    for event_type in EVENT_TYPES:
        assert event_type.description
        assert event_type.verbs or event_type.nouns
        assert set(event_type.prep_roles.values()) <= set(ROLES)


_WORDS = ["the", "envoy", "will", "visit", "Rome", "on", "Monday", "if", "not", "talks",
          "held", "said", "denied", "that", "it", "shipped", "arms", "to", ",", ".", "“", "”",
          "sanctions", "attack", "expected", "is", "set", "sign", "deal", "\n\n"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40))
def test_event_records_are_consistent_on_any_text(words):
    text = " ".join(words)
    for e in events(text, include_untyped=True):
        assert text[e.evidence.start:e.evidence.end] == e.trigger == e.evidence.text
        assert e.status in STATUSES
        for p in e.participants + ((e.place,) if e.place else ()):
            assert text[p.start:p.end] == p.text and p.text
        if e.time is not None:
            assert text[e.time.start:e.time.end] == e.time.text
