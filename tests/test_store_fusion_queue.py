"""What a store reports as pending fusion, read from its queue of changed articles.

``pending_fusion`` reads the articles queued since the fusion run that last wrote them
(added, regrouped, re-analysed) instead of comparing every article with its fusion row.
These tests pin that it reports the same as that comparison would, on both backends:
after each kind of change, for a change made while a run is fusing, and for a store
written before the queue existed.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from storyline.fusion.dedup import Fingerprint
from storyline.fusion.provenance import GroupPlan, MemberState
from storyline.model import Article, CopyLink, DateSource, InputKind, PublicationDate, Relation
from storyline.store import open_store
from storyline.store.base import FusedArticle, FusionUpdate, PendingFusion, Store


def _article(store: Store, name: str, *, joins: tuple[str, str] | None = None,
             absorbs: tuple[str, ...] = ()) -> str:
    """Store one small analysed article; ``joins`` = (original id, its group) makes it a
    copy; ``absorbs`` lists groups merged into its group (their members are regrouped)."""
    article_id = hashlib.sha256(name.encode()).hexdigest()[:16]
    text = f"{name} said on Monday that the council met."
    article = Article(
        id=article_id, raw_sha256=hashlib.sha256(text.encode()).hexdigest(), source=name,
        kind=InputKind.TEXT, text=text, title=name, byline=None, outlet="Test Wire",
        original_outlet=None, language="en",
        published=PublicationDate(date(2024, 1, 2), DateSource.METADATA, None),
    )
    fingerprint = Fingerprint(hashlib.sha256(text.encode()).hexdigest(), (0,), ())
    if joins is None:
        group_id = f"g{article_id}"
        plan = GroupPlan(group_id, article_id, absorbs,
                         (MemberState(article_id, None, Relation.ORIGINAL, None),))
        links: list[CopyLink] = []
    else:
        original_id, group_id = joins
        plan = GroupPlan(group_id, original_id, absorbs, (
            MemberState(original_id, None, Relation.ORIGINAL, None),
            MemberState(article_id, original_id, Relation.NEAR, 0.9)))
        links = [CopyLink(original_id, Relation.NEAR, 0.9)]
    store.add_article(article, text.encode(), fingerprint, links, plan)
    _analyse(store, article_id, "test-1")
    return article_id


def _analyse(store: Store, article_id: str, version: str) -> None:
    data = json.dumps({"name": "Council", "label": "ORG"})
    store.save_analysis(article_id, version, [("mention", 0, 0, 0, 7, "Council", data)])
    store.commit()


def _fuse(store: Store, marks: list[FusedArticle], *, save: bool = True,
          full: bool = False) -> None:
    """What a fusion run writes about its articles (no records: the queue is the point)."""
    store.apply_fusion(FusionUpdate(
        version="test", articles=len(marks), upserts=[], deletes=[], fused_articles=marks,
        state_name="test", state_version="test", state=b"state" if save else None,
        state_token="t", full=full,
    ))


def _ids(marks: tuple[FusedArticle, ...]) -> list[str]:
    return [mark.article_id for mark in marks]


def _everything_fused(store: Store) -> list[FusedArticle]:
    return list(store.pending_fusion(everything=True).new)


def test_new_regrouped_and_reanalysed_articles_are_pending_until_fused(store_location):
    store = open_store(store_location)
    first, second = _article(store, "first"), _article(store, "second")
    pending = store.pending_fusion()
    assert _ids(pending.new) == [first, second]
    assert (pending.changed, pending.unsaved, pending.fused, pending.saved) == ((), (), 0, 0)
    store.commit()

    _fuse(store, list(pending.new), save=False)
    pending = store.pending_fusion()
    assert (pending.new, pending.changed) == ((), ())
    assert _ids(pending.unsaved) == [first, second]  # fused, the state not saved since
    assert (pending.fused, pending.saved) == (2, 0)
    store.commit()
    _fuse(store, [], save=True)
    assert store.pending_fusion() == PendingFusion((), (), (), 2, 2)
    store.commit()

    _analyse(store, first, "test-2")
    # A copy of ``first`` that also absorbs the group of ``second``: ``second`` is regrouped.
    third = _article(store, "third", joins=(first, f"g{first}"), absorbs=(f"g{second}",))
    store.commit()
    pending = store.pending_fusion()
    assert _ids(pending.new) == [third]
    assert _ids(pending.changed) == [first, second]
    assert {m.group_id for m in pending.changed} == {f"g{first}"}
    assert pending.unsaved == ()
    store.commit()

    _fuse(store, [*pending.changed, *pending.new], save=True)
    assert store.pending_fusion() == PendingFusion((), (), (), 3, 3)
    store.close()


def test_an_article_changed_while_a_run_fuses_stays_pending(store_location):
    store = open_store(store_location)
    first, second = _article(store, "first"), _article(store, "second")
    read = store.pending_fusion()
    store.commit()
    # Re-analysed after the run read it, before the run writes what it read.
    writer = open_store(store_location)
    _analyse(writer, first, "test-2")
    writer.close()
    _fuse(store, list(read.new), save=True)
    pending = store.pending_fusion()
    assert pending.new == ()
    assert _ids(pending.changed) == [first]
    assert pending.changed[0].analysis != read.new[0].analysis
    assert second not in _ids(pending.changed)
    store.close()


def test_a_rebuild_empties_the_queue(store_location):
    store = open_store(store_location)
    for name in ("first", "second", "third"):
        _article(store, name)
    everything = _everything_fused(store)
    store.commit()
    _fuse(store, everything, save=True, full=True)
    assert store.pending_fusion() == PendingFusion((), (), (), 3, 3)
    store.close()


def test_a_store_written_before_the_queue_gets_its_pending_articles(store_location,
                                                                   monkeypatch):
    import storyline.store.postgres as postgres_module
    import storyline.store.sqlite as sqlite_module
    from storyline.store.migrations import load_migrations

    # Open the store as a storyline whose schema stops before the queue (migration 5).
    for module in (sqlite_module, postgres_module):
        monkeypatch.setattr(module, "load_migrations",
                            lambda dialect="sqlite": load_migrations(dialect)[:4])
    old = open_store(store_location)
    assert old.schema_version() == 4
    fused = [_article(old, name) for name in ("first", "second", "third")]
    later = _article(old, "later")
    marks = [m for m in old.pending_fusion(everything=True).new if m.article_id in fused]
    old.commit()
    # The fusion rows that storyline's ``apply_fusion`` wrote (written here as SQL: today's
    # ``apply_fusion`` needs the queue).
    placeholder = "?" if old.location.endswith(".db") else "%s"
    for mark in marks:
        old._db.execute(  # type: ignore[attr-defined]
            "INSERT INTO fusion_articles(article_id, analysis, group_id, in_state) "
            f"VALUES ({placeholder}, {placeholder}, {placeholder}, 1)",
            (mark.article_id, mark.analysis, mark.group_id),
        )
    old.commit()
    _analyse(old, fused[1], "test-2")
    old.close()
    monkeypatch.undo()

    store = open_store(store_location)
    assert store.schema_version() == len(load_migrations())
    pending = store.pending_fusion()
    assert _ids(pending.new) == [later]
    assert _ids(pending.changed) == [fused[1]]
    assert (pending.unsaved, pending.fused, pending.saved) == ((), 3, 3)
    store.close()


@pytest.mark.parametrize("count", [0, 1, 3])
def test_facts_of_many_articles_read_at_once_match_one_by_one(store_location, count):
    store = open_store(store_location)
    ids = [_article(store, f"article {n}") for n in range(count)]
    unknown = "0" * 16
    facts = store.extractions_of_articles([*ids, unknown])
    assert facts == {**{i: store.extractions_of(i) for i in ids}, unknown: []}
    store.close()


def test_an_upserted_record_rests_on_exactly_its_new_articles(store_location):
    store = open_store(store_location)
    first, second, third = (_article(store, name) for name in ("first", "second", "third"))
    store.commit()

    def write(article_ids: list[str], *, full: bool = False) -> None:
        upsert = ("entity", "e1", "Council", "1", {"id": "e1", "n": len(article_ids)},
                  article_ids, f"digest-{len(article_ids)}")
        store.apply_fusion(FusionUpdate(
            version="test", articles=3, upserts=[upsert], deletes=[], fused_articles=[],
            state_name="test", state_version="test", state=None, state_token="t", full=full,
        ))

    def resting_on() -> list[str]:
        return [a for a in (first, second, third) if store.fused("entity", article_id=a)]

    write([first, second], full=True)
    assert resting_on() == [first, second]
    write([second, third])
    assert resting_on() == [second, third]
    assert store.fused_record("entity", "e1") == {"id": "e1", "n": 2}
    write([third, second, first])
    assert resting_on() == [first, second, third]
    write([])
    assert resting_on() == []
    store.close()
