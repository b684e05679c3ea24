"""Measures :func:`storyline.language.attribution.extract_attributions` on PolNeAR.

PolNeAR (brat standoff) marks ``Source``, ``Cue`` and ``Content`` spans and joins
them with ``Attribution`` events.  Offsets are character offsets into the ``.txt``
read as UTF-8; a span may be discontinuous (``0 5;9 14``) and is kept as fragments.

Scores: per role, strict (same envelope, edge punctuation aside), overlap (any shared character) and
token-level (word tokens covered) precision/recall/F1; and attribution F1, where a
predicted attribution matches a gold one when their cues and their contents overlap.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

Fragments = tuple[tuple[int, int], ...]
ROLES = ("source", "cue", "content")
_ANNOTATOR_SUFFIX = re.compile(r"_[0-9a-f]{4}$")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    source: Fragments  # empty for "Attribution-no-source"
    cue: Fragments
    content: Fragments


@dataclass(frozen=True, slots=True)
class GoldArticle:
    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]


def read_polnear(gold_dir: Path, splits: Sequence[str] = ("train", "dev"),
                 limit: int | None = None) -> list[GoldArticle]:
    """Read PolNeAR articles; where several annotators did one article, the first by id wins."""
    articles: list[GoldArticle] = []
    for split in splits:
        ann_dir = Path(gold_dir) / split / "attributions"
        chosen: dict[str, Path] = {}
        for ann in sorted(ann_dir.glob("*.ann")):
            chosen.setdefault(_ANNOTATOR_SUFFIX.sub("", ann.stem), ann)
        for base, ann in sorted(chosen.items()):
            txt = Path(gold_dir) / split / "text" / f"{base}.txt"
            if not txt.is_file():
                continue
            text = txt.read_text(encoding="utf-8")
            articles.append(GoldArticle(base, text, _read_ann(ann)))
            if limit is not None and len(articles) >= limit:
                return articles
    return articles


def _read_ann(path: Path) -> tuple[GoldAttribution, ...]:
    spans: dict[str, Fragments] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = tuple(
                (int(a), int(b)) for a, b in (f.split() for f in offsets.split(";"))
            )
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    out = []
    for event in events:
        cue, content = spans.get(event.get("Cue", "")), spans.get(event.get("Content", ""))
        if cue and content:
            out.append(GoldAttribution(spans.get(event.get("Source", ""), ()), cue, content))
    return tuple(out)


def evaluate_attribution(gold_dir: Path, splits: Sequence[str] = ("train", "dev"),
                         limit: int | None = None, n_process: int = 1) -> dict:
    """Run spaCy (batched) and the extractor over PolNeAR; return the scores as a dict."""
    from storyline.language.attribution import extract_attributions
    from storyline.language.nlp import get_nlp

    gold_dir = Path(gold_dir)
    if (gold_dir / "polnear").is_dir():  # the gold root was given
        gold_dir = gold_dir / "polnear"
    articles = read_polnear(gold_dir, splits, limit)
    nlp = get_nlp()
    started = time.perf_counter()
    predicted = []
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=16,
                                               n_process=n_process)):
        predicted.append(extract_attributions(doc, article.name))
    scores = score_attributions(articles, predicted)
    scores["splits"] = list(splits)
    scores["seconds"] = round(time.perf_counter() - started, 1)
    return scores


def score_attributions(articles: Sequence[GoldArticle], predicted: Sequence[Sequence]) -> dict:
    """Score predicted Attribution records against gold, article by article."""
    counts = {role: {kind: [0, 0, 0, 0] for kind in ("strict", "overlap", "token")} for role in ROLES}
    matched = n_pred = n_gold = 0
    for article, preds in zip(articles, predicted):
        pred_roles = {
            "source": [(a.speaker_span,) for a in preds if a.speaker_span],
            "cue": [(a.cue_span,) for a in preds],
            "content": [(a.content_span,) for a in preds],
        }
        for role in ROLES:
            gold = [getattr(g, role) for g in article.attributions if getattr(g, role)]
            _count_spans(counts[role], pred_roles[role], gold, article.text)
        matched += _match_attributions(article.attributions, preds)
        n_pred += len(preds)
        n_gold += len(article.attributions)
    out: dict = {"documents": len(articles), "gold_attributions": n_gold,
                 "predicted_attributions": n_pred}
    for role in ROLES:
        out[role] = {kind: _prf(*counts[role][kind]) for kind in counts[role]}
    out["attribution"] = _prf(matched, n_pred, n_gold, recall_hits=matched)
    return out


def _count_spans(acc: dict, pred: list[Fragments], gold: list[Fragments], text: str) -> None:
    gold_env = {_clean(_envelope(g), text) for g in gold}
    pred_env = [_clean(_envelope(p), text) for p in pred]
    strict_hits = len(set(pred_env) & gold_env)
    _add(acc["strict"], strict_hits, len(set(pred_env)), len(gold_env), strict_hits)
    _add(acc["overlap"],
         sum(any(_overlaps(p, g) for g in gold) for p in pred), len(pred), len(gold),
         sum(any(_overlaps(p, g) for p in pred) for g in gold))
    pred_words, gold_words = _words(pred, text), _words(gold, text)
    hits = len(pred_words & gold_words)
    _add(acc["token"], hits, len(pred_words), len(gold_words), hits)


def _match_attributions(gold: Sequence[GoldAttribution], preds: Sequence) -> int:
    """Greedy one-to-one matching: cues overlap and contents overlap."""
    free = list(gold)
    hits = 0
    for pred in preds:
        for g in free:
            if _overlaps((pred.cue_span,), g.cue) and _overlaps((pred.content_span,), g.content):
                free.remove(g)
                hits += 1
                break
    return hits


def _add(acc: list[int], precision_hits: int, n_pred: int, n_gold: int, recall_hits: int) -> None:
    """acc = [predictions that hit, predictions, gold items, gold items that were hit]."""
    acc[0] += precision_hits
    acc[1] += n_pred
    acc[2] += n_gold
    acc[3] += recall_hits


def _prf(precision_hits: int, n_pred: int, n_gold: int, recall_hits: int | None = None) -> dict:
    recall_hits = precision_hits if recall_hits is None else recall_hits
    p = precision_hits / n_pred if n_pred else 0.0
    r = recall_hits / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "predicted": n_pred, "gold": n_gold}


def _envelope(fragments: Fragments) -> tuple[int, int]:
    return min(s for s, _ in fragments), max(e for _, e in fragments)


def _clean(span: tuple[int, int], text: str) -> tuple[int, int]:
    """Strict matching ignores whitespace and clause punctuation at the edges: PolNeAR
    spans keep an appositive's closing comma ("Ruth Marcus, an editor,") at random."""
    start, end = span
    while start < end and (text[start].isspace() or text[start] in _EDGE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE):
        end -= 1
    return start, end


_EDGE = frozenset(",;:.")


def _overlaps(a: Fragments, b: Fragments) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _words(spans: Iterable[Fragments], text: str) -> set[int]:
    """Start offsets of the word tokens that the spans cover."""
    out: set[int] = set()
    for fragments in spans:
        for start, end in fragments:
            out.update(m.start() for m in _WORD.finditer(text, start, end))
    return out


__all__ = ["GoldArticle", "GoldAttribution", "evaluate_attribution", "read_polnear",
           "score_attributions"]
