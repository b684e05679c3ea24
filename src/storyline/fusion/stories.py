"""Stories: articles grouped, as they arrive, into developing real-world events or threads.

:class:`StoryIndex` assigns each new article to an existing story or opens a new one,
without recomputing anything already assigned. An article becomes a sparse TF-IDF vector
over its salient words, names and numbers (:mod:`storyline.fusion.stories_features`), with
names and numbers weighted above topic words: two earthquakes share "quake", "magnitude"
and "rescuers" but not the place, the magnitude or the dead. Each story keeps a centroid
(the sum of its articles' vectors, pruned to its strongest features) and an inverted index
maps a feature to the stories whose centroid holds it, so an article is only compared with
the stories that share one of its rarest features: the cost of an assignment depends on
how many stories look alike, not on how many articles came before. Publication dates far
from a story's span lower the similarity, so the same beat a year later starts a new story.

The index is the one stateful object of the fusion layer (it is built incrementally by a
runner); what it hands out, :class:`Story`, is a frozen record.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from storyline.fusion.stories_features import NAME, NUMBER, article_features, feature_label


@dataclass(frozen=True, slots=True)
class Story:
    """One developing event or thread and the articles that report it."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    first_date: date | None
    last_date: date | None
    key_terms: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "article_ids": list(self.article_ids),
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "key_terms": list(self.key_terms),
        }


@dataclass(frozen=True, slots=True)
class StoryOptions:
    """How articles are weighed and when one joins a story."""

    # Cosine similarity (after the date factor) an article needs to join a story.
    join_threshold: float = 0.22
    name_weight: float = 3.0
    number_weight: float = 3.0
    word_weight: float = 1.0
    # Features kept per article vector and per story centroid.
    article_features: int = 80
    centroid_features: int = 300
    # Rarest features of an article used to look stories up, and stories then scored.
    probe_features: int = 25
    max_candidates: int = 20
    candidate_share: float = 0.2
    # Posting lists longer than this share of all stories (and than the minimum) are
    # skipped when looking candidates up.
    common_posting_share: float = 0.02
    min_common_postings: int = 200
    # Dates within this many days of a story's span cost nothing; beyond, the
    # similarity decays with this scale (days).
    date_grace_days: int = 10
    date_decay_days: float = 30.0


@dataclass(slots=True)
class _StoryState:
    number: int
    centroid: dict[str, float] = field(default_factory=dict)
    norm: float = 0.0  # of the centroid, kept up to date by _absorb
    article_ids: list[str] = field(default_factory=list)
    first_date: date | None = None
    last_date: date | None = None
    central_title: str = ""
    central_score: float = -1.0


def story_id_for(first_article_id: str) -> str:
    """The id of the story an article opened: durable across rebuilds and new arrivals."""
    return f"story-{first_article_id}"


def _first_line(text: str, limit: int = 120) -> str:
    for line in text.splitlines():
        line = " ".join(line.split())
        if len(line) > 3:
            if len(line) > limit:
                cut = line[:limit].rsplit(" ", 1)[0]
                return cut + "…"
            return line
    return ""


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(sum(value * value for value in vector.values()))


class StoryIndex:
    """Incremental story assignment; see the module docstring for how it decides."""

    def __init__(self, options: StoryOptions | None = None) -> None:
        self.options = options or StoryOptions()
        self._document_frequency: Counter[str] = Counter()
        self._article_count = 0
        self._stories: list[_StoryState] = []
        self._postings: dict[str, set[int]] = {}
        self._story_of: dict[str, int] = {}
        self._changed: set[int] = set()  # stories that gained an article since last read

    def __len__(self) -> int:
        return len(self._stories)

    # --- vectors --------------------------------------------------------------------

    def _kind_weight(self, feature: str) -> float:
        if feature.startswith(NAME):
            return self.options.name_weight
        if feature.startswith(NUMBER):
            return self.options.number_weight
        return self.options.word_weight

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        """Unit TF-IDF vector, IDF as of now (earlier articles keep the IDF they had)."""
        total = self._article_count + 1
        weighted: dict[str, float] = {}
        for feature, count in counts.items():
            idf = math.log((total + 1) / (self._document_frequency[feature] + 1)) + 1.0
            weighted[feature] = (1.0 + math.log(count)) * idf * self._kind_weight(feature)
        top = sorted(weighted.items(), key=lambda item: (-item[1], item[0]))
        top = top[: self.options.article_features]
        length = math.sqrt(sum(value * value for _, value in top)) or 1.0
        return {feature: value / length for feature, value in top}

    def _date_factor(self, story: _StoryState, published: date | None) -> float:
        if published is None or story.first_date is None or story.last_date is None:
            return 1.0
        if published < story.first_date:
            gap = (story.first_date - published).days
        elif published > story.last_date:
            gap = (published - story.last_date).days
        else:
            gap = 0
        excess = gap - self.options.date_grace_days
        return 1.0 if excess <= 0 else math.exp(-excess / self.options.date_decay_days)

    # --- assignment -----------------------------------------------------------------

    def _candidates(self, vector: dict[str, float]) -> list[int]:
        probes = sorted(vector.items(), key=lambda item: (-item[1], item[0]))
        # A feature held by a large share of stories cannot tell them apart; walking its
        # posting list would make every assignment cost grow with the corpus.
        too_common = max(self.options.min_common_postings,
                         int(len(self._stories) * self.options.common_posting_share))
        hits: Counter[int] = Counter()
        for feature, weight in probes[: self.options.probe_features]:
            postings = self._postings.get(feature, ())
            if len(postings) > too_common:
                continue
            for number in postings:
                hits[number] += weight
        ranked = hits.most_common(self.options.max_candidates)
        if not ranked:
            return []
        # Stories that share only a little of what the best one shares are not worth scoring.
        floor = ranked[0][1] * self.options.candidate_share
        return [number for number, hit in ranked if hit >= floor]

    def _similarity(self, vector: dict[str, float], story: _StoryState) -> float:
        centroid = story.centroid
        dot = sum(value * centroid.get(feature, 0.0) for feature, value in vector.items())
        return dot / (story.norm or 1.0)

    def best_story(self, text: str, published: date | None = None,
                   entities: Sequence[str] = ()) -> tuple[str | None, float]:
        """The story an article would join and its score, without adding it."""
        vector = self._vector(article_features(text, entities))
        number, score = self._best(vector, published)
        return (self._story_id(number) if number is not None else None), score

    def _best(self, vector: dict[str, float],
              published: date | None) -> tuple[int | None, float]:
        best_number: int | None = None
        best_score = 0.0
        for number in self._candidates(vector):
            story = self._stories[number]
            score = self._similarity(vector, story) * self._date_factor(story, published)
            if score > best_score or (score == best_score and best_number is not None
                                      and number < best_number):
                best_number, best_score = number, score
        return best_number, best_score

    def add_article(self, article_id: str, text: str, published: date | None = None,
                    entities: Sequence[str] = (), title: str | None = None) -> str:
        """Assign one article to a story (opening one if none is close) and return its id.

        Adding an article id a second time returns its story and changes nothing.
        """
        if article_id in self._story_of:
            return self._story_id(self._story_of[article_id])
        counts = article_features(((title + "\n") if title else "") + text, entities)
        vector = self._vector(counts)
        number, score = self._best(vector, published)
        if number is None or score < self.options.join_threshold:
            number = len(self._stories)
            self._stories.append(_StoryState(number))
            score = 0.0
        story = self._stories[number]
        self._absorb(story, vector)
        story.article_ids.append(article_id)
        if published is not None:
            story.first_date = min(story.first_date or published, published)
            story.last_date = max(story.last_date or published, published)
        # The title comes from the article closest to the story when it joined.
        if score > story.central_score:
            story.central_score = score
            story.central_title = (title or _first_line(text)).strip()
        self._story_of[article_id] = number
        self._changed.add(number)
        self._article_count += 1
        self._document_frequency.update(counts.keys())
        return self._story_id(number)

    def _absorb(self, story: _StoryState, vector: dict[str, float]) -> None:
        centroid = story.centroid
        for feature, value in vector.items():
            centroid[feature] = centroid.get(feature, 0.0) + value
        if len(centroid) > self.options.centroid_features * 2:
            kept = sorted(centroid.items(), key=lambda item: (-item[1], item[0]))
            story.centroid = centroid = dict(kept[: self.options.centroid_features])
        story.norm = _norm(centroid)
        for feature in vector:
            if feature in centroid:
                self._postings.setdefault(feature, set()).add(story.number)

    # --- reading --------------------------------------------------------------------

    def _story_id(self, number: int) -> str:
        # Named after the story's first article, which never changes once the story exists
        # (stories are never merged or split): the id survives a rebuild, a renumbering, and
        # any other story opening or closing before it.
        return story_id_for(self._stories[number].article_ids[0])

    def story_of(self, article_id: str) -> str | None:
        number = self._story_of.get(article_id)
        return None if number is None else self._story_id(number)

    def holds(self, story_id: str) -> bool:
        """Whether a story has this id."""
        first = story_id.removeprefix("story-")
        number = self._story_of.get(first)
        return number is not None and self._stories[number].article_ids[0] == first

    def assignments(self) -> dict[str, str]:
        """``{article id: story id}`` for every article added so far."""
        return {article: self._story_id(number) for article, number in self._story_of.items()}

    def stories(self) -> tuple[Story, ...]:
        return tuple(self._story_record(story) for story in self._stories)

    def take_changed(self) -> tuple[Story, ...]:
        """The stories that gained articles since the last call (a story never loses one)."""
        changed, self._changed = self._changed, set()
        return tuple(self._story_record(self._stories[number]) for number in sorted(changed))

    def _story_record(self, story: _StoryState) -> Story:
        strongest = sorted(story.centroid.items(), key=lambda item: (-item[1], item[0]))
        key_terms: list[str] = []
        for feature, _ in strongest:
            label = feature_label(feature)
            # A surname alone adds nothing once the full name is listed.
            if any(label in term.split() for term in key_terms):
                continue
            key_terms.append(label)
            if len(key_terms) == 8:
                break
        title = story.central_title or ", ".join(key_terms[:4])
        return Story(
            id=self._story_id(story.number),
            title=title,
            article_ids=tuple(story.article_ids),
            first_date=story.first_date,
            last_date=story.last_date,
            key_terms=tuple(key_terms),
        )


def assign_stories(articles: Iterable[tuple[str, str, date | None]],
                   options: StoryOptions | None = None) -> tuple[Story, ...]:
    """Convenience: run ``(article id, text, published)`` triples through a fresh index."""
    index = StoryIndex(options)
    for article_id, text, published in articles:
        index.add_article(article_id, text, published)
    return index.stories()


__all__ = ["Story", "StoryIndex", "StoryOptions", "assign_stories", "story_id_for"]
