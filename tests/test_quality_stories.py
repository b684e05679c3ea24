"""Story clustering on ECB+ (documents into sub-topics) must stay at or above its floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.evaluation.stories import evaluate_stories

FLOORS = Path(__file__).resolve().parent.parent / "quality" / "stories.json"


@pytest.mark.gold
def test_story_clustering_meets_floors(gold_root):
    gold = gold_root / "ecbplus-dev"
    if not gold.is_dir():
        pytest.skip("ecbplus-dev gold data not present")
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))["floors"]
    scores = evaluate_stories(gold)
    assert scores["documents"] > 700
    for name, floor in floors.items():
        assert scores[name] >= floor, f"{name} {scores[name]:.4f} fell below floor {floor}"
