"""The local streaming ingest runner: read inputs, extract, fingerprint, group, store.

Stages are pure functions; this runner is the only place that reads inputs and
writes to the store. Documents stream through one at a time, so memory stays flat
however large the corpus.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from storyline.config import DEFAULT_LIMITS, IngestLimits
from storyline.errors import StorylineError
from storyline.extract import extract_article
from storyline.fusion.dedup import (
    GroupMember,
    PreparedCache,
    PreparedText,
    compare,
    fingerprint,
)
from storyline.fusion.provenance import plan_group
from storyline.model import Article, CopyLink, Failure, Fingerprint, RawDocument
from storyline.sources import iter_inputs
from storyline.store.base import Store

# How many LSH candidates are verified against the actual texts for one new article.
MAX_CANDIDATES = 25
# Candidates that keep coming back (the original of a much-copied story) stay prepared.
_CANDIDATES = PreparedCache()
# Failures kept in the in-memory report (all of them are in the store).
REPORT_FAILURES = 50


@dataclass
class IngestReport:
    """What one ingest run did. ``ok`` is False only when nothing at all could be ingested."""

    added: int = 0
    unchanged: int = 0
    failed: int = 0
    copies: int = 0
    seconds: float = 0.0
    added_ids: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.added + self.unchanged > 0

    def to_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "copies": self.copies,
            "seconds": round(self.seconds, 3),
            "added_ids": self.added_ids,
            "failures": [
                {"source": f.source, "stage": f.stage, "code": f.code, "reason": f.reason}
                for f in self.failures
            ],
        }


ProgressCallback = Callable[[IngestReport, str], None]


def find_copy_links(store: Store, article: Article, fp: Fingerprint) -> list[CopyLink]:
    """Verified copy relations between ``article`` and stored articles."""
    candidate_ids = store.exact_matches(fp.normalized_sha256)
    for other in store.lsh_candidates(fp.band_keys, MAX_CANDIDATES):
        if other not in candidate_ids:
            candidate_ids.append(other)
    candidate_ids = [c for c in candidate_ids if c != article.id][:MAX_CANDIDATES]
    prepared = PreparedText(article.text)
    texts = store.texts(_CANDIDATES.missing(candidate_ids))
    links = []
    for other_id in candidate_ids:
        other = _CANDIDATES.get(other_id, texts.get(other_id))
        if other is None:
            continue
        link = compare(prepared, other, other_id)
        if link is not None:
            links.append(link)
    return links


def store_article(
    store: Store, raw: RawDocument, article: Article, fp: Fingerprint | None = None
) -> list[CopyLink]:
    """Fingerprint (unless ``fp`` was computed elsewhere), group and persist one extracted
    article; returns its copy links."""
    fp = fingerprint(article.text) if fp is None else fp
    links = find_copy_links(store, article, fp)
    group_of, groups = store.group_states([link.other_id for link in links])
    member = GroupMember(
        article_id=article.id,
        published=article.published.value,
        outlet=article.outlet,
        original_outlet=article.original_outlet,
        order=store.next_order(),
    )
    plan = plan_group(member, links, group_of, groups)
    store.add_article(article, raw.data, fp, links, plan)
    return links


def _failure_of(source: str, exc: Exception) -> Failure:
    if isinstance(exc, StorylineError):
        stage = "store" if exc.code.startswith("E3") else "extract"
        return Failure(source, stage, exc.code, exc.message)
    return Failure(source, "extract", "E299", f"unexpected error: {exc!r}")


def extract_document(raw: RawDocument, limits: IngestLimits = DEFAULT_LIMITS) -> Article | Failure:
    """The article extracted from one raw document, or the failure record saying why not.

    Pure: the batch runner calls it on its workers, the local runner in process.
    """
    try:
        return extract_article(raw, limits)
    except Exception as exc:  # noqa: BLE001 - one bad document must not end the run
        return _failure_of(raw.source, exc)


class IngestRun:
    """One ingest run's writes and bookkeeping, document by document in input order.

    The local runner and the batch loader both feed documents through it, so the
    same-bytes shortcut, copy detection, grouping and failure records follow one
    code path whichever runner extracted the articles.
    """

    def __init__(self, store: Store, inputs: Sequence[str]) -> None:
        self.store = store
        self.report = IngestReport()
        self._started = time.perf_counter()
        self._run_id = store.start_run(inputs)

    def fail(self, failure: Failure) -> None:
        self.store.record_failure(failure)
        self.report.failed += 1
        if len(self.report.failures) < REPORT_FAILURES:
            self.report.failures.append(failure)

    def known(self, source: str, raw_sha256: str) -> bool:
        """True (and the source remembered) when these exact bytes are already stored."""
        existing = self.store.article_id_for_raw(raw_sha256)
        if existing is None:
            return False
        # Same bytes seen before: a no-op, except that we remember where they were seen.
        self.store.add_source(existing, source)
        self.report.unchanged += 1
        return True

    def add(
        self, raw: RawDocument, extracted: Article | Failure, fp: Fingerprint | None = None
    ) -> Article | None:
        """Store an extracted article (or record why extraction failed); the article if stored."""
        if isinstance(extracted, Failure):
            self.fail(extracted)
            return None
        try:
            links = store_article(self.store, raw, extracted, fp)
        except Exception as exc:  # noqa: BLE001 - one bad document must not end the run
            self.fail(_failure_of(raw.source, exc))
            return None
        self.report.added += 1
        self.report.copies += bool(links)
        self.report.added_ids.append(extracted.id)
        return extracted

    def finish(self) -> IngestReport:
        self.store.commit()
        self.report.seconds = time.perf_counter() - self._started
        report = self.report
        self.store.finish_run(self._run_id, report.added, report.unchanged, report.failed)
        return report


def ingest(
    inputs: Iterable[str],
    store: Store,
    limits: IngestLimits = DEFAULT_LIMITS,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest every document the inputs yield; bad inputs become failure records."""
    inputs = list(inputs)
    run = IngestRun(store, inputs)
    for item in iter_inputs(inputs, limits):
        if isinstance(item, Failure):
            run.fail(item)
        elif not run.known(item.source, item.sha256):
            run.add(item, extract_document(item, limits))
        if progress:
            progress(run.report, item.source)
    return run.finish()


__all__ = [
    "IngestReport",
    "IngestRun",
    "extract_document",
    "find_copy_links",
    "ingest",
    "store_article",
]
