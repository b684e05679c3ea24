"""Span repairs on hand-built docs whose entities carry the small model's typical mistakes."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from storyline.language.entities import extract_mentions
from storyline.language.entities_spans import repair_entities
from storyline.language.nlp import get_nlp

from helpers import make_doc


@pytest.fixture(scope="module")
def vocab():
    return get_nlp().vocab


def repaired(doc: Doc) -> list[tuple[str, str]]:
    return [(span.text, span.label_) for span in repair_entities(doc)]


def test_person_cut_before_a_hyphenated_syllable_is_extended(vocab):
    doc = make_doc(vocab, "Kim Jong~-~un visited a farm", [(0, 2, "PERSON")])
    assert repaired(doc) == [("Kim Jong-un", "PERSON")]


def test_three_part_name_split_into_person_and_norp_is_merged(vocab):
    doc = make_doc(vocab, "minister Choe Son Hui left", [(1, 3, "PERSON"), (3, 4, "NORP")])
    assert repaired(doc) == [("Choe Son Hui", "PERSON")]


def test_person_missing_its_family_name_grows_left(vocab):
    doc = make_doc(vocab, "marshals Ri Pyong Chol attended", [(3, 4, "PERSON")])
    assert repaired(doc) == [("Ri Pyong Chol", "PERSON")]


def test_title_inside_a_person_span_is_dropped(vocab):
    doc = make_doc(vocab, "Foreign Minister Choe spoke", [(0, 3, "PERSON")])
    assert repaired(doc) == [("Choe", "PERSON")]


def test_possessive_inside_a_span_is_dropped(vocab):
    doc = make_doc(vocab, "the Kremlin ’s arsenal", [(1, 3, "ORG")])
    assert repaired(doc) == [("Kremlin", "ORG")]


def test_east_asian_name_typed_org_becomes_person(vocab):
    doc = make_doc(vocab, "also there was Pak Thae Song today", [(3, 6, "ORG")])
    assert repaired(doc) == [("Pak Thae Song", "PERSON")]


def test_mistyped_family_name_follows_the_full_name(vocab):
    doc = make_doc(
        vocab, "Sergei Lavrov spoke . the Lavrov visit ended", [(0, 2, "PERSON"), (5, 6, "ORG")]
    )
    assert repaired(doc) == [("Sergei Lavrov", "PERSON"), ("Lavrov", "PERSON")]


def test_untagged_repeat_of_a_tagged_name_is_tagged(vocab):
    doc = make_doc(vocab, "Acme Corp sued . Acme Corp lost", [(0, 2, "ORG")])
    assert repaired(doc) == [("Acme Corp", "ORG"), ("Acme Corp", "ORG")]


def test_title_fragment_org_is_dropped(vocab):
    doc = make_doc(vocab, "Secretary of State Ann Lee spoke", [(2, 3, "ORG"), (3, 5, "PERSON")])
    assert repaired(doc) == [("Ann Lee", "PERSON")]


def test_spaced_dash_splits_a_dateline_from_a_name(vocab):
    doc = make_doc(vocab, "LISBON - Acme said", [(0, 3, "GPE")])
    assert repaired(doc)[0] == ("LISBON", "GPE")


def test_place_typed_person_is_retyped(vocab):
    doc = make_doc(vocab, "officials in Kyiv agreed", [(2, 3, "PERSON")])
    assert repaired(doc) == [("Kyiv", "GPE")]


def test_non_name_entities_pass_through(vocab):
    doc = make_doc(vocab, "on Monday 300 troops left", [(1, 2, "DATE"), (2, 3, "CARDINAL")])
    assert repaired(doc) == [("Monday", "DATE"), ("300", "CARDINAL")]


def test_extract_mentions_repairs_docs_from_other_pipelines(vocab):
    doc = make_doc(vocab, "Foreign Minister Choe Son Hui left", [(0, 4, "PERSON"), (4, 5, "NORP")])
    names = [m.name for m in extract_mentions(doc)]
    assert names == ["Choe Son Hui"]
