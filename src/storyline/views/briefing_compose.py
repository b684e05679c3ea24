""":func:`compose_briefing`, the pure core of the briefing: picks the story, filters its
records by date, runs each section's composer over one shared
:class:`~storyline.views.briefing_composer.Composer` (so nothing is told twice) and numbers
the sources in order of first citation.

With ``since``, the background sections tell what was known before that date and a last
section, "New since …", what was first reported on or after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from storyline.errors import UnknownId
from storyline.views.briefing_claims import claim_sentences, new_claim_sentences
from storyline.views.briefing_composer import Composer
from storyline.views.briefing_events import event_sentences
from storyline.views.briefing_numbers import number_sentences
from storyline.views.briefing_records import (
    Briefing,
    BriefingInputs,
    BriefingOptions,
    BriefSentence,
    Section,
    Source,
)
from storyline.views.briefing_text import day_label, flat, in_range


def pick_story(inputs: BriefingInputs, story_id: str | None) -> Mapping[str, Any] | None:
    """The story asked for (an unknown id is an error), else the one with most articles."""
    if story_id is not None:
        for story in inputs.stories:
            if story.get("id") == story_id:
                return story
        known = ", ".join(str(s.get("id")) for s in inputs.stories) or "none"
        raise UnknownId(f"no story with id {story_id!r} (stories: {known})")
    if not inputs.stories:
        return None
    return max(inputs.stories, key=lambda s: (len(s.get("article_ids") or ()), str(s.get("id"))))


def _number_sources(inputs: BriefingInputs, sections: Iterable[Section]) -> tuple[Source, ...]:
    numbers_of: dict[str, int] = {}
    for section in sections:
        for sentence in section.sentences:
            for article_id in sentence.citations:
                numbers_of.setdefault(article_id, len(numbers_of) + 1)
    return tuple(
        Source(number, article_id, meta.outlet, meta.title, meta.published, meta.group_id)
        for article_id, number in numbers_of.items()
        for meta in (inputs.articles[article_id],)
    )


def compose_briefing(inputs: BriefingInputs, options: BriefingOptions | None = None) -> Briefing:
    """The briefing for one story (the largest by default; every article when there are
    no stories)."""
    options = options or BriefingOptions()
    story = pick_story(inputs, options.story_id)
    story_articles = set(story.get("article_ids") or ()) if story else set(inputs.articles)
    composer = Composer(inputs, story_articles)
    start, end = options.from_date, options.to_date

    def touches(ids: Iterable[str]) -> bool:
        return any(a in story_articles for a in ids)

    events = [e for e in inputs.events if touches(e.get("article_ids") or ())
              and in_range(e.get("date"), start, end)]
    claims = [c for c in inputs.claims if touches(c.get("sources") or ())
              and in_range(c.get("first_seen"), start, end)]
    claims_by_id = {str(c.get("id")): c for c in inputs.claims}
    story_claim_ids = {str(c.get("id")) for c in claims}

    new_events: list[Mapping[str, Any]] = []
    new_claims: list[Mapping[str, Any]] = []
    floor = options.since.isoformat() if options.since else None
    if floor is not None:
        new_events = [e for e in events if composer.first_reported(e.get("article_ids") or ()) >= floor]
        new_claims = [c for c in claims if str(c.get("first_seen") or "0000") >= floor]
        events = [e for e in events if composer.first_reported(e.get("article_ids") or ()) < floor]
        claims = [c for c in claims if str(c.get("first_seen") or "0000") < floor]

    sections = [
        Section("happened", "What happened",
                tuple(event_sentences(composer, events, options.max_events))),
        Section("claims", "Who says what",
                tuple(claim_sentences(composer, claims, options, claims_by_id))),
        Section("numbers", "Key numbers",
                tuple(number_sentences(composer, inputs.contradictions, claims_by_id,
                                       story_claim_ids, start, end, options.max_numbers))),
    ]
    if floor is not None:
        new: list[BriefSentence] = event_sentences(composer, new_events, options.max_new // 2)
        new += new_claim_sentences(composer, new_claims, floor, options.max_new - len(new))
        new.sort(key=lambda s: (s.date or "", s.kind))
        sections.append(Section("new", f"New since {day_label(floor)}",
                                tuple(replace(s, opens_paragraph=False) for s in new)))

    dates = sorted(d for d in (composer.published(a) for a in story_articles) if d)
    return Briefing(
        story_id=str(story.get("id")) if story else None,
        title=flat(str(story.get("title") if story else "")) or "all articles",
        first_date=dates[0] if dates else None, last_date=dates[-1] if dates else None,
        since=floor, sections=tuple(sections), sources=_number_sources(inputs, sections),
    )


__all__ = ["compose_briefing", "pick_story"]
