"""What the web pages and the HTTP API read from the store, in one place.

Everything here is a selection or a join over what the library already computed
(``store.fused``, ``views.export``, ``views.timeline``, ``views.marking``): records
keep the shapes of the JSON export (docs/export.md), so ids and fields match it.
Nothing here derives a fact of its own.

A request reads only the records it shows: those resting on a story's or an entity's
articles (``store.fused_for_articles``), a page of a kind (``store.fused_page``), article
headers without their text. The few aggregates over a whole kind (the stories list,
claims ranked best-sourced first) are kept in a :class:`~storyline.web.cache.PictureCache`
until fusion changes the picture.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import accumulate
from typing import Any, Iterable, Sequence

from storyline.store.base import ArticleHeader, Store, StoredArticle
from storyline.views.export import article_record
from storyline.views.marking import choose_marks
from storyline.views.timeline import build_timeline, calendar_interval
from storyline.web.cache import PictureCache

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


def _brief(header: ArticleHeader, inferred: dict[str, dict[str, Any]]) -> ArticleBrief:
    published = header.published.isoformat() if header.published else None
    source = header.published_source.value
    dating = inferred.get(header.id)
    if published is None and dating is not None and dating.get("value"):
        published, source = str(dating["value"]), "inferred"
    return ArticleBrief(
        header.id, header.title, header.outlet, published, source,
        header.group_id, header.copy_of, header.relation.value,
    )


def article_briefs(store: Store, article_ids: Iterable[str] | None = None) -> dict[str, ArticleBrief]:
    """Articles (all, or those of ``article_ids``) briefly, in ingestion order, with inferred
    dates overlaid as the export does. Reads no article text."""
    headers = store.article_headers(None if article_ids is None else list(article_ids))
    undated = [h.id for h in headers if h.published is None]
    # A dating record's id is its article's id.
    inferred = {str(d["article_id"]): d for d in store.fused_by_ids("dating", undated)}
    return {h.id: _brief(h, inferred) for h in headers}


def _summary_record(store: Store, stored: StoredArticle) -> dict[str, Any]:
    record = article_record(store, stored)
    record.pop("text")
    return record


def list_articles(store: Store, limit: int, offset: int) -> Page:
    rows = store.iter_articles(limit=limit, offset=offset)
    return Page([_summary_record(store, row) for row in rows], store.count_articles(), limit, offset)


def get_article(store: Store, article_id: str) -> StoredArticle:
    # By exact id (the index), not by prefix as `storyline show` looks articles up.
    stored = next(store.articles_by_id([article_id]), None)
    if stored is None:
        raise NotFound("article", article_id, "see /api/articles")
    return stored


def article_detail(
    store: Store, article_id: str, facts: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The export record of one article plus its facts, provenance and copy links.

    ``facts``: the article's stored extractions, when the caller has read them already.
    """
    stored = get_article(store, article_id)
    record = article_record(store, stored)
    facts = store.extractions_of(article_id) if facts is None else facts
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
    group = store.duplicate_group(stored.group_id)
    members = list(group.member_ids) if group else [article_id]
    others = {h.id: h for h in store.article_headers([m for m in members if m != article_id])}
    copied_by = [
        {
            "id": member_id, "relation": other.relation.value, "similarity": other.similarity,
            "title": other.title, "outlet": other.outlet,
        }
        for member_id in members
        if (other := others.get(member_id)) is not None and other.copy_of == article_id
    ]
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


def linked_briefs(store: Store, record: dict[str, Any]) -> dict[str, ArticleBrief]:
    """Briefs of the articles an article page links to by title (its original, rewrites)."""
    prov = record["provenance"]
    ids = {prov["copy_of"]} if prov["copy_of"] else set()
    for link in prov["rewrites"]:
        ids.update((link["article_id"], link["other_id"]))
    ids.discard(record["id"])
    return article_briefs(store, sorted(ids)) if ids else {}


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


def story_summary(story: dict[str, Any], briefs: dict[str, ArticleBrief]) -> dict[str, Any]:
    """A story with its size, independent sources and latest dated article.

    ``briefs`` must hold the story's articles (it may hold others).
    """
    members = [briefs[a] for a in story["article_ids"] if a in briefs]
    dated = sorted((b for b in members if b.published), key=lambda b: (b.published, b.id))
    latest = dated[-1] if dated else None
    return {
        **story,
        "size": len(story["article_ids"]),
        "independent_source_count": len({b.group_id for b in members}),
        "latest_article": latest.to_dict() if latest else None,
    }


@dataclass(frozen=True, slots=True)
class Overview:
    """What the stories list shows: every story summarised, and the articles in none."""

    stories: list[dict[str, Any]]
    article_count: int
    independent_sources: int
    unassigned: list[ArticleBrief]


def overview(store: Store, cache: PictureCache | None = None) -> Overview:
    """Every story summarised (in the store's order) and the articles in no story.

    Reads every article header and story once; kept in ``cache`` until the picture changes.
    """

    def compute() -> Overview:
        briefs = article_briefs(store)
        stories = [story_summary(story, briefs) for story in store.fused("story")]
        in_story = {a for s in stories for a in s["article_ids"]}
        return Overview(
            stories, len(briefs), len({b.group_id for b in briefs.values()}),
            [b for a, b in briefs.items() if a not in in_story],
        )

    return compute() if cache is None else cache.get(store, "overview", compute)


def story_summaries(store: Store, cache: PictureCache | None = None) -> list[dict[str, Any]]:
    """Stories with their size, date span and latest dated article."""
    return overview(store, cache).stories


def story_briefing(store: Store, story_id: str,
                   cache: PictureCache | None = None) -> dict[str, Any]:
    """The story's briefing as JSON (every sentence with the articles it cites), read
    from the story's own records and kept until fusion changes the picture."""
    from storyline.views.briefing_compose import compose_briefing
    from storyline.views.briefing_records import BriefingOptions
    from storyline.views.briefing_store import story_briefing_inputs

    def compute() -> dict[str, Any]:
        inputs = story_briefing_inputs(store, story_id)
        if inputs is None:
            raise NotFound("story", story_id, "see /api/stories")
        return compose_briefing(inputs, BriefingOptions(story_id=story_id)).to_dict()

    return cache.get(store, ("briefing", story_id), compute) if cache else compute()


def story_events(store: Store, story: dict[str, Any]) -> list[dict[str, Any]]:
    """Fused events resting on any of the story's articles."""
    return store.fused_for_articles("event", story["article_ids"])


def story_timeline(
    store: Store,
    story: dict[str, Any],
    *,
    events: list[dict[str, Any]] | None = None,
    entity: str | None = None,
    from_date: date | None = None,
    to_date: date | None = None,
    event_type: str | None = None,
    status: str | None = None,
    include_undated: bool = True,
) -> list[dict[str, Any]]:
    """The story's timeline entries (``views.timeline``), filtered by type and status.

    ``events``: the story's events (``story_events``), when the caller has read them.
    """
    events = story_events(store, story) if events is None else events
    if event_type:
        events = [e for e in events if e.get("event_type") == event_type]
    if status:
        events = [e for e in events if e.get("status") == status]
    article_ids = sorted({a for e in events for a in e["article_ids"]})
    group_of = {h.id: h.group_id for h in store.article_headers(article_ids)}
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


def _best_sourced(claim: dict[str, Any]) -> tuple[int, int, str]:
    return (-int(claim["independent_source_count"]), -int(claim["raw_source_count"]), str(claim["id"]))


def sorted_claims(claims: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Best-sourced first, as `storyline claims` lists them."""
    return sorted(claims, key=_best_sourced)


def claims_of(store: Store, *, story: dict[str, Any] | None = None, stance: str | None = None) -> list[dict[str, Any]]:
    """Claims (of one story: resting on its articles), best-sourced first."""
    if story is not None:
        claims = store.fused_for_articles("claim", story["article_ids"])
    else:
        claims = store.fused("claim")
    if stance is not None:
        claims = [c for c in claims if c["stance"] == stance]
    return sorted_claims(claims)


class TextIndex:
    """Records' texts in one order, found by substring: every word must occur, case ignored.

    A query word holds no space, so it can only occur inside one word of a text: the
    index keeps each distinct (case-folded) word of the texts with the records holding
    it, finds the words containing the longest query word by one scan of that vocabulary
    and unites their records (a vocabulary a tenth the size of the texts); the other
    words are tested on the texts of those records.
    """

    def __init__(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        self.ids = list(ids)
        self._texts = [" ".join(text.casefold().split()) for text in texts]
        records: dict[str, list[int]] = {}
        for position, text in enumerate(self._texts):
            for word in set(text.split()):
                records.setdefault(word, []).append(position)
        self._words = list(records)
        self._records = list(records.values())
        self._vocabulary = "\n".join(self._words)
        self._starts = list(accumulate((len(w) + 1 for w in self._words[:-1]), initial=0))

    def __len__(self) -> int:
        return len(self.ids)

    def matching(self, words: Sequence[str]) -> list[int]:
        """Positions (in order) of the records whose text holds every word, case ignored."""
        wanted = sorted({part for word in words for part in word.casefold().split()},
                        key=len, reverse=True)  # the longest word is the rarest, mostly
        if not wanted:
            return []
        found = sorted(self._records_with(wanted[0]))
        for word in wanted[1:]:  # the few records found: test them directly
            found = [i for i in found if word in self._texts[i]]
        return found

    def _records_with(self, word: str) -> set[int]:
        found: set[int] = set()
        if not self._words:
            return found
        position = self._vocabulary.find(word)
        while position != -1:
            index = bisect_right(self._starts, position) - 1
            found.update(self._records[index])
            if index + 1 == len(self._words):
                break
            position = self._vocabulary.find(word, self._starts[index + 1])
        return found


@dataclass(frozen=True, slots=True)
class ClaimRanking:
    """Every claim id, best-sourced first: all of them, by stance, and searchable by content."""

    ids: list[str]
    by_stance: dict[str, list[str]]
    contents: TextIndex


def claim_ranking(store: Store, cache: PictureCache | None = None) -> ClaimRanking:
    """Claims ranked as ``sorted_claims`` does, kept until the picture changes."""

    def compute() -> ClaimRanking:
        rows = store.fused_fields(
            "claim", ("independent_source_count", "raw_source_count", "stance", "content")
        )
        rows.sort(key=lambda r: (-int(r[1] or 0), -int(r[2] or 0), str(r[0])))  # type: ignore[call-overload]
        ids = [str(r[0]) for r in rows]
        by_stance: dict[str, list[str]] = {}
        for row in rows:
            by_stance.setdefault(str(row[3]), []).append(str(row[0]))
        return ClaimRanking(ids, by_stance, TextIndex(ids, [str(r[4] or "") for r in rows]))

    return compute() if cache is None else cache.get(store, "claim_ranking", compute)


def claims_page(
    store: Store,
    limit: int,
    offset: int,
    *,
    story: dict[str, Any] | None = None,
    stance: str | None = None,
    cache: PictureCache | None = None,
) -> Page:
    """One page of claims, best-sourced first (of one story, of one stance)."""
    if story is not None:
        return paginate(claims_of(store, story=story, stance=stance), limit, offset)
    ranking = claim_ranking(store, cache)
    ranked = ranking.ids if stance is None else ranking.by_stance.get(stance, [])
    return Page(_in_order(store, "claim", ranked[offset : offset + limit]), len(ranked), limit, offset)


def contradictions_of(
    store: Store,
    claim_ids: set[str] | None = None,
    *,
    article_ids: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """Contradictions (those involving ``claim_ids``; ``article_ids``: the articles those
    claims rest on, so that only the contradictions resting on them are read)."""
    if article_ids is not None:
        found = store.fused_for_articles("contradiction", list(article_ids))
    else:
        found = store.fused("contradiction")
    if claim_ids is None:
        return found
    return [c for c in found if claim_ids & set(c["claim_ids"])]


def entities_of(store: Store, article_ids: Iterable[str] | None = None, label: str | None = None) -> list[dict[str, Any]]:
    """Entities (most mentioned first), optionally only those in some articles or of a type."""
    if article_ids is not None:
        entities = store.fused_for_articles("entity", list(article_ids))
    else:
        entities = store.fused("entity")
    if label is not None:
        entities = [e for e in entities if e.get("label") == label]
    return entities


def entities_page(store: Store, limit: int, offset: int, label: str | None = None) -> Page:
    """One page of entities, most mentioned first (of one type)."""
    total, items = store.fused_page(
        "entity", limit=limit, offset=offset, where={"label": label} if label else None
    )
    return Page(items, total, limit, offset)


def contradictions_page(store: Store, limit: int, offset: int) -> Page:
    total, items = store.fused_page("contradiction", limit=limit, offset=offset)
    return Page(items, total, limit, offset)


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
    """An entity with its events, the claims it made or that name it, and co-occurring entities.

    Everything is read from the articles the entity is mentioned in: its events, the claims
    resting on those articles (made by it, or naming it), the stories they belong to.
    """
    entity = get_entity(store, entity_id)
    article_ids = sorted(entity.get("article_ids", ()))
    events = store.fused_for_articles("event", article_ids)
    ids = sorted({a for e in events for a in e["article_ids"]})
    entries = build_timeline(
        events, str(entity["name"]), texts=store.texts(ids), include_undated=True,
    )
    pattern = _names_pattern(entity)
    claims_by, claims_about = [], []
    for claim in store.fused_for_articles("claim", article_ids):
        if claim.get("speaker_entity_id") == entity_id:
            claims_by.append(claim)
        elif pattern is not None and pattern.search(f"{claim.get('content', '')} {claim.get('target') or ''}"):
            claims_about.append(claim)
    by_date = lambda c: (c.get("first_seen") is None, c.get("first_seen") or "", c["id"])  # noqa: E731
    shared = dict(store.related_fused("entity", entity_id, limit=related_limit))
    related = [
        {"id": other["id"], "name": other["name"], "label": other.get("label"),
         "shared_articles": shared[str(other["id"])]}
        for other in store.fused_by_ids("entity", list(shared))
    ]
    related.sort(key=lambda r: (-r["shared_articles"], r["name"]))
    return {
        **entity,
        "timeline": [e.to_dict() for e in entries],
        "claims_by": sorted(claims_by, key=by_date),
        "claims_about": sorted(claims_about, key=by_date),
        "related": related,
        "stories": [
            {"id": s["id"], "title": s["title"]} for s in store.fused_for_articles("story", article_ids)
        ],
    }


# --------------------------------------------------------------------------- search
def entity_names(store: Store, cache: PictureCache | None = None) -> TextIndex:
    """Every entity's spellings (name and aliases), most mentioned first; kept until the
    picture changes."""

    def compute() -> TextIndex:
        ids, texts = [], []
        for record_id, name, aliases in store.fused_fields("entity", ("name", "aliases")):
            spellings = json.loads(aliases) if isinstance(aliases, str) else []
            ids.append(str(record_id))
            texts.append(" ".join(str(t) for t in [name, *spellings] if t))
        return TextIndex(ids, texts)

    return compute() if cache is None else cache.get(store, "entity_names", compute)


def search_all(
    store: Store, query: str, limit: int, cache: PictureCache | None = None
) -> dict[str, Any]:
    """Articles by full text (FTS), entities by name or alias, claims by content.

    Every word must match, case ignored. Entities come most mentioned first, claims
    best-sourced first, as their lists do.
    """
    words = query.split()
    hits = store.search(query, limit=limit)
    articles = [
        {"id": h.article_id, "title": h.title, "snippet": h.snippet, "score": h.score} for h in hits
    ]
    names = entity_names(store, cache)
    entities = names.matching(words)
    contents = claim_ranking(store, cache).contents
    claims = contents.matching(words)
    return {
        "query": query,
        "articles": {"total": len(articles), "items": articles},
        "entities": {
            "total": len(entities),
            "items": _in_order(store, "entity", [names.ids[i] for i in entities[:limit]]),
        },
        "claims": {
            "total": len(claims),
            "items": _in_order(store, "claim", [contents.ids[i] for i in claims[:limit]]),
        },
    }


def _in_order(store: Store, kind: str, record_ids: list[str]) -> list[dict[str, Any]]:
    by_id = {r["id"]: r for r in store.fused_by_ids(kind, record_ids)}
    return [by_id[i] for i in record_ids if i in by_id]


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
    "ENTITY_LABELS",
    "FACT_LISTS",
    "STANCES",
    "ArticleBrief",
    "ClaimRanking",
    "NotFound",
    "Overview",
    "Page",
    "Segment",
    "TextIndex",
    "article_briefs",
    "article_detail",
    "claim_ranking",
    "claims_of",
    "claims_page",
    "contradictions_of",
    "contradictions_page",
    "entities_of",
    "entities_page",
    "entity_detail",
    "entity_names",
    "get_article",
    "get_entity",
    "get_story",
    "linked_briefs",
    "list_articles",
    "marked_segments",
    "overview",
    "paginate",
    "provenance",
    "resolve_entity_filter",
    "search_all",
    "snippet_segments",
    "sorted_claims",
    "story_events",
    "story_summaries",
    "story_summary",
    "story_timeline",
]
