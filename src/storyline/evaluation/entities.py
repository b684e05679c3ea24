"""Measures entity mention detection and in-article linking on MEANTIME (CAT XML).

MEANTIME annotates every entity mention: named (``syntactic_type`` NAM, or PRE.NAM for a name
used as a modifier, "Apple engineers"), nominal (NOM), pronominal (PRO), appositions (APP) and
more. storyline extracts named mentions only, so only NAM and PRE.NAM mentions are scored, and
only of the types storyline emits: MEANTIME PER, ORG and LOC (storyline's GPE, LOC and FAC all
count as LOC; NORP is not scored). Named mentions of products and financial entities (PRO,
FIN) are "don't care": a prediction overlapping one is neither right nor wrong.

Metrics, micro-averaged over all documents:

* ``strict``: predicted span covers exactly the gold tokens (MEANTIME spans include a leading
  "the", as storyline's evidence does for organisations and places);
* ``relaxed``: spans overlap (one-to-one matching);
* ``typed_strict``: strict and the type agrees;
* ``linking``: pairwise precision/recall of "same entity" decisions between relaxed-matched
  mentions of one document (predicted cluster vs gold ``REFERS_TO`` instance).

MEANTIME annotates only the first sentences of each article (the title and the first five
sentences); predictions after the last annotated sentence of a document are not scored.

The text given to spaCy is rebuilt from MEANTIME's tokens (no space before punctuation, one
line per sentence), so offsets map back to gold tokens exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree

from storyline.errors import InputError

SCORED_TYPES = frozenset({"PER", "ORG", "LOC"})
NAMED_SYNTACTIC_TYPES = frozenset({"NAM", "PRE.NAM"})
LABEL_TO_MEANTIME = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
_NO_SPACE_BEFORE = frozenset(
    {",", ".", ":", ";", "!", "?", "%", ")", "]", "'s", "’s", "n't", "'", "''"}
)
_NO_SPACE_AFTER = frozenset({"(", "[", "``", "$"})
_QUOTES = {"``": '"', "''": '"'}


@dataclass(frozen=True, slots=True)
class GoldMention:
    """One gold named mention: its token indices (0-based, contiguous or not) and instance."""

    tokens: frozenset[int]
    entity_type: str
    instance: str


@dataclass(slots=True)
class GoldDocument:
    """A MEANTIME document rebuilt as text, with token offsets and gold named mentions."""

    name: str
    text: str
    offsets: list[tuple[int, int]]
    sentences: list[int] = field(default_factory=list)  # sentence number of every token
    last_annotated_sentence: int = -1
    scored: list[GoldMention] = field(default_factory=list)
    ignored: list[frozenset[int]] = field(default_factory=list)


def _render(tokens: list[tuple[str, int]]) -> tuple[str, list[tuple[int, int]]]:
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    length = 0
    previous_sentence = None
    previous_text = ""
    for text, sentence in tokens:
        text = _QUOTES.get(text, text)
        if previous_sentence is not None:
            if sentence != previous_sentence:
                sep = "\n"
            elif (
                text in _NO_SPACE_BEFORE
                or previous_text in _NO_SPACE_AFTER
                # MEANTIME splits hyphenated words ("Wal - Mart"); news text writes them glued.
                or text == "-"
                or previous_text == "-"
            ):
                sep = ""
            else:
                sep = " "
            parts.append(sep)
            length += len(sep)
        offsets.append((length, length + len(text)))
        parts.append(text)
        length += len(text)
        previous_sentence, previous_text = sentence, text
    return "".join(parts), offsets


def load_meantime_document(path: Path) -> GoldDocument:
    """Parse one CAT XML file into text, token offsets and gold named mentions."""
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as exc:
        raise InputError(f"{path} is not valid CAT XML: {exc}", source=str(path)) from exc
    token_index: dict[str, int] = {}
    tokens: list[tuple[str, int]] = []
    for element in root.iter("token"):
        token_index[element.get("t_id", "")] = len(tokens)
        tokens.append((element.text or "", int(element.get("sentence", "0"))))
    text, offsets = _render(tokens)
    markables = root.find("Markables")
    relations = root.find("Relations")
    instances = {}
    if markables is not None:
        for element in markables:
            if element.tag == "ENTITY":
                instances[element.get("m_id")] = (
                    element.get("ent_type", ""),
                    element.get("instance_id", ""),
                )
    refers: dict[str, tuple[str, str]] = {}
    if relations is not None:
        for relation in relations:
            if relation.tag != "REFERS_TO" or relation.find("target") is None:
                continue
            target = instances.get(relation.find("target").get("m_id"))
            if target is None:
                continue
            for source in relation.findall("source"):
                refers[source.get("m_id")] = target
    document = GoldDocument(path.stem, text, offsets, [sentence for _, sentence in tokens])
    if markables is None:
        return document
    for element in markables:
        for anchor in element.findall("token_anchor"):
            index = token_index.get(anchor.get("t_id"))
            if index is not None:
                document.last_annotated_sentence = max(
                    document.last_annotated_sentence, tokens[index][1]
                )
    for element in markables:
        if element.tag != "ENTITY_MENTION":
            continue
        if element.get("syntactic_type") not in NAMED_SYNTACTIC_TYPES:
            continue
        anchors = [a.get("t_id") for a in element.findall("token_anchor")]
        anchored = frozenset(token_index[t] for t in anchors if t in token_index)
        if not anchored:
            continue
        entity_type, instance = refers.get(element.get("m_id"), ("", ""))
        if entity_type in SCORED_TYPES:
            instance = instance or element.get("m_id", "")
            document.scored.append(GoldMention(anchored, entity_type, instance))
        else:
            document.ignored.append(anchored)
    return document


def _tokens_of_span(offsets: list[tuple[int, int]], start: int, end: int) -> frozenset[int]:
    # Linear in the document; documents are short and this runs only in evaluation.
    return frozenset(i for i, (s, e) in enumerate(offsets) if s < end and e > start)


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _documents(gold_dir: Path) -> list[Path]:
    folder = gold_dir / "intra-doc" if (gold_dir / "intra-doc").is_dir() else gold_dir
    files = sorted(folder.glob("*.xml"))
    if not files:
        raise InputError(f"no CAT XML files under {gold_dir}", source=str(gold_dir))
    return files


def evaluate_entities(gold_dir: Path) -> dict[str, object]:
    """Score :func:`~storyline.language.entities.extract_mentions` on MEANTIME ``gold_dir``."""
    from storyline.language.entities import extract_mentions
    from storyline.language.nlp import get_nlp

    nlp = get_nlp()
    totals = {"gold": 0, "predicted": 0, "strict": 0, "relaxed": 0, "typed": 0}
    per_type = {t: {"gold": 0, "predicted": 0, "typed": 0} for t in sorted(SCORED_TYPES)}
    pairs = {"predicted": 0, "gold": 0, "both": 0}
    files = _documents(Path(gold_dir))
    for path in files:
        document = load_meantime_document(path)
        mentions = extract_mentions(nlp(document.text), path.stem)
        predicted = []
        for mention in mentions:
            entity_type = LABEL_TO_MEANTIME.get(mention.label)
            if entity_type is None:
                continue
            tokens = _tokens_of_span(document.offsets, mention.evidence.start, mention.evidence.end)
            if not tokens or any(tokens & ignored for ignored in document.ignored):
                continue
            if document.sentences[min(tokens)] > document.last_annotated_sentence:
                continue
            predicted.append((tokens, entity_type, mention.cluster))
        gold = document.scored
        totals["gold"] += len(gold)
        totals["predicted"] += len(predicted)
        for mention in gold:
            per_type[mention.entity_type]["gold"] += 1
        for _, entity_type, _ in predicted:
            per_type[entity_type]["predicted"] += 1
        exact = {g.tokens: g for g in gold}
        for tokens, entity_type, _ in predicted:
            match = exact.get(tokens)
            if match is not None:
                totals["strict"] += 1
                if match.entity_type == entity_type:
                    totals["typed"] += 1
                    per_type[entity_type]["typed"] += 1
        # Relaxed: one-to-one, exact matches first, then first overlapping unmatched gold.
        used: set[int] = set()
        aligned: list[tuple[int, str]] = []  # (predicted cluster, gold instance)
        order = sorted(range(len(predicted)), key=lambda k: predicted[k][0] not in exact)
        for k in order:
            tokens, _, cluster = predicted[k]
            for g_index, g in enumerate(gold):
                if g_index not in used and tokens & g.tokens:
                    used.add(g_index)
                    aligned.append((cluster, g.instance))
                    break
        totals["relaxed"] += len(aligned)
        for a in range(len(aligned)):
            for b in range(a + 1, len(aligned)):
                same_predicted = aligned[a][0] == aligned[b][0]
                same_gold = aligned[a][1] == aligned[b][1]
                pairs["predicted"] += same_predicted
                pairs["gold"] += same_gold
                pairs["both"] += same_predicted and same_gold
    return {
        "corpus": "MEANTIME English (Apple), named mentions (NAM, PRE.NAM) of PER/ORG/LOC",
        "documents": len(files),
        "gold_mentions": totals["gold"],
        "predicted_mentions": totals["predicted"],
        "strict": _prf(totals["strict"], totals["predicted"], totals["gold"]),
        "relaxed": _prf(totals["relaxed"], totals["predicted"], totals["gold"]),
        "typed_strict": _prf(totals["typed"], totals["predicted"], totals["gold"]),
        "per_type_strict": {
            t: _prf(v["typed"], v["predicted"], v["gold"]) for t, v in per_type.items()
        },
        "linking_pairwise": _prf(pairs["both"], pairs["predicted"], pairs["gold"]),
    }


__all__ = ["GoldDocument", "GoldMention", "evaluate_entities", "load_meantime_document"]
