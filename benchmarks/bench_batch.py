"""The batch path on a local Dask cluster against the single-process path, same corpus.

A synthetic corpus (``synthetic.py``: originals, syndicated copies, identical re-posts)
is written as text files, then processed in this one command twice into fresh stores:

* **single process**: ``ingest`` (extraction, fingerprints, copy detection, store),
  ``analyze_pending`` (the language layer) and ``fuse``, the model loaded beforehand;
* **batch**: ``run_batch`` on a ``LocalCluster`` of ``--workers`` processes (one thread
  each): extraction, fingerprints and the language layer on the workers, written as
  Parquet, loaded into the store by this process while later partitions still run,
  then ``fuse``. The cluster's start (processes, imports, the model in every worker) is
  timed apart.

Reported: wall time of each phase, the speedup (single / batch, with and without the
cluster start; fusion is the same sequential step on both sides and is shown apart), the
parallel efficiency (speedup / workers) and the overhead: worker CPU seconds summed over
partitions against the single process's extraction + analysis time (what Parquet and
partitioning add), and the driver's load time against the single process's ingest.
CPU seconds are reported beside wall seconds: on a shared machine the wall times also
measure the neighbours (fusion, the same sequential work on both sides, shows by how
much the machine's load changed between the two runs). The
two stores are checked to hold the same articles and copy groups.

    python benchmarks/bench_batch.py                 # 1,000 articles, 2 workers
    python benchmarks/bench_batch.py --size 10000 --workers 4 --partition-size 200
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO_ROOT, Timing, load_average, machine, print_table, write_results
from synthetic import write_text_files

RESULTS = REPO_ROOT / "benchmarks" / "results" / "batch.json"


def single_process(corpus: Path, db: Path) -> dict[str, float]:
    from storyline.language.nlp import get_nlp
    from storyline.runners.fusion import fuse
    from storyline.runners.language import analyze_pending
    from storyline.runners.local import ingest
    from storyline.store import open_store

    get_nlp()  # loaded before timing, as the batch workers load it at start-up
    store = open_store(str(db))
    try:
        with Timing() as t_ingest:
            report = ingest([str(corpus)], store)
        with Timing() as t_analyze:
            analysis = analyze_pending(store)
        with Timing() as t_fuse:
            fuse(store)
    finally:
        store.close()
    assert report.ok and analysis.failed == 0
    return {"ingest": t_ingest.wall, "analyze": t_analyze.wall, "fuse": t_fuse.wall,
            "fuse_cpu": t_fuse.cpu,
            "ingest_cpu": t_ingest.cpu, "analyze_cpu": t_analyze.cpu,
            "articles": report.added, "copies": report.copies}


def batch(corpus: Path, db: Path, output: Path, workers: int, partition_size: int) -> dict[str, float]:
    from distributed import Client, LocalCluster

    from storyline.runners import batch as batch_runner
    from storyline.store import open_store

    fusion_seconds = {}

    # Time fusion apart: wrap the runner's fuse for this measurement only.
    import storyline.runners.fusion as fusion_module

    real_fuse = fusion_module.fuse

    def timed_fuse(store, **kwargs):  # type: ignore[no-untyped-def]
        started, started_cpu = time.perf_counter(), time.process_time()
        try:
            return real_fuse(store, **kwargs)
        finally:
            fusion_seconds["fuse"] = time.perf_counter() - started
            fusion_seconds["fuse_cpu"] = time.process_time() - started_cpu

    with Timing() as t_start:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        client = Client(cluster)
        client.register_plugin(batch_runner.LanguageModelPlugin())
    store = open_store(str(db))
    fusion_module.fuse = timed_fuse
    try:
        options = batch_runner.BatchOptions(output=output, partition_size=partition_size)
        with Timing() as t_run:
            report = batch_runner.run_batch([str(corpus)], client, options, store)
    finally:
        fusion_module.fuse = real_fuse
        store.close()
        client.close()
        cluster.close()
    assert report.ingest is not None and report.ingest.ok and not report.crashed
    return {"cluster_start": t_start.wall, "run": t_run.wall, "fuse": fusion_seconds["fuse"],
            "fuse_cpu": fusion_seconds["fuse_cpu"],
            "driver_load": report.load_seconds, "worker_wall": report.worker_seconds,
            "worker_cpu": report.worker_cpu_seconds, "driver_cpu": t_run.cpu, "partitions": report.partitions,
            "articles": report.ingest.added, "copies": report.ingest.copies}


def same_picture(a: Path, b: Path) -> bool:
    from storyline.store import open_store

    pictures = []
    for path in (a, b):
        store = open_store(str(path))
        try:
            pictures.append([(s.article.id, s.group_id, s.copy_of, s.relation)
                             for s in store.iter_articles()])
        finally:
            store.close()
    return pictures[0] == pictures[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000, help="articles to generate")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partition-size", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20_261_123)
    parser.add_argument("--json", type=Path, default=RESULTS, help="results file")
    args = parser.parse_args(argv)

    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="storyline-bench-batch-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        kinds = write_text_files(corpus, args.size, args.seed)
        single = single_process(corpus, root / "single.db")
        distributed = batch(corpus, root / "batch.db", root / "parquet", args.workers,
                            args.partition_size)
        equal = same_picture(root / "single.db", root / "batch.db")
    load_after = load_average()

    single_total = single["ingest"] + single["analyze"] + single["fuse"]
    single_work = single["ingest"] + single["analyze"]
    batch_work = distributed["run"] - distributed["fuse"]
    rows = [
        ("single process", single["ingest"] + single["analyze"], single["fuse"], single_total,
         0.0, single_total),
        (f"batch, {args.workers} workers", batch_work, distributed["fuse"], distributed["run"],
         distributed["cluster_start"], distributed["run"] + distributed["cluster_start"]),
    ]
    print_table(f"{args.size} synthetic articles ({single['articles']} stored, "
                f"{single['copies']} copies), {distributed['partitions']} partitions of "
                f"{args.partition_size}",
                ("path", "ingest+language s", "fuse s", "total s", "cluster start s",
                 "total + start s"), rows)
    speedup_work = single_work / batch_work
    speedup_total = single_total / distributed["run"]
    speedup_cold = single_total / (distributed["run"] + distributed["cluster_start"])
    single_cpu = single["ingest_cpu"] + single["analyze_cpu"]
    driver_cpu = distributed["driver_cpu"] - distributed["fuse_cpu"]
    # On a shared machine wall times measure the neighbours too; CPU seconds do not. The
    # CPU-bound estimate is what the wall speedup would be on idle cores: the single
    # process's CPU time over the longest of: the driver's CPU time, one worker's share of
    # the workers' CPU time, and all of it spread over the machine's cores.
    cores = os.cpu_count() or 1
    cpu_speedup = single_cpu / max(driver_cpu, distributed["worker_cpu"] / args.workers,
                                   (distributed["worker_cpu"] + driver_cpu) / cores)
    figures = {
        "speedup_ingest_language": round(speedup_work, 3),
        "speedup_with_fusion": round(speedup_total, 3),
        "speedup_with_cluster_start": round(speedup_cold, 3),
        "parallel_efficiency": round(speedup_work / args.workers, 3),
        "speedup_cpu_bound_estimate": round(cpu_speedup, 3),
        "work_inflation_cpu": round((distributed["worker_cpu"] + driver_cpu) / single_cpu, 3),
        "driver_cpu_over_single_cpu": round(driver_cpu / single_cpu, 3),
        "fuse_wall_batch_over_single": round(distributed["fuse"] / single["fuse"], 3),
        "driver_load_over_single_ingest": round(distributed["driver_load"] / single["ingest"], 3),
    }
    print()
    for name, value in figures.items():
        print(f"{name}: {value}")
    print(f"same articles and copy groups: {equal}")
    print(f"load average before {load_before}, after {load_after}")
    write_results(args.json, f"batch_{args.size}", {
        "size": args.size, "workers": args.workers, "partition_size": args.partition_size,
        "seed": args.seed, "kinds": kinds,
        "single": {k: round(v, 3) for k, v in single.items()},
        "batch": {k: round(v, 3) for k, v in distributed.items()},
        "figures": figures, "same_picture": equal,
        "load_average": {"before": load_before, "after": load_after},
        "machine": machine(),
    })
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
