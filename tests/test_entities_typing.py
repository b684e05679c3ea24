"""Type agreement of name spans: context cues and one type per name in an article.

Hand-built docs (tokens split on spaces, entities given with the small model's typical
mistakes) pin each cue; a few sentences run through the real pipeline check that the cues
survive real tags and parses. All names are invented.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from storyline.language.entities_spans import is_east_asian_name, repair_entities
from storyline.language.entities_typing import agree_on_types, demonym_stems
from storyline.language.nlp import get_nlp

from helpers import make_doc


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def labels(doc: Doc, family_keys: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    return [(s.text, s.label_) for s in agree_on_types(doc, list(doc.ents), family_keys)]


def test_one_state_noun_retypes_every_mention_of_the_name(nlp):
    doc = make_doc(
        nlp.vocab,
        "Morvesta~'s foreign ministry protested . Morvesta later said Morvesta and Morvesta agreed",
        [(0, 1, "ORG"), (6, 7, "PERSON"), (9, 10, "PERSON"), (11, 12, "PERSON")],
    )
    assert {label for _, label in labels(doc)} == {"GPE"}


def test_without_cues_the_model_majority_wins(nlp):
    doc = make_doc(
        nlp.vocab,
        "Corvanta hired staff and Corvanta opened an office while Corvanta grew",
        [(0, 1, "ORG"), (4, 5, "ORG"), (9, 10, "PERSON")],
    )
    assert [label for _, label in labels(doc)] == ["ORG", "ORG", "ORG"]


@pytest.mark.parametrize(
    "text, ents",
    [
        ("the Pelmarin government met", [(1, 2, "PERSON")]),
        ("rebels moved into Pelmarin overnight", [(3, 4, "PERSON")]),
        ("a visit to Pelmarin ended", [(3, 4, "PERSON")]),
        ("Pelmarin~-~flagged tankers sailed", [(0, 1, "PERSON")]),
        ("Pelmarin , the capital of the region , fell", [(0, 1, "PERSON")]),
        ("fighting reached the capital Pelmarin today", [(4, 5, "ORG")]),
        ("Pelmarin Defence Minister Tobar resigned", [(0, 1, "PERSON"), (3, 4, "PERSON")]),
        ("Pelmarin~'s foreign minister resigned", [(0, 1, "ORG")]),
        ("the embassy of Pelmarin closed", [(3, 4, "PERSON")]),
        ("farms near Dorrit , Pelmarin , flooded", [(2, 3, "GPE"), (4, 5, "PERSON")]),
    ],
)
def test_place_cues(nlp, text, ents):
    doc = make_doc(nlp.vocab, text, ents)
    assert ("Pelmarin", "GPE") in labels(doc)


def test_dateline_is_a_place(nlp):
    doc = make_doc(nlp.vocab, "\n TREVANO — Talks resumed", [(1, 2, "PERSON")])
    assert labels(doc) == [("TREVANO", "GPE")]


@pytest.mark.parametrize(
    "text, ents",
    [
        ("Ms. Halvorsen Brandtvik declined to comment", [(1, 3, "ORG")]),
        ("security adviser Halvorsen Brandtvik arrived", [(2, 4, "ORG")]),
        ("Halvorsen Brandtvik , a senior lecturer at the academy , spoke", [(0, 2, "ORG")]),
        ("Halvorsen K. Brandtvik wrote the report", [(0, 3, "ORG")]),
    ],
)
def test_person_cues(nlp, text, ents):
    doc = make_doc(nlp.vocab, text, ents)
    assert [label for _, label in labels(doc)] == ["PERSON"]


def test_a_party_government_stays_an_organisation(nlp):
    doc = make_doc(nlp.vocab, "the Greenway government fell", [(1, 2, "ORG")])
    assert labels(doc) == [("Greenway", "ORG")]


def test_a_full_name_owning_a_government_stays_a_person(nlp):
    doc = make_doc(nlp.vocab, "the Anna Ravelli government fell", [(1, 3, "PERSON")])
    assert labels(doc) == [("Anna Ravelli", "PERSON")]


def test_a_firm_split_between_organisation_and_place_is_left_alone(nlp):
    doc = make_doc(
        nlp.vocab,
        "Corvanta rose . Corvanta fell . Corvanta said . Corvanta won",
        [(0, 1, "ORG"), (3, 4, "GPE"), (6, 7, "GPE"), (9, 10, "ORG")],
    )
    assert [label for _, label in labels(doc)] == ["ORG", "GPE", "GPE", "ORG"]


def test_a_given_name_of_a_person_named_in_full_is_a_person(nlp):
    doc = make_doc(
        nlp.vocab,
        "Tomas Ferreira spoke and later Tomas left",
        [(0, 2, "PERSON"), (5, 6, "ORG")],
    )
    assert labels(doc)[1] == ("Tomas", "PERSON")


def test_a_leader_owning_a_government_stays_a_person(nlp):
    doc = make_doc(
        nlp.vocab,
        "Prime Minister Ravelli spoke before the Ravelli government fell",
        [(2, 3, "PERSON"), (6, 7, "PERSON")],
    )
    assert [label for _, label in labels(doc)] == ["PERSON", "PERSON"]


def test_family_name_of_a_person_named_in_full_stays_a_person(nlp):
    doc = make_doc(
        nlp.vocab,
        "trucks drove to Brandtvik yesterday",
        [(3, 4, "GPE")],
    )
    assert labels(doc, frozenset({"brandtvik"})) == [("Brandtvik", "PERSON")]


def test_a_definite_name_gets_no_person_cue(nlp):
    doc = make_doc(nlp.vocab, "The Harbour Office said it would reopen", [(0, 3, "ORG")])
    assert labels(doc) == [("The Harbour Office", "ORG")]


def test_trade_destination_does_not_make_a_company_a_place(nlp):
    doc = make_doc(
        nlp.vocab,
        "a shipment to Quorelle and a sale to Quorelle",
        [(3, 4, "ORG"), (8, 9, "ORG")],
    )
    assert [label for _, label in labels(doc)] == ["ORG", "ORG"]


def test_trade_destination_counts_against_a_lone_person_label(nlp):
    doc = make_doc(
        nlp.vocab,
        "an arms sale to Quorelle rose while Quorelle paid , and Quorelle said so",
        [(4, 5, "PERSON"), (7, 8, "GPE"), (11, 12, "PERSON")],
    )
    assert [label for _, label in labels(doc)] == ["GPE", "GPE", "GPE"]


def test_preposition_alone_does_not_retype_an_organisation(nlp):
    # Products and firms follow "in" too ("features added in Nimbus OS").
    doc = make_doc(nlp.vocab, "features added in Nimbus OS today", [(3, 5, "ORG")])
    assert labels(doc) == [("Nimbus OS", "ORG")]


def test_named_organisations_and_gazetteer_names_keep_their_type(nlp):
    doc = make_doc(
        nlp.vocab,
        "analysts in Harrow Savings Bank and in Kyiv said",
        [(2, 5, "ORG"), (7, 8, "GPE")],
    )
    assert labels(doc) == [("Harrow Savings Bank", "ORG"), ("Kyiv", "GPE")]


def test_coordination_with_a_place(nlp):
    doc = make_doc(
        nlp.vocab,
        "Ardessa and the United States objected",
        [(0, 1, "PERSON"), (2, 5, "GPE")],
    )
    assert labels(doc)[0] == ("Ardessa", "GPE")


def test_coordination_alone_does_not_retype_an_organisation(nlp):
    doc = make_doc(nlp.vocab, "runs on Nimbus and Kyiv laptops", [(2, 3, "ORG"), (4, 5, "GPE")])
    assert labels(doc)[0] == ("Nimbus", "ORG")


def test_mistyped_demonym_becomes_norp_and_points_to_its_country(nlp):
    doc = make_doc(
        nlp.vocab,
        "the Ostrelan government said Ostrela would not yield",
        [(1, 2, "PERSON"), (4, 5, "PERSON")],
    )
    assert labels(doc) == [("Ostrelan", "NORP"), ("Ostrela", "GPE")]


def test_norp_demonym_is_a_place_cue(nlp):
    doc = make_doc(
        nlp.vocab,
        "Veskari troops left and Veskar denied it",
        [(0, 1, "NORP"), (4, 5, "PERSON")],
    )
    assert labels(doc) == [("Veskari", "NORP"), ("Veskar", "GPE")]


@pytest.mark.parametrize(
    "demonym, place",
    [
        ("Kenyan", "kenya"),
        ("Bolivian", "bolivia"),
        ("Italian", "italy"),
        ("Canadian", "canada"),
        ("Korean", "korea"),
        ("Japanese", "japan"),
        ("Chinese", "china"),
        ("Pakistani", "pakistan"),
    ],
)
def test_demonym_stems(demonym, place):
    assert place in demonym_stems(demonym)


# --- romanised names -----------------------------------------------------------------------


def repaired(doc: Doc) -> list[tuple[str, str]]:
    return [(span.text, span.label_) for span in repair_entities(doc)]


def test_three_part_name_split_into_two_person_spans_is_one_person(nlp):
    doc = make_doc(
        nlp.vocab, "envoy Ri Son Gwan left early", [(1, 3, "PERSON"), (3, 4, "PERSON")]
    )
    assert repaired(doc) == [("Ri Son Gwan", "PERSON")]


def test_last_syllable_alone_grows_to_the_leftmost_family_name(nlp):
    # "Son" is a family name too; the whole name starts at "Pak".
    doc = make_doc(nlp.vocab, "envoy Pak Son Il left early", [(3, 4, "PERSON")])
    assert repaired(doc) == [("Pak Son Il", "PERSON")]


@pytest.mark.parametrize(
    "words, expected",
    [
        (["Nguyen", "Thi", "Hoa"], True),
        (["Tran", "Quoc-bao"], True),
        (["Le", "Pen"], False),  # ambiguous family name, two parts, no hyphen
        (["Vo", "Thi", "Lan"], True),
    ],
)
def test_vietnamese_family_names(words, expected):
    assert is_east_asian_name(words) is expected


# --- the real pipeline ---------------------------------------------------------------------


def ents_of(nlp, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents if e.label_ in {"PERSON", "ORG", "GPE"}]


def test_pipeline_unknown_country_is_one_place(nlp):
    text = (
        "Talvoria's defence ministry said on Monday that Talvoria had moved troops to the "
        "frontier. Talvoria denied any plan to attack, and Talvoria rejected the claims."
    )
    assert [label for name, label in ents_of(nlp, text) if name == "Talvoria"] == ["GPE"] * 4


def test_pipeline_unknown_capital_and_country(nlp):
    text = (
        "Rebels seized Marbeko, the capital of Lunavia, on Sunday. Lunavia said it would retake "
        "Marbeko."
    )
    assert set(ents_of(nlp, text)) == {("Marbeko", "GPE"), ("Lunavia", "GPE")}


def test_pipeline_company_stays_an_organisation(nlp):
    text = (
        "Zentrix said it sold chips to Apple. Zentrix shares rose, and analysts at Zentrix "
        "expect growth."
    )
    found = ents_of(nlp, text)
    assert ("Apple", "ORG") in found
    assert {label for name, label in found if name == "Zentrix"} == {"ORG"}


def test_pipeline_romanised_names_are_whole_people(nlp):
    text = (
        "Deputy Prime Minister Nguyen Van Thanh met Pham Minh Duc in Hanoi. "
        "Vo Thi Lan, a senior economist at the central bank, said inflation would ease."
    )
    people = [name for name, label in ents_of(nlp, text) if label == "PERSON"]
    assert people == ["Nguyen Van Thanh", "Pham Minh Duc", "Vo Thi Lan"]
