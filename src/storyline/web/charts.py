"""Geometry for the "key numbers over time" charts on the story page.

Each chart is one number chain of a fused contradiction (``number-evolution`` or
``number-conflict``): the stated values by the date they were first seen. This module
only places those values on a plain SVG canvas; the template draws them (escaped),
so no script and no inline style is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

WIDTH, HEIGHT = 560, 200
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 16, 36


@dataclass(frozen=True, slots=True)
class ChartPoint:
    x: float
    y: float
    value: float
    bound: str
    seen: str
    speaker: str
    text: str
    claim_id: str


@dataclass(frozen=True, slots=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True, slots=True)
class NumberChart:
    id: str
    measure: str
    kind: str
    detail: str
    points: tuple[ChartPoint, ...]
    path: str
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    undated: int
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom_y: int = HEIGHT - BOTTOM
    right_x: int = WIDTH - RIGHT


def format_number(value: float) -> str:
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if abs(value) >= 10_000:
        return f"{value / 1_000:g}k"
    return f"{value:g}"


def number_chart(contradiction: dict[str, Any]) -> NumberChart | None:
    """The chart of one contradiction's number chain; None when fewer than one dated value."""
    chain = [step for step in contradiction.get("chain") or () if isinstance(step.get("value"), (int, float))]
    dated = []
    for step in chain:
        try:
            dated.append((date.fromisoformat(str(step.get("seen"))), step))
        except ValueError:
            continue
    if not dated:
        return None
    dated.sort(key=lambda pair: pair[0])
    first, last = dated[0][0].toordinal(), dated[-1][0].toordinal()
    top_value = max(float(step["value"]) for _, step in dated) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(day: date) -> float:
        if last == first:
            return LEFT + plot_w / 2
        return LEFT + (day.toordinal() - first) / (last - first) * plot_w

    def y_of(value: float) -> float:
        return TOP + plot_h - (value / (top_value * 1.1)) * plot_h

    points = tuple(
        ChartPoint(
            round(x_of(day), 1), round(y_of(float(step["value"])), 1), float(step["value"]),
            str(step.get("bound") or "="), day.isoformat(), str(step.get("speaker") or "?"),
            str(step.get("text") or ""), str(step.get("claim_id") or ""),
        )
        for day, step in dated
    )
    path = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))
    days = sorted({p.seen for p in points})
    x_ticks: list[Tick] = []
    for day_text in _spread(days, 6):
        position = round(x_of(date.fromisoformat(day_text)), 1)
        if not x_ticks or position - x_ticks[-1].position >= 40:  # labels must not overlap
            x_ticks.append(Tick(position, day_text[5:]))
    y_ticks = tuple(Tick(round(y_of(v), 1), format_number(v)) for v in (0.0, top_value / 2, top_value))
    return NumberChart(
        id=str(contradiction.get("id")), measure=str(contradiction.get("measure") or "numbers"),
        kind=str(contradiction.get("kind")), detail=str(contradiction.get("detail") or ""),
        points=points, path=path, x_ticks=tuple(x_ticks), y_ticks=y_ticks, undated=len(chain) - len(dated),
    )


def _spread(values: list[str], most: int) -> list[str]:
    if len(values) <= most:
        return values
    step = (len(values) - 1) / (most - 1)
    return [values[round(i * step)] for i in range(most)]


def number_charts(contradictions: Iterable[dict[str, Any]]) -> list[NumberChart]:
    charts = []
    for contradiction in contradictions:
        if contradiction.get("kind") in ("number-evolution", "number-conflict"):
            chart = number_chart(contradiction)
            if chart is not None:
                charts.append(chart)
    return charts


__all__ = ["ChartPoint", "NumberChart", "Tick", "format_number", "number_chart", "number_charts"]
