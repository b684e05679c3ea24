"""The briefing's wording helpers on text written for these tests: whole sentences cut
around spans (abbreviations, closing quotes, datelines), near-copies, quoting, and the
number chains of "key numbers"."""

from __future__ import annotations

from storyline.views.briefing_composer import Composer
from storyline.views.briefing_numbers import chain_sentence
from storyline.views.briefing_records import ArticleMeta, BriefingInputs
from storyline.views.briefing_text import (
    SentenceCutter,
    overlap,
    quoted,
    reports_news,
    speaker_name,
)

TEXT = (
    "MARROW FALLS — The river authority opened the northern floodgates on Tuesday. "
    "The move came a day before the U.N. Development Programme sent two assessors to the valley.\n\n"
    "Mayor Ilse Varga said the town would \u201creopen every school by Monday.\u201d Crews kept working."
)


def span_of(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def test_cutter_keeps_abbreviations_quotes_and_drops_datelines():
    cutter = SentenceCutter({"a": TEXT})
    assert cutter.around("a", *span_of(TEXT, "opened")) == \
        "The river authority opened the northern floodgates on Tuesday."
    assert cutter.around("a", *span_of(TEXT, "assessors")) == (
        "The move came a day before the U.N. Development Programme sent two assessors to the valley.")
    assert cutter.around("a", *span_of(TEXT, "reopen")) == \
        "Mayor Ilse Varga said the town would \u201creopen every school by Monday.\u201d"
    assert cutter.around("missing", 0, 4) is None


def test_cutter_refuses_an_overlong_sentence_rather_than_cutting_it():
    long_text = "The council met " + "and talked " * 60 + "until dawn."
    assert SentenceCutter({"b": long_text}).around("b", 4, 11) is None


def test_overlap_quoted_news_and_speakers():
    assert overlap("Crews reinforced the levee near Marrow Bridge.",
                   "Near Marrow Bridge, crews reinforced the old levee overnight.") == 1.0
    assert overlap("Crews reinforced the levee.", "The mayor closed the schools.") == 0.0
    assert quoted('He called it "a disgrace" and \u201cunacceptable\u201d.') == \
        "\u201cHe called it \u2018a disgrace\u2019 and \u2018unacceptable\u2019.\u201d"
    assert not reports_news("The ministry did not respond to a request for comment.")
    assert reports_news("The ministry responded within the hour.")
    assert speaker_name("Mayor Ilse Varga") == "Mayor Ilse Varga"
    assert speaker_name("he") is None and speaker_name("the bureau") is None
    assert speaker_name("Valley Intelligence Office (VIO") is None


def _composer() -> Composer:
    articles = {
        "a": ArticleMeta("a", "Valley Courier", "t", "2025-03-01", "ga", True),
        "b": ArticleMeta("b", "Lakeside Post", "t", "2025-03-03", "gb", True),
        "c": ArticleMeta("c", "Hill Gazette", "t", "2025-03-05", "gc", True),
    }
    inputs = BriefingInputs((), (), (), (), articles, {})
    return Composer(inputs, set(articles))


def test_chain_folds_restatements_and_vaguer_bounds():
    claims = {"c1": {"sources": ["a"]}, "c2": {"sources": ["b"]}, "c3": {"sources": ["c"]},
              "c4": {"sources": ["c"]}}
    chain = {"kind": "number-evolution", "measure": "evacuees", "id": "x", "chain": [
        {"claim_id": "c1", "value": 400, "bound": ">", "seen": "2025-03-01",
         "text": "more than 400 residents", "unit": "residents"},
        {"claim_id": "c2", "value": 100, "bound": ">=", "seen": "2025-03-03",
         "text": "hundreds of residents", "unit": "residents"},
        {"claim_id": "c3", "value": 1200, "bound": "~", "seen": "2025-03-05",
         "text": "about 1,200 residents", "unit": "residents"},
        {"claim_id": "c4", "value": 1200, "bound": "=", "seen": "2025-03-05",
         "text": "1,200", "unit": "residents"},
    ]}
    sentence = chain_sentence(_composer(), chain, claims, None, None)
    assert sentence is not None
    assert sentence.text == ("The evacuees estimate grew from more than 400 residents "
                             "(1 Mar., Valley Courier) to about 1,200 residents (5 Mar., Hill Gazette).")
    assert set(sentence.citations) == {"a", "c"} and not sentence.single_source


def test_sums_of_money_are_listed_not_said_to_grow():
    claims = {"c1": {"sources": ["a"]}, "c2": {"sources": ["b"]}}
    chain = {"kind": "number-evolution", "measure": "money:EUR", "id": "y", "chain": [
        {"claim_id": "c1", "value": 4e6, "bound": "=", "seen": "2025-03-01",
         "text": "4 million euros"},
        {"claim_id": "c2", "value": 9e6, "bound": "=", "seen": "2025-03-03",
         "text": "9 million euros"},
    ]}
    sentence = chain_sentence(_composer(), chain, claims, None, None)
    assert sentence is not None
    assert sentence.text == ("Sums cited in EUR: 4 million euros (1 Mar., Valley Courier); "
                             "9 million euros (3 Mar., Lakeside Post).")
