"""Ingest into SQLite and into PostgreSQL, in one process: what the PostgreSQL backend costs.

Writes ``--count`` synthetic articles (copies and re-posts included, see ``synthetic.py``),
ingests them without the language layer into a fresh SQLite file and into a fresh
database on a private PostgreSQL server started for the run (``tests/pg_cluster.py``),
alternating backends ``--repeat`` times, and reports the median of each and their ratio.
Then two ingest processes split the same files against one PostgreSQL database, to show
what concurrent writers gain or lose against one (the copy-detection step runs one
writer at a time, extraction in parallel).

    python benchmarks/bench_store_backends.py --count 300 --repeat 3
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import REPO_ROOT, Timing, load_average, median, print_table
from synthetic import write_text_files

sys.path.insert(0, str(REPO_ROOT / "tests"))

from pg_cluster import PostgresCluster, create_database, find_bindir

from storyline.runners.local import ingest
from storyline.store import open_store


def _ingest(location: str, inputs: list[str]) -> Timing:
    store = open_store(location)
    with Timing() as timing:
        ingest(inputs, store)
    store.close()
    return timing


def _cli(location: str, folders: list[Path]) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from storyline.cli import main; main()",
        "ingest",
        "--db",
        location,
        "--no-analyze",
        *map(str, folders),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bindir = find_bindir()
    if bindir is None:
        sys.exit("PostgreSQL binaries not found")
    root = Path(tempfile.mkdtemp(prefix="storyline-bench-"))
    write_text_files(root / "corpus", args.count, seed=11, per_folder=max(1, args.count // 2))
    chunks = sorted((root / "corpus").iterdir())
    cluster = PostgresCluster(bindir).start()
    try:
        load_before = load_average()
        seconds: dict[str, list[float]] = {"sqlite": [], "postgresql": []}
        for run in range(args.repeat):
            seconds["sqlite"].append(
                _ingest(str(root / f"run{run}.db"), [str(root / "corpus")]).wall
            )
            url = create_database(cluster.url())
            seconds["postgresql"].append(_ingest(url, [str(root / "corpus")]).wall)
        # One process over every file, then two processes over half each, on PostgreSQL.
        with Timing() as one:
            subprocess.run(
                _cli(create_database(cluster.url()), chunks), check=True, capture_output=True
            )
        url = create_database(cluster.url())
        with Timing() as two:
            processes = [
                subprocess.Popen(_cli(url, [chunk]), stdout=subprocess.DEVNULL)
                for chunk in chunks[:2]
            ]
            for process in processes:
                process.wait()
        lite, pg = median(seconds["sqlite"]), median(seconds["postgresql"])
        print_table(
            f"ingest of {args.count} articles (no language layer), median of {args.repeat}",
            ["backend", "seconds", "articles/s", "vs SQLite"],
            [
                ["sqlite", f"{lite:.2f}", f"{args.count / lite:.0f}", "1.00"],
                ["postgresql", f"{pg:.2f}", f"{args.count / pg:.0f}", f"{pg / lite:.2f}"],
            ],
        )
        print_table(
            "PostgreSQL, whole CLI runs (process start included)",
            ["writers", "seconds", "vs one"],
            [
                ["1 process", f"{one.wall:.2f}", "1.00"],
                ["2 processes, half each", f"{two.wall:.2f}", f"{two.wall / one.wall:.2f}"],
            ],
        )
        print(f"load average before {load_before}, after {load_average()}")
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
