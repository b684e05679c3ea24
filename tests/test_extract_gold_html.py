"""Extraction quality on real pages (../shared/gold/html-dev); skipped when the gold is absent.

Floors sit a little under the measured scores (first 50 pages: text F1 0.896,
date accuracy 0.88); they may only go up.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.evaluation.html import evaluate_html

TEXT_F1_FLOOR = 0.87
TEXT_PRECISION_FLOOR = 0.88
DATE_ACCURACY_FLOOR = 0.85
DATE_PRECISION_FLOOR = 0.88  # of the dates given, how many are right: wrong dates are worse than none


@pytest.mark.gold
@pytest.mark.slow
def test_html_extraction_quality(gold_root: Path) -> None:
    if not (gold_root / "html-dev").is_dir():
        pytest.skip("html-dev gold not present")
    scores = evaluate_html(gold_root, limit=50)
    assert scores["text"]["failed"] <= 2
    assert scores["text"]["f1"] >= TEXT_F1_FLOOR, scores["text"]
    assert scores["text"]["precision"] >= TEXT_PRECISION_FLOOR, scores["text"]
    assert scores["dates"]["accuracy"] >= DATE_ACCURACY_FLOOR, scores["dates"]
    assert scores["dates"]["precision"] >= DATE_PRECISION_FLOOR, scores["dates"]
