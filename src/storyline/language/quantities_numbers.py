"""Reads one number phrase from tokens: digits, number words, scales and vague plurals.

"4.8 million" -> 4.8e6, "two dozen" -> 24, "half a million" -> 5e5, "a million" -> 1e6,
"$5bn" digits -> 5e9, "hundreds of" -> 100 (a lower bound), "tens of millions of" -> 1e7,
"several billion" -> 1e9 (more than). Context (approximators, units, currencies, what is not a
quantity) is :mod:`storyline.language.quantities`' business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.language.quantities_lexicon import (
    FRACTIONS,
    ONES,
    SCALES,
    VAGUE_COUNTS,
    VAGUE_SCALES,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

DIGITS = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([a-z]{1,3})?$", re.IGNORECASE)
# Scale letters that are only a scale when glued to the number ("5bn", "40m", "3 m" is metres).
_GLUED_ONLY = frozenset({"m", "b", "k", "bn", "mn", "tn"})
_LETTER_SCALES = frozenset({"m", "b", "k"})


@dataclass(frozen=True, slots=True)
class Number:
    """A number phrase in tokens ``start:end`` (end exclusive)."""

    value: float
    start: int
    end: int
    vague: bool = False  # "hundreds of": the value is a lower bound
    vague_bound: str | None = None  # "several billion": ">"
    written_plain: bool = False  # a bare integer like 2023 (a year candidate)
    scale: float = 1.0  # product of the scale words read after the first number


def digits_value(text: str) -> tuple[float, bool] | None:
    """(value, written as a plain integer) of "1,000", "4.8", "5bn"; None if not a number."""
    match = DIGITS.match(text)
    if not match:
        return None
    whole, fraction, suffix = match.groups()
    value = float(whole.replace(",", "") + (fraction or ""))
    if suffix:
        scale = SCALES.get(suffix.lower())
        if scale is None:
            return None
        value *= scale
    plain = "," not in whole and fraction is None and suffix is None
    return value, plain


def _word_value(doc: "Doc", i: int) -> tuple[float, int] | None:
    """Spelled-out integers below a thousand: "three", "twenty-five", "one hundred and two"."""
    current = 0.0
    j = i
    seen = False
    n = len(doc)
    while j < n:
        lower = doc[j].lower_
        if lower in ONES:
            current += ONES[lower]
        elif lower == "hundred" and seen:
            current = max(current, 1.0) * 100
        elif lower in {"-", "and"} and seen and j + 1 < n and doc[j + 1].lower_ in ONES:
            j += 1
            continue
        else:
            break
        seen = True
        j += 1
    return (current, j) if seen else None


def _apply_scales(doc: "Doc", value: float, j: int) -> tuple[float, int]:
    """Multiply by following scale words: "4.8 million", "two dozen", "ten thousand"."""
    while j < len(doc):
        lower = doc[j].lower_
        if lower not in SCALES or (lower in _GLUED_ONLY and doc[j - 1].whitespace_):
            break
        value *= SCALES[lower]
        j += 1
    return value, j


def _is_word_scale(doc: "Doc", j: int) -> bool:
    return j < len(doc) and doc[j].lower_ in SCALES and doc[j].lower_ not in _LETTER_SCALES


def read_number(doc: "Doc", i: int) -> Number | None:
    """Read the number phrase starting at token ``i``, with its scale words."""
    n = len(doc)
    lower = doc[i].lower_
    if lower in VAGUE_SCALES:
        # "hundreds of", "tens of thousands of", "tens of millions of".
        value = VAGUE_SCALES[lower]
        j = i + 1
        while j + 1 < n and doc[j].lower_ == "of" and doc[j + 1].lower_ in VAGUE_SCALES:
            value *= VAGUE_SCALES[doc[j + 1].lower_]
            j += 2
        if j < n and doc[j].lower_ == "of":
            return Number(value, i, j + 1, vague=True)
        return None
    if lower in VAGUE_COUNTS or (lower == "a" and i + 1 < n and doc[i + 1].lower_ == "few"):
        # "several billion dollars", "a few hundred": more than one of the scale.
        j = i + (2 if lower == "a" else 1)
        if not _is_word_scale(doc, j):
            return None
        value, end = _apply_scales(doc, 1.0, j)
        return Number(value, i, end, vague_bound=VAGUE_COUNTS.get(lower, ">"))
    if lower == "half" and i + 2 < n and doc[i + 1].lower_ in {"a", "an"} and _is_word_scale(
        doc, i + 2
    ):
        value, end = _apply_scales(doc, 0.5, i + 2)
        return Number(value, i, end)
    if lower in {"a", "an"}:
        if not _is_word_scale(doc, i + 1):
            return None
        value, end = _apply_scales(doc, 1.0, i + 1)
        return Number(value, i, end)
    plain = False
    digits = digits_value(doc[i].text)
    if digits is not None:
        value, plain = digits
        end = i + 1
    else:
        words = _word_value(doc, i)
        if words is None:
            return None
        value, end = words
    scaled, scaled_end = _apply_scales(doc, value, end)
    return Number(
        scaled,
        i,
        scaled_end,
        written_plain=plain and scaled_end == end,
        scale=scaled / value if value else 1.0,
    )


def read_fraction(doc: "Doc", i: int) -> Number | None:
    """"two-thirds of", "a quarter of", "half of": a share; ``end`` is after the "of"."""
    n = len(doc)
    j = i
    numerator = 1.0
    lower = doc[i].lower_
    if lower in ONES:
        numerator = float(ONES[lower])
        j += 1
    elif lower in {"a", "an"}:
        j += 1
    if j > i and j < n and doc[j].text == "-" and not doc[j - 1].whitespace_:
        j += 1
    if j >= n or doc[j].lower_ not in FRACTIONS:
        return None
    if j + 1 >= n or doc[j + 1].lower_ != "of":
        return None
    return Number(numerator / FRACTIONS[doc[j].lower_], i, j + 2)


__all__ = ["DIGITS", "Number", "digits_value", "read_fraction", "read_number"]
