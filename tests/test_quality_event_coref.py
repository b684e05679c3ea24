"""Cross-document event coreference on ECB+ gold mentions must stay at or above its floors.

The run parses only the annotated sentences (about 1,400) with spaCy, so it takes about
half a minute on two cores; no subset is needed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.evaluation.event_coref import evaluate_event_coref

FLOORS = Path(__file__).resolve().parent.parent / "quality" / "event_coref.json"


@pytest.mark.gold
def test_event_coreference_meets_floors(gold_root):
    gold = gold_root / "ecbplus-dev"
    if not gold.is_dir():
        pytest.skip("ecbplus-dev gold data not present")
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))["floors"]
    scores = evaluate_event_coref(gold)
    assert scores["mentions"] > 4000
    for system, system_floors in floors.items():
        for name, floor in system_floors.items():
            value = scores[system][name]
            assert value >= floor, f"{system} {name} {value:.4f} fell below floor {floor}"
    # The resolver must beat both same-lemma baselines, not just clear a number.
    assert scores["resolver"]["conll_f1"] > scores["lemma_story"]["conll_f1"]
    assert scores["resolver"]["conll_f1"] > scores["lemma_topic"]["conll_f1"]
