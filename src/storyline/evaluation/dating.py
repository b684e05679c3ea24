"""Measures publication-date inference on gold news with known creation dates (DCTs).

Each document's DCT is hidden, the text is parsed with spaCy, tagged in symbolic mode
(``tag_time_expressions(doc, None, ...)``) and dated with
:func:`~storyline.fusion.dating.infer_publication_date`; the answer is compared with the
gold DCT.

* ``tempeval3``: TempEval-3 TimeBank + AQUAINT (TimeML; the DCT sits in ``<DCT>``, outside
  the text). Documents are mostly unrelated, so each is dated from its own text only.
* ``meantime``: MEANTIME English Apple corpus (CAT XML). The DCT is the TIMEX3 with
  ``functionInDocument="CREATION_TIME"``, anchored to the date line under the title; those
  tokens are removed from the text. Dated two ways: from the document alone, and with the
  other documents' dated facts as :class:`KnownFacts` (leave-one-out; they share a topic).

Metrics: ``coverage`` (share given a day or an interval); ``exact_day_accuracy`` (a day
equal to the DCT, over all documents) and ``exact_day_accuracy_covered``;
``interval_contains`` (over covered documents) and ``interval_contains_all``;
``mean_abs_error_days`` / ``median_abs_error_days`` (covered documents; the day, else the
interval midpoint); ``median_width_days``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from storyline.errors import ConfigError
from storyline.evaluation.timeml import read_corpus
from storyline.fusion.dating import (
    DateInference,
    KnownFacts,
    copyright_years_in,
    infer_publication_date,
    known_facts_from_article,
)
from storyline.language.timex.calendar import parse_value

_NO_SPACE_BEFORE = frozenset({",", ".", ":", ";", "!", "?", "%", ")", "]", "'s", "n't", "''"})
_NO_SPACE_AFTER = frozenset({"(", "[", "``", "$"})


@dataclass(frozen=True, slots=True)
class DatedText:
    """A gold document: its text with the DCT hidden, and the DCT."""

    doc_id: str
    text: str
    dct: date


def score_inferences(pairs: Sequence[tuple[date, DateInference | None]]) -> dict[str, Any]:
    """Coverage, exact-day accuracy, containment and error of inferred dates."""
    total = len(pairs)
    covered = [(truth, inferred) for truth, inferred in pairs if inferred is not None]
    exact = sum(1 for truth, inferred in covered if inferred.value == truth)
    contains = sum(1 for truth, inferred in covered if inferred.contains(truth))
    errors = [abs(((inferred.value or inferred.midpoint) - truth).days)
              for truth, inferred in covered]
    widths = [inferred.width_days for _, inferred in covered]
    with_day = sum(1 for _, inferred in covered if inferred.value is not None)

    def share(count: int, of: int) -> float:
        return round(count / of, 4) if of else 0.0

    return {
        "documents": total,
        "covered": len(covered),
        "coverage": share(len(covered), total),
        "with_day": with_day,
        "exact_day_accuracy": share(exact, total),
        "exact_day_accuracy_covered": share(exact, len(covered)),
        "interval_contains": share(contains, len(covered)),
        "interval_contains_all": share(contains, total),
        "mean_abs_error_days": round(statistics.fmean(errors), 1) if errors else None,
        "median_abs_error_days": statistics.median(errors) if errors else None,
        "median_width_days": statistics.median(widths) if widths else None,
    }


def _analyse(nlp: Any, documents: Sequence[DatedText]) -> list[tuple[Any, ...]]:
    from storyline.language.entities import extract_mentions
    from storyline.language.events import extract_event_mentions
    from storyline.language.timex import tag_time_expressions

    out = []
    for document, doc in zip(documents, nlp.pipe([d.text for d in documents], batch_size=16)):
        mentions = extract_mentions(doc, document.doc_id)
        symbolic = tag_time_expressions(doc, None, document.doc_id)
        events = extract_event_mentions(doc, document.doc_id, symbolic, mentions,
                                        include_untyped=True)
        out.append((document, doc, mentions, symbolic, events))
    return out


def _date_alone(analysed: Sequence[tuple[Any, ...]]) -> list[tuple[date, DateInference | None]]:
    pairs = []
    for document, _doc, mentions, symbolic, events in analysed:
        inferred = infer_publication_date(
            document.doc_id, symbolic, events, None, copyright_years_in(document.text), (),
            mentions)
        pairs.append((document.dct, inferred))
    return pairs


def _date_leave_one_out(
    analysed: Sequence[tuple[Any, ...]]
) -> list[tuple[date, DateInference | None]]:
    from storyline.language.events import extract_event_mentions
    from storyline.language.timex import tag_time_expressions

    facts = KnownFacts()
    for document, doc, mentions, _symbolic, _events in analysed:
        dated = tag_time_expressions(doc, document.dct, document.doc_id)
        events = extract_event_mentions(doc, document.doc_id, dated, mentions,
                                        include_untyped=True)
        facts = facts.merged(known_facts_from_article(document.doc_id, document.dct, dated,
                                                      events, mentions))
    pairs = []
    for document, _doc, mentions, symbolic, events in analysed:
        inferred = infer_publication_date(
            document.doc_id, symbolic, events, facts.without(document.doc_id),
            copyright_years_in(document.text), (), mentions)
        pairs.append((document.dct, inferred))
    return pairs


def read_tempeval(corpus: Path, limit: int | None = None) -> list[DatedText]:
    documents = [d for d in read_corpus(corpus) if d.dct is not None]
    if limit is not None:
        documents = documents[:limit]
    return [DatedText(d.doc_id, d.text, d.dct) for d in documents]  # type: ignore[arg-type]


def read_meantime_dated(path: Path) -> DatedText | None:
    """One CAT XML document as text without its creation-time tokens, and its DCT."""
    root = ElementTree.parse(path).getroot()
    hidden: set[str] = set()
    dct: date | None = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            parsed = parse_value(timex.get("value", ""))
            if parsed is not None:
                dct = parsed[0]
            hidden |= {anchor.get("t_id", "") for anchor in timex.findall("token_anchor")}
    if dct is None:
        return None
    parts: list[str] = []
    previous_sentence, previous_text = None, ""
    for token in root.iter("token"):
        if token.get("t_id") in hidden:
            continue
        text, sentence = token.text or "", token.get("sentence")
        if previous_sentence is not None:
            if sentence != previous_sentence:
                parts.append("\n")
            elif text not in _NO_SPACE_BEFORE and previous_text not in _NO_SPACE_AFTER:
                parts.append(" ")
        parts.append(text)
        previous_sentence, previous_text = sentence, text
    return DatedText(path.stem, "".join(parts), dct)


def _locate(gold_dir: Path, name: str) -> Path | None:
    if gold_dir.name == name:
        return gold_dir
    candidate = gold_dir / name
    return candidate if candidate.is_dir() else None


def evaluate_dating(gold_dir: Path, limit: int | None = None) -> dict[str, Any]:
    """Date the gold documents with their DCT hidden; ``gold_dir`` is the shared gold root
    (both corpora) or one corpus folder. ``limit`` caps documents per corpus."""
    from storyline.language.nlp import get_nlp

    tempeval = _locate(gold_dir, "tempeval3-tbaq")
    meantime = _locate(gold_dir, "meantime-apple")
    if tempeval is None and meantime is None:
        raise ConfigError(f"no tempeval3-tbaq or meantime-apple corpus under {gold_dir}")
    nlp = get_nlp()
    result: dict[str, Any] = {}
    started = time.perf_counter()
    if tempeval is not None:
        analysed = _analyse(nlp, read_tempeval(tempeval, limit))
        result["tempeval3"] = score_inferences(_date_alone(analysed))
    if meantime is not None:
        folder = meantime / "intra-doc" if (meantime / "intra-doc").is_dir() else meantime
        documents = [d for d in (read_meantime_dated(p) for p in sorted(folder.glob("*.xml")))
                     if d is not None]
        if limit is not None:
            documents = documents[:limit]
        analysed = _analyse(nlp, documents)
        result["meantime_alone"] = score_inferences(_date_alone(analysed))
        result["meantime_leave_one_out"] = score_inferences(_date_leave_one_out(analysed))
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


__all__ = [
    "DatedText",
    "evaluate_dating",
    "read_meantime_dated",
    "read_tempeval",
    "score_inferences",
]
