"""Repairs spaCy's entity spans before they become mentions.

The small English model makes a handful of frequent, regular mistakes on international news:
romanised Korean names cut in two ("Choe Son" PERSON + "Hui" NORP), titles swallowed into the
name ("Foreign Minister Choe"), possessives inside spans ("Kyiv's"), a person's bare family name
typed ORG once the full name was seen ("Lavrov"), or not tagged at all. Each fix here is a small
local rule; :func:`repair_entities` applies them all in one linear pass over the entities, then
lets every mention of one name agree on one type from its context cues
(:func:`~storyline.language.entities_typing.agree_on_types`: "Ostrela's foreign ministry" makes
every "Ostrela" of the article a GPE), then tags untagged repeats of names already seen. It
returns new spans (it never mutates the doc, so it is safe to call on any parsed ``Doc``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.language.entities_lexicon import (
    AMBIGUOUS_SURNAMES,
    EAST_ASIAN_SURNAMES,
    EVENT_HEADS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NAME_TITLE_PREFIXES,
    NORP_SUFFIXES,
    NOT_NAMES,
    ORG_WORDS,
    ORGANISATIONS,
    PLACES,
    TITLE_HEADS,
    TITLE_MODIFIERS,
)
from storyline.language.entities_typing import agree_on_types

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
_POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
_HYPHENS = frozenset({"-", "‐", "‑"})
_MAX_EAST_ASIAN_TOKENS = 3
_DASHES = frozenset({"-", "–", "—"})
_MAX_PROPAGATED = 4
# Tags that do not occur inside a person's name: adjectives and verbs the model swallowed.
_NOT_NAME_TAGS = frozenset({"JJ", "JJR", "JJS", "VB", "VBD", "VBZ", "VBP", "VBG", "MD", "RB"})
_DANGLING = frozenset({"of", "and", "the", "for", "&"})
_CURRENCY_CODES = frozenset({"usd", "eur", "gbp", "jpy", "krw", "rub", "cny", "chf", "inr"})
_NAME_GLUE = frozenset({"of", "and", "the", "for", "de", "von", "van", "der", "bin", "al", "la"})


def is_east_asian_name(words: list[str]) -> bool:
    """Whether a whitespace-split name reads family-name-first ("Choe Son Hui", "Kim Jong-un")."""
    if len(words) < 2 or len(words) > _MAX_EAST_ASIAN_TOKENS:
        return False
    first = words[0].lower()
    if first not in EAST_ASIAN_SURNAMES:
        return False
    if any(w.lower().strip(".") in ORG_WORDS for w in words[1:]):
        return False
    if first in AMBIGUOUS_SURNAMES and len(words) == 2 and "-" not in words[1]:
        return False
    # Romanised given-name syllables are short; "Kim Kardashian"-like tokens are not.
    return all(len(part) <= 6 for w in words[1:] for part in w.split("-"))


def _is_capitalised_word(token: "Token") -> bool:
    return token.is_alpha and token.text[:1].isupper() and token.ent_type_ not in {"DATE", "TIME"}


def _glued_hyphen_tail(doc: "Doc", end: int) -> int:
    """Extend ``end`` over "-un" / "-sik" pieces glued to the previous token without spaces."""
    while (
        end + 1 < len(doc)
        and doc[end].text in _HYPHENS
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
        and doc[end + 1].text[:1].islower()
    ):
        end += 2
    return end


def _trim(doc: "Doc", start: int, end: int, label: str) -> tuple[int, int]:
    """Drop possessives, dangling function words, leading titles (PERSON), trailing titles (ORG)."""
    # A spaced dash joins a dateline to the next name ("SAN JOSE - Cisco"): keep the first part.
    for k in range(start + 1, end - 1):
        if doc[k].text in _DASHES and doc[k - 1].whitespace_ and doc[k].whitespace_:
            end = k
            break
    while end > start and (
        doc[end - 1].text in _POSSESSIVES
        or doc[end - 1].is_punct
        or doc[end - 1].is_space
        or doc[end - 1].lower_ in _DANGLING
    ):
        end -= 1
    while end > start and doc[start].is_punct:
        start += 1
    if label == "PERSON":
        while end - start > 1 and (
            doc[start].lower_ in NAME_TITLE_PREFIXES or doc[start].tag_ in _NOT_NAME_TAGS
        ):
            start += 1
        # Headlines glue verbs to names: "Obama Says", "Putin Meets".
        while (
            end - start > 1
            and doc[end - 1].tag_ in _NOT_NAME_TAGS
            and doc[end - 2].text not in _HYPHENS  # "-un" of "Jong-un" is a syllable, whatever its tag
        ):
            end -= 1
    elif label == "ORG":
        # "Korean People's Army Marshals Ri Pyong Chol": a title swallowed before a name;
        # "Royal Courts of Justice" keeps its last word.
        while (
            end - start > 1
            and doc[end - 1].lower_ in TITLE_HEADS
            and doc[end - 2].lower_ not in _DANGLING
            and end < len(doc)
            and doc[end].text[:1].isupper()
        ):
            end -= 1
    return start, end


def _extend_east_asian(doc: "Doc", start: int, end: int, taken: set[int]) -> tuple[int, int]:
    """Grow a PERSON span to a whole family-name-first name when the model cut it."""
    # Left: "Ri Pyong" + "Chol". The leftmost family name wins: from "Gwan", "Son Gwan" is a
    # valid name but "Ri Son Gwan" is the whole one ("son" is a family name too).
    left = start
    new_start = start
    while (
        left > 0
        and end - (left - 1) <= _MAX_EAST_ASIAN_TOKENS
        and _is_capitalised_word(doc[left - 1])
    ):
        if (
            doc[left - 1].lower_ in NAME_TITLE_PREFIXES
            and doc[left - 1].lower_ not in EAST_ASIAN_SURNAMES  # capitalised "Son" is a syllable
        ):
            break
        left -= 1
        if doc[left].lower_ in EAST_ASIAN_SURNAMES and is_east_asian_name(
            doc[left:end].text.split()
        ):
            new_start = left
    start = new_start
    # Right: "Choe Son" + "Hui"; the model often tags the last syllable as a PERSON of its own
    # ("Ri Son" + "Gwan"), so a neighbouring PERSON token may be absorbed.
    if doc[start].lower_ in EAST_ASIAN_SURNAMES:
        right = end
        while (
            right < len(doc)
            and right - start < _MAX_EAST_ASIAN_TOKENS
            and _is_capitalised_word(doc[right])
            and len(doc[right].text) <= 6
            and (doc[right].i not in taken or doc[right].ent_type_ == "PERSON")
            and doc[right].lower_ not in ORG_WORDS
        ):
            right += 1
        if right > end and is_east_asian_name(doc[start:right].text.split()):
            end = right
    return start, end


def _title_fragment(doc: "Doc", start: int, end: int) -> bool:
    """An ORG/GPE like "Defense" or "State" that is only part of a title ("Secretary of State")."""
    while start < end and doc[start].lower_ == "the":
        start += 1
    if start == end:
        return False
    if any(
        t.lower_ not in TITLE_MODIFIERS and t.lower_ not in TITLE_HEADS and t.lower_ != "and"
        for t in doc[start:end]
    ):
        return False
    if any(t.lower_ in TITLE_HEADS for t in doc[start:end]):
        return True  # "the Defense and Foreign Ministers": people by office, not an organisation
    if end < len(doc) and doc[end].lower_ in TITLE_HEADS:
        return True
    return start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in TITLE_HEADS


def _relabel(doc: "Doc", start: int, end: int, label: str) -> str | None:
    span_text = doc[start:end].text
    lowered = span_text.lower()
    if label in {"PERSON", "ORG"} and lowered in PLACES:
        return PLACES[lowered]
    if lowered in ORGANISATIONS:
        return "ORG"
    if label == "ORG" and end - start >= 2 and doc[end - 1].lower_ in EVENT_HEADS:
        return "EVENT"
    if label == "GPE" and end - start == 1 and doc[start].tag_ == "JJ" and lowered.endswith(
        NORP_SUFFIXES
    ):
        return "NORP"
    if label in {"ORG", "NORP", "GPE"} and is_east_asian_name(span_text.split()):
        words = span_text.split()
        if len(words) == _MAX_EAST_ASIAN_TOKENS or words[0].lower() not in AMBIGUOUS_SURNAMES:
            return "PERSON"
    if label == "PERSON" and all(t.lower_ in NOT_NAMES for t in doc[start:end]):
        return None
    if lowered in _CURRENCY_CODES:
        return None
    if label == "PERSON" and end - start == 1 and (
        span_text.isupper() and len(span_text) <= 3 or not span_text[:1].isalpha()
    ):
        return None  # "GB", "320x240": units and codes, not people
    if (
        label == "PERSON"
        and end - start == 1
        and start > 0
        and doc[start - 1].lower_ == "the"
        and span_text.endswith("s")
        and not (end < len(doc) and doc[end].pos_ in {"NOUN", "PROPN"})
    ):
        return "ORG"  # "the Beatles": a group, not a person
    # Headlines typed as one long entity ("Putin Meets North Korea's Top Envoy as ...").
    if (
        label in {"PERSON", "GPE", "LOC", "NORP"}
        and end - start >= 4
        and any(
            t.is_alpha
            and t.is_lower
            and t.lower_ not in _NAME_GLUE
            and doc[t.i - 1].text not in _HYPHENS  # "Dae-jung": a glued syllable
            for t in doc[start:end]
        )
    ):
        return None
    return label


def _untagged_east_asian_names(doc: "Doc", covered: set[int]) -> list["Span"]:
    """"Choe Son Hui" left untagged: a surname plus one or two short capitalised syllables."""
    from spacy.tokens import Span

    found = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if (
            i in covered
            or token.lower_ not in EAST_ASIAN_SURNAMES
            or not token.text[:1].isupper()
            or token.lower_ in AMBIGUOUS_SURNAMES and token.lower_ != "kim"
        ):
            i += 1
            continue
        end = i + 1
        while (
            end < len(doc)
            and end - i < _MAX_EAST_ASIAN_TOKENS
            and end not in covered
            and _is_capitalised_word(doc[end])
            and len(doc[end].text) <= 5
        ):
            end = _glued_hyphen_tail(doc, end + 1)
        words = doc[i:end].text.split()
        # Two syllables after the surname, or one hyphenated one: "Kim Yo-jong", "Choe Son Hui".
        if len(words) == _MAX_EAST_ASIAN_TOKENS or (len(words) == 2 and "-" in words[1]):
            if is_east_asian_name(words) and (i == 0 or not _is_capitalised_word(doc[i - 1])):
                found.append(Span(doc, i, end, label="PERSON"))
                i = end
                continue
        i += 1
    return found


def _bracketed_acronym(doc: "Doc", span: "Span", covered: set[int]) -> "Span | None":
    """"Korean Central News Agency (KCNA)": the bracketed acronym names the same thing."""
    from spacy.tokens import Span

    i = span.end
    if span.label_ not in {"ORG", "GPE", "FAC", "LOC"} or i + 2 >= len(doc):
        return None
    if doc[i].text != "(" or doc[i + 2].text != ")" or i + 1 in covered:
        return None
    acronym = doc[i + 1].text
    if not (2 <= len(acronym) <= 6 and acronym.isupper() and acronym.isalpha()):
        return None
    return Span(doc, i + 1, i + 2, label=span.label_)


def _starts_longer_name(doc: "Doc", i: int) -> bool:
    """"Kim" followed by "Yo" starts another name, not a bare family name."""
    return i + 1 < len(doc) and doc[i + 1].is_alpha and doc[i + 1].text[:1].isupper()


def split_western_name(words: list[str]) -> tuple[list[str], list[str]]:
    """(given names, family name words) of a family-name-last name.

    Particles before the last word belong to the family name ("Ursula | von der Leyen");
    suffixes do not count ("Martin Luther | King", Jr. dropped).
    """
    core = [w for w in words if w.lower() not in NAME_SUFFIXES] or list(words)
    cut = len(core) - 1
    while cut > 1 and core[cut - 1].lower() in NAME_PARTICLES:
        cut -= 1
    if cut == 1 and core[0].lower() in NAME_PARTICLES:
        cut = 0  # "Von der Leyen" alone
    return core[:cut], core[cut:]


def family_name(words: list[str]) -> str:
    """The family name of a person's name: first word for East Asian order, else the last."""
    if is_east_asian_name(words):
        return words[0]
    return " ".join(split_western_name(words)[1])


def _extend_particles(doc: "Doc", start: int, end: int) -> int:
    """"Ursula von der" + "Leyen": a name cut after its particles takes the next word."""
    if end - start >= 2 and doc[end - 1].lower_ in NAME_PARTICLES:
        k = end
        if k < len(doc) and doc[k].is_alpha and doc[k].text[:1].isupper():
            return k + 1
    return end


def repair_entities(doc: "Doc") -> tuple["Span", ...]:
    """Return ``doc.ents`` with name spans repaired; non-name entities pass through unchanged."""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    # Tokens a cut name may not grow into; NORP is allowed because "Hui" of "Choe Son Hui" is
    # the model's favourite NORP mistake.
    taken = {t.i for ent in doc.ents if ent.label_ != "NORP" for t in ent}
    repaired: list[Span] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in NAME_LABELS:
            repaired.append(ent)
            continue
        start, end = _trim(doc, ent.start, ent.end, label)
        if start >= end:
            continue
        if label in {"ORG", "GPE"} and _title_fragment(doc, start, end):
            continue
        if label in {"PERSON", "ORG", "NORP"}:
            end = _glued_hyphen_tail(doc, end)
        new_label = _relabel(doc, start, end, label)
        if new_label is None:
            continue
        if new_label == "PERSON":
            start, end = _extend_east_asian(doc, start, end, taken - set(range(ent.start, ent.end)))
            end = _glued_hyphen_tail(doc, end)
            end = _extend_particles(doc, start, end)
        repaired.append(Span(doc, start, end, label=new_label))
    repaired, families = _recover_family_names(doc, repaired)
    family_keys = frozenset(family.lower() for family in families) - PLACES.keys()
    # Types are agreed before names are propagated, so a propagated copy is no extra vote.
    spans = agree_on_types(doc, filter_spans(repaired), family_keys)
    spans = _propagate_names(doc, spans, families)
    return tuple(sorted(spans, key=lambda s: s.start))


def _recover_family_names(
    doc: "Doc", spans: list["Span"]
) -> tuple[list["Span"], list[str]]:
    """Bare family names of people named in full become PERSON; untagged romanised East Asian
    names and bracketed acronyms are added. Returns the spans and the family names found.
    """
    from spacy.tokens import Span

    families: dict[str, bool] = {}
    for span in spans:
        words = span.text.split()
        if span.label_ == "PERSON" and len(words) >= 2:
            families[family_name(words)] = True
    covered = {i for span in spans for i in range(span.start, span.end)}
    found = _untagged_east_asian_names(doc, covered)
    for span in found:
        covered.update(range(span.start, span.end))
        families[span.text.split()[0]] = True
    for span in spans:
        acronym = _bracketed_acronym(doc, span, covered)
        if acronym is not None:
            found.append(acronym)
            covered.add(acronym.start)
    family_keys = {family.lower() for family in families}
    out: list[Span] = []
    for span in [*spans, *found]:
        if (
            span.label_ in {"ORG", "NORP", "GPE", "LOC", "FAC"}
            and span.text.lower() in family_keys
            and span.text.lower() not in PLACES
        ):
            span = Span(doc, span.start, span.end, label="PERSON")
        out.append(span)
    return out, list(families)


def _propagate_names(doc: "Doc", spans: list["Span"], families: list[str]) -> list["Span"]:
    """Tag what the model missed but the article itself names elsewhere.

    One sense per discourse: a name tagged once ("Apple" ORG, "Lavrov" from "Sergei Lavrov")
    is tagged wherever else it occurs untagged in the same article, with the type its other
    mentions have; gazetteer places are added.
    """
    from collections import Counter

    from spacy.tokens import Span

    covered = {i for span in spans for i in range(span.start, span.end)}
    out = list(spans)
    votes: dict[tuple[str, ...], Counter[str]] = {}
    for span in out:
        if span.label_ not in NAME_LABELS or span.label_ == "NORP":
            continue
        key = tuple(t.text for t in span if not t.is_space)
        if 1 <= len(key) <= _MAX_PROPAGATED and key[0][:1].isupper():
            votes.setdefault(key, Counter())[span.label_] += 1
    for family in families:
        votes[(family,)] = Counter({"PERSON": 1})
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for key in sorted(votes, key=len, reverse=True):
        by_first.setdefault(key[0], []).append(key)
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        if i in covered or not token.text[:1].isupper():
            i += 1
            continue
        if token.lower_ in PLACES and token.pos_ == "PROPN":
            out.append(Span(doc, i, i + 1, label=PLACES[token.lower_]))
            i += 1
            continue
        matched = None
        for key in by_first.get(token.text, ()):
            end = i + len(key)
            if (
                end <= n
                and tuple(t.text for t in doc[i:end]) == key
                and not any(k in covered for k in range(i, end))
                and not _starts_longer_name(doc, end - 1)
            ):
                matched = key
                break
        if matched is not None:
            label = votes[matched].most_common(1)[0][0]
            out.append(Span(doc, i, i + len(matched), label=label))
            i += len(matched)
            continue
        i += 1
    return out


__all__ = ["NAME_LABELS", "family_name", "is_east_asian_name", "repair_entities"]
