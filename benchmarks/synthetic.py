"""Synthetic news articles for benchmarks, generated on the fly.

Nothing here is real text: words are made of random syllables, drawn with a
Zipf-like frequency and mixed with common English function words, so articles
look like prose to the pipeline (title line, byline, dateline, paragraphs,
quotes) without copying any corpus. A share of the articles are syndicated
copies of an earlier one, under another outlet's headline and byline, with junk
lines (share prompts, advertisement markers, copyright notices) and light
edits, so that boilerplate removal and the dedup path (LSH candidates, pair
verification, groups) do real work. A smaller share are byte-identical
re-posts, which ingest recognises by their raw hash.

The generator is a stream: it keeps only a bounded window of recent originals
to copy from, and writes files (or JSONL lines) as it goes.
"""

from __future__ import annotations

import json
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

_ONSETS = ("b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kl", "l", "m", "n",
           "p", "pr", "r", "s", "sh", "st", "t", "tr", "v", "w", "z")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ou", "y")
_CODAS = ("", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "x")
_FUNCTION_WORDS = ("the", "of", "and", "to", "in", "a", "that", "for", "on", "with", "was", "is",
                   "said", "by", "at", "from", "as", "it", "has", "had", "were", "after", "its",
                   "have", "but", "be", "an", "not", "which", "this", "their", "they", "would",
                   "more", "than", "been", "who", "about", "over", "into", "two", "new", "will")
_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
           "Nov.", "Dec.")
_JUNK_LINES = ("Advertisement", "Share this article", "Share on Facebook", "Read more",
               "Story continues below advertisement", "Sign up for our newsletter", "Comments",
               "Related articles", "Follow us on Twitter", "Print")

# Shares of the stream (the rest are original articles).
SYNDICATED_SHARE = 0.18
IDENTICAL_SHARE = 0.02
ORIGINALS_WINDOW = 300  # recent originals a copy may be taken from


@dataclass(frozen=True, slots=True)
class SyntheticArticle:
    number: int
    outlet: str
    title: str
    byline: str | None
    published: date
    text: str  # the whole file: title line, byline, dateline + paragraphs, junk
    kind: str  # "original", "syndicated" or "identical"

    def as_record(self) -> dict[str, str]:
        """A JSON Lines record, as scrapers dump them (the body without the header lines)."""
        body = self.text.split("\n\n", 1)[1] if "\n\n" in self.text else self.text
        record = {"title": self.title, "text": body, "outlet": self.outlet,
                  "published": self.published.isoformat(),
                  "url": f"https://{_slug(self.outlet)}.example/news/{self.number}"}
        if self.byline:
            record["author"] = self.byline
        return record


class ArticleGenerator:
    def __init__(self, seed: int = 20_261_123, vocabulary: int = 24_000) -> None:
        self.random = random.Random(seed)
        words: set[str] = set()
        while len(words) < vocabulary:
            syllables = self.random.choice((1, 1, 2, 2, 2, 3))
            words.add("".join(self._syllable() for _ in range(syllables)))
        self.words = sorted(words)
        self.random.shuffle(self.words)
        # Zipf-like: the r-th word is drawn with weight 1 / (r + 20).
        self.cumulative = list(accumulate(1.0 / (rank + 20) for rank in range(len(self.words))))
        self.names = [w.capitalize() for w in self.words[5000:7000]]
        self.places = [w.upper() for w in self.words[7000:7300] if len(w) >= 5]
        kinds = ("Times", "Post", "Herald", "Courier", "Ledger", "Tribune") * 10
        self.outlets = [f"The {self.words[i].capitalize()} {kind}"
                        for i, kind in zip(range(8000, 8060), kinds)]
        self.agencies = ["Vornet Press", "Kalemba News Agency", "Strael Wire"]
        self.originals: deque[SyntheticArticle] = deque(maxlen=ORIGINALS_WINDOW)

    def _syllable(self) -> str:
        r = self.random
        return r.choice(_ONSETS) + r.choice(_VOWELS) + r.choice(_CODAS)

    def _sentence(self) -> str:
        r = self.random
        count = r.randint(8, 26)
        content = r.choices(self.words, cum_weights=self.cumulative, k=count)
        words = [r.choice(_FUNCTION_WORDS) if r.random() < 0.38 else w for w in content]
        if r.random() < 0.3:
            words.insert(r.randrange(len(words)), f"{r.choice(self.names)} {r.choice(self.names)}")
        if r.random() < 0.15:
            words.insert(r.randrange(len(words)), f"{r.randint(2, 950)}")
        sentence = " ".join(words)
        sentence = sentence[0].upper() + sentence[1:]
        if r.random() < 0.12:
            return f'"{sentence}," said {r.choice(self.names)} {r.choice(self.names)}.'
        return sentence + "."

    def _paragraph(self) -> str:
        return " ".join(self._sentence() for _ in range(self.random.randint(2, 5)))

    def _title(self) -> str:
        count = self.random.randint(5, 11)
        words = self.random.choices(self.words, cum_weights=self.cumulative, k=count)
        return " ".join(w.capitalize() for w in words)

    def _byline(self) -> str | None:
        r = self.random
        return f"By {r.choice(self.names)} {r.choice(self.names)}" if r.random() < 0.8 else None

    def _compose(self, title: str, byline: str | None, published: date, dateline: str,
                 paragraphs: list[str]) -> str:
        head = [title] + ([byline] if byline else [])
        if self.random.random() < 0.6:
            head.append(f"Published: {published:%B} {published.day}, {published.year}")
        body = [dateline + paragraphs[0], *paragraphs[1:]]
        return "\n\n".join(["\n".join(head), *body]) + "\n"

    def _original(self, number: int, published: date) -> SyntheticArticle:
        r = self.random
        outlet = r.choice(self.outlets + self.agencies)
        title, byline = self._title(), self._byline()
        credit = f" ({outlet})" if outlet in self.agencies else ""
        month = _MONTHS[published.month - 1]
        dateline = f"{r.choice(self.places)}, {month} {published.day}{credit} - "
        paragraphs = [self._paragraph() for _ in range(r.randint(5, 14))]
        text = self._compose(title, byline, published, dateline, paragraphs)
        return SyntheticArticle(number, outlet, title, byline, published, text, "original")

    def _syndicated(self, number: int, source: SyntheticArticle) -> SyntheticArticle:
        """Another outlet's copy: new headline and byline, junk lines, a light edit or a cut."""
        r = self.random
        outlet = r.choice(self.outlets)
        title = self._title() if r.random() < 0.8 else source.title
        byline = self._byline()
        paragraphs = source.text.split("\n\n")[1:]
        if r.random() < 0.5 and len(paragraphs) > 4:
            paragraphs = paragraphs[: len(paragraphs) - r.randint(1, 2)]  # trimmed at the end
        if r.random() < 0.4:
            index = r.randrange(len(paragraphs))
            paragraphs[index] = self._paragraph()  # one paragraph rewritten
        for _ in range(r.randint(1, 4)):
            paragraphs.insert(r.randint(1, len(paragraphs)), r.choice(_JUNK_LINES))
        if r.random() < 0.5:
            paragraphs.append(f"© {source.published.year} {outlet}. All rights reserved.")
        head = "\n".join([title] + ([byline] if byline else []))
        published = source.published + timedelta(days=r.choice((0, 0, 1)))
        text = "\n\n".join([head, *paragraphs]) + "\n"
        return SyntheticArticle(number, outlet, title, byline, published, text, "syndicated")

    def articles(self, count: int) -> Iterator[SyntheticArticle]:
        start = date(2025, 1, 1)
        for number in range(count):
            published = start + timedelta(days=number * 400 // max(count, 1))
            roll = self.random.random()
            if self.originals and roll < IDENTICAL_SHARE:
                source = self.random.choice(self.originals)
                yield SyntheticArticle(number, source.outlet, source.title, source.byline,
                                       source.published, source.text, "identical")
            elif self.originals and roll < IDENTICAL_SHARE + SYNDICATED_SHARE:
                yield self._syndicated(number, self.random.choice(self.originals))
            else:
                article = self._original(number, published)
                self.originals.append(article)
                yield article


def write_text_files(folder: Path, count: int, seed: int, per_folder: int = 1000) -> dict[str, int]:
    """``count`` articles as ``.txt`` files, ``per_folder`` a subfolder; returns counts by kind."""
    kinds: dict[str, int] = {}
    for article in ArticleGenerator(seed).articles(count):
        sub = folder / f"chunk{article.number // per_folder:04d}"
        if article.number % per_folder == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{article.number:07d}.txt").write_text(article.text, encoding="utf-8")
        kinds[article.kind] = kinds.get(article.kind, 0) + 1
    return kinds


def write_jsonl(path: Path, count: int, seed: int,
                generator: type[ArticleGenerator] | None = None) -> dict[str, int]:
    """``count`` articles as one JSON Lines file, written line by line; returns counts by kind.

    ``generator`` picks the kind of prose (``newsgen.NewsGenerator`` for real-looking news).
    """
    kinds: dict[str, int] = {}
    with path.open("w", encoding="utf-8") as handle:
        for article in (generator or ArticleGenerator)(seed).articles(count):
            handle.write(json.dumps(article.as_record(), ensure_ascii=False) + "\n")
            kinds[article.kind] = kinds.get(article.kind, 0) + 1
    return kinds


def _slug(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum()) or "outlet"
