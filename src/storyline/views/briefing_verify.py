"""Checking a language model's rewording of a briefing before anyone reads it.

The rewording is accepted only if it keeps the briefing's sections, every sentence carries
citation markers of sources the briefing lists, no source the briefing cites is dropped,
and each sentence says no number and no name that the briefing's sentences citing the same
sources do not already hold. An accepted rewording becomes a
:class:`~storyline.views.briefing_records.Briefing` again, its single-source marks
recomputed from the cited sources' duplicate groups, so it renders like any other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.views.briefing_records import Briefing, BriefSentence, Section, Source
from storyline.views.briefing_text import SINGLE_SOURCE, flat, sentence_spans

# One or more markers: "[3]", "[1][4]", "[1, 4]", and the sentence's end if put after them.
_MARKS = re.compile(r"(?P<marks>(?:\s*\[\d+(?:\s*,\s*\d+)*\])+)(?P<end>[.!?]?)")
_MARK_NUMBER = re.compile(r"\d+")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]*")
_WORDS = re.compile(r"[A-Za-z]+")
_OPENER = re.compile(r"[A-Z][a-z]+,")
_NUMBER_WORDS = frozenset(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions", "trillion", "dozen", "dozens", "half", "double", "twice", "triple", "tripled", "doubled", "halved"])
_FENCE = re.compile(r"^```[\w-]*\s*$", re.MULTILINE)


class RewriteRejected(ValueError):
    """The rewording breaks a rule; the message says which and where."""


@dataclass(frozen=True, slots=True)
class _Chunk:
    text: str
    numbers: tuple[int, ...]
    opens_paragraph: bool


def _figures(text: str) -> set[str]:
    return {match.replace(",", "") for match in _FIGURE.findall(text)}


def _stem(word: str) -> str:
    """Lower case without a plural or possessive "s": "Estimates" and "estimate" match."""
    word = word.lower()
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _names(text: str) -> set[str]:
    """Capitalised words that are not function words ("The", "However"), stemmed; an
    opening connective followed by a comma ("Later, …") is not a name."""
    opener = _OPENER.match(text)
    words = _CAPITALISED.findall(text[opener.end():] if opener else text)
    return {_stem(w) for w in words if w.lower() not in STOP_WORDS}


def _sections(answer: str, headings: list[str]) -> list[str]:
    """The answer's section bodies, in the briefing's order; a repeated source list and a
    title line are dropped."""
    answer = _FENCE.sub("", answer).strip()
    parts = re.split(r"^##[ \t]+(.+?)[ \t]*$", answer, flags=re.MULTILINE)
    preamble, found = parts[0].strip(), parts[1:]
    if preamble and not preamble.startswith("# "):
        raise RewriteRejected(f"text outside any section: {flat(preamble)[:80]!r}")
    bodies = {}
    order = []
    for heading, body in zip(found[0::2], found[1::2]):
        heading = flat(heading)
        if heading.lower() == "sources":
            continue
        order.append(heading)
        bodies[heading] = body
    if order != headings:
        raise RewriteRejected(f"the sections changed: expected {headings}, got {order}")
    return [bodies[h] for h in headings]


def _chunks(body: str) -> list[_Chunk]:
    """Sentences with their markers; text after the last marker of a paragraph is uncited."""
    chunks = []
    for paragraph in re.split(r"\n\s*\n", body.replace(SINGLE_SOURCE, "")):
        paragraph = flat(paragraph)
        position, first = 0, True
        for match in _MARKS.finditer(paragraph):
            text = paragraph[position:match.start()].strip().lstrip(",;: ") + match.group("end")
            position = match.end()
            if not _WORDS.search(text):
                continue
            numbers = tuple(sorted({int(n) for n in _MARK_NUMBER.findall(match.group("marks"))}))
            chunks.append(_Chunk(text, numbers, first))
            first = False
        rest = paragraph[position:].strip()
        if _WORDS.search(rest):
            raise RewriteRejected(f"a sentence without a citation: {rest[:80]!r}")
    return chunks


def _check(chunk: _Chunk, material: str, known: set[int]) -> None:
    unknown = [n for n in chunk.numbers if n not in known]
    if unknown:
        raise RewriteRejected(f"cites [{unknown[0]}], which is not among the sources: {chunk.text[:80]!r}")
    # Markers close a sentence; one before it without markers of its own is cited only if
    # it is a passage quoted word for word from a briefing sentence with the same sources.
    sentences = [chunk.text[b:e] for b, e in sentence_spans(chunk.text)]
    for uncited in [s for s in sentences if _WORDS.search(s)][:-1]:
        if flat(uncited) not in material:
            raise RewriteRejected(f"a sentence without a citation: {uncited[:80]!r}")
    new_figures = sorted(_figures(chunk.text) - _figures(material))
    if new_figures:
        raise RewriteRejected(f"the number {new_figures[0]} is not in the cited sentences: "
                              f"{chunk.text[:80]!r}")
    material_words = {_stem(w) for w in _WORDS.findall(material)}
    number_words = {w.lower() for w in _WORDS.findall(chunk.text)} & _NUMBER_WORDS
    new_words = (sorted(w for w in number_words if _stem(w) not in material_words)
                 or sorted(_names(chunk.text) - material_words))
    if new_words:
        raise RewriteRejected(f"{new_words[0]!r} is not in the cited sentences: {chunk.text[:80]!r}")


def verify_rewrite(briefing: Briefing, answer: str, *, model: str) -> Briefing:
    """The briefing with the rewording's sentences, or :class:`RewriteRejected`."""
    numbers = {s.article_id: s.number for s in briefing.sources}
    by_number = {s.number: s for s in briefing.sources}
    told = [s for s in briefing.sections if s.sentences]
    cited_by: dict[int, list[str]] = {}
    for sentence in briefing.sentences():
        for article_id in sentence.citations:
            cited_by.setdefault(numbers[article_id], []).append(sentence.text)
    bodies = _sections(answer, [s.heading for s in told])
    rewritten: dict[str, Section] = {}
    seen: set[int] = set()
    for section, body in zip(told, bodies):
        chunks = _chunks(body)
        if not chunks:
            raise RewriteRejected(f"the section {section.heading!r} is empty")
        sentences = []
        for chunk in chunks:
            material = " ".join(_material(chunk.numbers, cited_by, by_number))
            _check(chunk, material, set(by_number))
            seen.update(chunk.numbers)
            sources = [by_number[n] for n in chunk.numbers]
            sentences.append(BriefSentence(
                text=chunk.text, citations=tuple(s.article_id for s in sources),
                single_source=len({s.group_id or s.article_id for s in sources}) == 1,
                kind="rewritten", opens_paragraph=chunk.opens_paragraph,
            ))
        rewritten[section.key] = replace(section, sentences=tuple(sentences))
    dropped = sorted(set(cited_by) - seen)
    if dropped:
        raise RewriteRejected(f"the citation [{dropped[0]}] was dropped")
    return replace(briefing, rewritten_by=model,
                   sections=tuple(rewritten.get(s.key, s) for s in briefing.sections))


def _material(cited: Iterable[int], cited_by: Mapping[int, list[str]],
              by_number: Mapping[int, Source]) -> list[str]:
    """What a sentence citing ``cited`` may say: the briefing's sentences citing any of
    them, and those sources' outlet names."""
    material: list[str] = []
    for number in cited:
        material += cited_by.get(number, [])
        source = by_number.get(number)
        if source is not None and source.outlet:
            material.append(source.outlet)
    return material


__all__ = ["RewriteRejected", "verify_rewrite"]
