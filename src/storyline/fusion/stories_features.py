"""What an article says that tells its story apart: salient words, names and numbers.

Pure functions from an article's text (and any named entities the language layer found)
to raw feature counts. Features carry a kind prefix so the story index can weigh them:
``w:`` content words, ``e:`` names, ``n:`` numbers and years. Names and numbers are what
separate two earthquakes or two arrests on the same beat; topic words only say which beat.

No spaCy here: the index must stay cheap at 100k articles, so when the caller passes no
entities, capitalised word runs stand in for them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from spacy.lang.en.stop_words import STOP_WORDS as _SPACY_STOP_WORDS

WORD = "w:"
NAME = "e:"
NUMBER = "n:"

_STOP_WORDS = frozenset(_SPACY_STOP_WORDS) | frozenset(
    "said says say told according reported report reports new year years time people "
    "mr mrs ms dr just like including also week day today yesterday".split()
)
# Capitalised words that start sentences or name calendar slots say nothing about the story.
_NOT_NAMES = frozenset(
    "the a an this that these those it he she they we i you his her their our its in on at "
    "for from by with after before but and or if when while as monday tuesday wednesday "
    "thursday friday saturday sunday january february march april may june july august "
    "september october november december mr mrs ms dr".split()
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*\d|\d")
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def normalize_name(name: str) -> str:
    """Lower case, possessive and punctuation removed: ``"Lohan's"`` -> ``"lohan"``."""
    name = re.sub(r"'s\b|’s\b", "", name.lower())
    return " ".join(re.findall(r"[a-z0-9]+", name))


def _capitalised_runs(text: str) -> list[str]:
    """Runs of capitalised words, not counting a lone sentence-initial word."""
    runs: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        words = sentence.split()
        current: list[str] = []
        for position, raw in enumerate(words + [""]):
            word = raw.strip("\"'`()[],;:.!?")
            if word[:1].isupper() and word.lower() not in _NOT_NAMES and len(word) > 1:
                current.append(word)
                continue
            if current and (len(current) > 1 or position - len(current) > 0):
                runs.append(" ".join(current))
            current = []
    return runs


def _number_feature(token: str) -> str | None:
    digits = token.replace(",", "")
    if not digits.replace(".", "").isdigit():
        return None
    # Small counts ("2 people", "3 days") recur in every story; magnitudes, tolls,
    # years and decimals are specific.
    if "." not in digits and len(digits) < 2:
        return None
    return NUMBER + digits.rstrip(".")


def article_features(text: str, entities: Iterable[str] = ()) -> Counter[str]:
    """Raw counts of the article's word, name and number features."""
    counts: Counter[str] = Counter()
    for token in _TOKEN.findall(text):
        if token[0].isdigit():
            feature = _number_feature(token)
            if feature:
                counts[feature] += 1
            continue
        lower = token.lower().strip("'-")
        if len(lower) > 2 and lower not in _STOP_WORDS:
            counts[WORD + lower] += 1
    names = list(entities) or _capitalised_runs(text)
    for name in names:
        normal = normalize_name(name)
        if not normal or normal in _NOT_NAMES:
            continue
        counts[NAME + normal] += 1
        # The last word of a person or place name is how later mentions refer to it.
        parts = normal.split()
        if len(parts) > 1:
            counts[NAME + parts[-1]] += 1
    return counts


def feature_label(feature: str) -> str:
    """The readable part of a feature: ``"e:lindsay lohan"`` -> ``"lindsay lohan"``."""
    return feature.split(":", 1)[1]


__all__ = ["NAME", "NUMBER", "WORD", "article_features", "feature_label", "normalize_name"]
