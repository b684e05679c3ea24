"""Name comparison for cross-article entity resolution: keys, variants and short forms.

Pure functions over name strings; :mod:`storyline.fusion.entities` builds its indexes from them.

People are compared part by part. A name is split into a family name and given names (family
name first for romanised Korean and Chinese names), every part is reduced to a romanisation-
tolerant *phonetic* form (accents, hyphens and spaces dropped; ``x``/``ks``, ``kh``/``h``,
``ey``/``ei``, a final ``y``/``iy``/``i``, ``eo``/``o``, ``u``/``o``, a leading ``ye``/``e``,
doubled letters), and two names are compatible only when the family names agree and *every*
given name agrees: "Kim Jong Un", "Kim Jong Il" and "Kim Dae-jung" never match, while "Choe Son
Hui"/"Choe Sun Hui", "Shin Won-sik"/"Shin Wonsik", "Sergei"/"Sergey" and "Vladimir V. Putin"/
"Vladimir Putin" do. A bare family name ("Putin") or the first given syllables of a Korean name
("Ri Son" for "Ri Son Gwan") are *short forms*: the caller resolves them only when unambiguous.

Organisations and places are compared by a punctuation-free key, by acronyms derived from
multiword names ("Korean Central News Agency" -> "kcna", "U.N. Security Council" -> "unsc"), by
leading/trailing word runs (short forms: "Tidewater Center" of "Tidewater Center for Open
Source Analysis") and, for places only, by a one-letter vowel variant ("Kharyv"/"Kharov").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from storyline.fusion.aliases import AliasTable, alias_key
from storyline.language.entities_lexicon import (
    EAST_ASIAN_SURNAMES,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NAME_TITLE_PREFIXES,
    ORG_WORDS,
)

# Honorifics and court titles that may lead a name ("Mr Justice Anthony Mann").
_TITLE_WORDS = NAME_TITLE_PREFIXES | frozenset(
    "mr mrs ms dr sir lord lady dame presiding justice honorable honourable rev reverend".split()
)
SAME = "same"  # identical after phonetic normalisation
VARIANT = "variant"  # a spelling variant, an initial or a missing middle name
SHORT = "short"  # the first name is a short form of the second
_MAX_SYLLABLE = 6
_STOPWORDS = frozenset("of the and for on in at to de du des la le el al y &".split())
_VOWELS = re.compile(r"[aeiouy]")
_PHONETIC_RULES = (
    ("x", "ks"), ("ph", "f"), ("ck", "k"), ("kh", "h"), ("dzh", "j"), ("yy", "y"),
    ("ee", "i"), ("oo", "u"), ("ou", "u"), ("eo", "o"),
)


@lru_cache(maxsize=1 << 16)
def phonetic(word: str) -> str:
    """Romanisation-tolerant form of one name part ("Sergey" -> "sergei", "Myung" -> "myong")."""
    w = alias_key(word).replace(" ", "")
    for source, target in _PHONETIC_RULES:
        w = w.replace(source, target)
    w = re.sub(r"iy$|ii$|y$", "i", w)
    w = re.sub(r"^ye", "e", w)
    w = re.sub(r"(?<=[aeiou])h$", "", w)
    w = w.replace("u", "o")
    return re.sub(r"(.)\1+", r"\1", w)


def skeleton(text: str) -> str:
    """Consonants only: the blocking key that survives vowel variants."""
    return _VOWELS.sub("", text)


def _close(a: str, b: str, min_length: int = 5) -> bool:
    """One edit apart, long enough and with the same first letter ("hannah"/"hanna")."""
    return (
        min(len(a), len(b)) >= min_length and a[:1] == b[:1] and Levenshtein.distance(a, b) <= 1
    )


# ---------------------------------------------------------------- people


@dataclass(frozen=True, slots=True)
class PersonKey:
    """A person's name as comparable parts (all phonetic)."""

    family: str
    given: tuple[str, ...]  # given names in order; initials are one letter
    east_asian: bool
    # Korean/Chinese given-name syllables, for short forms ("Ri Son" of "Ri Son Gwan").
    syllables: tuple[str, ...] = ()

    @property
    def block(self) -> str:
        """Blocking key: the family name's consonants (survives vowel variants)."""
        return skeleton(self.family) or self.family

    @property
    def joined_given(self) -> str:
        return "".join(self.given)

    @property
    def is_bare(self) -> bool:
        return not self.given


def strip_titles(name: str) -> str:
    """"Presiding Judge Martin Mann" -> "Martin Mann" (the last word always stays)."""
    words = name.split()
    while len(words) > 1 and {words[0].lower(), words[0].lower().rstrip(".")} & _TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


def _clean_words(name: str) -> list[str]:
    words = strip_titles(name.replace("’", "'")).split()
    if words and re.search(r"'s?$", words[-1]):
        words[-1] = re.sub(r"'s?$", "", words[-1])
    while len(words) > 1 and words[-1].lower().rstrip(",") in NAME_SUFFIXES:
        words = words[:-1]
    return [w.strip(",") for w in words if w.strip(",")]


def _is_east_asian(words: list[str]) -> bool:
    if not 2 <= len(words) <= 4 or words[0].lower() not in EAST_ASIAN_SURNAMES:
        return False
    if any(w.lower().strip(".") in ORG_WORDS for w in words[1:]):
        return False
    parts = [p for w in words[1:] for p in w.split("-")]
    return all(p.isalpha() and len(p) <= _MAX_SYLLABLE for p in parts)


def _family(word: str, aliases: AliasTable) -> str:
    return phonetic(aliases.canonical(word, "FAMILY") or word)


def _given(word: str, aliases: AliasTable) -> str:
    return phonetic(aliases.canonical(word, "GIVEN") or word)


def parse_person(name: str, aliases: AliasTable) -> PersonKey:
    """Split ``name`` into phonetic family and given parts."""
    words = _clean_words(name) or [name]
    if _is_east_asian(words):
        parts = [p for w in words[1:] for p in w.split("-") if p]
        # Phonetic of the joined given name, so "Won-sik", "Wonsik" and "Won Sik" agree exactly.
        joined = phonetic("".join(parts))
        return PersonKey(
            _family(words[0], aliases),
            (joined,) if joined else (),
            True,
            tuple(phonetic(p) for p in parts),
        )
    family_start = len(words) - 1
    while family_start > 1 and words[family_start - 1].lower() in NAME_PARTICLES:
        family_start -= 1
    family = "".join(words[family_start:])
    given = tuple(_given(w, aliases) for w in words[:family_start] if phonetic(w))
    return PersonKey(_family(family, aliases), given, False)


def _given_word_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[:1] == b[:1]
    # One inner vowel apart ("Volodymyr"/"Volodimir"); a different last letter is often
    # another person ("Maria"/"Mario").
    return _close(a, b) and a[-1] == b[-1] and skeleton(a) == skeleton(b)


def _families_compatible(a: str, b: str) -> bool:
    return a == b or _close(a, b)


def compare_people(a: PersonKey, b: PersonKey) -> str:
    """How name ``a`` relates to name ``b``: :data:`SAME`, :data:`VARIANT`, :data:`SHORT` or ""."""
    if not _families_compatible(a.family, b.family):
        return ""
    if a.is_bare or b.is_bare:
        if a.is_bare and b.is_bare:
            return SAME if a.family == b.family else VARIANT
        return SHORT if a.is_bare else ""
    if a.east_asian or b.east_asian:
        if a.east_asian != b.east_asian:
            return ""
        one, other = a.joined_given, b.joined_given
        if one == other:
            return SAME if a.family == b.family else VARIANT
        if (
            skeleton(one) == skeleton(other)
            and min(len(one), len(other)) >= 4
            and Levenshtein.distance(one, other) <= 2
        ):
            return VARIANT
        short, long = a.syllables, b.syllables
        if len(short) < len(long) and all(
            x == y or (skeleton(x) == skeleton(y) and Levenshtein.distance(x, y) <= 1)
            for x, y in zip(short, long)
        ):
            return SHORT
        return ""
    if not _given_word_compatible(a.given[0], b.given[0]):
        return ""
    middle_a, middle_b = a.given[1:], b.given[1:]
    if middle_a and middle_b:
        # "George H. W. Bush" and "George W. Bush" are two people: middles must pair up.
        if len(middle_a) != len(middle_b) or not all(
            _given_word_compatible(x, y) for x, y in zip(middle_a, middle_b)
        ):
            return ""
    if a.family == b.family and a.given == b.given:
        return SAME
    return VARIANT


# ---------------------------------------------------------------- organisations and places


_POSSESSOR = re.compile(r"^(.+?)(?:['’]s|s['’])\s+(.+)$")
_LEGAL_SUFFIXES = frozenset(
    "inc incorporated corp corporation co ltd llc plc ag sa gmbh nv bv".split()
)


def strip_legal_suffix(key: str) -> str:
    """"apple inc" -> "apple": a company's legal form is not part of its name."""
    words = key.split()
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def strip_possessor(name: str) -> str:
    """"Haemun's State News Agency" -> "State News Agency" (the name itself otherwise)."""
    match = _POSSESSOR.match(name.strip())
    return match.group(2) if match else name


def is_acronym(name: str) -> bool:
    """"KCNA", "U.N.", "NATO": 2 to 6 capital letters, dots allowed."""
    bare = name.replace(".", "").replace(" ", "")
    return 2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper()


def acronym_of(name: str, aliases: AliasTable | None = None) -> str:
    """Initials of a multiword name ("Korean Central News Agency" -> "kcna"; "" if one word).

    An acronym inside the name contributes all its letters ("U.N. Security Council" -> "unsc").
    """
    words = [w for w in re.split(r"[\s\-–]+", strip_possessor(name).replace("’", "'")) if w]
    if words and words[0].lower() == "the":
        words = words[1:]
    content = [w for w in words if w.lower() not in _STOPWORDS and any(c.isalpha() for c in w)]
    if len(content) < 2:
        return ""
    letters = []
    for word in content:
        key = alias_key(word)
        letters.append(key.replace(" ", "") if is_acronym(word) else key[:1])
    return "".join(letters)


def edge_keys(key: str) -> tuple[str, ...]:
    """Leading and trailing word runs of a multiword key that may stand for the whole.

    "tidewater center for open source analysis" -> "tidewater", "tidewater center", ...,
    "open source analysis", "source analysis"; one-word tails ("analysis") and runs that start
    or end with a stop word are left out.
    """
    words = key.split()
    runs = []
    for i in range(1, len(words)):
        head, tail = words[:i], words[i:]
        if head[-1] not in _STOPWORDS and (len(head) > 1 or len(head[0]) >= 4):
            runs.append(" ".join(head))
        if len(tail) > 1 and tail[0] not in _STOPWORDS:
            runs.append(" ".join(tail))
    return tuple(runs)


def place_variant(a: str, b: str) -> bool:
    """One-letter vowel variant of a long place name: "kharyv"/"kharov", not "voronsk"/"vostrok"."""
    a, b = a.replace(" ", ""), b.replace(" ", "")
    return (
        a != b
        and len(skeleton(a)) >= 4
        and skeleton(a) == skeleton(b)
        and _close(a, b)
    )


def slug(name: str) -> str:
    """"Choe Son Hui" -> "choe-son-hui" (ASCII, lower case, hyphens)."""
    return alias_key(name).replace(" ", "-") or "unnamed"


__all__ = [
    "SAME",
    "SHORT",
    "VARIANT",
    "PersonKey",
    "acronym_of",
    "compare_people",
    "edge_keys",
    "is_acronym",
    "parse_person",
    "phonetic",
    "place_variant",
    "skeleton",
    "slug",
    "strip_legal_suffix",
    "strip_possessor",
    "strip_titles",
]
