""""What happened": the best-sourced dated events of a story, one sentence each, in date
order, led by their day ("On 29 January, …"; "Planned for 3 March: …" for what the quoted
article reports as still ahead)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from storyline.views.briefing_composer import Composer, Evidence
from storyline.views.briefing_records import BriefSentence
from storyline.views.briefing_text import day_label, overlap, with_lead
from storyline.views.timeline import calendar_interval

# Event types told under "who says what" rather than "what happened".
SPEECH_EVENTS = frozenset(("statement", "accusation", "denial", "other"))
# Events further apart than this start a new paragraph.
PARAGRAPH_GAP_DAYS = 6
# Two sentences on one day sharing this much of their content words tell one event.
SAME_DAY_OVERLAP = 0.5


def _evidence(event: Mapping[str, Any]) -> list[Evidence]:
    """The event's mentions ("article#start-end") as evidence spans."""
    evidence = []
    for mention in event.get("mentions") or ():
        article_id, _, offsets = str(mention).rpartition("#")
        if "-" in offsets:
            start, end = (int(x) for x in offsets.split("-", 1))
            evidence.append((article_id, start, end))
    return evidence


def event_sentences(composer: Composer, events: Iterable[Mapping[str, Any]],
                    limit: int) -> list[BriefSentence]:
    """Up to ``limit`` events told by most independent sources, in date order."""
    candidates = []
    for event in events:
        if str(event.get("event_type")) in SPEECH_EVENTS:
            continue
        interval = calendar_interval(event.get("date"))
        if interval is None or interval[2] != "day":
            continue
        sources = composer.order(event.get("article_ids") or ())
        if not sources:
            continue
        groups = len({composer.group(a) for a in sources})
        candidates.append((groups, len(sources), event, sources))
    candidates.sort(key=lambda c: (-c[0], -c[1], str(c[2].get("date")), str(c[2].get("id"))))
    chosen: list[BriefSentence] = []
    for _, _, event, sources in candidates:
        if len(chosen) >= limit:
            break
        day = str(event.get("date"))
        picked = composer.pick_fresh(_evidence(event), day)
        if picked is None or any(s.date == day and overlap(s.text, picked[1]) >= SAME_DAY_OVERLAP
                                 for s in chosen):
            continue
        when = day_label(day, with_year=False)
        # Ahead of the article quoted, whatever later articles say.
        ahead = composer.ahead(day, picked[0]) or event.get("status") in ("planned", "expected")
        text = f"Planned for {when}: {picked[1]}" if ahead else with_lead(f"On {when}, ", picked[1])
        chosen.append(BriefSentence(
            text=text, citations=sources, single_source=composer.single(sources), kind="event",
            record_id=event.get("id"), date=day,
        ))
    chosen.sort(key=lambda s: (s.date or "", s.text))
    return _paragraphs(chosen)


def _paragraphs(sentences: list[BriefSentence]) -> list[BriefSentence]:
    """A new paragraph after a gap of more than a few days."""
    out: list[BriefSentence] = []
    previous: date | None = None
    for sentence in sentences:
        interval = calendar_interval(sentence.date)
        day = interval[0] if interval else None
        gap = previous is None or day is None or (day - previous).days > PARAGRAPH_GAP_DAYS
        out.append(replace(sentence, opens_paragraph=bool(out) and gap))
        previous = day or previous
    return out


__all__ = ["SPEECH_EVENTS", "event_sentences"]
