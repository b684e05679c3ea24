"""Working state of the entity index: in-article clusters, matched cores, and entity building.

A :class:`Cluster` is one in-article entity cluster read from ``Mention`` records; a :class:`Core`
is the set of clusters matched together when articles are added, with running aggregates so
reading it never walks its clusters. The helpers here turn groups of clusters into
:class:`~storyline.fusion.entities_records.Entity` records and compute the blocking keys
:class:`~storyline.fusion.entities_index.EntityIndex` files people under.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from storyline.fusion.aliases import AliasTable, alias_key
from storyline.fusion.entities_names import SHORT, PersonKey, compare_people, skeleton, slug
from storyline.fusion.entities_records import KIND_OF_LABEL, Entity
from storyline.language.entities import Mention

LABEL_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
# Offices that cannot be held by one person at once: a spelling variant with a conflicting
# office is a different person. Generic words ("official", "counterpart") say nothing.
OFFICE_WORDS = frozenset(
    """
    president minister ambassador analyst secretary chairman chairwoman governor mayor senator
    spokesman spokeswoman spokesperson ceo professor general admiral commander judge director
    leader king queen prime premier chancellor lawmaker fellow researcher editor reporter
    """.split()
)


@dataclass(slots=True)
class Cluster:
    """One in-article entity cluster: its label by majority, canonical name, names and roles."""

    article_id: str
    cluster: int
    label: str
    kind: str
    canonical: str  # after the alias table
    names: Counter[str]
    roles: tuple[str, ...]
    mentions: int
    person: PersonKey | None = None
    arrival: int = 0  # place among every cluster added to the index (ingestion order)


@dataclass(slots=True)
class Core:
    """Clusters matched at ``add_article`` time; short forms are attached on top when read."""

    number: int
    kind: str
    clusters: list[Cluster] = field(default_factory=list)
    person_keys: set[PersonKey] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)
    articles: dict[str, set[int]] = field(default_factory=dict)
    mentions: int = 0
    # Running aggregates, so reading a core never walks its clusters.
    canonical_counts: Counter[str] = field(default_factory=Counter)
    people: dict[str, PersonKey] = field(default_factory=dict)
    label_counts: Counter[str] = field(default_factory=Counter)
    office_words: set[str] = field(default_factory=set)
    cached_name: str | None = None

    def blocked_for(self, cluster: Cluster) -> bool:
        """Whether another cluster of the same article already is this entity."""
        return any(c != cluster.cluster for c in self.articles.get(cluster.article_id, ()))

    def offices(self) -> set[str]:
        return self.office_words

    def has_place_label(self) -> bool:
        return any(KIND_OF_LABEL[label] == "place" for label in self.label_counts)

    def best_name(self) -> str:
        if self.cached_name is None:
            self.cached_name = best_name_of(self.canonical_counts, self.people)
        return self.cached_name

    def kind_now(self) -> str:
        return KIND_OF_LABEL[majority(self.label_counts)]


def offices_in(roles: Iterable[str]) -> set[str]:
    """Office words in roles ("Haemun's foreign minister" -> {"minister"})."""
    return {w for role in roles for w in alias_key(role).split() if w in OFFICE_WORDS}


def clusters_of(
    article_id: str,
    mentions: Sequence[Mention],
    aliases: AliasTable,
    parse: Callable[[str], PersonKey],
) -> list[Cluster]:
    """The clusters of one article's mentions (labels the resolver does not know are skipped)."""
    grouped: dict[int, list[Mention]] = {}
    for mention in mentions:
        grouped.setdefault(mention.cluster, []).append(mention)
    clusters = []
    for number, members in grouped.items():
        labels = Counter(m.label for m in members)
        known = [lab for lab in labels if lab in KIND_OF_LABEL]
        if not known:
            continue
        label = max(known, key=lambda lab: (labels[lab], -LABEL_ORDER.index(lab)))
        roles: dict[str, None] = {}
        for m in members:
            roles.update(dict.fromkeys(m.roles))
        canonical = members[0].canonical or members[0].name
        canonical = aliases.canonical(canonical, label) or canonical
        cluster = Cluster(
            article_id, number, label, KIND_OF_LABEL[label], canonical,
            Counter(m.name for m in members), tuple(roles), len(members),
        )
        if label == "PERSON":
            cluster.person = parse(canonical)
        clusters.append(cluster)
    return clusters


def name_blocks(key: PersonKey) -> tuple[str, ...]:
    """Fine blocks a full name is filed under: what two names must share to be compared.

    Korean/Chinese names: family + consonants of the given name. Western names: family +
    consonants of the first given name, and family + its initial (for "V. Putin"-like names).
    """
    if key.east_asian:
        return (f"{key.block}|{skeleton(key.joined_given)}",)
    first = key.given[0] if key.given else ""
    if len(first) <= 1:
        return (f"{key.block}|x:{first}", f"{key.block}|i:{first}")
    return (f"{key.block}|s:{skeleton(first)}", f"{key.block}|i:{first[:1]}")


def lookup_blocks(key: PersonKey) -> tuple[str, ...]:
    """Fine blocks to search for candidates of ``key``."""
    if key.east_asian:
        return name_blocks(key)
    first = key.given[0] if key.given else ""
    if len(first) <= 1:
        return (f"{key.block}|i:{first}",)  # an initial may stand for any name
    return (f"{key.block}|s:{skeleton(first)}", f"{key.block}|x:{first[:1]}")


def root_of(number: int, parents: dict[int, int]) -> int:
    seen = {number}
    while number in parents and parents[number] not in seen:
        number = parents[number]
        seen.add(number)
    return number


def majority(counts: Counter[str]) -> str:
    return max(counts, key=lambda lab: (counts[lab], -LABEL_ORDER.index(lab)))


def majority_label(clusters: list[Cluster]) -> str:
    counts: Counter[str] = Counter()
    for c in clusters:
        counts[c.label] += c.mentions
    return majority(counts)


def best_name(clusters: list[Cluster]) -> str:
    counts: Counter[str] = Counter(c.canonical for c in clusters)
    people = {c.canonical: c.person for c in clusters if c.person is not None}
    return best_name_of(counts, people)


def best_name_of(counts: Counter[str], people: dict[str, PersonKey]) -> str:
    """The most frequent canonical form, counting spelling variants of a person together.

    For people, short forms ("Putin", "Ri Son") give way to full names, and the name is the
    most frequent spelling of the most frequent full form ("Ri Son Gwan" over "Ri Sun Gwan").
    """
    if not people:
        return max(counts, key=lambda n: (counts[n], len(n.split()), len(n), n))
    keys = set(people.values())
    full = [
        n for n, k in people.items() if not any(compare_people(k, other) == SHORT for other in keys)
    ]
    names = full or list(people)
    forms: Counter[PersonKey] = Counter()
    for n in names:
        forms[people[n]] += counts[n]
    form = max(forms, key=lambda k: (forms[k], len(k.given), k.given, k.family))
    return max((n for n in names if people[n] == form), key=lambda n: (counts[n], len(n), n))


def group_sort_key(clusters: list[Cluster]) -> tuple[str, str, int]:
    first = min(clusters, key=lambda c: (c.article_id, c.cluster))
    return (best_name(clusters), first.article_id, first.cluster)


def build_entity(clusters: list[Cluster], kind: str) -> Entity:
    name = best_name(clusters)
    aliases: set[str] = set()
    roles: Counter[str] = Counter()
    articles: set[str] = set()
    mentions = 0
    for c in clusters:
        aliases.update(c.names)
        aliases.add(c.canonical)
        roles.update(c.roles)
        articles.add(c.article_id)
        mentions += c.mentions
    return Entity(
        id=f"{kind}:{slug(name)}",
        label=majority_label(clusters),
        name=name,
        aliases=tuple(sorted(aliases)),
        roles=tuple(sorted(roles, key=lambda r: (-roles[r], r))),
        mention_count=mentions,
        article_ids=tuple(sorted(articles)),
    )


def with_id(entity: Entity, new_id: str) -> Entity:
    return Entity(
        new_id, entity.label, entity.name, entity.aliases, entity.roles, entity.mention_count,
        entity.article_ids,
    )


__all__ = [
    "LABEL_ORDER",
    "OFFICE_WORDS",
    "Cluster",
    "Core",
    "best_name",
    "best_name_of",
    "build_entity",
    "clusters_of",
    "group_sort_key",
    "lookup_blocks",
    "majority",
    "majority_label",
    "name_blocks",
    "offices_in",
    "root_of",
    "with_id",
]
