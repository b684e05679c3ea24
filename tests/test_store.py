"""The SQLite store: migrations, schema guard, failure records, search, paging."""

from __future__ import annotations

import sqlite3

import pytest

from storyline.errors import SchemaVersionError
from storyline.model import Failure
from storyline.runners.local import ingest
from storyline.store import open_store
from storyline.store.migrations import load_migrations


def test_new_store_is_migrated_to_latest(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    assert store.schema_version() == len(load_migrations())
    tables = {
        row[0]
        for row in sqlite3.connect(tmp_path / "s.db").execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
        )
    }
    assert {"articles", "raw_documents", "failures", "lsh_bands", "articles_fts"} <= tables
    store.close()
    # Re-opening applies nothing twice.
    again = open_store(str(tmp_path / "s.db"))
    assert again.schema_version() == len(load_migrations())
    again.close()


def test_store_written_by_newer_version_is_refused(tmp_path):
    open_store(str(tmp_path / "s.db")).close()
    with sqlite3.connect(tmp_path / "s.db") as db:
        db.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'x')")
    with pytest.raises(SchemaVersionError, match="newer storyline"):
        open_store(str(tmp_path / "s.db"))


def test_failures_are_upserted_with_a_count(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    failure = Failure("bad.bin", "detect", "E101", "binary file")
    store.record_failure(failure)
    store.record_failure(failure)
    stored = store.failures()
    assert len(stored) == 1
    assert stored[0].count == 2
    assert stored[0].failure.reason == "binary file"


def test_search_finds_words_and_is_safe_with_operators(tmp_path, write_articles):
    folder = write_articles(
        {
            "a.txt": "Harbour talks\n\nThe harbour authority met the fishing unions on Monday "
            "to discuss quotas, and both sides said the talks were useful and would continue.",
            "b.txt": "Rail strike\n\nTrain drivers walked out across the northern network on "
            "Friday after negotiations over pay collapsed late on Thursday evening.",
        }
    )
    store = open_store(str(tmp_path / "s.db"))
    ingest([str(folder)], store)
    hits = store.search("harbour quotas")
    assert [h.title for h in hits] == ["Harbour talks"]
    assert "[" in hits[0].snippet  # the matching words are marked
    # FTS5 syntax characters in user input must not raise.
    assert [h.title for h in store.search('drivers" OR (')] == []  # "(" matches no article
    assert [h.title for h in store.search('"drivers" NEAR(')] == []
    assert [h.title for h in store.search("drivers")] == ["Rail strike"]


def test_iter_articles_pages_in_ingestion_order(tmp_path, write_articles):
    texts = {
        f"{i:03}.txt": f"Item number {i}\n\n" + " ".join(f"w{i}x{j}" for j in range(60)) + "."
        for i in range(12)
    }
    folder = write_articles(texts)
    store = open_store(str(tmp_path / "s.db"))
    ingest([str(folder)], store)
    ids = [s.article.id for s in store.iter_articles()]
    assert len(ids) == 12 == store.count_articles()
    assert [s.article.id for s in store.iter_articles(limit=5, offset=3)] == ids[3:8]
    seqs = [s.seq for s in store.iter_articles()]
    assert seqs == sorted(seqs)
