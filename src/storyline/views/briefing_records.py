"""The briefing's records: what it reads (:class:`BriefingInputs`), how it is asked for
(:class:`BriefingOptions`) and what it produces (:class:`Briefing` of :class:`Section` of
:class:`BriefSentence`, citing numbered :class:`Source` articles)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from storyline.views import briefing_render


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What the briefing needs to know about one article."""

    id: str
    outlet: str | None
    title: str | None
    published: str | None  # ISO date, found or inferred
    group_id: str
    is_original: bool  # the duplicate group's original (or a singleton)


@dataclass(frozen=True, slots=True)
class BriefingInputs:
    """The fused picture (dicts as exported) and article metadata and texts."""

    stories: tuple[Mapping[str, Any], ...]
    events: tuple[Mapping[str, Any], ...]
    claims: tuple[Mapping[str, Any], ...]
    contradictions: tuple[Mapping[str, Any], ...]
    articles: Mapping[str, ArticleMeta]
    texts: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class BriefingOptions:
    story_id: str | None = None  # None: the largest story
    from_date: date | None = None
    to_date: date | None = None
    since: date | None = None
    max_events: int = 8
    max_exchanges: int = 4
    max_statements: int = 4
    max_numbers: int = 3
    max_new: int = 6


@dataclass(frozen=True, slots=True)
class Source:
    number: int  # 1-based, as cited ("[1]")
    article_id: str
    outlet: str | None
    title: str | None
    published: str | None
    group_id: str | None = None  # the duplicate group: one independent source

    def label(self) -> str:
        return f"{self.outlet or 'unknown outlet'}, “{self.title or '(untitled)'}”, " \
               f"{self.published or 'undated'}"


@dataclass(frozen=True, slots=True)
class BriefSentence:
    """One sentence of the briefing: ``text`` is the lead-in plus the extracted words."""

    text: str
    citations: tuple[str, ...]  # article ids
    single_source: bool
    kind: str  # event, accusation, denial, statement, numbers
    record_id: str | None = None  # the event, claim or contradiction it comes from
    date: str | None = None
    opens_paragraph: bool = False  # starts a new paragraph within its section


@dataclass(frozen=True, slots=True)
class Section:
    key: str  # happened, claims, numbers, new
    heading: str
    sentences: tuple[BriefSentence, ...]

    def paragraphs(self) -> tuple[tuple[BriefSentence, ...], ...]:
        """The sentences as paragraphs: a new one at each ``opens_paragraph``."""
        paragraphs: list[list[BriefSentence]] = []
        for sentence in self.sentences:
            if sentence.opens_paragraph or not paragraphs:
                paragraphs.append([])
            paragraphs[-1].append(sentence)
        return tuple(tuple(p) for p in paragraphs)


@dataclass(frozen=True, slots=True)
class Briefing:
    story_id: str | None
    title: str
    first_date: str | None
    last_date: str | None
    since: str | None
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]
    rewritten_by: str | None = None  # the language model that reworded it, once verified

    @property
    def _numbers(self) -> dict[str, int]:
        return {source.article_id: source.number for source in self.sources}

    def number_of(self, article_id: str) -> int:
        return self._numbers[article_id]

    def sentences(self) -> tuple[BriefSentence, ...]:
        return tuple(s for section in self.sections for s in section.sentences)

    def cited_numbers(self, sentence: BriefSentence) -> list[int]:
        return sorted(self._numbers[a] for a in sentence.citations)

    def to_dict(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id,
            "title": self.title,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "since": self.since,
            "rewritten_by": self.rewritten_by,
            "sections": [
                {
                    "key": section.key,
                    "heading": section.heading,
                    "sentences": [
                        {
                            "text": s.text,
                            "citations": self.cited_numbers(s),
                            "article_ids": list(s.citations),
                            "single_source": s.single_source,
                            "kind": s.kind,
                            "record_id": s.record_id,
                            "date": s.date,
                            "opens_paragraph": s.opens_paragraph,
                        }
                        for s in section.sentences
                    ],
                }
                for section in self.sections
            ],
            "sources": [
                {"number": s.number, "article_id": s.article_id, "outlet": s.outlet,
                 "title": s.title, "published": s.published, "group_id": s.group_id}
                for s in self.sources
            ],
        }

    def to_markdown(self) -> str:
        return briefing_render.briefing_markdown(self)

    def to_html(self) -> str:
        return briefing_render.briefing_html(self)


__all__ = [
    "ArticleMeta",
    "BriefSentence",
    "Briefing",
    "BriefingInputs",
    "BriefingOptions",
    "Section",
    "Source",
]
