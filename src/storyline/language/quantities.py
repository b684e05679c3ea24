"""Counted and measured amounts in one article: value, bound, unit, currency, ratios.

``extract_quantities`` is a pure function ``Doc -> tuple[Quantity, ...]``. It scans the tokens
once, left to right; at each number (digits, number words, "a million", "two dozen", "hundreds
of", "tens of millions of"; reading them is :mod:`~storyline.language.quantities_numbers`) it
reads the approximator before it ("more than", "up to", "about"), a currency symbol or word, a
percent sign, and the counted noun phrase after it ("rounds of artillery"). Ranges ("between
200 and 300 troops") give two quantities, a lower and an upper bound; multiples ("nine times
last year's amount") and shares ("two-thirds of the budget") are ratios with their base. Dates, times, durations, years, ordinals, phone-like digit groups and numbers that
are part of a name ("iPhone 4", "Boeing 737") are not quantities: the time layer owns the first
ones and the others are identifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.language.evidence import Evidence
from storyline.language.quantities_lexicon import (
    AMBIGUOUS_CURRENCY_WORDS,
    APPROXIMATORS,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    MAX_APPROXIMATOR,
    MEASURE_NOUNS,
    ONES,
    PERCENT_WORDS,
    POST_APPROXIMATORS,
    RATIO_WORDS,
    TIME_NOUNS,
    VAGUE_COUNTS,
    VAGUE_SCALES,
)
from storyline.language.quantities_numbers import DIGITS, Number, read_fraction, read_number

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

BOUNDS = ("=", ">", ">=", "<", "<=", "~")
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$", re.IGNORECASE)
_SKIP_ENTITY_TYPES = frozenset({"DATE", "TIME"})
_NAME_ENTITY_TYPES = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
_UNIT_TAGS = frozenset({"JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "VBN", "HYPH", "VBG"})
_NUMBER_SIGNS = frozenset({"no.", "nos.", "number", "#"})
_SEPARATORS = frozenset({"-", "/", "–", ":", "#"})
_MAX_UNIT = 6
_MAX_RATIO_BASE = 8


@dataclass(frozen=True, slots=True)
class Quantity:
    """One amount read from an article.

    ``value`` is the number as written, scaled ("4.8 million" -> 4.8e6); ``bound`` says how the
    true amount relates to it; ``approximator`` is the cue that set the bound; ``unit`` is what
    is counted (None for bare money and plain numbers); for "nine times X", ``is_ratio`` is set,
    ``value`` is 9 and ``ratio_base`` is "X".
    """

    evidence: Evidence
    value: float
    bound: str = "="  # "=", ">", ">=", "<", "<=", "~"
    approximator: str | None = None
    unit: str | None = None
    currency: str | None = None  # ISO 4217 code
    is_ratio: bool = False
    ratio_base: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "evidence": self.evidence.to_dict(),
            "value": self.value,
            "bound": self.bound,
            "approximator": self.approximator,
            "unit": self.unit,
            "currency": self.currency,
            "is_ratio": self.is_ratio,
            "ratio_base": self.ratio_base,
        }


@dataclass(frozen=True, slots=True)
class _Reading:
    """A quantity found in tokens ``start:end``, before it becomes a :class:`Quantity`."""

    value: float
    start: int
    end: int
    approximator: str | None = None
    bound: str = "="
    unit: str | None = None
    currency: str | None = None
    is_ratio: bool = False
    ratio_base: str | None = None


def _approximator_before(doc: "Doc", start: int, floor: int) -> tuple[int, str, str] | None:
    """Longest approximator ending right before ``start``: (first token, text, bound)."""
    for size in range(MAX_APPROXIMATOR, 0, -1):
        first = start - size
        if first < floor:
            continue
        key = tuple(t.lower_ for t in doc[first:start])
        bound = APPROXIMATORS.get(key)
        if bound is not None:
            return first, doc[first:start].text, bound
    return None


def _counts_a_noun(doc: "Doc", number: Number) -> bool:
    """The number is followed by a counted noun that is not a time word ("15 people")."""
    j = number.end
    while j < len(doc) and doc[j].tag_ in {"JJ", "VBN"} and j - number.end < 3:
        j += 1
    return (
        j < len(doc)
        and doc[j].tag_ in {"NNS", "NN"}
        and doc[j].lower_ not in TIME_NOUNS
        and doc[j].ent_type_ not in _SKIP_ENTITY_TYPES
    )


def _range_counts_a_noun(doc: "Doc", number: Number) -> bool:
    """"10 and 15 people": the upper end of a range counts a noun."""
    if number.end + 1 >= len(doc) or doc[number.end].lower_ != "and":
        return False
    high = read_number(doc, number.end + 1)
    return high is not None and _counts_a_noun(doc, high)


def _glued_to_digits(doc: "Doc", i: int, forward: bool) -> bool:
    """Token ``i`` is a separator glued between digit groups ("555-0100", "3-2", "12/5")."""
    if not 0 < i < len(doc) - 1 or doc[i].text not in _SEPARATORS:
        return False
    other = doc[i + 1] if forward else doc[i - 1]
    glued = not doc[i - 1].whitespace_ and not doc[i].whitespace_
    return glued and other.like_num and not other.is_alpha


def _skip_number(doc: "Doc", number: Number) -> bool:
    """Numbers that are not amounts: dates, ordinals, parts of names, codes, pronoun "one"."""
    token = doc[number.start]
    if _ORDINAL.match(token.text):
        return True
    if token.ent_type_ in _SKIP_ENTITY_TYPES:
        # The small model calls "between 10 and 15 people" a DATE; a counted noun says not.
        if number.written_plain and 1000 <= number.value <= 2100:
            return True
        if not _counts_a_noun(doc, number) and not _range_counts_a_noun(doc, number):
            return True
    if token.ent_type_ in _NAME_ENTITY_TYPES:
        return True  # "iPhone 4", "Boeing 737", "G7"
    if number.end < len(doc) and doc[number.end].lower_ in {"'s", "’s", "s"}:
        return True  # "the 80's": a decade
    before = [t.lower_ for t in doc[max(0, number.start - 2) : number.start]]
    if before[-1:] and before[-1] in _NUMBER_SIGNS or before == ["no", "."]:
        return True  # "No. 2 official", "#3": a rank or label, not an amount
    # Phone numbers, scores and codes: digit groups glued with hyphens or slashes.
    if _glued_to_digits(doc, number.end, forward=True) or _glued_to_digits(
        doc, number.start - 1, forward=False
    ):
        return True
    # A bare "one" is mostly a pronoun or determiner ("one of the largest", "one reason");
    # "one million" and "about one in five" go through other paths.
    if token.lower_ == "one" and number.end == number.start + 1:
        return True
    return False


def _unit_after(doc: "Doc", j: int) -> tuple[str | None, int, str | None]:
    """The counted noun phrase from token ``j``: (unit text, end token, head noun lower)."""
    n = len(doc)
    start = j
    head_end = None
    k = j
    # The unit ends at the last noun of a run of modifiers and nouns: "short-range ballistic
    # missiles", "people fleeing".
    while k < n and k - start < _MAX_UNIT:
        token = doc[k]
        if token.tag_ not in _UNIT_TAGS or token.is_space:
            break
        if token.ent_type_ in _SKIP_ENTITY_TYPES:
            break
        if token.tag_ in {"NN", "NNS", "NNP", "NNPS"}:
            head_end = k + 1
        k += 1
    if head_end is None:
        return None, j, None
    head = doc[head_end - 1].lower_
    end = head_end
    # "rounds of artillery", "tons of rice": a measure noun keeps its "of" phrase.
    if head in MEASURE_NOUNS and end + 1 < n and doc[end].lower_ == "of":
        inner_text, inner_end, _ = _unit_after(doc, end + 1)
        if inner_text:
            end = inner_end
    # A rate: "barrels per day".
    if end + 1 < n and doc[end].lower_ == "per" and doc[end + 1].tag_ in {"NN", "NNS"}:
        end += 2
    # Leading nationality or place modifiers are context, not unit ("North Korean missiles").
    while start < head_end - 1 and (
        doc[start].ent_type_ in {"NORP", "GPE", "ORG", "PERSON", "LOC"}
        or doc[start].tag_ in {"HYPH", "JJS", "JJR"}  # "two biggest polluters" counts polluters
    ):
        start += 1
    return " ".join(doc[start:end].text.split()), end, head


def _ratio_base(doc: "Doc", j: int) -> tuple[str | None, int]:
    """"the previous year's amount" after "nine times"."""
    n = len(doc)
    k = j
    while k < n and k - j < _MAX_RATIO_BASE:
        token = doc[k]
        if token.is_punct and token.text not in {"'s", "’s", "'", "’"} or token.is_space:
            break
        if token.pos_ in {"VERB", "AUX", "CCONJ", "SCONJ"} or (
            token.pos_ == "ADP" and token.lower_ not in {"of", "than", "as"}
        ):
            break
        k += 1
    if k == j:
        return None, j
    return " ".join(doc[j:k].text.split()), k


def _sentence_numbers(doc: "Doc") -> list[int]:
    """Sentence number of every token (all 0 when the doc has no sentence boundaries)."""
    index = [0] * len(doc)
    if doc.has_annotation("SENT_START"):
        for number, sent in enumerate(doc.sents):
            index[sent.start : sent.end] = [number] * (sent.end - sent.start)
    return index


def _is_number_start(token: "Token") -> bool:
    lower = token.lower_
    return (
        token.like_num
        or lower in ONES
        or lower in VAGUE_SCALES
        or lower in VAGUE_COUNTS
        or lower in {"a", "an", "half", "few"}
        or lower in RATIO_WORDS
        or bool(DIGITS.match(token.text))
    )


def extract_quantities(doc: "Doc", article_id: str = "") -> tuple[Quantity, ...]:
    """Return the amounts in ``doc`` in text order."""
    if not len(doc):
        return ()
    sentence_of: list[int] | None = None
    text = doc.text  # built from the tokens on every access: read it once
    found: list[Quantity] = []
    n = len(doc)
    i = 0
    floor = 0  # approximators may not reach back into the previous quantity
    while i < n:
        token = doc[i]
        if not _is_number_start(token):
            i += 1
            continue
        fraction = read_fraction(doc, i)
        if fraction is not None:
            quantity = _share(doc, fraction, floor)
            if quantity is None:
                i = fraction.end
                continue
        elif token.lower_ in RATIO_WORDS:
            base, base_end = _ratio_base(doc, i + 1)
            if base is None or doc[i + 1].lower_ in {"a", "per"}:  # "twice a week"
                i += 1
                continue
            value = RATIO_WORDS[token.lower_]
            quantity = _Reading(value, i, base_end, is_ratio=True, ratio_base=base)
        else:
            number = read_number(doc, i)
            if number is None or _skip_number(doc, number):
                i = number.end if number is not None and number.end > i else i + 1
                continue
            ranged = _range(doc, number, floor)
            if ranged is not None:
                for item in ranged:
                    if sentence_of is None:
                        sentence_of = _sentence_numbers(doc)
                    found.append(_quantity(doc, text, item, article_id, sentence_of))
                i = floor = ranged[-1].end
                continue
            quantity = _complete(doc, number, floor)
            if quantity is None:
                i = number.end
                continue
        if sentence_of is None:
            sentence_of = _sentence_numbers(doc)
        found.append(_quantity(doc, text, quantity, article_id, sentence_of))
        i = floor = quantity.end
    return tuple(found)


def _share(doc: "Doc", fraction: Number, floor: int) -> _Reading | None:
    """"about a quarter of the city": a ratio of 0.25 whose base is "the city"."""
    base, base_end = _ratio_base(doc, fraction.end)
    if base is None:
        return None
    last = doc[base_end - 1]
    year = last.text.isdigit() and len(last.text) == 4
    if last.lower_ in TIME_NOUNS or last.ent_type_ in _SKIP_ENTITY_TYPES or year:
        return None  # "a quarter of a century", "half of 2023": time, not a share
    start, approximator, bound = fraction.start, None, "="
    found = _approximator_before(doc, start, floor)
    if found is not None:
        start, approximator, bound = found
    return _Reading(
        fraction.value, start, base_end, approximator, bound, is_ratio=True, ratio_base=base
    )


def _quantity(
    doc: "Doc", text: str, reading: _Reading, article_id: str, sentence_of: list[int]
) -> Quantity:
    start_char = doc[reading.start].idx
    last = doc[reading.end - 1]
    end_char = last.idx + len(last.text)
    return Quantity(
        evidence=Evidence(
            article_id, sentence_of[reading.start], start_char, end_char, text[start_char:end_char]
        ),
        value=reading.value,
        bound=reading.bound,
        approximator=reading.approximator,
        unit=reading.unit,
        currency=reading.currency,
        is_ratio=reading.is_ratio,
        ratio_base=reading.ratio_base,
    )


def _range(doc: "Doc", low: Number, floor: int) -> tuple[_Reading, _Reading] | None:
    """"between 200 and 300 troops", "30 to 40 drones": a lower and an upper bound.

    "from 5 to 4 percent" is left alone: in news it mostly reports a change, not a range.
    """
    start = low.start
    if start > floor and doc[start - 1].lower_ in CURRENCY_SYMBOLS:
        start -= 1
    if low.end + 1 >= len(doc):
        return None
    joiner = doc[low.end].lower_
    opener = doc[start - 1] if start - 1 >= floor else None
    if joiner == "and" and opener is not None and opener.lower_ == "between":
        first = start - 1
        low_cue, high_cue = opener.text, f"{opener.text} ... and"
    elif joiner == "to" and (opener is None or opener.lower_ != "from"):
        found = _approximator_before(doc, start, floor)  # "some 30 to 40 drones"
        first = found[0] if found is not None else start
        low_cue = high_cue = "to" if found is None else f"{found[1]} ... to"
    else:
        return None
    high = read_number(doc, low.end + 1)
    if high is None or _skip_number(doc, high):
        return None
    upper = _complete(doc, high, low.end + 1)
    if upper is None:
        return None
    end, unit, currency = upper.end, upper.unit, upper.currency
    lower_value = low.value
    if low.scale == 1.0 and high.scale > 1.0 and low.value * high.scale <= high.value:
        lower_value = low.value * high.scale  # "between 2 and 3 million": one scale for both
    if lower_value > high.value:
        return None  # "5 to 4": not a range
    if currency is None and start < low.start:  # "between $2 and 3 million"
        currency = CURRENCY_SYMBOLS[doc[start].lower_]
    # Both ends carry the whole range as evidence.
    return (
        _Reading(lower_value, first, end, low_cue, ">=", unit, currency),
        _Reading(high.value, first, end, high_cue, "<=", unit, currency),
    )


def _is_currency_word(token: "Token", value: float) -> bool:
    lower = token.lower_
    if lower not in CURRENCY_WORDS:
        return False
    return (
        lower not in AMBIGUOUS_CURRENCY_WORDS
        or token.ent_type_ == "MONEY"
        # "10 billion won": a large amount right before "won" is money, not a verb's subject.
        or (lower == "won" and value >= 1000)
    )


def _money_or_percent_after(
    doc: "Doc", number: Number, end: int
) -> tuple[str | None, str | None, int]:
    """(unit, currency, new end) after "... dollars", "... %", "... per cent", "... points"."""
    words = [t.lower_ for t in doc[end : end + 3]]
    if not words:
        return None, None, end
    if _is_currency_word(doc[end], number.value):
        return None, CURRENCY_WORDS[words[0]], end + 1
    if words[:2] in (["percentage", "point"], ["percentage", "points"]):
        return "percentage points", None, end + 2
    if words[:2] == ["per", "cent"]:
        size = 2
    elif words[0] in PERCENT_WORDS and words[0] != "per":
        size = 1
    else:
        return None, None, end
    if words[size : size + 1] in (["point"], ["points"]):  # "2% points" is rare but seen
        return "percentage points", None, end + size + 1
    return "percent", None, end + size


def _approximator_after(doc: "Doc", end: int) -> tuple[str | None, str, int]:
    """Postfix approximators: "1,000-plus troops", "50 or so", "1,000 or more"."""
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ == "plus":
        return "-plus", ">=", end + 2
    for key, bound in POST_APPROXIMATORS.items():
        if tuple(t.lower_ for t in doc[end : end + len(key)]) == key:
            return doc[end : end + len(key)].text, bound, end + len(key)
    return None, "=", end


def _complete(doc: "Doc", number: Number, floor: int) -> _Reading | None:
    """Add approximator, currency, percent, unit or ratio base around a read number."""
    start = number.start
    currency = None
    # A currency symbol right before the number ("$34.4 million", "US$3m").
    if start > floor and doc[start - 1].lower_ in CURRENCY_SYMBOLS:
        currency = CURRENCY_SYMBOLS[doc[start - 1].lower_]
        start -= 1
    approximator = None
    bound = "="
    if number.vague:
        approximator, bound = doc[number.start : number.end].text, ">="
    elif number.vague_bound:
        first = doc[number.start]
        approximator = "a few" if first.lower_ == "a" else first.text
        bound = number.vague_bound
    found = _approximator_before(doc, start, floor)
    if found is not None and approximator is None:
        start, approximator, bound = found
    end = number.end
    if end < len(doc) and doc[end].lower_ in {"times", "-fold", "fold"}:
        base, base_end = _ratio_base(doc, end + 1)
        return _Reading(
            number.value,
            start,
            base_end if base else end + 1,
            approximator,
            bound,
            is_ratio=True,
            ratio_base=base,
        )
    unit = None
    if currency is None:
        unit, currency, end = _money_or_percent_after(doc, number, end)
    post, post_bound, post_end = _approximator_after(doc, end)
    if post is not None:
        end = post_end
        if approximator is None:
            approximator, bound = post, post_bound
    if unit is None and currency is None:
        unit, unit_end, head = _unit_after(doc, end)
        if head in TIME_NOUNS:
            return None  # a duration: the time layer owns it
        if unit:
            end = unit_end
    if currency is None and unit is None and number.written_plain:
        if 1000 <= number.value <= 2100:
            return None  # a bare year
        before = doc[number.start - 1] if number.start > 0 else None
        if approximator is None and before is not None and before.tag_ in {"NNP", "NNPS"}:
            return None  # a model or section number: "iPhone 4", "Section 8"
    return _Reading(number.value, start, end, approximator, bound, unit, currency)


__all__ = ["BOUNDS", "Quantity", "extract_quantities"]
