"""Clustering scores on small examples whose values are known by hand or from the literature."""

from __future__ import annotations

import itertools
import random

import pytest

from storyline.evaluation.clustering_metrics import (
    b_cubed,
    ceaf_e,
    clusters_from_labels,
    conll_f1,
    muc,
    pairwise,
    pool_scores,
    score_clusterings,
)
from storyline.evaluation import clustering_metrics

# The worked example of Pradhan et al. (2014), "Scoring coreference partitions of
# predicted mentions": key {a b c} {d e f g}; response {a b} {c d} {f g h i}.
KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def test_muc_on_the_reference_example():
    score = muc(KEY, RESPONSE)
    assert score.recall == pytest.approx(2 / 5)
    assert score.precision == pytest.approx(2 / 5)


def test_b_cubed_on_the_reference_example():
    score = b_cubed(KEY, RESPONSE)
    assert score.recall == pytest.approx(5 / 12)
    assert score.precision == pytest.approx(1 / 2)


def test_ceaf_e_on_the_reference_example():
    score = ceaf_e(KEY, RESPONSE)
    assert score.recall == pytest.approx(0.65)
    assert score.precision == pytest.approx(1.3 / 3)


def test_conll_is_the_mean_of_the_three():
    expected = (muc(KEY, RESPONSE).f1 + b_cubed(KEY, RESPONSE).f1 + ceaf_e(KEY, RESPONSE).f1) / 3
    assert conll_f1(KEY, RESPONSE) == pytest.approx(expected)
    assert score_clusterings(KEY, RESPONSE)["conll_f1"] == pytest.approx(expected)


def test_pairwise_counts_pairs():
    # key pairs: ab ac bc de df dg ef eg fg (9); response pairs: ab cd fg fh fi gh gi hi (8)
    score = pairwise(KEY, RESPONSE)
    assert score.precision == pytest.approx(2 / 8)
    assert score.recall == pytest.approx(2 / 9)


def test_identical_clusterings_score_one_everywhere():
    scores = score_clusterings(KEY, KEY)
    for name in ("muc_f1", "b3_f1", "ceafe_f1", "pairwise_f1", "conll_f1"):
        assert scores[name] == pytest.approx(1.0)


def test_all_singletons_against_one_cluster():
    items = ["a", "b", "c", "d"]
    singletons = [{item} for item in items]
    together = [set(items)]
    # Response all singletons: no links, every B³ item has recall 1/4.
    assert muc(together, singletons).recall == 0.0
    assert b_cubed(together, singletons).recall == pytest.approx(0.25)
    assert b_cubed(together, singletons).precision == pytest.approx(1.0)
    assert ceaf_e(together, singletons).precision == pytest.approx((2 / 5) / 4)
    # Singleton key: MUC has no links to recall, so it reports 0 rather than dividing by 0.
    assert muc(singletons, singletons).f1 == 0.0
    assert b_cubed(singletons, singletons).f1 == pytest.approx(1.0)


def test_an_item_in_two_clusters_is_rejected():
    with pytest.raises(ValueError):
        muc([{"a", "b"}, {"b"}], [{"a"}])


def test_labels_become_clusters():
    clusters = clusters_from_labels({"a": 1, "b": 1, "c": 2})
    assert sorted(map(sorted, clusters)) == [["a", "b"], ["c"]]


def test_pooling_keeps_groups_apart():
    # The same item names in two groups must not be mistaken for one item.
    pooled = pool_scores([([{"x", "y"}], [{"x", "y"}]), ([{"x"}, {"y"}], [{"x", "y"}])])
    assert pooled["muc_recall"] == pytest.approx(1.0)
    assert pooled["muc_precision"] == pytest.approx(0.5)


def _brute_force_assignment(matrix):
    rows, cols = len(matrix), len(matrix[0])
    best = 0.0
    if rows <= cols:
        for chosen in itertools.permutations(range(cols), rows):
            best = max(best, sum(matrix[i][j] for i, j in enumerate(chosen)))
    else:
        for chosen in itertools.permutations(range(rows), cols):
            best = max(best, sum(matrix[i][j] for j, i in enumerate(chosen)))
    return best


def test_assignment_matches_brute_force_on_random_matrices():
    generator = random.Random(7)
    for _ in range(60):
        rows, cols = generator.randint(1, 5), generator.randint(1, 5)
        matrix = [[generator.choice([0.0, generator.random()]) for _ in range(cols)]
                  for _ in range(rows)]
        if not any(any(row) for row in matrix):
            continue
        assert clustering_metrics._assignment_max(matrix) == pytest.approx(
            _brute_force_assignment(matrix))
