"""The cross-article picture over the demo corpus, rebuilt from stored facts."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.demo import corpus_dir, corpus_files
from storyline.runners.fusion import fuse
from storyline.runners.language import analyze_pending
from storyline.runners.local import ingest
from storyline.store import open_store

EXPECTED = json.loads((corpus_dir() / "EXPECTED.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fused_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("fusion") / "s.db"
    store = open_store(str(path))
    ingest([str(p) for p in corpus_files()], store)
    analyze_pending(store)
    report = fuse(store)
    assert report.articles == store.count_articles()
    yield store
    store.close()


def _entity_of(store, spelling):
    return [e["id"] for e in store.fused("entity") if spelling in e.get("aliases", [])]


def test_spelling_variants_of_one_person_are_one_entity(fused_store):
    merged = 0
    for person in EXPECTED["people"]:
        ids = {i for spelling in person["spellings"] for i in _entity_of(fused_store, spelling)}
        if len(ids) == 1:
            merged += 1
    # Most people must come out as one entity across all their spellings.
    assert merged >= 0.7 * len(EXPECTED["people"]), merged


def test_people_sharing_a_family_name_stay_apart(fused_store):
    people = {p["id"]: p for p in EXPECTED["people"]}
    for pair in EXPECTED["must_not_merge"]:
        if pair["a"] not in people or pair["b"] not in people:
            continue
        a = {i for s in people[pair["a"]]["spellings"] for i in _entity_of(fused_store, s)}
        b = {i for s in people[pair["b"]]["spellings"] for i in _entity_of(fused_store, s)}
        assert not (a & b), pair


def test_stories_cover_every_article_once(fused_store):
    stories = fused_store.fused("story")
    members = [a for s in stories for a in s["article_ids"]]
    assert len(members) == len(set(members)) == fused_store.count_articles()
    assert all(s["title"] for s in stories)


def test_events_rest_on_stored_mentions_and_copies_share_events(fused_store):
    events = fused_store.fused("event")
    assert events
    ids = {s.article.id for s in fused_store.iter_articles()}
    for event in events:
        assert set(event["article_ids"]) <= ids
        for mention in event["mentions"]:
            article_id, _, span = mention.partition("#")
            start, end = map(int, span.split("-"))
            text = fused_store.get_article(article_id).article.text
            assert 0 <= start < end <= len(text)
    assert any(len(e["article_ids"]) > 1 for e in events)


def test_fusion_is_deterministic(fused_store):
    before = {kind: fused_store.fused(kind) for kind in ("entity", "story", "event")}
    fuse(fused_store)
    after = {kind: fused_store.fused(kind) for kind in ("entity", "story", "event")}
    assert before == after


def test_cli_lists_entities_and_stories(fused_store):
    runner = CliRunner()
    result = runner.invoke(cli, ["entities", "--db", fused_store.location, "--type", "person", "--json"])
    assert result.exit_code == 0
    assert all(e["label"] == "PERSON" for e in json.loads(result.output))
    result = runner.invoke(cli, ["stories", "--db", fused_store.location])
    assert result.exit_code == 0 and "stor" in result.output
