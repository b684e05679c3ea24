"""Cross-article entity resolution: one :class:`Entity` per real person, organisation or place.

Input is the per-article layer's output (:class:`~storyline.language.entities.Mention` records,
already clustered within each article); output is a tuple of entities and one
:class:`EntityLink` per in-article cluster. :func:`resolve_entities` is the batch form;
:class:`EntityIndex` (:mod:`storyline.fusion.entities_index`, where the matching rules are
described) takes one article at a time and stays fast at 100k articles. Name comparison lives
in :mod:`storyline.fusion.entities_names`, alias tables in :mod:`storyline.fusion.aliases`.

    entities, links = resolve_entities((article_id, mentions) for article_id, mentions in ...)
"""

from __future__ import annotations

from typing import Iterable, Sequence

from storyline.fusion.aliases import AliasTable
from storyline.fusion.entities_index import OFFICE_WORDS, EntityIndex
from storyline.fusion.entities_records import KIND_OF_LABEL, Entity, EntityLink
from storyline.language.entities import Mention


def resolve_entities(
    articles: Iterable[tuple[str, Sequence[Mention]]], aliases: AliasTable | None = None
) -> tuple[tuple[Entity, ...], tuple[EntityLink, ...]]:
    """Resolve every article's mention clusters into cross-article entities (batch form)."""
    index = EntityIndex(aliases)
    for article_id, mentions in articles:
        index.add_article(article_id, mentions)
    return index.entities(), index.links()


__all__ = [
    "KIND_OF_LABEL",
    "OFFICE_WORDS",
    "Entity",
    "EntityIndex",
    "EntityLink",
    "resolve_entities",
]
