"""Clustering and coreference scores: MUC, B³, CEAF-e, CoNLL F1 and pairwise P/R/F1.

One scorer for every "which items belong together" task in storyline: event and entity
coreference across documents, and documents into stories. A clustering is any iterable of
clusters, each an iterable of hashable items (mention ids, article ids). Key (gold) and
response (system) may cover different items: MUC, B³ and CEAF-e follow the CoNLL-2012
reference scorer (v8) and count items missing from one side as errors of the other;
pairwise counts pairs of items placed together.

All functions are pure; :func:`score_clusterings` returns every figure in one dict so that
evaluations and quality floors share names.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

Clustering = Sequence[frozenset]


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and their harmonic mean."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def from_ratios(cls, p_num: float, p_den: float, r_num: float, r_den: float) -> "PRF":
        precision = p_num / p_den if p_den else 0.0
        recall = r_num / r_den if r_den else 0.0
        return cls(precision, recall, _f1(precision, recall))

    def to_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def normalize(clusters: Iterable[Iterable[Hashable]]) -> tuple[frozenset, ...]:
    """Clusters as frozensets, empty ones dropped; an item in two clusters is an error."""
    out: list[frozenset] = []
    seen: set[Hashable] = set()
    for cluster in clusters:
        members = frozenset(cluster)
        if not members:
            continue
        overlap = seen & members
        if overlap:
            raise ValueError(f"items in more than one cluster: {sorted(map(str, overlap))[:5]}")
        seen |= members
        out.append(members)
    return tuple(out)


def clusters_from_labels(labels: dict[Hashable, Hashable]) -> tuple[frozenset, ...]:
    """``{item: cluster label}`` -> clusters (in first-seen label order)."""
    groups: dict[Hashable, list[Hashable]] = {}
    for item, label in labels.items():
        groups.setdefault(label, []).append(item)
    return tuple(frozenset(members) for members in groups.values())


def _index(clusters: Clustering) -> dict[Hashable, int]:
    return {item: number for number, cluster in enumerate(clusters) for item in cluster}


# --- MUC (Vilain et al. 1995): links ------------------------------------------------------


def _muc_side(key: Clustering, response_index: dict[Hashable, int]) -> tuple[int, int]:
    numerator = denominator = 0
    for cluster in key:
        # Items missing from the other side each form their own partition.
        partitions = {response_index.get(item, ("missing", item)) for item in cluster}
        numerator += len(cluster) - len(partitions)
        denominator += len(cluster) - 1
    return numerator, denominator


def muc(key: Clustering, response: Clustering) -> PRF:
    key, response = normalize(key), normalize(response)
    r_num, r_den = _muc_side(key, _index(response))
    p_num, p_den = _muc_side(response, _index(key))
    return PRF.from_ratios(p_num, p_den, r_num, r_den)


# --- B³ (Bagga & Baldwin 1998): items ---------------------------------------------------


def _b_cubed_side(key: Clustering, response: Clustering) -> tuple[float, int]:
    response_index = _index(response)
    total = 0.0
    count = 0
    for cluster in key:
        overlaps: dict[int, int] = {}
        for item in cluster:
            number = response_index.get(item)
            if number is not None:
                overlaps[number] = overlaps.get(number, 0) + 1
        total += sum(shared * shared for shared in overlaps.values()) / len(cluster)
        count += len(cluster)
    return total, count


def b_cubed(key: Clustering, response: Clustering) -> PRF:
    key, response = normalize(key), normalize(response)
    r_num, r_den = _b_cubed_side(key, response)
    p_num, p_den = _b_cubed_side(response, key)
    return PRF.from_ratios(p_num, p_den, r_num, r_den)


# --- CEAF-e (Luo 2005), entity-based similarity φ4 ---------------------------------------


def ceaf_e(key: Clustering, response: Clustering) -> PRF:
    key, response = normalize(key), normalize(response)
    response_index = _index(response)
    similarity: dict[tuple[int, int], float] = {}
    for k, cluster in enumerate(key):
        shared: dict[int, int] = {}
        for item in cluster:
            number = response_index.get(item)
            if number is not None:
                shared[number] = shared.get(number, 0) + 1
        for r, count in shared.items():
            similarity[(k, r)] = 2.0 * count / (len(cluster) + len(response[r]))
    best = _max_weight_matching(similarity)
    return PRF.from_ratios(best, len(response), best, len(key))


def _max_weight_matching(weights: dict[tuple[int, int], float]) -> float:
    """Best one-to-one matching total, solved per connected component of the overlap graph.

    Components are small in practice (a key cluster overlaps few response clusters), so
    the cubic assignment is run on many small matrices instead of one large one.
    """
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for k, r in weights:
        parent[find(("k", k))] = find(("r", r))
    components: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for k, r in weights:
        components.setdefault(find(("k", k)), []).append((k, r))
    total = 0.0
    for edges in components.values():
        rows = sorted({k for k, _ in edges})
        cols = sorted({r for _, r in edges})
        matrix = [[0.0] * len(cols) for _ in rows]
        row_at = {k: i for i, k in enumerate(rows)}
        col_at = {r: j for j, r in enumerate(cols)}
        for k, r in edges:
            matrix[row_at[k]][col_at[r]] = weights[(k, r)]
        total += _assignment_max(matrix)
    return total


def _assignment_max(matrix: list[list[float]]) -> float:
    """Maximum-weight assignment (Hungarian algorithm, O(n³)) on a rectangular matrix."""
    n_rows, n_cols = len(matrix), len(matrix[0])
    size = max(n_rows, n_cols)
    top = max(max(row) for row in matrix)
    # Minimise (top - weight) on a square matrix padded with "no match" cells.
    cost = [[top - (matrix[i][j] if i < n_rows and j < n_cols else 0.0) for j in range(size)]
            for i in range(size)]
    inf = float("inf")
    u = [0.0] * (size + 1)
    v = [0.0] * (size + 1)
    match_col = [0] * (size + 1)  # match_col[j] = row matched to column j (1-based)
    way = [0] * (size + 1)
    for i in range(1, size + 1):
        match_col[0] = i
        j0 = 0
        min_value = [inf] * (size + 1)
        used = [False] * (size + 1)
        while True:
            used[j0] = True
            i0 = match_col[j0]
            delta = inf
            j1 = 0
            for j in range(1, size + 1):
                if not used[j]:
                    current = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if current < min_value[j]:
                        min_value[j] = current
                        way[j] = j0
                    if min_value[j] < delta:
                        delta = min_value[j]
                        j1 = j
            for j in range(size + 1):
                if used[j]:
                    u[match_col[j]] += delta
                    v[j] -= delta
                else:
                    min_value[j] -= delta
            j0 = j1
            if match_col[j0] == 0:
                break
        while True:
            j1 = way[j0]
            match_col[j0] = match_col[j1]
            j0 = j1
            if j0 == 0:
                break
    total = 0.0
    for j in range(1, size + 1):
        i = match_col[j]
        if i and i - 1 < n_rows and j - 1 < n_cols:
            total += matrix[i - 1][j - 1]
    return total


# --- pairwise and the summary --------------------------------------------------------------


def _pairs(clusters: Clustering) -> set[frozenset]:
    return {frozenset(pair) for cluster in clusters for pair in combinations(cluster, 2)}


def pairwise(key: Clustering, response: Clustering) -> PRF:
    """Precision/recall of the item pairs placed in one cluster (quadratic in cluster size)."""
    key_pairs, response_pairs = _pairs(normalize(key)), _pairs(normalize(response))
    shared = len(key_pairs & response_pairs)
    return PRF.from_ratios(shared, len(response_pairs), shared, len(key_pairs))


def conll_f1(key: Clustering, response: Clustering) -> float:
    """Mean of the MUC, B³ and CEAF-e F1 (the CoNLL-2012 summary figure)."""
    return (muc(key, response).f1 + b_cubed(key, response).f1 + ceaf_e(key, response).f1) / 3


def score_clusterings(key: Iterable[Iterable[Hashable]],
                      response: Iterable[Iterable[Hashable]]) -> dict[str, float]:
    """Every figure, flat: ``muc_f1``, ``b3_precision``, ``ceafe_recall``, ``conll_f1``..."""
    key_clusters, response_clusters = normalize(key), normalize(response)
    out: dict[str, float] = {}
    for name, metric in (("muc", muc), ("b3", b_cubed), ("ceafe", ceaf_e),
                         ("pairwise", pairwise)):
        for field, value in metric(key_clusters, response_clusters).to_dict().items():
            out[f"{name}_{field}"] = value
    out["conll_f1"] = (out["muc_f1"] + out["b3_f1"] + out["ceafe_f1"]) / 3
    return out


def pool_scores(per_group: Sequence[tuple[Clustering, Clustering]]) -> dict[str, float]:
    """Score several independent groups (e.g. topics) as one clustering.

    Items of different groups never share a cluster, so the union of the groups' clusters
    is scored once: this equals micro-averaging the counts over groups.
    """
    key: list[frozenset] = []
    response: list[frozenset] = []
    for group_number, (group_key, group_response) in enumerate(per_group):
        key.extend(frozenset((group_number, item) for item in c) for c in group_key)
        response.extend(frozenset((group_number, item) for item in c) for c in group_response)
    return score_clusterings(key, response)


__all__ = [
    "PRF",
    "b_cubed",
    "ceaf_e",
    "clusters_from_labels",
    "conll_f1",
    "muc",
    "normalize",
    "pairwise",
    "pool_scores",
    "score_clusterings",
]
