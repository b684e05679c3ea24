"""Cross-document entity coreference on MEANTIME: MUC, B³, CEAF-e and CoNLL F1.

What is scored
--------------
MEANTIME's ``cross-doc/`` files link every entity mention (``REFERS_TO``) to a corpus-level
instance, so "Apple" in one article and "Apple Inc." in another share an instance id. The key
is the **named** gold mentions (``syntactic_type`` NAM or PRE.NAM) of the types storyline
resolves, MEANTIME PER, ORG and LOC, grouped by instance across all 30 documents (one
meta-document, as cross-document scorers do; singletons included). Named products and
financial entities ("iPhone") are not scored. Two settings:

* ``gold_mentions``: the gold named spans, with their gold types (LOC read as GPE), are
  clustered by storyline alone: in-article linking
  (:func:`~storyline.language.entities_linking.link_mentions`) then
  :func:`~storyline.fusion.entities.resolve_entities`. This isolates name-based resolution;
* ``end_to_end``: spaCy + :func:`~storyline.language.entities.extract_mentions` on the
  rebuilt text, then ``resolve_entities``. Predictions are aligned one-to-one to gold mentions
  by token overlap (exact spans first), as in :mod:`storyline.evaluation.entities`; an aligned
  prediction counts as the gold mention, an unaligned one is a spurious response mention and a
  missed gold mention is absent from the response. Predictions after a document's last
  annotated sentence, typed NORP, or overlapping a named product/financial mention are dropped.

Metrics follow the definitions of the CoNLL reference scorer (Pradhan et al., 2014): MUC
(Vilain et al., 1995), B³ (Bagga and Baldwin, 1998, with precision over response mentions and
recall over key mentions), CEAF-e (Luo, 2005, φ4 similarity, optimal one-to-one alignment),
and CoNLL F1 = their mean. With ``write_output`` the key and response of each setting are also
written as CoNLL-2012 files (``<setting>.key.conll`` / ``<setting>.response.conll``; one
meta-document, tokens one per line, coreference in the last column) that the reference
``scorer.pl`` reads.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import Hashable, Iterable, Sequence

from storyline.errors import InputError
from storyline.evaluation import clustering_metrics
from storyline.evaluation.clustering_metrics import normalize
from storyline.evaluation.entities import (
    LABEL_TO_MEANTIME,
    GoldDocument,
    load_meantime_document,
)

Clusters = Sequence[Iterable[Hashable]]
_GOLD_LABEL = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}


# ---------------------------------------------------------------- metrics


# The metrics themselves live in storyline.evaluation.clustering_metrics (shared with
# event coreference and story clustering); these wrappers keep this module's dict shape.


def muc(key: Clusters, response: Clusters) -> dict[str, float]:
    """MUC link-based scores."""
    return clustering_metrics.muc(normalize(key), normalize(response)).to_dict()


def b_cubed(key: Clusters, response: Clusters) -> dict[str, float]:
    """B³ mention-based scores (recall over key mentions, precision over response mentions)."""
    return clustering_metrics.b_cubed(normalize(key), normalize(response)).to_dict()


def ceaf_e(key: Clusters, response: Clusters) -> dict[str, float]:
    """Entity-based CEAF with φ4(K, R) = 2|K ∩ R| / (|K| + |R|)."""
    return clustering_metrics.ceaf_e(normalize(key), normalize(response)).to_dict()


def coref_scores(key: Clusters, response: Clusters) -> dict[str, object]:
    """MUC, B³, CEAF-e and their mean F1 (the CoNLL score), all as fractions."""
    metrics = {"muc": muc(key, response), "b_cubed": b_cubed(key, response)}
    metrics["ceaf_e"] = ceaf_e(key, response)
    scores: dict[str, object] = dict(metrics)
    scores["conll_f1"] = sum(m["f1"] for m in metrics.values()) / 3
    return scores


# ---------------------------------------------------------------- MEANTIME


def _cross_doc_files(gold_dir: Path) -> list[Path]:
    folder = gold_dir / "cross-doc" if (gold_dir / "cross-doc").is_dir() else gold_dir
    files = sorted(folder.glob("*.xml"))
    if not files:
        raise InputError(
            f"no MEANTIME cross-doc CAT XML files under {gold_dir}", source=str(gold_dir)
        )
    return files


def _load(path: Path) -> GoldDocument:
    """A cross-doc file, scored only as far as the document-level annotation goes.

    The cross-doc files anchor some markables (events) further into the article than the
    document-level entity annotation (title and first sentences) reaches; the ``intra-doc``
    twin, when present, says where that annotation ends.
    """
    document = load_meantime_document(path)
    twin = path.parent.parent / "intra-doc" / path.name
    if twin.is_file():
        document.last_annotated_sentence = load_meantime_document(twin).last_annotated_sentence
    return document


def _span_text(document: GoldDocument, tokens: frozenset[int]) -> str:
    return document.text[document.offsets[min(tokens)][0] : document.offsets[max(tokens)][1]]


_NAME_JOINERS = frozenset({"of", "and", "&", "for", "de"})
_EXTENT_BREAK = re.compile(r",|\s(?:in|at|of the|located|who|which)\s")


def name_in_extent(extent: str) -> str:
    """The name inside a MEANTIME mention extent, read the way a name tagger would.

    MEANTIME spans whole noun phrases ("computer and electronics maker Apple Computer",
    "San Francisco, California", "the Moscone West center in San Francisco"); the name is
    the last run of capitalised words before the first comma or post-modifier.
    """
    head = _EXTENT_BREAK.split(extent, maxsplit=1)[0].strip() or extent.strip()
    words = head.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    run: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() or word[:1].isdigit() or (run and word.lower() in _NAME_JOINERS):
            run.insert(0, word)
        elif run:
            break
    while run and run[0].lower() in _NAME_JOINERS:
        run.pop(0)
    return " ".join(run) or " ".join(words) or extent


def _gold_setting(documents: list[GoldDocument]) -> dict[Hashable, Hashable]:
    """Response entity of every gold mention when storyline clusters the gold spans."""
    from storyline.fusion.entities import resolve_entities
    from storyline.fusion.entities_names import strip_titles
    from storyline.language.entities import Mention
    from storyline.language.entities_linking import link_mentions
    from storyline.language.evidence import Evidence

    articles = []
    for document in documents:
        items = []
        for gold in document.scored:
            name = name_in_extent(_span_text(document, gold.tokens))
            # A name tagger leaves titles out of PERSON spans ("Presiding Judge Martin Mann").
            if gold.entity_type == "PER":
                name = strip_titles(name)
            items.append((_GOLD_LABEL[gold.entity_type], name))
        clusters, canonical = link_mentions(items) if items else ([], [])
        mentions = []
        for gold, (label, name), cluster, full in zip(document.scored, items, clusters, canonical):
            first, last = min(gold.tokens), max(gold.tokens)
            start, end = document.offsets[first][0], document.offsets[last][1]
            evidence = Evidence(document.name, document.sentences[first], start, end, name)
            mentions.append(Mention(evidence, label, name, full, cluster))
        articles.append((document.name, mentions))
    _, links = resolve_entities(articles)
    entity_of = {(link.article_id, link.cluster): link.entity_id for link in links}
    response = {}
    for document, (_, mentions) in zip(documents, articles):
        for gold, mention in zip(document.scored, mentions):
            response[(document.name, gold.tokens)] = entity_of[(document.name, mention.cluster)]
    return response


def _tokens_of(document: GoldDocument, start: int, end: int) -> frozenset[int]:
    starts = [s for s, _ in document.offsets]
    first = max(bisect.bisect_right(starts, start) - 1, 0)
    tokens = set()
    for i in range(first, len(document.offsets)):
        s, e = document.offsets[i]
        if s >= end:
            break
        if e > start:
            tokens.add(i)
    return frozenset(tokens)


def _end_to_end_setting(documents: list[GoldDocument]) -> dict[Hashable, Hashable]:
    """Response entity of every aligned or spurious predicted mention (spaCy + storyline)."""
    from storyline.fusion.entities import resolve_entities
    from storyline.language.entities import extract_mentions
    from storyline.language.nlp import get_nlp

    nlp = get_nlp()
    articles = []
    kept: list[list[tuple[frozenset[int], int]]] = []
    for document in documents:
        mentions = extract_mentions(nlp(document.text), document.name)
        articles.append((document.name, mentions))
        predicted = []
        for mention in mentions:
            if mention.label not in LABEL_TO_MEANTIME:
                continue
            tokens = _tokens_of(document, mention.evidence.start, mention.evidence.end)
            if not tokens or any(tokens & ignored for ignored in document.ignored):
                continue
            if document.sentences[min(tokens)] > document.last_annotated_sentence:
                continue
            predicted.append((tokens, mention.cluster))
        kept.append(predicted)
    _, links = resolve_entities(articles)
    entity_of = {(link.article_id, link.cluster): link.entity_id for link in links}
    response: dict[Hashable, Hashable] = {}
    for document, predicted in zip(documents, kept):
        exact = {g.tokens for g in document.scored}
        used: set[frozenset[int]] = set()
        for tokens, cluster in sorted(predicted, key=lambda p: (p[0] not in exact, min(p[0]))):
            entity = entity_of[(document.name, cluster)]
            match = tokens if tokens in exact and tokens not in used else next(
                (g.tokens for g in document.scored if g.tokens not in used and g.tokens & tokens),
                None,
            )
            if match is not None:
                used.add(match)
                response[(document.name, match)] = entity
            elif (document.name, tokens) not in response:
                response[(document.name, tokens)] = entity
    return response


def _clusters(assignment: dict[Hashable, Hashable]) -> list[set[Hashable]]:
    grouped: dict[Hashable, set[Hashable]] = {}
    for mention, entity in assignment.items():
        grouped.setdefault(entity, set()).add(mention)
    return list(grouped.values())


def write_conll(
    path: Path, documents: list[GoldDocument], assignment: dict[Hashable, Hashable]
) -> None:
    """Write ``assignment`` ((document, tokens) -> entity) as one CoNLL-2012 meta-document."""
    numbers: dict[Hashable, int] = {}
    marks: dict[tuple[str, int], list[str]] = {}
    ordered = sorted(assignment.items(), key=lambda item: (item[0][0], min(item[0][1])))
    for (name, tokens), entity in ordered:
        number = numbers.setdefault(entity, len(numbers))
        first, last = min(tokens), max(tokens)
        if first == last:
            marks.setdefault((name, first), []).append(f"({number})")
        else:
            marks.setdefault((name, first), []).append(f"({number}")
            marks.setdefault((name, last), []).append(f"{number})")
    lines = ["#begin document (meantime_apple_cross_doc); part 000"]
    for document in documents:
        previous_sentence = None
        for i, (start, end) in enumerate(document.offsets):
            if previous_sentence is not None and document.sentences[i] != previous_sentence:
                lines.append("")
            previous_sentence = document.sentences[i]
            word = document.text[start:end].replace(" ", "_") or "_"
            coref = "|".join(marks.get((document.name, i), [])) or "-"
            lines.append(f"{document.name}\t0\t{i}\t{word}\t{coref}")
        lines.append("")
    lines.append("#end document")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _rounded(scores: dict[str, object]) -> dict[str, object]:
    return {
        k: ({m: round(x, 4) for m, x in v.items()} if isinstance(v, dict) else round(v, 4))
        for k, v in scores.items()
    }


def evaluate_coref(
    gold_dir: Path,
    write_output: Path | None = None,
    settings: Sequence[str] = ("gold_mentions", "end_to_end"),
) -> dict[str, object]:
    """Score cross-document entity coreference on MEANTIME ``gold_dir`` (see module docstring)."""
    documents = [_load(path) for path in _cross_doc_files(Path(gold_dir))]
    key_assignment = {(d.name, g.tokens): g.instance for d in documents for g in d.scored}
    key = _clusters(key_assignment)
    result: dict[str, object] = {
        "corpus": "MEANTIME English (Apple) cross-doc: named PER/ORG/LOC mentions, "
        "one meta-document, singletons kept",
        "documents": len(documents),
        "key_mentions": len(key_assignment),
        "key_entities": len(key),
        "key_cross_document_entities": sum(1 for c in key if len({name for name, _ in c}) > 1),
    }
    builders = {"gold_mentions": _gold_setting, "end_to_end": _end_to_end_setting}
    for setting in settings:
        assignment = builders[setting](documents)
        response = _clusters(assignment)
        scores = _rounded(coref_scores(key, response))
        scores["response_mentions"] = len(assignment)
        scores["response_entities"] = len(response)
        result[setting] = scores
        if write_output is not None:
            folder = Path(write_output)
            folder.mkdir(parents=True, exist_ok=True)
            write_conll(folder / f"{setting}.key.conll", documents, key_assignment)
            write_conll(folder / f"{setting}.response.conll", documents, assignment)
    return result


__all__ = [
    "b_cubed",
    "ceaf_e",
    "coref_scores",
    "evaluate_coref",
    "muc",
    "name_in_extent",
    "write_conll",
]
