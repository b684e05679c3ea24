"""Measures cross-document event coreference on ECB+ with gold event mentions.

Gold: the ``ACTION_*`` and ``NEG_ACTION_*`` markables of the sentences listed in
``ECBplus_coreference_sentences.csv``; two mentions corefer when ``CROSS_DOC_COREF`` links
them to the same instance (``instance_id``) or ``INTRA_DOC_COREF`` to the same target;
mentions in no chain are singletons. Scoring: MUC, B³, CEAF-e and their mean, the CoNLL
F1, over all topics at once (clusters never cross a topic, so this is the micro average),
as the CoNLL-2012 reference scorer would compute them.

System input per gold mention, all predicted (no gold argument or coreference labels):
the trigger's lemma (spaCy, over the gold tokens of its sentence), the named entities of
its sentence as participants, the first place name as place, the first date/time name as
time text, and the story :class:`~storyline.fusion.stories.StoryIndex` assigns to its
document (all ECB+ documents fed once, shuffled) for blocking. Clustering runs within each
topic, since the corpus is organised by topic.

Reported alongside: the same-lemma baseline within topic (``lemma_topic``), the same-lemma
baseline within predicted stories (``lemma_story``, the "cluster + lemma" baseline of the
literature) and storyline's resolver without story blocking (``resolver_topic``).
"""

from __future__ import annotations

import csv
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from storyline.evaluation.clustering_metrics import pool_scores
from storyline.evaluation.stories import EcbDocument, read_ecbplus, resolve_gold_dir
from storyline.fusion.events import EventFusionOptions, cluster_event_mentions
from storyline.fusion.stories import StoryIndex

_PARTICIPANT_LABELS = frozenset(("PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "PRODUCT",
                                 "EVENT", "WORK_OF_ART"))
_PLACE_LABELS = frozenset(("GPE", "LOC", "FAC"))
_TIME_LABELS = frozenset(("DATE", "TIME"))


@dataclass(frozen=True, slots=True)
class _Evidence:
    article_id: str
    sentence: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class _Span:
    text: str
    value: str | None = None


@dataclass(frozen=True, slots=True)
class GoldEventMention:
    """A gold trigger with predicted features, shaped like an ``EventMention``."""

    evidence: _Evidence
    event_type: str
    trigger: str
    lemma: str
    participants: tuple[_Span, ...]
    time: _Span | None
    place: _Span | None
    status: str
    topic: str
    chain: str


def read_annotated_sentences(gold_dir: Path) -> set[tuple[str, int]]:
    """``{(document name, sentence number)}`` from ECBplus_coreference_sentences.csv."""
    path = resolve_gold_dir(gold_dir) / "ECBplus_coreference_sentences.csv"
    out: set[tuple[str, int]] = set()
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            out.add((f"{row['Topic']}_{row['File']}", int(row["Sentence Number"])))
    return out


def _head_token(span):  # type: ignore[no-untyped-def]
    """The token of a multi-word trigger whose head lies outside it (its syntactic head)."""
    inside = {token.i for token in span}
    for token in span:
        if token.head.i not in inside or token.head.i == token.i:
            if token.pos_ in ("VERB", "NOUN", "ADJ", "PROPN"):
                return token
    for token in span:
        if token.pos_ in ("VERB", "NOUN"):
            return token
    return span.root


@dataclass(frozen=True, slots=True)
class _ParsedSentence:
    document: EcbDocument
    sentence: int
    doc: Any  # spaCy Doc over the gold tokens of the sentence
    # (markable, token indices in the sentence) of its gold event mentions
    gold: tuple[tuple[Any, tuple[int, ...]], ...]


def _parse_annotated(documents: Sequence[EcbDocument],
                     annotated: set[tuple[str, int]]) -> list[_ParsedSentence]:
    """spaCy over the gold tokens of every annotated sentence (one batch)."""
    from spacy.tokens import Doc

    from storyline.language.nlp import get_nlp

    nlp = get_nlp()
    work: list[tuple[EcbDocument, int, list[str], list]] = []
    for document in documents:
        sentences = document.sentences()
        position = {token.t_id: (token.sentence, i)
                    for tokens in sentences.values() for i, token in enumerate(tokens)}
        by_sentence: dict[int, list] = {}
        for markable in document.event_markables():
            places = [position[t] for t in markable.t_ids if t in position]
            if places:
                sentence = places[0][0]
                indices = tuple(sorted(i for s, i in places if s == sentence))
                by_sentence.setdefault(sentence, []).append((markable, indices))
        for number, tokens in sorted(sentences.items()):
            if (document.name, number) in annotated:
                work.append((document, number, [t.text for t in tokens],
                             by_sentence.get(number, [])))
    docs = nlp.pipe((Doc(nlp.vocab, words=words) for _, _, words, _ in work), batch_size=64)
    return [_ParsedSentence(document, number, doc, tuple(items))
            for (document, number, _, items), doc in zip(work, docs)]


def _sentence_arguments(doc):  # type: ignore[no-untyped-def]
    entities = list(doc.ents)
    participants = tuple(_Span(e.text) for e in entities if e.label_ in _PARTICIPANT_LABELS)
    place = next((_Span(e.text) for e in entities if e.label_ in _PLACE_LABELS), None)
    when = next((_Span(e.text) for e in entities if e.label_ in _TIME_LABELS), None)
    return participants, place, when


def _record(parsed: _ParsedSentence, start: int, end: int, lemma: str,
            chain: str) -> GoldEventMention:
    participants, place, when = _sentence_arguments(parsed.doc)
    text = parsed.doc[start:end].text
    return GoldEventMention(
        evidence=_Evidence(parsed.document.name, parsed.sentence, start, end, text),
        event_type="", trigger=text, lemma=lemma, participants=participants, time=when,
        place=place, status="occurred", topic=parsed.document.topic, chain=chain)


def gold_event_mentions(parsed: Sequence[_ParsedSentence]) -> list[GoldEventMention]:
    """Gold triggers with spaCy lemma of their syntactic head and sentence arguments."""
    out: list[GoldEventMention] = []
    for item in parsed:
        for markable, indices in item.gold:
            head = _head_token(item.doc[indices[0]: indices[-1] + 1])
            chain = item.document.chain_of.get(markable.m_id,
                                               f"{item.document.name}#{markable.m_id}")
            out.append(_record(item, indices[0], indices[-1] + 1, head.lemma_.lower(), chain))
    return out


def predicted_event_mentions(parsed: Sequence[_ParsedSentence]) -> list[GoldEventMention]:
    """Triggers found by :func:`~storyline.language.events.detect_timeml_events`.

    A predicted trigger that is the syntactic head of a gold trigger takes that gold
    mention's span (so it is scored as the same mention); any other is a system mention
    the key does not have, in a chain of its own.
    """
    from storyline.language.events import detect_timeml_events

    out: list[GoldEventMention] = []
    for item in parsed:
        heads = {}
        for markable, indices in item.gold:
            head = _head_token(item.doc[indices[0]: indices[-1] + 1])
            heads[head.i] = (indices[0], indices[-1] + 1)
        for event in detect_timeml_events(item.doc, item.document.name):
            start, end = heads.get(event.token_index,
                                   (event.token_index, event.token_index + 1))
            out.append(_record(item, start, end, event.lemma,
                               f"{item.document.name}#{item.sentence}:{start}"))
    return out


def _story_assignments(documents: Sequence[EcbDocument], seed: int) -> dict[str, str]:
    order = list(documents)
    random.Random(seed).shuffle(order)
    index = StoryIndex()
    for document in order:
        index.add_article(document.name, document.text())
    return index.assignments()


def _score(mentions: Sequence[GoldEventMention], story_of: dict[str, str] | None,
           options: EventFusionOptions,
           key_mentions: Sequence[GoldEventMention] | None = None) -> dict[str, float]:
    """Cluster ``mentions`` per topic and score against the chains of ``key_mentions``."""
    key_mentions = mentions if key_mentions is None else key_mentions
    topics: dict[str, tuple[list, list]] = {}
    for mention in key_mentions:
        topics.setdefault(mention.topic, ([], []))[0].append(mention)
    for mention in mentions:
        topics.setdefault(mention.topic, ([], []))[1].append(mention)
    groups = []
    for key_side, response_side in topics.values():
        gold: dict[str, list[str]] = {}
        for mention in key_side:
            gold.setdefault(mention.chain, []).append(mention_key(mention))
        ids = [mention_key(m) for m in response_side]
        clusters = cluster_event_mentions(response_side, story_of, options)
        groups.append((list(gold.values()), [[ids[i] for i in c] for c in clusters]))
    scores = pool_scores(groups)
    return {name: round(value, 4) for name, value in scores.items()
            if not name.startswith("pairwise")}


def mention_key(mention: GoldEventMention) -> str:
    e = mention.evidence
    return f"{e.article_id}#{e.sentence}:{e.start}-{e.end}"


def evaluate_event_coref(gold_dir: Path, topics: Sequence[str] | None = None,
                         seed: int = 13,
                         options: EventFusionOptions | None = None,
                         predicted: bool = True) -> dict[str, Any]:
    """Score storyline's event resolver and lemma baselines on ECB+ gold mentions.

    ``topics`` restricts the run to some topic folders (the story index then only sees
    their documents). ``predicted`` adds the same systems run on the triggers that
    storyline's own detector finds in the annotated sentences (``predicted_*``).
    """
    started = time.perf_counter()
    root = resolve_gold_dir(gold_dir)
    documents = read_ecbplus(root, set(topics) if topics else None)
    parsed = _parse_annotated(documents, read_annotated_sentences(root))
    mentions = gold_event_mentions(parsed)
    story_of = _story_assignments(documents, seed)
    subtopic_of = {d.name: d.subtopic for d in documents}
    options = options or EventFusionOptions()
    lemma = EventFusionOptions(lemma_only=True)
    result: dict[str, Any] = {
        "documents": len(documents),
        "mentions": len(mentions),
        "gold_clusters": len({(m.topic, m.chain) for m in mentions}),
        "resolver": _score(mentions, story_of, options),
        "resolver_topic": _score(mentions, None, options),
        "resolver_gold_subtopic": _score(mentions, subtopic_of, options),
        "lemma_topic": _score(mentions, None, lemma),
        "lemma_story": _score(mentions, story_of, lemma),
    }
    if predicted:
        system = predicted_event_mentions(parsed)
        result["predicted_mentions"] = len(system)
        found = {mention_key(m) for m in system} & {mention_key(m) for m in mentions}
        result["predicted_mention_precision"] = round(len(found) / max(len(system), 1), 4)
        result["predicted_mention_recall"] = round(len(found) / max(len(mentions), 1), 4)
        result["predicted_resolver"] = _score(system, story_of, options, mentions)
        result["predicted_lemma_story"] = _score(system, story_of, lemma, mentions)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


__all__ = ["GoldEventMention", "evaluate_event_coref", "gold_event_mentions",
           "predicted_event_mentions", "read_annotated_sentences"]
