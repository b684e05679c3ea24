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


def test_undated_articles_get_justified_inferred_dates(fused_store):
    from pathlib import Path

    from storyline.views.export import article_record

    inferred = contained = 0
    for stored in fused_store.iter_articles():
        path, _, locator = stored.article.source.partition("#")
        key = Path(path).name + (f"#{locator}" if locator else "")
        expected = EXPECTED["articles"][key]
        record = article_record(fused_store, stored)
        if expected["date"] is not None:
            assert record["published_source"] != "inferred"
            continue
        dating = record["published_inferred"]
        if dating is None:
            continue
        inferred += 1
        assert dating["reasons"] and all(r["detail"] for r in dating["reasons"])
        if dating["earliest"] <= expected["true_date"] <= dating["latest"]:
            contained += 1
        if record["published_source"] == "inferred":
            assert record["published"] == dating["value"]
    undated = sum(1 for a in EXPECTED["articles"].values() if a["date"] is None)
    assert inferred >= undated - 1
    assert contained >= undated - 2


def test_claims_count_copies_once(fused_store):
    claims = fused_store.fused("claim")
    assert claims
    for claim in claims:
        assert 1 <= claim["independent_source_count"] <= claim["raw_source_count"]
        assert claim["raw_source_count"] == len(claim["sources"])
    # The wire story and its two copies: a claim they all carry has one independent source.
    assert any(c["raw_source_count"] >= 3 and c["independent_source_count"] == 1 for c in claims)
    kinds = {c["kind"] for c in fused_store.fused("contradiction")}
    assert {"accusation-denial", "number-evolution"} <= kinds
