"""Named-entity mentions of one article: typed spans, clean names, roles and in-article clusters.

``extract_mentions`` is a pure function ``Doc -> tuple[Mention, ...]``. It reads spaCy's
entities through :func:`~storyline.language.entities_spans.repair_entities` (span fixes),
attaches roles with :func:`~storyline.language.entities_roles.roles_of` and clusters the
mentions of one article with :func:`~storyline.language.entities_linking.link_mentions`.
Cross-article resolution belongs to ``storyline.fusion``, not here.

Metonyms keep the type the model gave them ("the Kremlin" ORG, "Pyongyang" GPE): deciding
that a capital speaks for a government is a downstream decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.language.entities_linking import link_mentions
from storyline.language.entities_roles import roles_of
from storyline.language.entities_spans import NAME_LABELS, repair_entities
from storyline.language.evidence import Evidence
from storyline.language.nlp import REPAIRED_FLAG

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

LABELS = tuple(sorted(NAME_LABELS))


@dataclass(frozen=True, slots=True)
class Mention:
    """One named mention of an entity in an article.

    ``evidence`` covers the mention as written (with a leading "the" for organisations and
    places, without a trailing possessive); ``name`` drops the "the"; ``canonical`` is the
    fullest form of the same entity in this article; ``roles`` are the titles and roles said of
    the entity anywhere in the article (all mentions of one cluster share them).
    """

    evidence: Evidence
    label: str  # PERSON, ORG, GPE, LOC, NORP or FAC
    name: str
    canonical: str
    cluster: int  # in-article entity id, numbered by first appearance
    roles: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "evidence": self.evidence.to_dict(),
            "label": self.label,
            "name": self.name,
            "canonical": self.canonical,
            "cluster": self.cluster,
            "roles": list(self.roles),
        }


def sentence_ranges(doc: "Doc") -> list[tuple[int, int]]:
    """(start, end) token range of each sentence; one sentence if the doc has no boundaries."""
    if not doc.has_annotation("SENT_START"):
        return [(0, len(doc))]
    return [(sent.start, sent.end) for sent in doc.sents]


def _evidence_start(doc: "Doc", span: "Span") -> int:
    """Include a directly preceding "the" for organisations and places ("the Kremlin").

    Only when the name heads its noun phrase: in "the Apple store" the "the" is the store's.
    """
    if span.label_ == "PERSON" or span.start == 0 or doc[span.start - 1].lower_ != "the":
        return span.start
    if span.end < len(doc) and doc[span.end].pos_ in {"NOUN", "PROPN"}:
        return span.start
    return span.start - 1


def _clean_name(span: "Span") -> str:
    words = span.text.split()
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


def extract_mentions(doc: "Doc", article_id: str = "") -> tuple[Mention, ...]:
    """Return the named mentions of ``doc`` (PERSON, ORG, GPE, LOC, NORP, FAC) in text order."""
    if not len(doc):
        return ()
    # get_nlp() already repaired the entities; docs from another pipeline are repaired here.
    entities = doc.ents if doc.user_data.get(REPAIRED_FLAG) else repair_entities(doc)
    spans = [span for span in entities if span.label_ in NAME_LABELS]
    if not spans:
        return ()
    ranges = sentence_ranges(doc)
    sentence_of = [0] * len(doc)
    for number, (start, end) in enumerate(ranges):
        sentence_of[start:end] = [number] * (end - start)
    names = [_clean_name(span) for span in spans]
    cluster_ids, canonical = link_mentions([(s.label_, n) for s, n in zip(spans, names)])
    cluster_roles: dict[int, dict[str, None]] = {}
    for span, cid in zip(spans, cluster_ids):
        sentence = ranges[sentence_of[span.start]]
        for role in roles_of(doc, span, span.label_, sentence):
            cluster_roles.setdefault(cid, {})[role] = None
    text = doc.text  # built from the tokens on every access: read it once
    mentions = []
    for span, name, cid, full in zip(spans, names, cluster_ids, canonical):
        start_token = _evidence_start(doc, span)
        start_char = doc[start_token].idx
        end_char = span.end_char
        mentions.append(
            Mention(
                evidence=Evidence(
                    article_id,
                    sentence_of[span.start],
                    start_char,
                    end_char,
                    text[start_char:end_char],
                ),
                label=span.label_,
                name=name,
                canonical=full,
                cluster=cid,
                roles=tuple(cluster_roles.get(cid, {})),
            )
        )
    return tuple(mentions)


__all__ = ["LABELS", "Mention", "extract_mentions", "sentence_ranges"]
