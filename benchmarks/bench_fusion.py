"""Incremental fusion: what adding articles costs at 1,000 and at 50,000 stored articles.

For each size N the script writes N synthetic articles with their language-layer facts
straight into a fresh store (no spaCy: entity mentions, event mentions, attributions and
time expressions as the dicts the language runner stores), fuses them once (a rebuild,
timed too), then adds ``--add`` more articles and times the incremental ``fuse`` that
folds them in, in a fresh process-like state (the state is read back from the store).
The target: the cost per added article at the large size is at most twice the cost at
the small one (no all-pairs comparison anywhere).

Facts are drawn from a fixed vocabulary: people (given + family name, with bare family
names and variant spellings as later mentions), organisations and places, picked
Zipf-like per story; stories are many small threads (a new one every few articles, most
articles continuing a recent one), each with its cast, beat, place and dates. A share of
the articles are undated, and a share are copies of a recent article in its duplicate
group, so dating and independent-source counting do their work.

    python benchmarks/bench_fusion.py                      # 1,000 and 50,000
    python benchmarks/bench_fusion.py --sizes 1000 5000    # quicker
    python benchmarks/bench_fusion.py --json benchmarks/results/fusion.json --check
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import random
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO_ROOT, Timing, load_average, machine, print_table, verdict, write_results  # noqa: E402

from storyline.fusion.provenance import GroupPlan, MemberState  # noqa: E402
from storyline.model import (  # noqa: E402
    Article,
    CopyLink,
    DateSource,
    Fingerprint,
    InputKind,
    PublicationDate,
    Relation,
)
from storyline.runners.fusion import STATE_NAME, fuse  # noqa: E402
from storyline.store.sqlite import SQLiteStore  # noqa: E402

DEFAULT_JSON = REPO_ROOT / "benchmarks" / "results" / "fusion.json"
ANALYSIS_VERSION = "bench-synthetic-1"
UNDATED_SHARE = 0.04
COPY_SHARE = 0.08
NEW_STORY_SHARE = 0.12  # of articles that open a new story
RECENT_STORIES = 400  # stories an article may continue
BEATS = {
    "crime": ("arrest", "charge", "shoot", "raid", "sentence"),
    "politics": ("meet", "resign", "appoint", "vote", "announce"),
    "disaster": ("earthquake", "flood", "rescue", "evacuate", "damage"),
    "business": ("acquire", "sell", "launch", "hire", "cut"),
    "conflict": ("attack", "strike", "withdraw", "capture", "negotiate"),
}
CUES = ("said", "told reporters", "said in a statement", "warned", "denied")
ROLES = ("minister", "spokesman", "police chief", "director", "ambassador", "mayor", "")


def _syllable(rng: random.Random) -> str:
    return rng.choice("bcdfghjklmnprstvwz") + rng.choice(("a", "e", "i", "o", "u", "ai", "ou")) \
        + rng.choice(("", "", "n", "r", "s", "l", "k"))


def _word(rng: random.Random, syllables: tuple[int, ...] = (2, 2, 3)) -> str:
    return "".join(_syllable(rng) for _ in range(rng.choice(syllables)))


class Vocabulary:
    """Names and words, each list drawn Zipf-like (the r-th item weighs 1 / (r + 10))."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        given = sorted({_word(rng).capitalize() for _ in range(900)})
        family = sorted({_word(rng).capitalize() for _ in range(6000)})
        people = {f"{rng.choice(given)} {rng.choice(family)}" for _ in range(30000)}
        self.people = sorted(people)
        rng.shuffle(self.people)
        heads = ("Ministry of", "Bank of", "University of", "Council of", "Bureau of")
        self.organisations = sorted({
            f"{_word(rng).capitalize()} {rng.choice(('Group', 'Corp', 'Agency', 'Institute', 'Party'))}"
            if rng.random() < 0.6 else f"{rng.choice(heads)} {_word(rng).capitalize()}"
            for _ in range(8000)
        })
        rng.shuffle(self.organisations)
        self.places = sorted({_word(rng).capitalize() for _ in range(3000)})
        rng.shuffle(self.places)
        self.words = sorted({_word(rng, (1, 2, 2, 3)) for _ in range(20000)})
        rng.shuffle(self.words)
        self._weights: dict[int, list[float]] = {}

    def zipf(self, items: list[str]) -> str:
        weights = self._weights.get(len(items))
        if weights is None:
            weights = self._weights[len(items)] = list(
                accumulate(1.0 / (rank + 10) for rank in range(len(items))))
        return self.rng.choices(items, cum_weights=weights)[0]


class Story:
    def __init__(self, vocabulary: Vocabulary, start: date) -> None:
        rng = vocabulary.rng
        self.beat = rng.choice(sorted(BEATS))
        self.people = list(dict.fromkeys(vocabulary.zipf(vocabulary.people)
                                         for _ in range(rng.randint(2, 5))))
        self.organisations = list(dict.fromkeys(vocabulary.zipf(vocabulary.organisations)
                                                for _ in range(rng.randint(1, 3))))
        self.place = vocabulary.zipf(vocabulary.places)
        self.topic = [vocabulary.zipf(vocabulary.words) for _ in range(12)]
        self.roles = {person: rng.choice(ROLES) for person in self.people}
        self.start = start
        self.day = start
        self.figure = rng.randint(3, 900)


class FactWriter:
    """One article's clean text and the facts the language layer would store for it."""

    def __init__(self, article_id: str) -> None:
        self.article_id = article_id
        self.text: list[str] = []
        self.length = 0
        self.rows: list[tuple[str, int, int, int, int, str, str]] = []
        self.positions: dict[str, int] = {}
        self.sentence = -1

    def add_sentence(self, parts: list[tuple[str, Any]]) -> dict[str, tuple[int, int]]:
        """Append a sentence from (text, tag) parts; return each tag's span."""
        self.sentence += 1
        spans: dict[str, tuple[int, int]] = {}
        for text, tag in parts:
            start = self.length
            self.text.append(text)
            self.length += len(text)
            if tag is not None:
                spans.setdefault(tag, (start, self.length))
        self.text.append(" ")
        self.length += 1
        return spans

    def evidence(self, span: tuple[int, int], text: str) -> dict[str, object]:
        return {"article_id": self.article_id, "sentence": self.sentence,
                "start": span[0], "end": span[1], "text": text}

    def fact(self, kind: str, data: dict[str, Any]) -> None:
        position = self.positions.get(kind, 0)
        self.positions[kind] = position + 1
        evidence = data["evidence"]
        self.rows.append((kind, position, evidence["sentence"], evidence["start"],
                          evidence["end"], evidence["text"], json.dumps(data)))


def _article_facts(article_id: str, story: Story, vocabulary: Vocabulary, day: date,
                   dated: bool) -> tuple[str, str, list[tuple[str, int, int, int, int, str, str]]]:
    rng = vocabulary.rng
    writer = FactWriter(article_id)
    clusters: dict[str, int] = {}
    verbs = BEATS[story.beat]
    title = f"{story.place} {rng.choice(verbs)}: {' '.join(story.topic[:3])}"
    for _ in range(rng.randint(4, 7)):
        person = rng.choice(story.people)
        organisation = rng.choice(story.organisations)
        verb = rng.choice(verbs)
        short = rng.random() < 0.35 and person in clusters
        name = person.split()[-1] if short else person
        figure = story.figure + rng.choice((0, 0, 0, rng.randint(1, 40)))
        weekday = day.strftime("%A")
        spans = writer.add_sentence([
            (name, "person"), (" of the ", None), (organisation, "org"),
            (f" {verb}ed ", "verb"), (f"{figure} {rng.choice(story.topic)}", None),
            (" in ", None), (story.place, "place"), (" on ", None), (weekday, "time"),
            (", ", None), (" ".join(rng.choice(story.topic) for _ in range(6)), None),
            (".", None),
        ])
        for label, tag, surface, canonical in (
                ("PERSON", "person", name, person),
                ("ORG", "org", organisation, organisation),
                ("GPE", "place", story.place, story.place)):
            cluster = clusters.setdefault(canonical, len(clusters))
            roles = [story.roles[person]] if label == "PERSON" and story.roles[person] else []
            writer.fact("mention", {
                "evidence": writer.evidence(spans[tag], surface), "label": label,
                "name": surface, "canonical": canonical, "cluster": cluster, "roles": roles})
        value = day.isoformat() if dated else f"XXXX-WXX-{day.isoweekday()}"
        time_fact = {"text": weekday, "start": spans["time"][0], "end": spans["time"][1],
                     "value": value, "type": "DATE"}
        writer.fact("time_expression", {
            "evidence": writer.evidence(spans["time"], weekday), "type": "DATE",
            "value": value, "granularity": "day", "mod": None,
            "anchor": "dct" if not dated else "absolute",
            "relative": None if dated else {
                "anchor": "DCT", "unit": "day", "offset": 0, "granularity": "day",
                "direction": -1, "weekday": day.weekday()}})
        writer.fact("event_mention", {
            "evidence": writer.evidence(spans["verb"], verb), "event_type": story.beat,
            "trigger": f"{verb}ed", "lemma": verb, "timeml_class": "OCCURRENCE",
            "participants": [{"role": "agent", "text": name, "start": spans["person"][0],
                              "end": spans["person"][1], "mention_cluster": clusters[person]}],
            "time": time_fact, "status": "occurred",
            "place": {"role": "place", "text": story.place, "start": spans["place"][0],
                      "end": spans["place"][1], "mention_cluster": clusters[story.place]}})
    for _ in range(rng.randint(1, 3)):
        person = rng.choice(story.people)
        cue = rng.choice(CUES)
        content = f"the {' '.join(rng.choice(story.topic) for _ in range(5))} " \
                  f"would {rng.choice(verbs)} {rng.choice(story.topic)}"
        spans = writer.add_sentence([(f'"{content}," ', "content"), (person, "speaker"),
                                     (f" {cue}.", "cue")])
        cluster = clusters.setdefault(person, len(clusters))
        writer.fact("mention", {
            "evidence": writer.evidence(spans["speaker"], person), "label": "PERSON",
            "name": person, "canonical": person, "cluster": cluster, "roles": []})
        sentence = writer.evidence((spans["content"][0], spans["cue"][1]),
                                   f'"{content}," {person} {cue}.')
        quantities = []
        if rng.random() < 0.3:
            # What a story counts is its own ("shells", "missiles"): one measure per story.
            unit = story.topic[0]
            quantities = [{"value": float(story.figure + rng.choice((0, 0, 5))),
                           "unit": unit, "measure": f"count:{unit}", "is_ratio": False}]
        writer.fact("attribution", {
            "evidence": sentence, "speaker": person, "speaker_span": list(spans["speaker"]),
            "speaker_cluster": cluster, "cue": cue, "cue_span": list(spans["cue"]),
            "content": content, "content_span": list(spans["content"]),
            "stance": "deny" if cue == "denied" else "assert", "target": None,
            "channel": None, "channel_span": None, "quantities": quantities})
    return title, "".join(writer.text).strip(), writer.rows


class CorpusWriter:
    """Writes synthetic articles with their facts into a store, as a stream."""

    def __init__(self, store: SQLiteStore, seed: int = 20_261_123) -> None:
        self.store = store
        self.vocabulary = Vocabulary(random.Random(seed))
        self.rng = self.vocabulary.rng
        self.stories: list[Story] = []
        self.recent: list[tuple[str, str, Story, date]] = []  # (id, group, story, day)
        self.day = date(2024, 1, 1)
        self.count = 0

    def add(self, count: int) -> None:
        for _ in range(count):
            self._one()
        self.store.commit()

    def _one(self) -> None:
        rng = self.rng
        self.count += 1
        if self.count % 40 == 0:
            self.day += timedelta(days=1)
        copy = self.recent and rng.random() < COPY_SHARE
        if copy:
            original_id, group_id, story, day = rng.choice(self.recent[-50:])
        else:
            if not self.stories or rng.random() < NEW_STORY_SHARE:
                self.stories.append(Story(self.vocabulary, self.day))
            story = rng.choice(self.stories[-RECENT_STORIES:])
            story.day = max(story.day, self.day)
            day = story.day
        article_id = hashlib.sha256(f"bench-{self.count}".encode()).hexdigest()[:16]
        dated = rng.random() >= UNDATED_SHARE
        title, text, rows = _article_facts(article_id, story, self.vocabulary, day, dated)
        raw = f"{title}\n\n{text}".encode()
        article = Article(
            id=article_id, raw_sha256=hashlib.sha256(raw).hexdigest(), source=f"bench/{self.count}",
            kind=InputKind.TEXT, text=text, title=title, byline=None, outlet="Bench Wire",
            original_outlet=None, language="en",
            published=PublicationDate(day if dated else None,
                                      DateSource.METADATA if dated else DateSource.NONE, None),
        )
        fingerprint = Fingerprint(hashlib.sha256(text.encode()).hexdigest(), (0,), ())
        if copy:
            plan = GroupPlan(group_id, original_id, (), (
                MemberState(original_id, None, Relation.ORIGINAL, None),
                MemberState(article_id, original_id, Relation.NEAR, 0.9)))
            links = [CopyLink(original_id, Relation.NEAR, 0.9)]
        else:
            group_id = f"g{article_id}"
            plan = GroupPlan(group_id, article_id, (),
                             (MemberState(article_id, None, Relation.ORIGINAL, None),))
            links = []
            self.recent.append((article_id, group_id, story, day))
            del self.recent[:-200]
        self.store.add_article(article, raw, fingerprint, links, plan)
        self.store.save_analysis(article_id, ANALYSIS_VERSION, rows)


class PeakRSS:
    """Peak resident set size of this process during a ``with`` block (sampled, MiB)."""

    def __enter__(self) -> "PeakRSS":
        import psutil

        self._process = psutil.Process()
        self.peak = self._process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self._process.memory_info().rss)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._process.memory_info().rss)

    @property
    def mib(self) -> float:
        return self.peak / 2**20


def _profile_stages() -> dict[str, float]:
    """CPU seconds spent in the runner's stages, by wrapping its private functions (CPU,
    not wall: on a shared machine wall time says more about the neighbours)."""
    import storyline.runners.fusion as runner
    from storyline.runners import fusion_state

    spent: dict[str, float] = {}

    def timed(name: str, function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - started
        return wrapper

    runner.load_state = timed("load state", fusion_state.load_state)  # type: ignore[assignment]
    runner._update = timed("add articles", runner._update)  # type: ignore[assignment]
    runner._picture = timed("read picture + diff", runner._picture)  # type: ignore[assignment]
    runner.date_undated = timed("dating", runner.date_undated)  # type: ignore[assignment]
    runner._update_claims = timed("claims", runner._update_claims)  # type: ignore[assignment]
    return spent


def _add_round(path: Path, writer: CorpusWriter, add: int, stages: dict[str, float],
               cold: bool) -> dict[str, Any]:
    import storyline.runners.fusion as runner

    if cold:
        runner._STATE_CACHE.clear()  # a new process: the saved state is read back
    store = SQLiteStore(path)
    writer.store = store
    writer.add(add)
    stages.clear()
    gc.collect()
    with PeakRSS() as rss, Timing() as timing:
        report = fuse(store)
    assert report.mode == "incremental", report.reason
    store.close()
    return {"cold": cold, "wall_s": round(timing.wall, 3), "cpu_s": round(timing.cpu, 3),
            "peak_rss_mib": round(rss.mib, 1), "written": report.written,
            "deleted": report.deleted, "saved_state": report.saved_state,
            "stages_cpu_s": {k: round(v, 3) for k, v in stages.items()}}


def measure(size: int, add: int, rounds: int, folder: Path) -> dict[str, Any]:
    import storyline.runners.fusion as runner

    path = folder / f"fusion-{size}.db"
    store = SQLiteStore(path)
    writer = CorpusWriter(store)
    with Timing() as writing:
        writer.add(size)
    gc.collect()
    with PeakRSS() as rebuild_rss, Timing() as rebuild:
        report = fuse(store)
    print(f"  N={size:,}: corpus written in {writing}, rebuilt in {rebuild}", flush=True)
    counts = report.counts
    state_bytes = len(store.fusion_state(STATE_NAME)[1])
    store.close()
    state = runner._STATE_CACHE[str(path)][1]
    with Timing() as save:
        state.dumps()
    stages = _profile_stages()
    warm = [_add_round(path, writer, add, stages, cold=False) for _ in range(rounds)]
    cold = [_add_round(path, writer, add, stages, cold=True)]
    for run in warm + cold:
        print(f"  N={size:,} {'cold' if run['cold'] else 'warm'}: {run['wall_s']:.3f}s "
              f"(cpu {run['cpu_s']:.3f}s) for {add} articles, {run['written']} records "
              f"written, stages (CPU s) {run['stages_cpu_s']}", flush=True)
    interval = max(runner.SNAPSHOT_MIN_ARTICLES, runner.SNAPSHOT_SHARE * size)
    best = min(warm, key=lambda run: run["cpu_s"])
    return {
        "articles": size,
        "added_per_round": add,
        "write_corpus_s": round(writing.wall, 2),
        "rebuild_wall_s": round(rebuild.wall, 2),
        "rebuild_cpu_s": round(rebuild.cpu, 2),
        "rebuild_peak_rss_mib": round(rebuild_rss.mib, 1),
        "state_mib": round(state_bytes / 2**20, 2),
        "state_save_cpu_s": round(save.cpu, 2),
        "snapshot_interval_articles": int(interval),
        "store_mib": round(path.stat().st_size / 2**20, 1),
        "picture": counts,
        "warm_rounds": warm,
        "cold_rounds": cold,
        "add_wall_ms_per_article": round(1000 * min(r["wall_s"] for r in warm) / add, 2),
        "add_cpu_ms_per_article": round(1000 * best["cpu_s"] / add, 2),
        # Saving the state costs a pass over it, once per snapshot interval.
        "save_cpu_ms_per_article_amortised": round(1000 * save.cpu / interval, 2),
        "cold_run_cpu_s": cold[0]["cpu_s"],
        "add_peak_rss_mib": round(max(r["peak_rss_mib"] for r in warm + cold), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 50000])
    parser.add_argument("--add", type=int, default=100, help="articles added per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None, help=f"e.g. {DEFAULT_JSON}")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    parser.add_argument("--dir", type=Path, default=None, help="where the stores go (temporary)")
    args = parser.parse_args(argv)
    load_before = load_average()
    results = []
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        for size in sorted(args.sizes):
            print(f"N={size:,}: writing, rebuilding, then adding {args.add} × {args.rounds}",
                  flush=True)
            results.append(measure(size, args.add, args.rounds, Path(folder)))
    small, large = results[0], results[-1]
    ratio_cpu = large["add_cpu_ms_per_article"] / small["add_cpu_ms_per_article"]
    ratio_wall = large["add_wall_ms_per_article"] / small["add_wall_ms_per_article"]
    print_table(
        f"Adding {args.add} articles to a fused store (warm: best of {args.rounds})",
        ["stored articles", "ms/article wall", "ms/article CPU", "+ save, amortised",
         "cold run CPU s", "peak RSS MiB", "state MiB", "rebuild CPU s"],
        [[f"{r['articles']:,}", r["add_wall_ms_per_article"], r["add_cpu_ms_per_article"],
          r["save_cpu_ms_per_article_amortised"], r["cold_run_cpu_s"], r["add_peak_rss_mib"],
          r["state_mib"], r["rebuild_cpu_s"]] for r in results],
    )
    amortised = [r["add_cpu_ms_per_article"] + r["save_cpu_ms_per_article_amortised"]
                 for r in (small, large)]
    ratio_amortised = amortised[1] / amortised[0]
    print(f"\nper-article cost {large['articles']:,} / {small['articles']:,}: "
          f"{ratio_wall:.2f} wall, {ratio_cpu:.2f} CPU, {ratio_amortised:.2f} CPU with the "
          "state save amortised (target ≤ 2)")
    payload = {"machine": machine(), "load_average_before": load_before,
               "load_average_after": load_average(), "sizes": results,
               "ratio_wall": round(ratio_wall, 2), "ratio_cpu": round(ratio_cpu, 2),
               "ratio_cpu_with_save_amortised": round(ratio_amortised, 2),
               "command": "python benchmarks/bench_fusion.py " + " ".join(argv or sys.argv[1:])}
    if args.json:
        write_results(args.json, "incremental_fusion", payload)
    return verdict({"per-article cost ratio ≤ 2":
                    max(ratio_cpu, ratio_wall, ratio_amortised) <= 2.0}, args.check)


if __name__ == "__main__":
    raise SystemExit(main())
