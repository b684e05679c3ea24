"""Measures entity timelines on SemEval-2015 Task 4 (TimeLine: cross-document event ordering).

Data (``../shared/gold/timeline-trial``): 30 Wikinews documents about Apple in CAT XML
(tokens with sentence numbers, the creation time as a TIMEX3 markable) and TimeML (gold
``EVENT`` tags inside ``<s id=N>`` sentences), and 6 gold timelines, one per target entity
("Steve Jobs", "iPhone 4"...): lines ``order<TAB>date<TAB>DOCID-SENT-TOKEN...``, where all
mentions on one line are one event, equal orders are simultaneous and order 0 holds the
events that could not be anchored or ordered.

Track A (raw text): each document's tokens are joined into text, parsed by
:func:`storyline.language.nlp.get_nlp`, tagged by the timex tagger with the document's
creation time, and our event detector (:func:`extract_event_mentions` with untyped events)
proposes events. Track B (gold events): the gold ``EVENT`` tags are the candidates instead.
In both, an event belongs to a target's timeline when one of its arguments (subject,
object, agent, possessor, or the subject its clause inherits; for nouns also the objects
of their prepositions) names the target, or is "he"/"she" and the last person named before
it does. Events are dated with their linked time expression (calendar values only), else
with the document's creation time when ``dct_fallback`` is set and the event is not
planned, hypothetical or negated; positions are the rank of the date (equal dates share a
position; undated events go to position 0).

Scoring: a simplified, documented version of the task's temporal-awareness F1. The
official tool converts each timeline into a TimeML graph (time anchors as TIMEX3 nodes,
event-timex SIMULTANEOUS links, BEFORE links between successive positions, SIMULTANEOUS
within a position) and runs the TempEval-3 scorer (UzZaman & Allen 2011): precision =
|reduced(system) ∩ closure(gold)| / |reduced(system)|, recall the other way round, micro
averaged over timelines. Here, per timeline:

* nodes are event ids ``DOCID-SENT-word`` (a multi-word gold token such as ``taking_out``
  is reduced to its first word; one word said twice in a sentence is one node);
* anchor relations ``(event IN date)`` for events with a known date, compared by exact
  value after dropping ``-XX`` parts ("2007-09-XX" = "2007-09"); the official graph links
  an event to its date with SIMULTANEOUS, which under closure would make two positions
  with the same date simultaneous: here an anchor is a separate relation kind;
* order relations among events at positions >= 1: SIMULTANEOUS within a position, BEFORE
  across positions. Position-0 events take part in no order relation (the official graph
  orders them like any other position);
* the closure of a timeline is every such relation (a timeline is already a total preorder,
  so no inference engine is needed; date-date relations are not generated); the reduced
  graph is its anchors, a chain of SIMULTANEOUS links through each position's events
  (sorted by id) and one BEFORE link between the first events of consecutive positions.
  The official reduction comes from the TempEval-3 tool's own closure and may pick other
  representatives, so figures differ slightly from the official scorer's.

Published results (official scorer, test data): Track A best ≈ 7.85 F1, Track B best ≈ 25
F1. These trial-data figures are not comparable one-to-one but set the scale.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_TOKEN_ATTRS = re.compile(r'(\w+)="([^"]*)"')
_DCT = re.compile(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', re.S)
_VALUE = re.compile(r'value="([^"]*)"')
_SENTENCE = re.compile(r'<s id="(\d+)">(.*?)</s>', re.S)
_EVENT = re.compile(r"<EVENT[^>]*>(.*?)</EVENT>", re.S)
_CALENDAR = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# No space before these tokens, none after the opening ones, when tokens become text.
_NO_SPACE_BEFORE = frozenset(", . ; : ! ? ) ] } % 's n't 're 've 'll 'd 'm ’s".split())
_NO_SPACE_AFTER = frozenset("( [ { $".split())
_ARGUMENT_DEPS = frozenset(("nsubj", "nsubjpass", "dobj", "poss", "agent", "attr", "dative",
                            "pobj", "compound", "appos", "npadvmod"))
_PERSON_PRONOUNS = frozenset(("he", "she", "him", "her", "his"))
_NOT_HAPPENED = frozenset(("planned", "hypothetical", "negated", "expected"))


@dataclass(frozen=True, slots=True)
class TimelineDocument:
    """One CAT document as text: per character-offset token, its sentence and word."""

    doc_id: str
    dct: str | None
    text: str
    tokens: tuple[tuple[int, int, int, str], ...]  # (start, end, sentence, word)


@dataclass(frozen=True, slots=True)
class GoldTimeline:
    name: str
    target: str
    entries: tuple[tuple[int, str | None, tuple[str, ...]], ...]  # (order, date, event ids)


# --- reading the data ------------------------------------------------------------------------


def read_cat_document(path: Path) -> TimelineDocument:
    raw = path.read_text(encoding="utf-8")
    doc_id = re.search(r'doc_id="([^"]+)"', raw)
    dct_tag = _DCT.search(raw)
    dct_value = _VALUE.search(dct_tag.group(0)).group(1) if dct_tag else None
    pieces: list[str] = []
    tokens: list[tuple[int, int, int, str]] = []
    length = 0
    previous_sentence = None
    previous_word = ""
    for match in re.finditer(r"<token([^>]*)>(.*?)</token>", raw, re.S):
        attributes = dict(_TOKEN_ATTRS.findall(match.group(1)))
        word = html.unescape(match.group(2)).strip()
        if not word:
            continue
        sentence = int(attributes.get("sentence", 0))
        if previous_sentence is None:
            separator = ""
        elif sentence != previous_sentence:
            separator = "\n"
        elif word.lower() in _NO_SPACE_BEFORE or previous_word in _NO_SPACE_AFTER:
            separator = ""
        else:
            separator = " "
        pieces.append(separator)
        length += len(separator)
        tokens.append((length, length + len(word), sentence, word))
        pieces.append(word)
        length += len(word)
        previous_sentence, previous_word = sentence, word
    return TimelineDocument(doc_id.group(1) if doc_id else path.stem.split("-")[0].split("_")[0],
                            dct_value, "".join(pieces), tuple(tokens))


def normalise_date(value: str | None) -> str | None:
    """Gold and system dates compared at the precision they give: "2007-09-XX" -> "2007-09"."""
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


def event_key(event_id: str) -> str:
    """``"16844-5-taking_out"`` -> ``"16844-5-taking"``: document, sentence, first word, lower."""
    doc, sentence, word = event_id.split("-", 2)
    return f"{doc}-{sentence}-{word.split('_')[0].lower()}"


def read_gold_timelines(folder: Path) -> tuple[GoldTimeline, ...]:
    out = []
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        entries = []
        for line in lines[1:]:
            fields = line.strip().split("\t")
            if len(fields) < 3:
                continue
            entries.append((int(fields[0]), normalise_date(fields[1]),
                            tuple(event_key(f) for f in fields[2:] if f)))
        out.append(GoldTimeline(path.stem, lines[0].strip(), tuple(entries)))
    return tuple(out)


def read_gold_events(tml_path: Path, document: TimelineDocument) -> list[tuple[int, int]]:
    """Character spans (in ``document.text``) of the gold TimeML events (Track B input)."""
    raw = tml_path.read_text(encoding="utf-8")
    by_sentence: dict[int, list[tuple[int, int, str]]] = {}
    for start, end, sentence, word in document.tokens:
        by_sentence.setdefault(sentence, []).append((start, end, word))
    spans = []
    for match in _SENTENCE.finditer(raw):
        tokens = by_sentence.get(int(match.group(1)), [])
        cursor = 0
        for event in _EVENT.finditer(match.group(2)):
            first_word = html.unescape(event.group(1)).split()[0] if event.group(1).split() else ""
            for position in range(cursor, len(tokens)):
                if tokens[position][2] == first_word:
                    spans.append((tokens[position][0], tokens[position][1]))
                    cursor = position + 1
                    break
    return spans


# --- building system timelines ----------------------------------------------------------------


def target_aliases(target: str) -> tuple[str, ...]:
    """Names that refer to a target: the phrase, its multi-word tails, a person's surname,
    the name before a generic last word ("iTunes store" -> "iTunes")."""
    words = target.split()
    aliases = {target.lower()}
    for i in range(1, len(words) - 1):
        aliases.add(" ".join(words[i:]).lower())
    if len(words) == 2 and all(w[:1].isupper() and w.isalpha() for w in words):
        aliases.add(words[1].lower())  # "Steve Jobs" -> "jobs"
    if len(words) >= 2 and words[-1].islower():
        aliases.add(" ".join(words[:-1]).lower())
    return tuple(sorted(aliases, key=len, reverse=True))


def _names(text: str, aliases: Sequence[str]) -> bool:
    lowered = " " + re.sub(r"[^\w\s]", " ", text.lower()) + " "
    return any(f" {alias} " in lowered for alias in aliases)


def _argument_tokens(token: "Token") -> list["Token"]:
    """The heads of an event's arguments, and of the arguments its clause passes down."""
    out = [c for c in token.children if c.dep_ in _ARGUMENT_DEPS]
    for prep in (c for c in token.children if c.dep_ in ("prep", "agent")):
        out.extend(g for g in prep.children if g.dep_ == "pobj")
    node = token
    for _ in range(3):  # "X decided to leave": X leaves; "the launch of X by Y"
        if node.dep_ in ("xcomp", "conj", "advcl", "dobj", "pobj", "nsubj", "nsubjpass", "acl") \
                and node.head.i != node.i:
            node = node.head
            out.extend(c for c in node.children if c.dep_ in ("nsubj", "nsubjpass", "poss"))
            if node.pos_ == "VERB":
                break
        else:
            break
    return out


def involves(token: "Token", aliases: Sequence[str], last_person: dict[int, str]) -> bool:
    """Whether an argument of the event at ``token`` names the target (see module doc)."""
    for argument in _argument_tokens(token):
        phrase = argument.doc[argument.left_edge.i:argument.right_edge.i + 1].text
        if len(phrase) > 120:
            phrase = argument.text
        if _names(phrase, aliases):
            return True
        if argument.lower_ in _PERSON_PRONOUNS:
            named = last_person.get(argument.i)
            if named and _names(named, aliases):
                return True
    return False


def _last_person_before(doc: "Doc") -> dict[int, str]:
    """For each he/she token, the last PERSON entity named before it."""
    out: dict[int, str] = {}
    last = None
    starts = {ent.start: ent for ent in doc.ents if ent.label_ == "PERSON"}
    for token in doc:
        if token.i in starts:
            last = starts[token.i].text
        if token.lower_ in _PERSON_PRONOUNS and last is not None:
            out[token.i] = last
    return out


@dataclass(frozen=True, slots=True)
class _Candidate:
    key: str
    date: str | None
    doc_id: str
    offset: int


def _token_at(document: TimelineDocument, start: int) -> tuple[int, str] | None:
    for token_start, token_end, sentence, word in document.tokens:
        if token_start <= start < token_end:
            return sentence, word
    return None


def document_candidates(document: TimelineDocument, doc: "Doc", targets: dict[str, Sequence[str]],
                        gold_spans: Sequence[tuple[int, int]] | None,
                        dct_fallback: bool) -> dict[str, list[_Candidate]]:
    """Per target name: the dated events of one document that involve it."""
    from storyline.language.events import extract_event_mentions
    from storyline.language.timex import tag_time_expressions

    dct = date.fromisoformat(document.dct) if document.dct else None
    times = tag_time_expressions(doc, dct, document.doc_id)
    mentions = extract_event_mentions(doc, document.doc_id, time_expressions=times,
                                      include_untyped=True)
    by_start = {m.evidence.start: m for m in mentions}
    if gold_spans is None:
        spans = [(m.evidence.start, m.evidence.end) for m in mentions]
    else:
        spans = list(gold_spans)
    last_person = _last_person_before(doc)
    out: dict[str, list[_Candidate]] = {name: [] for name in targets}
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        located = _token_at(document, start)
        if span is None or located is None:
            continue
        token = span.root
        mention = by_start.get(start)
        value = normalise_date(mention.time.value) if mention and mention.time else None
        if value is not None and not _CALENDAR.match(value):
            value = None
        if value is None and mention is None and gold_spans is not None:
            value = _sentence_date(token, times)
        status = mention.status if mention else "occurred"
        if value is None and dct_fallback and status not in _NOT_HAPPENED:
            value = normalise_date(document.dct)
        sentence, word = located
        key = f"{document.doc_id}-{sentence}-{word.lower()}"
        for name, aliases in targets.items():
            if involves(token, aliases, last_person):
                out[name].append(_Candidate(key, value, document.doc_id, start))
    return out


def _sentence_date(token: "Token", times: Sequence) -> str | None:
    """The calendar value of the time expression nearest the token in its sentence."""
    sentence = token.sent
    best = None
    for expression in times:
        evidence = expression.evidence
        if sentence.start_char <= evidence.start and evidence.end <= sentence.end_char:
            value = normalise_date(expression.value)
            if value and _CALENDAR.match(value) and expression.type == "DATE":
                distance = abs(evidence.start - token.idx)
                if best is None or distance < best[0]:
                    best = (distance, value)
    return best[1] if best else None


def order_candidates(candidates: Iterable[_Candidate]) -> list[tuple[int, str | None, str]]:
    """(position, date, event id): equal dates share a position; undated -> position 0."""
    seen: dict[str, _Candidate] = {}
    for candidate in candidates:
        seen.setdefault(candidate.key, candidate)
    dated = sorted({c.date for c in seen.values() if c.date}, key=lambda v: (v, len(v)))
    rank = {value: i + 1 for i, value in enumerate(dated)}
    return [(rank.get(c.date or "", 0), c.date, c.key) for c in seen.values()]


# --- scoring ----------------------------------------------------------------------------------


def _graph(entries: Iterable[tuple[int, str | None, str]]) -> tuple[dict[str, int], dict[str, str]]:
    position: dict[str, int] = {}
    dates: dict[str, str] = {}
    for order, value, key in entries:
        if key in position:
            continue
        position[key] = order
        if value:
            dates[key] = value
    return position, dates


def reduced_relations(entries: Iterable[tuple[int, str | None, str]]) -> set[tuple]:
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


def holds(relation: tuple, position: dict[str, int], dates: dict[str, str]) -> bool:
    """Whether ``relation`` is in the closure of the timeline (position, dates)."""
    kind, first, second = relation
    if kind == "in":
        return dates.get(first) == second
    a, b = position.get(first, 0), position.get(second, 0)
    if a <= 0 or b <= 0:
        return False
    return a == b if kind == "sim" else a < b


def score_timeline(gold: Iterable[tuple[int, str | None, str]],
                   system: Iterable[tuple[int, str | None, str]]) -> tuple[int, int, int, int]:
    """(precision hits, system relations, recall hits, gold relations) for one timeline."""
    gold, system = list(gold), list(system)
    gold_position, gold_dates = _graph(gold)
    system_position, system_dates = _graph(system)
    system_reduced = reduced_relations(system)
    gold_reduced = reduced_relations(gold)
    precision_hits = sum(holds(r, gold_position, gold_dates) for r in system_reduced)
    recall_hits = sum(holds(r, system_position, system_dates) for r in gold_reduced)
    return precision_hits, len(system_reduced), recall_hits, len(gold_reduced)


def _prf(counts: Sequence[int]) -> dict[str, float]:
    precision_hits, n_system, recall_hits, n_gold = counts
    precision = precision_hits / n_system if n_system else 0.0
    recall = recall_hits / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _gold_entries(timeline: GoldTimeline) -> list[tuple[int, str | None, str]]:
    return [(order, value, key) for order, value, keys in timeline.entries for key in keys]


# --- the evaluation ---------------------------------------------------------------------------


def _data_folder(gold_dir: Path) -> Path:
    gold_dir = Path(gold_dir)
    return gold_dir / "timeline-trial" if (gold_dir / "timeline-trial").is_dir() else gold_dir


def evaluate_timeline(gold_dir: Path, dct_fallback: bool = True,
                      tracks: Sequence[str] = ("A", "B")) -> dict[str, Any]:
    """Track A (and B) timeline F1 on the SemEval-2015 Task 4 trial data (see module doc)."""
    from storyline.language.nlp import get_nlp

    started = time.perf_counter()
    folder = _data_folder(gold_dir)
    timelines = read_gold_timelines(folder / "TimeLines_trial_data_task4_v1.2")
    targets = {t.name: target_aliases(t.target) for t in timelines}
    documents = [read_cat_document(p)
                 for p in sorted((folder / "Corpus-trial-data_task4").glob("*.xml"))]
    tml = {p.name.split("-")[0].split("_")[0]: p
           for p in (folder / "Corpus-trial-data_task4_TimeML").glob("*.tml")}
    nlp = get_nlp()
    parsed = list(zip(documents, nlp.pipe(d.text for d in documents)))
    result: dict[str, Any] = {"corpus": "timeline-trial", "timelines": len(timelines),
                              "documents": len(documents), "dct_fallback": dct_fallback}
    for track in tracks:
        per_target: dict[str, list[_Candidate]] = {name: [] for name in targets}
        for document, doc in parsed:
            spans = None
            if track == "B":
                path = tml.get(document.doc_id)
                spans = read_gold_events(path, document) if path else []
            found = document_candidates(document, doc, targets, spans, dct_fallback)
            for name, candidates in found.items():
                per_target[name].extend(candidates)
        totals = [0, 0, 0, 0]
        details = {}
        for timeline in timelines:
            system = order_candidates(per_target[timeline.name])
            counts = score_timeline(_gold_entries(timeline), system)
            totals = [a + b for a, b in zip(totals, counts)]
            details[timeline.name] = {**_prf(counts), "system_events": len(system),
                                      "gold_events": len(_gold_entries(timeline))}
        result[f"track_{track.lower()}"] = {**_prf(totals), "per_timeline": details}
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


__all__ = [
    "GoldTimeline",
    "TimelineDocument",
    "evaluate_timeline",
    "event_key",
    "normalise_date",
    "read_cat_document",
    "read_gold_events",
    "read_gold_timelines",
    "reduced_relations",
    "score_timeline",
    "target_aliases",
]
