"""The distributed batch runner: extraction and the language layer on a Dask cluster.

The driver splits the inputs into partitions as it walks them
(:mod:`storyline.runners.batch_plan`) and submits each to the cluster, a bounded number
at a time. A worker reads its partition's documents, runs the pure stages on them
(extraction, fingerprints with MinHash, the spaCy pipeline and every extractor, with the
model loaded once per worker process by :class:`LanguageModelPlugin`) and writes them as
Parquet (:mod:`storyline.runners.batch_parquet`). The driver loads finished partitions into
the store in input order while later ones are still running, through the local runner's
own :class:`~storyline.runners.local.IngestRun` (copy detection needs the store's LSH
index, so it is sequential) and :func:`~storyline.runners.language.save_article_facts`,
then analyses anything still pending and runs the incremental :func:`fuse`. The result is
what ``storyline ingest`` gives for the same inputs (``tests/test_batch.py``).

Dask is an optional dependency (``pip install 'storyline[batch]'``); this module is only
imported by the ``batch`` command and by Dask workers.
"""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storyline import __version__
from storyline.config import DEFAULT_LIMITS, IngestLimits
from storyline.errors import ConfigError, MissingExtra
from storyline.fusion.dedup import FINGERPRINT_VERSION, fingerprint
from storyline.language.analyze import LANGUAGE_VERSION
from storyline.language.nlp import get_nlp
from storyline.model import Article, Failure, Fingerprint, InputKind, RawDocument
from storyline.runners.batch_parquet import (
    BATCH_EXTRA,
    ExtractedDocument,
    FactRow,
    clear_output,
    partition_indexes,
    read_manifest,
    read_partition,
    write_manifest,
    write_partition,
)
from storyline.runners.batch_plan import InputUnit, Partition, iter_partition, plan_partitions
from storyline.runners.language import (
    AnalysisReport,
    analyze_pending,
    analyze_texts,
    save_article_facts,
)
from storyline.runners.local import IngestReport, IngestRun, extract_document
from storyline.store.base import Store

try:
    from distributed import Client, LocalCluster
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise MissingExtra(BATCH_EXTRA) from exc

OUTPUT_FORMAT = "storyline-batch-1"
DEFAULT_PARTITION_SIZE = 100
# Partitions submitted ahead of the one the driver loads next, per worker thread: enough
# to keep every worker busy while the driver loads, few enough that the finished but not
# yet loaded partitions (held on disk, not in memory) stay a short queue.
IN_FLIGHT_PER_THREAD = 2


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """Where and how a batch run writes. ``output`` must be reachable by every worker."""

    output: Path
    partition_size: int = DEFAULT_PARTITION_SIZE
    limits: IngestLimits = DEFAULT_LIMITS
    analyze: bool = True  # run the language layer on the workers (and fuse after loading)


@dataclass(frozen=True, slots=True)
class PartitionSummary:
    """What a worker reports back about one partition (its results are in the Parquet files)."""

    index: int
    documents: int
    articles: int
    failures: int
    language_failures: int
    seconds: float
    cpu_seconds: float = 0.0


@dataclass
class BatchReport:
    """One batch run: partitions on the cluster, then (unless only Parquet was asked for)
    the load into the store, the language layer and the cross-article fusion."""

    output: str = ""
    partitions: int = 0  # submitted
    processed: int = 0  # finished on the cluster
    loaded: int = 0  # loaded into the store
    documents: int = 0
    crashed: list[int] = field(default_factory=list)  # partitions the cluster could not run
    worker_seconds: float = 0.0  # summed over partitions
    worker_cpu_seconds: float = 0.0
    load_seconds: float = 0.0  # the driver's time loading partitions into the store
    seconds: float = 0.0
    ingest: IngestReport | None = None
    language: AnalysisReport | None = None
    fusion: Any = None  # storyline.runners.fusion.FusionReport

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "output": self.output,
            "partitions": self.partitions,
            "processed": self.processed,
            "loaded": self.loaded,
            "documents": self.documents,
            "crashed": list(self.crashed),
            "worker_seconds": round(self.worker_seconds, 3),
            "worker_cpu_seconds": round(self.worker_cpu_seconds, 3),
            "load_seconds": round(self.load_seconds, 3),
            "seconds": round(self.seconds, 3),
        }
        if self.ingest is not None:
            data["ingest"] = self.ingest.to_dict()
        if self.language is not None:
            data["language"] = self.language.to_dict()
        if self.fusion is not None:
            data["fusion"] = self.fusion.to_dict()
        return data


BatchProgress = Callable[[BatchReport], None]


# --------------------------------------------------------------------------- workers
class LanguageModelPlugin(WorkerPlugin):  # type: ignore[misc]
    """Loads the spaCy pipeline when a worker starts, once per worker process.

    Tasks then find it in :func:`storyline.language.nlp.get_nlp`'s process-wide cache, so
    no partition pays for loading it.
    """

    name = "storyline-language-model"

    def setup(self, worker: Any) -> None:
        get_nlp()
        # One tiny document through every stage pays the libraries' lazy start-up costs
        # (language identification, the extractors' tables) here rather than in a task.
        warm_up = RawDocument("warm-up", b"Warm up\n\nThe council met on Monday in Paris.\n",
                              InputKind.TEXT)
        extracted = extract_document(warm_up)
        if isinstance(extracted, Article):
            fingerprint(extracted.text)
            list(analyze_texts([(extracted.text, (extracted.id, None))]))


def process_partition(
    partition: Partition, output: str, limits: IngestLimits = DEFAULT_LIMITS, analyze: bool = True
) -> PartitionSummary:
    """The task a worker runs: read, extract, fingerprint and analyse one partition, write it."""
    started, started_cpu = time.perf_counter(), time.process_time()
    documents: list[ExtractedDocument | tuple[int, Failure]] = []
    for position, item in enumerate(iter_partition(partition, limits)):
        if isinstance(item, Failure):
            documents.append((position, item))
            continue
        extracted = extract_document(item, limits)
        documents.append(ExtractedDocument(position, item, extracted, _fingerprint(extracted)))
    facts = _analyze(documents) if analyze else {}
    language_failures = 0
    for number, entry in enumerate(documents):
        if isinstance(entry, ExtractedDocument) and isinstance(entry.extracted, Article):
            if entry.extracted.id in facts:
                documents[number] = dataclasses.replace(entry, analysis_version=LANGUAGE_VERSION)
            elif analyze:
                language_failures += 1
    write_partition(Path(output), partition.index, documents, facts)
    articles = sum(isinstance(e, ExtractedDocument) and isinstance(e.extracted, Article)
                   for e in documents)
    return PartitionSummary(partition.index, len(documents), articles,
                            len(documents) - articles, language_failures,
                            time.perf_counter() - started, time.process_time() - started_cpu)


def _fingerprint(extracted: Article | Failure) -> Fingerprint | None:
    if isinstance(extracted, Failure):
        return None
    try:
        return fingerprint(extracted.text)
    except Exception:  # noqa: BLE001 - the driver fingerprints it again and records the failure
        return None


def _analyze(documents: list[ExtractedDocument | tuple[int, Failure]]) -> dict[str, list[FactRow]]:
    """Fact rows by article id; an article the language layer failed on is left out (the
    driver analyses it again and records the failure as ``storyline analyze`` does)."""
    unique: dict[str, Article] = {}
    for entry in documents:
        if isinstance(entry, ExtractedDocument) and isinstance(entry.extracted, Article):
            unique.setdefault(entry.extracted.id, entry.extracted)
    items = ((a.text, (a.id, a.published.value)) for a in unique.values())
    return {article_id: rows for article_id, rows in analyze_texts(items)
            if not isinstance(rows, Exception)}


# --------------------------------------------------------------------------- cluster
@contextmanager
def open_client(scheduler: str | None = None, workers: int = 2) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a local cluster of ``workers`` processes.

    Local workers run one thread each: spaCy pipelines are not shared between threads, and
    the work is CPU-bound Python, so processes are what add speed.
    """
    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    if workers < 1:
        raise ConfigError("--workers must be at least 1")
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        yield client


def _threads(client: Client) -> int:
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(int(info.get("nthreads", 1)) for info in workers.values()))


# --------------------------------------------------------------------------- driver
def run_batch(
    inputs: Iterable[str],
    client: Client,
    options: BatchOptions,
    store: Store | None = None,
    progress: BatchProgress | None = None,
) -> BatchReport:
    """Process ``inputs`` on the cluster into Parquet under ``options.output``; with a
    ``store``, load each partition into it as soon as it and those before it are done."""
    inputs = list(inputs)
    output = options.output.resolve()
    started = time.perf_counter()
    report = BatchReport(output=str(output))
    clear_output(output)
    manifest = _manifest(inputs, options)
    write_manifest(output, manifest)
    if options.analyze:
        client.register_plugin(LanguageModelPlugin())
    loader = _Loader(store, output, inputs, options.analyze) if store is not None else None
    window = IN_FLIGHT_PER_THREAD * _threads(client)
    token = uuid.uuid4().hex[:12]
    in_flight: deque[tuple[Partition, Any]] = deque()

    def collect() -> None:
        partition, future = in_flight.popleft()
        try:
            summary: PartitionSummary = future.result()
        except Exception as exc:  # noqa: BLE001 - a lost partition must not end the run
            summary = _write_crashed(output, partition, exc)
            report.crashed.append(partition.index)
        report.processed += 1
        report.documents += summary.documents
        report.worker_seconds += summary.seconds
        report.worker_cpu_seconds += summary.cpu_seconds
        if loader is not None:
            loading = time.perf_counter()
            loader.load(partition.index)
            report.load_seconds += time.perf_counter() - loading
            report.loaded += 1
            report.ingest = loader.run.report
        if progress:
            progress(report)

    for partition in plan_partitions(inputs, options.partition_size):
        future = client.submit(process_partition, partition, str(output), options.limits,
                               options.analyze, key=f"storyline-{token}-{partition.index}",
                               pure=False)
        in_flight.append((partition, future))
        report.partitions += 1
        if progress:
            progress(report)
        while len(in_flight) >= window:
            collect()
    while in_flight:
        collect()
    write_manifest(output, {**manifest, "complete": True, "partitions": report.partitions,
                            "crashed": report.crashed})
    if loader is not None:
        loader.finish(report)
    report.seconds = time.perf_counter() - started
    return report


def load_batch(output: Path, store: Store, progress: BatchProgress | None = None) -> BatchReport:
    """Load a finished batch output folder into ``store``, analyse what is pending, fuse."""
    output = output.resolve()
    manifest = read_manifest(output)
    if manifest.get("format") != OUTPUT_FORMAT:
        raise ConfigError(f"{output} was not written by a storyline batch run "
                          f"(format {manifest.get('format')!r})")
    if not manifest.get("complete"):
        raise ConfigError(f"the batch run that wrote {output} did not finish; run it again")
    started = time.perf_counter()
    report = BatchReport(output=str(output))
    analyze = bool(manifest.get("analyze", True))
    loader = _Loader(store, output, list(manifest.get("inputs", [])), analyze,
                     fingerprint_version=manifest.get("fingerprint_version"))
    for index in partition_indexes(output):
        loading = time.perf_counter()
        loader.load(index)
        report.load_seconds += time.perf_counter() - loading
        report.partitions += 1
        report.loaded += 1
        report.ingest = loader.run.report
        if progress:
            progress(report)
    loader.finish(report)
    report.seconds = time.perf_counter() - started
    return report


class _Loader:
    """Loads partitions into the store in input order, through the local runner's code path."""

    def __init__(self, store: Store, output: Path, inputs: list[str], analyze: bool,
                 fingerprint_version: str | None = FINGERPRINT_VERSION) -> None:
        self.store = store
        self.output = output
        self.analyze = analyze
        # Band keys of another fingerprint version would never meet the stored ones: such
        # an output is re-fingerprinted here rather than trusted.
        self.trust_fingerprints = fingerprint_version == FINGERPRINT_VERSION
        self.run = IngestRun(store, inputs)
        self.language = AnalysisReport()

    def load(self, index: int) -> None:
        items, facts = read_partition(self.output, index)
        for item in items:
            if item.raw_sha256 is None:
                assert item.failure is not None
                self.run.fail(item.failure)
                continue
            if self.run.known(item.source, item.raw_sha256):
                continue
            if item.failure is not None:
                self.run.fail(item.failure)
                continue
            assert item.raw is not None and item.article is not None
            fp = item.fingerprint if self.trust_fingerprints else None
            stored = self.run.add(item.raw, item.article, fp)
            rows = facts.get(item.article.id)
            if stored is not None and rows is not None and item.analysis_version == LANGUAGE_VERSION:
                save_article_facts(self.store, self.language, stored.id, rows)
        self.store.commit()

    def finish(self, report: BatchReport) -> None:
        ingest = self.run.finish()
        report.ingest = ingest
        if not (self.analyze and ingest.ok):
            return
        if self.store.articles_to_analyze(LANGUAGE_VERSION, limit=1):
            # Articles stored before this run, or ones the language layer failed on in a
            # worker: analysed here, failures recorded as `storyline analyze` records them.
            pending = analyze_pending(self.store)
            self.language.analyzed += pending.analyzed
            self.language.failed += pending.failed
            for kind, count in pending.facts.items():
                self.language.facts[kind] = self.language.facts.get(kind, 0) + count
        report.language = self.language
        from storyline.runners.fusion import fuse

        report.fusion = fuse(self.store)


def _manifest(inputs: list[str], options: BatchOptions) -> dict[str, Any]:
    return {
        "format": OUTPUT_FORMAT,
        "storyline": __version__,
        "fingerprint_version": FINGERPRINT_VERSION,
        "language_version": LANGUAGE_VERSION if options.analyze else None,
        "analyze": options.analyze,
        "partition_size": options.partition_size,
        "inputs": inputs,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "complete": False,
    }


def _write_crashed(output: Path, partition: Partition, exc: BaseException) -> PartitionSummary:
    """Record every unit of a partition the cluster could not run as a failure."""
    reason = f"the worker processing this input failed: {exc!r}"
    failures = [(position, Failure(_unit_source(unit), "extract", "E299", reason))
                for position, unit in enumerate(partition.units)]
    write_partition(output, partition.index, failures, {})
    return PartitionSummary(partition.index, len(failures), 0, len(failures), 0, 0.0)


def _unit_source(unit: InputUnit) -> str:
    if unit.first_line == 0:
        return unit.target
    return f"{unit.target}#lines={unit.first_line}-"


__all__ = [
    "BatchOptions",
    "BatchReport",
    "LanguageModelPlugin",
    "PartitionSummary",
    "load_batch",
    "open_client",
    "process_partition",
    "run_batch",
]
