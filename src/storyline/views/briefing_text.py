"""Wording helpers of the briefing: dates in words, speakers, lead-ins, and whole source
sentences cut from article texts.

Sentences are cut with spaCy's rule-based sentencizer over a blank English pipeline (no
model weights): its tokenizer keeps "U.N." and "Mr." whole and a closing quote with its
sentence, so a quoted sentence is never a fragment ending on an abbreviation.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.views.timeline import calendar_interval

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SINGLE_SOURCE = "(single source)"
# Speakers that name nobody: the template falls back to the outlet.
VAGUE_SPEAKERS = frozenset(("he", "she", "it", "they", "that", "which", "who", "this",
                            "its", "his", "her", "their", "we", "i", "you"))
_LOWER_FIRST = frozenset(("the", "a", "an", "its", "his", "her", "their", "it", "this",
                          "that", "these", "those", "some", "several", "both", "neither"))
# Sentences that report no news, only an unanswered question.
_NO_NEWS = re.compile(r"\b(?:did not (?:immediately )?respond|declined to comment|"
                      r"could not be reached|did not reply|no immediate comment)\b", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[A-Z“\"])")
# A dateline opening an article's first sentence: "VORONSK — ", "SEOUL (Harbor Wire) - ".
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{2,40}(?:\([^)]{1,40}\))?\s*[—–-]+\s+(?=[A-Z“\"])")
MAX_SENTENCE = 360  # characters; a longer sentence is not quoted rather than cut


def flat(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def content_key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def content_words(text: str) -> frozenset[str]:
    """The words of ``text`` that carry content: lower-cased, English stop words left out."""
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS)


def overlap(first: str, second: str) -> float:
    """Shared content words over those of the shorter text (0 to 1): how much of one
    sentence the other already says."""
    a, b = content_words(first), content_words(second)
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def day_label(value: str | None, *, with_year: bool = True) -> str | None:
    """'2025-01-28' -> '28 January 2025'; a month -> 'January 2025'; else None."""
    interval = calendar_interval(value)
    if interval is None:
        return None
    start, _, precision = interval
    if precision == "day":
        return f"{start.day} {MONTHS[start.month - 1]}" + (f" {start.year}" if with_year else "")
    if precision == "month":
        return f"{MONTHS[start.month - 1]} {start.year}"
    return None


def short_day(value: str | None) -> str:
    interval = calendar_interval(value)
    if interval is None or interval[2] != "day":
        return value or "undated"
    start = interval[0]
    return f"{start.day} {MONTHS[start.month - 1][:3]}."


def with_lead(lead: str, sentence: str) -> str:
    """``lead`` + sentence, lower-casing a leading article or pronoun ("The ministry")."""
    first, _, rest = sentence.partition(" ")
    if lead and first.lower() in _LOWER_FIRST:
        sentence = first.lower() + (" " + rest if rest else "")
    return f"{lead}{sentence}"


def quoted(sentence: str) -> str:
    """The sentence in double quotes, its own double quotes turned to single ones."""
    inner = sentence.replace("“", "‘").replace("”", "’")
    inner = re.sub(r'"([^"]*)"', r"‘\1’", inner).replace('"', "’")
    return f"“{inner}”"


def names_day(sentence: str, when: str | None, published: str | None) -> int:
    """How plainly ``sentence`` names the day ``when``: 2 for month and day ("March 3",
    "3 March"), 1 for its weekday within a week of publication, else 0."""
    interval = calendar_interval(when)
    if interval is None or interval[2] != "day":
        return 0
    day = interval[0]
    month = MONTHS[day.month - 1]
    pattern = rf"\b({month}|{month[:3]}\.?)\s+{day.day}\b|\b{day.day}\s+({month}|{month[:3]})\b"
    if re.search(pattern, sentence):
        return 2
    published_interval = calendar_interval(published)
    if published_interval is not None and abs((published_interval[0] - day).days) <= 7 \
            and re.search(rf"\b{WEEKDAYS[day.weekday()]}\b", sentence):
        return 1
    return 0


def speaker_name(speaker: str | None) -> str | None:
    """The speaker as a name fit to open a sentence, or None for a pronoun or a fragment."""
    name = flat(speaker)
    if not name or name.lower() in VAGUE_SPEAKERS or not name[0].isupper():
        return None
    if name.count("(") != name.count(")"):
        return None
    return name if len(name) <= 70 else None


def in_range(value: str | None, start: date | None, end: date | None) -> bool:
    if start is None and end is None:
        return True
    interval = calendar_interval(value)
    if interval is None:
        return False
    return (start is None or interval[1] >= start) and (end is None or interval[0] <= end)


def reports_news(sentence: str) -> bool:
    """False for a sentence that only says someone did not answer."""
    return not _NO_NEWS.search(sentence)


@cache
def _sentencizer() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans of the sentences of ``text``; a paragraph break always ends one."""
    spans: list[tuple[int, int]] = []
    begin = 0
    blocks = []
    for match in _PARAGRAPH.finditer(text):
        blocks.append((begin, match.start()))
        begin = match.end()
    blocks.append((begin, len(text)))
    blocks = [(b, e) for b, e in blocks if text[b:e].strip()]
    for (offset, _), doc in zip(blocks, _sentencizer().pipe(text[b:e] for b, e in blocks)):
        spans.extend((offset + s.start_char, offset + s.end_char) for s in doc.sents)
    return tuple(spans)


class SentenceCutter:
    """Whole sentences of article texts around character spans (spans cached per article)."""

    def __init__(self, texts: Any) -> None:
        self.texts = texts
        self._spans: dict[str, tuple[tuple[int, int], ...]] = {}

    def around(self, article_id: str, start: int, end: int) -> str | None:
        """The sentence(s) holding ``start:end``, flattened; None when unknown or too long."""
        text = self.texts.get(article_id)
        if not text:
            return None
        if article_id not in self._spans:
            self._spans[article_id] = sentence_spans(text)
        covering = [(b, e) for b, e in self._spans[article_id] if b < max(end, start + 1) and e > start]
        if not covering:
            return None
        sentence = _DATELINE.sub("", flat(text[covering[0][0]:covering[-1][1]]))
        return sentence if len(sentence) <= MAX_SENTENCE else None


__all__ = [
    "MONTHS",
    "SINGLE_SOURCE",
    "VAGUE_SPEAKERS",
    "SentenceCutter",
    "content_key",
    "content_words",
    "day_label",
    "flat",
    "in_range",
    "names_day",
    "overlap",
    "quoted",
    "reports_news",
    "sentence_spans",
    "short_day",
    "speaker_name",
    "with_lead",
]
