"""The briefing's one read of a store: :func:`briefing_inputs` gathers everything
:func:`~storyline.views.briefing_compose.compose_briefing` needs, so a lighter or faster
read of the same records only has to change here."""

from __future__ import annotations

from datetime import date
from typing import Any

from storyline.views.briefing_compose import compose_briefing
from storyline.views.briefing_records import ArticleMeta, Briefing, BriefingInputs, BriefingOptions


def _meta(article_id: str, outlet: str | None, title: str | None, found: date | None,
          group_id: str, copy_of: str | None, inferred: dict[str, Any]) -> ArticleMeta:
    """An article as the briefing cites it: its own date, else the one inferred for it."""
    return ArticleMeta(
        id=article_id, outlet=outlet, title=title,
        published=found.isoformat() if found else inferred.get(article_id),
        group_id=group_id, is_original=copy_of is None,
    )


def briefing_inputs(store: Any) -> BriefingInputs:
    """Everything the briefing reads from a :class:`~storyline.store.base.Store`: fused
    stories, events, claims and contradictions, article metadata with inferred dates
    overlaid, and the texts of the articles that events and claims cite."""
    inferred = {str(d.get("article_id")): d.get("value") for d in store.fused("dating")}
    articles = {
        stored.article.id: _meta(stored.article.id, stored.article.outlet, stored.article.title,
                                 stored.article.published.value, stored.group_id,
                                 stored.copy_of, inferred)
        for stored in store.iter_articles()
    }
    events = tuple(store.fused("event"))
    claims = tuple(store.fused("claim"))
    needed = sorted({a for e in events for a in e.get("article_ids") or ()}
                    | {a for c in claims for a in c.get("sources") or ()})
    return BriefingInputs(
        stories=tuple(store.fused("story")), events=events, claims=claims,
        contradictions=tuple(store.fused("contradiction")), articles=articles,
        texts=store.texts(needed) if needed else {},
    )


def story_briefing_inputs(store: Any, story_id: str) -> BriefingInputs | None:
    """What one story's briefing reads, and nothing more: its articles' headers, and the
    events, claims, contradictions and inferred dates resting on them (the web pages
    use it; :func:`briefing_inputs` reads the whole store). None for an unknown story."""
    story = store.fused_record("story", story_id)
    if story is None:
        return None
    ids = [str(a) for a in story.get("article_ids") or ()]
    events = tuple(store.fused_for_articles("event", ids))
    contradictions = tuple(store.fused_for_articles("contradiction", ids))
    claims = list(store.fused_for_articles("claim", ids))
    # A contradiction of the story may set its claims against claims made elsewhere.
    have = {c["id"] for c in claims}
    wanted = sorted({str(i) for x in contradictions for i in x.get("claim_ids") or ()} - have)
    claims.extend(store.fused_by_ids("claim", wanted) if wanted else ())
    # A claim or event of the story may also rest on articles outside it: they are cited.
    needed = sorted({a for e in events for a in e.get("article_ids") or ()}
                    | {a for c in claims for a in c.get("sources") or ()})
    known = sorted(set(ids) | set(needed))
    inferred = {str(d.get("article_id")): d.get("value")
                for d in store.fused_for_articles("dating", known)}
    articles = {
        header.id: _meta(header.id, header.outlet, header.title, header.published,
                         header.group_id, header.copy_of, inferred)
        for header in store.article_headers(known)
    }
    return BriefingInputs(
        stories=(story,), events=events, claims=tuple(claims), contradictions=contradictions,
        articles=articles, texts=store.texts(needed) if needed else {},
    )


def build_briefing(store: Any, options: BriefingOptions | None = None) -> Briefing:
    """The briefing for a store's story (see :func:`compose_briefing`)."""
    return compose_briefing(briefing_inputs(store), options)


__all__ = ["briefing_inputs", "build_briefing", "story_briefing_inputs"]
