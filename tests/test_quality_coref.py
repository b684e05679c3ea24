"""The coreference scorer on known examples, and the MEANTIME gate (``quality/coref.json``)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from storyline.evaluation.coref import b_cubed, ceaf_e, coref_scores, muc

FLOORS = Path(__file__).resolve().parent.parent / "quality" / "coref.json"


def close(scores: dict, recall: float, precision: float) -> bool:
    return (scores["recall"], scores["precision"]) == pytest.approx((recall, precision), abs=1e-4)


# Pradhan et al. (2014), "Scoring Coreference Partitions of Predicted Mentions", figure 1.
PRADHAN_KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
PRADHAN_RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def test_pradhan_2014_example():
    assert close(muc(PRADHAN_KEY, PRADHAN_RESPONSE), 2 / 5, 2 / 5)
    assert close(b_cubed(PRADHAN_KEY, PRADHAN_RESPONSE), 5 / 12, 1 / 2)
    assert close(ceaf_e(PRADHAN_KEY, PRADHAN_RESPONSE), 0.65, 1.3 / 3)


# The reference scorer's test cases (conll/reference-coreference-scorers, test/TestCases.README).
KEY = [{"a"}, {"b", "c"}, {"d", "e", "f"}]


def test_reference_case_perfect():
    scores = coref_scores(KEY, KEY)
    assert scores["conll_f1"] == pytest.approx(1.0)


def test_reference_case_missing_mentions():
    response = [{"a"}, {"d", "e"}]
    assert close(muc(KEY, response), 1 / 3, 1.0)
    assert close(b_cubed(KEY, response), 7 / 18, 1.0)
    assert close(ceaf_e(KEY, response), 0.6, 0.9)


def test_reference_case_false_alarms():
    response = [{"a"}, {"b", "c", "x"}, {"d", "e", "f", "y"}, {"z"}]
    assert close(ceaf_e(KEY, response), 0.88571, 0.66429)


def test_reference_case_missing_and_false_alarms():
    response = [{"a"}, {"b", "c", "x"}, {"d", "y"}, {"z"}]
    assert close(ceaf_e(KEY, response), 0.73333, 0.55)


def test_degenerate_partitions():
    singletons = [{m} for m in "abcdef"]
    one = [set("abcdef")]
    assert muc(singletons, singletons)["f1"] == 0.0  # no links to find
    assert close(b_cubed(singletons, one), 1.0, 1 / 6)
    assert close(muc(one, singletons), 0.0, 0.0)
    assert close(ceaf_e(one, singletons), 2 / 7, 2 / 7 / 6)


def test_ceaf_alignment_is_optimal_not_greedy():
    # Greedy on the best pair would take K1-R1 (φ4 = 6/8) and leave K2-R2 (0): 0.75 in all.
    # The optimal one-to-one alignment is K1-R2 (2/5) + K2-R1 (2/5) = 0.8.
    key = [{"a", "b", "c", "d"}, {"e"}]
    response = [{"a", "b", "c", "e"}, {"d"}]
    assert close(ceaf_e(key, response), 0.8 / 2, 0.8 / 2)


def _read_conll(path: Path) -> list[set[tuple[str, int, int]]]:
    """Chains of a CoNLL-2012 file (the columns our writer emits), as (doc, first, last) spans."""
    chains: dict[int, set] = {}
    open_spans: dict[int, list[tuple[str, int]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        columns = line.split("\t")
        document, token, marks = columns[0], int(columns[2]), columns[-1]
        if marks == "-":
            continue
        for mark in marks.split("|"):
            number = int(mark.strip("()"))
            if mark.startswith("(") and mark.endswith(")"):
                chains.setdefault(number, set()).add((document, token, token))
            elif mark.startswith("("):
                open_spans.setdefault(number, []).append((document, token))
            else:
                start_document, start = open_spans[number].pop()
                chains.setdefault(number, set()).add((start_document, start, token))
    return list(chains.values())


@pytest.mark.gold
@pytest.mark.slow
def test_coref_quality_floors(gold_root, tmp_path):
    from storyline.evaluation.coref import evaluate_coref

    gold_dir = gold_root / "meantime-apple"
    if not gold_dir.is_dir():
        pytest.skip(f"{gold_dir} not found")
    config = json.loads(FLOORS.read_text(encoding="utf-8"))
    started = time.perf_counter()
    result = evaluate_coref(gold_dir, write_output=tmp_path)
    elapsed = time.perf_counter() - started
    assert elapsed < config["max_seconds"], f"evaluation took {elapsed:.1f}s"
    below = []
    for setting, floors in config["floors"].items():
        scores = result[setting]
        measured = {m: scores[m]["f1"] for m in ("muc", "b_cubed", "ceaf_e")}
        measured["conll_f1"] = scores["conll_f1"]
        below += [
            f"{setting}.{m}: {measured[m]} < {floor}"
            for m, floor in floors.items()
            if measured[m] < floor
        ]
    assert not below, "coreference quality fell below its floors: " + "; ".join(below)
    # The CoNLL files say the same as the internal scores (read back and rescored).
    for setting in config["floors"]:
        key = _read_conll(tmp_path / f"{setting}.key.conll")
        response = _read_conll(tmp_path / f"{setting}.response.conll")
        assert sum(len(c) for c in key) == result["key_mentions"]
        rescored = coref_scores(key, response)
        assert rescored["conll_f1"] == pytest.approx(result[setting]["conll_f1"], abs=1e-3)
