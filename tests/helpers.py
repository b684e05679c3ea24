"""Small helpers shared by several test modules (imported as ``from helpers import ...``)."""

from __future__ import annotations

from spacy.tokens import Doc, Span


def make_doc(vocab, text: str, ents: list[tuple[int, int, str]]) -> Doc:
    """Tokens split on spaces; "~" glues a token to the next one (no space between)."""
    words, spaces = [], []
    for piece in text.split(" "):
        parts = piece.split("~")
        for k, part in enumerate(parts):
            words.append(part)
            spaces.append(k == len(parts) - 1)
    doc = Doc(vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


def dotted(scores: dict, key: str) -> float:
    """``scores["a"]["b"]`` for the key ``"a.b"``: how floors files name nested metrics."""
    value = scores
    for part in key.split("."):
        value = value[part]
    return value
