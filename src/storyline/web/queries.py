"""What the web pages and the HTTP API read from the store, in one place.

Everything here is a selection or a join over what the library already computed
(``store.fused``, ``views.export``, ``views.timeline``, ``views.marking``): records
keep the shapes of the JSON export (docs/export.md), so ids and fields match it.
Nothing here derives a fact of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Sequence

from storyline.store.base import Store, StoredArticle
from storyline.views.export import article_record
from storyline.views.marking import choose_marks
from storyline.views.timeline import build_timeline, calendar_interval

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")
STANCES = ("assert", "accuse", "deny", "predict", "pledge", "report")
# Stored fact kind -> the key it has in `storyline show --json` and the export.
FACT_LISTS = {
    "mention": "mentions",
    "time_expression": "time_expressions",
    "quantity": "quantities",
    "attribution": "attributions",
    "event_mention": "event_mentions",
}


class NotFound(LookupError):
    """An id the store does not know; ``kind`` says which kind of record."""

    def __init__(self, kind: str, record_id: str, hint: str) -> None:
        super().__init__(f"no {kind} with id {record_id!r} ({hint})")
        self.kind = kind
        self.record_id = record_id


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a longer list: ``items[offset:offset+limit]`` of ``total``."""

    items: list[Any]
    total: int
    limit: int
    offset: int

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "items": self.items}


def paginate(items: Sequence[Any], limit: int, offset: int) -> Page:
    return Page(list(items[offset : offset + limit]), len(items), limit, offset)


# --------------------------------------------------------------------------- articles
@dataclass(frozen=True, slots=True)
class ArticleBrief:
    """What a list needs to name an article: title, outlet, date and how it was found."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    published_source: str
    group_id: str
    copy_of: str | None
    relation: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "published_source": self.published_source,
            "group_id": self.group_id,
            "copy_of": self.copy_of,
            "relation": self.relation,
        }


def article_briefs(store: Store) -> dict[str, ArticleBrief]:
    """Every article, briefly, with inferred dates overlaid as the export does."""
    inferred = {d["article_id"]: d for d in store.fused("dating")}
    briefs = {}
    for stored in store.iter_articles():
        article = stored.article
        published = article.published.value.isoformat() if article.published.value else None
        source = article.published.source.value
        dating = inferred.get(article.id)
        if published is None and dating is not None and dating.get("value"):
            published, source = str(dating["value"]), "inferred"
        briefs[article.id] = ArticleBrief(
            article.id, article.title, article.outlet, published, source,
            stored.group_id, stored.copy_of, stored.relation.value,
        )
    return briefs


def _summary_record(store: Store, stored: StoredArticle) -> dict[str, Any]:
    record = article_record(store, stored)
    record.pop("text")
    return record


def list_articles(store: Store, limit: int, offset: int) -> Page:
    rows = store.iter_articles(limit=limit, offset=offset)
    return Page([_summary_record(store, row) for row in rows], store.count_articles(), limit, offset)


def get_article(store: Store, article_id: str) -> StoredArticle:
    stored = store.get_article(article_id)
    if stored is None or stored.article.id != article_id:
        raise NotFound("article", article_id, "see /api/articles")
    return stored


def article_detail(store: Store, article_id: str) -> dict[str, Any]:
    """The export record of one article plus its facts, provenance and copy links."""
    stored = get_article(store, article_id)
    record = article_record(store, stored)
    facts = store.extractions_of(article_id)
    for kind, key in FACT_LISTS.items():
        record[key] = [{k: v for k, v in f.items() if k != "kind"} for f in facts if f["kind"] == kind]
    record["provenance"] = provenance(store, stored)
    record["claims"] = store.fused("claim", article_id=article_id)
    record["stories"] = [
        {"id": s["id"], "title": s["title"]} for s in store.fused("story", article_id=article_id)
    ]
    return record


def provenance(store: Store, stored: StoredArticle) -> dict[str, Any]:
    """Where this article sits among copies: its original, its copies and the verified links."""
    article_id = stored.article.id
    group = next((g for g in store.groups() if g.id == stored.group_id), None)
    members = list(group.member_ids) if group else [article_id]
    copied_by = []
    for member_id in members:
        if member_id == article_id:
            continue
        other = store.get_article(member_id)
        if other is not None and other.copy_of == article_id:
            copied_by.append({
                "id": member_id, "relation": other.relation.value, "similarity": other.similarity,
                "title": other.article.title, "outlet": other.article.outlet,
            })
    links = [
        {"article_id": a, "other_id": b, "relation": rel.value, "similarity": sim}
        for a, b, rel, sim in store.copy_links_of(article_id)
    ]
    return {
        "group_id": stored.group_id,
        "group_size": len(members),
        "group_members": members,
        "original_id": group.original_id if group else article_id,
        "copy_of": stored.copy_of,
        "relation": stored.relation.value,
        "similarity": stored.similarity,
        "copied_by": copied_by,
        "rewrites": [link for link in links if link["relation"] == "rewrite"],
        "links": links,
    }


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of article text, marked (``kind``/``label`` set) or plain."""

    text: str
    kind: str | None = None
    label: str | None = None


def marked_segments(text: str, facts: Iterable[dict[str, Any]]) -> list[Segment]:
    """The article text cut at the marks ``views.marking`` chooses (rendered escaped)."""
    segments = []
    cursor = 0
    for mark in choose_marks(facts):
        if mark.start < cursor or mark.end > len(text):
            continue
        if mark.start > cursor:
            segments.append(Segment(text[cursor : mark.start]))
        segments.append(Segment(text[mark.start : mark.end], mark.kind, mark.label))
        cursor = mark.end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


# --------------------------------------------------------------------------- stories
def get_story(store: Store, story_id: str) -> dict[str, Any]:
    story = store.fused_record("story", story_id)
    if story is None:
        raise NotFound("story", story_id, "see /api/stories")
    return story


def story_summaries(store: Store, briefs: dict[str, ArticleBrief] | None = None) -> list[dict[str, Any]]:
    """Stories with their size, date span and latest dated article."""
    briefs = article_briefs(store) if briefs is None else briefs
    out = []
    for story in store.fused("story"):
        members = [briefs[a] for a in story["article_ids"] if a in briefs]
        dated = sorted((b for b in members if b.published), key=lambda b: (b.published, b.id))
        latest = dated[-1] if dated else None
        out.append({
            **story,
            "size": len(story["article_ids"]),
            "independent_source_count": len({b.group_id for b in members}),
            "latest_article": latest.to_dict() if latest else None,
        })
    return out


def story_summary(store: Store, story_id: str, briefs: dict[str, ArticleBrief]) -> dict[str, Any]:
    # Looked up again rather than trusted: a fusion may have replaced the stories meanwhile.
    for summary in story_summaries(store, briefs):
        if summary["id"] == story_id:
            return summary
    raise NotFound("story", story_id, "see /api/stories")


def story_events(store: Store, story: dict[str, Any]) -> list[dict[str, Any]]:
    members = set(story["article_ids"])
    return [e for e in store.fused("event") if members & set(e["article_ids"])]


def story_timeline(
    store: Store,
    story: dict[str, Any],
    *,
    entity: str | None = None,
    from_date: date | None = None,
    to_date: date | None = None,
    event_type: str | None = None,
    status: str | None = None,
    include_undated: bool = True,
) -> list[dict[str, Any]]:
    """The story's timeline entries (``views.timeline``), filtered by type and status."""
    events = story_events(store, story)
    if event_type:
        events = [e for e in events if e.get("event_type") == event_type]
    if status:
        events = [e for e in events if e.get("status") == status]
    article_ids = sorted({a for e in events for a in e["article_ids"]})
    group_of = {a: s.group_id for a in article_ids if (s := store.get_article(a)) is not None}
    entries = build_timeline(
        events, entity, from_date, to_date,
        texts=store.texts(article_ids), group_of=group_of, include_undated=include_undated,
    )
    out = []
    for entry in entries:
        record = entry.to_dict()
        first = calendar_interval(entry.date)
        last = calendar_interval(entry.end_date) if entry.end_date else first
        # First and last calendar day, so a client can place entries of any precision on an axis.
        record["first_day"] = first[0].isoformat() if first else None
        record["last_day"] = (last or first)[1].isoformat() if first else None
        out.append(record)
    return out


def resolve_entity_filter(store: Store, value: str | None) -> str | None:
    """An entity id becomes its name (what the timeline matches); a name stays as given."""
    if not value:
        return None
    entity = store.fused_record("entity", value)
    return str(entity["name"]) if entity else value


def sorted_claims(claims: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Best-sourced first, as `storyline claims` lists them."""
    return sorted(
        claims, key=lambda c: (-c["independent_source_count"], -c["raw_source_count"], c["id"])
    )


def claims_of(store: Store, *, story: dict[str, Any] | None = None, stance: str | None = None) -> list[dict[str, Any]]:
    claims = store.fused("claim")
    if story is not None:
        members = set(story["article_ids"])
        claims = [c for c in claims if members & set(c["sources"])]
    if stance is not None:
        claims = [c for c in claims if c["stance"] == stance]
    return sorted_claims(claims)


def contradictions_of(store: Store, claim_ids: set[str] | None = None) -> list[dict[str, Any]]:
    found = store.fused("contradiction")
    if claim_ids is None:
        return found
    return [c for c in found if claim_ids & set(c["claim_ids"])]


def entities_of(store: Store, article_ids: Iterable[str] | None = None, label: str | None = None) -> list[dict[str, Any]]:
    """Entities (most mentioned first), optionally only those in some articles or of a type."""
    entities = store.fused("entity")
    if label is not None:
        entities = [e for e in entities if e.get("label") == label]
    if article_ids is not None:
        wanted = set(article_ids)
        entities = [e for e in entities if wanted & set(e.get("article_ids", ()))]
    return entities


# --------------------------------------------------------------------------- entities
def get_entity(store: Store, entity_id: str) -> dict[str, Any]:
    entity = store.fused_record("entity", entity_id)
    if entity is None:
        raise NotFound("entity", entity_id, "see /api/entities")
    return entity


def _names_pattern(entity: dict[str, Any]) -> re.Pattern[str] | None:
    names = sorted({str(n) for n in [entity.get("name"), *entity.get("aliases", [])] if n}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)


def entity_detail(store: Store, entity_id: str, *, related_limit: int = 15) -> dict[str, Any]:
    """An entity with its events, the claims it made or that name it, and co-occurring entities."""
    entity = get_entity(store, entity_id)
    article_ids = set(entity.get("article_ids", ()))
    events = [e for e in store.fused("event") if article_ids & set(e["article_ids"])]
    ids = sorted({a for e in events for a in e["article_ids"]})
    entries = build_timeline(
        events, str(entity["name"]), texts=store.texts(ids), include_undated=True,
    )
    pattern = _names_pattern(entity)
    claims_by, claims_about = [], []
    for claim in store.fused("claim"):
        if claim.get("speaker_entity_id") == entity_id:
            claims_by.append(claim)
        elif pattern is not None and pattern.search(f"{claim.get('content', '')} {claim.get('target') or ''}"):
            claims_about.append(claim)
    by_date = lambda c: (c.get("first_seen") is None, c.get("first_seen") or "", c["id"])  # noqa: E731
    related = []
    for other in store.fused("entity"):
        if other["id"] == entity_id:
            continue
        shared = len(article_ids & set(other.get("article_ids", ())))
        if shared:
            related.append({"id": other["id"], "name": other["name"], "label": other.get("label"), "shared_articles": shared})
    related.sort(key=lambda r: (-r["shared_articles"], r["name"]))
    return {
        **entity,
        "timeline": [e.to_dict() for e in entries],
        "claims_by": sorted(claims_by, key=by_date),
        "claims_about": sorted(claims_about, key=by_date),
        "related": related[:related_limit],
        "stories": [
            {"id": s["id"], "title": s["title"]} for s in store.fused("story")
            if article_ids & set(s["article_ids"])
        ],
    }


# --------------------------------------------------------------------------- search
def search_all(store: Store, query: str, limit: int) -> dict[str, Any]:
    """Articles by full text (FTS), entities by name or alias, claims by content."""
    words = [w.lower() for w in query.split() if w]
    hits = store.search(query, limit=limit)
    articles = [
        {"id": h.article_id, "title": h.title, "snippet": h.snippet, "score": h.score} for h in hits
    ]

    def matches(*texts: Any) -> bool:
        haystack = " ".join(str(t) for t in texts if t).lower()
        return all(w in haystack for w in words)

    entities = [
        e for e in store.fused("entity") if matches(e.get("name"), *e.get("aliases", []))
    ]
    claims = sorted_claims(c for c in store.fused("claim") if matches(c.get("content")))
    return {
        "query": query,
        "articles": {"total": len(articles), "items": articles},
        "entities": {"total": len(entities), "items": entities[:limit]},
        "claims": {"total": len(claims), "items": claims[:limit]},
    }


def snippet_segments(snippet: str) -> list[tuple[str, bool]]:
    """The FTS snippet's ``[match]`` markers as (text, is_match) runs, for escaped rendering."""
    out = []
    for index, part in enumerate(re.split(r"\[([^\[\]]*)\]", snippet)):
        if part:
            out.append((part, index % 2 == 1))
    return out


def event_types_and_statuses(entries: Iterable[dict[str, Any]]) -> tuple[list[str], list[str]]:
    types: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    for entry in entries:
        types[entry["event_type"]] += 1
        statuses[entry["status"]] += 1
    return sorted(types), sorted(statuses)


__all__ = [
    "ENTITY_LABELS", "FACT_LISTS", "STANCES", "ArticleBrief", "NotFound", "Page", "Segment",
    "article_briefs", "article_detail", "claims_of", "contradictions_of", "entities_of",
    "entity_detail", "get_article", "get_entity", "get_story", "list_articles",
    "marked_segments", "paginate", "provenance", "resolve_entity_filter", "search_all",
    "snippet_segments", "sorted_claims", "story_events", "story_summaries", "story_summary", "story_timeline",
]
