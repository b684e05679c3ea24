"""Keeps the cross-article picture up to date with the stored per-article facts.

``fuse(store)`` folds the articles not fused yet into the fusion stages' incremental
indexes (entity resolution, story clustering, event coreference re-clustering only the
stories that changed, claim fusion), re-dates the undated articles the new ones may
change (:mod:`storyline.runners.fusion_dating`), and writes back only the fused records
whose content changed (upserts and deletes, by a digest of each record) in one
transaction. Every index reports what a run changed (entities, stories, event blocks,
claims, contradictions, datings), and only those records are made and compared, so a run
costs what its new articles touch, not the size of the picture.
``fuse(store, rebuild=True)`` recomputes the picture from every stored fact.

Ids are durable: a story is named after its first article, an event after its first
mention, a claim after its first statement (all in ingestion order), an entity after its
best name; a rebuild over the same articles gives the same ids
(``tests/test_fusion_stable_ids.py``).

The runner's state (its indexes, :mod:`storyline.runners.fusion_state`) lives in the
store, saved only when enough articles were fused since the last save (saving is a pass
over the whole state); the fused articles since then are marked, and a process that reads
an older save folds them in again. A long-lived process keeps the state in memory between
runs (``_STATE_CACHE``) while the saved one is still the one it extends.

A rebuild happens when there is no usable state: none yet, one written by another runner
version or state format, another alias table, an unreadable one, one that disagrees with
the fused articles, or an already fused article whose language facts changed since (the
indexes cannot take an article back out). An article moved to another duplicate group is
updated in place. Articles are always fed in ingestion order, so an incremental run gives
what a rebuild gives (``tests/test_fusion_incremental.py``); the exceptions are listed in
:mod:`storyline.runners.fusion_state`. The costs are measured in
``benchmarks/bench_fusion.py`` (figures in ``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterator

from storyline.fusion.aliases import AliasTable
from storyline.fusion.claims import ClaimIndex, ClaimSource
from storyline.fusion.dating import known_facts_from_article
from storyline.fusion.dating_records import KnownFact
from storyline.language.timex.model import TimeExpression
from storyline.runners.fusion_dating import (
    COMMON_NAME_FACTS,
    as_record,
    date_undated,
    index_facts,
    undated_contexts,
)
from storyline.runners.fusion_state import (
    FusionState,
    RunChanges,
    Undated,
    aliases_digest,
    load_state,
    state_version,
)
from storyline.store.base import FusedArticle, FusionUpdate, Store, StoredArticle

FUSION_VERSION = "fusion-4"
STATE_NAME = "fusion"
# The state is saved when this many articles (and this share of all) were fused since the
# last save: saving costs a pass over the whole state, so it is spread over many runs. A
# process that finds articles fused after the save folds them in again from the store.
SNAPSHOT_MIN_ARTICLES = 1000
SNAPSHOT_SHARE = 0.2
# location -> (token of the saved state it extends, state): what a long-lived process
# (a web server, a watcher) keeps between runs instead of reading the saved state back.
_STATE_CACHE: dict[str, tuple[str, FusionState]] = {}

Record = tuple[str, str, str | None, str | None, dict[str, object], tuple[str, ...]]
Upsert = tuple[str, str, str | None, str | None, dict[str, object], tuple[str, ...], str]


@dataclass
class FusionReport:
    articles: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    # "rebuild", "incremental" or "unchanged"; why a rebuild happened; what was written.
    mode: str = "rebuild"
    reason: str = ""
    added: int = 0
    written: int = 0
    deleted: int = 0
    saved_state: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles,
            **self.counts,
            "mode": self.mode,
            "added": self.added,
            "written": self.written,
            "deleted": self.deleted,
        }


def fuse(
    store: Store,
    *,
    aliases: AliasTable | None = None,
    progress: Callable[[int], None] | None = None,
    rebuild: bool = False,
) -> FusionReport:
    """Bring the cross-article picture of ``store`` up to date (see the module docstring)."""
    report = FusionReport()
    digest = aliases_digest(aliases)
    expected = state_version(FUSION_VERSION)
    # Taken out while the run mutates it: a run that fails leaves no half-updated state.
    cached = _STATE_CACHE.pop(store.location, None)
    pending = store.pending_fusion()
    saved = store.fusion_state_token(STATE_NAME)
    state: FusionState | None = None
    token = ""
    if rebuild:
        report.reason = "asked"
    elif (cached is not None and saved == (expected, cached[0])
          and cached[1].aliases_digest == digest and pending.fused == len(cached[1].published)):
        token, state = cached
    else:
        state, report.reason = load_state(store.fusion_state(STATE_NAME), FUSION_VERSION, digest)
        if state is not None and saved is not None:
            token = saved[1]
            if pending.saved != len(state.published):
                state, report.reason = None, "the saved state and the fused articles disagree"
            else:
                # Records written since the state was saved are not in its digests.
                state.digests = {k: v or "" for k, v in store.fused_digests().items()}
    to_add: list[FusedArticle] = []
    regrouped: list[FusedArticle] = []
    if state is not None:
        for mark in sorted((*pending.new, *pending.unsaved, *pending.changed),
                           key=lambda m: m.seq):
            if mark.article_id not in state.published:
                to_add.append(mark)  # new, or fused after the state was saved
            elif state.analysis_of[mark.article_id] != mark.analysis:
                state, report.reason = None, "a fused article was re-analysed"
                break
            elif state.group_of[mark.article_id] != mark.group_id:
                regrouped.append(mark)
    if state is not None and not to_add and not regrouped:
        report.mode, report.articles, report.counts = "unchanged", len(state.published), \
            dict(state.counts)
        _STATE_CACHE[store.location] = (token, state)
        return report
    full = state is None
    if state is None:
        state = FusionState.empty(aliases, digest)
        to_add = list(store.pending_fusion(everything=True).new)
        regrouped = []
    else:
        report.mode = "incremental"
    report.added = _update(store, state, to_add, regrouped, progress)
    upserts, deletes = _picture(state, full)
    unsaved_ids = {mark.article_id for mark in pending.unsaved}
    if not full and any(mark.article_id in unsaved_ids for mark in to_add):
        # Replayed from an older save: records the lost runs wrote and this replay did not
        # make again are unknown to the indexes' change reports (a pass, on cold starts only).
        deletes += _stale(state, {(u[0], u[1]) for u in upserts} | set(deletes))
    unsaved = 0 if full else len(state.published) - pending.saved  # not in the saved state
    save = full or unsaved >= max(SNAPSHOT_MIN_ARTICLES, SNAPSHOT_SHARE * len(state.published))
    if save:
        token = uuid.uuid4().hex
    store.apply_fusion(
        FusionUpdate(
            version=FUSION_VERSION,
            articles=len(state.published),
            upserts=upserts,
            deletes=deletes,
            fused_articles=[*to_add, *regrouped],
            state_name=STATE_NAME,
            state_version=expected,
            state=state.dumps() if save else None,
            state_token=token,
            full=full,
        )
    )
    _STATE_CACHE[store.location] = (token, state)
    report.articles = len(state.published)
    report.counts = dict(state.counts)
    report.written, report.deleted, report.saved_state = len(upserts), len(deletes), save
    return report


def _update(
    store: Store,
    state: FusionState,
    articles: list[FusedArticle],
    regrouped: list[FusedArticle],
    progress: Callable[[int], None] | None,
) -> int:
    """Fold new articles (in ingestion order) into the indexes; re-date the undated ones."""
    attributions: list[tuple[str, dict[str, Any]]] = []
    for mark in regrouped:
        _move_to_group(state, mark.article_id, mark.group_id)
    new_facts: list[KnownFact] = []
    marks = {mark.article_id: mark for mark in articles}
    for count, (stored, stored_facts) in enumerate(_with_facts(store, list(marks)), 1):
        mark = marks[stored.article.id]
        article = stored.article
        facts: dict[str, list[Any]] = {}
        for fact in stored_facts:
            kind = str(fact.pop("kind"))
            if kind == "attribution":
                # Claim fusion reads the dict form; the other stages read records.
                attributions.append((article.id, fact))
            elif kind == "time_expression":
                facts.setdefault(kind, []).append(TimeExpression.from_dict(fact))
            elif kind == "event_mention":
                facts.setdefault("event_dict", []).append(fact)
            else:
                facts.setdefault(kind, []).append(as_record(fact))
        mentions = facts.get("mention", [])
        state.entity_index.add_article(article.id, mentions)
        names = [m.canonical or m.name for m in mentions]
        story = state.story_index.add_article(
            article.id, article.text, article.published.value, entities=names, title=article.title
        )
        state.story_of[article.id] = story
        state.order[article.id] = len(state.order)
        state.analysis_of[article.id] = mark.analysis
        state.published[article.id] = state.effective[article.id] = article.published.value
        _move_to_group(state, article.id, mark.group_id)
        times = facts.get("time_expression", [])
        event_dicts = facts.get("event_dict", [])
        events = [as_record(e) for e in event_dicts]
        if article.published.value is not None:
            facts_here = known_facts_from_article(article.id, article.published.value, times,
                                                  events, mentions).facts
            index_facts(state, facts_here)
            new_facts.extend(facts_here)
        else:
            notices = "\n".join([article.text] + [b.text for b in article.boilerplate_removed])
            undated = Undated(tuple(times), tuple(event_dicts), tuple(mentions), notices)
            state.undated[article.id] = undated
            contexts = undated_contexts(undated)
            state.undated_contexts[article.id] = contexts
            state.undated_names[article.id] = frozenset(
                name for context, _, _ in contexts for name in context.names)
            for name in state.undated_names[article.id]:
                state.undated_by_name.setdefault(name, set()).add(article.id)
        state.event_index.add_article(article.id, events, story)
        if progress:
            progress(count)
    moved = {mark.article_id for mark in regrouped}
    added = {mark.article_id for mark in articles if mark.article_id in state.published}
    redated = date_undated(state, new_facts, moved, added)
    state.run = RunChanges(entities=state.entity_index.take_changes(), redated=redated)
    _update_claims(store, state, attributions, redated | moved)
    return len(articles)


def _with_facts(
    store: Store, article_ids: list[str], chunk: int = 500
) -> Iterator[tuple[StoredArticle, list[dict[str, object]]]]:
    """The stored articles of ``article_ids`` with their facts, in ingestion order
    (``article_ids`` is in ingestion order too), read a chunk of articles at a time."""
    for start in range(0, len(article_ids), chunk):
        ids = article_ids[start:start + chunk]
        facts = store.extractions_of_articles(ids)
        for stored in store.articles_by_id(ids):
            yield stored, facts[stored.article.id]


def _move_to_group(state: FusionState, article_id: str, group_id: str) -> None:
    old = state.group_of.get(article_id)
    if old is not None:
        state.group_members[old].remove(article_id)
        if not state.group_members[old]:
            del state.group_members[old]
    state.group_of[article_id] = group_id
    members = state.group_members.setdefault(group_id, [])
    members.append(article_id)
    members.sort(key=state.order.__getitem__)  # ingestion order, as a rebuild lists them


def _update_claims(
    store: Store,
    state: FusionState,
    attributions: list[tuple[str, dict[str, Any]]],
    refreshed: set[str],
) -> None:
    """Add the new attributions to the claim index, keeping it equal to a rebuild's.

    Sources are keyed by their speaker's entity id as the entity picture stands now; when
    an earlier source's speaker has another id by now (only clusters the entity index
    reports as relinked are looked at), the claims are re-fused from every stored
    attribution. Sources of ``refreshed`` articles (new date or duplicate group) get their
    new values, which only change how their claims are built.
    """
    run = state.run if state.run is not None else RunChanges()
    entity_of = state.entity_index.entity_of
    moved = any(entity_of(*key) != state.claim_speakers[key]
                for key in run.entities.relinked if key in state.claim_speakers)
    if moved:
        run.removed_claims = set(state.contradiction_index.claim_ids())
        state.claim_index = ClaimIndex(state.claim_index.options)
        state.claim_speakers = {}
        # One streamed pass, in ingestion order as a rebuild reads them.
        attributions = [
            (str(fact["evidence"]["article_id"]), fact)  # type: ignore[index]
            for fact in store.iter_extractions("attribution")
            if fact["evidence"]["article_id"] in state.published  # type: ignore[index]
        ]
    elif refreshed:
        state.claim_index.refresh_sources(refreshed, lambda source: replace(
            source, group_id=state.group_of[source.article_id],
            published=state.effective[source.article_id]))
    for article_id, attribution in attributions:
        attribution.pop("kind", None)
        cluster = attribution.get("speaker_cluster")
        entity_id = entity_of(article_id, cluster) if cluster is not None else None
        state.claim_speakers[(article_id, cluster)] = entity_id
        state.claim_index.add(
            ClaimSource(article_id, state.group_of[article_id], state.effective[article_id],
                        attribution, entity_id)
        )


def _picture(state: FusionState, full: bool) -> tuple[list[Upsert], list[tuple[str, str]]]:
    """The picture's records that changed in this run, and the ones that went.

    Every index reports what it changed (entities, stories, events, claims), so the work is
    what the new articles touched, not the size of the picture; contradictions are kept by
    an index of their own (:class:`~storyline.fusion.claims_contradictions.ContradictionIndex`).
    """
    run = state.run if state.run is not None else RunChanges()
    state.run = None
    made: dict[tuple[str, str], Record | None] = {}  # None: the record went
    for entity in run.entities.entities.values():
        made[("entity", entity.id)] = (
            "entity", entity.id, entity.name, f"{1_000_000 - entity.mention_count:07d}",
            entity.to_dict(), tuple(entity.article_ids))
    for entity_id in run.entities.removed:
        made[("entity", entity_id)] = None
    for story in state.story_index.take_changed():
        made[("story", story.id)] = (
            "story", story.id, story.title,
            story.first_date.isoformat() if story.first_date else "9999", story.to_dict(),
            tuple(story.article_ids))
    events, gone_events = state.event_index.take_changes(state.effective)
    for event in events:
        made[("event", event.id)] = (
            "event", event.id, f"{event.event_type}: {event.label}", event.date or "9999",
            event.to_dict(), tuple(event.article_ids))
    for event_id in gone_events:
        made[("event", event_id)] = None
    for article_id in run.redated:
        dating = state.datings.get(article_id)
        made[("dating", article_id)] = None if dating is None else (
            "dating", article_id, None, (dating.value or dating.earliest).isoformat(),
            dating.to_dict(), (article_id,))
    claims = state.claim_index.take_changed()
    live = {claim.id for claim in claims}
    removed_claims = run.removed_claims - live
    appeared, went = state.contradiction_index.update(claims, removed_claims, events, gone_events)
    touched_claims = {claim.id for claim in claims}
    touched_records: set[str] = set()
    for contradiction, step in [*((c, -1) for c in went), *((c, 1) for c in appeared)]:
        record_id = _contradiction_id(contradiction)
        found, count = state.contradictions.get(record_id, (contradiction, 0))
        count += step
        if count > 0:
            state.contradictions[record_id] = (contradiction if step > 0 else found, count)
        else:
            state.contradictions.pop(record_id, None)
        touched_records.add(record_id)
        for claim_id in contradiction.claim_ids:
            touched_claims.add(claim_id)
            held = state.claim_contradictions.setdefault(claim_id, set())
            if count > 0:
                held.add(record_id)
            else:
                held.discard(record_id)
                if not held:
                    del state.claim_contradictions[claim_id]
    for claim_id in touched_claims:
        for record_id in state.claim_contradictions.get(claim_id, ()):
            touched_records.add(record_id)  # its claim's sources may have changed
    for claim_id in removed_claims:
        made[("claim", claim_id)] = None
    for claim_id in touched_claims - removed_claims:
        claim = state.contradiction_index.claim(claim_id)
        if claim is None:
            continue
        others = {other for record_id in state.claim_contradictions.get(claim_id, ())
                  for other in state.contradictions[record_id][0].claim_ids if other != claim_id}
        made[("claim", claim_id)] = _claim_record(claim, tuple(sorted(others)))
    for record_id in touched_records:
        held = state.contradictions.get(record_id)
        if held is None:
            made[("contradiction", record_id)] = None
            continue
        contradiction = held[0]
        data = {**contradiction.to_dict(), "id": record_id}
        articles = set()
        for claim_id in contradiction.claim_ids:
            claim = state.contradiction_index.claim(claim_id)
            if claim is not None:
                articles.update(claim.sources)
        made[("contradiction", record_id)] = (
            "contradiction", record_id, contradiction.detail[:200], contradiction.kind, data,
            tuple(sorted(articles)))
    state.counts = {
        "entities": len(state.entity_index),
        "stories": len(state.story_index),
        "events": len(state.event_index),
        "claims": len(state.claim_index),
        "contradictions": len(state.contradiction_index),
        "dated_by_inference": len(state.datings),
    }
    return _changed(state, made, full)


def _stale(state: FusionState, written: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """Stored records (by their digests) that no index holds any more."""
    alive: dict[str, Callable[[str], bool]] = {
        "entity": state.entity_index.holds,
        "story": state.story_index.holds,
        "event": state.event_index.event_ids().__contains__,
        "claim": lambda i: state.contradiction_index.claim(i) is not None,
        "contradiction": state.contradictions.__contains__,
        "dating": state.datings.__contains__,
    }
    stale = [key for key in state.digests
             if key not in written and key[0] in alive and not alive[key[0]](key[1])]
    for key in stale:
        del state.digests[key]
    return stale


def _contradiction_id(contradiction: Any) -> str:
    data = contradiction.to_dict()
    digest = hashlib.sha1(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    return f"contradiction-{digest[:12]}"


def _claim_record(claim: Any, others: tuple[str, ...]) -> Record:
    data = claim.to_dict()
    data["contradicts"] = list(others)
    first = claim.first_seen.isoformat() if claim.first_seen else "9999"
    return "claim", claim.id, claim.content[:200], first, data, tuple(claim.sources)


def _changed(
    state: FusionState, made: dict[tuple[str, str], Record | None], full: bool,
) -> tuple[list[Upsert], list[tuple[str, str]]]:
    """Of the records made this run, those whose content differs from what was written
    last time (by digest), and the keys that went."""
    upserts: list[Upsert] = []
    deletes: list[tuple[str, str]] = []
    for key in sorted(made, key=lambda k: (k[0], k[1])):
        record = made[key]
        if record is None:
            if state.digests.pop(key, None) is not None and not full:
                deletes.append(key)
            continue
        _, _, label, sort_key, data, articles = record
        digest = hashlib.blake2b(
            json.dumps([label, sort_key, data, articles], sort_keys=True, default=str,
                       ensure_ascii=False).encode(), digest_size=12,
        ).hexdigest()
        if full or state.digests.get(key) != digest:
            upserts.append((*record, digest))
        state.digests[key] = digest
    return upserts, deletes


__all__ = ["COMMON_NAME_FACTS", "FUSION_VERSION", "FusionReport", "as_record", "fuse"]
