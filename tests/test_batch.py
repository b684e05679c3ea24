"""The distributed batch path on a local Dask cluster gives what the single-process path gives."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")

from click.testing import CliRunner  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

from storyline.cli import cli  # noqa: E402
from storyline.demo import corpus_files  # noqa: E402
from storyline.errors import ConfigError  # noqa: E402
from storyline.runners.batch import BatchOptions, load_batch, run_batch  # noqa: E402
from storyline.runners.batch_plan import Partition, iter_partition, plan_partitions  # noqa: E402
from storyline.runners.fusion import fuse  # noqa: E402
from storyline.runners.language import analyze_pending  # noqa: E402
from storyline.runners.local import ingest  # noqa: E402
from storyline.sources import iter_inputs  # noqa: E402
from storyline.store import open_store  # noqa: E402

DEMO = [str(path) for path in corpus_files()]


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def single_process_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("local") / "local.db"
    store = open_store(str(path))
    report = ingest(DEMO, store)
    assert report.ok and analyze_pending(store).failed == 0
    fuse(store)
    store.close()
    return path


@pytest.fixture(scope="module")
def batched(client, tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch")
    store = open_store(str(folder / "batch.db"))
    # Small partitions, so that the corpus spreads over both workers and several loads.
    options = BatchOptions(output=folder / "parquet", partition_size=3)
    report = run_batch(DEMO, client, options, store)
    store.close()
    return folder / "batch.db", options.output, report


def _picture(path: Path) -> dict[str, object]:
    """Everything both paths must agree on, read from the store file; timestamps left out."""
    store = open_store(str(path))
    try:
        articles = [
            (s.article, s.seq, s.group_id, s.copy_of, s.relation, s.similarity,
             tuple(store.sources_of(s.article.id)), tuple(store.copy_links_of(s.article.id)),
             store.extractions_of(s.article.id))
            for s in store.iter_articles()
        ]
        groups = [(g.id, g.original_id, g.member_ids) for g in store.groups()]
        failures = sorted((f.failure, f.count) for f in store.failures())
    finally:
        store.close()
    with sqlite3.connect(path) as db:
        fused = db.execute(
            "SELECT kind, id, label, sort_key, data FROM fused_records ORDER BY kind, id"
        ).fetchall()
        members = db.execute("SELECT * FROM fused_members ORDER BY 1, 2, 3").fetchall()
    return {"articles": articles, "groups": groups, "failures": failures,
            "fused": fused, "fused_members": members}


def test_batch_output_equals_the_single_process_path(batched, single_process_db):
    batch_db, _, report = batched
    assert report.partitions >= 5 and not report.crashed
    local, distributed = _picture(single_process_db), _picture(batch_db)
    # The feed and the JSON Lines file hold several articles each.
    assert report.ingest.added == len(local["articles"]) > len(DEMO)
    assert report.ingest.failed == 0 and report.language.failed == 0
    assert any(article[3] for article in local["articles"])  # the corpus has copies
    assert sum(len(article[8]) for article in local["articles"]) > 500  # and facts
    assert len(local["fused"]) > 100
    for key in local:
        assert distributed[key] == local[key], key


def test_parquet_files_are_readable_by_pyarrow(batched):
    _, output, report = batched
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["complete"] and manifest["partitions"] == report.partitions
    tables = {name: pq.read_table(output / name).to_pylist()
              for name in ("articles", "failures", "extractions")}
    assert len(tables["articles"]) == report.ingest.added
    assert {row["id"] for row in tables["articles"]} == set(report.ingest.added_ids)
    assert all(row["analysis_version"] for row in tables["articles"])
    assert len(tables["articles"][0]["minhash"]) == 256
    assert {row["kind"] for row in tables["extractions"]} >= {"mention", "attribution"}
    assert tables["failures"] == []


def test_loading_the_parquet_folder_again_gives_the_same_store(batched, tmp_path):
    batch_db, output, _ = batched
    store = open_store(str(tmp_path / "reloaded.db"))
    report = load_batch(output, store)
    store.close()
    assert report.ingest.added > len(DEMO) and report.language.failed == 0
    assert _picture(tmp_path / "reloaded.db") == _picture(batch_db)


def test_a_bad_file_is_a_failure_record_and_the_rest_goes_on(client, tmp_path, write_articles):
    good = "Harbour talks resume\n\nby A. Writer\n\n" + "Negotiators met again on the pier. " * 12
    folder = write_articles({
        "a-good.txt": good,
        "b-binary.txt": b"\x00\x01\x02\xff" * 400,
        "c-empty.txt": "",
        "d-dump.jsonl": '{"title": "One", "text": "A record with some text in it."}\n{broken\n',
    })
    store = open_store(str(tmp_path / "s.db"))
    report = run_batch([str(folder), str(tmp_path / "missing.txt")], client,
                       BatchOptions(output=tmp_path / "out", partition_size=2), store)
    failures = {f.failure.source: f.failure for f in store.failures()}
    store.close()
    assert report.ingest.added == 2 and report.ingest.failed == 4 and not report.crashed
    assert failures[str(folder / "b-binary.txt")].code == "E101"
    assert failures[str(folder / "c-empty.txt")].code == "E102"
    assert failures[f"{folder / 'd-dump.jsonl'}#line=2"].code == "E105"
    assert failures[str(tmp_path / "missing.txt")].stage == "read"
    written = pq.read_table(tmp_path / "out" / "failures").to_pylist()
    assert len(written) == 4


def test_large_json_lines_files_are_split_by_lines_with_local_source_names(tmp_path):
    lines = [json.dumps({"title": f"Item {n}", "text": f"Body of item {n}. " + "x" * 3000})
             for n in range(1, 200)]
    lines[40] = "{not json"
    lines[77] = ""
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\ufeff" + "\n".join(lines), encoding="utf-8")  # BOM, no final newline
    partitions = list(plan_partitions([str(dump)], 30))
    assert len(partitions) == 7 and all(len(p.units) == 1 for p in partitions)
    batch = [(item.source, item.sha256 if hasattr(item, "sha256") else item.reason)
             for partition in partitions for item in iter_partition(partition)]
    local = [(item.source, item.sha256 if hasattr(item, "sha256") else item.reason)
             for item in iter_inputs([str(dump)])]
    assert batch == local and len(local) == 198


def test_partitions_are_planned_lazily_in_input_order(tmp_path, write_articles):
    folder = write_articles({f"{n:02d}.txt": f"Text {n}" for n in range(7)})
    partitions = plan_partitions([str(folder)], 3)
    first = next(partitions)
    assert isinstance(first, Partition) and [u.target for u in first.units] == [
        str(folder / f"{n:02d}.txt") for n in range(3)]
    assert [len(p.units) for p in partitions] == [3, 1]
    with pytest.raises(ValueError):
        next(plan_partitions([str(folder)], 0))


def test_each_worker_loads_the_language_model_once(batched, client):
    def loaded() -> tuple[int, int]:
        from storyline.language.nlp import get_nlp

        info = get_nlp.cache_info()
        return info.misses, info.currsize

    assert set(client.run(loaded).values()) == {(1, 1)}


def test_loading_an_unfinished_or_foreign_folder_is_a_clear_error(tmp_path):
    store = open_store(str(tmp_path / "s.db"))
    try:
        with pytest.raises(ConfigError, match="no batch output"):
            load_batch(tmp_path, store)
        (tmp_path / "manifest.json").write_text('{"format": "storyline-batch-1"}')
        with pytest.raises(ConfigError, match="did not finish"):
            load_batch(tmp_path, store)
    finally:
        store.close()


@pytest.mark.slow
def test_cli_batch_runs_end_to_end(tmp_path):
    db = tmp_path / "cli.db"
    texts = [path for path in DEMO if path.endswith(".txt")][:4]
    runner = CliRunner()
    result = runner.invoke(cli, ["batch", *texts, "--db", str(db), "--workers", "2",
                                 "--partition-size", "2", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ingest"]["added"] == 4 and data["partitions"] == 2
    assert data["fusion"]["articles"] == 4
    assert Path(data["output"]) == (tmp_path / "cli.db.batch").resolve()
    only = runner.invoke(cli, ["batch", "--from-parquet", data["output"], "--db", str(tmp_path / "b.db")])
    assert only.exit_code == 0, only.output
    assert "4 new article(s)" in only.output


def test_parquet_only_then_loaded_later(client, tmp_path, write_articles):
    folder = write_articles({"one.txt": "Port reopens\n\n" + "Cranes moved again at dawn. " * 10,
                             "two.txt": "Port strike ends\n\n" + "Dock workers voted late. " * 10})
    report = run_batch([str(folder)], client, BatchOptions(output=tmp_path / "out"), None)
    assert report.ingest is None and report.documents == 2 and report.loaded == 0
    store = open_store(str(tmp_path / "s.db"))
    try:
        loaded = load_batch(tmp_path / "out", store)
        assert loaded.ingest.added == 2 and store.count_articles() == 2
        assert loaded.language.analyzed == 2 and loaded.fusion.articles == 2
    finally:
        store.close()


def _break_partitions() -> None:
    import storyline.runners.batch as runner

    def broken(partition, limits):
        raise RuntimeError("simulated worker failure")

    runner._saved_iter_partition = runner.iter_partition
    runner.iter_partition = broken


def _mend_partitions() -> None:
    import storyline.runners.batch as runner

    runner.iter_partition = runner._saved_iter_partition


def test_a_partition_that_fails_on_the_cluster_is_recorded_and_the_run_goes_on(
        client, tmp_path, write_articles):
    folder = write_articles({"one.txt": "Port reopens\n\n" + "Cranes moved again at dawn. " * 10})
    client.run(_break_partitions)
    try:
        store = open_store(str(tmp_path / "s.db"))
        report = run_batch([str(folder)], client, BatchOptions(output=tmp_path / "out"), store)
        (failure,) = [f.failure for f in store.failures()]
        store.close()
    finally:
        client.run(_mend_partitions)
    assert report.crashed == [0] and report.ingest.failed == 1 and not report.ingest.ok
    assert failure.source == str(folder / "one.txt") and failure.code == "E299"
    assert "simulated worker failure" in failure.reason


def test_every_article_field_has_a_parquet_column():
    # A field added to Article must be carried through Parquet, or batch stores would lose it.
    from dataclasses import fields

    from storyline.model import Article
    from storyline.runners.batch_parquet import ARTICLES_SCHEMA

    columns = set(ARTICLES_SCHEMA.names)
    names = {f.name for f in fields(Article)} - {"published"}
    assert names <= columns and {"published", "published_source", "published_evidence"} <= columns
