"""In-article type agreement for name spans: context cues vote, and one strong cue fixes the rest.

The small model types a proper name it has never seen from its shape, so an invented or
little-known country comes out PERSON in one sentence and ORG in the next. The context usually
says what the name is: "the embassy of X" is not a person's, "Mr. X" is not a country. This
module reads a few such cues around every mention, adds them up per name (one sense per
discourse: every mention of one name in one article gets one type) and relabels all mentions
of the name with the winner.

Cues and their weights (``PLACE`` means the place labels GPE, LOC and FAC; a name found to be a
place keeps the place label the model used most for it, GPE by default):

* place, strong (3): owner or modifier of a noun only states have ("X's foreign ministry",
  "the embassy of X", "X's northern port of Y"); a demonym of the name in the same article
  ("Veldanian" -> "Veldania", by suffix rules; a demonym the model typed PERSON or ORG before
  a noun, "the Ostrelan government", becomes NORP); "the capital X", "X, the capital of ...";
  an upper-case dateline ("LISBON -- ...");
* place, medium (2): owner or modifier of a noun a leader may own too ("X's foreign minister",
  "the X government"; never for a full person name, "the Fidel Castro government", nor for an
  organisation without a possessive, "the Labour government"); "in/into/across/inside/
  throughout/near X" where X heads its phrase; "the capital of X"; "X-flagged", "X-based";
  "Albany, X," after a place; coordination with a place ("X and the United States", "X-Y");
* place, weak (1): "to/from X" after a word of travel ("flew to X", "a trip to X"), "visit X";
* against PERSON only (1): "to/from X" after a word of trade ("sent shells to X": a country or
  a company, never a person);
* person: the family name of a person named in full in the article (4); an honorific or a
  title right before the name ("Ms. X", "presidential aide X") or a role heading an apposition
  (", a senior analyst with ...") (3); a given name of a person named in full, a middle
  initial ("Anna K. Berg") (2); followed by "who", or a person-shaped name next to "said" or
  "told" (0.5: firms say things too).

Firms and products follow the medium and weak place cues too ("added in OS X Lion", "a stake
in X", "Mac and Windows"), so against a mention the model typed ORG those weigh only a model
vote. No person cue applies to "the X".

Each mention also carries the model's own label as a vote of ``MODEL_VOTE`` (0.5); a PERSON
vote for a lone word that is no part of a full name in the article counts half that (news names
a person in full at first mention, so a bare unknown word is a weak person), and a PERSON vote
for a person-shaped full name ("Given Family") counts double. With one strong cue the cue
outweighs five contrary model votes. Without any cue the model's majority wins, except that an
even-ish split between ORG and place is left alone (the model's usual confusion on firms named
after places). Ties keep the model's majority. Gazetteer names (``PLACES``, ``ORGANISATIONS``),
NORP spans and organisation names with a designator word ("Harrow Savings Bank") are never
retyped.

Everything is one pass over the spans with fixed-width windows, plus one more pass for the
coordination cue (which needs the first pass's labels of the partner name).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from storyline.language.entities_lexicon import (
    HONORIFICS,
    ORG_WORDS,
    ORGANISATIONS,
    PLACES,
    STATE_NOUNS,
    STATE_OR_LEADER_NOUNS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    TRADE_WORDS,
    TRAVEL_WORDS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PLACE = "PLACE"
NOT_PERSON = "NOT_PERSON"  # a cue against PERSON that does not tell a place from an organisation
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_TYPED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
MODEL_VOTE = 0.5
LONE_PERSON_VOTE = 0.25
FULL_NAME_VOTE = 1.0
CLEAR_MAJORITY = 2.0
SAY = 0.5
STRONG = 3.0
MEDIUM = 2.0
WEAK = 1.0
FAMILY_NAME = 4.0

_STRONG_PREPOSITIONS = frozenset({"in", "into", "across", "inside", "throughout", "near"})
_WEAK_PREPOSITIONS = frozenset({"to", "from", "toward", "towards"})
_VISIT_VERBS = frozenset({"visit", "visits", "visited", "visiting"})
_PLACE_COMPOUNDS = frozenset({"flagged", "based", "registered", "bound"})
_SAY_VERBS = frozenset({"said", "says", "told", "added", "stated"})
_POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
_DASHES = frozenset({"-", "–", "—", "--"})
_CONNECTORS = frozenset({"and", "or", "&", "/", "-", "–"})
# Heads an apposed role may continue into: ", a senior analyst with ...", ", the minister."
_ROLE_FOLLOWERS = frozenset({"of", "at", "with", "for", "in", "on", ",", ".", ";", "who", "and"})
_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "its", "their"})
# Roles held only by people that are not titles worth recording as a role ("a research fellow").
_PERSON_ROLE_HEADS = TITLE_HEADS | frozenset({"fellow", "lecturer", "student", "resident"})
_DEMONYM_ENDINGS = ("an", "ese", "i")
_MAX_MODIFIERS = 2
# State nouns with other senses ("a software port"): a cue only with a named complement.
_NAMED_PLACE_NOUNS = frozenset({"port", "ports", "province", "region"})
_MAX_APPOSITION = 6


def demonym_stems(word: str) -> tuple[str, ...]:
    """Place names a demonym may come from, lower case ("kresnian" -> "kresnia", ...).

    Suffix rules only: "-n" after a vowel-final name (Kenya/Kenyan, Bolivia/Bolivian), "-ian"
    for "-y" or consonant-final names (Italy/Italian, Canada/Canadian), "-an" for "-a" names
    (Korea/Korean), "-ese" (Japan/Japanese, China/Chinese), "-i" (Pakistan/Pakistani).
    """
    w = word.lower()
    stems: list[str] = []
    if w.endswith("ian"):
        stems += [w[:-1], w[:-3], w[:-3] + "y", w[:-3] + "a"]
    elif w.endswith("an"):
        stems += [w[:-1], w[:-2] + "a"]
    if w.endswith("ese"):
        stems += [w[:-3], w[:-3] + "a"]
    if w.endswith("i"):
        stems.append(w[:-1])
    return tuple(s for s in stems if len(s) >= 3)


def _key(span: "Span") -> str:
    words = span.text.split()
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words).lower()


def _frozen(span: "Span") -> bool:
    """Names whose type the shape or a gazetteer already fixed: never retyped."""
    key = _key(span)
    if key in PLACES or key in ORGANISATIONS:
        return True
    words = key.split()
    return span.label_ == "ORG" and len(words) > 1 and any(w.strip(".") in ORG_WORDS for w in words)


def _person_shaped(words: list[str]) -> bool:
    """Two or three capitalised words, initials allowed: "Anna Berg", "Anna K. Berg"."""
    return 2 <= len(words) <= 3 and all(
        w[:1].isupper() and w.replace(".", "").replace("-", "").isalpha() for w in words
    )


def _governor(preposition: "Token") -> str:
    """Lemma of the word a preposition attaches to ("sent shells to X" -> "send")."""
    head = preposition.head
    if head.i == preposition.i and preposition.i > 0:  # no parse: the word before
        head = preposition.doc[preposition.i - 1]
    return head.lemma_.lower() or head.lower_


def _state_noun_after(doc: "Doc", end: int, label: str, person_name: bool) -> float:
    """Weight of a state noun the name owns or modifies, 0 if none.

    "X's foreign ministry", "X's northern port of Y" (strong); "X's foreign minister", "the X
    government" (medium: a leader may own these too, "Putin's foreign minister", so a full
    person name never gets this cue, "the Fidel Castro government"; and neither does an
    organisation without a possessive, "the Labour government", "Cabinet minister").
    """
    i = end
    possessive = i < len(doc) and doc[i].text in _POSSESSIVES
    if possessive:
        i += 1
    for _ in range(_MAX_MODIFIERS + 1):
        if i >= len(doc):
            return 0.0
        lower = doc[i].lower_
        if lower in STATE_NOUNS:
            return STRONG
        if lower in STATE_OR_LEADER_NOUNS:
            if person_name or label == "ORG" and not possessive:
                return 0.0
            return MEDIUM
        if lower in _NAMED_PLACE_NOUNS:
            # "X's port of Chongdo", not "the Mac port of a game".
            named = i + 2 < len(doc) and doc[i + 1].lower_ == "of" and doc[i + 2].text[:1].isupper()
            return STRONG if named else 0.0
        if not (lower in TITLE_MODIFIERS or doc[i].tag_ == "JJ" and doc[i].is_lower):
            return 0.0
        i += 1
    return 0.0


def _after_a_place_and_comma(doc: "Doc", start: int, end: int) -> bool:
    """"Mount Vernon, Virginia," / "Albany, N.Y.": a place, a comma, then X ending the phrase."""
    if start < 2 or doc[start - 1].text != "," or doc[start - 2].ent_type_ not in _PLACE_LABELS:
        return False
    return end >= len(doc) or doc[end].is_punct or doc[end].is_space


def _state_noun_before(doc: "Doc", start: int, person_name: bool) -> float:
    """"the embassy of X" (strong), "the foreign ministers of X" (medium), as after the name."""
    if start < 2 or doc[start - 1].lower_ != "of":
        return 0.0
    noun = doc[start - 2].lower_
    if noun in STATE_NOUNS:
        return STRONG
    if noun in STATE_OR_LEADER_NOUNS and not person_name:
        return MEDIUM
    return 0.0


def _capital_cue(doc: "Doc", start: int, end: int) -> float:
    """"the capital X", "X, the capital of Y" (strong); "the capital of X" (medium: a firm's
    share capital reads "the capital of X" too)."""
    if start >= 1 and doc[start - 1].lower_ == "capital":
        return STRONG
    k = end
    if k + 2 < len(doc) and doc[k].text == "," and doc[k + 1].lower_ in {"the", "a", "its"}:
        if doc[k + 2].lower_ == "capital":
            return STRONG
    if start >= 3 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ == "capital":
        return MEDIUM if doc[start - 3].lower_ == "the" else 0.0
    return 0.0


def _dateline(doc: "Doc", start: int, end: int) -> bool:
    """"VORONSK -- The ministers ...": an upper-case name opening a paragraph, then a dash."""
    if start > 0 and "\n" not in doc[start - 1].text and "\n" not in doc[start - 1].whitespace_:
        return False
    if end >= len(doc) or doc[end].text not in _DASHES:
        return False
    return all(t.is_upper for t in doc[start:end] if t.is_alpha)


def _role_apposition(doc: "Doc", end: int) -> bool:
    """", a senior analyst with ...", ", chairman of ...": a title heads the apposed phrase."""
    if end >= len(doc) or doc[end].text != ",":
        return False
    i = end + 1
    limit = min(len(doc), i + _MAX_APPOSITION)
    while i < limit:
        token = doc[i]
        lower = token.lower_
        if lower in _PERSON_ROLE_HEADS:
            nxt = doc[i + 1].lower_ if i + 1 < len(doc) else "."
            if nxt in _ROLE_FOLLOWERS:
                return True
        elif not (
            lower in _DETERMINERS
            or lower in TITLE_MODIFIERS
            or token.text in _POSSESSIVES
            or token.text == "-"
            or token.is_alpha and token.pos_ in {"ADJ", "NOUN", "PROPN", ""}
        ):
            return False
        i += 1
    return False


def _person_cues(
    doc: "Doc",
    start: int,
    end: int,
    words: list[str],
    family_keys: frozenset[str],
    given_names: frozenset[str],
) -> list[tuple[str, float]]:
    cues: list[tuple[str, float]] = []
    prev = doc[start - 1] if start > 0 else None
    prev_lower = prev.lower_ if prev is not None else ""
    next_lower = doc[end].lower_ if end < len(doc) else ""
    if len(words) == 1 and words[0].lower() in family_keys:
        cues.append(("PERSON", FAMILY_NAME))
    elif len(words) == 1 and words[0].lower() in given_names:
        # "Elian" after "Elian Gonzalez"; medium, as given names are place names too (Virginia).
        cues.append(("PERSON", MEDIUM))
    if prev is not None and prev.ent_iob_ in {"O", ""} and (
        prev_lower in HONORIFICS or prev_lower in TITLE_HEADS
    ):
        cues.append(("PERSON", STRONG))
    if _role_apposition(doc, end):
        cues.append(("PERSON", STRONG))
    if len(words) == 3 and len(words[1]) == 2 and words[1][0].isupper() and words[1][1] == ".":
        cues.append(("PERSON", MEDIUM))
    if _person_shaped(words) and (next_lower in _SAY_VERBS or prev_lower in _SAY_VERBS):
        cues.append(("PERSON", SAY))
    if next_lower in {"who", "whom"} or (
        next_lower == "," and end + 1 < len(doc) and doc[end + 1].lower_ in {"who", "whom"}
    ):
        cues.append(("PERSON", SAY))  # "a daughter of Czechoslovakia, who fled": only a hint
    return cues


def _place_cues(
    doc: "Doc", start: int, end: int, label: str, person_name: bool
) -> list[tuple[str, float]]:
    """Place cues of one mention; ``person_name``: a full name the model typed PERSON."""
    cues: list[tuple[str, float]] = []
    prev = doc[start - 1] if start > 0 else None
    prev_lower = prev.lower_ if prev is not None else ""
    nxt = doc[end] if end < len(doc) else None
    if not person_name and _after_a_place_and_comma(doc, start, end):
        cues.append((PLACE, MEDIUM))
    owner = _state_noun_before(doc, start, person_name)
    if owner:
        cues.append((PLACE, owner))
    capital = _capital_cue(doc, start, end)
    if capital and capital < STRONG:
        cues.append((PLACE, capital))
    # A name modifying a following noun ("in Apple stores") is not the object of the preposition.
    head = nxt is None or nxt.pos_ not in {"NOUN", "PROPN"} and nxt.text not in _POSSESSIVES
    if head and prev_lower in _STRONG_PREPOSITIONS:
        cues.append((PLACE, MEDIUM))
    elif head and prev is not None and prev_lower in _WEAK_PREPOSITIONS:
        governor = _governor(prev)
        if governor in TRAVEL_WORDS:
            cues.append((PLACE, WEAK))
        elif governor in TRADE_WORDS:
            cues.append((NOT_PERSON, WEAK))  # shells go to countries and to companies alike
    elif head and prev_lower in _VISIT_VERBS:
        cues.append((PLACE, WEAK))
    if (
        nxt is not None
        and nxt.text == "-"
        and not nxt.whitespace_
        and end + 1 < len(doc)
        and doc[end + 1].lower_ in _PLACE_COMPOUNDS
    ):
        cues.append((PLACE, MEDIUM))
    if label == "ORG":
        # Firms and products follow these too ("added in OS X Lion", "a stake in X"): against
        # the model's ORG they weigh a model vote.
        cues = [(kind, min(weight, MODEL_VOTE)) for kind, weight in cues]
    # State nouns weigh what _state_noun_after says, whatever the model's label.
    state_noun = _state_noun_after(doc, end, label, person_name)
    if state_noun:
        cues.append((PLACE, state_noun))
    if capital >= STRONG or _dateline(doc, start, end):
        cues.append((PLACE, STRONG))
    return cues


def _cues(
    doc: "Doc",
    span: "Span",
    family_keys: frozenset[str],
    given_names: frozenset[str] = frozenset(),
) -> list[tuple[str, float]]:
    """The (type, weight) cues around one mention."""
    start, end = span.start, span.end
    while start < end and doc[start].lower_ == "the":
        start += 1
    if start >= end:
        return []
    words = doc[start:end].text.split()
    cues = _place_cues(doc, start, end, span.label_, _full_person_name(span.label_, words))
    # "the X": people's names take no article, so no person cue applies.
    if not (start > 0 and doc[start - 1].lower_ == "the"):
        cues += _person_cues(doc, start, end, words, family_keys, given_names)
    return cues


def _full_person_name(label: str, words: list[str]) -> bool:
    """A multi-word name of a person's shape that the model typed PERSON: "Fidel Castro"."""
    return label == "PERSON" and _person_shaped(words)


def _coordinated(spans: list["Span"]) -> list[list[int]]:
    """Indexes of the spans joined to each span by "and", "or", "&", "/" or a dash."""
    partners: list[list[int]] = [[] for _ in spans]
    for a in range(len(spans) - 1):
        left, right = spans[a], spans[a + 1]
        if right.start - left.end == 1 and left.doc[left.end].lower_ in _CONNECTORS:
            partners[a].append(a + 1)
            partners[a + 1].append(a)
        elif right.start - left.end == 2 and left.doc[left.end].lower_ in _CONNECTORS and (
            left.doc[left.end + 1].lower_ == "the"
        ):
            partners[a].append(a + 1)
            partners[a + 1].append(a)
    return partners


def _winner(scores: dict[str, float], model: dict[str, int], cued: bool) -> str | None:
    """Highest score; ties go to the model's most frequent label, then to the first seen.

    Without a cue, a split between organisation and place (the model's usual confusion for
    firms named after places, "Cineplex" GPE twice and ORG twice) is settled only by a clear
    majority, twice as many mentions; otherwise nothing says which is right. A split with
    PERSON needs no such guard: the lone-word discount on PERSON votes is itself the evidence.
    """
    ranked = sorted(scores, key=lambda label: scores[label], reverse=True)
    if not cued and len(ranked) > 1 and {ranked[0], ranked[1]} == {"ORG", PLACE}:
        counts = sorted((model.get("ORG", 0), model.get(PLACE, 0)), reverse=True)
        if counts[0] < CLEAR_MAJORITY * counts[1]:
            return None
    best = scores[ranked[0]]
    tied = [label for label, score in scores.items() if score == best]
    return max(tied, key=lambda label: model.get(label, 0))


def _given_names(spans: list["Span"], keys: list[str]) -> frozenset[str]:
    """Lower-case words of the full person names of the article ("elian" of "Elian Gonzalez")."""
    found: set[str] = set()
    for span, key in zip(spans, keys):
        words = span.text.split()
        if _full_person_name(span.label_, words):
            found.update(w for w in key.split() if len(w) > 2 and not w.endswith("."))
    return frozenset(found)


def _coarse(label: str) -> str:
    return PLACE if label in _PLACE_LABELS else label


def _qualifies_noun(doc: "Doc", span: "Span") -> bool:
    """"Ostrelan government", "Kresnian-flagged": a word used as an adjective, not a name."""
    if span[0].tag_ == "JJ":
        return True
    nxt = doc[span.end] if span.end < len(doc) else None
    return nxt is not None and (nxt.is_alpha and nxt.is_lower or nxt.text == "-")


def _demonyms(doc: "Doc", spans: list["Span"], keys: list[str]) -> tuple[set[str], set[int]]:
    """Place names of the article that a demonym in it points to, and the demonym spans that
    the model typed as something other than NORP ("Ostrelan" PERSON before "government")."""
    known = set(keys)
    places: set[str] = set()
    mistyped: set[int] = set()
    for index, span in enumerate(spans):
        if len(span) != 1 or not keys[index].endswith(_DEMONYM_ENDINGS):
            continue
        stems = [stem for stem in demonym_stems(keys[index]) if stem in known]
        if not stems:
            continue
        if span.label_ == "NORP":
            places.update(stems)
        elif not _frozen(span) and _qualifies_noun(doc, span):
            places.update(stems)
            mistyped.add(index)
    return places, mistyped


def agree_on_types(
    doc: "Doc", spans: list["Span"], family_keys: frozenset[str] = frozenset()
) -> list["Span"]:
    """Relabel ``spans`` so that every mention of one name carries the type its cues favour.

    ``spans`` do not overlap; ``family_keys`` are lower-case family names of people named in
    full in the same article. Returns new spans in text order (the doc is not touched).
    """
    from spacy.tokens import Span

    spans = sorted(spans, key=lambda s: s.start)
    keys = [_key(span) for span in spans]
    demonym_places, mistyped_demonyms = _demonyms(doc, spans, keys)
    given_names = _given_names(spans, keys) - family_keys
    cued: set[str] = set()  # names with at least one context cue
    groups: dict[str, list[int]] = defaultdict(list)
    scores_of: dict[str, dict[str, float]] = {}
    votes_of: dict[str, dict[str, int]] = {}  # the model's labels, coarse (PLACE for GPE/LOC/FAC)
    place_votes: dict[str, dict[str, int]] = {}  # which place label the model used
    frozen: set[str] = set()
    for index, span in enumerate(spans):
        if span.label_ not in _TYPED_LABELS or index in mistyped_demonyms:
            continue
        key = keys[index]
        groups[key].append(index)
        coarse = _coarse(span.label_)
        votes = votes_of.setdefault(key, {})
        votes[coarse] = votes.get(coarse, 0) + 1
        if coarse == PLACE:
            by_label = place_votes.setdefault(key, {})
            by_label[span.label_] = by_label.get(span.label_, 0) + 1
        scores = scores_of.setdefault(key, {})
        weight = MODEL_VOTE
        if coarse == "PERSON" and " " not in key and key not in family_keys | given_names:
            # A lone word never given in full, where news names people in full at first mention.
            weight = LONE_PERSON_VOTE
        elif _full_person_name(span.label_, span.text.split()):
            weight = FULL_NAME_VOTE  # "Given Family" typed PERSON: the model's surest call
        scores[coarse] = scores.get(coarse, 0.0) + weight
        for label, cue_weight in _cues(doc, span, family_keys, given_names):
            if cue_weight >= WEAK:  # hints worth a model vote do not make a name "cued"
                cued.add(key)
            if label == NOT_PERSON:
                scores["PERSON"] = scores.get("PERSON", 0.0) - cue_weight
            else:
                scores[label] = scores.get(label, 0.0) + cue_weight
        if _frozen(span):
            frozen.add(key)
    for key in demonym_places & scores_of.keys():
        scores_of[key][PLACE] = scores_of[key].get(PLACE, 0.0) + STRONG
        cued.add(key)

    def decide() -> dict[str, str | None]:
        return {
            key: max(votes_of[key], key=lambda label: votes_of[key][label])
            if key in frozen
            else _winner(scores, votes_of[key], cued=key in cued)
            for key, scores in scores_of.items()
        }

    decided = decide()
    partners = _coordinated(spans)
    boosted = False
    for index, others in enumerate(partners):
        key = keys[index]
        span = spans[index]
        if (
            key in scores_of
            and not _full_person_name(span.label_, span.text.split())
            and any(
                (decided.get(keys[other]) or _coarse(spans[other].label_)) == PLACE
                for other in others
            )
        ):
            # "Mac and Windows": products and firms are listed beside places too.
            weight = MODEL_VOTE if span.label_ == "ORG" else MEDIUM
            scores_of[key][PLACE] = scores_of[key].get(PLACE, 0.0) + weight
            if weight >= WEAK:
                cued.add(key)
            boosted = True
    if boosted:
        decided = decide()

    out = list(spans)
    for index in mistyped_demonyms:
        out[index] = Span(doc, spans[index].start, spans[index].end, label="NORP")
    for key, indexes in groups.items():
        if key in frozen:
            continue
        coarse = decided[key]
        if coarse is None:
            continue  # no cue and no clear majority: each mention keeps the model's label
        if coarse == PLACE:
            used = place_votes.get(key, {})
            label = max(used, key=lambda lab: used[lab]) if used else "GPE"
        else:
            label = coarse
        for index in indexes:
            span = spans[index]
            if _coarse(span.label_) != coarse:
                out[index] = Span(doc, span.start, span.end, label=label)
    return out


__all__ = ["MODEL_VOTE", "agree_on_types", "demonym_stems"]
