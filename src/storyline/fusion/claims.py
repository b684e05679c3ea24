"""Cross-article claim fusion: the same statement reported by many articles becomes one Claim.

Input is one :class:`~storyline.fusion.claims_records.ClaimSource` per attribution read in
an article (article id, duplicate group id, publication date, the attribution record or
its dict, the speaker's cross-article entity id when entity resolution knows it). Output is
one :class:`~storyline.fusion.claims_records.Claim` per distinct claim, with every article
that carries it, a raw source count and an INDEPENDENT source count: the number of distinct
duplicate groups, so a wire story reprinted by ten outlets counts once.

Two sources are the same claim when
  * their stances are equal, or both say something is so (assert, report, accuse: the
    claim takes the most specific of them);
  * their speakers are compatible: same entity id, else same normalised text, else the
    proper-name tokens of one are contained in the other's ("Ri" / "Foreign Minister Ri
    Son-gwan"); pronoun speakers without an entity id never match across articles;
  * their contents share a verbatim quote of three words or more, or both state one
    large number (1,000 or more) of one measure, or are similar
    (rapidfuzz ``token_set_ratio`` over normalised text at least
    :attr:`ClaimFusionOptions.content_threshold`; contents of fewer than three words need
    a plain ``ratio`` that high instead, since a subset of two words proves little);
  * every number they both state for one measure agrees within
    :attr:`ClaimFusionOptions.value_tolerance` (relative, 5% by default).

:class:`ClaimIndex` is the incremental form: ``add`` compares a new source only with the
claims of its block (its stance, then the speakers sharing a name token with its speaker and
compatible with it, cached), and
``claims()`` rebuilds only the claims that changed. :func:`fuse_claims` is the batch form.
Contradictions between fused claims live in :mod:`storyline.fusion.claims_contradictions`.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from storyline.fusion.claims_contradictions import find_contradictions
from storyline.fusion.claims_records import (
    CONTRADICTION_KINDS,
    MEASURE_FAMILIES,
    Claim,
    ClaimQuantity,
    ClaimSource,
    Contradiction,
    NumberObservation,
    evidence_of,
    field_of,
    name_tokens,
    normalise_text,
    quantities_of,
    speaker_key,
    speakers_compatible,
)
from storyline.language.evidence import Evidence


@dataclass(frozen=True, slots=True)
class ClaimFusionOptions:
    """Thresholds of claim matching."""

    content_threshold: float = 85.0  # rapidfuzz score, 0-100
    value_tolerance: float = 0.05  # relative difference under which two numbers agree


_MAX_WORDINGS = 8


@dataclass(frozen=True, slots=True)
class _Statement:
    """One source, read once: what :class:`ClaimIndex` compares."""

    source: ClaimSource
    key: str
    speaker: str | None
    stance: str
    content: str
    normalised: str
    target: str | None
    quantities: tuple[ClaimQuantity, ...]
    evidence: Evidence


@dataclass
class _Builder:
    """A claim being accumulated (mutable, private to the index)."""

    statements: list[_Statement] = field(default_factory=list)
    # Distinct wordings (normalised content -> first statement with it): what a new source
    # is compared with, so a story reprinted a hundred times costs a few comparisons.
    wordings: dict[str, _Statement] = field(default_factory=dict)
    built: Claim | None = None


def _read(item: ClaimSource | tuple | Mapping) -> _Statement:
    source = _as_source(item)
    record = source.attribution
    speaker = field_of(record, "speaker")
    content = str(field_of(record, "content", "") or "")
    return _Statement(
        # Everything claims need is read out below: the record itself is not kept (at
        # 100k articles it would hold every attribution in memory a second time).
        source=replace(source, attribution=None),
        key=speaker_key(speaker, source.speaker_entity_id, source.article_id),
        speaker=speaker,
        stance=str(field_of(record, "stance", "assert") or "assert"),
        content=content,
        normalised=normalise_text(content).strip(" .,;"),
        target=field_of(record, "target"),
        quantities=quantities_of(record),
        evidence=evidence_of(record, source.article_id),
    )


def _as_source(item: ClaimSource | tuple | Mapping) -> ClaimSource:
    if isinstance(item, ClaimSource):
        return item
    if isinstance(item, Mapping):
        return ClaimSource(item["article_id"], item.get("group_id"), item.get("published"),
                           item["attribution"], item.get("speaker_entity_id"))
    return ClaimSource(*item)


_QUOTE = re.compile(r'"([^"]+)"')
_MIN_QUOTE_WORDS = 3


def contents_match(first: str, second: str, threshold: float) -> bool:
    """Fuzzy equality of two normalised contents (see the module docstring)."""
    if not first or not second:
        return False
    if _shares_quote(first, second) or _shares_quote(second, first):
        return True
    if min(len(first.split()), len(second.split())) < 3:
        return fuzz.ratio(first, second) >= threshold
    return fuzz.token_set_ratio(first, second) >= threshold


def _shares_quote(first: str, second: str) -> bool:
    """A verbatim quote of three words or more in ``first`` appears in ``second``: the
    same words in quotation marks are the same statement, however the rest is paraphrased."""
    for quote in _QUOTE.findall(first):
        quote = quote.strip(" ,.")
        if len(quote.split()) >= _MIN_QUOTE_WORDS and quote in second:
            return True
    return False


def quantities_agree(first: Iterable[ClaimQuantity], second: Iterable[ClaimQuantity],
                     tolerance: float) -> bool:
    """Every measure both state has a value within ``tolerance`` on both sides."""
    by_measure: dict[str, list[float]] = {}
    for quantity in first:
        if quantity.measure and not quantity.is_ratio:
            by_measure.setdefault(quantity.measure, []).append(quantity.value)
    for quantity in second:
        values = by_measure.get(quantity.measure or "")
        if values is None or quantity.is_ratio:
            continue
        if not any(_close(quantity.value, v, tolerance) for v in values):
            return False
    return True


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-9)


# Stances that can carry the same claim: "X accused Y of shipping a million shells" and
# "X says Y shipped a million shells" state one thing. A denial, a pledge or a prediction
# never joins them (a denial answers an accusation: see claims_contradictions).
_STANCE_FAMILY = {"assert": "claim", "report": "claim", "accuse": "claim"}
# When stances of one family meet, the claim takes the most specific.
_STANCE_RANK = {"accuse": 0, "assert": 1, "report": 2}
# A number this large, of one measure, stated by compatible speakers is the same claim
# even in other words ("providing more than a million artillery rounds" / "began
# shipping over a million rounds"): small counts ("two ships") prove nothing.
_ANCHOR_VALUE = 1000.0
_ANCHOR_SCORE = 50.0


def _family(stance: str) -> str:
    return _STANCE_FAMILY.get(stance, stance)


def _number_anchored(ours: tuple[ClaimQuantity, ...], theirs: tuple[ClaimQuantity, ...],
                     tolerance: float) -> bool:
    """Whether both state one large number of one measure (within ``tolerance``)."""
    for quantity in ours:
        if quantity.is_ratio or not quantity.measure or abs(quantity.value) < _ANCHOR_VALUE:
            continue
        for other in theirs:
            if other.measure == quantity.measure and not other.is_ratio and \
                    _close(quantity.value, other.value, tolerance):
                return True
    return False


class ClaimIndex:
    """Claims fused so far; ``add`` one source at a time, read ``claims()`` any time."""

    def __init__(self, options: ClaimFusionOptions | None = None) -> None:
        self.options = options or ClaimFusionOptions()
        # stance -> speaker key -> claims of that speaker
        self._blocks: dict[str, dict[str, list[_Builder]]] = {}
        self._surface: dict[str, str | None] = {}  # speaker key -> a surface form
        # stance -> proper-name token -> speaker keys whose surface has it: compatible
        # speakers always share one, so only those keys are compared.
        self._keys_by_name: dict[str, dict[str, set[str]]] = {}
        self._compatible: dict[tuple[str, str], bool] = {}
        self._order: list[_Builder] = []
        self._seen: set[tuple[str, int, int, str]] = set()
        self._by_article: dict[str, list[_Builder]] = {}  # claims an article is a source of
        self._touched: list[_Builder] = []  # claims changed since the last take_changed

    def __len__(self) -> int:
        return len(self._order)

    def add(self, item: ClaimSource | tuple | Mapping) -> None:
        """Fold one source into the claim it repeats, or start a new claim."""
        statement = _read(item)
        seen_key = (statement.source.article_id, statement.evidence.start,
                    statement.evidence.end, statement.stance)
        if seen_key in self._seen:
            return  # the same attribution added twice: a re-run must be a no-op
        self._seen.add(seen_key)
        block = self._blocks.setdefault(_family(statement.stance), {})
        self._surface.setdefault(statement.key, statement.speaker)
        names = self._keys_by_name.setdefault(_family(statement.stance), {})
        candidates = {statement.key}
        for name in name_tokens(statement.speaker):
            candidates |= names.get(name, set())
            names.setdefault(name, set()).add(statement.key)
        best: tuple[float, _Builder] | None = None
        for key in sorted(candidates):
            if not self._speakers_compatible(statement.key, key, statement.speaker):
                continue
            for builder in block.get(key, ()):
                score = self._match(statement, builder)
                if score is not None and (best is None or score > best[0]):
                    best = (score, builder)
        if best is None:
            builder = _Builder()
            block.setdefault(statement.key, []).append(builder)
            self._order.append(builder)
        else:
            builder = best[1]
        builder.statements.append(statement)
        if len(builder.wordings) < _MAX_WORDINGS:
            builder.wordings.setdefault(statement.normalised, statement)
        builders = self._by_article.setdefault(statement.source.article_id, [])
        if not any(other is builder for other in builders):
            builders.append(builder)
        builder.built = None
        self._touched.append(builder)

    def add_all(self, items: Iterable[ClaimSource | tuple | Mapping]) -> None:
        for item in items:
            self.add(item)

    def claims(self) -> tuple[Claim, ...]:
        """Every claim, earliest first (undated claims last), rebuilt only where changed."""
        for builder in self._order:
            if builder.built is None:
                builder.built = _build(builder.statements)
        claims = [b.built for b in self._order if b.built is not None]
        claims.sort(key=lambda c: (c.first_seen or date.max, c.id))
        return tuple(claims)

    def take_changed(self) -> tuple[Claim, ...]:
        """The claims built or rebuilt since the last call (a claim never goes away)."""
        touched, self._touched = self._touched, []
        out: dict[int, Claim] = {}
        for builder in touched:
            if builder.built is None:
                builder.built = _build(builder.statements)
            out.setdefault(id(builder), builder.built)
        return tuple(out.values())

    def refresh_sources(self, article_ids: Iterable[str],
                        source_of: Callable[[ClaimSource], ClaimSource]) -> None:
        """Replace the sources of these articles' statements (``source_of`` gives the new
        one) and rebuild their claims. Matching never reads a source's date or group, so
        this gives what adding the sources with the new values would have given."""
        wanted = set(article_ids)
        for article_id in sorted(wanted):
            for builder in self._by_article.get(article_id, ()):
                for position, statement in enumerate(builder.statements):
                    if statement.source.article_id in wanted:
                        builder.statements[position] = replace(
                            statement, source=source_of(statement.source))
                builder.built = None
                self._touched.append(builder)

    def _speakers_compatible(self, key: str, other: str, surface: str | None) -> bool:
        pair = (key, other) if key <= other else (other, key)
        cached = self._compatible.get(pair)
        if cached is None:
            cached = speakers_compatible((key, surface), (other, self._surface.get(other)))
            self._compatible[pair] = cached
        return cached

    def _match(self, statement: _Statement, builder: _Builder) -> float | None:
        options = self.options
        best = None
        for other in builder.wordings.values():
            if not quantities_agree(statement.quantities, other.quantities,
                                    options.value_tolerance):
                return None
            if contents_match(statement.normalised, other.normalised, options.content_threshold):
                score = fuzz.ratio(statement.normalised, other.normalised)
            elif _number_anchored(statement.quantities, other.quantities,
                                  options.value_tolerance):
                score = _ANCHOR_SCORE
            else:
                continue
            best = score if best is None else max(best, score)
        return best


def fuse_claims(items: Iterable[ClaimSource | tuple | Mapping],
                options: ClaimFusionOptions | None = None) -> tuple[Claim, ...]:
    """Fuse every source into claims (batch form of :class:`ClaimIndex`)."""
    index = ClaimIndex(options)
    index.add_all(items)
    return index.claims()


def _build(statements: list[_Statement]) -> Claim:
    ordered = sorted(statements, key=lambda s: (s.source.published or date.max,
                                                s.source.article_id, s.evidence.start))
    articles = tuple(dict.fromkeys(s.source.article_id for s in ordered))
    # An article without a group is its own group: it cannot be a copy of anything known.
    groups = tuple(dict.fromkeys(s.source.group_id or f"article:{s.source.article_id}"
                                 for s in ordered))
    dates = [s.source.published for s in ordered if s.source.published]
    speakers = Counter(s.speaker for s in ordered if s.speaker)
    entity_ids = Counter(s.source.speaker_entity_id for s in ordered if s.source.speaker_entity_id)
    contents = Counter(s.content for s in ordered)
    # The wording most sources use; ties go to the fuller one.
    content = max(contents, key=lambda c: (contents[c], len(c)))
    representative = next(s for s in ordered if s.content == content)
    targets = Counter(s.target for s in ordered if s.target)
    speaker = (max(speakers, key=lambda s: (speakers[s], len(s))) if speakers else None)
    # Named after the first statement in arrival order (its stance and span identify it;
    # the index takes each once): sources joining later, even earlier-dated ones, and a
    # speaker's entity getting another name do not change the id; a rebuild gives it again.
    first = statements[0]
    first_evidence = f"{first.evidence.article_id}#{first.evidence.start}-{first.evidence.end}"
    digest = hashlib.sha1(f"{first.stance}|{first_evidence}".encode()).hexdigest()
    return Claim(
        id=f"claim-{digest[:12]}",
        speaker=speaker,
        speaker_entity_id=entity_ids.most_common(1)[0][0] if entity_ids else None,
        stance=min((s.stance for s in ordered), key=lambda x: _STANCE_RANK.get(x, -1)),
        content=content,
        target=targets.most_common(1)[0][0] if targets else None,
        quantities=representative.quantities,
        sources=articles,
        group_ids=groups,
        raw_source_count=len(articles),
        independent_source_count=len(groups),
        first_seen=min(dates) if dates else None,
        last_seen=max(dates) if dates else None,
        evidence=tuple(s.evidence for s in ordered),
        speakers=tuple(sorted(speakers)),
    )


def claim_sources_from_store(store: Any, entity_of: Mapping[tuple[str, int], str] | None = None
                             ) -> list[ClaimSource]:
    """Every stored attribution as a :class:`ClaimSource` (group ids and dates from the store).

    ``entity_of`` maps (article id, in-article speaker cluster) to an entity id, as
    :class:`~storyline.fusion.entities.EntityLink` records give it.
    """
    entity_of = entity_of or {}
    out = []
    for stored in store.iter_articles():
        article = stored.article
        published = article.published.value if article.published else None
        for record in store.extractions_of(article.id, "attribution"):
            cluster = record.get("speaker_cluster")
            entity = entity_of.get((article.id, cluster)) if cluster is not None else None
            out.append(ClaimSource(article.id, stored.group_id, published, record, entity))
    return out


__all__ = [
    "CONTRADICTION_KINDS",
    "MEASURE_FAMILIES",
    "Claim",
    "ClaimFusionOptions",
    "ClaimIndex",
    "ClaimQuantity",
    "ClaimSource",
    "Contradiction",
    "NumberObservation",
    "claim_sources_from_store",
    "contents_match",
    "find_contradictions",
    "fuse_claims",
    "quantities_agree",
]
