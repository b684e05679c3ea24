"""Titles and roles said of a named mention: "Foreign Minister", "chairman of X", "leader".

Three places in a sentence carry them, all read from tokens around the span with short bounded
scans (no search over the whole sentence):

* a title chain right before the name: "South Korean Defense Minister Shin Won-sik",
  "Kremlin foreign policy aide Yuri Ushakov", "Navy Adm. Kim Myong Sik";
* an apposition after it: "Pak Thae Song, chairman of the space committee, ...";
* a title the name stands in apposition to: "North Korea's Foreign Minister, Choe Son Hui".

A chain counts only when it ends in a known title word (``TITLE_HEADS``), so "Russia's Putin"
or "Tuesday Putin" yield nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.language.entities_lexicon import HONORIFICS, TITLE_HEADS, TITLE_MODIFIERS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_MAX_CHAIN = 8
_MAX_APPOSITION = 14
_POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "its", "their", "our", "my", "your"})
_CLAUSE_BREAKS = frozenset(
    {"who", "whom", "whose", "which", "that", "where", "when", ",", ";", ":"}
)
_DANGLING_POS = frozenset({"ADP", "DET", "CCONJ", "PUNCT"})
_INNER_PUNCT = frozenset({"-", "’s", "'s"})
_CHAIN_ENTITY_LABELS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC"})


def _entity_start(doc: "Doc", index: int) -> int | None:
    """Start of the ORG/GPE/NORP entity ending at token ``index``, if any."""
    token = doc[index]
    if token.ent_type_ in _CHAIN_ENTITY_LABELS and token.ent_iob_ in {"B", "I"}:
        start = index
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        return start
    return None


def _chain_start(doc: "Doc", end: int, sent_start: int) -> int:
    """Leftmost token of a title chain ending right before ``end`` (== ``end`` if none)."""
    start = end
    steps = 0
    i = end - 1
    while i >= sent_start and steps < _MAX_CHAIN:
        token = doc[i]
        lower = token.lower_
        if token.is_space:  # non-breaking spaces from scraped pages are tokens of their own
            i -= 1
            continue
        if lower in HONORIFICS:
            break  # "Mr. King and Mr. Clarke": forms of address end a title chain
        entity_start = _entity_start(doc, i)
        if lower in TITLE_HEADS or lower in TITLE_MODIFIERS:
            start = i
        elif entity_start is not None and start < end:
            # "North Korean" / "Kremlin" / "U.S." qualifying a title already collected.
            start = i = entity_start
        elif token.text in {"-", "co"} and start < end:
            start = i
        elif lower in {"of", "and"} and start < end and i > sent_start and (
            doc[i - 1].lower_ in TITLE_HEADS
        ):
            start = i
        elif (
            token.is_alpha
            and token.text[:1].isupper()
            and token.tag_ in {"NNP", "NNPS"}  # not "Should" or "Then" opening a sentence
            and token.ent_type_ not in {"PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL"}
            and i > sent_start
            and start < end
        ):
            start = i
        elif token.text in _POSSESSIVES and start < end and i > sent_start:
            # "North Korea's Foreign Minister": keep the possessor if it is a named entity.
            possessor = _entity_start(doc, i - 1)
            if possessor is None and doc[i - 1].ent_type_ == "PERSON":
                possessor = i - 1
                while possessor > sent_start and doc[possessor].ent_iob_ == "I":
                    possessor -= 1
            if possessor is not None:
                start = possessor
            break
        else:
            break
        i -= 1
        steps += 1
    # A chain must end in a title word; trim leading glue.
    while start < end and (doc[start].lower_ in {"of", "and", "-"} or doc[start].is_space):
        start += 1
    return start


def _text(doc: "Doc", start: int, end: int) -> str:
    return " ".join(doc[start:end].text.split())


def _ends_in_title(doc: "Doc", start: int, end: int) -> bool:
    while end > start and doc[end - 1].is_space:
        end -= 1
    return end > start and doc[end - 1].lower_ in TITLE_HEADS


def _apposition_after(
    doc: "Doc", span: "Span", sent_end: int, require_title: bool
) -> str | None:
    """", chairman of the committee," / ", a ruling party official who ..." after the name."""
    i = span.end
    if i >= sent_end or doc[i].text != ",":
        return None
    i += 1
    while i < sent_end and (doc[i].lower_ in _DETERMINERS or doc[i].is_space):
        i += 1
    if i < sent_end and doc[i].lower_ in {"and", "or", "but"}:
        return None  # a coordination, not an apposition
    start = i
    has_title = False
    while i < sent_end and i - start < _MAX_APPOSITION:
        token = doc[i]
        if token.is_space:
            i += 1
            continue
        if token.lower_ in _CLAUSE_BREAKS or (token.is_punct and token.text not in _INNER_PUNCT):
            break
        if token.pos_ in {"VERB", "AUX"} and token.tag_ != "VBN":
            return None
        if token.ent_type_ == "PERSON" and i == start:
            return None  # a list of names, not an apposition
        has_title = has_title or token.lower_ in TITLE_HEADS
        i += 1
    # A role cut by the length bound may end on "at" / "and a": drop the dangling words.
    while i > start and (doc[i - 1].pos_ in _DANGLING_POS or doc[i - 1].is_space):
        i -= 1
    if i == start or (require_title and not has_title):
        return None
    if not require_title and doc[start].pos_ not in {"NOUN", "ADJ"}:
        return None
    return _text(doc, start, i)


def _apposed_title(doc: "Doc", span: "Span", sent_start: int, sent_end: int) -> str | None:
    """"his foreign minister, Choe Sun Hui": the title the name is apposed to."""
    comma = span.start - 1
    if comma <= sent_start or doc[comma].text != ",":
        return None
    after = span.end
    if after < sent_end and doc[after].text not in {",", ".", ";", "and", ")"}:
        return None
    if not _ends_in_title(doc, comma - 1, comma):
        return None
    start = _chain_start(doc, comma, sent_start)
    if start == comma:
        return None
    return _text(doc, start, comma)


def roles_of(
    doc: "Doc", span: "Span", label: str, sentence: tuple[int, int] | None = None
) -> tuple[str, ...]:
    """Roles attached to one mention span, in reading order (deduplicated).

    ``sentence`` is the (start, end) token range of the span's sentence; without it the whole
    doc is the sentence (docs from pipelines that set no sentence boundaries).
    """
    sent_start, sent_end = sentence if sentence is not None else (0, len(doc))
    found: list[str] = []
    if label == "PERSON":
        start = _chain_start(doc, span.start, sent_start)
        if start < span.start and _ends_in_title(doc, start, span.start):
            found.append(_text(doc, start, span.start))
        apposed = _apposed_title(doc, span, sent_start, sent_end)
        if apposed:
            found.append(apposed)
        after = _apposition_after(doc, span, sent_end, require_title=True)
        if after:
            found.append(after)
    elif label == "ORG":
        after = _apposition_after(doc, span, sent_end, require_title=False)
        if after:
            found.append(after)
    return tuple(dict.fromkeys(found))


__all__ = ["roles_of"]
