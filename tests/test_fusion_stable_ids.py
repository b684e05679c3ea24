"""Ids of the fused picture are durable: the same articles give the same ids whether fused
in batches or rebuilt at once, and a record keeps its id as later articles join it."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest

from storyline.demo import corpus_files
from storyline.fusion.claims import ClaimIndex, ClaimSource
from storyline.fusion.claims_contradictions import ContradictionIndex, find_contradictions
from storyline.fusion.claims_records import Claim, ClaimQuantity
from storyline.fusion.entities import EntityIndex, resolve_entities
from storyline.fusion.events import EventIndex
from storyline.fusion.stories import StoryIndex, story_id_for
from storyline.runners import fusion as fusion_runner
from storyline.runners.fusion import as_record, fuse
from storyline.runners.language import analyze_pending
from storyline.runners.local import ingest
from storyline.store import open_store
from tests.test_fusion_entities import article

KINDS = ("entity", "story", "event", "claim", "contradiction", "dating")


def _ids(store) -> dict[str, list[str]]:
    return {kind: sorted(record["id"] if "id" in record else record["article_id"]
                         for record in store.fused(kind)) for kind in KINDS}


@pytest.fixture(scope="module")
def two_stores(tmp_path_factory):
    """The demo corpus fused in two batches (incrementally), and ingested at once and
    fused with a rebuild, in separate stores."""
    files = [str(p) for p in sorted(corpus_files())]
    folder = tmp_path_factory.mktemp("ids")
    batched = open_store(str(folder / "batched.db"))
    ingest(files[: len(files) // 2], batched)
    analyze_pending(batched)
    fuse(batched)
    ingest(files[len(files) // 2:], batched)
    analyze_pending(batched)
    assert fuse(batched).mode == "incremental"
    fusion_runner._STATE_CACHE.clear()
    at_once = open_store(str(folder / "at-once.db"))
    ingest(files, at_once)
    analyze_pending(at_once)
    assert fuse(at_once, rebuild=True).mode == "rebuild"
    yield batched, at_once
    batched.close()
    at_once.close()


def test_batched_and_rebuilt_stores_give_the_same_ids(two_stores):
    batched, at_once = two_stores
    first, second = _ids(batched), _ids(at_once)
    for kind in KINDS:
        assert first[kind] == second[kind], kind
    assert first["story"] and first["event"] and first["claim"] and first["entity"]


def test_rebuilding_keeps_every_id(two_stores):
    batched, _ = two_stores
    before = _ids(batched)
    fusion_runner._STATE_CACHE.clear()
    assert fuse(batched, rebuild=True).mode == "rebuild"
    assert _ids(batched) == before


def test_story_ids_name_the_first_article(two_stores):
    _, at_once = two_stores
    order = [mark.article_id for mark in at_once.pending_fusion(everything=True).new]
    for story in at_once.fused("story"):
        first = story["article_ids"][0]
        assert story["id"] == story_id_for(first) == f"story-{first}"
        assert all(order.index(first) <= order.index(a) for a in story["article_ids"])


def test_a_story_keeps_its_id_when_articles_join_and_others_open():
    index = StoryIndex()
    first = index.add_article("a1", "Flood closes the harbour of Veltmark, port says",
                              date(2025, 3, 1))
    index.add_article("b1", "Election results in Norland delayed by a recount",
                      date(2025, 3, 1))
    later = index.add_article("a2", "Veltmark harbour flood: port stays closed",
                              date(2025, 3, 2))
    assert first == later == "story-a1"
    assert index.story_of("b1") == "story-b1"
    assert {s.id for s in index.take_changed()} == {"story-a1", "story-b1"}
    assert index.take_changed() == ()


def _mention(article_id: str, start: int, lemma: str = "arrest") -> object:
    return as_record({
        "evidence": {"article_id": article_id, "sentence": 0, "start": start,
                     "end": start + 8, "text": "arrested"},
        "event_type": "crime", "trigger": "arrested", "lemma": lemma, "participants": [],
        "time": None, "place": {"text": "Veltmark", "start": 0, "end": 8,
                                "role": "place", "mention_cluster": None},
        "status": "occurred"})


def test_an_event_keeps_its_id_when_mentions_join():
    index = EventIndex()
    index.add_article("a1", [_mention("a1", 10)], "story-a1")
    (event,) = index.events()
    index.add_article("a2", [_mention("a2", 40)], "story-a1")
    (joined,) = index.events()
    assert joined.mentions == ("a1#10-18", "a2#40-48")
    assert joined.id == event.id


def _source(article_id: str, day: int, start: int) -> ClaimSource:
    content = "the harbour will stay closed until the water recedes"
    return ClaimSource(article_id, f"g-{article_id}", date(2025, 3, day), {
        "speaker": "Anna Liesberg", "stance": "assert", "content": content,
        "evidence": {"article_id": article_id, "sentence": 0, "start": start,
                     "end": start + 60, "text": content}, "quantities": []})


def test_a_claim_keeps_its_id_when_an_earlier_dated_source_joins():
    index = ClaimIndex()
    index.add(_source("a1", 5, 0))
    (claim,) = index.claims()
    index.add(_source("a0", 2, 30))  # arrives later, but was published earlier
    (joined,) = index.claims()
    assert joined.sources == ("a0", "a1") and joined.first_seen == date(2025, 3, 2)
    assert joined.id == claim.id


def test_entity_index_read_between_articles_equals_the_batch():
    articles = [
        article("a1", ("PERSON", "Anna Liesberg", [], ["port director"]),
                ("GPE", "Veltmark")),
        article("a2", ("PERSON", "Liesberg"), ("ORG", "Tidewater Center for Open Source")),
        article("a3", ("PERSON", "Ri Son Gwan"), ("ORG", "Tidewater Center")),
        article("a4", ("PERSON", "Ri Son"), ("PERSON", "Anna Liesberg")),
        article("a5", ("PERSON", "Bo Liesberg"), ("PERSON", "Liesberg", [], ["mayor"])),
        article("a6", ("GPE", "Veltmark"), ("PERSON", "Ri Sun Gwan")),
    ]
    batch = resolve_entities(articles)
    index = EntityIndex()
    seen: dict[str, object] = {}
    removed: set[str] = set()
    for article_id, mentions in articles:
        index.add_article(article_id, mentions)
        changes = index.take_changes()
        seen.update(changes.entities)
        removed |= changes.removed
        for entity_id in changes.removed:
            seen.pop(entity_id, None)
    assert (index.entities(), index.links()) == batch
    # What the changes reported, folded together, is the picture.
    assert sorted(seen) == sorted(e.id for e in batch[0])
    assert all(seen[e.id] == e for e in batch[0])


def _claim_of(record: dict) -> Claim:
    names = {f.name for f in fields(ClaimQuantity)}
    quantities = tuple(ClaimQuantity(**{k: v for k, v in q.items() if k in names})
                       for q in record["quantities"])
    seen = [date.fromisoformat(d) if d else None
            for d in (record["first_seen"], record["last_seen"])]
    return Claim(
        id=record["id"], speaker=record["speaker"],
        speaker_entity_id=record["speaker_entity_id"], stance=record["stance"],
        content=record["content"], target=record["target"], quantities=quantities,
        sources=tuple(record["sources"]), group_ids=tuple(record["group_ids"]),
        raw_source_count=record["raw_source_count"],
        independent_source_count=record["independent_source_count"],
        first_seen=seen[0], last_seen=seen[1], evidence=(),
        speakers=tuple(record["speakers"]))


def _key(contradiction) -> tuple:
    return contradiction.kind, contradiction.claim_ids, contradiction.detail


def test_contradiction_index_equals_the_batch(two_stores):
    _, at_once = two_stores
    claims = [_claim_of(record) for record in at_once.fused("claim")]
    batch = find_contradictions(claims)
    assert any(c.kind.startswith("number") for c in batch)
    index = ContradictionIndex()
    half = len(claims) // 2
    index.update(claims[:half])
    index.update(claims[half:])
    index.update(claims[:3])  # changed claims are examined again, not counted twice
    assert sorted(map(_key, index.contradictions())) == sorted(map(_key, batch))
    assert len(index) == len(batch)
    # A claim that goes takes its contradictions with it.
    involved = next(c for c in batch if c.claim_ids).claim_ids[0]
    _, went = index.update(removed_claims=[involved])
    assert went and all(involved in c.claim_ids or c.kind.startswith("number") for c in went)
    rest = [c for c in claims if c.id != involved]
    assert sorted(map(_key, index.contradictions())) == \
        sorted(map(_key, find_contradictions(rest)))


def _brute_landing(expression, earliest: date, latest: date) -> list[date]:
    """Every creation date (within a wide window) for which the expression lands in the
    span, by resolving it on each day: what the cached search must agree with."""
    from datetime import timedelta

    from storyline.fusion.dating_facts import value_extent
    from storyline.language.timex import resolve

    out = []
    day = earliest - timedelta(days=420)
    while day <= latest + timedelta(days=420):
        extent = value_extent(resolve(expression, day).value)
        if extent is not None and extent[0] <= latest and earliest <= extent[1]:
            out.append(day)
        day += timedelta(days=1)
    return out


@pytest.mark.parametrize("relative, granularity", [
    ({"unit": "day", "offset": 0, "weekday": 1, "direction": -1}, "day"),  # "on Tuesday"
    ({"unit": "week", "offset": -1}, "week"),  # "last week"
    ({"unit": "year", "offset": 0, "month": 3, "direction": -1}, "month"),  # "in March"
    ({"unit": "day", "offset": -2}, "day"),  # "two days ago"
])
def test_dct_ranges_landing_on_matches_resolving_every_day(relative, granularity):
    from storyline.fusion.dating_constraints import dct_ranges_landing_on
    from storyline.language.evidence import Evidence
    from storyline.language.timex.model import RelativeValue, TimeExpression

    value = RelativeValue(anchor="DCT", granularity=granularity, **relative)
    expression = TimeExpression(Evidence("u", 0, 0, 7, "Tuesday"), "DATE", "XXXX-XX-XX",
                                granularity, anchor="dct", relative=value)
    for earliest, latest in ((date(2025, 3, 4), date(2025, 3, 4)),
                             (date(2025, 3, 3), date(2025, 3, 9))):
        for _ in range(2):  # the second call is answered from the cache
            ranges = dct_ranges_landing_on(expression, earliest, latest)
            days = [date.fromordinal(o) for first, last in ranges
                    for o in range(first.toordinal(), last.toordinal() + 1)]
            assert days == _brute_landing(expression, earliest, latest)
            assert days
