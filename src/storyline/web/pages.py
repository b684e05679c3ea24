"""Server-rendered pages: stories, one story, an entity, an article, search, ingest.

Pages show what :mod:`storyline.web.queries` returns; templates are autoescaped and
never mark content safe. The story page's timeline filters and zoom run in
``static/timeline.js`` over ``data-`` attributes written here.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from storyline.views.timeline import entity_aliases, names_entity
from storyline.web import queries
from storyline.web.app import cache_of, settings_of, store_of
from storyline.web.charts import number_charts

router = APIRouter(include_in_schema=False)

STORY_ENTITY_FILTERS = 40
# Longer claim lists are left to the API (/api/claims?story=…): the page must stay light.
STORY_CLAIMS_SHOWN = 300
# Long lists are paged; a page of a list never grows with the store.
STORIES_PER_PAGE = 50
ENTITIES_PER_PAGE = 100
UNASSIGNED_SHOWN = 100
ENTITY_ARTICLES_SHOWN = 200
# Best hits of each kind; the totals are shown, and the API pages through more.
SEARCH_SHOWN = 20


def web_href(url: Any) -> str | None:
    """An article's own URL, only when it is a web address (never ``javascript:`` or the like)."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    settings = settings_of(request)
    page = settings.templates.get_template(template).render(
        allow_ingest=settings.allow_ingest,
        path=request.url.path,
        **context,
    )
    return HTMLResponse(page, status_code=status)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)


@router.get("/", response_class=HTMLResponse)
def stories_page(
    request: Request,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = STORIES_PER_PAGE,
) -> HTMLResponse:
    found = queries.overview(store_of(request), cache_of(request))
    return render(
        request, "stories.html", page=queries.paginate(found.stories, limit, offset),
        article_count=found.article_count, independent=found.independent_sources,
        unassigned=found.unassigned[:UNASSIGNED_SHOWN], unassigned_total=len(found.unassigned),
    )


@router.get("/articles", response_class=HTMLResponse)
def articles_page(
    request: Request,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> HTMLResponse:
    page = queries.list_articles(store_of(request), limit, offset)
    return render(request, "articles.html", page=page)


def _entity_index(timeline: list[dict[str, Any]], entities: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Event id -> ids of the story's entities the timeline's entity filter matches.

    The filter (``build_timeline(events, entity)``) keeps the events one of whose
    participants names the entity (``names_entity`` with ``entity_aliases``); a fused event
    is one timeline entry, so the entries already built for the page are tested directly
    rather than building one timeline per entity.
    """
    aliases = [(entity["id"], entity_aliases(str(entity["name"]))) for entity in entities]
    index: dict[str, list[str]] = {}
    for entry in timeline:
        if not entry.get("event_id"):
            continue
        participants = entry.get("participants") or ()
        for entity_id, names in aliases:
            if not names or any(names_entity(p, names) for p in participants):
                index.setdefault(entry["event_id"], []).append(entity_id)
    return index


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> HTMLResponse:
    store = store_of(request)
    story = queries.get_story(store, story_id)
    briefs = queries.article_briefs(store, story["article_ids"])
    events = queries.story_events(store, story)
    timeline = queries.story_timeline(store, story, events=events)
    entities = queries.entities_of(store, story["article_ids"])
    entity_index = _entity_index(timeline, entities[:STORY_ENTITY_FILTERS])
    filter_entities = [e for e in entities[:STORY_ENTITY_FILTERS]
                       if any(e["id"] in ids for ids in entity_index.values())]
    claims = queries.claims_of(store, story=story)
    contradictions = queries.contradictions_of(
        store, {c["id"] for c in claims}, article_ids=story["article_ids"]
    )
    types, statuses = queries.event_types_and_statuses(timeline)
    return render(
        request, "story.html", story=queries.story_summary(story, briefs), timeline=timeline,
        entity_index=entity_index, filter_entities=filter_entities, event_types=types,
        statuses=statuses, claims=claims[:STORY_CLAIMS_SHOWN], claim_total=len(claims),
        contradictions=contradictions, charts=number_charts(contradictions), entities=entities,
        articles=[briefs[a] for a in story["article_ids"] if a in briefs],
        entity_names={e["id"]: e["name"] for e in entities},
    )


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    request: Request,
    type: Annotated[str | None, Query(max_length=10)] = None,  # noqa: A002
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = ENTITIES_PER_PAGE,
) -> HTMLResponse:
    label = (type or "").upper() or None
    if label is not None and label not in queries.ENTITY_LABELS:
        raise HTTPException(422, f"type must be one of {', '.join(queries.ENTITY_LABELS)}")
    page = queries.entities_page(store_of(request), limit, offset, label=label)
    return render(request, "entities.html", page=page, label=label, labels=queries.ENTITY_LABELS)


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str) -> HTMLResponse:
    store = store_of(request)
    entity = queries.entity_detail(store, entity_id)
    briefs = queries.article_briefs(store, entity.get("article_ids", ()))
    articles = sorted(
        briefs.values(), key=lambda b: (b.published is None, b.published or "", b.id),
    )
    return render(
        request, "entity.html", entity=entity, articles=articles[:ENTITY_ARTICLES_SHOWN],
        article_total=len(articles),
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    store = store_of(request)
    facts = store.extractions_of(article_id)  # an unknown id is refused by article_detail
    record = queries.article_detail(store, article_id, facts)
    return render(
        request, "article.html", article=record,
        segments=queries.marked_segments(record["text"], facts),
        briefs=queries.linked_briefs(store, record), analysed=bool(facts),
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, q: Annotated[str, Query(max_length=500)] = "",
) -> HTMLResponse:
    results = queries.search_all(store_of(request), q, SEARCH_SHOWN, cache_of(request)) if q.strip() else None
    return render(
        request, "search.html", q=q, results=results, snippet_segments=queries.snippet_segments,
    )


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request) -> HTMLResponse:
    if not settings_of(request).allow_ingest:
        raise HTTPException(404, "ingest is disabled on this server (start it with --allow-ingest)")
    return render(request, "ingest.html")


__all__ = ["render", "render_error", "router", "web_href"]
