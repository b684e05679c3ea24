"""The incremental entity index behind :func:`storyline.fusion.entities.resolve_entities`.

``add_article`` costs a few dict lookups per cluster (every comparison is confined to a
block: family-name consonants plus given-name consonants or initial for people; exact key,
acronym, leading/trailing word runs or consonant skeleton for organisations and places), so
the index stays fast at 100k articles; reading the picture settles short forms in one pass.

How clusters are matched (name rules in :mod:`storyline.fusion.entities_names`):

* people: a full name joins an entity only when it is compatible with *every* full name
  already in it (same or variant spelling, initials, missing middle names), so "Kim Jong Un"
  and "Kim Jong Il" never meet through a third name. When several entities fit, an identical
  spelling wins, then agreeing roles; a variant whose office ("minister", "ambassador")
  conflicts with the entity's is refused;
* a bare family name ("Putin") or a Korean name cut short ("Ri Son") is a short form: it joins
  the one compatible person when there is exactly one (roles break ties) and otherwise stays
  an entity of its own (one per bare name). Short forms are settled when the picture is read,
  so the result does not depend on the order articles arrive in;
* organisations and places: the alias table first (``Kiev`` -> ``Kyiv``), then the
  punctuation-free name (legal forms like "Inc." dropped), acronyms both ways ("KCNA" /
  "Korean Central News Agency"), one-letter vowel variants of long place names
  ("Kharyv"/"Kharov"). An organisation (or a multiword place) named by the leading or trailing
  words of exactly one longer name ("Tidewater Center") joins it. The same name typed ORG in
  one article and GPE in another is one entity (the model's typing of capitals and countries
  is unstable); PERSON never matches anything else;
* negative evidence: two different clusters of one article are two entities, unless they
  carry the identical name (then the in-article linker missed a link); this holds for people
  and for every match made while adding, not for organisation short forms, which the
  in-article linker often leaves unlinked beside the full name.

``Entity.id`` is derived from the best name and type ("person:choe-son-hui"), so it is stable
across runs over the same articles; it can change when later articles change the best name.
Two entities whose names give one id are told apart by arrival: the one whose first
cluster came first keeps the bare id, the next gets "-2", and so on (so a later article
never renumbers them).

Reading is incremental too: the index remembers which cores changed since the picture was
last read and re-resolves only what they can reach (short-form parents of cores sharing a
key or an edge with them, the bare names of their family-name blocks, the entities of the
groups that changed and the ids sharing their base), so reading after a few new articles
costs what those articles touch. :meth:`EntityIndex.take_changes` hands the runner what
changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from storyline.errors import InputError
from storyline.fusion.aliases import AliasTable, alias_key
from storyline.fusion.entities_clusters import (
    OFFICE_WORDS,
    Cluster,
    Core,
    build_entity,
    clusters_of,
    lookup_blocks,
    majority_label,
    name_blocks,
    offices_in,
    root_of,
    with_id,
)
from storyline.fusion.entities_names import (
    SAME,
    SHORT,
    VARIANT,
    PersonKey,
    acronym_of,
    compare_people,
    edge_keys,
    is_acronym,
    parse_person,
    place_variant,
    skeleton,
    slug,
    strip_legal_suffix,
)
from storyline.fusion.entities_records import KIND_OF_LABEL, Entity, EntityLink
from storyline.language.entities import Mention

# A bare name with more candidates than this is ambiguous whatever the roles say.
_MAX_SHORT_CANDIDATES = 64
_MAX_CACHED_KEYS = 1 << 17


Group = tuple[str, object]  # ("core", root core number) or ("bare", family name)


@dataclass
class EntityChanges:
    """What reading the picture changed since the last :meth:`EntityIndex.take_changes`."""

    entities: dict[str, Entity] = field(default_factory=dict)  # id -> new or changed record
    removed: set[str] = field(default_factory=set)  # ids no entity holds any more
    # (article id, cluster) of clusters whose entity id may have changed
    relinked: set[tuple[str, int]] = field(default_factory=set)


class EntityIndex:
    """The cross-article entity picture, updated one article at a time.

    ``add_article`` returns the links of that article's clusters as the picture stands then;
    ``entities()`` and ``links()`` give the current picture (later articles can merge short
    forms into people and change best names, hence ids). Each article may be added once.
    """

    def __init__(self, aliases: AliasTable | None = None) -> None:
        self.aliases = aliases if aliases is not None else AliasTable.default()
        self._cores: list[Core] = []
        self._pending: list[Cluster] = []  # bare person names, settled when read
        self._order: list[Cluster] = []  # every cluster, in arrival order
        self._cluster_core: dict[tuple[str, int], int] = {}
        self._by_key: dict[tuple[str, str], list[int]] = {}
        # People: coarse block (family name) for short forms, fine block for full names.
        self._by_family: dict[str, dict[int, None]] = {}
        self._by_name: dict[str, dict[int, None]] = {}
        self._by_first_syllable: dict[tuple[str, str], dict[int, None]] = {}
        self._by_acronym: dict[str, set[int]] = {}
        self._by_edge: dict[str, set[int]] = {}
        self._by_skeleton: dict[str, set[int]] = {}
        self._articles: set[str] = set()
        self._keys: dict[tuple[str, str], str] = {}
        self._people: dict[str, PersonKey] = {}
        # Reading state, kept up to date by _refresh: short-form parents and roots, the
        # groups (entities) and their records, and what changed since the last read.
        self._short_by_first: dict[tuple[str, str], set[int]] = {}
        self._pending_by_block: dict[str, list[Cluster]] = {}
        self._place_keys: set[str] = set()
        self._parents: dict[int, int] = {}
        self._children: dict[int, set[int]] = {}
        self._root: dict[int, int] = {}
        self._members: dict[int, set[int]] = {}  # root -> cores whose root it is
        self._bare_group: dict[tuple[str, int], Group] = {}
        self._bare_members: dict[Group, dict[tuple[str, int], Cluster]] = {}
        self._built: dict[Group, tuple[Entity, int]] = {}  # entity before suffixes, first arrival
        self._by_base: dict[str, set[Group]] = {}
        self._entity: dict[Group, Entity] = {}
        self._ids: dict[str, Group] = {}  # entity id -> the group holding it
        self._dirty_cores: set[int] = set()
        self._new_pending: list[Cluster] = []
        self._changes = EntityChanges()

    # ------------------------------------------------------------ adding

    def add_article(self, article_id: str, mentions: Sequence[Mention]) -> list[EntityLink]:
        """Resolve one article's clusters against the picture so far; return their links."""
        if article_id in self._articles:
            raise InputError(
                f"article {article_id!r} was already added to the entity index", source=article_id
            )
        self._articles.add(article_id)
        clusters = clusters_of(article_id, mentions, self.aliases, self._parse)
        for cluster in clusters:
            cluster.arrival = len(self._order)
            self._order.append(cluster)
        # Full names before bare ones, so a bare name sees every person of its own article.
        for cluster in sorted(clusters, key=lambda c: c.person is not None and c.person.is_bare):
            if cluster.person is not None and cluster.person.is_bare:
                self._pending.append(cluster)
                self._pending_by_block.setdefault(cluster.person.block, []).append(cluster)
                self._new_pending.append(cluster)
                continue
            core = self._match_person(cluster) if cluster.person else self._match_other(cluster)
            if core is None:
                core = Core(len(self._cores), cluster.kind)
                self._cores.append(core)
            self._attach(core, cluster)
        return [
            EntityLink(c.article_id, c.cluster, self._provisional_id(c))
            for c in sorted(clusters, key=lambda c: c.cluster)
        ]

    def _attach(self, core: Core, cluster: Cluster) -> None:
        self._dirty_cores.add(core.number)
        core.clusters.append(cluster)
        core.mentions += cluster.mentions
        core.canonical_counts[cluster.canonical] += 1
        core.cached_name = None
        core.label_counts[cluster.label] += cluster.mentions
        core.office_words |= offices_in(cluster.roles)
        if cluster.person is not None:
            core.people[cluster.canonical] = cluster.person
        core.articles.setdefault(cluster.article_id, set()).add(cluster.cluster)
        self._cluster_core[(cluster.article_id, cluster.cluster)] = core.number
        person = cluster.person
        if person is not None:
            if person not in core.person_keys:
                core.person_keys.add(person)
                self._by_family.setdefault(person.block, {})[core.number] = None
                for block in name_blocks(person):
                    self._by_name.setdefault(block, {})[core.number] = None
                if person.east_asian and len(person.syllables) > 1:
                    first = (person.block, skeleton(person.syllables[0]))
                    self._by_first_syllable.setdefault(first, {})[core.number] = None
                elif person.east_asian and len(person.syllables) == 1:
                    first = (person.block, skeleton(person.syllables[0]))
                    self._short_by_first.setdefault(first, set()).add(core.number)
            return
        space = "group" if cluster.kind == "group" else "named"
        for name in self._indexed_names(cluster):
            key = self._key(name, cluster.label)
            if not key or key in core.keys:
                continue
            core.keys.add(key)
            self._by_key.setdefault((space, key), []).append(core.number)
            if space == "group":
                continue
            acronym = acronym_of(self.aliases.canonical(name, cluster.label) or name)
            if acronym:
                self._by_acronym.setdefault(acronym, set()).add(core.number)
            if cluster.kind == "org":
                for edge in edge_keys(key):
                    self._by_edge.setdefault(edge, set()).add(core.number)
            elif cluster.kind == "place":
                for edge in edge_keys(key):
                    if len(edge.split()) > 1:  # "Moscone West" of "Moscone West Convention Center"
                        self._by_edge.setdefault(edge, set()).add(core.number)
            if cluster.kind == "place":
                self._by_skeleton.setdefault(skeleton(key.replace(" ", "")), set()).add(core.number)

    def _parse(self, name: str) -> PersonKey:
        key = self._people.get(name)
        if key is None:
            key = self._people[name] = parse_person(name, self.aliases)
            if len(self._people) > _MAX_CACHED_KEYS:
                self._people.clear()
        return key

    def _indexed_names(self, cluster: Cluster) -> list[str]:
        """The names a cluster is indexed and looked up by: its canonical form and acronyms of it.

        Other in-article names are short forms ("Apple" in an article about Apple Corps) and
        would tie unrelated entities together if they were keys.
        """
        names = [cluster.canonical]
        if cluster.kind != "group":
            acronym = acronym_of(cluster.canonical)
            own_key = self._key(cluster.canonical, cluster.label)
            for name in cluster.names:
                if is_acronym(name) and alias_key(name).replace(" ", "") == acronym:
                    names.append(name)
                elif self._key(name, cluster.label) == own_key:
                    names.append(name)
        return list(dict.fromkeys(names))

    def _key(self, name: str, label: str) -> str:
        """Alias-resolved comparable key of an organisation or place name (memoised)."""
        cached = self._keys.get((name, label))
        if cached is None:
            cached = self._keys[(name, label)] = self._compute_key(name, label)
            if len(self._keys) > _MAX_CACHED_KEYS:
                self._keys.clear()
        return cached

    def _compute_key(self, name: str, label: str) -> str:
        canonical = self.aliases.canonical(name, label)
        if canonical is None and label != "NORP":
            other = "GPE" if label == "ORG" else "ORG"
            canonical = self.aliases.canonical(name, other)
            words = name.split()
            if canonical is None and len(words) > 1:
                # "U.N. Security Council" -> "United Nations Security Council"
                head = self.aliases.canonical(words[0], label) or self.aliases.canonical(
                    words[0], other
                )
                if head is not None:
                    canonical = " ".join([head, *words[1:]])
        key = alias_key(canonical or name)
        if label == "ORG":
            key = strip_legal_suffix(key)
        return key

    def _match_person(self, cluster: Cluster) -> Core | None:
        key = cluster.person
        assert key is not None
        offices = offices_in(cluster.roles)
        best: tuple[tuple[int, int, int], Core] | None = None
        blocks = lookup_blocks(key)
        numbers = dict.fromkeys(n for block in blocks for n in self._by_name.get(block, ()))
        for number in numbers:
            core = self._cores[number]
            relations = [compare_people(key, other) for other in core.person_keys]
            if not relations or any(r not in (SAME, VARIANT) for r in relations):
                continue
            if core.blocked_for(cluster) and any(r != SAME for r in relations):
                # Another cluster of this article is that person: a variant here is someone
                # else. (An identical name is the in-article linker's miss, not a namesake.)
                continue
            same = sum(r == SAME for r in relations)
            core_offices = core.offices()
            agree = bool(offices & core_offices)
            if not same and offices and core_offices and not agree:
                continue  # a spelling variant holding another office: someone else
            score = (same, int(agree), core.mentions)
            if best is None or score > best[0]:
                best = (score, core)
        return best[1] if best else None

    def _match_other(self, cluster: Cluster) -> Core | None:
        space = "group" if cluster.kind == "group" else "named"
        names = self._indexed_names(cluster)
        keys = [self._key(n, cluster.label) for n in names]
        for key in keys:
            found = self._free(self._by_key.get((space, key), ()), cluster)
            if found:
                return max(found, key=lambda c: c.mentions)
        if space == "group":
            return None
        for name, key in zip(names, keys):
            if is_acronym(name):
                found = self._free(self._by_acronym.get(key.replace(" ", ""), ()), cluster)
                if len(found) == 1:
                    return found[0]
            acronym = acronym_of(self.aliases.canonical(name, cluster.label) or name)
            if acronym:
                found = [
                    c for c in self._free(self._by_key.get((space, acronym), ()), cluster)
                    if any(len(k.split()) == 1 for k in c.keys)
                ]
                if len(found) == 1:
                    return found[0]
        if cluster.kind == "place":
            for key in keys:
                compact = key.replace(" ", "")
                found = [
                    c for c in self._free(self._by_skeleton.get(skeleton(compact), ()), cluster)
                    if c.kind == "place" and any(place_variant(compact, k) for k in c.keys)
                ]
                if len(found) == 1:
                    return found[0]
        return None

    def _free(self, numbers: Iterable[int], cluster: Cluster) -> list[Core]:
        return [self._cores[n] for n in numbers if not self._cores[n].blocked_for(cluster)]

    # ------------------------------------------------------------ reading

    def _provisional_id(self, cluster: Cluster) -> str:
        number = self._cluster_core.get((cluster.article_id, cluster.cluster))
        if number is None:
            core = self._settle_short(cluster, {})
            if core is None:
                return f"person:{slug(cluster.canonical)}"
            number = core.number
        core = self._cores[number]
        return f"{core.kind_now()}:{slug(core.best_name())}"

    def _parent_of(self, core: Core) -> int | None:
        """The core ``core`` is a short form of, when exactly one: "Ri Son", "Tidewater Center"."""
        candidates: set[int] = set()
        if core.kind == "person":
            key = next(iter(core.person_keys))
            if not key.east_asian or len(key.syllables) != 1:
                return None  # only "Ri Son" (one syllable of "Ri Son Gwan") is a short core
            first = (key.block, skeleton(key.syllables[0]))
            for number in self._by_first_syllable.get(first, ()):
                other = self._cores[number]
                if other is core:
                    continue
                if all(
                    compare_people(a, b) == SHORT
                    for a in core.person_keys
                    for b in other.person_keys
                ):
                    candidates.add(number)
            # Two clusters of one article are two people...
            candidates = {
                n for n in candidates if not set(core.articles) & set(self._cores[n].articles)
            }
        elif core.kind in ("org", "place"):
            for key in core.keys:
                if len(key.split()) == 1 and (key in self._place_keys or core.has_place_label()):
                    continue  # "Haemun" is not short for "Haemun Foreign Ministry"
                candidates |= self._by_edge.get(key, set())
            candidates.discard(core.number)
            candidates = {n for n in candidates if self._cores[n].kind == core.kind}
        # ...but "Tidewater Center" beside "Tidewater Center for Open Source Analysis" in one
        # article is the in-article linker missing a short form, not a second organisation.
        return candidates.pop() if len(candidates) == 1 else None

    def _settle_short(self, cluster: Cluster, parents: dict[int, int]) -> Core | None:
        """The one person a bare name can be (roles break ties), or None."""
        key = cluster.person
        assert key is not None
        found: dict[int, Core] = {}
        for number in self._by_family.get(key.block, ()):
            root = self._cores[root_of(number, parents)]
            core = self._cores[number]
            if root.number in found or root.blocked_for(cluster) or core.blocked_for(cluster):
                continue
            if all(compare_people(key, other) == SHORT for other in core.person_keys):
                found[root.number] = root
                if len(found) > _MAX_SHORT_CANDIDATES:
                    return None
        if len(found) > 1:
            offices = offices_in(cluster.roles)
            agreeing = {n: c for n, c in found.items() if offices & c.offices()}
            found = agreeing
        return next(iter(found.values())) if len(found) == 1 else None

    def _refresh(self) -> None:
        """Bring groups and entities up to date with the cores changed since the last read."""
        dirty, self._dirty_cores = self._dirty_cores, set()
        new_pending, self._new_pending = self._new_pending, []
        if not dirty and not new_pending:
            return
        changes = self._changes
        # 1. Short-form parents of the cores the changed ones can reach.
        recheck = set(dirty)
        for number in dirty:
            core = self._cores[number]
            if core.has_place_label():
                for key in core.keys:
                    if len(key.split()) == 1 and key not in self._place_keys:
                        self._place_keys.add(key)
                        recheck.update(self._by_key.get(("named", key), ()))
            if core.kind in ("org", "place"):
                for key in core.keys:
                    for edge in edge_keys(key):
                        recheck.update(self._by_key.get(("named", edge), ()))
            for person in core.person_keys:
                if person.east_asian and person.syllables:
                    recheck.update(self._short_by_first.get(
                        (person.block, skeleton(person.syllables[0])), ()))
        moved: set[int] = set()
        for number in sorted(recheck):
            parent = self._parent_of(self._cores[number])
            if parent != self._parents.get(number):
                old = self._parents.pop(number, None)
                if old is not None:
                    self._children[old].discard(number)
                if parent is not None:
                    self._parents[number] = parent
                    self._children.setdefault(parent, set()).add(number)
                moved.add(number)
        # 2. Roots of the changed cores and of every core below a moved one.
        dirty_groups: set[Group] = set()
        reroot: set[int] = set()
        stack = list(moved | dirty)
        while stack:
            number = stack.pop()
            if number in reroot:
                continue
            reroot.add(number)
            stack.extend(self._children.get(number, ()))
        blocks: set[str] = set()
        for number in sorted(reroot):
            root = root_of(number, self._parents)
            old_root = self._root.get(number)
            if number in dirty:
                dirty_groups.add(("core", root))
            if root != old_root:
                if old_root is not None:
                    self._members[old_root].discard(number)
                    dirty_groups.add(("core", old_root))
                    changes.relinked.update(
                        (c.article_id, c.cluster) for c in self._cores[number].clusters)
                self._root[number] = root
                self._members.setdefault(root, set()).add(number)
                dirty_groups.add(("core", root))
            if number in dirty or root != old_root:
                blocks.update(person.block for person in self._cores[number].person_keys)
        # 3. Bare names: settled again in every family block whose cores changed.
        settle = [c for block in sorted(blocks) for c in self._pending_by_block.get(block, ())]
        seen = {(c.article_id, c.cluster) for c in settle}
        settle += [c for c in new_pending if (c.article_id, c.cluster) not in seen]
        for cluster in settle:
            assert cluster.person is not None
            core = self._settle_short(cluster, self._parents)
            group: Group = ("core", core.number) if core is not None else \
                ("bare", cluster.person.family)
            key = (cluster.article_id, cluster.cluster)
            old_group = self._bare_group.get(key)
            if old_group == group:
                continue
            if old_group is not None:
                del self._bare_members[old_group][key]
                dirty_groups.add(old_group)
                changes.relinked.add(key)
            self._bare_group[key] = group
            self._bare_members.setdefault(group, {})[key] = cluster
            dirty_groups.add(group)
        # 4. The entities of the changed groups, then the ids of the bases they touch.
        bases: set[str] = set()
        for group in dirty_groups:
            previous = self._built.pop(group, None)
            if previous is not None:
                bases.add(previous[0].id)
                self._by_base[previous[0].id].discard(group)
            clusters = self._clusters_of(group)
            if not clusters:
                continue
            entity = build_entity(clusters, self._kind(clusters))
            self._built[group] = (entity, min(c.arrival for c in clusters))
            self._by_base.setdefault(entity.id, set()).add(group)
            bases.add(entity.id)
        for base in sorted(bases):
            holders = sorted(self._by_base.get(base, ()), key=lambda g: self._built[g][1])
            for position, group in enumerate(holders, 1):
                entity = self._built[group][0]
                if position > 1:
                    entity = with_id(entity, f"{base}-{position}")
                old_entity = self._entity.get(group)
                if old_entity == entity:
                    continue
                if old_entity is not None and old_entity.id != entity.id:
                    self._forget_id(old_entity.id, group)
                    changes.removed.add(old_entity.id)
                    changes.relinked.update(
                        (c.article_id, c.cluster) for c in self._clusters_of(group))
                self._entity[group] = entity
                self._ids[entity.id] = group
                changes.entities[entity.id] = entity
        for group in dirty_groups:
            if group not in self._built and group in self._entity:
                gone = self._entity.pop(group).id
                self._forget_id(gone, group)
                changes.removed.add(gone)
        changes.removed = {i for i in changes.removed if i not in self._ids}
        for entity_id in changes.removed:
            changes.entities.pop(entity_id, None)

    def _forget_id(self, entity_id: str, group: Group) -> None:
        if self._ids.get(entity_id) == group:
            del self._ids[entity_id]

    def _clusters_of(self, group: Group) -> list[Cluster]:
        clusters: list[Cluster] = []
        if group[0] == "core":
            for number in sorted(self._members.get(group[1], ())):  # type: ignore[arg-type]
                clusters.extend(self._cores[number].clusters)
        clusters.extend(self._bare_members.get(group, {}).values())
        return clusters

    @staticmethod
    def _kind(clusters: list[Cluster]) -> str:
        return KIND_OF_LABEL[majority_label(clusters)]

    def take_changes(self) -> EntityChanges:
        """What changed in the picture since the last call (and resets it)."""
        self._refresh()
        changes, self._changes = self._changes, EntityChanges()
        return changes

    def entity_of(self, article_id: str, cluster: int) -> str | None:
        """The entity id of one in-article cluster as the picture stands now."""
        self._refresh()
        number = self._cluster_core.get((article_id, cluster))
        group = ("core", self._root[number]) if number is not None else \
            self._bare_group.get((article_id, cluster))
        entity = self._entity.get(group) if group is not None else None
        return entity.id if entity is not None else None

    def holds(self, entity_id: str) -> bool:
        """Whether some entity has this id now."""
        self._refresh()
        return entity_id in self._ids

    def entities(self) -> tuple[Entity, ...]:
        """Every entity, sorted by id."""
        self._refresh()
        return tuple(sorted(self._entity.values(), key=lambda e: e.id))

    def links(self) -> tuple[EntityLink, ...]:
        """One link per in-article cluster, in the order articles were added."""
        self._refresh()
        return tuple(EntityLink(c.article_id, c.cluster, self.entity_of(c.article_id, c.cluster)
                                or "") for c in self._order)

    def __len__(self) -> int:
        self._refresh()
        return len(self._entity)


__all__ = ["OFFICE_WORDS", "EntityIndex"]
