"""Dating the bundled demo corpus's undated articles from its dated ones.

The pipeline as a user runs it: extract each input, parse, tag times in symbolic mode,
read events and entity mentions. Articles whose extraction found a date give their facts
(:func:`known_facts_from_article`); copies are found with storyline's own duplicate check
(:func:`storyline.fusion.dedup.compare`); every undated article is then dated and compared
with ``true_date`` in ``EXPECTED.json``.

Measured (Nov 2026): 6 undated articles, all 6 intervals contain the true date, 4 carry
the exact day. The floors below leave one article of margin while the language layer moves.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from storyline.demo import corpus_dir, corpus_files
from storyline.extract import extract_article
from storyline.fusion.dating import (
    KnownFacts,
    copyright_years_in,
    infer_publication_date,
    known_facts_from_article,
)
from storyline.fusion.dedup import compare
from storyline.model import Failure
from storyline.sources import iter_inputs

pytestmark = pytest.mark.slow

MIN_CONTAINED = 5
MIN_EXACT_DAY = 3


def _key(source: str) -> str:
    return source.replace("\\", "/").rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def dated_demo():
    from storyline.language.entities import extract_mentions
    from storyline.language.events import extract_event_mentions
    from storyline.language.nlp import get_nlp
    from storyline.language.timex import tag_time_expressions

    nlp = get_nlp()
    articles = {}
    for item in iter_inputs([str(path) for path in corpus_files()]):
        assert not isinstance(item, Failure), item
        articles[_key(item.source)] = extract_article(item)
    known = KnownFacts()
    undated = {}
    for key, article in articles.items():
        doc = nlp(article.text)
        mentions = extract_mentions(doc, key)
        dct = article.published.value
        if dct is not None:
            expressions = tag_time_expressions(doc, dct, key)
            events = extract_event_mentions(doc, key, expressions, mentions)
            known = known.merged(known_facts_from_article(key, dct, expressions, events,
                                                          mentions))
        else:
            expressions = tag_time_expressions(doc, None, key)
            events = extract_event_mentions(doc, key, expressions, mentions)
            undated[key] = (article, expressions, events, mentions)
    results = {}
    for key, (article, expressions, events, mentions) in undated.items():
        copies = [(other_key, other.published.value) for other_key, other in articles.items()
                  if other.published.value is not None
                  and compare(article.text, other.text, other_key) is not None]
        notices = "\n".join([article.text] + [line.text for line in article.boilerplate_removed])
        results[key] = infer_publication_date(key, expressions, events, known,
                                              copyright_years_in(notices), copies, mentions)
    expected = json.loads((corpus_dir() / "EXPECTED.json").read_text(encoding="utf-8"))
    return results, expected["articles"]


def test_undated_articles_are_dated_from_the_dated_ones(dated_demo, capsys) -> None:
    results, expected = dated_demo
    undated = [key for key, record in expected.items() if record["date"] is None]
    assert sorted(results) == sorted(undated)
    contained = exact = 0
    lines = []
    for key in sorted(results):
        truth = date.fromisoformat(expected[key]["true_date"])
        inferred = results[key]
        if inferred is None:
            lines.append(f"  {key}: no date (true {truth})")
            continue
        contained += inferred.contains(truth)
        exact += inferred.value == truth
        lines.append(f"  {key}: {inferred.value or '-'} in {inferred.earliest}/{inferred.latest}"
                     f" (true {truth}, confidence {inferred.confidence}, "
                     f"{', '.join(sorted({r.kind for r in inferred.reasons}))})")
    with capsys.disabled():
        print(f"\ndemo dating: {contained}/{len(results)} contain the true date, "
              f"{exact}/{len(results)} exact day")
        print("\n".join(lines))
    assert contained >= MIN_CONTAINED
    assert exact >= MIN_EXACT_DAY


def test_every_reason_names_its_evidence(dated_demo) -> None:
    results, _ = dated_demo
    for inferred in results.values():
        if inferred is None:
            continue
        assert inferred.reasons
        assert inferred.earliest <= inferred.latest
        for reason in inferred.reasons:
            assert reason.detail
            if reason.kind in ("relative-anchor", "copy-of-dated"):
                assert ".txt" in reason.detail or ".html" in reason.detail or "#" in reason.detail
