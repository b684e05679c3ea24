"""Measures event detection on TempEval-3 (TimeBank + AQUAINT) and MEANTIME.

TempEval-3 Task B style: the gold events are the ``<EVENT>`` tags inside
``<TEXT>``; their character offsets are computed by walking the text with the tags
removed, and the same plain text is what spaCy reads.  Scores: strict (same
span) and relaxed (overlapping span) precision/recall/F1 of
:func:`~storyline.language.events.detect_timeml_events`, and TimeML class accuracy
over relaxed matches (class F1 = relaxed F1 x accuracy, as TempEval-3 reports it).

MEANTIME (CAT XML) has tokens but no running text: the text is rebuilt by joining
tokens with spaces, one sentence per line, and ``EVENT_MENTION`` markables become
character spans over it.
"""

from __future__ import annotations

import bisect
import html
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence
from xml.etree import ElementTree

_TAG = re.compile(r"<(/?)([A-Z0-9_]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True, slots=True)
class GoldEvent:
    start: int
    end: int
    timeml_class: str | None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    name: str
    text: str
    events: tuple[GoldEvent, ...]
    # Character ranges that were annotated; None when the whole text was.
    scope: tuple[tuple[int, int], ...] | None = None


def read_timeml(path: Path) -> GoldDocument:
    """Plain text of ``<TEXT>`` and the character spans of its EVENT tags."""
    raw = path.read_text(encoding="utf-8")
    body_start = raw.index("<TEXT>") + len("<TEXT>")
    body = raw[body_start:raw.index("</TEXT>")]
    pieces: list[str] = []
    length = 0
    events: list[GoldEvent] = []
    open_event: tuple[int, str | None] | None = None
    cursor = 0
    for match in _TAG.finditer(body):
        chunk = html.unescape(body[cursor:match.start()])
        pieces.append(chunk)
        length += len(chunk)
        cursor = match.end()
        closing, name, attrs = match.group(1), match.group(2), match.group(3)
        if name != "EVENT":
            continue
        if not closing:
            open_event = (length, dict(_ATTR.findall(attrs)).get("class"))
        elif open_event is not None:
            events.append(GoldEvent(open_event[0], length, open_event[1]))
            open_event = None
    pieces.append(html.unescape(body[cursor:]))
    return GoldDocument(path.stem, "".join(pieces), tuple(events))


def read_meantime(path: Path) -> GoldDocument:
    """Rebuild a CAT document's text from its tokens; EVENT_MENTIONs become spans."""
    root = ElementTree.parse(path).getroot()
    offsets: dict[str, tuple[int, int]] = {}
    sentence_of: dict[str, str] = {}
    sentence_span: dict[str, list[int]] = {}
    parts: list[str] = []
    length = 0
    last_sentence = None
    for token in root.iter("token"):
        sentence = token.get("sentence")
        if parts:
            separator = "\n" if sentence != last_sentence else " "
            parts.append(separator)
            length += 1
        last_sentence = sentence
        word = token.text or ""
        offsets[token.get("t_id", "")] = (length, length + len(word))
        sentence_of[token.get("t_id", "")] = sentence
        sentence_span.setdefault(sentence, [length, length])[1] = length + len(word)
        parts.append(word)
        length += len(word)
    events = []
    for mention in root.iter("EVENT_MENTION"):
        anchors = [offsets[a.get("t_id")] for a in mention.iter("token_anchor")
                   if a.get("t_id") in offsets]
        if anchors:
            events.append(GoldEvent(min(s for s, _ in anchors), max(e for _, e in anchors), None))
    # MEANTIME annotates only the first sentences of each article: score only those.
    annotated = {sentence_of[a.get("t_id")] for a in root.iter("token_anchor")
                 if a.get("t_id") in sentence_of}
    scope = tuple(sorted(tuple(sentence_span[s]) for s in annotated))
    return GoldDocument(path.stem, "".join(parts),
                        tuple(sorted(set(events), key=lambda e: e.start)), scope)


def evaluate_events(gold_dir: Path, limit: int | None = None, n_process: int = 1) -> dict:
    """Score the broad detector on TempEval-3 under ``gold_dir`` (the ``tempeval3-tbaq`` folder).

    ``gold_dir`` may also be the gold root holding ``tempeval3-tbaq/``; when a
    sibling ``meantime-apple/`` exists its event mentions are scored too.
    """
    gold_dir = Path(gold_dir)
    tempeval = gold_dir / "tempeval3-tbaq" if (gold_dir / "tempeval3-tbaq").is_dir() else gold_dir
    started = time.perf_counter()
    files = sorted(tempeval.glob("*/*.tml"))[:limit]
    result = {"tempeval3": _score_documents([read_timeml(f) for f in files], n_process)}
    meantime = tempeval.parent / "meantime-apple" / "intra-doc"
    if meantime.is_dir():
        documents = [read_meantime(f) for f in sorted(meantime.glob("*.xml"))[:limit]]
        result["meantime"] = _score_documents(documents, n_process)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def _score_documents(documents: Sequence[GoldDocument], n_process: int) -> dict:
    from storyline.language.events import detect_timeml_events
    from storyline.language.nlp import get_nlp

    nlp = get_nlp()
    strict = relaxed_p = relaxed_r = n_pred = n_gold = 0
    class_hits = class_total = 0
    confusion: dict[str, dict[str, int]] = {}
    for document, doc in zip(documents, nlp.pipe((d.text for d in documents), batch_size=16,
                                                 n_process=n_process)):
        predicted = detect_timeml_events(doc, document.name)
        if document.scope is not None:
            predicted = tuple(p for p in predicted if any(
                start <= p.evidence.start < end for start, end in document.scope))
        gold_spans = {(g.start, g.end): g for g in document.events}
        n_pred += len(predicted)
        n_gold += len(document.events)
        strict += sum((p.evidence.start, p.evidence.end) in gold_spans for p in predicted)
        by_start = sorted(document.events, key=lambda g: g.start)
        starts = [g.start for g in by_start]
        hit_gold: set[tuple[int, int]] = set()
        for event in predicted:
            gold = _overlapping(by_start, starts, event.evidence.start, event.evidence.end)
            if gold is None:
                continue
            relaxed_p += 1
            hit_gold.add((gold.start, gold.end))
            if gold.timeml_class:
                class_total += 1
                class_hits += gold.timeml_class == event.timeml_class
                row = confusion.setdefault(gold.timeml_class, {})
                row[event.timeml_class] = row.get(event.timeml_class, 0) + 1
        relaxed_r += len(hit_gold)
    out = {
        "documents": len(documents),
        "gold_events": n_gold,
        "predicted_events": n_pred,
        "strict": _prf(strict, n_pred, strict, n_gold),
        "relaxed": _prf(relaxed_p, n_pred, relaxed_r, n_gold),
    }
    if class_total:
        accuracy = class_hits / class_total
        out["class_accuracy"] = round(accuracy, 4)
        out["class_f1"] = round(out["relaxed"]["f1"] * accuracy, 4)
        out["class_confusion"] = confusion
    return out


def _overlapping(events: Sequence[GoldEvent], starts: list[int], start: int,
                 end: int) -> GoldEvent | None:
    """The gold event overlapping [start, end); gold events are short, so only the
    few starting just before ``end`` can overlap."""
    index = bisect.bisect_left(starts, end)
    for event in reversed(events[max(0, index - 4):index]):
        if event.start < end and start < event.end:
            return event
    return None


def _prf(precision_hits: int, n_pred: int, recall_hits: int, n_gold: int) -> dict:
    p = precision_hits / n_pred if n_pred else 0.0
    r = recall_hits / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


__all__ = ["GoldDocument", "GoldEvent", "evaluate_events", "read_meantime", "read_timeml"]
