"""Builds the cross-article picture from the stored per-article facts.

Reads every article's language-layer facts from the store, feeds them through the
fusion stages (entity resolution, story clustering, event coreference, claim fusion
and contradictions, dating of undated articles) and writes the result back in one
transaction. The stages themselves are incremental indexes; this runner rebuilds
the picture from the stored facts, which keeps it deterministic whatever the order
in which articles arrived.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any, Callable, Iterator

import hashlib

from storyline.fusion.aliases import AliasTable
from storyline.fusion.claims import ClaimSource, find_contradictions, fuse_claims
from storyline.fusion.dating import (
    copyright_years_in,
    infer_publication_date,
    known_facts_from_article,
    redate,
)
from storyline.fusion.dating_records import DateInference, KnownFacts
from storyline.fusion.entities import EntityIndex
from storyline.fusion.events import resolve_events
from storyline.fusion.stories import StoryIndex
from storyline.language.evidence import Evidence
from storyline.language.timex.model import TimeExpression
from storyline.store.base import Store

FUSION_VERSION = "fusion-1"


@dataclass
class FusionReport:
    articles: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {"articles": self.articles, **self.counts}


def as_record(data: Any) -> Any:
    """A stored fact (JSON) back as an attribute-access record for the fusion stages."""
    if isinstance(data, dict):
        if {"article_id", "sentence", "start", "end", "text"} <= data.keys():
            return Evidence(
                data["article_id"], data["sentence"], data["start"], data["end"], data["text"]
            )
        return SimpleNamespace(**{key: as_record(value) for key, value in data.items()})
    if isinstance(data, list):
        return tuple(as_record(item) for item in data)
    return data


@dataclass
class _Collected:
    """Per-article inputs of the batch stages, gathered in one pass over the store."""

    event_mentions: list[Any] = field(default_factory=list)
    published: dict[str, date | None] = field(default_factory=dict)
    group_of: dict[str, str] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)
    attributions: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # Per undated article: what dating needs (time expressions, events, mentions, notices).
    undated: dict[str, tuple[list[TimeExpression], list[Any], list[Any], str]] = field(
        default_factory=dict
    )
    known: KnownFacts = field(default_factory=KnownFacts)


def _records(kind: str, items: Any, label: Callable[[Any], str | None], sort_key: Callable[[Any], str | None], articles: Callable[[Any], Any]) -> Iterator[tuple[str, str, str | None, str | None, dict[str, object], tuple[str, ...]]]:
    for item in items:
        yield kind, item.id, label(item), sort_key(item), item.to_dict(), tuple(articles(item))


def fuse(
    store: Store,
    *,
    aliases: AliasTable | None = None,
    progress: Callable[[int], None] | None = None,
) -> FusionReport:
    """Rebuild the cross-article picture of everything in ``store``."""
    entity_index = EntityIndex(aliases)
    story_index = StoryIndex()
    collected = _Collected()
    report = FusionReport()
    for stored in store.iter_articles():
        article = stored.article
        facts: dict[str, list[Any]] = {}
        for fact in store.extractions_of(article.id):
            kind = str(fact.pop("kind"))
            if kind == "attribution":
                # Claim fusion reads the dict form; the other stages read records.
                collected.attributions.append((article.id, fact))
                continue
            if kind == "time_expression":
                facts.setdefault(kind, []).append(TimeExpression.from_dict(fact))
                continue
            facts.setdefault(kind, []).append(as_record(fact))
        mentions = facts.get("mention", [])
        entity_index.add_article(article.id, mentions)
        names = [m.canonical or m.name for m in mentions]
        collected.story_of[article.id] = story_index.add_article(
            article.id, article.text, article.published.value, entities=names, title=article.title
        )
        collected.published[article.id] = article.published.value
        collected.group_of[article.id] = stored.group_id
        collected.event_mentions.extend(facts.get("event_mention", []))
        times, events_here = facts.get("time_expression", []), facts.get("event_mention", [])
        if article.published.value is not None:
            collected.known = collected.known.merged(
                known_facts_from_article(
                    article.id, article.published.value, times, events_here, mentions
                )
            )
        else:
            notices = "\n".join([article.text] + [b.text for b in article.boilerplate_removed])
            collected.undated[article.id] = (times, events_here, mentions, notices)
        report.articles += 1
        if progress:
            progress(report.articles)

    datings = _date_undated(collected)
    entities = entity_index.entities()
    stories = story_index.stories()
    events = resolve_events(collected.event_mentions, collected.story_of, collected.published)
    entity_articles = _entity_articles(entity_index)
    entity_of = {(link.article_id, link.cluster): link.entity_id for link in entity_index.links()}
    claims = fuse_claims(
        ClaimSource(
            article_id,
            collected.group_of[article_id],
            collected.published[article_id],
            attribution,
            entity_of.get((article_id, attribution.get("speaker_cluster"))),
        )
        for article_id, attribution in collected.attributions
    )
    contradictions = find_contradictions(claims, events)
    contradicts: dict[str, set[str]] = {}
    for contradiction in contradictions:
        for claim_id in contradiction.claim_ids:
            contradicts.setdefault(claim_id, set()).update(
                other for other in contradiction.claim_ids if other != claim_id
            )

    def records() -> Iterator[tuple[str, str, str | None, str | None, dict[str, object], tuple[str, ...]]]:
        yield from _records(
            "entity", entities, lambda e: e.name, lambda e: f"{1_000_000 - e.mention_count:07d}",
            lambda e: entity_articles.get(e.id, ()),
        )
        yield from _records(
            "story", stories, lambda s: s.title,
            lambda s: s.first_date.isoformat() if s.first_date else "9999", lambda s: s.article_ids,
        )
        yield from _records(
            "event", events, lambda e: f"{e.event_type}: {e.label}", lambda e: e.date or "9999",
            lambda e: e.article_ids,
        )
        for dating in datings:
            sort_key = (dating.value or dating.earliest).isoformat()
            yield "dating", dating.article_id, None, sort_key, dating.to_dict(), (dating.article_id,)
        for claim in claims:
            data = claim.to_dict()
            data["contradicts"] = sorted(contradicts.get(claim.id, ()))
            first = claim.first_seen.isoformat() if claim.first_seen else "9999"
            yield "claim", claim.id, claim.content[:200], first, data, claim.sources
        for contradiction in contradictions:
            data = contradiction.to_dict()
            digest = hashlib.sha1(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
            data["id"] = f"contradiction-{digest[:12]}"
            articles = {a for c in claims if c.id in contradiction.claim_ids for a in c.sources}
            yield "contradiction", data["id"], contradiction.detail[:200], contradiction.kind, data, sorted(articles)

    store.replace_fused(FUSION_VERSION, records(), report.articles)
    report.counts = {
        "entities": len(entities),
        "stories": len(stories),
        "events": len(events),
        "claims": len(claims),
        "contradictions": len(contradictions),
        "dated_by_inference": len(datings),
    }
    return report


def _date_undated(collected: _Collected) -> list[DateInference]:
    """Infer dates of undated articles and re-resolve their relative expressions.

    Event mentions of a re-dated article get the new calendar values of their linked
    time expressions, so that event fusion and timelines place them correctly.
    """
    dated_in_group: dict[str, list[tuple[str, date]]] = {}
    for article_id, published in collected.published.items():
        if published is not None:
            dated_in_group.setdefault(collected.group_of[article_id], []).append((article_id, published))
    datings = []
    for article_id, (times, events, mentions, notices) in collected.undated.items():
        inferred = infer_publication_date(
            article_id,
            times,
            events,
            collected.known,
            copyright_years_in(notices),
            dated_in_group.get(collected.group_of[article_id], ()),
            mentions,
        )
        if inferred is None:
            continue
        datings.append(inferred)
        if inferred.value is not None:
            collected.published[article_id] = inferred.value
        new_values = {
            (t.evidence.start, t.evidence.end): t.value for t in redate(times, inferred)
        }
        for event in events:
            time = getattr(event, "time", None)
            key = (getattr(time, "start", None), getattr(time, "end", None))
            if time is not None and key in new_values:
                time.value = new_values[key]
    return datings


def _entity_articles(index: EntityIndex) -> dict[str, tuple[str, ...]]:
    articles: dict[str, set[str]] = {}
    for link in index.links():
        articles.setdefault(link.entity_id, set()).add(link.article_id)
    return {entity_id: tuple(sorted(ids)) for entity_id, ids in articles.items()}


__all__ = ["FUSION_VERSION", "FusionReport", "as_record", "fuse"]
