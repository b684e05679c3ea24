"""Measures entity timelines on SemEval-2015 Task 4 (TimeLine: cross-document event ordering).

Data (``../shared/gold/timeline-trial``): 30 Wikinews documents about Apple in CAT XML
(tokens with sentence numbers, the creation time as a TIMEX3 markable) and TimeML (the body
in ``<s id=N>`` sentences, the headline apart; gold ``EVENT`` tags), and 6 gold timelines,
one per target entity ("Steve Jobs", "iPhone 4"...): lines ``order<TAB>date<TAB>DOCID-SENT-
TOKEN...``, where all mentions on one line are one event, equal orders are simultaneous and
order 0 holds the events that could not be ordered.

Track A (raw text): each document's tokens are joined into text, parsed by
:func:`storyline.language.nlp.get_nlp`, tagged by the timex tagger with the document's
creation time, and our event detector (:func:`extract_event_mentions` with untyped events)
proposes events. Track B (gold events): the gold ``EVENT`` tags are the candidates instead.
In both, only body sentences count (the task does not annotate headlines), and an event
belongs to a target's timeline when one of its core arguments (subject, object, agent,
possessor, or the subject its clause inherits) names the target or one of its aliases
(:func:`storyline.views.timeline.entity_aliases`), itself or through a pronoun or generic
definite phrase resolved by :func:`antecedents` (he/she -> last person; it/its, "the
company", "the device" -> last other name in that sentence or the one before).

Dating: an event takes its linked time expression (calendar values only); otherwise, when
``dct_fallback`` is set and the event is not planned, hypothetical or negated, a past or
nominal event takes the lede's date (a day named in the first body sentence, at most a week
before publication: the story's reference time) and anything else the creation date.
Positions: equal dates share an order number, ranked by date; undated events go to order 0
with ``XXXX-XX-XX``; within an order, mentions follow document order.

Scoring: the task's temporal-awareness F1 over the timeline graphs
(:mod:`storyline.evaluation.timeline_scoring`, which says how it follows and where it may
differ from the official tool), micro-averaged over the timelines; the earlier simplified
scorer is reported alongside as ``simplified``. ``write_output`` writes the system
timelines in the task's format so the official tool can score them independently.

Published results (official scorer, test data): Track A best 7.85 F1, Track B best 25.36
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

from storyline.evaluation.timeline_scoring import (
    TimelineLine,
    awareness_counts,
    format_timeline,
    normalise_anchor,
    prf,
    read_timeline_file,
    simplified_counts,
)
from storyline.views.timeline import entity_aliases, names_entity

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
_THING_PRONOUNS = frozenset(("it", "its"))
_GENERIC_HEADS = frozenset(("company", "firm", "corporation", "device", "phone", "handset",
                            "player", "product", "store", "service", "smartphone", "gadget"))
_DATELINE_TOKENS = 6
# Present-tense and base verbs describe the state at publication: they keep the creation date.
_PRESENT_TAGS = frozenset(("VBZ", "VBP", "VB", "MD"))
_NAMED_LABELS = frozenset(("PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "FAC", "GPE", "NORP"))
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


# Gold and system dates compared at the precision they give: "2007-09-XX" -> "2007-09".
normalise_date = normalise_anchor


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


def read_text_sentences(tml_path: Path) -> frozenset[int]:
    """The sentence numbers inside the TimeML ``<TEXT>``: the body the task annotates (the
    headline sits in ``<EXTRAINFO>`` and carries no events)."""
    raw = tml_path.read_text(encoding="utf-8")
    return frozenset(int(m.group(1)) for m in _SENTENCE.finditer(raw))


# --- building system timelines ----------------------------------------------------------------


# Target names and their aliases: the timeline view's own matching.
target_aliases = entity_aliases


def _argument_tokens(token: "Token") -> list["Token"]:
    """The heads of an event's core arguments (subject, object, possessor, agent...), and of
    the subjects its clause inherits. Objects of other prepositions are left out: "sued over
    the iTunes store" is not an iTunes-store event."""
    out = [c for c in token.children if c.dep_ in _ARGUMENT_DEPS]
    for agent in (c for c in token.children if c.dep_ == "agent"):
        out.extend(g for g in agent.children if g.dep_ == "pobj")
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


def involves(token: "Token", aliases: Sequence[str], resolved: dict[int, str]) -> bool:
    """Whether an argument of the event at ``token`` names the target, itself or through
    the antecedent of a pronoun or a generic noun phrase (see :func:`antecedents`)."""
    for argument in _argument_tokens(token):
        phrase = argument.doc[argument.left_edge.i:argument.right_edge.i + 1].text
        if len(phrase) > 120:
            phrase = argument.text
        if names_entity(phrase, aliases):
            return True
        for part in (argument, *(c for c in argument.children if c.dep_ == "poss")):
            named = resolved.get(part.i)
            if named and names_entity(named, aliases):
                return True
    return False


def antecedents(doc: "Doc", aliases: Iterable[str] = ()) -> dict[int, str]:
    """Salience-based coreference within a document: each he/she/him/her/his token takes the
    last person named before it; each it/its token, and the head of a definite generic noun
    phrase ("the company", "the device"), the last non-person name (an entity other than a
    person, or any target alias) in its sentence or the one before."""
    out: dict[int, str] = {}
    names: dict[int, tuple[int, str, bool]] = {}  # start token -> (end, text, is person)
    for ent in doc.ents:
        if ent.label_ in _NAMED_LABELS:
            names[ent.start] = (ent.end, ent.text, ent.label_ == "PERSON")
    wanted = [alias.split() for alias in aliases]
    lowered = [t.lower_ for t in doc]
    for i in range(len(doc)):
        for words in wanted:
            if lowered[i:i + len(words)] == words and i not in names:
                names[i] = (i + len(words), doc[i:i + len(words)].text, False)
    last_person: str | None = None
    last_thing: tuple[int, str] | None = None  # (sentence start, text)
    skip_until = -1
    for token in doc:
        if token.i in names and token.i >= skip_until:
            end, text, is_person = names[token.i]
            if is_person:
                last_person = text
            else:
                last_thing = (token.sent.start, text)
            skip_until = end
            continue
        if token.i < skip_until:
            continue
        lower = token.lower_
        if lower in _PERSON_PRONOUNS and last_person is not None:
            out[token.i] = last_person
        elif last_thing is not None and (lower in _THING_PRONOUNS or _is_generic_phrase(token)):
            sentence_start = token.sent.start
            previous_start = doc[sentence_start - 1].sent.start if sentence_start > 0 else 0
            if last_thing[0] >= previous_start:
                out[token.i] = last_thing[1]
    return out


def _is_generic_phrase(token: "Token") -> bool:
    """The head of "the company", "the new device": a definite phrase with a generic head."""
    if token.lower_ not in _GENERIC_HEADS or token.pos_ != "NOUN":
        return False
    return any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children)


@dataclass(frozen=True, slots=True)
class _Candidate:
    key: str
    date: str | None
    doc_id: str
    offset: int
    document_date: str | None = None


def _token_at(document: TimelineDocument, start: int) -> tuple[int, str] | None:
    for token_start, token_end, sentence, word in document.tokens:
        if token_start <= start < token_end:
            return sentence, word
    return None


def document_candidates(
    document: TimelineDocument, doc: "Doc", targets: dict[str, Sequence[str]],
    gold_spans: Sequence[tuple[int, int]] | None, dct_fallback: bool,
    body_sentences: frozenset[int] | None = None,
) -> dict[str, list[_Candidate]]:
    """Per target name: the dated events of one document that involve it (only in
    ``body_sentences`` when given)."""
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
    lede = _lede_date(times, document, body_sentences)
    resolved = antecedents(doc, [a for aliases in targets.values() for a in aliases])
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
        if value is None and dct_fallback and lede and token.tag_ not in _PRESENT_TAGS \
                and status not in _NOT_HAPPENED:
            value = lede  # the story's reference time: what the lede dates
        if value is None and dct_fallback and status not in _NOT_HAPPENED:
            value = normalise_date(document.dct)
        sentence, word = located
        if body_sentences is not None and sentence not in body_sentences:
            continue
        key = f"{document.doc_id}-{sentence}-{word.lower()}"
        for name, aliases in targets.items():
            if involves(token, aliases, resolved):
                out[name].append(_Candidate(key, value, document.doc_id, start, document.dct))
    return out


def _lede_date(times: Sequence, document: TimelineDocument,
               body_sentences: frozenset[int] | None) -> str | None:
    """The day of the main event: a day-precision DATE in the lede (the first body sentence
    longer than a dateline), on the creation date or up to a week before it."""
    if not document.dct:
        return None
    try:
        created = date.fromisoformat(document.dct[:10])
    except ValueError:
        return None
    spans: dict[int, list[int]] = {}
    for start, end, sentence, _ in document.tokens:
        if body_sentences is None or sentence in body_sentences:
            spans.setdefault(sentence, []).extend((start, end))
    lede = next((offsets for _, offsets in sorted(spans.items())
                 if len(offsets) > 2 * _DATELINE_TOKENS), None)
    if lede is None:
        return None
    for expression in sorted(times, key=lambda t: t.evidence.start):
        if not (min(lede) <= expression.evidence.start < max(lede)):
            continue
        if expression.type != "DATE" or not expression.value or len(expression.value) != 10:
            continue
        try:
            day = date.fromisoformat(expression.value)
        except ValueError:
            continue
        if 0 <= (created - day).days <= 7:
            return expression.value
    return None


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


def timeline_lines(candidates: Iterable[_Candidate]) -> list[TimelineLine]:
    """The task's lines, one per event mention: equal dates share an order number (dates
    ranked, coarser values first), undated events go to order 0; within an order, mentions
    follow document order (creation date, document, offset)."""
    seen: dict[str, _Candidate] = {}
    for candidate in candidates:
        seen.setdefault(candidate.key, candidate)
    dated = sorted({c.date for c in seen.values() if c.date})
    rank = {value: i + 1 for i, value in enumerate(dated)}
    ordered = sorted(seen.values(),
                     key=lambda c: (rank.get(c.date or "", 0), c.document_date or "",
                                    c.doc_id, c.offset))
    return [(rank.get(c.date or "", 0), c.date, (c.key,)) for c in ordered]


def _simplified_entries(lines: Iterable[TimelineLine]) -> list[tuple[int, str | None, str]]:
    return [(order, normalise_date(value), event_key(event_id))
            for order, value, event_ids in lines for event_id in event_ids]


def _gold_entries(timeline: GoldTimeline) -> list[tuple[int, str | None, str]]:
    return [(order, value, key) for order, value, keys in timeline.entries for key in keys]


# --- the evaluation ---------------------------------------------------------------------------


def _data_folder(gold_dir: Path) -> Path:
    gold_dir = Path(gold_dir)
    return gold_dir / "timeline-trial" if (gold_dir / "timeline-trial").is_dir() else gold_dir


def _gold_lines(path: Path) -> list[TimelineLine]:
    return read_timeline_file(path)[1]


def evaluate_timeline(gold_dir: Path, dct_fallback: bool = True,
                      tracks: Sequence[str] = ("A", "B"),
                      write_output: Path | None = None) -> dict[str, Any]:
    """Track A (and B) timelines on the SemEval-2015 Task 4 trial data (see module doc).

    The main figures are the task's temporal-awareness precision, recall and F1
    (:mod:`storyline.evaluation.timeline_awareness`); ``simplified`` holds the earlier
    simplified scorer. With ``write_output``, the system timelines are written in the
    task's format to ``write_output/TrackA/<target>.txt`` (and ``TrackB``), under the gold
    file names, so the official tool can score them too.
    """
    from storyline.language.nlp import get_nlp

    started = time.perf_counter()
    folder = _data_folder(gold_dir)
    gold_folder = folder / "TimeLines_trial_data_task4_v1.2"
    timelines = read_gold_timelines(gold_folder)
    targets = {t.name: target_aliases(t.target) for t in timelines}
    documents = [read_cat_document(p)
                 for p in sorted((folder / "Corpus-trial-data_task4").glob("*.xml"))]
    tml = {p.name.split("-")[0].split("_")[0]: p
           for p in (folder / "Corpus-trial-data_task4_TimeML").glob("*.tml")}
    nlp = get_nlp()
    parsed = list(zip(documents, nlp.pipe(d.text for d in documents)))
    result: dict[str, Any] = {"corpus": "timeline-trial", "timelines": len(timelines),
                              "documents": len(documents), "dct_fallback": dct_fallback,
                              "metric": "temporal awareness (SemEval-2015 Task 4 graph)"}
    for track in tracks:
        per_target: dict[str, list[_Candidate]] = {name: [] for name in targets}
        for document, doc in parsed:
            spans = None
            path = tml.get(document.doc_id)
            if track == "B":
                spans = read_gold_events(path, document) if path else []
            body = read_text_sentences(path) if path else None
            found = document_candidates(document, doc, targets, spans, dct_fallback, body)
            for name, candidates in found.items():
                per_target[name].extend(candidates)
        awareness_totals = [0, 0, 0, 0]
        simplified_totals = [0, 0, 0, 0]
        details = {}
        for timeline in timelines:
            lines = timeline_lines(per_target[timeline.name])
            gold_lines = _gold_lines(gold_folder / f"{timeline.name}.txt")
            counts = awareness_counts(gold_lines, lines)
            awareness_totals = [a + b for a, b in zip(awareness_totals, counts)]
            simplified = simplified_counts(_gold_entries(timeline), _simplified_entries(lines))
            simplified_totals = [a + b for a, b in zip(simplified_totals, simplified)]
            details[timeline.name] = {**prf(counts), "simplified_f1": prf(simplified)["f1"],
                                      "system_events": sum(len(line[2]) for line in lines),
                                      "gold_events": len(_gold_entries(timeline))}
            if write_output is not None:
                out = Path(write_output) / f"Track{track.upper()}"
                out.mkdir(parents=True, exist_ok=True)
                (out / f"{timeline.name}.txt").write_text(
                    format_timeline(timeline.target, lines), encoding="utf-8")
        result[f"track_{track.lower()}"] = {**prf(awareness_totals),
                                            "simplified": prf(simplified_totals),
                                            "per_timeline": details}
    if write_output is not None:
        result["written_to"] = str(write_output)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


__all__ = [
    "GoldTimeline",
    "TimelineDocument",
    "antecedents",
    "evaluate_timeline",
    "event_key",
    "involves",
    "normalise_date",
    "read_cat_document",
    "read_gold_events",
    "read_gold_timelines",
    "read_text_sentences",
    "target_aliases",
    "timeline_lines",
]
