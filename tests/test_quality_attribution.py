"""Quality gate: attribution extraction on PolNeAR must not fall below the recorded floors.

The floors in ``quality/attribution.json`` are measured on the PolNeAR dev split (84
articles, ~15 s); the full train+dev figures are recorded there too.  Floors only go up.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.evaluation.attribution import evaluate_attribution

from helpers import dotted

QUALITY = Path(__file__).resolve().parent.parent / "quality" / "attribution.json"


@pytest.mark.gold
def test_attribution_floors(gold_root):
    polnear = gold_root / "polnear"
    if not polnear.is_dir():
        pytest.skip("PolNeAR is not in the gold folder")
    recorded = json.loads(QUALITY.read_text(encoding="utf-8"))
    gate = recorded["gate"]
    scores = evaluate_attribution(polnear, splits=tuple(gate["splits"]))
    assert scores["documents"] == gate["documents"]
    shortfalls = {name: (dotted(scores, name), floor) for name, floor in gate["floors"].items()
                  if dotted(scores, name) < floor}
    assert not shortfalls, f"below floor (measured, floor): {shortfalls}"
