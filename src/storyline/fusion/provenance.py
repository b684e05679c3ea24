"""Duplicate-group planning: which group a new article joins and who is the original.

Pure policy over verified copy links (see :mod:`storyline.fusion.dedup`); the store
applies the resulting :class:`GroupPlan` in the same transaction as the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from storyline.fusion.dedup import GroupMember, choose_original
from storyline.model import CopyLink, Relation

# Strongest evidence first: the relation a copy is labelled with when several links exist.
RELATION_STRENGTH = {
    Relation.EXACT: 4,
    Relation.NEAR: 3,
    Relation.PARTIAL: 2,
    Relation.REWRITE: 1,
}


def singleton_group_id(article_id: str) -> str:
    return f"g{article_id}"


@dataclass(frozen=True, slots=True)
class MemberState:
    """What a group member should look like after the plan is applied."""

    article_id: str
    copy_of: str | None
    relation: Relation
    similarity: float | None


@dataclass(frozen=True, slots=True)
class GroupPlan:
    group_id: str
    original_id: str
    absorbed_group_ids: tuple[str, ...]  # groups merged into ``group_id`` by this article
    members: tuple[MemberState, ...]


def strongest_link(links: Sequence[CopyLink]) -> CopyLink | None:
    if not links:
        return None
    return max(links, key=lambda link: (RELATION_STRENGTH[link.relation], link.similarity))


def plan_group(
    new: GroupMember,
    links: Sequence[CopyLink],
    group_of: Mapping[str, str],
    groups: Mapping[str, Sequence[tuple[GroupMember, Relation, float | None]]],
) -> GroupPlan:
    """Decide the group of ``new`` given its verified ``links`` to stored articles.

    ``group_of`` maps each linked article id to its group id; ``groups`` gives, for
    each of those groups, its members with their current relation and similarity.
    A new article linked into several groups merges them: the group that started
    earliest (lowest ingestion order) keeps its id.
    """
    best = strongest_link(links)
    if best is None:
        return GroupPlan(
            group_id=singleton_group_id(new.article_id),
            original_id=new.article_id,
            absorbed_group_ids=(),
            members=(MemberState(new.article_id, None, Relation.ORIGINAL, None),),
        )
    linked_groups = sorted(
        {group_of[link.other_id] for link in links},
        key=lambda gid: min(member.order for member, _, _ in groups[gid]),
    )
    group_id = linked_groups[0]
    existing = [entry for gid in linked_groups for entry in groups[gid]]
    everyone = [member for member, _, _ in existing] + [new]
    original_id = choose_original(everyone)
    link_by_other = {link.other_id: link for link in links}

    states: list[MemberState] = []
    for member, relation, similarity in existing:
        if member.article_id == original_id:
            states.append(MemberState(member.article_id, None, Relation.ORIGINAL, None))
            continue
        if relation is Relation.ORIGINAL:
            # A former original demoted by this article: describe it by its link to us.
            link = link_by_other.get(member.article_id, best)
            relation, similarity = link.relation, link.similarity
        states.append(MemberState(member.article_id, original_id, relation, similarity))
    if new.article_id == original_id:
        states.append(MemberState(new.article_id, None, Relation.ORIGINAL, None))
    else:
        link = link_by_other.get(original_id, best)
        states.append(MemberState(new.article_id, original_id, link.relation, link.similarity))
    return GroupPlan(group_id, original_id, tuple(linked_groups[1:]), tuple(states))


__all__ = ["GroupPlan", "MemberState", "plan_group", "singleton_group_id", "strongest_link"]
