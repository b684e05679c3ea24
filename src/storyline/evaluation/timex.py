"""Measures the temporal tagger on TempEval-3 (TimeBank + AQUAINT), Task A style.

For every TimeML document the spaCy pipeline runs on the plain ``<TEXT>`` content and
:func:`~storyline.language.timex.tag_time_expressions` tags it with the document's
creation time. System and gold TIMEX3s are paired one-to-one by overlap, as the
TempEval-3 scorer does; then:

- strict P/R/F1: the pair's extents are identical;
- relaxed P/R/F1: the extents overlap;
- type and value accuracy: over relaxed pairs;
- type F1 / value F1: relaxed F1 x the accuracy (TempEval-3's attribute F1).

The creation-time TIMEX3 (inside ``<DCT>``) is never scored. Figures are given for the
whole corpus and per subset (the folder each file came from).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import ConfigError
from storyline.evaluation.timeml import GoldTimex, TimeMLDocument, read_corpus, write_timeml
from storyline.language.nlp import get_nlp
from storyline.language.timex import TimeExpression, tag_time_expressions


@dataclass(slots=True)
class _Tally:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_correct: int = 0
    value_correct: int = 0

    def add(self, other: _Tally) -> None:
        for name in _Tally.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def metrics(self) -> dict[str, float | int]:
        def f1(matched: int) -> tuple[float, float, float]:
            precision = matched / self.system if self.system else 0.0
            recall = matched / self.gold if self.gold else 0.0
            score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            return precision, recall, score

        strict_p, strict_r, strict_f = f1(self.strict)
        relaxed_p, relaxed_r, relaxed_f = f1(self.relaxed)
        type_accuracy = self.type_correct / self.relaxed if self.relaxed else 0.0
        value_accuracy = self.value_correct / self.relaxed if self.relaxed else 0.0
        return {
            "strict_precision": round(strict_p, 4),
            "strict_recall": round(strict_r, 4),
            "strict_f1": round(strict_f, 4),
            "relaxed_precision": round(relaxed_p, 4),
            "relaxed_recall": round(relaxed_r, 4),
            "relaxed_f1": round(relaxed_f, 4),
            "type_accuracy": round(type_accuracy, 4),
            "value_accuracy": round(value_accuracy, 4),
            "type_f1": round(relaxed_f * type_accuracy, 4),
            "value_f1": round(relaxed_f * value_accuracy, 4),
            "gold": self.gold,
            "system": self.system,
            "relaxed_matches": self.relaxed,
            "strict_matches": self.strict,
        }


def pair_by_overlap(
    gold: tuple[GoldTimex, ...], system: tuple[TimeExpression, ...]
) -> list[tuple[GoldTimex, TimeExpression]]:
    """One-to-one pairs of overlapping gold and system expressions (largest overlap first)."""
    options: list[tuple[int, int, int]] = []
    for gold_index, gold_timex in enumerate(gold):
        for system_index, expression in enumerate(system):
            overlap = min(gold_timex.end, expression.evidence.end) - max(
                gold_timex.start, expression.evidence.start
            )
            if overlap > 0:
                options.append((-overlap, gold_index, system_index))
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs: list[tuple[GoldTimex, TimeExpression]] = []
    for _, gold_index, system_index in sorted(options):
        if gold_index in used_gold or system_index in used_system:
            continue
        used_gold.add(gold_index)
        used_system.add(system_index)
        pairs.append((gold[gold_index], system[system_index]))
    return pairs


def score_document(gold: tuple[GoldTimex, ...], system: tuple[TimeExpression, ...]) -> _Tally:
    tally = _Tally(gold=len(gold), system=len(system))
    for gold_timex, expression in pair_by_overlap(gold, system):
        tally.relaxed += 1
        evidence = expression.evidence
        if (gold_timex.start, gold_timex.end) == (evidence.start, evidence.end):
            tally.strict += 1
        tally.type_correct += gold_timex.type == expression.type
        tally.value_correct += gold_timex.value == expression.value
    return tally


def _timeml_tags(expressions: tuple[TimeExpression, ...]) -> list[tuple[int, int, dict[str, str]]]:
    tags = []
    for number, expression in enumerate(expressions, start=1):
        attributes = {"tid": f"t{number}", "type": expression.type, "value": expression.value}
        if expression.mod:
            attributes["mod"] = expression.mod
        tags.append((expression.evidence.start, expression.evidence.end, attributes))
    return tags


def evaluate_timex(
    gold_dir: Path, write_output: Path | None = None, limit: int | None = None
) -> dict:
    """Score the tagger on the TimeML files under ``gold_dir`` (TempEval-3 Task A figures).

    ``gold_dir`` is the TempEval-3 folder (``TimeBank/`` and ``AQUAINT/`` below it) or the
    shared gold root that holds it.
    ``limit`` keeps the first N documents of each subset (for quick runs); with
    ``write_output`` one TimeML file per document, carrying the system's TIMEX3 tags, is
    written there for external scorers.
    """
    if (gold_dir / "tempeval3-tbaq").is_dir():  # the shared gold root was given
        gold_dir = gold_dir / "tempeval3-tbaq"
    if not gold_dir.is_dir():
        raise ConfigError(f"no TimeML gold folder at {gold_dir}")
    documents = read_corpus(gold_dir)
    if limit is not None:
        per_subset: dict[str, int] = defaultdict(int)
        kept: list[TimeMLDocument] = []
        for document in documents:
            if per_subset[document.subset] < limit:
                per_subset[document.subset] += 1
                kept.append(document)
        documents = kept
    if write_output is not None:
        write_output.mkdir(parents=True, exist_ok=True)
    nlp = get_nlp()
    totals = _Tally()
    subsets: dict[str, _Tally] = defaultdict(_Tally)
    parse_seconds = tag_seconds = 0.0
    started = time.perf_counter()
    docs = nlp.pipe((document.text for document in documents), batch_size=32)
    for document in documents:
        before_parse = time.perf_counter()
        doc = next(docs)
        before_tag = time.perf_counter()
        expressions = tag_time_expressions(doc, document.dct, article_id=document.doc_id)
        tag_seconds += time.perf_counter() - before_tag
        parse_seconds += before_tag - before_parse
        tally = score_document(document.timexes, expressions)
        totals.add(tally)
        subsets[document.subset].add(tally)
        if write_output is not None:
            write_timeml(write_output / f"{document.doc_id}.tml", document,
                         _timeml_tags(expressions))
    result: dict = dict(totals.metrics())
    result["documents"] = len(documents)
    result["subsets"] = {name: tally.metrics() for name, tally in sorted(subsets.items())}
    result["seconds"] = round(time.perf_counter() - started, 2)
    result["parse_seconds"] = round(parse_seconds, 2)
    result["tag_seconds"] = round(tag_seconds, 2)
    result["tag_to_parse_ratio"] = round(tag_seconds / parse_seconds, 4) if parse_seconds else 0.0
    return result


__all__ = ["evaluate_timex", "pair_by_overlap", "score_document"]
