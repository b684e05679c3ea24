"""Background ingest jobs for the web interface ("bring articles").

A job runs the same three library steps as ``storyline ingest``: the local ingest
runner, the language layer, the fusion runner. Jobs run one at a time on one worker
thread (SQLite has one writer), each with its own store connection; readers keep
working meanwhile (WAL). Progress is kept in memory, read by ``GET /api/ingest/{id}``.
"""

from __future__ import annotations

import queue
import shutil
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from storyline.store import open_store

STATES = ("queued", "ingesting", "analyzing", "fusing", "done", "failed")


@dataclass
class IngestJob:
    id: str
    inputs: list[str]
    labels: list[str]
    cleanup: Path | None = None
    state: str = "queued"
    seen: int = 0
    added: int = 0
    unchanged: int = 0
    failed: int = 0
    analyzed: int = 0
    added_ids: list[str] = field(default_factory=list)
    added_titles: dict[str, str | None] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "done": self.state in ("done", "failed"),
            "inputs": self.labels,
            "documents_seen": self.seen,
            "added": self.added,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "analyzed": self.analyzed,
            "added_ids": self.added_ids,
            "added_articles": [{"id": a, "title": self.added_titles.get(a)} for a in self.added_ids],
            "failures": self.failures,
            "error": self.error,
        }


Runner = Callable[[IngestJob, str], None]


def run_pipeline(job: IngestJob, store_location: str) -> None:
    """Ingest, analyse and fuse, updating ``job`` as it goes."""
    from storyline.runners.fusion import fuse
    from storyline.runners.language import analyze_pending
    from storyline.runners.local import ingest

    store = open_store(store_location)
    try:
        job.state = "ingesting"

        def on_document(report: Any, source: str) -> None:
            job.seen += 1
            job.added, job.unchanged, job.failed = report.added, report.unchanged, report.failed

        report = ingest(job.inputs, store, progress=on_document)
        job.added, job.unchanged, job.failed = report.added, report.unchanged, report.failed
        job.added_titles = {
            a: stored.article.title for a in report.added_ids if (stored := store.get_article(a))
        }
        job.added_ids = list(report.added_ids)
        job.failures = report.to_dict()["failures"]  # type: ignore[assignment]
        if report.added:
            job.state = "analyzing"

            def on_analysed(analysis: Any) -> None:
                job.analyzed = analysis.analyzed

            analysis = analyze_pending(store, progress=on_analysed)
            job.analyzed = analysis.analyzed
            job.state = "fusing"
            fuse(store)
        job.state = "done"
    finally:
        store.close()


class IngestJobs:
    """Queued ingest jobs and the one worker thread that runs them."""

    def __init__(self, store_location: str, runner: Runner = run_pipeline, keep: int = 100) -> None:
        self.store_location = store_location
        self._runner = runner
        self._keep = keep
        self._jobs: dict[str, IngestJob] = {}
        self._queue: queue.Queue[IngestJob] = queue.Queue()
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None

    def submit(self, inputs: list[str], labels: list[str], cleanup: Path | None = None) -> IngestJob:
        job = IngestJob(uuid.uuid4().hex[:16], inputs, labels, cleanup)
        with self._lock:
            self._jobs[job.id] = job
            for old in sorted(self._jobs.values(), key=lambda j: j.created)[: -self._keep]:
                if old.finished is not None:
                    del self._jobs[old.id]
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="storyline-ingest", daemon=True)
                self._worker.start()
            # Queued under the lock, so a worker about to exit for lack of work sees it.
            self._queue.put(job)
        return job

    def get(self, job_id: str) -> IngestJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _work(self) -> None:
        while True:
            try:
                job = self._queue.get(timeout=30)
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():
                        self._worker = None
                        return
                continue
            try:
                self._runner(job, self.store_location)
            except Exception as exc:  # noqa: BLE001 - a failed job is reported, the worker goes on
                job.state = "failed"
                job.error = f"{type(exc).__name__}: {exc}"
            finally:
                job.finished = time.time()
                if job.cleanup is not None:
                    shutil.rmtree(job.cleanup, ignore_errors=True)


__all__ = ["STATES", "IngestJob", "IngestJobs", "run_pipeline"]
