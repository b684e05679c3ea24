"""Frozen, typed records that flow between storyline's stages.

Stages are pure functions over these records; only runners touch storage.
Collections are tuples so that a record can be hashed and shared safely.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, Mapping


class InputKind(str, Enum):
    """What a raw document was, as detected from its bytes (and name as a hint)."""

    TEXT = "text"  # plain text or Markdown
    HTML = "html"
    FEED = "feed"  # RSS / Atom
    JSON = "json"  # one JSON object or an array of them
    JSONL = "jsonl"
    WARC = "warc"


class DateSource(str, Enum):
    """How an article's publication date was found. ``NONE``: no date, never guessed."""

    METADATA = "metadata"  # HTML meta tags / JSON-LD / feed / JSON field
    HEADER = "header"  # a "date 2024-01-14" or "Published: ..." header line in text
    DATELINE = "dateline"  # "WASHINGTON, Jan. 14 (Reuters) -" style dateline
    URL = "url"  # /2024/01/14/ in the article URL
    TEXT = "text"  # a date stated in the body ("Updated January 14, 2024")
    INFERRED = "inferred"  # reserved for cross-article dating
    NONE = "none"


class Relation(str, Enum):
    """How a copy relates to the original of its duplicate group."""

    ORIGINAL = "original"
    EXACT = "exact"  # same text after normalisation
    NEAR = "near"  # near-duplicate (high shingle Jaccard)
    PARTIAL = "partial"  # reuses long passages (high containment)
    REWRITE = "rewrite"  # close rewrite (most sentences closely paraphrased)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Bytes exactly as received, plus where they came from and any metadata hints.

    ``hints`` holds fields a container format already knows (a feed entry's
    title, a JSON record's date, a WARC record's target URI): extraction
    prefers them over what it finds in the text and records that it did.
    """

    source: str  # path, URL, or "container#locator" (e.g. "crawl.warc.gz#record=12")
    data: bytes
    kind: InputKind
    url: str | None = None
    content_type: str | None = None
    hints: Mapping[str, Any] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return sha256_hex(self.data)


@dataclass(frozen=True, slots=True)
class BoilerplateLine:
    """A line removed from the article text, kept as a record with its reason."""

    text: str
    reason: str  # e.g. "share-prompt", "copyright", "photo-credit", "related-links"
    line_number: int  # 0-based line index in the decoded input text (-1 for HTML)


@dataclass(frozen=True, slots=True)
class PublicationDate:
    value: date | None
    source: DateSource
    evidence: str | None = None  # the string the date was read from


NO_DATE = PublicationDate(None, DateSource.NONE, None)


@dataclass(frozen=True, slots=True)
class Article:
    """One extracted article: clean text and metadata, each field with how it was found."""

    id: str  # first 16 hex chars of the raw bytes' sha256: content-addressed
    raw_sha256: str
    source: str
    kind: InputKind
    text: str
    title: str | None
    byline: str | None
    outlet: str | None
    original_outlet: str | None  # the outlet credited as origin ("via AP", "©2024 Bloomberg")
    language: str | None
    published: PublicationDate
    url: str | None = None
    outlet_source: str | None = None  # "metadata", "dateline", "copyright", "credit", "site"
    boilerplate_removed: tuple[BoilerplateLine, ...] = ()
    encoding: str | None = None

    @property
    def word_count(self) -> int:
        return len(self.text.split())


def article_id_for(raw_sha256: str) -> str:
    return raw_sha256[:16]


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be ingested, and why. Runs record these and go on."""

    source: str
    stage: str  # "read", "fetch", "detect", "decode", "extract", "store", "language"
    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """Content fingerprints of an article's clean text, for duplicate detection."""

    normalized_sha256: str  # exact-duplicate key
    minhash: tuple[int, ...]  # MinHash signature (hash values) of word shingles
    band_keys: tuple[str, ...]  # LSH band keys derived from the signature


@dataclass(frozen=True, slots=True)
class CopyLink:
    """A verified relation between a new article and an already stored one."""

    other_id: str
    relation: Relation
    similarity: float  # Jaccard, containment or sentence-match share, by relation


__all__ = [
    "NO_DATE",
    "Article",
    "BoilerplateLine",
    "CopyLink",
    "DateSource",
    "Failure",
    "Fingerprint",
    "InputKind",
    "PublicationDate",
    "RawDocument",
    "Relation",
    "article_id_for",
    "sha256_hex",
]
