"""Claim fusion: one claim per statement across articles, independent sources counted by
duplicate group, numbers that move over time and accusations met by denials flagged.

The attributions here are written by hand in the store's dict form (what
``store.extractions_of(article_id, "attribution")`` returns), about an invented story.
"""

from __future__ import annotations

from datetime import date

import pytest

from storyline.fusion.claims import (
    Claim,
    ClaimIndex,
    ClaimSource,
    contents_match,
    find_contradictions,
    fuse_claims,
)
from storyline.fusion.claims_records import measure_of, speaker_key, speakers_compatible


def quantity(value, unit=None, bound="=", currency=None, text=""):
    return {"evidence": {"article_id": "", "sentence": 0, "start": 0, "end": 0, "text": text},
            "value": value, "bound": bound, "approximator": None, "unit": unit,
            "currency": currency, "is_ratio": False, "ratio_base": None}


def said(speaker, content, stance="assert", start=0, target=None, quantities=(), article="a"):
    return {
        "evidence": {"article_id": article, "sentence": 0, "start": start,
                     "end": start + len(content) + 20, "text": content},
        "speaker": speaker, "speaker_span": None, "speaker_cluster": None, "cue": "said",
        "cue_span": [0, 0], "content": content, "content_span": [0, 0], "stance": stance,
        "target": target, "channel": None, "channel_span": None,
        "quantities": [quantity(*q) if isinstance(q, tuple) else q for q in quantities],
    }


PORT_CLAIM = "the new ferry terminal at Lindholm will open to passengers before the summer season"


def test_two_copies_in_one_group_count_one_independent_source():
    claims = fuse_claims([
        ClaimSource("wire-1", "g-wire", date(2024, 3, 1), said("Mayor Ilse Varga", PORT_CLAIM)),
        ClaimSource("reprint-1", "g-wire", date(2024, 3, 2), said("Varga", PORT_CLAIM)),
    ])
    assert len(claims) == 1
    claim = claims[0]
    assert claim.raw_source_count == 2
    assert claim.independent_source_count == 1
    assert claim.sources == ("wire-1", "reprint-1")
    assert claim.first_seen == date(2024, 3, 1) and claim.last_seen == date(2024, 3, 2)
    assert len(claim.evidence) == 2
    assert claim.to_dict()["independent_source_count"] == 1


def test_the_same_claim_in_two_groups_counts_two():
    reworded = "the new ferry terminal at Lindholm will open to passengers before summer"
    claims = fuse_claims([
        ClaimSource("paper-1", "g1", date(2024, 3, 1), said("Mayor Ilse Varga", PORT_CLAIM)),
        ClaimSource("paper-2", "g2", date(2024, 3, 4), said("Ilse Varga", reworded)),
    ])
    assert len(claims) == 1
    assert claims[0].raw_source_count == 2
    assert claims[0].independent_source_count == 2


def test_different_speakers_stances_or_numbers_stay_apart():
    items = [
        ClaimSource("p1", "g1", None, said("Mayor Ilse Varga", PORT_CLAIM)),
        ClaimSource("p2", "g2", None, said("Councillor Tomas Brenn", PORT_CLAIM)),
        ClaimSource("p3", "g3", None, said("Mayor Ilse Varga", PORT_CLAIM, stance="deny")),
        ClaimSource("p4", "g4", None, said("Varga", "the terminal cost 40 million crowns",
                                           quantities=[(40e6, "crowns")])),
        ClaimSource("p5", "g5", None, said("Varga", "the terminal cost 55 million crowns",
                                           quantities=[(55e6, "crowns")])),
        ClaimSource("p6", "g6", None, said("Varga", "the terminal cost 41 million crowns",
                                           quantities=[(41e6, "crowns")])),
    ]
    claims = fuse_claims(items)
    # p1, p2, p3 apart; p4 and p6 agree within 5%, p5 does not.
    assert len(claims) == 5
    merged = [c for c in claims if c.raw_source_count == 2]
    assert [sorted(c.sources) for c in merged] == [["p4", "p6"]]


def test_a_shared_verbatim_quote_is_the_same_claim():
    claims = fuse_claims([
        ClaimSource("p1", "g1", date(2024, 3, 1), said(
            "Varga", 'the report "a fairy tale told by the opposition" and a waste of paper')),
        ClaimSource("p2", "g2", date(2024, 3, 9), said(
            "Mayor Ilse Varga", 'the study "a fairy tale told by the opposition"')),
    ])
    assert len(claims) == 1 and claims[0].independent_source_count == 2


def test_entity_ids_join_speakers_whose_names_differ():
    claims = fuse_claims([
        ClaimSource("p1", "g1", None, said("the harbour master", PORT_CLAIM), "person:oda-lund"),
        ClaimSource("p2", "g2", None, said("Oda Lund", PORT_CLAIM), "person:oda-lund"),
    ])
    assert len(claims) == 1
    assert claims[0].speaker_entity_id == "person:oda-lund"


def test_pronoun_speakers_do_not_join_across_articles():
    claims = fuse_claims([
        ClaimSource("p1", "g1", None, said("she", PORT_CLAIM)),
        ClaimSource("p2", "g2", None, said("she", PORT_CLAIM)),
    ])
    assert len(claims) == 2


def test_index_is_incremental_and_order_independent():
    items = [
        ClaimSource("p1", "g1", date(2024, 3, 1), said("Mayor Ilse Varga", PORT_CLAIM)),
        ClaimSource("p2", "g2", date(2024, 3, 2), said("Varga", PORT_CLAIM)),
        ClaimSource("p3", "g3", date(2024, 3, 3), said("Tomas Brenn", "the budget is too small")),
    ]
    index = ClaimIndex()
    index.add(items[0])
    first = index.claims()
    index.add(items[1])
    index.add(items[1])  # the same attribution again: a no-op
    index.add(items[2])
    claims = index.claims()
    assert len(claims) == 2
    assert first[0].id == claims[0].id  # the earliest evidence keys the claim
    assert {c.id for c in fuse_claims(reversed(items))} == {c.id for c in claims}
    assert next(c for c in claims if "p1" in c.sources).raw_source_count == 2


def test_sources_may_be_plain_tuples():
    claims = fuse_claims([("p1", "g1", None, said("Varga", PORT_CLAIM), None)])
    assert isinstance(claims[0], Claim)


def test_number_evolution_is_ordered_by_date_across_unit_synonyms():
    claims = fuse_claims([
        ClaimSource("june", "g2", date(2024, 6, 20), said(
            "the army staff", "the northern brigades have fired at most 4,800,000 shells "
            "since the border war began", quantities=[(4.8e6, "shells", "<=")])),
        ClaimSource("jan", "g1", date(2024, 1, 15), said(
            "Defence Minister Ada Korr", "the northern brigades had fired more than 1,000,000 "
            "artillery rounds since the border war began",
            quantities=[(1e6, "artillery rounds", ">")])),
    ])
    found = find_contradictions(claims)
    assert [c.kind for c in found] == ["number-evolution"]
    evolution = found[0]
    assert evolution.measure == "artillery-ammunition"
    assert [o.value for o in evolution.chain] == [1e6, 4.8e6]
    assert [o.bound for o in evolution.chain] == [">", "<="]
    assert evolution.chain[0].speaker == "Defence Minister Ada Korr"
    assert evolution.chain[0].seen == date(2024, 1, 15)
    assert "1,000,000" in evolution.detail and "4,800,000" in evolution.detail
    assert evolution.to_dict()["chain"][1]["value"] == 4.8e6


def test_same_day_disagreement_is_a_conflict_and_unrelated_topics_are_not_compared():
    claims = fuse_claims([
        ClaimSource("a", "g1", date(2024, 5, 2), said(
            "the rescue service", "twelve people died in the Vessel Bay landslide",
            quantities=[(12, "people")])),
        ClaimSource("b", "g2", date(2024, 5, 2), said(
            "the regional governor", "nineteen people died in the Vessel Bay landslide",
            quantities=[(19, "people")])),
        ClaimSource("c", "g3", date(2024, 5, 9), said(
            "organisers", "forty people attended the spring chess open in Harrowgate",
            quantities=[(40, "people")])),
    ])
    found = find_contradictions(claims)
    assert [c.kind for c in found] == ["number-conflict"]
    assert {o.value for o in found[0].chain} == {12, 19}


def test_accusation_and_denial_are_flagged_not_merged():
    claims = fuse_claims([
        ClaimSource("a", "g1", date(2024, 2, 1), said(
            "the harbour union", "Marlow Shipping of dumping ballast water in the estuary",
            stance="accuse", target="Marlow Shipping")),
        ClaimSource("b", "g2", date(2024, 2, 2), said(
            "Marlow Shipping", "dumping ballast water in the estuary", stance="deny")),
        ClaimSource("c", "g3", date(2024, 2, 2), said(
            "the ferry operator", "the timetable change", stance="deny")),
    ])
    assert len(claims) == 3
    found = find_contradictions(claims)
    assert [c.kind for c in found] == ["accusation-denial"]
    accusation = next(c for c in claims if c.stance == "accuse")
    denial = next(c for c in claims if c.speaker == "Marlow Shipping")
    assert found[0].claim_ids == (accusation.id, denial.id)


def test_date_conflicts_come_from_fused_events():
    class FusedEvent:
        id = "event-1"
        label = "collapse"
        date_range = ("2024-04-02", "2024-04-05")

    class Agreed:
        id = "event-2"
        label = "vote"
        date_range = ("2024-04", "2024-04-09")

    found = find_contradictions((), events=[FusedEvent(), Agreed()])
    assert [(c.kind, c.event_ids) for c in found] == [("date-conflict", ("event-1",))]


@pytest.mark.parametrize("unit, measure", [
    ("shells", "artillery-ammunition"), ("artillery rounds", "artillery-ammunition"),
    ("rounds of ammunition", "artillery-ammunition"),
    ("short-range ballistic missiles", "missiles"),
    ("containers", "containers"), ("apples", "apple"),
])
def test_measure_families(unit, measure):
    assert measure_of(unit, None) == measure


def test_speaker_helpers():
    assert speaker_key("The Ministry", None, "a") == "text:ministry"
    assert speaker_key("he", None, "a").startswith("pronoun:a")
    assert speakers_compatible(("text:anselm", "Anselm"),
                               ("text:x", "the port's director, Jonas Anselm"))
    assert not speakers_compatible(("text:the ministry", "the ministry"),
                                   ("text:the foreign ministry", "the foreign ministry"))
    assert contents_match("an absurd claim by rivals", "an absurd claim by rivals again", 85)


def test_an_accusation_and_a_statement_of_one_large_number_are_one_claim():
    # Three outlets, three wordings: two accuse, one states; each names the same number
    # of the same measure, and the speaker is the same pair of governments, in any order.
    claims = fuse_claims([
        ClaimSource("p-1", "g1", date(2024, 5, 2), said(
            "Norland and the U.K.", "Vessia of sending more than a million artillery shells",
            stance="accuse", quantities=[(1_000_000, "artillery shells", ">")]),
            speaker_entity_id="place:norland"),
        ClaimSource("p-2", "g2", date(2024, 5, 3), said(
            "Norland", "Vessia shipped over a million rounds to the front", stance="accuse",
            quantities=[(1_000_000, "rounds", ">")]), speaker_entity_id="place:norland"),
        ClaimSource("p-3", "g3", date(2024, 5, 4), said(
            "The UK and Norland", "since the spring Vessia has moved more than one million "
            "rounds of artillery by rail", quantities=[(1_000_000, "rounds of artillery", ">")]),
            speaker_entity_id="place:united-kingdom"),
    ])
    assert len(claims) == 1
    claim = claims[0]
    assert claim.stance == "accuse"
    assert claim.raw_source_count == 3 and claim.independent_source_count == 3


def test_a_shared_small_number_or_a_denial_does_not_join_claims():
    claims = fuse_claims([
        ClaimSource("p-1", "g1", date(2024, 5, 2), said(
            "Norland", "two ships left the northern port at night", quantities=[(2, "ships")])),
        ClaimSource("p-2", "g2", date(2024, 5, 3), said(
            "Norland", "two ships were seen unloading crates at Tarsk", quantities=[(2, "ships")])),
        ClaimSource("p-3", "g3", date(2024, 5, 4), said(
            "Norland", "Vessia never sent a million shells", stance="deny",
            quantities=[(1_000_000, "shells")])),
        ClaimSource("p-4", "g4", date(2024, 5, 5), said(
            "Norland", "Vessia sent more than a million shells over the winter",
            stance="accuse", quantities=[(1_000_000, "shells", ">")])),
    ])
    assert len(claims) == 4


def test_a_group_speaker_keys_on_its_names_not_on_one_member():
    assert speaker_key("The UK and Norland", "place:united-kingdom", "a") == "text:uk and norland"
    assert speaker_key("Norland", "place:norland", "a") == "entity:place:norland"
    assert speakers_compatible(("text:uk and norland", "The UK and Norland"),
                               ("text:norland and the uk", "Norland and the U.K."))
