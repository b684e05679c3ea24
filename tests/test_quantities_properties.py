"""Property tests: the language layer never crashes and its evidence always points into the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.language.entities import extract_mentions
from storyline.language.nlp import get_nlp
from storyline.language.quantities import BOUNDS, extract_quantities

FRAGMENTS = [
    "more than", "up to", "about", "at least", "nearly", "some", "hundreds of", "tens of",
    "millions of", "a", "half", "two", "dozen", "million", "billion", "$", "€", "£", "4.8",
    "1,000", "10,000", "2023", "900", "%", "percent", "times", "twice", "between", "and",
    "rounds of artillery", "shells", "missiles", "kilometers", "won", "rubles", "the",
    "Kim Jong-un", "Choe", "Son", "Hui", "Putin", "Minister", "Foreign", ",", ".", "'s",
    "-", "(", ")", "KCNA", "Kremlin", "said", "on Monday", "years", "first", "555-0100",
]

texts = st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=25).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_quantities_are_well_formed(text):
    doc = get_nlp()(text)
    for quantity in extract_quantities(doc, "h"):
        assert text[quantity.evidence.start : quantity.evidence.end] == quantity.evidence.text
        assert quantity.bound in BOUNDS
        assert quantity.value >= 0
        assert quantity.ratio_base is None or quantity.is_ratio
        quantity.to_dict()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_mentions_are_well_formed(text):
    doc = get_nlp()(text)
    found = extract_mentions(doc, "h")
    for mention in found:
        assert text[mention.evidence.start : mention.evidence.end] == mention.evidence.text
        assert mention.name and mention.canonical
        assert mention.label in {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
    seen: list[int] = []
    for mention in found:  # clusters are numbered by first appearance
        if mention.cluster not in seen:
            assert mention.cluster == len(seen)
            seen.append(mention.cluster)
