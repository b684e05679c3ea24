"""Quantities: values, bounds, units, currencies and ratios on sentences written for the tests."""

from __future__ import annotations

import pytest

from storyline.language.nlp import get_nlp
from storyline.language.quantities import BOUNDS, Quantity, extract_quantities


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def quantities(nlp, text: str) -> tuple[Quantity, ...]:
    return extract_quantities(nlp(text), "q1")


def only(nlp, text: str) -> Quantity:
    found = quantities(nlp, text)
    assert len(found) == 1, [q.evidence.text for q in found]
    return found[0]


@pytest.mark.parametrize(
    "text, value, bound, approximator, unit",
    [
        (
            "The army fired more than a million rounds of artillery last year.",
            1e6, ">", "more than", "rounds of artillery",
        ),
        ("The port can hold up to 4.8 million shells, officials say.", 4.8e6, "<=", "up to",
         "shells"),
        (
            "Analysts counted about 50 ballistic missiles near the border.",
            50, "~", "about", "ballistic missiles",
        ),
        (
            "Satellites spotted at least 10,000 containers at the docks.",
            1e4, ">=", "at least", "containers",
        ),
        (
            "The rockets have ranges of approximately 900 kilometers, a report said.",
            900, "~", "approximately", "kilometers",
        ),
        ("Nearly 300 workers lost their jobs.", 300, "~", "Nearly", "workers"),
        ("Fewer than 20 ships docked there.", 20, "<", "Fewer than", "ships"),
        ("Some 400 engineers joined the project.", 400, "~", "Some", "engineers"),
        ("The factory made roughly 7,500 drones.", 7500, "~", "roughly", "drones"),
        ("Police said over 2,000 protesters marched.", 2000, ">", "over", "protesters"),
        ("The plant produced 1,000 or more shells a day.", 1000, ">=", "or more", "shells"),
    ],
)
def test_bounds_and_units(nlp, text, value, bound, approximator, unit):
    quantity = only(nlp, text)
    assert quantity.value == pytest.approx(value)
    assert quantity.bound == bound
    assert quantity.approximator == approximator
    assert quantity.unit == unit
    assert quantity.bound in BOUNDS


@pytest.mark.parametrize(
    "text, value, currency",
    [
        ("Exports rose to $34.4 million in the first quarter.", 34.4e6, "USD"),
        ("The fund lent €2.5 billion to the utility.", 2.5e9, "EUR"),
        ("The club paid £40m for the striker.", 40e6, "GBP"),
        ("The ministry set aside 10 billion won for the plan.", 10e9, "KRW"),
        ("The deal was worth 300 million rubles.", 300e6, "RUB"),
        ("The weapons are valued at several billion dollars.", 1e9, "USD"),
    ],
)
def test_money(nlp, text, value, currency):
    quantity = only(nlp, text)
    assert quantity.value == pytest.approx(value)
    assert quantity.currency == currency
    assert quantity.unit is None


def test_several_billion_is_a_lower_bound(nlp):
    quantity = only(nlp, "The weapons are valued at several billion dollars.")
    assert quantity.bound == ">"
    assert quantity.approximator == "several"


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("Three ships left the harbour at dawn.", 3, "ships"),
        ("Rebels seized two dozen trucks on the road.", 24, "trucks"),
        ("Twenty-five soldiers were hurt.", 25, "soldiers"),
        ("The state holds half a million tonnes of grain.", 5e5, "tonnes of grain"),
    ],
)
def test_spelled_out_numbers(nlp, text, value, unit):
    quantity = only(nlp, text)
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit
    assert quantity.bound == "="


@pytest.mark.parametrize(
    "text, value, approximator, unit",
    [
        ("Hundreds of containers were loaded at night.", 100, "Hundreds of", "containers"),
        (
            "The country may hold tens of millions of artillery shells.",
            1e7, "tens of millions of", "artillery shells",
        ),
        ("Thousands of residents fled the city.", 1e3, "Thousands of", "residents"),
        ("Dozens of drones struck the grid.", 12, "Dozens of", "drones"),
    ],
)
def test_vague_plural_scales_are_lower_bounds(nlp, text, value, approximator, unit):
    quantity = only(nlp, text)
    assert quantity.value == pytest.approx(value)
    assert quantity.bound == ">="
    assert quantity.approximator == approximator
    assert quantity.unit == unit


def test_percentages(nlp):
    text = "Prices rose 12.5 percent, then about 3% more, a 2 percentage point jump."
    found = quantities(nlp, text)
    assert [(q.value, q.unit) for q in found] == [
        (12.5, "percent"),
        (3.0, "percent"),
        (2.0, "percentage points"),
    ]
    assert found[1].bound == "~"


@pytest.mark.parametrize(
    "text, low, high, unit",
    [
        ("Officials said between 200 and 300 troops crossed.", 200, 300, "troops"),
        ("Between 10 and 15 people were hurt.", 10, 15, "people"),
        ("Growth was between 5 and 7 percent.", 5, 7, "percent"),
    ],
)
def test_ranges_give_two_bounds(nlp, text, low, high, unit):
    found = quantities(nlp, text)
    assert [(q.value, q.bound, q.unit) for q in found] == [(low, ">=", unit), (high, "<=", unit)]


def test_range_shares_the_scale(nlp):
    found = quantities(nlp, "The repairs will cost between $2 and 3 million.")
    assert [q.value for q in found] == [2e6, 3e6]
    assert {q.currency for q in found} == {"USD"}


def test_ratio(nlp):
    quantity = only(nlp, "Trade with the neighbour grew to nine times the previous year's total.")
    assert quantity.is_ratio
    assert quantity.value == 9
    assert quantity.ratio_base == "the previous year's total"


def test_twice_is_a_ratio(nlp):
    quantity = only(nlp, "The new launcher fires twice the old rate.")
    assert quantity.is_ratio and quantity.value == 2


@pytest.mark.parametrize(
    "text",
    [
        "The summit took place in 2019 after long talks.",
        "He arrived on March 3 at 10:30 in the morning.",
        "It was the first visit in 24 years.",
        "She finished second in the race.",
        "Call the office on 555-0192 for details.",
        "The iPhone 4 was unveiled on stage.",
        "He is one of the richest men in Europe.",
        "The vote ended 3-2 after midnight.",
    ],
)
def test_dates_years_times_ordinals_codes_are_not_quantities(nlp, text):
    assert quantities(nlp, text) == ()


def test_evidence_and_to_dict(nlp):
    text = "Officials said more than 5,000 troops crossed the river."
    quantity = only(nlp, text)
    assert quantity.evidence.text == text[quantity.evidence.start : quantity.evidence.end]
    assert quantity.evidence.text == "more than 5,000 troops"
    assert quantity.evidence.article_id == "q1"
    data = quantity.to_dict()
    assert data["value"] == 5000 and data["bound"] == ">" and data["unit"] == "troops"
    assert set(data) == {
        "evidence", "value", "bound", "approximator", "unit", "currency", "is_ratio", "ratio_base",
    }


def test_nationality_modifiers_are_not_part_of_the_unit(nlp):
    quantity = only(nlp, "Kyiv said about 40 Russian cruise missiles were fired.")
    assert quantity.unit == "cruise missiles"


def test_empty_doc(nlp):
    assert quantities(nlp, "") == ()


def test_several_quantities_in_order(nlp):
    found = quantities(nlp, "They sent 12 tanks, 40 trucks and up to 300 soldiers.")
    assert [q.value for q in found] == [12, 40, 300]
    assert [q.bound for q in found] == ["=", "=", "<="]


def test_doc_without_parse_or_sentences():
    from spacy.tokens import Doc

    doc = Doc(get_nlp().vocab, words=["about", "50", "missiles", "and", "$", "3", "million"])
    found = extract_quantities(doc, "bare")
    assert [(q.value, q.bound) for q in found][:1] == [(50, "~")]
    assert found[-1].currency == "USD" and found[-1].value == 3e6
    assert {q.evidence.sentence for q in found} == {0}


@pytest.mark.parametrize(
    "text, value, bound, base",
    [
        ("Two-thirds of the budget goes to the army.", 2 / 3, "=", "the budget"),
        ("About a quarter of the city lost power.", 0.25, "~", "the city"),
        ("Half of the shells failed to explode.", 0.5, "=", "the shells"),
    ],
)
def test_fractions_are_shares_of_a_base(nlp, text, value, bound, base):
    quantity = only(nlp, text)
    assert quantity.is_ratio
    assert quantity.value == pytest.approx(value)
    assert quantity.bound == bound
    assert quantity.ratio_base == base


def test_to_ranges_but_not_changes(nlp):
    found = quantities(nlp, "Some 30 to 40 drones were launched.")
    assert [(q.value, q.bound, q.unit) for q in found] == [
        (30, ">=", "drones"),
        (40, "<=", "drones"),
    ]
    found = quantities(nlp, "The price went from 5 to 7 dollars.")
    assert all(q.bound == "=" for q in found)


def test_ranks_are_not_amounts(nlp):
    assert quantities(nlp, "The party's No. 2 official resigned.") == ()
