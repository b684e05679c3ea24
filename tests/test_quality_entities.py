"""Quality gate: entity mention detection on MEANTIME may not fall below the recorded floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.evaluation.entities import evaluate_entities

FLOORS = Path(__file__).resolve().parent.parent / "quality" / "entities.json"


@pytest.mark.gold
def test_entity_metrics_meet_floors(gold_root: Path):
    corpus = gold_root / "meantime-apple"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} not found")
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))["floors"]
    measured = evaluate_entities(corpus)
    for metric, parts in floors.items():
        for part, floor in parts.items():
            value = measured[metric][part]
            assert value >= floor, f"{metric}.{part} fell to {value:.4f} (floor {floor})"
