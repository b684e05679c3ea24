"""Publication-date inference on sentences written for these tests (invented places and people).

Each kind of evidence is exercised on its own, then together: relative expressions pinned by
a dated article's facts, absolute dates, spans and anniversaries, copyright years, dated
copies, the intersection of several, a single day inside a tight window, no evidence at all,
and re-resolving an article's expressions once its date is known.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.fusion.dating import (
    DateInference,
    DatingReason,
    KnownFacts,
    copyright_years_in,
    infer_publication_date,
    known_facts_from_article,
    publication_date,
    redate,
)
from storyline.fusion.dating_facts import value_extent
from storyline.language.evidence import Evidence
from storyline.language.timex import TimeExpression
from storyline.model import DateSource


@pytest.fixture(scope="module")
def nlp():
    from storyline.language.nlp import get_nlp

    return get_nlp()


def analyse(nlp, text: str, article_id: str, dct: date | None = None):
    from storyline.language.entities import extract_mentions
    from storyline.language.events import extract_event_mentions
    from storyline.language.timex import tag_time_expressions

    doc = nlp(text)
    mentions = extract_mentions(doc, article_id)
    expressions = tag_time_expressions(doc, dct, article_id)
    events = extract_event_mentions(doc, article_id, expressions, mentions, include_untyped=True)
    return expressions, events, mentions


def facts_of(nlp, text: str, article_id: str, dct: date) -> KnownFacts:
    expressions, events, mentions = analyse(nlp, text, article_id, dct)
    return known_facts_from_article(article_id, dct, expressions, events, mentions)


def infer(nlp, text: str, known: KnownFacts | None = None, **options) -> DateInference | None:
    expressions, events, mentions = analyse(nlp, text, "undated")
    return infer_publication_date("undated", expressions, events, known, mentions=mentions,
                                  **options)


def kinds(inferred: DateInference) -> set[str]:
    return {reason.kind for reason in inferred.reasons}


# --------------------------------------------------------------- no evidence, never a guess


def test_no_expressions_means_no_date() -> None:
    assert infer_publication_date("a", ()) is None
    assert infer_publication_date("a", (), (), KnownFacts(), (), ()) is None


def test_text_without_dates_means_no_date(nlp) -> None:
    text = "The harbour board argued for hours and adjourned without a vote."
    assert infer(nlp, text) is None


def test_relative_expressions_without_known_facts_mean_no_date(nlp) -> None:
    text = "The ferry operator said on Tuesday that crossings would resume next week."
    assert infer(nlp, text) is None


# --------------------------------------------------------------- single kinds of evidence


def test_copyright_year_bounds_the_year() -> None:
    assert copyright_years_in("Story text.\n© 2019 Ostmark Courier. All rights reserved.") == (2019,)
    assert copyright_years_in("Copyright 2016-2018 Lantern Press") == (2018,)
    assert copyright_years_in("No notice here, just 2019 in passing.") == ()
    inferred = infer_publication_date("a", (), copyright_years=(2019,))
    assert inferred is not None
    assert (inferred.earliest, inferred.latest) == (date(2019, 1, 1), date(2019, 12, 31))
    assert inferred.value is None
    assert kinds(inferred) == {"copyright-year"}
    assert publication_date(inferred) is None  # an interval is not a publication day


def test_copy_of_a_dated_article_shares_its_date() -> None:
    inferred = infer_publication_date("copy", (), group_dates=[("original-1", date(2024, 5, 2))])
    assert inferred is not None
    assert inferred.value == date(2024, 5, 2)
    assert (inferred.earliest, inferred.latest) == (date(2024, 5, 2), date(2024, 5, 3))
    assert inferred.reasons[0].kind == "copy-of-dated"
    assert "original-1" in inferred.reasons[0].detail
    published = publication_date(inferred)
    assert published is not None
    assert (published.value, published.source) == (date(2024, 5, 2), DateSource.INFERRED)
    assert "original-1" in (published.evidence or "")


def test_absolute_dates_bound_from_both_sides(nlp) -> None:
    text = ("The Ostmark council voted on March 3, 2021 to close the old bridge. "
            "Engineers will reopen it on June 1, 2021, the mayor said.")
    inferred = infer(nlp, text)
    assert inferred is not None
    assert inferred.earliest == date(2021, 3, 3)
    assert inferred.latest == date(2021, 6, 1)
    assert {"absolute-date", "planned-date"} <= kinds(inferred)


def test_relative_expression_pinned_by_a_dated_fact(nlp) -> None:
    # The dated article (Monday 4 March 2024) says when the visit runs; the undated one
    # says the meeting was "on Wednesday": that Wednesday is 6 March, so the undated
    # article was written in the week that starts then.
    known = facts_of(nlp, "Foreign Minister Tarvo Kellen is staying in Ostmark from March 5 "
                          "to 7, his office said.", "dated-1", date(2024, 3, 4))
    inferred = infer(nlp, "President Elsa Brandvik met Tarvo Kellen in Ostmark on Wednesday.",
                     known)
    assert inferred is not None
    assert (inferred.earliest, inferred.latest) == (date(2024, 3, 6), date(2024, 3, 12))
    assert inferred.value is None
    reason = next(r for r in inferred.reasons if r.kind == "relative-anchor")
    assert "dated-1" in reason.detail and "Wednesday" in reason.detail


def test_span_counted_from_a_dated_summit(nlp) -> None:
    known = facts_of(nlp, "The leaders of Veltria and Ostmark met at a summit in Harlow in "
                          "September 2023.", "dated-2", date(2023, 9, 30))
    inferred = infer(nlp, "Nine months ago, the leaders of Veltria and Ostmark met at a summit "
                          "in Harlow.", known)
    assert inferred is not None
    assert inferred.earliest >= date(2024, 6, 1)
    assert inferred.latest <= date(2024, 6, 30)
    assert "span" in kinds(inferred)


def test_anniversary_after_a_dated_earlier_visit(nlp) -> None:
    known = facts_of(nlp, "The Veltrian premier Anja Sorel visited Ostmark in July 2000.",
                     "dated-3", date(2000, 7, 20))
    inferred = infer(nlp, "Veltrian premier Anja Sorel visited Ostmark on Monday, the first "
                          "such visit in 24 years.", known)
    assert inferred is not None
    assert inferred.contains(date(2024, 9, 15))
    assert inferred.earliest >= date(2024, 7, 1)
    assert inferred.latest <= date(2025, 7, 31)
    assert "anniversary" in kinds(inferred)


# --------------------------------------------------------------- combining evidence


def test_constraints_intersect(nlp) -> None:
    text = "The Ostmark port authority approved the new tariff on March 3, 2024."
    inferred = infer(nlp, text, copyright_years=(2024,))
    assert inferred is not None
    assert (inferred.earliest, inferred.latest) == (date(2024, 3, 3), date(2024, 12, 31))
    assert {"absolute-date", "copyright-year"} <= kinds(inferred)


def test_stronger_evidence_wins_a_conflict() -> None:
    # A stale footer year disagrees with a dated copy of the same text: the copy wins,
    # and the outvoted footer is not listed among the reasons.
    inferred = infer_publication_date("copy", (), copyright_years=(2021,),
                                      group_dates=[date(2024, 5, 2)])
    assert inferred is not None
    assert inferred.value == date(2024, 5, 2)
    assert kinds(inferred) == {"copy-of-dated"}
    assert inferred.confidence < 0.9  # the disagreement costs confidence


def test_weekday_inside_a_tight_window_gives_the_day(nlp) -> None:
    known = facts_of(nlp, "Foreign Minister Tarvo Kellen is staying in Ostmark from March 5 "
                          "to 7, his office said.", "dated-1", date(2024, 3, 4))
    known = known.merged(facts_of(
        nlp, "Tarvo Kellen will address the Ostmark parliament on Thursday, the speaker said.",
        "dated-4", date(2024, 3, 4)))
    text = ("President Elsa Brandvik met Tarvo Kellen in Ostmark on Wednesday. "
            "Tarvo Kellen will address the Ostmark parliament tomorrow.")
    inferred = infer(nlp, text, known)
    assert inferred is not None
    assert inferred.value == date(2024, 3, 6)
    assert inferred.earliest == inferred.latest == date(2024, 3, 6)


# --------------------------------------------------------------- re-resolution


def _inference(earliest: date, latest: date, value: date | None = None) -> DateInference:
    reason = DatingReason("copy-of-dated", "test", earliest, latest)
    return DateInference("a", value, earliest, latest, 0.5, (reason,))


def test_redate_with_a_day_resolves_everything(nlp) -> None:
    expressions, _, _ = analyse(nlp, "Ferries stopped on Tuesday and will run again next "
                                     "month.", "a")
    assert all(expression.value.startswith("XXXX") for expression in expressions)
    redated = redate(expressions, _inference(date(2024, 3, 6), date(2024, 3, 6),
                                             date(2024, 3, 6)))
    values = {expression.evidence.text: expression.value for expression in redated}
    assert values == {"Tuesday": "2024-03-05", "next month": "2024-04"}


def test_redate_with_an_interval_keeps_finer_expressions_symbolic(nlp) -> None:
    expressions, _, _ = analyse(nlp, "Ferries stopped on Tuesday, after a storm last month.",
                                "a")
    redated = redate(expressions, _inference(date(2024, 3, 6), date(2024, 3, 12)))
    values = {expression.evidence.text: expression.value for expression in redated}
    assert values["last month"] == "2024-02"  # coarser than the week: resolved
    assert values["Tuesday"] == "XXXX-WXX-2"  # the week spans two Tuesdays: kept symbolic
    assert all(isinstance(expression, TimeExpression) for expression in redated)


def test_redate_uses_the_midpoint_for_coarse_expressions_across_a_boundary(nlp) -> None:
    expressions, _, _ = analyse(nlp, "Prices rose last month.", "a")
    redated = redate(expressions, _inference(date(2024, 2, 27), date(2024, 3, 4)))
    assert redated[0].value == "2024-02"  # the midpoint is 1 March: last month is February


# --------------------------------------------------------------- records


def test_inference_to_dict() -> None:
    inferred = infer_publication_date("copy", (), copyright_years=(2024,),
                                      group_dates=[("orig", date(2024, 5, 2))])
    assert inferred is not None
    record = inferred.to_dict()
    assert record["article_id"] == "copy"
    assert record["value"] == "2024-05-02"
    assert record["earliest"] == "2024-05-02" and record["latest"] == "2024-05-03"
    assert {reason["kind"] for reason in record["reasons"]} == {"copy-of-dated",
                                                                 "copyright-year"}
    assert 0.0 < record["confidence"] <= 1.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-06", (date(2024, 3, 6), date(2024, 3, 6), "day")),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29), "month")),
        ("2024-W10", (date(2024, 3, 4), date(2024, 3, 10), "week")),
        ("2024-Q2", (date(2024, 4, 1), date(2024, 6, 30), "quarter")),
        ("2024", (date(2024, 1, 1), date(2024, 12, 31), "year")),
        ("XXXX-WXX-2", None),
        ("PRESENT_REF", None),
        ("199", None),
    ],
)
def test_value_extent(value: str, expected) -> None:
    assert value_extent(value) == expected


# --------------------------------------------------------------- properties

_DAYS = st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31))


def _absolute(day: date, index: int) -> TimeExpression:
    text = day.strftime("%B %d, %Y")
    return TimeExpression(Evidence("p", index, index * 40, index * 40 + len(text), text),
                          "DATE", day.isoformat(), "day")


@given(
    days=st.lists(_DAYS, max_size=5),
    years=st.lists(st.integers(1990, 2030), max_size=2),
    copies=st.lists(_DAYS, max_size=2),
)
@settings(max_examples=60, deadline=None)
def test_any_evidence_gives_a_consistent_answer(days, years, copies) -> None:
    expressions = tuple(_absolute(day, index) for index, day in enumerate(days))
    inferred = infer_publication_date("p", expressions, copyright_years=years,
                                      group_dates=copies)
    if not (days or years or copies):
        assert inferred is None
        return
    assert inferred is not None
    assert inferred.earliest <= inferred.latest
    assert inferred.value is None or inferred.contains(inferred.value)
    assert 0.0 <= inferred.confidence <= 1.0
    assert inferred.reasons
    if len(days) == 1 and not (years or copies):
        assert inferred.earliest == days[0]  # one past date: written on or after it


def test_lead_event_anchors_to_the_month_a_dated_article_names(nlp) -> None:
    # The dated article mentions the summit only by its month; the undated one reports it
    # as news ("arrived on Tuesday"): it was written days after, not months later.
    known = facts_of(nlp, "Foreign Minister Lena Varga flew to Harlow on Monday. It is her "
                          "first trip there since March, when she joined premier Anja Sorel "
                          "for a summit in which Sorel met president Tomas Brel.",
                     "dated-4", date(2025, 6, 8))
    inferred = infer(nlp, "Veltrian premier Anja Sorel arrived in Ostmark on Tuesday for a "
                          "summit with president Tomas Brel.", known)
    assert inferred is not None
    assert inferred.earliest >= date(2025, 2, 24)
    assert inferred.latest <= date(2025, 4, 8)
    assert inferred.contains(date(2025, 3, 12))


def test_weekday_needs_a_person_or_two_telling_names_in_common(nlp) -> None:
    # Only the countries are shared: "on Sunday" must not be pinned to that week.
    # (Real country names here: the tagger must know them as places.)
    known = facts_of(nlp, "Japan and Brazil signed a trade accord last week, the ministry "
                          "said.", "dated-5", date(2025, 3, 10))
    inferred = infer(nlp, "Brazil said on Sunday that Japan had closed its ports to ships "
                          "from Brazil.", known)
    assert inferred is None or not any(r.kind == "relative-anchor" for r in inferred.reasons)


def test_a_span_outweighs_a_loose_weekday_match(nlp) -> None:
    known = facts_of(nlp, "Premier Anja Sorel met president Tomas Brel at a summit in "
                          "Harlow in September. Sorel spoke to Brel by phone on Tuesday.",
                     "dated-6", date(2024, 1, 19))
    inferred = infer(nlp, "Nine months ago, premier Anja Sorel met president Tomas Brel at a "
                          "summit in Harlow. Sorel spoke to Brel on Tuesday.", known)
    assert inferred is not None
    assert inferred.earliest >= date(2024, 6, 1)
    assert inferred.latest <= date(2024, 6, 30)


def test_never_before_an_event_reported_with_its_full_date(nlp) -> None:
    known = facts_of(nlp, "Premier Anja Sorel met president Tomas Brel in Voronsk on "
                          "Tuesday.", "dated-7", date(2024, 1, 19))
    inferred = infer(nlp, "Premier Anja Sorel met president Tomas Brel in Voronsk on Tuesday. "
                          "Brel arrived in Voronsk on March 3, 2024.", known)
    assert inferred is None or inferred.earliest >= date(2024, 3, 3)
