"""Measures story clustering on ECB+ and reads ECB+ CAT XML for the fusion evaluations.

ECB+ topic folder ``N`` holds two sub-topics, two different real-world events on the same
beat: the ``N_*ecb.xml`` files and the ``N_*ecbplus.xml`` files. Every document of every
topic is fed, in a fixed shuffled order, into one :class:`~storyline.fusion.stories.StoryIndex`
and the resulting stories are scored against the 2 × topics sub-topics with B³ and pairwise
precision/recall/F1 (:mod:`storyline.evaluation.clustering_metrics`).

Text is rebuilt from the ``<token>`` elements, one sentence per line. The ``ecbplus`` files
begin with the source URL as sentence 0; it is dropped (ECB files have none, so it would
mark one sub-topic of each pair) and no publication date is given to the index: ECB+
carries none, so this measures the text features alone.
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from storyline.evaluation.clustering_metrics import score_clusterings
from storyline.fusion.stories import StoryIndex, StoryOptions

_ACTION_PREFIXES = ("ACTION_", "NEG_ACTION_")


@dataclass(frozen=True, slots=True)
class CatToken:
    t_id: str
    sentence: int
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class CatMarkable:
    """A mention markable: its tag and the tokens it covers (in document order)."""

    m_id: str
    tag: str
    t_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EcbDocument:
    """One ECB+ document: tokens, mention markables and coreference chain per mention."""

    name: str  # "1_10ecbplus"
    topic: str  # "1"
    subtopic: str  # "1_ecb" or "1_ecbplus"
    tokens: tuple[CatToken, ...]
    markables: tuple[CatMarkable, ...]
    # m_id -> chain id: the CROSS_DOC_COREF instance id, or a document-local id
    # for INTRA_DOC_COREF chains; mentions in no chain are absent.
    chain_of: dict[str, str]

    def sentences(self) -> dict[int, list[CatToken]]:
        out: dict[int, list[CatToken]] = {}
        for token in self.tokens:
            out.setdefault(token.sentence, []).append(token)
        return out

    def text(self, drop_url: bool = True) -> str:
        lines = []
        for number, tokens in sorted(self.sentences().items()):
            line = " ".join(token.text for token in tokens)
            if drop_url and number == 0 and self.subtopic.endswith("ecbplus") and \
                    re.match(r"https? :", line):
                continue
            lines.append(line)
        return "\n".join(lines)

    def event_markables(self) -> tuple[CatMarkable, ...]:
        return tuple(m for m in self.markables if m.tag.startswith(_ACTION_PREFIXES))


def read_ecb_document(path: Path) -> EcbDocument:
    root = ElementTree.parse(str(path)).getroot()
    name = path.name.removesuffix(".xml")
    topic = name.split("_", 1)[0]
    subtopic = f"{topic}_{'ecbplus' if name.endswith('ecbplus') else 'ecb'}"
    tokens = tuple(
        CatToken(t.get("t_id", ""), int(t.get("sentence", "0")), int(t.get("number", "0")),
                 t.text or "")
        for t in root.iter("token")
    )
    markables: list[CatMarkable] = []
    instances: dict[str, str] = {}
    markables_node = root.find("Markables")
    for node in markables_node if markables_node is not None else ():
        anchors = tuple(a.get("t_id", "") for a in node.findall("token_anchor"))
        m_id = node.get("m_id", "")
        if anchors:
            markables.append(CatMarkable(m_id, node.tag, anchors))
        elif node.get("instance_id"):
            instances[m_id] = node.get("instance_id", "")
    chain_of: dict[str, str] = {}
    relations = root.find("Relations")
    for relation in relations if relations is not None else ():
        target = relation.find("target")
        if target is None:
            continue
        target_id = target.get("m_id", "")
        if relation.tag == "CROSS_DOC_COREF":
            chain = instances.get(target_id) or relation.get("note") or f"{name}#{target_id}"
        elif relation.tag == "INTRA_DOC_COREF":
            chain = f"{name}#{target_id}"
        else:
            continue
        for source in relation.findall("source"):
            chain_of[source.get("m_id", "")] = chain
    return EcbDocument(name, topic, subtopic, tokens, tuple(markables), chain_of)


def read_ecbplus(gold_dir: Path, topics: set[str] | None = None) -> list[EcbDocument]:
    """Every document under ``ECB+/<topic>/`` (optionally only some topics), sorted."""
    root = Path(gold_dir)
    corpus = root / "ECB+" if (root / "ECB+").is_dir() else root
    documents = []
    for path in sorted(corpus.glob("*/*.xml")):
        if topics is not None and path.parent.name not in topics:
            continue
        documents.append(read_ecb_document(path))
    return documents


def resolve_gold_dir(gold_dir: Path) -> Path:
    """Accept the gold root, the ``ecbplus-dev`` folder or its ``ECB+`` folder."""
    path = Path(gold_dir)
    for candidate in (path / "ecbplus-dev", path, path.parent):
        if (candidate / "ECB+").is_dir():
            return candidate
    raise FileNotFoundError(f"no ECB+ corpus under {path}")


_REPORTED = ("b3_precision", "b3_recall", "b3_f1",
             "pairwise_precision", "pairwise_recall", "pairwise_f1")


def _run_once(documents: list[EcbDocument], seed: int,
              options: StoryOptions | None) -> tuple[dict[str, float], int]:
    order = list(documents)
    random.Random(seed).shuffle(order)
    index = StoryIndex(options)
    for document in order:
        index.add_article(document.name, document.text())
    gold: dict[str, list[str]] = {}
    for document in documents:
        gold.setdefault(document.subtopic, []).append(document.name)
    predicted = [story.article_ids for story in index.stories()]
    return score_clusterings(gold.values(), predicted), len(predicted)


def evaluate_stories(gold_dir: Path, seeds: tuple[int, ...] = (13, 1, 2, 3, 4),
                     options: StoryOptions | None = None) -> dict[str, Any]:
    """Cluster all ECB+ documents into stories and score against the sub-topics.

    Assignment depends on arrival order, so the corpus is fed in several fixed shuffles;
    the top-level figures are their mean, ``worst_*`` the lowest over the shuffles.
    """
    documents = read_ecbplus(resolve_gold_dir(gold_dir))
    started = time.perf_counter()
    runs = [_run_once(documents, seed, options) for seed in seeds]
    elapsed = time.perf_counter() - started
    result: dict[str, Any] = {
        "documents": len(documents),
        "gold_stories": len({d.subtopic for d in documents}),
        "predicted_stories": round(sum(count for _, count in runs) / len(runs), 1),
        "shuffles": len(runs),
    }
    for name in _REPORTED:
        values = [scores[name] for scores, _ in runs]
        result[name] = round(sum(values) / len(values), 4)
        result[f"worst_{name}"] = round(min(values), 4)
    result["seconds_per_shuffle"] = round(elapsed / len(runs), 2)
    return result


__all__ = [
    "CatMarkable",
    "CatToken",
    "EcbDocument",
    "evaluate_stories",
    "read_ecb_document",
    "read_ecbplus",
    "resolve_gold_dir",
]
