"""Quality gate: publication-date inference on gold news keeps its floors.

Floors (and error ceilings) live in ``quality/dating.json``; floors only go up. The run
parses TempEval-3 (256 documents) and MEANTIME Apple (30) with spaCy, hides each DCT and
dates the documents (about 60 s).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.evaluation.dating import evaluate_dating

QUALITY = Path(__file__).resolve().parent.parent / "quality" / "dating.json"


@pytest.mark.gold
@pytest.mark.slow
def test_dating_quality_floors(gold_root: Path) -> None:
    if not (gold_root / "tempeval3-tbaq").is_dir() or not (gold_root / "meantime-apple").is_dir():
        pytest.skip(f"tempeval3-tbaq or meantime-apple not found under {gold_root}")
    quality = json.loads(QUALITY.read_text(encoding="utf-8"))
    result = evaluate_dating(gold_root)
    failures = []
    for corpus, floors in quality["floors"].items():
        for metric, floor in floors.items():
            if result[corpus][metric] < floor:
                failures.append(f"{corpus}.{metric}: {result[corpus][metric]} < floor {floor}")
    for corpus, ceilings in quality["ceilings"].items():
        for metric, ceiling in ceilings.items():
            if result[corpus][metric] > ceiling:
                failures.append(f"{corpus}.{metric}: {result[corpus][metric]} > ceiling {ceiling}")
    assert not failures, "; ".join(failures)
    assert result["seconds"] < quality["max_seconds"]


@pytest.mark.gold
def test_dating_report_shape(gold_root: Path) -> None:
    corpus = gold_root / "tempeval3-tbaq"
    if not corpus.is_dir():
        pytest.skip(f"TempEval-3 gold not found at {corpus}")
    result = evaluate_dating(corpus, limit=3)  # one corpus folder is accepted too
    assert set(result) == {"tempeval3", "seconds"}
    scores = result["tempeval3"]
    assert scores["documents"] == 3
    for name in ("coverage", "exact_day_accuracy", "interval_contains", "interval_contains_all"):
        assert 0.0 <= scores[name] <= 1.0
