"""Small helpers shared by several test modules (imported as ``from helpers import ...``)."""

from __future__ import annotations

from dataclasses import dataclass

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


def fused_demo_store(location: str) -> str:
    """Fill the store at ``location`` with the demo corpus, analysed and fused; return it."""
    from storyline.demo import corpus_files
    from storyline.runners.fusion import fuse
    from storyline.runners.language import analyze_pending
    from storyline.runners.local import ingest
    from storyline.store import open_store

    store = open_store(location)
    try:
        ingest([str(p) for p in corpus_files()], store)
        analyze_pending(store)
        fuse(store)
    finally:
        store.close()
    return location


@dataclass(frozen=True)
class Ev:
    """An evidence record, as the fusion stages read one."""

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
