"""What only the PostgreSQL backend has: URLs and their errors, the recorded migrations,
its own full-text index (tsvector + GIN) and ranking, and its locks."""

from __future__ import annotations

import pytest

from storyline.errors import ConfigError, StoreError
from storyline.runners.local import ingest
from storyline.store import open_store
from storyline.store.migrations import load_migrations


def test_an_unknown_url_scheme_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="unknown store URL scheme") as caught:
        open_store("mysql://localhost/news")
    assert caught.value.code == "E400"


def test_a_malformed_postgres_url_is_a_config_error():
    pytest.importorskip("psycopg")
    with pytest.raises(ConfigError, match="not a usable PostgreSQL URL") as caught:
        open_store("postgresql://user@localhost:notaport/news")
    assert caught.value.code == "E400"


def test_an_unreachable_server_is_a_store_error_without_the_password(tmp_path):
    pytest.importorskip("psycopg")
    url = f"postgresql://reader:s3cret@/news?host={tmp_path}&connect_timeout=2"
    with pytest.raises(StoreError, match="cannot connect to the PostgreSQL store") as caught:
        open_store(url)
    assert caught.value.code == "E300"
    assert "s3cret" not in str(caught.value) and "reader:***@" in str(caught.value)


def test_migrations_are_recorded_by_name(postgres_url):
    store = open_store(postgres_url)
    assert store.migrations_applied() == [
        (m.version, m.name) for m in load_migrations("postgresql")
    ]
    # Two stores opening the same database at once: the second finds it migrated.
    other = open_store(postgres_url)
    assert other.schema_version() == store.schema_version() == len(load_migrations("postgresql"))
    other.close()
    store.close()


def test_full_text_search_uses_a_tsvector_with_a_gin_index(postgres_url, write_articles):
    folder = write_articles(
        {
            "title.txt": "Lighthouse keeper retires\n\nAfter forty winters on the rock the keeper "
            "handed over the lamp to an automatic system installed by the coast authority.",
            "body.txt": "Coast authority budget\n\nThe coast authority published its budget, "
            "which mentions the lighthouse once, in a line about painting the lighthouse "
            "door, and spends most of its pages on dredging the channel.",
            "other.txt": "Dredging contract\n\nA dredging firm won the contract to deepen the "
            "channel before the spring tides, the port said on Wednesday afternoon.",
            "parts.txt": "Notes\n\nThe schedule was posted as tide-tables-2025.pdf on the port "
            "website, the harbour-master said during the morning briefing.",
        }
    )
    store = open_store(postgres_url)
    ingest([str(folder)], store)
    indexes = {
        row[0]: row[1]
        for row in store._rows(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'articles'"
        )
    }
    assert "USING gin (search)" in indexes["articles_search"]
    # Ranked: the title hit first, then the article naming it twice in its text.
    assert [h.title for h in store.search("lighthouse")] == [
        "Lighthouse keeper retires",
        "Coast authority budget",
    ]
    assert "[lighthouse]" in store.search("lighthouse")[1].snippet.lower()
    # Every word is required, in any order; compound tokens split into words.
    # ts_rank_cd favours the words close together: "dredging the channel" beats a title
    # word far from the other one.
    assert [h.title for h in store.search("channel dredging")] == [
        "Coast authority budget",
        "Dredging contract",
    ]
    assert [h.title for h in store.search("tables 2025")] == ["Notes"]
    assert [h.title for h in store.search("harbour master")] == ["Notes"]
    assert store.search("lighthouse dredging spring") == []
    store.close()


def test_a_failed_write_leaves_the_connection_usable(postgres_url):
    store = open_store(postgres_url)
    with pytest.raises(StoreError, match="could not record a source"):
        store.add_source("no-such-article", "somewhere.txt")  # foreign key violation
    assert store.count_articles() == 0
    store.close()


def _ingest_lock_free(store) -> bool:
    """Whether another connection could take the ingest lock right now."""
    row = store._rows("SELECT pg_try_advisory_lock(%s, %s)", (0x53544F52, 2))[0]
    if row[0]:
        store._rows("SELECT pg_advisory_unlock(%s, %s)", (0x53544F52, 2))
    return bool(row[0])


def test_the_ingest_section_runs_from_the_copy_index_read_to_the_commit(
    postgres_url, write_articles
):
    folder = write_articles(
        {"a.txt": "Bridge repairs\n\nThe river bridge will close for two weeks of repairs."}
    )
    writer, other = open_store(postgres_url), open_store(postgres_url)
    assert _ingest_lock_free(other)
    writer.exact_matches("0" * 64)  # copy detection starts: the section opens
    assert not _ingest_lock_free(other)
    writer.commit()
    assert _ingest_lock_free(other)
    ingest([str(folder)], writer)  # a whole ingest leaves nothing held
    assert _ingest_lock_free(other) and other.count_articles() == 1
    writer.close()
    other.close()


def test_a_stale_incremental_fusion_is_refused(postgres_url, write_articles):
    from storyline.runners.fusion import fuse
    from storyline.store.base import FusionUpdate

    folder = write_articles(
        {"a.txt": "Ferry strike\n\nFerry crews stopped work on Monday over rosters."}
    )
    first, second = open_store(postgres_url), open_store(postgres_url)
    ingest([str(folder)], first)
    fuse(first)  # a full run: the state is saved, nothing is pending afterwards
    first.pending_fusion()  # nothing to write: the fusion lock is not kept
    empty = FusionUpdate(
        version="test",
        articles=1,
        upserts=(),
        deletes=(),
        fused_articles=(),
        state_name="fusion",
        state_version="x",
        state=None,
        state_token="",
    )
    second.apply_fusion(empty)  # another process fuses in between
    with pytest.raises(StoreError, match="run `storyline fuse` again"):
        first.apply_fusion(empty)
    first.close()
    second.close()
