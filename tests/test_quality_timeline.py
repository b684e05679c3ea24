"""Quality gate: entity timelines on the SemEval-2015 Task 4 trial data must not fall below
the floors in ``quality/timeline.json`` (Track A from raw text, Track B from gold events;
the scorer is the simplified temporal-awareness F1 of :mod:`storyline.evaluation.timeline`).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from storyline.evaluation.timeline import evaluate_timeline

QUALITY = Path(__file__).resolve().parent.parent / "quality" / "timeline.json"


def _get(scores: dict, dotted: str) -> float:
    value = scores
    for key in dotted.split("."):
        value = value[key]
    return value


@pytest.mark.gold
def test_timeline_floors(gold_root):
    if not (gold_root / "timeline-trial").is_dir():
        pytest.skip("the TimeLine trial data is not in the gold folder")
    recorded = json.loads(QUALITY.read_text(encoding="utf-8"))
    started = time.perf_counter()
    scores = evaluate_timeline(gold_root, **recorded["options"])
    elapsed = time.perf_counter() - started
    shortfalls = {name: (_get(scores, name), floor) for name, floor in recorded["floors"].items()
                  if _get(scores, name) < floor}
    assert not shortfalls, f"below floor (measured, floor): {shortfalls}"
    assert elapsed < recorded["max_seconds"], elapsed
