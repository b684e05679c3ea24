"""The briefing's sentence picker: which article sentence to quote for a fused record, how
to lead into it, and which sentences were already said (copies count as said).

:class:`Composer` is shared by every section composer of one briefing, so a sentence told
under "what happened" is not told again under "who says what".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from storyline.views.briefing_records import BriefingInputs, BriefSentence
from storyline.views.briefing_text import (
    VAGUE_SPEAKERS,
    SentenceCutter,
    content_key,
    names_day,
    overlap,
    quoted,
    reports_news,
    speaker_name,
)

Evidence = tuple[str, int, int]  # article id, start, end
# A sentence sharing this much of its content words with one already told is a rewrite of it.
NEAR_COPY = 0.7


class Composer:
    """Picks and words the sentences; remembers what was said to fold repeats."""

    def __init__(self, inputs: BriefingInputs, story_articles: set[str]) -> None:
        self.inputs = inputs
        self.articles = inputs.articles
        self.story_articles = story_articles
        self.cutter = SentenceCutter(inputs.texts)
        self.said: set[str] = set()  # content keys of sentences already used
        self.said_texts: list[str] = []
        self.said_by_group: set[tuple[str, str]] = set()
        self.latest = max((d for d in map(self.published, story_articles) if d), default=None)

    # -- sources --
    def published(self, article_id: str) -> str | None:
        meta = self.articles.get(article_id)
        return meta.published if meta else None

    def first_reported(self, article_ids: Iterable[str]) -> str:
        return min((self.published(a) or "0000" for a in article_ids), default="0000")

    def group(self, article_id: str) -> str:
        meta = self.articles.get(article_id)
        return meta.group_id if meta else f"article:{article_id}"

    def order(self, article_ids: Iterable[str]) -> tuple[str, ...]:
        """Known article ids, originals first, then by date."""
        known = [a for a in dict.fromkeys(article_ids) if a in self.articles]
        return tuple(sorted(known, key=lambda a: (not self.articles[a].is_original,
                                                  self.published(a) or "9999", a)))

    def ahead(self, when: str | None, article_id: str) -> bool:
        """Whether the article was published before the day ``when`` (so it tells of it
        as to come); an undated article is taken as of the story's latest date."""
        published = self.published(article_id) or self.latest
        return bool(when and published and when > published)

    def single(self, article_ids: Iterable[str]) -> bool:
        return len({self.group(a) for a in article_ids}) <= 1

    def outlet_of(self, article_ids: Sequence[str]) -> str:
        for article_id in self.order(article_ids):
            outlet = self.articles[article_id].outlet
            if outlet:
                return outlet
        return "One report"

    # -- evidence --
    def sentence_of(self, evidence: Sequence[Evidence], when: str | None = None) -> tuple[str, str] | None:
        """The evidence sentence to quote, (article id, sentence): one written on or after
        the day ``when`` if any is, then one that names that day, then from the original of
        its group, then the earliest."""
        candidates = []
        for article_id, start, end in evidence:
            if article_id not in self.articles:
                continue
            text = self.cutter.around(article_id, start, end)
            if text is None or not reports_news(text):
                continue
            # A sentence opening on a bare pronoun leans on one the briefing does not quote.
            words = text.split()
            if len(words) < 5 or words[0].lower() in VAGUE_SPEAKERS:
                continue
            published = self.published(article_id)
            candidates.append((self.ahead(when, article_id),
                               -names_day(text, when, published),
                               not self.articles[article_id].is_original,
                               published or "9999", article_id, text))
        if not candidates:
            return None
        best = min(candidates)
        return best[-2], best[-1]

    def fresh(self, article_id: str, text: str) -> bool:
        """Whether ``text`` says something not yet said (copies count as said)."""
        key = content_key(text)
        return bool(key) and key not in self.said and \
            (self.group(article_id), key) not in self.said_by_group and \
            all(overlap(text, said) < NEAR_COPY for said in self.said_texts)

    def remember(self, article_id: str, text: str) -> None:
        key = content_key(text)
        self.said.add(key)
        self.said_texts.append(text)
        self.said_by_group.add((self.group(article_id), key))

    def pick_fresh(self, evidence: Sequence[Evidence], when: str | None = None) -> tuple[str, str] | None:
        """:meth:`sentence_of`, if not said yet; remembered as said."""
        picked = self.sentence_of(evidence, when)
        if picked is None or not self.fresh(*picked):
            return None
        self.remember(*picked)
        return picked

    # -- claims --
    def claim_sentence(self, claim: Mapping[str, Any], kind: str, lead: str,
                       *, opens_paragraph: bool = False) -> BriefSentence | None:
        """The claim's evidence sentence: as it stands when it names its speaker, else
        quoted after ``lead``."""
        sources = self.order(claim.get("sources") or ())
        if not sources:
            return None
        evidence = [(str(e.get("article_id")), int(e.get("start", 0)), int(e.get("end", 0)))
                    for e in claim.get("evidence") or ()]
        picked = self.pick_fresh(evidence)
        if picked is None:
            return None
        speaker = speaker_name(claim.get("speaker"))
        plain = speaker is not None and speaker.lower() in picked[1].lower()
        return BriefSentence(
            text=picked[1] if plain else f"{lead}{quoted(picked[1])}", citations=sources,
            single_source=self.single(sources), kind=kind, record_id=claim.get("id"),
            date=claim.get("first_seen"), opens_paragraph=opens_paragraph,
        )

    def accusation_lead(self, claim: Mapping[str, Any]) -> str:
        speaker = speaker_name(claim.get("speaker"))
        target = speaker_name(claim.get("target"))
        if speaker:
            return f"{speaker} accused {target}: " if target else f"{speaker} made an accusation: "
        return f"{self.outlet_of(claim.get('sources') or ())} reported the accusation: "

    def denial_lead(self, claim: Mapping[str, Any]) -> str:
        speaker = speaker_name(claim.get("speaker"))
        if speaker:
            return f"{speaker} denied it: "
        return f"{self.outlet_of(claim.get('sources') or ())} reported a denial: "

    def statement_lead(self, claim: Mapping[str, Any]) -> str:
        speaker = speaker_name(claim.get("speaker"))
        verb = {"predict": "expected", "pledge": "pledged", "deny": "denied",
                "report": "reported"}.get(str(claim.get("stance")), "said")
        if speaker:
            return f"{speaker} {verb}: "
        return f"{self.outlet_of(claim.get('sources') or ())} reported: "


__all__ = ["Composer", "Evidence"]
