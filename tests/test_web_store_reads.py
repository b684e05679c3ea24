"""The store's lighter reads (what the web interface reads per request) answer exactly
what the full reads they replace answer, on the fused demo store."""

from __future__ import annotations

import shutil

import pytest

from helpers import fused_demo_store
from storyline.errors import StoreError
from storyline.runners.fusion import fuse
from storyline.runners.local import ingest
from storyline.store import open_store

pytestmark = pytest.mark.slow

KINDS = ("entity", "story", "event", "claim", "contradiction", "dating")


def _key(record: dict) -> str:
    return record["id"] if "id" in record else record["article_id"]  # a dating is its article's


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory) -> str:
    return fused_demo_store(str(tmp_path_factory.mktemp("reads") / "demo.db"))


@pytest.fixture(scope="module")
def store(demo_path):
    opened = open_store(demo_path)
    yield opened
    opened.close()


def test_article_headers_are_the_articles_without_text(store):
    stored = list(store.iter_articles())
    headers = store.article_headers()
    assert [h.id for h in headers] == [s.article.id for s in stored]
    for header, full in zip(headers, stored):
        assert (header.title, header.outlet, header.published, header.published_source) == (
            full.article.title, full.article.outlet, full.article.published.value,
            full.article.published.source)
        assert (header.group_id, header.copy_of, header.relation, header.similarity, header.seq) == (
            full.group_id, full.copy_of, full.relation, full.similarity, full.seq)
    some = [stored[3].article.id, stored[0].article.id, "no-such-article"]
    assert [h.id for h in store.article_headers(some)] == [stored[0].article.id, stored[3].article.id]
    assert store.article_headers([]) == []


def test_duplicate_group_is_the_group_listed(store):
    groups = store.groups(min_size=2)
    assert groups
    for group in groups:
        assert store.duplicate_group(group.id) == group
    assert store.duplicate_group("no-such-group") is None


@pytest.mark.parametrize("kind", KINDS)
def test_fused_for_articles_equals_the_per_article_reads(store, kind):
    ids = [h.id for h in store.article_headers()]
    for chosen in (ids[:1], ids[2:7], ids):
        expected = {}
        for article_id in chosen:
            for record in store.fused(kind, article_id=article_id):
                expected[_key(record)] = record
        order = [_key(r) for r in store.fused(kind)]
        found = store.fused_for_articles(kind, chosen)
        assert [_key(r) for r in found] == [i for i in order if i in expected]
        assert found == [expected[_key(r)] for r in found]
    assert store.fused_for_articles(kind, []) == []


@pytest.mark.parametrize("kind", KINDS)
def test_fused_by_ids_and_pages_follow_the_kind_order(store, kind):
    everything = store.fused(kind)
    assert store.count_fused(kind) == len(everything)
    picked = [_key(r) for r in everything[::3]][::-1] + ["no-such-id"]
    assert store.fused_by_ids(kind, picked) == everything[::3]
    total, page = store.fused_page(kind, limit=4, offset=1)
    assert total == len(everything) and page == everything[1:5]


def test_fused_page_filters_on_a_field(store):
    people = [e for e in store.fused("entity") if e["label"] == "PERSON"]
    total, page = store.fused_page("entity", limit=3, offset=0, where={"label": "PERSON"})
    assert total == len(people) > 3 and page == people[:3]
    denials = [c for c in store.fused("claim") if c["stance"] == "deny"]
    assert store.fused_page("claim", limit=500, where={"stance": "deny"}) == (len(denials), denials)


def test_fused_fields_reads_named_fields(store):
    claims = store.fused("claim")
    rows = store.fused_fields("claim", ("independent_source_count", "stance", "content"))
    assert rows == [(c["id"], c["independent_source_count"], c["stance"], c["content"]) for c in claims]
    with pytest.raises(StoreError, match="field name"):
        store.fused_fields("claim", ("stance') = 1 OR ('1",))
    with pytest.raises(StoreError, match="field name"):
        store.fused_page("claim", limit=5, where={"a b": "x"})


def test_related_fused_counts_shared_articles(store):
    entities = store.fused("entity")
    members = {e["id"]: set(store_ids) for e in entities
               if (store_ids := {a for a in e["article_ids"]})}
    entity = max(entities, key=lambda e: len(e["article_ids"]))
    expected = sorted(
        ((other, len(members[entity["id"]] & ids)) for other, ids in members.items()
         if other != entity["id"] and members[entity["id"]] & ids),
        key=lambda pair: (-pair[1], pair[0]),
    )
    assert store.related_fused("entity", entity["id"], limit=1000) == expected
    assert store.related_fused("entity", entity["id"], limit=3) == expected[:3]


def test_picture_token_changes_with_fusion_and_new_articles(demo_path, tmp_path):
    path = str(tmp_path / "copy.db")
    shutil.copy(demo_path, path)
    store = open_store(path)
    try:
        token = store.picture_token()
        assert store.picture_token() == token  # reading changes nothing
        fuse(store)  # nothing to do: the picture, and so the token, stay as they are
        assert store.picture_token() == token
        fuse(store, rebuild=True)
        after_fusion = store.picture_token()
        assert after_fusion != token
        article = tmp_path / "new.txt"
        article.write_text(
            "Ferry service resumes on the Ostrava line\n\n"
            "date 2025-03-02 (Harbour Desk) -- The regional ferry operator said on Sunday that "
            "crossings would resume after a three-day strike by deck crews.\n",
            encoding="utf-8",
        )
        ingest([str(article)], store)
        assert store.picture_token() != after_fusion
    finally:
        store.close()
