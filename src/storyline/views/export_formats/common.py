"""What several export formats share: reading the fused picture and dated timeline."""

from __future__ import annotations

import re
from typing import Any

from storyline.store.base import Store
from storyline.views.timeline import TimelineEntry, build_timeline


def group_index(store: Store) -> dict[str, str]:
    """Article id -> duplicate group id (copies of one story share a group)."""
    return {stored.article.id: stored.group_id for stored in store.iter_articles()}


def dated_timeline(
    store: Store, group_of: dict[str, str] | None = None
) -> tuple[TimelineEntry, ...]:
    """The fused events as dated timeline entries (undated events left out), sorted by date."""
    events = store.fused("event")
    article_ids = sorted({a for event in events for a in event.get("article_ids", ())})
    return build_timeline(
        events,
        texts=store.texts(article_ids),
        group_of=group_of if group_of is not None else group_index(store),
        include_undated=False,
    )


_NON_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def normalise_name(text: str) -> str:
    """Lower case, punctuation as space, single spaces: the form names are matched in."""
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text.lower())).strip()


class EntityMatcher:
    """Finds the fused entities a free-text participant names, by whole-word alias match.

    Aliases are looked up as word n-grams of the text, so matching costs the text's length,
    not the number of entities.
    """

    def __init__(self, entities: list[dict[str, Any]]) -> None:
        self._by_alias: dict[str, set[str]] = {}
        self._longest = 1
        self._label: dict[str, str] = {str(e["id"]): str(e.get("label") or "") for e in entities}
        for entity in entities:
            names = [entity.get("name") or "", *(entity.get("aliases") or ())]
            for name in names:
                alias = normalise_name(str(name))
                if not alias:
                    continue
                self._by_alias.setdefault(alias, set()).add(str(entity["id"]))
                self._longest = max(self._longest, alias.count(" ") + 1)

    def entities_in(self, text: str) -> set[str]:
        words = normalise_name(text).split()
        found: set[str] = set()
        for start in range(len(words)):
            for size in range(1, min(self._longest, len(words) - start) + 1):
                found |= self._by_alias.get(" ".join(words[start:start + size]), set())
        return found

    def entity_of(self, name: str, label: str | None = None) -> str | None:
        """The single entity (of ``label``, when given) whose name or alias is exactly
        ``name``; None if there is none or several."""
        ids = self._by_alias.get(normalise_name(name), set())
        if label is not None:
            ids = {i for i in ids if self._label.get(i) == label}
        return next(iter(ids)) if len(ids) == 1 else None


__all__ = ["EntityMatcher", "dated_timeline", "group_index", "normalise_name"]
