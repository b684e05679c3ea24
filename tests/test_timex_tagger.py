"""The temporal tagger on sentences written for these tests (reference date: Sunday 14 Jan 2024)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacy.language import Language
from spacy.tokens import Doc

from storyline.language.nlp import get_nlp
from storyline.language.timex import TimeExpression, resolve, tag_time_expressions

SUNDAY = date(2024, 1, 14)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return get_nlp()


def tag(nlp: Language, text: str, dct: date | None = SUNDAY) -> list[TimeExpression]:
    return list(tag_time_expressions(nlp(text), dct, article_id="t"))


def found(nlp: Language, text: str, dct: date | None = SUNDAY) -> dict[str, str]:
    return {expression.evidence.text: expression.value for expression in tag(nlp, text, dct)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The port reopened on January 15.", {"January 15": "2023-01-15"}),
        ("Auditors signed the report on Jan. 15, 2024.", {"Jan. 15, 2024": "2024-01-15"}),
        ("The vote took place on 15 January 2024.", {"15 January 2024": "2024-01-15"}),
        ("The filing is dated 2024-01-14.", {"2024-01-14": "2024-01-14"}),
        ("Prices spiked in mid-January.", {"mid-January": "2024-01"}),
        ("The firm was founded in the early 1990s.", {"the early 1990s": "199"}),
        ("Rates were higher in the 1990s.", {"the 1990s": "199"}),
        ("The bridge opened in 1998.", {"1998": "1998"}),
        ("Revenue grew in fiscal 1998.", {"fiscal 1998": "1998"}),
        ("Sales fell in the third quarter.", {"the third quarter": "2024-Q3"}),
        ("The plant closed in September.", {"September": "2023-09"}),
        ("The board meets again in March.", {"March": "2024-03"}),
        ("Snow was scarce last winter.", {"last winter": "2023-WI"}),
        ("Exports rose last year.", {"last year": "2023"}),
        ("The mayor resigned earlier this month.", {"earlier this month": "2024-01"}),
        ("Talks continue this week.", {"this week": "2024-W02"}),
        ("The mill shut nine months ago.", {"nine months ago": "2023-04"}),
        ("A verdict is expected next week.", {"next week": "2024-W03"}),
        ("The ferry sank yesterday.", {"yesterday": "2024-01-13"}),
        ("The shops are closed today.", {"today": "2024-01-14"}),
        ("The river is now receding.", {"now": "PRESENT_REF"}),
        ("The agency recently changed its rules.", {"recently": "PAST_REF"}),
        ("Fares doubled over the past three years.", {"the past three years": "P3Y"}),
        ("Strikers have picketed for months.", {"months": "PXM"}),
        ("The contract runs three years.", {"three years": "P3Y"}),
        ("She served 24 years on the court.", {"24 years": "P24Y"}),
        ("The race is held every week.", {"every week": "P1W"}),
        ("Inspectors visit each year.", {"each year": "P1Y"}),
        ("The fee is charged annually.", {"annually": "P1Y"}),
        # TimeBank/AQUAINT never tag the adjective ("the annual meeting"): not a time
        ("The fair is an annual event.", {}),
        ("The polls closed at 3:45 p.m.", {"3:45 p.m.": "2024-01-14T15:45"}),
        ("Police were called this morning.", {"this morning": "2024-01-14TMO"}),
        ("Fans gathered at the stadium on Tuesday night.", {"Tuesday night": "2024-01-09TNI"}),
    ],
)
def test_phenomena(nlp: Language, sentence: str, expected: dict[str, str]) -> None:
    assert found(nlp, sentence) == expected


def test_weekday_direction_follows_tense(nlp: Language) -> None:
    assert found(nlp, "The envoy arrived on Tuesday.") == {"Tuesday": "2024-01-09"}
    assert found(nlp, "The envoy will travel on Tuesday.") == {"Tuesday": "2024-01-16"}
    assert found(nlp, "Parliament is due to vote Thursday.") == {"Thursday": "2024-01-18"}


def test_weekday_range_gives_two_expressions(nlp: Language) -> None:
    assert found(nlp, "The delegation will stay from Monday to Wednesday.") == {
        "Monday": "2024-01-15",
        "Wednesday": "2024-01-17",
    }


def test_day_range_tags_the_closing_day(nlp: Language) -> None:
    expressions = tag(nlp, "The festival will run January 15 to 17.")
    assert [(e.evidence.text, e.value) for e in expressions] == [
        ("January 15", "2024-01-15"),
        ("17", "2024-01-17"),
    ]


def test_text_reference_anchors_later_expressions(nlp: Language) -> None:
    expressions = tag(nlp, "The talks began in July 2023. Two weeks later they collapsed.")
    later = expressions[-1]
    assert later.evidence.text == "Two weeks later"
    assert later.anchor == "text"
    assert later.value == "2023-07"
    assert later.evidence.sentence == 1


def test_a_year_earlier_in_a_quarterly_report(nlp: Language) -> None:
    text = "Profit rose in the third quarter of 2023 from a loss a year earlier."
    assert found(nlp, text) == {"the third quarter of 2023": "2023-Q3", "a year earlier": "2022-Q3"}


def test_spans_follow_timeml_extents(nlp: Language) -> None:
    text = "Shares slid on Friday and last week, and have fallen over the past three years."
    spans = [e.evidence.text for e in tag(nlp, text)]
    assert spans == ["Friday", "last week", "the past three years"]


def test_evidence_offsets_index_the_text(nlp: Language) -> None:
    text = "Fighting resumed on Monday.\nBy Wednesday night the town had fallen."
    for expression in tag(nlp, text):
        evidence = expression.evidence
        assert text[evidence.start : evidence.end] == evidence.text
        assert evidence.article_id == "t"
    assert [e.evidence.sentence for e in tag(nlp, text)] == [0, 1]


def test_no_dct_keeps_values_symbolic_and_resolves_later(nlp: Language) -> None:
    text = "Officials met on Tuesday and will meet again next week; the law passed last winter."
    symbolic = tag(nlp, text, dct=None)
    values = {e.evidence.text: e.value for e in symbolic}
    assert values == {"Tuesday": "XXXX-WXX-2", "next week": "XXXX-WXX", "last winter": "XXXX-WI"}
    assert all(e.relative is not None for e in symbolic)
    resolved = {e.evidence.text: resolve(e, SUNDAY).value for e in symbolic}
    assert resolved == {"Tuesday": "2024-01-09", "next week": "2024-W03", "last winter": "2023-WI"}
    assert [resolve(e, SUNDAY) for e in symbolic] == tag(nlp, text, dct=SUNDAY)


def test_no_dct_keeps_absolute_values(nlp: Language) -> None:
    assert found(nlp, "The treaty was signed on March 3, 1999.", dct=None) == {
        "March 3, 1999": "1999-03-03"
    }


def test_to_dict_is_plain_data(nlp: Language) -> None:
    expression = tag(nlp, "The pact lapses next Friday.")[0]
    exported = expression.to_dict()
    assert exported["value"] == "2024-01-19"
    assert exported["relative"]["weekday"] == 4  # type: ignore[index]
    assert exported["evidence"]["text"] == "next Friday"  # type: ignore[index]


def test_no_false_alarms_on_ordinary_words(nlp: Language) -> None:
    text = "May Smith said the march drew a 6-year-old boy, 37 years old, and 2000 people."
    assert found(nlp, text) == {}


def test_holidays(nlp: Language) -> None:
    # Thanksgiving 2023 fell on Thursday 23 November; Easter 2024 on 31 March
    assert found(nlp, "The family gathered on Thanksgiving Day.") == {
        "Thanksgiving Day": "2023-11-23"
    }
    assert found(nlp, "Pilgrims will arrive for Easter.") == {"Easter": "2024-03-31"}
    assert found(nlp, "Stores reopened after last Christmas.") == {"last Christmas": "2023-12-25"}


def test_deadlines_pick_the_nearest_day(nlp: Language) -> None:
    assert found(nlp, "The court gave the parties until Tuesday to respond.") == {
        "Tuesday": "2024-01-16"
    }
    assert found(nlp, "The dividend is payable Feb. 1.") == {"Feb. 1": "2024-02-01"}


def test_fiscal_year_phrases(nlp: Language) -> None:
    assert found(nlp, "For the year, sales rose 4%.") == {"the year": "2024"}
    assert found(nlp, "Profit in the year ended March 31 fell.") == {
        "the year": "P1Y",
        "March 31": "2023-03-31",
    }


def test_rates_and_ages_are_not_time_expressions(nlp: Language) -> None:
    assert found(nlp, "The plan saves $500 million a year for 30-year-old workers.") == {}


_MIXED = (
    "The lender said on Tuesday that profit rose in the third quarter. A year earlier it "
    "lost money. Talks began last month and two weeks later stalled; a vote is due in "
    "March, the ministers will meet next Friday, and nine days ago the bank cut rates."
)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31)))
@settings(max_examples=60, deadline=None)
def test_resolving_later_equals_tagging_with_the_date(dct: date) -> None:
    doc = _mixed_doc()
    symbolic = tag_time_expressions(doc, None)
    resolved = tuple(resolve(expression, dct) for expression in symbolic)
    assert resolved == tag_time_expressions(doc, dct)


@lru_cache(maxsize=1)
def _mixed_doc() -> Doc:
    return get_nlp()(_MIXED)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # conventions the TempEval-3 gold (TimeBank + AQUAINT) follows in the majority
        ("Hate groups grew over the past year.", {"the past year": "2023"}),
        ("It was the bloodiest war this century.", {"this century": "P100Y"}),
        ("Brokers blamed current market conditions.", {"current": "PRESENT_REF"}),
        ("Islam will one day be the largest religion.", {"one day": "FUTURE_REF"}),
        ("Now, he says, the plan failed.", {}),
        ("He was shot last Oct. 23 at his home.", {"last Oct. 23": "2023-10-23"}),
        ("January nineteen ninety-seven. Atlanta again.",
         {"January nineteen ninety-seven": "1997-01"}),
        ("Sales were flat in the last half of the '80s.", {"the last half of the '80s": "198"}),
        ("Losses will continue through the first half of 2025.",
         {"the first half of 2025": "2025-H1"}),
        ("Weak sales will lower earnings for the fiscal year.", {"the fiscal year": "2024"}),
        ("In the fiscal year ended Jan. 31, it lost money.",
         {"the fiscal year": "P1Y", "Jan. 31": "2023-01-31"}),
    ],
)
def test_gold_conventions(nlp: Language, sentence: str, expected: dict[str, str]) -> None:
    assert found(nlp, sentence) == expected


def test_scheduling_verbs_point_ahead(nlp: Language) -> None:
    assert found(nlp, "The police have scheduled a news conference Thursday.") == {
        "Thursday": "2024-01-18"
    }


def test_a_forecast_period_does_not_become_the_reported_one(nlp: Language) -> None:
    text = ("Profit rose in the third quarter. The storm will cut fourth-quarter results. "
            "In the latest quarter, sales fell from a year ago.")
    values = found(nlp, text)
    assert values["the latest quarter"] == "2024-Q3"
    assert values["a year ago"] == "2023-Q3"


def test_year_to_date_figures_compare_year_on_year(nlp: Language) -> None:
    text = "Profit rose in the third quarter. For the nine months, net rose 8% from a year earlier."
    assert found(nlp, text)["a year earlier"] == "2023"
