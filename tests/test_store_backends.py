"""The storage interface, run against both backends: SQLite and PostgreSQL.

The demo corpus goes through the normal runners (ingest, language layer, fusion) into
one store of each kind; everything read back — counts, copy groups, search hits, fused
records, the lighter web reads, the JSON export — must be the same. The store basics
(migrations recorded, failure upserts, paging, prefixes, safe search) run once per backend.
"""

from __future__ import annotations

import io
import json

import pytest

from storyline.demo import corpus_files
from storyline.errors import SchemaVersionError
from storyline.model import Failure
from storyline.runners.fusion import fuse
from storyline.runners.language import analyze_pending
from storyline.runners.local import ingest
from storyline.store import open_store
from storyline.store.base import Store
from storyline.store.migrations import DIALECTS, load_migrations
from storyline.views.export import write_json

FUSED_KINDS = ("entity", "story", "event", "claim", "contradiction", "dating")
# What differs between two runs whatever the backend: clocks.
VOLATILE = {"exported_at", "ingested_at", "first_seen", "last_seen"}


def _build(location: str) -> Store:
    store = open_store(location)
    report = ingest([str(p) for p in corpus_files()], store)
    assert report.added > 10
    analyze_pending(store)
    fuse(store)
    return store


@pytest.fixture(scope="module")
def demo_pair(tmp_path_factory, postgres_demo_url):
    """(SQLite store, PostgreSQL store) holding the analysed, fused demo corpus."""
    sqlite_store = _build(str(tmp_path_factory.mktemp("backends") / "demo.db"))
    postgres_store = open_store(postgres_demo_url)
    yield sqlite_store, postgres_store
    sqlite_store.close()
    postgres_store.close()


def _without_clocks(value):
    if isinstance(value, dict):
        return {k: _without_clocks(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_without_clocks(v) for v in value]
    return value


def test_backends_hold_the_same_articles_groups_and_facts(demo_pair):
    lite, pg = demo_pair
    assert pg.count_articles() == lite.count_articles()
    assert pg.groups() == lite.groups()
    assert len(pg.groups(min_size=2)) >= 1
    assert pg.analysis_counts() == lite.analysis_counts()
    assert [s.article for s in pg.iter_articles()] == [s.article for s in lite.iter_articles()]
    first = next(lite.iter_articles())
    assert pg.raw_bytes(first.article.raw_sha256) == lite.raw_bytes(first.article.raw_sha256)
    for stored in lite.iter_articles():
        article_id = stored.article.id
        assert pg.copy_links_of(article_id) == lite.copy_links_of(article_id)
        assert pg.sources_of(article_id) == lite.sources_of(article_id)
        assert pg.extractions_of(article_id) == lite.extractions_of(article_id)
    assert list(pg.iter_extractions("attribution")) == list(lite.iter_extractions("attribution"))
    assert [f.failure for f in pg.failures()] == [f.failure for f in lite.failures()]


def test_backends_hold_the_same_fused_picture(demo_pair):
    lite, pg = demo_pair
    for kind in FUSED_KINDS:
        assert pg.fused(kind) == lite.fused(kind), kind
    assert pg.fused("story")  # the demo corpus does make a story
    article_id = next(lite.iter_articles()).article.id
    assert pg.fused("entity", article_id=article_id) == lite.fused("entity", article_id=article_id)
    assert pg.last_fusion() == lite.last_fusion()
    assert pg.fused_digests() == lite.fused_digests()


def test_backends_find_the_same_articles(demo_pair):
    lite, pg = demo_pair
    for query in ("talks", "foreign minister", "shells artillery", "nothingmatcheshere"):
        assert {h.article_id for h in pg.search(query)} == {
            h.article_id for h in lite.search(query)
        }
    hits = pg.search("foreign minister")
    assert hits and "[" in hits[0].snippet
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_backends_answer_the_lighter_reads_alike(demo_pair):
    lite, pg = demo_pair
    assert pg.article_headers() == lite.article_headers()
    ids = [h.id for h in lite.article_headers()][:3]
    assert pg.article_headers(ids) == lite.article_headers(ids)
    group = lite.groups(min_size=2)[0]
    assert pg.duplicate_group(group.id) == lite.duplicate_group(group.id) == group
    assert pg.duplicate_group("no-such-group") is None
    assert pg.fused_for_articles("claim", ids) == lite.fused_for_articles("claim", ids)
    entity_ids = [e["id"] for e in lite.fused("entity")][:4]
    assert pg.fused_by_ids("entity", entity_ids) == lite.fused_by_ids("entity", entity_ids)
    assert pg.fused_page("claim", limit=5, offset=2) == lite.fused_page("claim", limit=5, offset=2)
    where = {"stance": "deny"}
    assert pg.fused_page("claim", limit=50, where=where) == lite.fused_page(
        "claim", limit=50, where=where
    )
    fields = ("independent_source_count", "raw_source_count", "stance")
    assert pg.fused_fields("claim", fields) == lite.fused_fields("claim", fields)
    claim_id = str(lite.fused("claim")[0]["id"])
    assert pg.related_fused("claim", claim_id) == lite.related_fused("claim", claim_id)
    for kind in FUSED_KINDS:
        assert pg.count_fused(kind) == lite.count_fused(kind)
    assert pg.picture_token() == lite.picture_token()


def test_backends_export_the_same_json(demo_pair):
    exports = []
    for store in demo_pair:
        out = io.StringIO()
        write_json(store, out)
        exports.append(_without_clocks(json.loads(out.getvalue())))
    assert exports[0] == exports[1]
    assert exports[0]["articles"] and exports[0]["claims"]


def test_both_dialects_have_the_same_migrations():
    named = {
        dialect: [(m.version, m.name) for m in load_migrations(dialect)] for dialect in DIALECTS
    }
    assert named["sqlite"] == named["postgresql"]
    with pytest.raises(ValueError, match="unknown migration dialect"):
        load_migrations("oracle")


# --- the basics, once per backend ---------------------------------------------------------


def test_migrations_are_recorded_and_applied_once(store_location):
    store = open_store(store_location)
    assert store.schema_version() == len(load_migrations())
    store.close()
    again = open_store(store_location)
    assert again.schema_version() == len(load_migrations())
    again.close()


def test_a_store_written_by_a_newer_version_is_refused(store_location):
    store = open_store(store_location)
    if store_location.startswith("postgresql://"):
        store._db.execute("INSERT INTO schema_migrations VALUES (999, 'future', now())")
    else:
        store._db.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'x')")
    store.close()
    with pytest.raises(SchemaVersionError, match="newer storyline") as caught:
        open_store(store_location)
    assert caught.value.code == "E301"


def test_failures_are_upserted_with_a_count(store_location):
    store = open_store(store_location)
    failure = Failure("bad.bin", "detect", "E101", "binary file")
    store.record_failure(failure)
    store.record_failure(failure)
    stored = store.failures()
    assert [(s.failure, s.count) for s in stored] == [(failure, 2)]
    assert stored[0].first_seen <= stored[0].last_seen
    store.close()


def test_search_paging_and_prefixes(store_location, write_articles):
    folder = write_articles(
        {
            f"{i:02}.txt": f"Ferry timetable {i}\n\nThe island ferry number {i} will leave "
            + " ".join(f"w{i}x{j}" for j in range(50))
            + " according to the harbour office."
            for i in range(7)
        }
        | {
            "quay.txt": "Harbour office\n\nThe quay was closed on Tuesday while the crane "
            "was repaired, and the harbour office said fishing boats would moor elsewhere."
        }
    )
    store = open_store(store_location)
    ingest([str(folder)], store)
    ids = [s.article.id for s in store.iter_articles()]
    assert len(ids) == 8 == store.count_articles()
    assert [s.article.id for s in store.iter_articles(limit=3, offset=2)] == ids[2:5]
    assert store.get_article(ids[0][:10]).article.id == ids[0]
    assert store.get_article("%") is None and store.get_article("zz") is None
    # The title outranks the text: "harbour office" is the quay article's title.
    assert store.search("harbour office")[0].title == "Harbour office"
    assert len(store.search("harbour office", limit=3)) == 3
    # Query syntax in user input is just text.
    for hostile in ('"harbour" OR (', "ferry & !island", "quay:*", "'); DROP TABLE articles; --"):
        store.search(hostile)
    assert store.search("   ") == []
    assert store.count_articles() == 8
    store.close()


def test_both_backends_implement_the_whole_interface():
    pytest.importorskip("psycopg")
    from storyline.store.base import Store
    from storyline.store.postgres import PostgresStore
    from storyline.store.sqlite import SQLiteStore

    wanted = {name for name in vars(Store) if not name.startswith("_")} - {"location"}
    for backend in (SQLiteStore, PostgresStore):
        missing = {name for name in wanted if not callable(getattr(backend, name, None))}
        assert not missing, f"{backend.__name__} lacks {sorted(missing)}"
    public = {n for n in dir(SQLiteStore) if not n.startswith("_") and n.islower()}
    assert public <= set(dir(PostgresStore))


def test_the_web_interface_serves_the_same_answers_from_both(demo_pair):
    from fastapi.testclient import TestClient

    from storyline.web import create_app

    lite = demo_pair[0]
    story_id = lite.fused("story")[0]["id"]
    article_id = next(lite.iter_articles()).article.id
    entity_id = lite.fused("entity")[0]["id"]
    routes = [
        "/api/stories",
        f"/api/stories/{story_id}",
        f"/api/stories/{story_id}/timeline",
        "/api/claims",
        "/api/claims?stance=deny",
        "/api/contradictions",
        "/api/entities",
        f"/api/entities/{entity_id}",
        "/api/articles",
        f"/api/articles/{article_id}",
    ]
    pages = [
        "/",
        f"/stories/{story_id}",
        "/entities",
        f"/entities/{entity_id}",
        "/articles",
        f"/articles/{article_id}",
        "/search?q=foreign+minister",
    ]
    answers = []
    for store in demo_pair:
        with TestClient(create_app(store.location)) as client:
            answer = {}
            for route in routes:
                response = client.get(route)
                assert response.status_code == 200, (store.location, route)
                answer[route] = _without_clocks(response.json())
            for page in pages:
                assert client.get(page).status_code == 200, (store.location, page)
            hits = client.get("/api/search?q=foreign+minister").json()
            answer["search"] = sorted(json.dumps(hit, sort_keys=True) for hit in _items(hits))
            answers.append(answer)
    for route in answers[0]:
        assert answers[1][route] == answers[0][route], route


def _items(body):
    if isinstance(body, dict):
        return body.get("items") or body.get("articles") or body.get("hits") or [body]
    return body
