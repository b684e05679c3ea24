"""EventIndex: events kept up to date by story block give what resolve_events gives."""

from __future__ import annotations

import pytest

from storyline.demo import corpus_files
from storyline.fusion.events import EventFusionOptions, EventIndex, resolve_events
from storyline.fusion.events_similarity import PairWeights
from storyline.runners.fusion import as_record
from storyline.runners.language import analyze_pending
from storyline.runners.local import ingest
from storyline.store import open_store


@pytest.fixture(scope="module")
def demo_mentions(tmp_path_factory):
    """(article id, its event mentions) in ingestion order, over the demo corpus."""
    store = open_store(str(tmp_path_factory.mktemp("events") / "s.db"))
    ingest([str(p) for p in corpus_files()], store)
    analyze_pending(store)
    out = []
    for stored in store.iter_articles():
        facts = store.extractions_of(stored.article.id, "event_mention")
        out.append((stored.article.id, [as_record(f) for f in facts]))
    store.close()
    return out


def _stories(articles):
    # Three stories, so that blocks matter: articles alternate between them.
    return {article_id: f"story-{i % 3}" for i, (article_id, _) in enumerate(articles)}


@pytest.mark.parametrize("options", [
    EventFusionOptions(),
    EventFusionOptions(weights=PairWeights(different_story=-0.2)),  # one block
])
def test_index_fed_article_by_article_equals_the_batch(demo_mentions, options):
    story_of = _stories(demo_mentions)
    mentions = [m for _, article_mentions in demo_mentions for m in article_mentions]
    batch = resolve_events(mentions, story_of, options=options)
    index = EventIndex(options)
    for position, (article_id, article_mentions) in enumerate(demo_mentions):
        index.add_article(article_id, article_mentions, story_of[article_id])
        if position % 4 == 0:
            index.events()  # reading in between must not change the end result
    assert index.events() == batch
    assert len(index) == len(batch)


def test_only_changed_blocks_are_clustered_again(demo_mentions):
    story_of = _stories(demo_mentions)
    index = EventIndex()
    *earlier, (last_id, last_mentions) = [a for a in demo_mentions if a[1]]
    for article_id, article_mentions in earlier:
        index.add_article(article_id, article_mentions, story_of[article_id])
    before = {event.id: event for event in index.events()}
    index.add_article(last_id, last_mentions, story_of[last_id])
    assert index.changed_blocks() == {story_of[last_id]}
    after = index.events()
    for event in after:
        if story_of[event.article_ids[0]] != story_of[last_id]:
            assert before[event.id] is event  # other stories' events were not re-fused


def test_replacing_an_articles_mentions_keeps_its_place(demo_mentions):
    story_of = _stories(demo_mentions)
    index = EventIndex()
    for article_id, article_mentions in demo_mentions:
        index.add_article(article_id, article_mentions, story_of[article_id])
    expected = index.events()
    first_id, first_mentions = demo_mentions[0]
    index.replace_article(first_id, [])
    assert index.events() != expected
    index.replace_article(first_id, first_mentions)
    assert index.events() == expected
