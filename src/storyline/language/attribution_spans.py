"""Character and token spans for attribution: noun-phrase extents, trimming, quotes.

Helpers shared by :mod:`storyline.language.attribution`.  They work on tokens where
they can, so an abbreviation keeps its full stop ("U.S.") and nothing rebuilds the
article text (``Doc.text`` joins every token on each call).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Punctuation that never starts or ends a speaker, cue or content span.
_EDGE_PUNCT = frozenset(",;:.—–-()")


def np_tokens(token: "Token") -> tuple[int, int]:
    """First and last token of a noun phrase, leaving out clauses hanging off it.

    A conjunct ("South Korea and the U.S.") and an appositive stay in.
    """
    last = token
    for child in token.children:
        if child.i > token.i and child.dep_ not in ("relcl", "punct", "acl", "cc"):
            last = max(last, child.right_edge, key=lambda t: t.i)
    return token.left_edge.i, last.i


def np_span(token: "Token") -> tuple[int, int]:
    return tokens_span(token.doc, *np_tokens(token))


def phrase_text(token: "Token", exclude: tuple[str, ...]) -> str:
    """A noun phrase's text without the right-hand dependents named in ``exclude``."""
    right = token
    for child in token.children:
        if child.i > token.i and child.dep_ not in exclude:
            right = max(right, child.right_edge, key=lambda t: t.i)
    return tokens_text(token.doc, token.left_edge.i, right.i)


def subtree_span(token: "Token") -> tuple[int, int]:
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge)


def _edge_tokens(doc: "Doc", first: int, last: int) -> tuple[int, int]:
    """Token range [first, last] without punctuation or whitespace tokens at its edges.

    Works on tokens, not characters, so an abbreviation keeps its full stop ("U.S.")
    and no call rebuilds the article text (``Doc.text`` joins every token).
    """
    while first < last and (doc[first].is_space or doc[first].text in _EDGE_PUNCT):
        first += 1
    while last > first and (doc[last].is_space or doc[last].text in _EDGE_PUNCT):
        last -= 1
    return first, last


def tokens_span(doc: "Doc", first: int, last: int) -> tuple[int, int]:
    first, last = _edge_tokens(doc, first, last)
    return doc[first].idx, doc[last].idx + len(doc[last])


def tokens_text(doc: "Doc", first: int, last: int) -> str:
    first, last = _edge_tokens(doc, first, last)
    return doc[first:last + 1].text


def trimmed_subtree(token: "Token") -> tuple[int, int]:
    return tokens_span(token.doc, token.left_edge.i, token.right_edge.i)


def subtree_text(token: "Token") -> str:
    return tokens_text(token.doc, token.left_edge.i, token.right_edge.i)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip whitespace and dangling clause punctuation from both ends."""
    while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCT):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCT):
        if text[end - 1] == "." and end - start > 1 and text[end - 2].isupper():
            break  # an abbreviation's own full stop: "the U.S."
        end -= 1
    return start, end


def quote_regions(text: str, closed_only: bool = False) -> list[tuple[int, int]]:
    """Spans of quoted speech, quote marks included, in text order.

    Curly marks pair up; straight marks (and doubled '' as in some wire copy)
    toggle.  A quote still open at a paragraph break ends there: news style opens
    each paragraph of a long quote again without closing the one before.  With
    ``closed_only`` only quotes ended by a closing mark are returned: an unclosed
    mark may be a stray one, too weak to say that a cue lies inside a quote.
    """
    regions: list[tuple[int, int, bool]] = []
    opened: int | None = None
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        width = 2 if text.startswith("''", index) or text.startswith("``", index) else 1
        if char == "\n" and opened is not None and text.startswith("\n", index + 1):
            regions.append((opened, index, False))
            opened = None
        elif char in "“«" or text.startswith("``", index):
            if opened is not None:
                regions.append((opened, index, False))
            opened = index
        elif char in "”»":
            if opened is not None:
                regions.append((opened, index + 1, True))
                opened = None
        elif char == '"' or width == 2:
            if opened is None:
                opened = index
            else:
                regions.append((opened, index + width, True))
                opened = None
        index += width
    if opened is not None:
        regions.append((opened, length, False))
    # A runaway region is a stray mark, not a quote.
    return [(start, end) for start, end, closed in regions
            if 2 < end - start <= _LONGEST_QUOTE and (closed or not closed_only)]


_LONGEST_QUOTE = 3000


def inside_quote(span: tuple[int, int], quotes: list[tuple[int, int]]) -> bool:
    start, end = span
    index = bisect.bisect_right(quotes, (start, float("inf"))) - 1
    return index >= 0 and quotes[index][0] < start and end <= quotes[index][1]


__all__ = [
    "inside_quote",
    "np_span",
    "np_tokens",
    "phrase_text",
    "quote_regions",
    "subtree_span",
    "subtree_text",
    "tokens_span",
    "tokens_text",
    "trim",
    "trimmed_subtree",
]
