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


def ingest(
    inputs: Iterable[str],
    store: Store,
    limits: IngestLimits = DEFAULT_LIMITS,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest every document the inputs yield; bad inputs become failure records."""
    inputs = list(inputs)
    report = IngestReport()
    started = time.perf_counter()
    run_id = store.start_run(inputs)

    def fail(failure: Failure) -> None:
        store.record_failure(failure)
        report.failed += 1
        if len(report.failures) < REPORT_FAILURES:
            report.failures.append(failure)

    for item in iter_inputs(inputs, limits):
        if isinstance(item, Failure):
            fail(item)
            if progress:
                progress(report, item.source)
            continue
        existing = store.article_id_for_raw(item.sha256)
        if existing is not None:
            # Same bytes seen before: a no-op, except that we remember where they were seen.
            store.add_source(existing, item.source)
            report.unchanged += 1
        else:
            try:
                article = extract_article(item, limits)
                links = store_article(store, item, article)
            except StorylineError as exc:
                stage = "store" if exc.code.startswith("E3") else "extract"
                fail(Failure(item.source, stage, exc.code, exc.message))
            except Exception as exc:  # noqa: BLE001 - one bad document must not end the run
                fail(Failure(item.source, "extract", "E299", f"unexpected error: {exc!r}"))
            else:
                report.added += 1
                report.copies += bool(links)
                report.added_ids.append(article.id)
        if progress:
            progress(report, item.source)

    store.commit()
    report.seconds = time.perf_counter() - started
    store.finish_run(run_id, report.added, report.unchanged, report.failed)
    return report


__all__ = ["IngestReport", "find_copy_links", "ingest", "store_article"]
