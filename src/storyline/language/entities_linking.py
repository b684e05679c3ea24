"""In-article entity linking: which named mentions of one article are the same entity.

Rules, in order of trust:

* people: a multi-word name joins an earlier cluster with the same family name whose given
  names are compatible ("Vladimir Putin" / "Vladimir V. Putin", "Kim Jong Un" / "Kim Jong-un",
  "Sergei" / "Sergey"); different given names never merge, so "Kim Jong Un", "Kim Jong Il"
  and "Kim Dae-jung" stay three people;
* a bare family name ("Kim", "Choe", "Putin") joins the most recently mentioned compatible
  person; if no such person has been named yet, the compatible person mentioned most often in
  the whole article; a bare Western first name is tried only when no family name matches;
* organisations and places: same normalised name, acronym of a fuller name ("U.N." / "United
  Nations", "KCNA"), or a one-word short form of a longer organisation ("Yonhap" / "Yonhap News").

Every lookup goes through a dict keyed by name pieces, so linking is linear in the number of
mentions (times the handful of same-surname candidates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from storyline.language.entities_spans import is_east_asian_name, split_western_name

_ORGLIKE = frozenset({"ORG", "GPE", "LOC", "FAC"})
_INITIAL_SKIP = frozenset({"of", "the", "and", "for", "&", "de", "du", "la"})
_NON_WORD = re.compile(r"[.'’`]")


def word_key(word: str) -> str:
    """Comparable form of one name word: lower case, no dots, apostrophes or hyphens."""
    return _NON_WORD.sub("", word.lower()).replace("-", "").replace("‐", "")


def name_key(name: str) -> str:
    """Comparable form of a whole name ("the U.S." -> "us", "Kim Jong-un" -> "kim jongun")."""
    words = name.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(word_key(w) for w in words)


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name split into family and given parts, in comparable keys."""

    family: str
    given: tuple[str, ...]
    east_asian: bool

    @classmethod
    def parse(cls, name: str) -> "PersonName":
        words = [w for w in name.split() if w]
        if is_east_asian_name(words):
            given = "".join(word_key(w) for w in words[1:])
            return cls(word_key(words[0]), (given,) if given else (), True)
        given, family = split_western_name(words)
        return cls("".join(word_key(w) for w in family), tuple(word_key(w) for w in given), False)


def _same_word(a: str, b: str) -> bool:
    """Spelling variants of one given name ("sergei"/"sergey", "sonhui"/"sunhui")."""
    if a == b:
        return True
    return min(len(a), len(b)) >= 5 and a[0] == b[0] and Levenshtein.distance(a, b) <= 1


def _initial_or_same(word: str, other: str) -> bool:
    """"v" matches "vladimir"; otherwise spelling variants of one word."""
    return _same_word(word, other) or (len(word) == 1 and other.startswith(word))


def _given_compatible(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether given names ``short`` can be the same person as ``long`` (initials allowed)."""
    if not short or not long:
        return True
    if not _initial_or_same(short[0], long[0]):
        return False
    rest = iter(long[1:])
    for word in short[1:]:
        if not any(_initial_or_same(word, other) for other in rest):
            return False
    return True


def _persons_compatible(a: PersonName, b: PersonName) -> bool:
    if a.family != b.family:
        return False
    if len(a.given) <= len(b.given):
        return _given_compatible(a.given, b.given)
    return _given_compatible(b.given, a.given)


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _INITIAL_SKIP]
    return "".join(w[0] for w in words).lower() if len(words) >= 2 else ""


def _acronym(name: str) -> str:
    bare = name.replace(".", "").replace(" ", "")
    return bare.lower() if 2 <= len(bare) <= 6 and bare.isupper() and bare.isalpha() else ""


@dataclass
class _Cluster:
    label: str
    best: str  # fullest name seen so far
    count: int = 0
    last_position: int = -1
    first_position: int = -1
    person: PersonName | None = None
    members: list[int] = field(default_factory=list)


def _fuller(candidate: str, current: str) -> bool:
    return len(candidate.split()) > len(current.split()) or (
        len(candidate.split()) == len(current.split()) and len(candidate) > len(current)
    )


def link_mentions(items: list[tuple[str, str]]) -> tuple[list[int], list[str]]:
    """Cluster mentions given as ``(label, name)`` in text order.

    Returns, per mention, its cluster id (numbered by first appearance) and the cluster's
    canonical (fullest) name.
    """
    clusters: list[_Cluster] = []
    assignment: list[int] = [-1] * len(items)
    by_family: dict[str, list[int]] = {}
    by_first: dict[str, list[int]] = {}
    by_key: dict[tuple[str, str], int] = {}
    by_initials: dict[str, int] = {}
    by_head_word: dict[str, int] = {}

    def new_cluster(label: str, name: str, person: PersonName | None) -> int:
        clusters.append(_Cluster(label=label, best=name, person=person))
        return len(clusters) - 1

    def attach(index: int, cid: int, name: str, position: int) -> None:
        cluster = clusters[cid]
        assignment[index] = cid
        cluster.count += 1
        cluster.members.append(index)
        cluster.last_position = position
        if cluster.first_position < 0:
            cluster.first_position = position
        if _fuller(name, cluster.best):
            cluster.best = name

    # Pass 1: full person names and all organisations/places, in text order.
    for index, (label, name) in enumerate(items):
        if label == "PERSON":
            if len(name.split()) < 2:
                continue
            person = PersonName.parse(name)
            candidates = [
                c
                for c in by_family.get(person.family, [])
                if _persons_compatible(person, clusters[c].person)
            ]
            if candidates:
                cid = max(candidates, key=lambda c: clusters[c].last_position)
                if len(person.given) > len(clusters[cid].person.given):
                    clusters[cid].person = person
            else:
                cid = new_cluster(label, name, person)
                by_family.setdefault(person.family, []).append(cid)
                if person.given and not person.east_asian:
                    by_first.setdefault(person.given[0], []).append(cid)
            attach(index, cid, name, index)
            continue
        key = name_key(name)
        # Organisations and places share one key space: "U.S." GPE and "US" ORG are one thing.
        space = "ORG" if label in _ORGLIKE else label
        cid = by_key.get((space, key))
        if cid is None and label in _ORGLIKE:
            acronym = _acronym(name)
            if acronym and acronym in by_initials:
                cid = by_initials[acronym]
            elif len(key.split()) == 1 and label == "ORG" and key in by_head_word:
                cid = by_head_word[key]
        if cid is None:
            cid = new_cluster(label, name, None)
        attach(index, cid, name, index)
        by_key[(space, key)] = cid
        if label in _ORGLIKE:
            initials = _initials(name)
            if initials:
                by_initials.setdefault(initials, cid)
            if label == "ORG" and len(key.split()) >= 2:
                by_head_word.setdefault(key.split()[0], cid)
    # Acronyms and short forms seen before their full form: relink through the indexes.
    for cid, cluster in enumerate(clusters):
        if cluster.person is not None or not cluster.members:
            continue
        acronym = _acronym(cluster.best)
        target = by_initials.get(acronym) if acronym else None
        if target is None and cluster.label == "ORG" and len(cluster.best.split()) == 1:
            target = by_head_word.get(name_key(cluster.best))
        if target is not None and target != cid and clusters[target].members:
            for member in cluster.members:
                attach(member, target, items[member][1], member)
            cluster.members = []

    # Pass 2: bare person names, resolved against people named so far (most recent first).
    deferred: list[int] = []
    bare_clusters: dict[str, int] = {}
    recent: dict[int, int] = {}  # cluster -> index of its latest mention before the current one
    for index, (label, name) in enumerate(items):
        if assignment[index] >= 0:
            recent[assignment[index]] = index
            continue
        if label != "PERSON":
            continue
        key = word_key(name)
        candidates = by_family.get(key) or [
            c for c in by_first.get(key, []) if not clusters[c].person.east_asian
        ]
        earlier = [c for c in candidates if c in recent]
        if earlier:
            cid = max(earlier, key=lambda c: recent[c])
            attach(index, cid, name, index)
            recent[cid] = index
        elif candidates:
            deferred.append(index)
        else:
            cid = bare_clusters.get(key)
            if cid is None:
                cid = bare_clusters[key] = new_cluster(label, name, PersonName.parse(name))
            attach(index, cid, name, index)
            recent[cid] = index
    # Pass 3: bare names before any full form: the most mentioned compatible person.
    for index in deferred:
        key = word_key(items[index][1])
        candidates = by_family.get(key) or by_first.get(key, [])
        cid = max(candidates, key=lambda c: (clusters[c].count, -clusters[c].first_position))
        attach(index, cid, items[index][1], clusters[cid].last_position)

    renumber: dict[int, int] = {}
    ids: list[int] = []
    for cid in assignment:
        ids.append(renumber.setdefault(cid, len(renumber)))
    canonical = [clusters[cid].best for cid in assignment]
    return ids, canonical


__all__ = ["PersonName", "link_mentions", "name_key", "word_key"]
