"""Ingest memory and throughput on synthetic corpora of growing size.

For each size (default 1,000 and 10,000 articles) it generates a synthetic
corpus on the fly (see ``synthetic.py``: varied made-up vocabulary, ~18%
syndicated copies under other headlines with junk lines, ~2% byte-identical
re-posts), then ingests it into a fresh SQLite store in a child process and
reports the child's peak RSS, throughput and the store's size on disk. The
child ingests five throwaway articles first, so one-time costs (loading the
language model) stay out of the timing but in the peak RSS.

The figure that matters is the ratio of peak RSS, largest size / smallest: a
streaming ingest keeps it near 1 (target: at most 1.25) however large the corpus.
Throughput at the largest size over the smallest shows how the dedup lookups
scale (reported, no target).

It reports and exits 0; ``--check`` exits 1 when a target is missed.

    python benchmarks/bench_ingest_memory.py [--sizes 1000 10000] [--format text|jsonl]
        [--quick] [--check] [--json benchmarks/results/ingest.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import Timing, load_average, machine, print_table, verdict, write_results
from synthetic import write_jsonl, write_text_files

TARGET_PEAK_RSS_RATIO = 1.25  # peak RSS at the largest size / at the smallest, at most
DEFAULT_SIZES = (1_000, 10_000)
QUICK_SIZES = (100, 1_000)
SAMPLE_SECONDS = 0.02  # how often the parent samples the child's RSS
TRAJECTORY_POINTS = 10  # RSS readings the child takes during its ingest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=None,
                        help="corpus sizes, in articles "
                             f"(default: {' '.join(map(str, DEFAULT_SIZES))})")
    parser.add_argument("--format", choices=("text", "jsonl"), default="text",
                        help="one .txt file per article (default) or one streamed JSON Lines file")
    parser.add_argument("--seed", type=int, default=20_261_123, help="generator seed")
    parser.add_argument("--quick", action="store_true",
                        help=f"smoke run: sizes {' and '.join(map(str, QUICK_SIZES))}")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--json", type=Path, default=None,
                        help="merge the figures into this JSON file "
                             "(section 'memory' or 'memory_jsonl')")
    parser.add_argument("--child", nargs=2, metavar=("INPUT", "STORE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(*args.child)

    sizes = sorted(args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES))
    load_before = load_average()
    runs: list[dict[str, Any]] = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="storyline-bench-memory-") as tmp:
            runs.append(_measure(Path(tmp), size, args.format, args.seed))
    load_after = load_average()

    smallest, largest = runs[0], runs[-1]
    rss_ratio = largest["peak_rss_mb"] / smallest["peak_rss_mb"]
    growth_ratio = (largest["rss_growth_mb"] / smallest["rss_growth_mb"]
                    if smallest["rss_growth_mb"] > 0 else float("nan"))
    throughput_ratio = largest["articles_per_second"] / smallest["articles_per_second"]
    cpu_throughput_ratio = largest["articles_per_cpu_second"] / smallest["articles_per_cpu_second"]
    print_table(
        f"Ingest of synthetic {args.format} corpora, one child process per size",
        ("articles", "added", "copies", "unchanged", "failed", "wall s", "articles/s", "per cpu s",
         "peak RSS MB", "RSS at start MB", "growth MB", "store KB/article", "input KB/article"),
        [(r["articles"], r["added"], r["copies"], r["unchanged"], r["failed"], r["seconds"],
          r["articles_per_second"], r["articles_per_cpu_second"], r["peak_rss_mb"],
          r["rss_start_mb"], r["rss_growth_mb"], r["store_kb_per_article"],
          r["input_kb_per_article"]) for r in runs],
    )
    trajectory = ", ".join(f"{x:.0f}" for x in largest["rss_trajectory_mb"])
    sizes_label = f"{largest['articles']:,}/{smallest['articles']:,}"
    print(f"\nRSS during the {largest['articles']:,}-article ingest (MB, every "
          f"{TRAJECTORY_POINTS}th of the way): {trajectory}")
    print(f"peak RSS ratio {sizes_label}: {rss_ratio:.2f} (target <= {TARGET_PEAK_RSS_RATIO}); "
          f"growth over start-up RSS ratio: {growth_ratio:.2f}")
    print(f"articles per CPU second in each tenth of the {largest['articles']:,}-article ingest: "
          f"{', '.join(f'{x:.0f}' for x in largest['articles_per_cpu_second_by_tenth'])}")
    print(f"throughput ratio {sizes_label}: {throughput_ratio:.2f} wall, "
          f"{cpu_throughput_ratio:.2f} cpu (1.0 = no slow-down as the store grows)")
    print(f"load average before/after: {load_before} / {load_after} on {os.cpu_count()} cpu(s)")

    targets = {f"peak RSS ratio <= {TARGET_PEAK_RSS_RATIO}": rss_ratio <= TARGET_PEAK_RSS_RATIO}
    if args.json:
        section = "memory" + ("" if args.format == "text" else f"_{args.format}")
        section += "_quick" if args.quick else ""
        write_results(args.json, section, {
            "machine": machine(),
            "command": " ".join(["python", "benchmarks/bench_ingest_memory.py",
                                 *(argv or sys.argv[1:])]),
            "load_average_before_after": [load_before, load_after],
            "format": args.format,
            "seed": args.seed,
            "runs": runs,
            "peak_rss_ratio": round(rss_ratio, 3),
            "rss_growth_ratio": round(growth_ratio, 3),
            "throughput_ratio": round(throughput_ratio, 3),
            "throughput_ratio_cpu": round(cpu_throughput_ratio, 3),
            "targets": {"peak_rss_ratio_max": TARGET_PEAK_RSS_RATIO, "met": targets},
        })
    return verdict(targets, args.check)


def _measure(folder: Path, size: int, kind: str, seed: int) -> dict[str, Any]:
    """Generate ``size`` articles under ``folder``, ingest them in a child, return the figures."""
    import psutil

    started = time.perf_counter()
    if kind == "jsonl":
        corpus = folder / "articles.jsonl"
        kinds = write_jsonl(corpus, size, seed)
        input_bytes = corpus.stat().st_size
    else:
        corpus = folder / "articles"
        kinds = write_text_files(corpus, size, seed)
        input_bytes = sum(f.stat().st_size for f in corpus.rglob("*.txt"))
    generated = time.perf_counter() - started
    print(f"{size:,} articles generated in {generated:.1f}s ({kinds}); ingesting ...", flush=True)

    store = folder / "store.db"
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(corpus), str(store)]
    peak_sampled = 0
    with Timing() as timing:
        child = psutil.Popen(command, stdout=subprocess.PIPE, text=True)
        while child.poll() is None:
            try:
                peak_sampled = max(peak_sampled, child.memory_info().rss)
            except psutil.Error:  # the child ended between poll() and the reading
                break
            time.sleep(SAMPLE_SECONDS)
        output, _ = child.communicate()
    if child.returncode != 0:
        raise SystemExit(f"the ingest child failed with exit status {child.returncode}")
    result = json.loads(output.strip().splitlines()[-1])
    store_bytes = sum(p.stat().st_size for p in folder.glob("store.db*"))
    peak = max(result["maxrss_bytes"], peak_sampled)
    stored = max(result["added"], 1)
    return {
        "articles": size,
        "kinds": kinds,
        "added": result["added"],
        "unchanged": result["unchanged"],
        "failed": result["failed"],
        "copies": result["copies"],
        "seconds": round(result["seconds"], 2),
        "cpu_seconds": round(result["cpu_seconds"], 2),
        "child_wall_seconds": round(timing.wall, 2),
        "articles_per_second": round(size / result["seconds"], 1),
        "articles_per_cpu_second": round(size / result["cpu_seconds"], 1),
        # Articles per CPU second in each tenth of the run: a falling line means work per
        # article grows with the store (index lookups, candidate verification).
        "articles_per_cpu_second_by_tenth": _rates(result["cpu_checkpoints"],
                                                   result["documents_per_checkpoint"]),
        "peak_rss_mb": round(peak / 2**20, 1),
        "peak_rss_sampled_mb": round(peak_sampled / 2**20, 1),
        "rss_start_mb": round(result["rss_start_bytes"] / 2**20, 1),
        "rss_growth_mb": round((peak - result["rss_start_bytes"]) / 2**20, 1),
        "rss_trajectory_mb": [round(x / 2**20, 1) for x in result["rss_trajectory_bytes"]],
        "store_bytes": store_bytes,
        "store_kb_per_article": round(store_bytes / stored / 1024, 1),
        "input_kb_per_article": round(input_bytes / size / 1024, 1),
        "generate_seconds": round(generated, 1),
    }


def _child(corpus: str, store_path: str) -> int:
    """Ingest ``corpus`` into a fresh store; print one JSON line of figures on stdout."""
    import resource

    import psutil

    from storyline.runners.local import IngestReport, ingest
    from storyline.store import open_store

    process = psutil.Process()
    store = open_store(store_path)
    rss_start = process.memory_info().rss
    _warm_up(Path(store_path).parent / "warm-up")
    total = _count_documents(corpus)
    every = max(1, total // TRAJECTORY_POINTS)
    trajectory: list[int] = []
    checkpoints: list[float] = []  # CPU seconds since the start, at each tenth of the way
    seen = 0

    def progress(_report: IngestReport, _source: str) -> None:
        nonlocal seen
        seen += 1
        if seen % every == 0:
            trajectory.append(process.memory_info().rss)
            checkpoints.append(time.process_time() - cpu_start)

    cpu_start = time.process_time()
    with Timing() as timing:
        report = ingest([corpus], store, progress=progress)
    store.close()
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    maxrss_bytes = maxrss if sys.platform == "darwin" else maxrss * 1024
    print(json.dumps({
        "added": report.added, "unchanged": report.unchanged, "failed": report.failed,
        "copies": report.copies, "seconds": timing.wall, "cpu_seconds": timing.cpu,
        "rss_start_bytes": rss_start, "maxrss_bytes": maxrss_bytes,
        "rss_trajectory_bytes": trajectory,
        "cpu_checkpoints": checkpoints, "documents_per_checkpoint": every,
        "first_failures": [f.reason for f in report.failures[:3]],
    }))
    return 0


def _warm_up(folder: Path) -> None:
    """Ingest a few throwaway articles so that one-time costs (loading the language
    model, first queries) fall outside the timed ingest; they still count in peak RSS."""
    from storyline.runners.local import ingest
    from storyline.store import open_store

    write_text_files(folder / "articles", 5, seed=1)
    store = open_store(str(folder / "store.db"))
    ingest([str(folder / "articles")], store)
    store.close()


def _rates(checkpoints: list[float], per_checkpoint: int) -> list[float]:
    starts = [0.0, *checkpoints[:-1]]
    return [round(per_checkpoint / (end - start), 1) if end > start else float("nan")
            for start, end in zip(starts, checkpoints)]


def _count_documents(corpus: str) -> int:
    path = Path(corpus)
    if path.is_file():
        with path.open("rb") as handle:
            return sum(1 for _ in handle)
    return sum(1 for _ in path.rglob("*.txt"))


if __name__ == "__main__":
    sys.exit(main())
