"""Quality gate: the temporal tagger on TempEval-3 (TimeBank + AQUAINT) keeps its floors.

Floors live in ``quality/timex.json``; they only go up. The run parses all 256 documents
with spaCy (about 30-60 s on two cores).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.evaluation.timex import evaluate_timex

FLOORS = Path(__file__).resolve().parent.parent / "quality" / "timex.json"


@pytest.mark.gold
@pytest.mark.slow
def test_timex_quality_floors(gold_root: Path, tmp_path: Path) -> None:
    corpus = gold_root / "tempeval3-tbaq"
    if not corpus.is_dir():
        pytest.skip(f"TempEval-3 gold not found at {corpus}")
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    result = evaluate_timex(corpus, write_output=tmp_path / "system")
    failures = []
    for scope, scope_floors in floors["floors"].items():
        measured = result if scope == "total" else result["subsets"][scope]
        for metric, floor in scope_floors.items():
            if measured[metric] < floor:
                failures.append(f"{scope}.{metric}: {measured[metric]} < floor {floor}")
    assert not failures, "; ".join(failures)
    assert len(list((tmp_path / "system").glob("*.tml"))) == result["documents"]
    # the tagger must stay cheap next to spaCy (the language layer's budget is 1.5x spaCy)
    assert result["tag_to_parse_ratio"] < 0.3


@pytest.mark.gold
def test_timex_evaluation_report_shape(gold_root: Path) -> None:
    result = evaluate_timex(gold_root, limit=2)  # the shared root is accepted too
    assert result["documents"] == 4
    assert set(result["subsets"]) == {"AQUAINT", "TimeBank"}
    for name in ("relaxed_f1", "strict_f1", "value_f1", "value_accuracy", "type_accuracy"):
        assert 0.0 <= result[name] <= 1.0
    assert result["gold"] == sum(subset["gold"] for subset in result["subsets"].values())
