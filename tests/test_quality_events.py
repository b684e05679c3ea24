"""Quality gate: event detection on TempEval-3 and MEANTIME must not fall below the floors.

``quality/events.json`` records the figures on all 256 TempEval-3 training articles
(TimeBank + AQUAINT) and the 30 MEANTIME Apple articles (~30 s); floors only go up.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.evaluation.events import evaluate_events

from helpers import dotted

QUALITY = Path(__file__).resolve().parent.parent / "quality" / "events.json"


@pytest.mark.gold
def test_event_floors(gold_root):
    if not (gold_root / "tempeval3-tbaq").is_dir():
        pytest.skip("TempEval-3 is not in the gold folder")
    recorded = json.loads(QUALITY.read_text(encoding="utf-8"))
    floors = recorded["gate"]["floors"]
    scores = evaluate_events(gold_root)
    if "meantime" not in scores:
        floors = {k: v for k, v in floors.items() if not k.startswith("meantime.")}
    shortfalls = {name: (dotted(scores, name), floor) for name, floor in floors.items()
                  if dotted(scores, name) < floor}
    assert not shortfalls, f"below floor (measured, floor): {shortfalls}"
