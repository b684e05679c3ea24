"""Marks an article's extractions inline, for `storyline show` and the article page.

Spans overlap (an event trigger inside an attribution, a quantity inside a claim), so
only non-overlapping spans are marked inline, chosen by priority; everything else is
listed under the text by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

# Earlier kinds win when spans overlap.
MARK_PRIORITY = ("time_expression", "quantity", "mention", "event_mention")


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    kind: str
    label: str


def label_of(kind: str, fact: Mapping[str, Any]) -> str:
    if kind == "time_expression":
        return f"{fact.get('type', 'TIMEX')} {fact.get('value')}"
    if kind == "quantity":
        bound = fact.get("bound") or "="
        unit = fact.get("unit") or fact.get("currency") or ""
        return f"{bound}{fact.get('value'):g} {unit}".strip() if isinstance(fact.get("value"), (int, float)) else "QUANTITY"
    if kind == "mention":
        canonical = fact.get("canonical")
        name = fact.get("name")
        label = str(fact.get("label", "ENTITY"))
        return f"{label} → {canonical}" if canonical and canonical != name else label
    if kind == "event_mention":
        return f"{fact.get('event_type', 'EVENT')} ({fact.get('status', '?')})"
    return kind


def choose_marks(facts: Iterable[Mapping[str, Any]]) -> list[Mark]:
    """Pick non-overlapping marks, by kind priority then span length, sorted by position."""
    candidates = []
    for fact in facts:
        kind = str(fact.get("kind"))
        if kind not in MARK_PRIORITY:
            continue
        evidence = fact.get("evidence") or {}
        start, end = evidence.get("start"), evidence.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or end <= start:
            continue
        candidates.append((MARK_PRIORITY.index(kind), -(end - start), start, end, kind, fact))
    candidates.sort()
    taken: list[Mark] = []
    for _, _, start, end, kind, fact in candidates:
        if any(start < m.end and m.start < end for m in taken):
            continue
        taken.append(Mark(start, end, kind, label_of(kind, fact)))
    return sorted(taken, key=lambda m: m.start)


def mark_text(text: str, marks: Iterable[Mark], style: Any = None) -> str:
    """``[span]{label}`` for every mark; ``style(span, kind)`` may colour the span."""
    out = []
    cursor = 0
    for mark in marks:
        out.append(text[cursor : mark.start])
        span = text[mark.start : mark.end]
        shown = style(span, mark.kind) if style else span
        out.append(f"[{shown}]{{{mark.label}}}")
        cursor = mark.end
    out.append(text[cursor:])
    return "".join(out)


__all__ = ["MARK_PRIORITY", "Mark", "choose_marks", "label_of", "mark_text"]
