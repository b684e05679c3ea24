"""Cross-article entity records: :class:`Entity` and :class:`EntityLink` (see :mod:`.entities`)."""

from __future__ import annotations

from dataclasses import dataclass

# What an entity id starts with: "person:", "org:", "place:" (GPE, LOC, FAC) or "group:".
KIND_OF_LABEL = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world person, organisation, place or group, across articles."""

    id: str  # "person:choe-son-hui": kind + slug of the best name
    label: str  # PERSON, ORG, GPE, LOC, FAC or NORP (most frequent among its mentions)
    name: str  # best canonical name
    aliases: tuple[str, ...]  # every surface name seen, sorted
    roles: tuple[str, ...]  # titles and roles said of it, most frequent first
    mention_count: int
    article_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "name": self.name,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "mention_count": self.mention_count,
            "article_ids": list(self.article_ids),
        }


@dataclass(frozen=True, slots=True)
class EntityLink:
    """In-article cluster ``cluster`` of ``article_id`` is entity ``entity_id``."""

    article_id: str
    cluster: int
    entity_id: str

    def to_dict(self) -> dict[str, object]:
        return {"article_id": self.article_id, "cluster": self.cluster, "entity_id": self.entity_id}


__all__ = ["KIND_OF_LABEL", "Entity", "EntityLink"]
