"""Whether two event mentions can describe the same real event, as a score.

Pure functions used by :mod:`storyline.fusion.events`: a lemma family key (so "arrest",
"arrested" and "arresting" meet, as do "explosion" and "explode"), time compatibility
(two calendar values that name different days cannot be one event), place and participant
overlap, and average-link agglomerative clustering over a score matrix.

Only public fields of the mention records are read (see ``EventMentionLike`` in
:mod:`storyline.fusion.events`), through small accessors that tolerate missing ones.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

# Longest first: strip one derivational or inflectional ending to reach a shared stem.
_SUFFIXES = ("ations", "ation", "itions", "ition", "ments", "ment", "ings", "ing", "ions",
             "ion", "ers", "er", "als", "al", "ies", "ied", "ed", "es", "s", "e", "y")
_MIN_STEM = 3
# Words for one kind of happening that a suffix rule cannot join: irregular forms and the
# common near-synonyms of news reporting. Within one story they name the same event far
# more often than not; across stories, story blocking keeps them apart.
_SYNONYM_SETS = (
    "die death dead dying died kill killing murder murdered slay slaying homicide fatal",
    "shoot shot shooting gunfire gun",
    "earthquake quake tremor temblor",
    "arrest capture detain detention apprehend nab custody",
    "win won victory beat defeat triumph",
    "lose lost loss",
    "hit strike struck",
    "blaze fire burn inferno",
    "sell sold sale",
    "buy bought purchase acquire acquisition takeover",
    "steal stole stolen theft rob robbery heist",
    "hire appoint appointment name tap",
    "resign resignation quit step",
    "charge accuse indict",
    "convict conviction guilty",
    "sentence jail imprison",
    "release issue launch unveil",
    "attack assault raid",
    "flee escape",
    "fix patch plug repair",
    "damage cut sever",
    "injure injury wound hurt",
    "crash collision collide",
    "explode explosion blast bomb bombing",
    "rescue save",
    "find discover",
    "hang hanging suicide",
    "nominate nomination nominee",
    "announce announcement unveil",
    "enter check admit",
    "trade deal",
)
_SYNONYM_OF = {word: words.split()[0] for words in _SYNONYM_SETS for word in words.split()}
# Reporting and light verbs: the same lemma in one story is usually a different act.
WEAK_LEMMAS = frozenset("say tell report state add note claim speak talk confirm reveal "
                        "be have do make take get go come give put see know think want "
                        "believe call ask show problem issue".split())
_DATE_VALUE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
# Prepositions that make a date a bound of the event rather than its day: "since 2022" is
# a start, "by March" a deadline, "until June" an end, "before the trip" a limit.
BOUND_RELATIONS = frozenset("since by until till before after prior through".split())
# An event mention with no date of its own is taken to happen near its article's date; a
# dated mention more than this far from that date describes another event.
UNDATED_REACH_DAYS = 366


def lemma_family(lemma: str) -> str:
    """A coarse stem shared by a verb and its nominalisations."""
    word = lemma.lower().strip()
    if word in _SYNONYM_OF:
        return _SYNONYM_OF[word]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            stem = word[: -len(suffix)]
            # "stopped" -> "stopp" -> "stop"
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
                stem = stem[:-1]
            return _SYNONYM_OF.get(stem, stem)
    return word


def date_parts(value: str | None) -> tuple[str, ...]:
    """``"2013-05-03"`` -> ``("2013", "05", "03")``; non-calendar values -> ``()``."""
    if not value:
        return ()
    match = _DATE_VALUE.match(value)
    if not match:
        return ()
    return tuple(part for part in match.groups() if part)


def times_conflict(first: str | None, second: str | None) -> bool:
    """Two calendar values conflict when neither is a coarser reading of the other."""
    a, b = date_parts(first), date_parts(second)
    if not a or not b:
        return False
    shared = min(len(a), len(b))
    return a[:shared] != b[:shared]


def calendar_span(value: str | None) -> tuple[date, date] | None:
    """First and last day of a calendar value (year, month or day); None otherwise."""
    parts = date_parts(value)
    if not parts:
        return None
    year = int(parts[0])
    try:
        if len(parts) == 3:
            day = date(year, int(parts[1]), int(parts[2]))
            return day, day
        if len(parts) == 2:
            month = int(parts[1])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def far_from(value: str | None, around: tuple[date, date] | None,
             reach_days: int = UNDATED_REACH_DAYS) -> bool:
    """Whether calendar ``value`` lies more than ``reach_days`` from the ``around`` interval
    (the date, or inferred date window, of the article of an undated mention)."""
    span = calendar_span(value)
    if span is None or around is None:
        return False
    gap = max((around[0] - span[1]).days, (span[0] - around[1]).days, 0)
    return gap > reach_days


def times_agree(first: str | None, second: str | None) -> bool:
    a, b = date_parts(first), date_parts(second)
    return len(a) >= 2 and a == b


def name_tokens(names: Iterable[str]) -> frozenset[str]:
    """Content tokens of participant names: "the Los Angeles police" -> {los, angeles, police}."""
    tokens: set[str] = set()
    for name in names:
        for token in re.findall(r"[a-z0-9]+", name.lower()):
            if len(token) > 2 and token not in _NAME_STOP:
                tokens.add(token)
    return frozenset(tokens)


_NAME_STOP = frozenset("the and for his her their its who which that this with from "
                       "mr mrs ms".split())


@dataclass(frozen=True, slots=True)
class PairWeights:
    """How much each clue adds to (or takes from) a pair of mentions' score."""

    same_lemma: float = 1.0
    same_family: float = 0.8
    weak_lemma: float = 0.45  # same reporting or light verb
    same_type: float = 0.35  # typed events of one kind but unrelated triggers
    participant_overlap: float = 0.4  # times the Jaccard overlap of participant tokens
    participant_disjoint: float = -0.1
    place_agree: float = 0.1
    place_conflict: float = -0.3
    time_agree: float = 0.2
    same_article: float = 0.05
    # Added when the two articles are in different stories; None: never merge across.
    different_story: float | None = None
    conflict: float = -10.0  # incompatible dates or statuses that cannot be one event


def agglomerate(scores: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-link agglomerative clustering: merge while the best average ≥ threshold."""
    size = scores.shape[0]
    if size == 0:
        return []
    totals = scores.astype(float).copy()
    counts = np.ones(size)
    alive = np.ones(size, dtype=bool)
    members: list[list[int]] = [[i] for i in range(size)]
    while True:
        average = totals / np.outer(counts, counts)
        mask = np.outer(alive, alive)
        np.fill_diagonal(mask, False)
        average = np.where(mask, average, -np.inf)
        flat = int(np.argmax(average))
        i, j = divmod(flat, size)
        if not np.isfinite(average[i, j]) or average[i, j] < threshold:
            break
        if j < i:
            i, j = j, i
        totals[i, :] += totals[j, :]
        totals[:, i] += totals[:, j]
        counts[i] += counts[j]
        alive[j] = False
        members[i].extend(members[j])
        members[j] = []
    return [sorted(group) for group, keep in zip(members, alive) if keep]


def group_indices(keys: Sequence[object]) -> list[list[int]]:
    """Indices grouped by equal key, in first-seen order."""
    groups: dict[object, list[int]] = {}
    for index, key in enumerate(keys):
        groups.setdefault(key, []).append(index)
    return list(groups.values())


__all__ = [
    "BOUND_RELATIONS",
    "PairWeights",
    "UNDATED_REACH_DAYS",
    "WEAK_LEMMAS",
    "agglomerate",
    "calendar_span",
    "date_parts",
    "far_from",
    "group_indices",
    "lemma_family",
    "name_tokens",
    "times_agree",
    "times_conflict",
]
