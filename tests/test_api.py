"""The notebook API: storyline.open() over a store, reads, DataFrames, clear errors."""

from __future__ import annotations

import json

import pytest

import storyline
from storyline.demo import corpus_files
from storyline.errors import UnknownId


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    with storyline.open(tmp_path_factory.mktemp("api") / "s.db") as s:
        summary = s.ingest(*corpus_files())
        assert summary["added"] == len(s.articles())
        assert summary["language"]["analyzed"] == summary["added"]
        assert summary["fusion"]["articles"] == summary["added"]
        yield s


def test_reads_match_the_store(session):
    stories = session.stories()
    assert stories and all(s["article_ids"] for s in stories)
    people = session.entities("person")
    assert people and all(p["label"] == "PERSON" for p in people)
    article = session.article(session.articles(limit=1)[0]["id"])
    assert article["facts"] and all("evidence" in f for f in article["facts"])
    assert session.search("Gorelov")


def test_timeline_is_in_date_order_and_filters(session):
    entries = session.timeline()
    dated = [e["date"] for e in entries]
    assert dated and None not in dated
    story = session.stories()[0]["id"]
    of_story = session.timeline(story=story)
    assert 0 < len(of_story) <= len(entries)
    with pytest.raises(UnknownId, match="no story"):
        session.timeline(story="story-missing")


def test_claims_are_best_sourced_first(session):
    claims = session.claims()
    keys = [(-c["independent_source_count"], -c["raw_source_count"]) for c in claims]
    assert keys == sorted(keys)
    assert all(c["stance"] == "deny" for c in session.claims("deny"))


def test_dataframes(session, tmp_path):
    pytest.importorskip("pandas")
    articles = session.dataframe("articles")
    assert len(articles) == len(session.articles())
    mentions = session.dataframe("mentions")
    assert {"article_id", "start", "end", "evidence_text", "label"} <= set(mentions.columns)
    claims = session.dataframe("claims")
    assert "independent_source_count" in claims.columns
    with pytest.raises(UnknownId, match="choose one of"):
        session.dataframe("nope")
    path = session.export_json(tmp_path / "e.json")
    assert json.loads(path.read_text())["articles"]
