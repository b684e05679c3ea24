"""Quality gate: entity timelines on the SemEval-2015 Task 4 trial data must not fall below
the floors in ``quality/timeline.json`` (Track A from raw text, Track B from gold events; the
main figures are the task's temporal-awareness F1, the ``simplified`` ones the earlier
scorer), and the timelines written in the task's format must score the same when read back.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from storyline.evaluation.timeline import evaluate_timeline
from storyline.evaluation.timeline_scoring import read_timeline_file, score_timeline_folders

QUALITY = Path(__file__).resolve().parent.parent / "quality" / "timeline.json"


def _get(scores: dict, dotted: str) -> float:
    value = scores
    for key in dotted.split("."):
        value = value[key]
    return value


@pytest.mark.gold
def test_timeline_floors(gold_root, tmp_path):
    if not (gold_root / "timeline-trial").is_dir():
        pytest.skip("the TimeLine trial data is not in the gold folder")
    recorded = json.loads(QUALITY.read_text(encoding="utf-8"))
    started = time.perf_counter()
    scores = evaluate_timeline(gold_root, write_output=tmp_path, **recorded["options"])
    elapsed = time.perf_counter() - started
    shortfalls = {name: (_get(scores, name), floor) for name, floor in recorded["floors"].items()
                  if _get(scores, name) < floor}
    assert not shortfalls, f"below floor (measured, floor): {shortfalls}"
    assert elapsed < recorded["max_seconds"], elapsed

    # The written files: the gold's names, the task's format, the same score read back.
    gold_folder = gold_root / "timeline-trial" / "TimeLines_trial_data_task4_v1.2"
    gold_names = sorted(p.name for p in gold_folder.glob("*.txt"))
    for track in ("TrackA", "TrackB"):
        assert sorted(p.name for p in (tmp_path / track).glob("*.txt")) == gold_names
    target, lines = read_timeline_file(tmp_path / "TrackA" / "steve_jobs.txt")
    assert target == "Steve Jobs" and lines
    for order, value, event_ids in lines:
        assert (order == 0) == (value == "XXXX-XX-XX")
        assert all(e.count("-") >= 2 for e in event_ids)
    dates = {}
    for order, value, _ in lines:
        assert dates.setdefault(order, value) == value  # one date per order number
    read_back = score_timeline_folders(gold_folder, tmp_path / "TrackA")
    assert read_back["f1"] == scores["track_a"]["f1"]
