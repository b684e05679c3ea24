"""Runs the language layer over stored articles that have not been analysed yet.

Articles stream from the store in pages, go through spaCy in batches (``nlp.pipe``,
optionally on several processes), through :func:`storyline.language.analyze.analyze_doc`,
and back into the store. An article that fails is recorded as a failure (stage
``language``) and the run goes on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable, Iterator, Sequence

from storyline.errors import LanguageError
from storyline.language.analyze import LANGUAGE_VERSION, ArticleFacts, analyze_doc
from storyline.language.nlp import get_nlp
from storyline.model import Failure
from storyline.store.base import Store

# How each kind of fact is named in summaries.
FACT_NAMES = {
    "mention": "entity mentions",
    "time_expression": "time expressions",
    "quantity": "quantities",
    "attribution": "attributions",
    "event_mention": "event mentions",
}

PAGE_SIZE = 256
BATCH_SIZE = 32


@dataclass
class AnalysisReport:
    analyzed: int = 0
    failed: int = 0
    facts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {"analyzed": self.analyzed, "failed": self.failed, "facts": dict(self.facts)}

    def describe(self) -> str:
        """The facts found, in words: "12 entity mentions, 3 quantities"."""
        return ", ".join(f"{n} {FACT_NAMES.get(kind, kind)}" for kind, n in sorted(self.facts.items()))


def fact_rows(facts: ArticleFacts) -> list[tuple[str, int, int, int, int, str, str]]:
    """Flatten facts into store rows: (kind, position, sentence, start, end, text, json)."""
    rows = []
    for kind, records in facts.by_kind().items():
        for position, record in enumerate(records):
            evidence = record.evidence
            rows.append(
                (
                    kind,
                    position,
                    evidence.sentence,
                    evidence.start,
                    evidence.end,
                    evidence.text,
                    json.dumps(record.to_dict(), ensure_ascii=False, default=str),
                )
            )
    return rows


def _pending(store: Store) -> Iterator[tuple[str, tuple[str, date | None]]]:
    """Stream (text, (article id, published)) for articles not analysed at this version."""
    after_seq = 0
    while True:
        page = store.articles_to_analyze(LANGUAGE_VERSION, after_seq=after_seq, limit=PAGE_SIZE)
        if not page:
            return
        after_seq = page[-1][0]
        for _, article_id, text, published in page:
            yield text, (article_id, published)


Row = tuple[str, int, int, int, int, str, str]


def analyze_texts(
    items: Iterable[tuple[str, tuple[str, date | None]]], *, processes: int = 1
) -> Iterator[tuple[str, list[Row] | LanguageError]]:
    """(article id, store rows of its facts, or the error) for each (text, (id, published)).

    Pure: the batch runner calls it on its workers, :func:`analyze_pending` in process.
    One ``nlp.pipe`` streams over all of ``items``, so with ``processes > 1`` the model is
    loaded once per worker process, not once per page.
    """
    docs = get_nlp().pipe(items, as_tuples=True, batch_size=BATCH_SIZE, n_process=processes)
    for doc, (article_id, published) in docs:
        try:
            rows = fact_rows(analyze_doc(doc, article_id, published))
        except Exception as exc:  # noqa: BLE001 - one article must not end the run
            yield article_id, LanguageError(f"language layer failed: {exc!r}")
        else:
            yield article_id, rows


def save_article_facts(
    store: Store, report: AnalysisReport, article_id: str, outcome: Sequence[Row] | LanguageError
) -> bool:
    """Store one article's fact rows (or record its failure) and count them in ``report``."""
    try:
        if isinstance(outcome, LanguageError):
            raise outcome
        store.save_analysis(article_id, LANGUAGE_VERSION, outcome)
    except Exception as exc:  # noqa: BLE001 - one article must not end the run
        error = exc if isinstance(exc, LanguageError) else LanguageError(
            f"language layer failed: {exc!r}")
        store.record_failure(Failure(article_id, "language", error.code, error.message))
        report.failed += 1
        return False
    report.analyzed += 1
    for kind in FACT_NAMES:
        report.facts.setdefault(kind, 0)
    for row in outcome:
        report.facts[row[0]] = report.facts.get(row[0], 0) + 1
    return True


def analyze_pending(
    store: Store,
    *,
    processes: int = 1,
    progress: Callable[[AnalysisReport], None] | None = None,
) -> AnalysisReport:
    """Analyse every stored article not yet analysed at the current language version."""
    report = AnalysisReport()
    for article_id, outcome in analyze_texts(_pending(store), processes=processes):
        if save_article_facts(store, report, article_id, outcome) and progress:
            progress(report)
    store.commit()
    return report


__all__ = [
    "FACT_NAMES",
    "AnalysisReport",
    "analyze_pending",
    "analyze_texts",
    "fact_rows",
    "save_article_facts",
]
