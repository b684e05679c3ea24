"""Entity resolution on the bundled demo corpus: spaCy + extract_mentions + resolve_entities.

``EXPECTED.json`` lists every person's spellings, the places and organisations, and pairs that
must never merge. A spelling the per-article layer never produces as a name of the right type
(mistyped or split by the model) cannot be checked here; the test lists those as
``unchecked`` in its output instead of failing on them, and fails if a listed spelling that
*was* found lands in a second entity, or if a must-not-merge pair shares one.
"""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from storyline.demo import corpus_dir, corpus_files
from storyline.extract import extract_article
from storyline.fusion.aliases import alias_key
from storyline.fusion.entities import KIND_OF_LABEL, resolve_entities
from storyline.model import Failure
from storyline.sources import iter_inputs

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def resolved():
    from storyline.language.entities import extract_mentions
    from storyline.language.nlp import get_nlp

    nlp = get_nlp()
    articles = []
    for item in iter_inputs([str(path) for path in corpus_files()]):
        assert not isinstance(item, Failure), item
        text = extract_article(item).text
        articles.append((item.source, extract_mentions(nlp(text), item.source)))
    entities, links = resolve_entities(articles)
    entity_of = {(link.article_id, link.cluster): link.entity_id for link in links}
    # (kind, normalised surface name) -> entity ids it was resolved to
    by_name: dict[tuple[str, str], set[str]] = defaultdict(set)
    for article_id, mentions in articles:
        for mention in mentions:
            kind = KIND_OF_LABEL.get(mention.label)
            by_name[(kind, alias_key(mention.name))].add(entity_of[(article_id, mention.cluster)])
    expected = json.loads((corpus_dir() / "EXPECTED.json").read_text(encoding="utf-8"))
    return entities, by_name, expected


def _groups(expected) -> dict[str, tuple[str, list[str]]]:
    groups = {p["id"]: ("person", p["spellings"]) for p in expected["people"]}
    groups.update({p["id"]: ("place", p["spellings"]) for p in expected["places"]})
    groups.update({o["id"]: ("org", o["spellings"]) for o in expected["organizations"]})
    return groups


def _entities_of(by_name, kind: str, spellings: list[str]) -> tuple[set[str], list[str]]:
    found: set[str] = set()
    unchecked = []
    for spelling in spellings:
        ids = by_name.get((kind, alias_key(spelling)))
        if ids:
            found |= ids
        else:
            unchecked.append(spelling)
    return found, unchecked


def test_each_listed_entity_is_one_entity(resolved, capsys):
    _, by_name, expected = resolved
    split = {}
    unchecked = {}
    for group_id, (kind, spellings) in _groups(expected).items():
        found, missing = _entities_of(by_name, kind, spellings)
        if missing:
            unchecked[group_id] = missing
        if len(found) > 1:
            split[group_id] = sorted(found)
    with capsys.disabled():
        print(f"\nunchecked (no mention of this name and type in the corpus): {unchecked}")
    assert not split, f"spellings of one entity resolved to several: {split}"


def test_must_not_merge_pairs_stay_apart(resolved):
    _, by_name, expected = resolved
    groups = _groups(expected)
    for pair in expected["must_not_merge"]:
        kind_a, spellings_a = groups[pair["a"]]
        kind_b, spellings_b = groups[pair["b"]]
        a, _ = _entities_of(by_name, kind_a, spellings_a)
        b, _ = _entities_of(by_name, kind_b, spellings_b)
        assert a and b, pair
        assert not a & b, pair


def test_every_person_with_a_full_name_found_is_resolved(resolved):
    _, by_name, expected = resolved
    # The people whose every spelling the per-article layer finds as a PERSON name today.
    complete = [
        p["id"]
        for p in expected["people"]
        if not _entities_of(by_name, "person", p["spellings"])[1]
    ]
    assert len(complete) >= 14
