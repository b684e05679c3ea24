"""Incremental fusion: adding articles updates the stored picture without a rebuild.

The demo corpus is ingested in two halves, fused after each; the picture must then be the
one a rebuild over all articles gives, record for record.
"""

from __future__ import annotations

import pytest

from storyline.demo import corpus_files
from storyline.runners import fusion as fusion_runner
from storyline.runners.fusion import STATE_NAME, fuse
from storyline.runners.language import analyze_pending
from storyline.runners.local import ingest
from storyline.store import open_store

KINDS = ("entity", "story", "event", "claim", "contradiction", "dating")


def _picture(store) -> dict[str, list[dict[str, object]]]:
    return {kind: store.fused(kind) for kind in KINDS}


def _members(store) -> list[tuple[str, str, str]]:
    rows = store._db.execute("SELECT kind, id, article_id FROM fused_members ORDER BY 1, 2, 3")
    return [tuple(row) for row in rows]


def _ingest(store, files) -> None:
    ingest([str(p) for p in files], store)
    analyze_pending(store)


def _new_process() -> None:
    """Forget the state a long-lived process keeps: the next run reads the saved one."""
    fusion_runner._STATE_CACHE.clear()


@pytest.fixture(scope="module")
def halves(tmp_path_factory):
    """A store fused after each half of the demo corpus, with both reports."""
    files = sorted(corpus_files())
    store = open_store(str(tmp_path_factory.mktemp("incremental") / "s.db"))
    _ingest(store, files[: len(files) // 2])
    first = fuse(store)
    _ingest(store, files[len(files) // 2:])
    second = fuse(store)
    yield store, first, second
    store.close()


def test_first_run_rebuilds_and_second_adds_only_the_new_articles(halves):
    store, first, second = halves
    assert first.mode == "rebuild" and first.reason == "no fusion state yet"
    assert second.mode == "incremental"
    assert second.added == store.count_articles() - first.articles
    assert second.articles == store.count_articles()
    # Only what changed is written: never more records than the picture holds.
    assert 0 < second.written <= sum(second.counts[k] for k in
                                     ("entities", "stories", "events", "claims"))
    assert store.pending_fusion().new == ()


def test_incremental_picture_equals_a_rebuild(halves):
    store, _, second = halves
    incremental, members = _picture(store), _members(store)
    report = fuse(store, rebuild=True)
    assert report.mode == "rebuild" and report.reason == "asked"
    assert report.counts == second.counts
    rebuilt = _picture(store)
    for kind in KINDS:
        assert incremental[kind] == rebuilt[kind], kind
    assert members == _members(store)


def test_nothing_new_is_a_no_op(halves):
    store, _, _ = halves
    before = store.last_fusion()
    runs = store._db.execute("SELECT COUNT(*) FROM fusion_runs").fetchone()[0]
    report = fuse(store)
    assert report.mode == "unchanged" and report.added == 0 and report.written == 0
    assert report.articles == store.count_articles()
    assert store._db.execute("SELECT COUNT(*) FROM fusion_runs").fetchone()[0] == runs
    assert store.last_fusion() == before


def test_adding_one_article_writes_its_records(halves, tmp_path):
    store, _, _ = halves
    story = store.fused("story")[0]
    (tmp_path / "extra.txt").write_text(
        "Harbor flood closes the port\n\nThe harbour of Veltmark was closed on Monday after "
        "a flood, port director Anna Liesberg said. \"We expect to reopen within a week,\" "
        "Liesberg said.\n",
        encoding="utf-8",
    )
    _ingest(store, [tmp_path / "extra.txt"])
    report = fuse(store)
    assert report.mode == "incremental" and report.added == 1
    new_id = store.pending_fusion(everything=True).new[-1].article_id
    assert store.fused("story", article_id=new_id)
    assert report.written < 20  # the new article's records and the few it touched
    # Records the new article does not touch are left as they were.
    assert any(s == story for s in store.fused("story"))


def test_a_state_of_another_version_means_a_rebuild(halves):
    store, _, _ = halves
    version, _ = store.fusion_state(STATE_NAME)
    store._db.execute("UPDATE fusion_state SET version = 'fusion-0/state-0' WHERE name = ?",
                      (STATE_NAME,))
    report = fuse(store)
    assert report.mode == "rebuild"
    assert "state version" in report.reason
    assert store.fusion_state(STATE_NAME)[0] == version


def test_an_unreadable_state_means_a_rebuild(halves):
    store, _, _ = halves
    before = _picture(store)
    store._db.execute("UPDATE fusion_state SET data = X'00' WHERE name = ?", (STATE_NAME,))
    _new_process()
    report = fuse(store)
    assert report.mode == "rebuild" and "unreadable" in report.reason
    assert _picture(store) == before


def test_a_new_process_folds_in_what_was_fused_after_the_last_save(tmp_path, monkeypatch):
    """The state is not saved every run; a process reading an older save catches up."""
    files = sorted(corpus_files())
    third = len(files) // 3
    store = open_store(str(tmp_path / "s.db"))
    _ingest(store, files[:third])
    first = fuse(store)
    assert first.saved_state  # a rebuild always saves
    monkeypatch.setattr(fusion_runner, "SNAPSHOT_MIN_ARTICLES", 10_000)
    _ingest(store, files[third: 2 * third])
    second = fuse(store)
    assert second.mode == "incremental" and not second.saved_state
    assert len(store.pending_fusion().unsaved) == second.added
    _new_process()
    _ingest(store, files[2 * third:])
    third_run = fuse(store)
    # Replayed: the articles of the second run (from the store) and the new ones.
    assert third_run.mode == "incremental"
    assert third_run.added == store.count_articles() - first.articles
    caught_up, members = _picture(store), _members(store)
    _new_process()
    assert fuse(store, rebuild=True).counts == third_run.counts
    rebuilt = _picture(store)
    for kind in KINDS:
        assert caught_up[kind] == rebuilt[kind], kind
    assert members == _members(store)
    store.close()


def test_a_failed_run_leaves_no_half_updated_state(halves, tmp_path, monkeypatch):
    store, _, _ = halves
    (tmp_path / "late.txt").write_text(
        "Port reopens\n\nThe port of Veltmark reopened on Friday, the harbour master said.\n",
        encoding="utf-8")
    _ingest(store, [tmp_path / "late.txt"])

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(fusion_runner, "_picture", broken)
    with pytest.raises(RuntimeError):
        fuse(store)
    assert store.location not in fusion_runner._STATE_CACHE
    monkeypatch.undo()
    report = fuse(store)
    assert report.mode == "incremental" and report.added == 1
