"""Duplicate detection between articles: fingerprints, LSH band keys and pair verification.

This module owns the content side of deduplication and nothing else: it turns an
article's clean text into a :class:`~storyline.model.Fingerprint` (an exact key, a
MinHash signature and LSH band keys) and decides, from two actual texts, whether one
is an exact copy, a near copy, a partial copy or a close rewrite of the other. The
store persists band keys (band key -> article ids) and asks :func:`compare` about the
candidates that share a key; choosing the original of a group lives in
:mod:`storyline.fusion.dedup_original`. Everything here is a pure function.
"""

from __future__ import annotations

import functools
from collections import Counter, OrderedDict
import hashlib
import re
import struct
import unicodedata
from collections.abc import Sequence
from typing import Any

from datasketch import MinHash
from spacy.lang.en.stop_words import STOP_WORDS as _SPACY_STOP_WORDS
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from storyline.fusion.dedup_original import GroupMember, choose_original
from storyline.model import CopyLink, Fingerprint, Relation

_STOP_WORDS = frozenset(_SPACY_STOP_WORDS)

# Bump whenever anything that changes signatures or band keys changes (normalisation,
# shingling, permutations, banding). It is mixed into every band key, so keys written
# under another version never collide with new ones: the store must re-fingerprint.
FINGERPRINT_VERSION = "mh1"

# 3-word shingles: 1-2 word shingles are dominated by the story's shared vocabulary
# (names, places), so independently written articles on one story would look alike;
# 5+ word shingles break on every light edit, and a close rewrite keeps few of them.
# Three words keep names-in-context ("okonjo told reporters") without that brittleness.
SHINGLE_WORDS = 3

# 256 permutations in 128 bands of 2 rows. Band keys must catch pairs down to Jaccard
# ~0.15 (partial copies inside a longer page, close rewrites): the chance that a pair
# of Jaccard s shares at least one band is 1 - (1 - s**2) ** 128:
#   s = 0.02: 5%   0.05: 27%   0.10: 72%   0.15: 95%   0.20: 99.4%   0.30: ~100%
# With 128 permutations (64 x 2) recall at 0.15 would only be 77%, and r = 1 would make
# every pair sharing a single shingle a candidate. 256 permutations also halve the
# variance of signature_similarity. Cost: 128 band rows per article in the store.
NUM_PERM = 256
BAND_COUNT = 128
BAND_ROWS = NUM_PERM // BAND_COUNT
# Fixed seed and scheme: band keys are stored and compared across processes and runs.
MINHASH_SEED = 20_240_114
MINHASH_SCHEME = "affine32"

# Verification thresholds (see compare()).
NEAR_JACCARD = 0.8
PARTIAL_CONTAINMENT = 0.6
# A passage of ~30 consecutive words (two sentences): shorter shared runs are stock
# phrases ("did not immediately respond to a request for comment"), not reuse.
MIN_PASSAGE_SHINGLES = 30
# Even a near copy must share this much; two one-line blurbs are not evidence.
MIN_NEAR_SHINGLES = 8
REWRITE_JACCARD = 0.5
REWRITE_SENTENCE_SHARE = 0.5
# token_sort_ratio, not ratio: rewriters move clauses around ("X, police said" ->
# "Police said X"), which plain ratio punishes as heavily as new wording. On synthetic
# fixtures a rewrite's sentences score 75-93 and an independent article's on the same
# story (same names, same facts) at most ~60.
SENTENCE_MATCH_RATIO = 75.0
# A rewrite must also reuse a substantial amount of text, not just two short lines.
MIN_REWRITE_MATCHED_WORDS = 40
# Sentences this short ("He declined to comment.") match anything of their kind.
MIN_SENTENCE_WORDS = 4
# A heavy paraphrase rewords every sentence ("vessels flying the flag were docked" for
# "flagged ships berthed") but keeps each sentence's names, numbers and key nouns. A
# sentence is aligned when half of its content words (the smaller side's) reappear in
# one sentence of the other text; a rewrite aligns nearly all of them. On the demo
# corpus a full paraphrase aligns 94% of its words, while independently written
# articles on the same story align at most 61%.
ALIGN_OVERLAP = 0.5
ALIGN_SHARE = 0.8
MIN_ALIGN_SENTENCE_WORDS = 6
MIN_ALIGNED_WORDS = 60

# Work caps: compare() runs several times per ingested article, and a pathological
# page must not make it quadratic. Past these caps only the head of the text counts,
# which is where a copy's reused body sits.
MAX_TOKENS = 20_000
MAX_SENTENCES = 250

# Apostrophe look-alikes are deleted so "don't", "don’t" and "donʼt" agree. Every other
# quote and dash glyph is punctuation (category P*) and becomes a space, which unifies
# them without a table.
_APOSTROPHES = frozenset("'`\u2018\u2019\u201b\u2032\u02bc")

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+|\n+")


class _TypographyTable(dict[int, "int | str | None"]):
    """str.translate table, filled on first sight of each character.

    Keeps the per-character work in C (translate) rather than a Python loop: the
    category of a character is looked up once per process, not once per occurrence.
    """

    def __missing__(self, codepoint: int) -> int | str | None:
        char = chr(codepoint)
        category = unicodedata.category(char)
        value: int | str | None
        if char in _APOSTROPHES or category == "Cf":
            # Format characters (soft hyphen, zero-width space) are invisible in the
            # source; a copy may add or drop them freely.
            value = None
        elif category[0] == "P" or (category[0] == "S" and category != "Sc"):
            # Currency signs carry meaning ("$5" vs "€5"); other punctuation and
            # symbols are typography that copies change freely.
            value = " "
        else:
            value = codepoint
        self[codepoint] = value
        return value


_TYPOGRAPHY = _TypographyTable()


def _normalize_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = unicodedata.normalize("NFKC", text.casefold())
    return " ".join(text.translate(_TYPOGRAPHY).split())


def normalize_text(text: str) -> str:
    """Return the canonical form of ``text`` used for the exact-duplicate key.

    NFKC, casefold, unified quotes and dashes, punctuation and symbols (except
    currency) removed, whitespace collapsed to single spaces. Idempotent.
    """
    # Deleting a character can bring a base letter and a combining mark together,
    # which NFKC then composes differently; repeat until stable (one extra pass in
    # practice) so the key is a true fixed point.
    current = _normalize_once(text)
    for _ in range(4):
        again = _normalize_once(current)
        if again == current:
            break
        current = again
    return current


def _tokens(text: str) -> list[str]:
    return normalize_text(text).split()[:MAX_TOKENS]


def _shingles(tokens: Sequence[str]) -> set[str]:
    if not tokens:
        return set()
    if len(tokens) < SHINGLE_WORDS:
        return {" ".join(tokens)}
    return {
        " ".join(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - SHINGLE_WORDS + 1)
    }


def _band_keys(signature: Sequence[int]) -> tuple[str, ...]:
    keys = []
    for band in range(BAND_COUNT):
        rows = signature[band * BAND_ROWS : (band + 1) * BAND_ROWS]
        # Explicit little-endian packing, not numpy's native byte order, so keys are
        # the same on every platform.
        payload = FINGERPRINT_VERSION.encode() + struct.pack(f"<H{len(rows)}I", band, *rows)
        digest = hashlib.blake2b(payload, digest_size=8).hexdigest()
        keys.append(f"b{band:03d}:{digest}")
    return tuple(keys)


@functools.cache
def _permutations() -> Any:
    # Deriving the permutations from the seed costs more than hashing a short article;
    # they depend only on the constants above, so they are made once per process.
    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME).permutations


def fingerprint(text: str) -> Fingerprint:
    """Fingerprint an article's clean text: exact key, MinHash signature, LSH band keys.

    Deterministic across processes and runs. A text without any word gets an empty
    signature and no band keys: it can only ever match as an exact duplicate.
    """
    normalized = normalize_text(text)
    tokens = normalized.split()[:MAX_TOKENS]
    shingles = _shingles(tokens)
    exact_key = hashlib.sha256(normalized.encode("utf-8")).hexdigest()
    if not shingles:
        return Fingerprint(normalized_sha256=exact_key, minhash=(), band_keys=())
    minhash = MinHash(
        num_perm=NUM_PERM,
        seed=MINHASH_SEED,
        scheme=MINHASH_SCHEME,
        permutations=_permutations(),
    )
    # Sorted so the update order (irrelevant to the result) is reproducible too.
    minhash.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    signature = tuple(int(v) for v in minhash.hashvalues)
    return Fingerprint(
        normalized_sha256=exact_key, minhash=signature, band_keys=_band_keys(signature)
    )


def signature_similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Jaccard similarity of two texts' shingle sets, estimated from their signatures.

    0.0 when either text had no words. Raises ValueError for signatures of different
    lengths (fingerprints made with other parameters cannot be compared).
    """
    if not a.minhash or not b.minhash:
        return 0.0
    if len(a.minhash) != len(b.minhash):
        raise ValueError(
            f"signatures of different lengths ({len(a.minhash)} vs {len(b.minhash)}): "
            "re-fingerprint with the same parameters"
        )
    equal = sum(1 for x, y in zip(a.minhash, b.minhash) if x == y)
    return equal / len(a.minhash)


def _sentences(text: str) -> list[tuple[str, int]]:
    """Normalised sentences with their word counts, short ones left out."""
    out = []
    for piece in _SENTENCE_BREAK.split(text):
        normalized = normalize_text(piece)
        words = normalized.count(" ") + 1 if normalized else 0
        if words >= MIN_SENTENCE_WORDS:
            out.append((normalized, words))
            if len(out) >= MAX_SENTENCES:
                break
    return out


class PreparedText:
    """One text's forms that :func:`compare` needs, each computed once on first use.

    Ingest compares a new article with up to a few dozen candidates: preparing it once,
    rather than once per pair, halves the work, and a candidate that keeps coming back
    (a wire story's original) can be kept prepared between articles.
    """

    __slots__ = ("text", "__dict__")

    def __init__(self, text: str) -> None:
        self.text = text

    @functools.cached_property
    def normalized(self) -> str:
        return normalize_text(self.text)

    @functools.cached_property
    def shingles(self) -> set[str]:
        return _shingles(self.normalized.split()[:MAX_TOKENS])

    @functools.cached_property
    def sentences(self) -> list[tuple[str, int]]:
        return _sentences(self.text)

    @functools.cached_property
    def content_sentences(self) -> list[tuple[frozenset[str], int]]:
        return [(_content_words(s), words) for s, words in self.sentences]


class PreparedCache:
    """The most recently used prepared texts, by article id (a bounded LRU).

    Article ids are derived from the raw bytes, so an id always names the same text.
    """

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._items: OrderedDict[str, PreparedText] = OrderedDict()

    def missing(self, ids: Sequence[str]) -> list[str]:
        return [i for i in ids if i not in self._items]

    def get(self, article_id: str, text: str | None = None) -> PreparedText | None:
        """The prepared text of ``article_id``, prepared from ``text`` when not cached."""
        found = self._items.get(article_id)
        if found is not None:
            self._items.move_to_end(article_id)
            return found
        if text is None:
            return None
        found = self._items[article_id] = PreparedText(text)
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return found


def _prepared(text: "str | PreparedText") -> PreparedText:
    return text if isinstance(text, PreparedText) else PreparedText(text)


def _sentence_match(shorter: PreparedText, longer: PreparedText) -> tuple[float, int]:
    """Share of the shorter text's words in sentences that closely match one in the longer.

    Weighted by words so that a matching one-liner counts for little. Returns the share
    and the number of matched words.
    """
    left = shorter.sentences
    right = longer.sentences
    if not left or not right:
        return 0.0, 0
    scores = cdist(
        [s for s, _ in left],
        [s for s, _ in right],
        scorer=fuzz.token_sort_ratio,
        score_cutoff=SENTENCE_MATCH_RATIO,
    )
    best = scores.max(axis=1)
    matched = sum(words for (_, words), score in zip(left, best) if score >= SENTENCE_MATCH_RATIO)
    total = sum(words for _, words in left)
    return matched / total, matched


def _content_words(sentence: str) -> frozenset[str]:
    return frozenset(
        word for word in sentence.split() if len(word) > 2 and word not in _STOP_WORDS
    )


def _content_alignment(
    shorter: PreparedText, longer: PreparedText, needed: float = 0.0
) -> tuple[float, int]:
    """Share of the shorter text's words in sentences whose content words reappear
    (overlap coefficient >= ALIGN_OVERLAP) in one sentence of the longer text.

    Stops as soon as the share cannot reach ``needed``: the figures returned are then
    what was matched so far (below ``needed``, as the full count would be)."""
    left = [
        (content, words)
        for content, words in shorter.content_sentences
        if words >= MIN_ALIGN_SENTENCE_WORDS
    ]
    right = [content for content, _ in longer.content_sentences if content]
    if not left or not right:
        return 0.0, 0
    # Shared words are counted through an index of the longer text's sentences by
    # word, so the cost follows the words two texts share, not sentences x sentences.
    by_word: dict[str, list[int]] = {}
    for index, other in enumerate(right):
        for word in other:
            by_word.setdefault(word, []).append(index)
    total = sum(words for _, words in left)
    matched = 0
    remaining = total
    for content, words in left:
        if matched + remaining < needed * total:
            break
        remaining -= words
        if not content:
            continue
        shared = Counter(index for word in content for index in by_word.get(word, ()))
        if any(
            count / min(len(content), len(right[index])) >= ALIGN_OVERLAP
            for index, count in shared.items()
        ):
            matched += words
    return matched / total, matched


def compare(
    text: "str | PreparedText", other_text: "str | PreparedText", other_id: str
) -> CopyLink | None:
    """Verify a candidate pair from the two texts; the link's relation, or None.

    Checked in order, the first that holds wins:

    - EXACT: same normalised text (similarity 1.0);
    - NEAR: shingle Jaccard >= 0.8;
    - PARTIAL: >= 60% of the shorter text's shingles occur in the longer and they
      share at least a ~30-word passage (a syndicated copy under another headline,
      byline, intro or trailing junk; similarity = containment);
    - REWRITE: >= 50% of the shorter text's sentence words sit in sentences with a
      close fuzzy counterpart (rapidfuzz token_sort_ratio >= 75) and at least 40 words match
      (similarity = that share), or shingle Jaccard >= 0.5 with a shared passage
      (similarity = Jaccard), or >= 80% of the shorter text's sentence words sit in
      sentences whose content words reappear in one sentence of the other (a heavy
      paraphrase that keeps every sentence's names, numbers and nouns).

    Symmetric in the two texts. Work is capped for huge texts. Either text may be given
    as a :class:`PreparedText`, so that a text compared with many others is prepared once.
    """
    this, other = _prepared(text), _prepared(other_text)
    normalized = this.normalized
    other_normalized = other.normalized
    if not normalized or not other_normalized:
        return None
    if normalized == other_normalized:
        return CopyLink(other_id=other_id, relation=Relation.EXACT, similarity=1.0)

    shingles = this.shingles
    other_shingles = other.shingles
    shared = len(shingles & other_shingles)
    jaccard = shared / len(shingles | other_shingles)
    containment = shared / min(len(shingles), len(other_shingles))

    if jaccard >= NEAR_JACCARD and shared >= MIN_NEAR_SHINGLES:
        return CopyLink(other_id=other_id, relation=Relation.NEAR, similarity=jaccard)
    if containment >= PARTIAL_CONTAINMENT and shared >= MIN_PASSAGE_SHINGLES:
        return CopyLink(other_id=other_id, relation=Relation.PARTIAL, similarity=containment)
    if jaccard >= REWRITE_JACCARD and shared >= MIN_PASSAGE_SHINGLES:
        return CopyLink(other_id=other_id, relation=Relation.REWRITE, similarity=jaccard)

    # Ties broken on the text itself so the result does not depend on argument order.
    shorter, longer = (
        (this, other)
        if (len(shingles), normalized) <= (len(other_shingles), other_normalized)
        else (other, this)
    )
    share, matched_words = _sentence_match(shorter, longer)
    if share >= REWRITE_SENTENCE_SHARE and matched_words >= MIN_REWRITE_MATCHED_WORDS:
        return CopyLink(other_id=other_id, relation=Relation.REWRITE, similarity=share)
    aligned, aligned_words = _content_alignment(shorter, longer, ALIGN_SHARE)
    if aligned >= ALIGN_SHARE and aligned_words >= MIN_ALIGNED_WORDS:
        return CopyLink(other_id=other_id, relation=Relation.REWRITE, similarity=aligned)
    return None


__all__ = [
    "BAND_COUNT",
    "BAND_ROWS",
    "FINGERPRINT_VERSION",
    "NUM_PERM",
    "SHINGLE_WORDS",
    "GroupMember",
    "PreparedCache",
    "PreparedText",
    "choose_original",
    "compare",
    "fingerprint",
    "normalize_text",
    "signature_similarity",
]
