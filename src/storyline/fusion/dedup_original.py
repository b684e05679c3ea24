"""Choosing the most likely original of a group of duplicate articles.

Owns :class:`GroupMember` (what the choice needs to know about each copy) and
:func:`choose_original`, plus the tolerant outlet-name matching it relies on
("Bloomberg" credits "Bloomberg News", "AP" credits "The Associated Press").
Pure functions; re-exported by :mod:`storyline.fusion.dedup`.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

# Words that outlets append or drop freely; they never tell two outlets apart.
_GENERIC_OUTLET_WORDS = frozenset(
    {
        "the", "news", "newswire", "wire", "wires", "service", "services", "agency",
        "media", "group", "inc", "ltd", "llc", "co", "corp", "online", "digital",
        "com", "net", "org", "www", "press", "association",
    }
)
# Generic words that are also part of an outlet's own name: kept for initials.
_INITIALS_KEEP = frozenset({"press", "association", "news", "service", "agency"})


@dataclass(frozen=True, slots=True)
class GroupMember:
    """One article of a duplicate group, as far as choosing the original is concerned."""

    article_id: str
    published: date | None
    outlet: str | None
    original_outlet: str | None  # the outlet this copy credits as its source
    order: int  # ingestion order


def _outlet_words(name: str) -> list[str]:
    text = unicodedata.normalize("NFKC", name).casefold()
    cleaned = "".join(c if c.isalnum() else " " for c in text)
    return cleaned.split()


@lru_cache(maxsize=4096)
def _outlet_forms(name: str | None) -> frozenset[str]:
    """Comparable forms of an outlet name: its core words and its initials."""
    if not name:
        return frozenset()
    words = _outlet_words(name)
    if not words:
        return frozenset()
    forms = set()
    core = [w for w in words if w not in _GENERIC_OUTLET_WORDS]
    # "Associated Press" has no core left: the name is its generic words.
    forms.add(" ".join(core) if core else " ".join(words))
    named = [w for w in words if w not in _GENERIC_OUTLET_WORDS or w in _INITIALS_KEEP]
    if len(named) >= 2:
        # "Agence France-Presse" -> "afp", "Associated Press" -> "ap".
        forms.add("".join(w[0] for w in named))
    if len(words) == 1:
        forms.add(words[0])
    return frozenset(forms)


def outlets_match(a: str | None, b: str | None) -> bool:
    """Whether two outlet names plausibly name the same outlet.

    Case- and punctuation-insensitive; ignores generic words ("The", "News",
    "Wire", ".com") and accepts an acronym for a multi-word name.
    """
    return bool(_outlet_forms(a) & _outlet_forms(b))


def choose_original(members: Sequence[GroupMember]) -> str:
    """The article id of the most likely original of a duplicate group.

    Ranked by: how many *other* members credit this member's outlet as their
    original outlet (more first); then earliest publication date (unknown dates
    last); then lowest ingestion order; then article id, so the choice is
    deterministic whatever the input order. Raises ValueError for an empty group.
    """
    if not members:
        raise ValueError("choose_original needs at least one member")

    # Who credits whom, indexed by the comparable forms of the credited outlet: linear
    # in the group's size (a wire story can be copied thousands of times).
    crediting: dict[str, set[int]] = defaultdict(set)
    for index, other in enumerate(members):
        for form in _outlet_forms(other.original_outlet):
            crediting[form].add(index)

    def rank(item: tuple[int, GroupMember]) -> tuple[int, bool, date, int, str]:
        index, member = item
        others: set[int] = set()
        for form in _outlet_forms(member.outlet):
            others |= crediting.get(form, set())
        credits = len(others - {index})
        return (
            -credits,
            member.published is None,
            member.published or date.max,
            member.order,
            member.article_id,
        )

    return min(enumerate(members), key=rank)[1].article_id


__all__ = ["GroupMember", "choose_original", "outlets_match"]
