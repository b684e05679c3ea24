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
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

from storyline.errors import InputError
from storyline.fusion.aliases import AliasTable, alias_key
from storyline.fusion.entities_clusters import (
    OFFICE_WORDS,
    Cluster,
    Core,
    build_entity,
    clusters_of,
    group_sort_key,
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
        self._cache: tuple[tuple[Entity, ...], tuple[EntityLink, ...]] | None = None

    # ------------------------------------------------------------ adding

    def add_article(self, article_id: str, mentions: Sequence[Mention]) -> list[EntityLink]:
        """Resolve one article's clusters against the picture so far; return their links."""
        if article_id in self._articles:
            raise InputError(
                f"article {article_id!r} was already added to the entity index", source=article_id
            )
        self._articles.add(article_id)
        self._cache = None
        clusters = clusters_of(article_id, mentions, self.aliases, self._parse)
        self._order.extend(clusters)
        # Full names before bare ones, so a bare name sees every person of its own article.
        for cluster in sorted(clusters, key=lambda c: c.person is not None and c.person.is_bare):
            if cluster.person is not None and cluster.person.is_bare:
                self._pending.append(cluster)
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

    def _short_form_parents(self) -> dict[int, int]:
        """Cores that are short forms of exactly one other core: "Ri Son", "Tidewater Center"."""
        parents: dict[int, int] = {}
        place_keys = {
            k
            for core in self._cores
            if core.has_place_label()
            for k in core.keys
            if len(k.split()) == 1
        }
        for core in self._cores:
            candidates: set[int] = set()
            if core.kind == "person":
                key = next(iter(core.person_keys))
                if not key.east_asian or len(key.syllables) != 1:
                    continue  # only "Ri Son" (one syllable of "Ri Son Gwan") is a short core
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
                    if len(key.split()) == 1 and (key in place_keys or core.has_place_label()):
                        continue  # "Haemun" is not short for "Haemun Foreign Ministry"
                    candidates |= self._by_edge.get(key, set())
                candidates.discard(core.number)
                candidates = {n for n in candidates if self._cores[n].kind == core.kind}
            # ...but "Tidewater Center" beside "Tidewater Center for Open Source Analysis" in one
            # article is the in-article linker missing a short form, not a second organisation.
            if len(candidates) == 1:
                parents[core.number] = candidates.pop()
        return parents

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

    def _resolve(self) -> tuple[tuple[Entity, ...], tuple[EntityLink, ...]]:
        parents = self._short_form_parents()
        groups: dict[tuple[str, object], list[Cluster]] = {}
        assignment: dict[tuple[str, int], tuple[str, object]] = {}
        for core in self._cores:
            group = ("core", root_of(core.number, parents))
            groups.setdefault(group, []).extend(core.clusters)
            for c in core.clusters:
                assignment[(c.article_id, c.cluster)] = group
        for cluster in self._pending:
            core = self._settle_short(cluster, parents)
            group = ("core", core.number) if core is not None else ("bare", cluster.person.family)
            groups.setdefault(group, []).append(cluster)
            assignment[(cluster.article_id, cluster.cluster)] = group
        entities: dict[tuple[str, object], Entity] = {}
        used: Counter[str] = Counter()
        # Deterministic collision suffixes: order groups by their content, not arrival.
        ordered = sorted(groups.items(), key=lambda item: group_sort_key(item[1]))
        for group, clusters in ordered:
            entity = build_entity(clusters, self._kind(clusters))
            used[entity.id] += 1
            if used[entity.id] > 1:
                entity = with_id(entity, f"{entity.id}-{used[entity.id]}")
            entities[group] = entity
        links = tuple(
            EntityLink(c.article_id, c.cluster, entities[assignment[(c.article_id, c.cluster)]].id)
            for c in self._order
        )
        return tuple(sorted(entities.values(), key=lambda e: e.id)), links

    @staticmethod
    def _kind(clusters: list[Cluster]) -> str:
        return KIND_OF_LABEL[majority_label(clusters)]

    def entities(self) -> tuple[Entity, ...]:
        """Every entity, sorted by id."""
        if self._cache is None:
            self._cache = self._resolve()
        return self._cache[0]

    def links(self) -> tuple[EntityLink, ...]:
        """One link per in-article cluster, in the order articles were added."""
        if self._cache is None:
            self._cache = self._resolve()
        return self._cache[1]

    def __len__(self) -> int:
        return len(self.entities())


__all__ = ["OFFICE_WORDS", "EntityIndex"]
