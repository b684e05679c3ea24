"""The JSON API (``/api/…``): the store's records as the export shapes them, paginated.

Lists answer ``{total, limit, offset, items}``; an unknown id answers 404 with
``{"detail": "no story with id '…' (…)"}``; a bad parameter answers 422 (or 400 for a
combination that cannot hold, such as ``from`` after ``to``). Ingest exists only when
the server was started with ``--allow-ingest``.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse

from storyline import __version__
from storyline.config import DEFAULT_LIMITS
from storyline.web import queries
from storyline.web.app import cache_of, settings_of, store_of

router = APIRouter(prefix="/api", tags=["storyline"])

Limit = Annotated[int, Query(ge=1, le=500, description="How many items to return (1-500).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="How many items to skip.")]
Stance = Literal["assert", "accuse", "deny", "predict", "pledge", "report"]
EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"]
MAX_UPLOAD_FILES = 50
MAX_URLS = 100


@router.get("/health", summary="Is the server up (reads nothing)")
async def health() -> dict[str, Any]:
    """Answers at once without touching the store: for monitoring, and the benchmark's baseline."""
    return {"status": "ok", "version": __version__}


@router.get("/stories", summary="Stories: articles grouped by developing story")
def list_stories(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Every story with its size (articles), independent sources, date span and latest dated article."""
    stories = queries.story_summaries(store_of(request), cache_of(request))
    return queries.paginate(stories, limit, offset).to_dict()


@router.get("/stories/{story_id}", summary="One story")
def get_story(request: Request, story_id: str) -> dict[str, Any]:
    """The story record, its articles (briefly), and counts of its events, claims and entities."""
    store = store_of(request)
    story = queries.get_story(store, story_id)
    briefs = queries.article_briefs(store, story["article_ids"])
    claims = queries.claims_of(store, story=story)
    contradictions = queries.contradictions_of(
        store, {c["id"] for c in claims}, article_ids=story["article_ids"]
    )
    return {
        **queries.story_summary(story, briefs),
        "articles": [briefs[a].to_dict() for a in story["article_ids"] if a in briefs],
        "event_count": len(queries.story_events(store, story)),
        "claim_count": len(claims),
        "contradiction_count": len(contradictions),
        "entity_count": len(queries.entities_of(store, story["article_ids"])),
    }


@router.get("/stories/{story_id}/brief", summary="The story's briefing, every sentence cited")
def story_brief(request: Request, story_id: str) -> dict[str, Any]:
    """A short multi-source summary of the story (what happened, who claims and who denies
    what, how the numbers evolved): each sentence lists the article ids it rests on and
    says whether it has a single source. The same briefing as `storyline brief --format json`."""
    return queries.story_briefing(store_of(request), story_id, cache_of(request))


@router.get("/stories/{story_id}/timeline", summary="What happened when, in one story")
def story_timeline(
    request: Request,
    story_id: str,
    limit: Limit = 200,
    offset: Offset = 0,
    event_type: Annotated[str | None, Query(max_length=40, description="Only this event type (travel, meeting, attack, …).")] = None,
    entity: Annotated[str | None, Query(max_length=200, description="Only events involving this entity (an entity id or any spelling of a name).")] = None,
    from_date: Annotated[date | None, Query(alias="from", description="Start date, YYYY-MM-DD.")] = None,
    to_date: Annotated[date | None, Query(alias="to", description="End date, YYYY-MM-DD.")] = None,
    status: Annotated[str | None, Query(max_length=20, description="Only this status (occurred, planned, expected, reported, denied, …).")] = None,
    undated: Annotated[bool, Query(description="Also list events with no date (ignored when a date range is given).")] = True,
) -> dict[str, Any]:
    """Fused events in date order (undated last) with status, participants and source counts."""
    if from_date and to_date and from_date > to_date:
        raise HTTPException(400, f"'from' ({from_date}) is after 'to' ({to_date})")
    store = store_of(request)
    story = queries.get_story(store, story_id)
    entries = queries.story_timeline(
        store, story, entity=queries.resolve_entity_filter(store, entity), from_date=from_date,
        to_date=to_date, event_type=event_type, status=status, include_undated=undated,
    )
    return {"story_id": story_id, **queries.paginate(entries, limit, offset).to_dict()}


@router.get("/claims", summary="Who claimed what")
def list_claims(
    request: Request,
    limit: Limit = 50,
    offset: Offset = 0,
    stance: Stance | None = None,
    story: Annotated[str | None, Query(max_length=100, description="Only claims reported in this story.")] = None,
) -> dict[str, Any]:
    """Fused claims, best-sourced first, with raw and independent source counts and contradictions."""
    store = store_of(request)
    story_record = queries.get_story(store, story) if story else None
    return queries.claims_page(
        store, limit, offset, story=story_record, stance=stance, cache=cache_of(request)
    ).to_dict()


@router.get("/contradictions", summary="Contradictions and evolving numbers")
def list_contradictions(
    request: Request,
    limit: Limit = 50,
    offset: Offset = 0,
    story: Annotated[str | None, Query(max_length=100)] = None,
) -> dict[str, Any]:
    """Accusation/denial pairs, number evolutions and conflicts (with their chains), date conflicts."""
    store = store_of(request)
    if not story:
        return queries.contradictions_page(store, limit, offset).to_dict()
    story_record = queries.get_story(store, story)
    claim_ids = {c["id"] for c in queries.claims_of(store, story=story_record)}
    found = queries.contradictions_of(store, claim_ids, article_ids=story_record["article_ids"])
    return queries.paginate(found, limit, offset).to_dict()


@router.get("/entities", summary="People, organisations and places")
def list_entities(
    request: Request,
    limit: Limit = 50,
    offset: Offset = 0,
    type: Annotated[EntityType | None, Query(description="Only this type.")] = None,  # noqa: A002
) -> dict[str, Any]:
    """Entities across articles, most mentioned first, with every spelling seen."""
    return queries.entities_page(store_of(request), limit, offset, label=type).to_dict()


@router.get("/entities/{entity_id:path}", summary="One entity")
def get_entity(request: Request, entity_id: str) -> dict[str, Any]:
    """The entity with its events, the claims it made and that name it, and co-occurring entities."""
    return queries.entity_detail(store_of(request), entity_id)


@router.get("/articles", summary="Stored articles")
def list_articles(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Articles in ingest order, as export records without their text."""
    return queries.list_articles(store_of(request), limit, offset).to_dict()


@router.get("/articles/{article_id}", summary="One article")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """The export record with its text, facts, provenance (copy of, copied by, rewrites), claims."""
    return queries.article_detail(store_of(request), article_id)


@router.get("/search", summary="Search articles, entities and claims")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words to find (all must match).")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    """Articles by full text, entities by name or alias, claims by content."""
    if not q.strip():
        raise HTTPException(422, "q must contain a word")
    return queries.search_all(store_of(request), q, limit, cache_of(request))


# --------------------------------------------------------------------------- ingest
def _ingest_jobs(request: Request) -> Any:
    jobs = settings_of(request).jobs
    if jobs is None:
        raise HTTPException(403, "ingest is disabled on this server (start it with --allow-ingest)")
    return jobs


def _checked_urls(text: str) -> list[str]:
    urls = [line.strip() for line in text.splitlines() if line.strip()]
    if len(urls) > MAX_URLS:
        raise HTTPException(422, f"at most {MAX_URLS} URLs per request")
    for url in urls:
        # Only web addresses: a path here would let a visitor read the server's files.
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise HTTPException(422, f"not an http(s) URL: {url[:200]!r}")
    return urls


def _safe_name(name: str | None, index: int) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name or "").name).strip("._") or "upload"
    return f"{index:02d}-{base[:100]}"


@router.post("/ingest", status_code=202, summary="Bring articles (only with --allow-ingest)")
def start_ingest(
    request: Request,
    files: Annotated[list[UploadFile] | None, File(description="Article files (text, HTML, feeds, JSON Lines, WARC).")] = None,
    urls: Annotated[str, Form(max_length=100_000, description="http(s) URLs of articles or feeds, one per line.")] = "",
) -> JSONResponse:
    """Queue an ingest of the uploaded files and URLs; then the language layer and fusion run.

    Answers 202 with the job; poll ``GET /api/ingest/{job}`` for its progress.
    """
    jobs = _ingest_jobs(request)
    files = [f for f in files or [] if f.filename]
    if len(files) > MAX_UPLOAD_FILES:
        raise HTTPException(422, f"at most {MAX_UPLOAD_FILES} files per request")
    url_list = _checked_urls(urls)
    if not files and not url_list:
        raise HTTPException(422, "nothing to ingest: send files or URLs")
    folder = Path(tempfile.mkdtemp(prefix="storyline-upload-"))
    inputs, labels = [], []
    try:
        for index, upload in enumerate(files):
            target = folder / _safe_name(upload.filename, index)
            written = 0
            with target.open("wb") as out:
                while chunk := upload.file.read(1 << 20):
                    written += len(chunk)
                    if written > DEFAULT_LIMITS.max_bytes:
                        raise HTTPException(413, f"{upload.filename!r} is larger than {DEFAULT_LIMITS.max_bytes} bytes")
                    out.write(chunk)
            inputs.append(str(target))
            labels.append(upload.filename or target.name)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    job = jobs.submit(inputs + url_list, labels + url_list, cleanup=folder)
    return JSONResponse(job.to_dict(), status_code=202, headers={"Location": f"/api/ingest/{job.id}"})


@router.get("/ingest/{job_id}", summary="Progress of an ingest job")
def ingest_status(request: Request, job_id: str) -> dict[str, Any]:
    """State (queued, ingesting, analyzing, fusing, done, failed) and counts so far."""
    job = _ingest_jobs(request).get(job_id)
    if job is None:
        raise HTTPException(404, f"no ingest job with id {job_id!r}")
    return job.to_dict()  # type: ignore[no-any-return]


__all__ = ["router"]
