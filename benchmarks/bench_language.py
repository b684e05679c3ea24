"""Language-layer cost against spaCy alone, and memory over a long stream of articles.

Speed: the same texts (the bundled demo corpus' clean articles, plus the shared seed
articles when present) go through (a) ``nlp.pipe`` alone and (b) ``nlp.pipe`` plus
storyline's extractors (:func:`storyline.language.analyze.analyze_doc`), alternating
rounds in one process; the figure is the ratio of (b) to (a). Target: <= 1.5.

Memory: a stream of N articles (default 10,000; paragraphs of the same texts with a
varying lead, so nothing is cached) through the streaming analysis loop, sampling
the process's RSS after 1,000 and after N articles. Target: flat (ratio near 1).

    python benchmarks/bench_language.py            # full run
    python benchmarks/bench_language.py --quick    # smoke run
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys

import psutil

from _common import REPO_ROOT, Timing, load_average, median

RESULTS = REPO_ROOT / "benchmarks" / "results" / "language.json"


def corpus_texts() -> list[str]:
    from storyline.demo import corpus_files
    from storyline.extract import extract_article
    from storyline.model import Failure
    from storyline.sources import iter_inputs

    inputs = [str(p) for p in corpus_files()]
    seeds = REPO_ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        inputs += [str(p) for p in sorted(seeds.glob("*.txt"))]
    texts = []
    for raw in iter_inputs(inputs):
        if not isinstance(raw, Failure):
            texts.append(extract_article(raw).text)
    return texts


def speed(texts: list[str], rounds: int) -> dict[str, float]:
    from storyline.language.analyze import analyze_doc
    from storyline.language.nlp import get_nlp

    nlp = get_nlp()
    words = sum(len(t.split()) for t in texts)
    list(nlp.pipe(texts[:2]))  # warm up
    spacy_cpu, layer_cpu = [], []
    for _ in range(rounds):
        with Timing() as alone:
            for _doc in nlp.pipe(texts, batch_size=32):
                pass
        with Timing() as layer:
            for index, doc in enumerate(nlp.pipe(texts, batch_size=32)):
                analyze_doc(doc, f"a{index}", None)
        spacy_cpu.append(alone.cpu)
        layer_cpu.append(layer.cpu)
    spacy_s, layer_s = median(spacy_cpu), median(layer_cpu)
    return {
        "articles": len(texts),
        "words": words,
        "rounds": rounds,
        "spacy_words_per_cpu_s": round(words / spacy_s),
        "layer_words_per_cpu_s": round(words / layer_s),
        "ratio_layer_to_spacy": round(layer_s / spacy_s, 3),
        "target_ratio": 1.5,
    }


def memory(texts: list[str], articles: int) -> dict[str, float]:
    from storyline.language.analyze import analyze_doc
    from storyline.language.nlp import get_nlp

    nlp = get_nlp()
    paragraphs = [p for t in texts for p in t.split("\n\n") if len(p.split()) > 25]

    def stream():
        for index, paragraph in zip(range(articles), itertools.cycle(paragraphs)):
            yield f"Report {index}: {paragraph}"

    process = psutil.Process()
    samples: dict[int, float] = {}
    for index, doc in enumerate(nlp.pipe(stream(), batch_size=64), start=1):
        analyze_doc(doc, f"m{index}", None)
        if index in (1000, articles):
            samples[index] = process.memory_info().rss / 2**20
    first, last = samples[min(samples)], samples[max(samples)]
    return {
        "articles": articles,
        "rss_mib_at_1000": round(first, 1),
        f"rss_mib_at_{articles}": round(last, 1),
        "ratio": round(last / first, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one round, 1,200 articles for memory")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--write", action="store_true", help=f"write figures to {RESULTS.relative_to(REPO_ROOT)}")
    args = parser.parse_args(argv)
    texts = corpus_texts()
    results = {
        "speed": speed(texts, 1 if args.quick else 3),
        "memory": memory(texts, 1200 if args.quick else 10_000),
        "load_average": load_average(),
    }
    print(json.dumps(results, indent=2))
    if args.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    missed = results["speed"]["ratio_layer_to_spacy"] > 1.5 or results["memory"]["ratio"] > 1.2
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
