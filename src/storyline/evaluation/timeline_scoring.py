"""SemEval-2015 Task 4 timelines as temporal graphs, scored by temporal awareness.

The task's official tool (``evaluation_tool_timeline_task4_v3``) turns every timeline into
a TimeML-style graph and scores it with the TempEval-3 temporal-awareness metric
(UzZaman & Allen 2011). This module does the same in pure Python:

* **Graph** (the task's transformation, "ordering and time anchors"): each time anchor is
  a TIMEX3 node named by its value; each event mention (``DOCID-SENT-TOKEN``) is linked to
  its anchor with SIMULTANEOUS; events on one line (coreferent mentions) and events sharing
  an order number are SIMULTANEOUS; events at consecutive order numbers are linked with
  BEFORE. Order 0 holds the events the annotators could not order: they keep their
  anchor (when known) and the SIMULTANEOUS links inside their line, and take part in no
  ordering relation. ``XXXX-XX-XX`` (or any value without a four-digit year) is no anchor.
* **Closure**: SIMULTANEOUS is an equivalence, BEFORE is transitive and SIMULTANEOUS
  carries BEFORE across (``a = b < c`` gives ``a < c``). The closure is every relation
  composition yields, conflicting ones included: when two positions share a date the
  timex makes them simultaneous while the positions say BEFORE, and the closure holds
  both, as a composition-table closure without a consistency check does.
* **Reduction**: the given relations minus those that follow from the others, removed one
  by one (links inside a position first, then BEFORE links, anchors last, so the reduced
  graph keeps each dated event's anchor, the check that matters most to a reader).
* **Score** per timeline: precision = |reduced(system) ∩ closure(gold)| / |reduced(system)|,
  recall = |reduced(gold) ∩ closure(system)| / |reduced(gold)|; micro-averaged over the
  timelines by summing the four counts.

Known differences from the official tool, whose code is not vendored here: the TempEval-3
tool reduces graphs with its own closure engine (interval algebra over point relations)
and may keep other representatives of a position, so per-relation choices, and thus the
figures, can differ slightly; dates are compared after dropping ``-XX`` parts ("2007-09-XX"
= "2007-09"), which the gold itself writes both ways, where the tool compares strings.
Event ids are compared exactly (lower-cased), multi-word gold tokens such as
``court_case`` included, as the tool does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

SIMULTANEOUS = "SIMULTANEOUS"
BEFORE = "BEFORE"
UNKNOWN_DATE = "XXXX-XX-XX"

Relation = tuple[str, str, str]  # (kind, source node, target node)
TimelineLine = tuple[int, str | None, tuple[str, ...]]  # (order, date, coreferent event ids)


def normalise_anchor(value: str | None) -> str | None:
    """A comparable time anchor: "2007-09-XX" -> "2007-09"; None when the year is unknown."""
    if not value:
        return None
    parts = []
    for part in value.split("T")[0].split("-"):
        if not part.isdigit():
            break
        parts.append(part)
    if not parts or len(parts[0]) != 4:
        return None
    return "-".join(parts)


def _event_node(event_id: str) -> str:
    return "e:" + event_id.lower()


def _time_node(value: str) -> str:
    return "t:" + value


def timeline_relations(lines: Iterable[TimelineLine]) -> list[Relation]:
    """The relations the task's transformation gives for one timeline, in removal order."""
    inside_line: list[Relation] = []
    inside_position: list[Relation] = []
    before: list[Relation] = []
    anchors: list[Relation] = []
    first_of_position: dict[int, str] = {}
    last_of_position: dict[int, str] = {}
    for order, value, event_ids in lines:
        nodes = list(dict.fromkeys(_event_node(e) for e in event_ids if e))
        if not nodes:
            continue
        inside_line.extend((SIMULTANEOUS, a, b) for a, b in zip(nodes, nodes[1:]))
        anchor = normalise_anchor(value)
        if anchor is not None:
            anchors.extend((SIMULTANEOUS, node, _time_node(anchor)) for node in nodes)
        if order <= 0:
            continue
        previous = last_of_position.get(order)
        if previous is not None and previous != nodes[0]:
            inside_position.append((SIMULTANEOUS, previous, nodes[0]))
        first_of_position.setdefault(order, nodes[0])
        last_of_position[order] = nodes[-1]
    orders = sorted(first_of_position)
    before.extend((BEFORE, first_of_position[a], first_of_position[b])
                  for a, b in zip(orders, orders[1:]))
    relations = inside_line + inside_position + before + anchors
    return list(dict.fromkeys(r for r in relations if r[1] != r[2]))


class TemporalGraph:
    """The closure of a set of SIMULTANEOUS / BEFORE relations, answered on demand."""

    def __init__(self, relations: Iterable[Relation]) -> None:
        self._parent: dict[str, str] = {}
        before_edges: list[tuple[str, str]] = []
        for kind, source, target in relations:
            if kind == SIMULTANEOUS:
                self._union(source, target)
            else:
                self._find(source)
                self._find(target)
                before_edges.append((source, target))
        self._successors: dict[str, set[str]] = {}
        for source, target in before_edges:
            self._successors.setdefault(self._find(source), set()).add(self._find(target))
        self._reachable: dict[str, frozenset[str]] = {}

    def _find(self, node: str) -> str:
        parent = self._parent.setdefault(node, node)
        if parent != node:
            parent = self._parent[node] = self._find(parent)
        return parent

    def _union(self, a: str, b: str) -> None:
        root_a, root_b = self._find(a), self._find(b)
        if root_a != root_b:
            self._parent[max(root_a, root_b)] = min(root_a, root_b)

    def _after(self, root: str) -> frozenset[str]:
        """Classes reachable from ``root`` through at least one BEFORE link."""
        if root not in self._reachable:
            seen: set[str] = set()
            stack = list(self._successors.get(root, ()))
            while stack:
                current = stack.pop()
                if current not in seen:
                    seen.add(current)
                    stack.extend(self._successors.get(current, ()))
            self._reachable[root] = frozenset(seen)
        return self._reachable[root]

    def holds(self, relation: Relation) -> bool:
        kind, source, target = relation
        if source not in self._parent or target not in self._parent:
            return False
        if kind == SIMULTANEOUS:
            return self._find(source) == self._find(target)
        return self._find(target) in self._after(self._find(source))

    def closure(self) -> set[Relation]:
        """Every relation of the closure between distinct nodes (for inspection and tests)."""
        nodes = sorted(self._parent)
        out: set[Relation] = set()
        for a in nodes:
            for b in nodes:
                if a == b:
                    continue
                if self.holds((SIMULTANEOUS, a, b)):
                    out.add((SIMULTANEOUS, a, b))
                if self.holds((BEFORE, a, b)):
                    out.add((BEFORE, a, b))
        return out


def reduce_relations(relations: Sequence[Relation]) -> list[Relation]:
    """Drop, in order, each relation that the remaining ones imply (UzZaman & Allen)."""
    kept = list(relations)
    index = 0
    while index < len(kept):
        others = kept[:index] + kept[index + 1:]
        if TemporalGraph(others).holds(kept[index]):
            kept = others
        else:
            index += 1
    return kept


def awareness_counts(gold: Sequence[TimelineLine],
                     system: Sequence[TimelineLine]) -> tuple[int, int, int, int]:
    """(precision hits, reduced system relations, recall hits, reduced gold relations)."""
    gold_relations, system_relations = timeline_relations(gold), timeline_relations(system)
    gold_graph, system_graph = TemporalGraph(gold_relations), TemporalGraph(system_relations)
    gold_reduced = reduce_relations(gold_relations)
    system_reduced = reduce_relations(system_relations)
    precision_hits = sum(gold_graph.holds(r) for r in system_reduced)
    recall_hits = sum(system_graph.holds(r) for r in gold_reduced)
    return precision_hits, len(system_reduced), recall_hits, len(gold_reduced)


def prf(counts: Sequence[int]) -> dict[str, float]:
    """Precision, recall and F1 (fractions, 4 places) from the four counts."""
    precision_hits, n_system, recall_hits, n_gold = counts
    precision = precision_hits / n_system if n_system else 0.0
    recall = recall_hits / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


# --- the earlier, simplified scorer -------------------------------------------------------------
# Kept alongside for comparison with earlier figures: entries are (position, date, event key);
# anchors are a relation kind of their own ("in"), so positions sharing a date are not made
# simultaneous; position-0 events take part in no order relation; the reduced graph is the
# anchors, a SIMULTANEOUS chain through each position and one BEFORE link between the first
# events of consecutive positions, and the closure is read straight off the positions.

SimplifiedEntry = tuple[int, str | None, str]


def _graph(entries: Iterable[SimplifiedEntry]) -> tuple[dict[str, int], dict[str, str]]:
    position: dict[str, int] = {}
    dates: dict[str, str] = {}
    for order, value, key in entries:
        if key in position:
            continue
        position[key] = order
        if value:
            dates[key] = value
    return position, dates


def simplified_reduced_relations(entries: Iterable[SimplifiedEntry]) -> set[tuple]:
    position, dates = _graph(entries)
    relations: set[tuple] = {("in", key, value) for key, value in dates.items()}
    by_position: dict[int, list[str]] = {}
    for key, order in position.items():
        if order > 0:
            by_position.setdefault(order, []).append(key)
    orders = sorted(by_position)
    for order in orders:
        members = sorted(by_position[order])
        relations.update(("sim", *sorted((a, b))) for a, b in zip(members, members[1:]))
    for earlier, later in zip(orders, orders[1:]):
        relations.add(("before", min(by_position[earlier]), min(by_position[later])))
    return relations


def _simplified_holds(relation: tuple, position: dict[str, int], dates: dict[str, str]) -> bool:
    """Whether ``relation`` is in the closure of the timeline (position, dates)."""
    kind, first, second = relation
    if kind == "in":
        return dates.get(first) == second
    a, b = position.get(first, 0), position.get(second, 0)
    if a <= 0 or b <= 0:
        return False
    return a == b if kind == "sim" else a < b


def simplified_counts(gold: Iterable[SimplifiedEntry],
                      system: Iterable[SimplifiedEntry]) -> tuple[int, int, int, int]:
    """(precision hits, system relations, recall hits, gold relations) for one timeline."""
    gold, system = list(gold), list(system)
    gold_position, gold_dates = _graph(gold)
    system_position, system_dates = _graph(system)
    system_reduced = simplified_reduced_relations(system)
    gold_reduced = simplified_reduced_relations(gold)
    precision_hits = sum(_simplified_holds(r, gold_position, gold_dates) for r in system_reduced)
    recall_hits = sum(_simplified_holds(r, system_position, system_dates) for r in gold_reduced)
    return precision_hits, len(system_reduced), recall_hits, len(gold_reduced)


# --- the task's file format -------------------------------------------------------------------


def read_timeline_file(path: Path) -> tuple[str, list[TimelineLine]]:
    """The target entity (first line) and the ``order<TAB>date<TAB>ids...`` lines."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    rows: list[TimelineLine] = []
    for line in lines[1:]:
        fields = line.strip().split("\t")
        if len(fields) < 3 or not fields[0].strip().isdigit():
            continue
        rows.append((int(fields[0]), fields[1].strip() or None,
                     tuple(f.strip() for f in fields[2:] if f.strip())))
    return (lines[0].strip() if lines else ""), rows


def format_timeline(target: str, lines: Iterable[TimelineLine]) -> str:
    """The task's format: the target, then lines sorted by order; unknown dates as XXXX-XX-XX."""
    out = [target]
    for order, value, event_ids in sorted(lines, key=lambda line: line[0]):
        out.append("\t".join([str(order), value or UNKNOWN_DATE, *event_ids]))
    return "\n".join(out) + "\n"


def score_timeline_folders(gold_folder: Path, system_folder: Path) -> dict[str, object]:
    """Score a folder of system timeline files against the gold ones, as the task's tool does:
    one file per gold target (same file name); a missing system file scores nothing."""
    totals = [0, 0, 0, 0]
    per_timeline: dict[str, dict[str, float]] = {}
    for gold_path in sorted(Path(gold_folder).glob("*.txt")):
        _, gold = read_timeline_file(gold_path)
        system_path = Path(system_folder) / gold_path.name
        system = read_timeline_file(system_path)[1] if system_path.is_file() else []
        counts = awareness_counts(gold, system)
        totals = [a + b for a, b in zip(totals, counts)]
        per_timeline[gold_path.stem] = prf(counts)
    return {**prf(totals), "per_timeline": per_timeline}


__all__ = [
    "BEFORE",
    "SIMULTANEOUS",
    "UNKNOWN_DATE",
    "TemporalGraph",
    "awareness_counts",
    "format_timeline",
    "normalise_anchor",
    "prf",
    "read_timeline_file",
    "reduce_relations",
    "score_timeline_folders",
    "simplified_counts",
    "simplified_reduced_relations",
    "timeline_relations",
]
