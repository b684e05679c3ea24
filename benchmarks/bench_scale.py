"""How the cost per article moves with the size of the store: 1k, 10k, 100k articles.

For each size N, in a fresh child process (so peak memory is that size's own):

1. a corpus of N + M real-looking articles is generated (:mod:`newsgen`: originals,
   syndicated copies, re-posts; M = ``--measure``, 1,000 by default), as JSON Lines;
2. the first N fill a fresh SQLite store. Up to ``--real-fill`` articles (10,000 by
   default) they go through ``storyline ingest`` itself; above it through a fast fill
   that stores exactly what ingest stores (extraction, fingerprint, LSH bands, text,
   exact-copy groups) but verifies no near-copy candidates, which is what would make
   filling 100,000 articles take hours here. The figures below never time the fill;
3. **ingest**: the last M articles are ingested into that store by ``ingest`` (copy
   detection against everything stored, grouping, batched writes): CPU seconds per
   article and articles per CPU second, i.e. per core (one process, one core);
4. **language layer**: the same M articles go through the language layer and their
   facts into the store (:func:`storyline.runners.language.analyze_texts`);
5. **search**: ``--queries`` full-text searches (names, places, topic words) against
   the store: p50 / p95 in milliseconds;
6. peak RSS of the child and the store's size on disk (the fill articles are not
   analysed: analysed articles add their fact rows, measured per article in step 4).

Fusion per added article and timeline queries are measured on stores of N articles
with synthetic facts by ``bench_fusion.py`` (``--fusion`` runs it for each size here).

Targets (issue "scale"): CPU per article for ingest + language at the largest size
over the 1k size <= 1.5; fusion per added article <= 2.

    python benchmarks/bench_scale.py --sizes 1000,10000,100000
    python benchmarks/bench_scale.py --quick       # 300 and 1,000 articles, M = 100
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import REPO_ROOT, Timing, load_average, machine, print_table, verdict, write_results

RESULTS = REPO_ROOT / "benchmarks" / "results" / "scale.json"
SEED = 20_261_123


def _peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _write_corpus(folder: Path, size: int, measure: int) -> tuple[Path, Path]:
    """JSON Lines of the first ``size`` articles and of the next ``measure``."""
    import newsgen

    fill, add = folder / "fill.jsonl", folder / "add.jsonl"
    with fill.open("w", encoding="utf-8") as fill_out, add.open("w", encoding="utf-8") as add_out:
        for article in newsgen.articles(size + measure, SEED):
            out = fill_out if article.number < size else add_out
            out.write(json.dumps(article.as_record(), ensure_ascii=False) + "\n")
    return fill, add


def _fast_fill(path: Path, store: Any) -> int:
    """Store every article of ``path`` as ingest would, verifying exact copies only."""
    from storyline.extract import extract_article
    from storyline.fusion.dedup import GroupMember, fingerprint
    from storyline.fusion.provenance import plan_group
    from storyline.model import CopyLink, Failure, Relation
    from storyline.sources import iter_inputs

    stored = 0
    run = store.start_run([str(path)])
    for raw in iter_inputs([str(path)]):
        if isinstance(raw, Failure) or store.article_id_for_raw(raw.sha256):
            continue
        article = extract_article(raw)
        fp = fingerprint(article.text)
        links = [CopyLink(other_id=other, relation=Relation.EXACT, similarity=1.0)
                 for other in store.exact_matches(fp.normalized_sha256) if other != article.id]
        group_of, groups = store.group_states([link.other_id for link in links])
        member = GroupMember(article.id, article.published.value, article.outlet,
                             article.original_outlet, store.next_order())
        store.add_article(article, raw.data, fp, links, plan_group(member, links, group_of, groups))
        stored += 1
    store.finish_run(run, stored, 0, 0)
    store.commit()
    return stored


def _search_terms(count: int) -> list[str]:
    import newsgen

    rng = random.Random(SEED)
    pool = ([name.split()[-1] for name in newsgen._GIVEN + newsgen._FAMILY]
            + list(newsgen._CITIES) + list(newsgen._COUNTRIES)
            + [topic.split()[0] for topic in newsgen._TOPICS] + ["missile", "sanctions"])
    return [rng.choice(pool) for _ in range(count)]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def one_size(size: int, measure: int, queries: int, real_fill: int) -> dict[str, Any]:
    """Every figure for one store size (run in a child process)."""
    from storyline.language.analyze import LANGUAGE_VERSION
    from storyline.runners.language import AnalysisReport, analyze_texts, save_article_facts
    from storyline.runners.local import ingest
    from storyline.store import open_store

    result: dict[str, Any] = {"size": size, "measured_articles": measure}
    with tempfile.TemporaryDirectory(prefix="storyline-scale-") as tmp:
        folder = Path(tmp)
        with Timing() as generation:
            fill_path, add_path = _write_corpus(folder, size, measure)
        result["generate_s"] = round(generation.wall, 2)
        db = folder / "store.db"
        store = open_store(str(db))
        try:
            with Timing() as fill:
                if size <= real_fill:
                    result["fill"] = "ingest"
                    ingest([str(fill_path)], store)
                else:
                    result["fill"] = "fast (exact copies only)"
                    _fast_fill(fill_path, store)
            result["fill_s"] = round(fill.wall, 1)
            last_seq = store.next_order() - 1

            with Timing() as ingest_timing:
                report = ingest([str(add_path)], store)
            result["ingest"] = {
                "added": report.added, "wall_s": round(ingest_timing.wall, 2),
                "cpu_s": round(ingest_timing.cpu, 2),
                "cpu_ms_per_article": round(1000 * ingest_timing.cpu / max(report.added, 1), 2),
                "articles_per_core_s": round(report.added / max(ingest_timing.cpu, 1e-9), 1),
            }
            result["peak_rss_after_ingest_mib"] = round(_peak_rss_mib())

            pending = store.articles_to_analyze(LANGUAGE_VERSION, after_seq=last_seq,
                                                limit=measure + 10)
            words = sum(len(text.split()) for _, _, text, _ in pending)
            items = [(text, (article_id, published)) for _, article_id, text, published in pending]
            analysis = AnalysisReport()
            with Timing() as language:
                for article_id, outcome in analyze_texts(items):
                    save_article_facts(store, analysis, article_id, outcome)
                store.commit()
            analysed = max(analysis.analyzed, 1)
            result["language"] = {
                "analysed": analysis.analyzed, "words": words,
                "wall_s": round(language.wall, 2), "cpu_s": round(language.cpu, 2),
                "cpu_ms_per_article": round(1000 * language.cpu / analysed, 2),
                "words_per_core_s": round(words / max(language.cpu, 1e-9)),
            }
            result["peak_rss_mib"] = round(_peak_rss_mib())

            latencies = []
            for term in _search_terms(queries):
                started = time.perf_counter()
                store.search(term, limit=20)
                latencies.append(1000 * (time.perf_counter() - started))
            result["search_ms"] = {"p50": round(statistics.median(latencies), 2),
                                   "p95": round(_percentile(latencies, 0.95), 2)}
            result["articles_stored"] = store.count_articles()
        finally:
            store.close()
        result["store_mib"] = round(
            sum(p.stat().st_size for p in folder.glob("store.db*")) / 2**20, 1)
    return result


def _run_child(size: int, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--one", str(size), "--measure", str(args.measure),
               "--queries", str(args.queries), "--real-fill", str(args.real_fill)]
    print(f"size {size:,}: running …", flush=True)
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT)
    if done.returncode != 0:
        raise SystemExit(f"size {size} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--measure", type=int, default=1000, help="articles measured per size")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--real-fill", type=int, default=10_000,
                        help="largest store filled through ingest itself (fast fill above)")
    parser.add_argument("--quick", action="store_true", help="300 and 1,000 articles, M = 100")
    parser.add_argument("--json", type=Path, default=RESULTS)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(one_size(args.one, args.measure, args.queries, args.real_fill)))
        return 0
    if args.quick:
        args.sizes, args.measure, args.queries = "300,1000", 100, 50

    sizes = [int(s) for s in args.sizes.split(",")]
    load_before = load_average()
    results = []
    for size in sizes:
        results.append(_run_child(size, args))
        print(json.dumps(results[-1]), flush=True)  # kept in the log if a later size fails
    base = results[0]

    def per_article(r: dict[str, Any]) -> float:
        return r["ingest"]["cpu_ms_per_article"] + r["language"]["cpu_ms_per_article"]

    rows = []
    for r in results:
        rows.append((f"{r['size']:,} ({r['fill']})", r["ingest"]["cpu_ms_per_article"],
                     r["ingest"]["articles_per_core_s"], r["language"]["cpu_ms_per_article"],
                     r["language"]["words_per_core_s"], per_article(r) / per_article(base),
                     r["search_ms"]["p95"], r["peak_rss_mib"], r["store_mib"]))
    print_table(
        f"Cost per article by store size (M = {args.measure:,} articles measured per size)",
        ("store size", "ingest ms/art (CPU)", "ingest art/core-s", "language ms/art (CPU)",
         "language words/core-s", "ingest+language vs first", "search p95 ms",
         "peak RSS MiB", "store MiB"), rows)
    largest = per_article(results[-1]) / per_article(base)
    payload = {"machine": machine(), "load_average_before": load_before,
               "load_average_after": load_average(), "measure": args.measure,
               "sizes": results, "ingest_language_ratio_largest_vs_first": round(largest, 3)}
    write_results(args.json, "quick" if args.quick else "scale", payload)
    return verdict({f"ingest+language per article {sizes[-1]:,} / {sizes[0]:,} <= 1.5":
                    largest <= 1.5}, args.check)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
