"""The bundled demo corpus against its ground truth (``demo/corpus/EXPECTED.json``).

This is the foundation's acceptance test: every article ingested, dated (or left
undated) the right way, outlets found, junk removed, copies grouped under the right
original, and independent articles kept apart.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.demo import corpus_dir, corpus_files
from storyline.runners.local import ingest
from storyline.store import open_store

EXPECTED = json.loads((corpus_dir() / "EXPECTED.json").read_text(encoding="utf-8"))


def _key(source: str) -> str:
    path, _, locator = source.partition("#")
    return Path(path).name + (f"#{locator}" if locator else "")


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    store = open_store(str(tmp_path_factory.mktemp("demo") / "demo.db"))
    report = ingest([str(p) for p in corpus_files()], store)
    assert report.failed == 0, report.failures
    yield store
    store.close()


@pytest.fixture(scope="module")
def by_key(demo_store):
    return {_key(s.article.source): s for s in demo_store.iter_articles()}


def test_every_article_is_ingested(by_key):
    assert set(by_key) == set(EXPECTED["articles"])


@pytest.mark.parametrize("key", sorted(EXPECTED["articles"]))
def test_publication_date_and_how_it_was_found(by_key, key):
    expected = EXPECTED["articles"][key]
    article = by_key[key].article
    published = article.published.value.isoformat() if article.published.value else None
    assert published == expected["date"], article.published
    assert article.published.source.value == (expected["date_source"] or "none")


@pytest.mark.parametrize("key", sorted(EXPECTED["articles"]))
def test_outlet_title_and_original_outlet(by_key, key):
    expected = EXPECTED["articles"][key]
    article = by_key[key].article
    assert article.outlet == expected["outlet"]
    if expected["title"]:
        assert article.title == expected["title"]
    if expected["original_outlet"]:
        assert article.original_outlet == expected["original_outlet"]
    else:
        assert article.original_outlet in (None, article.outlet)


@pytest.mark.parametrize("key", sorted(EXPECTED["articles"]))
def test_junk_is_removed_and_recorded_and_story_kept(by_key, key):
    expected = EXPECTED["articles"][key]
    article = by_key[key].article
    text_lines = {line.strip() for line in article.text.splitlines()}
    for junk in expected["junk_lines"]:
        assert junk not in text_lines, junk
    for snippet in expected.get("must_not_contain", []):
        assert snippet not in article.text, snippet
    removed = " ".join(line.text for line in article.boilerplate_removed)
    for junk in expected["junk_lines"]:
        if article.kind.value == "text":
            assert junk.strip() in removed or junk.strip()[:40] in removed, junk
    assert article.text.startswith(expected["text_starts"][:60]) or expected["text_starts"][:60] in article.text[:400]
    assert expected["text_ends"] in article.text[-400:]


def test_copy_groups_match_the_ground_truth(by_key, demo_store):
    for group in EXPECTED["duplicate_groups"]:
        original = by_key[group["original"]]
        assert original.copy_of is None, group["id"]
        for copy in group["copies"]:
            stored = by_key[copy["key"]]
            assert stored.group_id == original.group_id, copy["key"]
            assert stored.copy_of == original.article.id, copy["key"]
            assert stored.relation.value in copy["acceptable"], (copy["key"], stored.relation)
    grouped = {copy["key"] for g in EXPECTED["duplicate_groups"] for copy in g["copies"]}
    grouped |= {g["original"] for g in EXPECTED["duplicate_groups"]}
    # Everything else is its own independent source.
    for key, stored in by_key.items():
        if key not in grouped:
            assert stored.copy_of is None and stored.group_id == f"g{stored.article.id}", key
    for a, b in EXPECTED["not_duplicates"]:
        assert by_key[a].group_id != by_key[b].group_id, (a, b)
    independent = len({s.group_id for s in by_key.values()})
    assert independent == len(by_key) - sum(len(g["copies"]) for g in EXPECTED["duplicate_groups"])


def test_demo_command_prints_summary_and_writes_report(tmp_path):
    from click.testing import CliRunner

    from storyline.cli import cli

    report = tmp_path / "demo.html"
    result = CliRunner().invoke(cli, ["demo", "--db", str(tmp_path / "d.db"), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert f"{len(EXPECTED['articles'])} articles" in result.output
    assert "Copy groups" in result.output and "How dates were found" in result.output
    assert str(report.resolve()) in result.output
    # It ends by saying how to open the web interface on the store it wrote.
    assert f"storyline serve --db {tmp_path / 'd.db'}" in result.output.strip().splitlines()[-1]
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "Harbor Wire" in html
