"""Attributed claims in one article: who said, reported, accused, denied or promised what.

Owns the :class:`Attribution` record, the cue lexicon (:data:`CUE_STANCES`, the one
place that maps speech and cognition verbs to a stance) and
:func:`extract_attributions`, a pure function over a parsed spaCy ``Doc``.

Patterns are read from the dependency parse, not from surface templates, so word
order does not matter: "X said (that) C", "C, X said", "C, said X", "according to
X, C", "X told reporters C", "X accused Y of C", "Y denied C", "X vowed to C",
"X expects C".  Quoted speech is widened to its closing quote, across sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

from storyline.language.attribution_spans import (
    inside_quote,
    np_span,
    np_tokens,
    phrase_text,
    quote_regions,
    subtree_span,
    subtree_text,
    tokens_span,
    trim,
    trimmed_subtree,
)
from storyline.language.evidence import Evidence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

STANCES = ("assert", "accuse", "deny", "predict", "pledge", "report")

#: Cue verb lemma -> stance.  Cognition verbs count as assertions: news reports a
#: source's belief with the same weight as its words.
CUE_STANCES: dict[str, str] = {
    **dict.fromkeys(
        "say tell add note state announce insist argue believe think claim explain write "
        "tweet post declare confirm acknowledge admit suggest stress emphasize emphasise "
        "maintain contend assert recall respond reply answer comment observe indicate "
        "mention remark conclude testify agree feel hope fear worry ask describe reveal "
        "disclose assure urge concede complain boast signal underline reiterate repeat "
        "caution question doubt know call continue find show describe endorse praise "
        "defend echo recommend propose demand express point talk speak".split(),
        "assert",
    ),
    **dict.fromkeys("accuse allege blame charge condemn criticize criticise denounce blast "
                    "mock decry slam".split(), "accuse"),
    **dict.fromkeys("deny reject dismiss refute rebut dispute".split(), "deny"),
    **dict.fromkeys("predict expect forecast estimate project anticipate warn".split(),
                    "predict"),
    **dict.fromkeys("vow pledge promise swear threaten".split(), "pledge"),
    **dict.fromkeys("report quote cite".split(), "report"),
}

# Plain saying verbs: whatever follows them in the sentence is what was said.
_SAY_VERBS = frozenset("say add tell write note state insist argue explain claim report "
                       "announce declare tweet reply respond".split())
# Verbs whose direct object is the person addressed, not what was said.
_ADDRESSEE_VERBS = frozenset("tell ask warn urge assure caution remind inform".split())
# Verbs whose direct object is what was said ("denied the accusations").
_OBJECT_CONTENT_VERBS = frozenset(
    "deny reject dismiss refute rebut dispute report announce confirm predict expect forecast "
    "estimate project anticipate promise pledge vow threaten allege claim acknowledge admit "
    "reveal disclose question doubt condemn criticize criticise denounce repeat reiterate "
    "describe endorse praise defend echo recommend propose demand blast mock decry slam "
    "express".split()
)
# Stances whose clausal object names what the speaker commits to or foresees.
_XCOMP_CONTENT = frozenset(("predict", "pledge", "deny"))
_XCOMP_VERBS = frozenset("tell ask urge warn claim agree hope refuse".split())

# An object of "tell" that is an audience, not a channel or a person: part of the cue.
_AUDIENCE_NOUNS = frozenset("reporter journalist press media audience crowd".split())
# Nouns that make a prepositional phrase a channel ("in an interview with ...").
_CHANNEL_NOUNS = frozenset(
    "interview statement briefing conference speech post tweet letter broadcast remark "
    "address appearance hearing podcast email e-mail video message op-ed column blog "
    "twitter facebook television radio program programme show".split()
)
# Head nouns of speakers that are themselves news channels ("the Tass news agency").
_MEDIA_NOUNS = frozenset(
    "agency media newspaper outlet broadcaster television tv radio daily paper news wire "
    "channel network tabloid magazine".split()
)
_PRONOUN_SPEAKERS = frozenset("he she him her".split())
# Cognition verbs that, with "I"/"we"/"you", hedge rather than attribute.
_COGNITION = frozenset("think know believe feel hope worry fear doubt guess suppose".split())
_FIRST_AND_SECOND_PERSON = frozenset("i we you".split())


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attributed statement: ``speaker`` -``cue``-> ``content``, with its stance."""

    evidence: Evidence  # the whole attribution: speaker, cue, content and channel
    speaker: str | None  # None for source-less cues ("is expected to", "reportedly")
    speaker_span: tuple[int, int] | None
    speaker_cluster: int | None  # in-article entity cluster of an overlapping Mention
    cue: str
    cue_span: tuple[int, int]
    content: str
    content_span: tuple[int, int]
    stance: str  # one of STANCES
    target: str | None = None  # who is accused (accuse / deny), when the text says
    channel: str | None = None  # "in an interview with Yonhap News", "Tass", "state media"
    channel_span: tuple[int, int] | None = None
    quantities: tuple = ()  # Quantity records inside the content span

    def to_dict(self) -> dict[str, object]:
        return {
            "evidence": self.evidence.to_dict(),
            "speaker": self.speaker,
            "speaker_span": list(self.speaker_span) if self.speaker_span else None,
            "speaker_cluster": self.speaker_cluster,
            "cue": self.cue,
            "cue_span": list(self.cue_span),
            "content": self.content,
            "content_span": list(self.content_span),
            "stance": self.stance,
            "target": self.target,
            "channel": self.channel,
            "channel_span": list(self.channel_span) if self.channel_span else None,
            "quantities": [q.to_dict() for q in self.quantities],
        }


def stance_of(lemma: str) -> str | None:
    """The stance a cue lemma expresses, or None when it is not a cue."""
    return CUE_STANCES.get(lemma.lower())


def extract_attributions(
    doc: "Doc",
    article_id: str = "",
    mentions: Sequence = (),
    quantities: Sequence = (),
) -> tuple[Attribution, ...]:
    """Return the attributions in ``doc`` in text order.

    ``mentions`` (entity Mention records) give speakers an entity cluster and let
    "he"/"she" borrow the cluster of the last person named before; ``quantities``
    are attached to the attribution whose content holds them.  Both are optional.
    """
    sentence_index = {sent.start: i for i, sent in enumerate(doc.sents)}
    text = doc.text
    quotes = quote_regions(text)
    closed_quotes = quote_regions(text, closed_only=True)
    out: list[Attribution] = []
    for token in doc:
        found = None
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            found = _according_to(token)
        elif token.pos_ == "VERB" and token.lemma_.lower() in CUE_STANCES:
            found = _verb_cue(token)
        if found is None:
            continue
        cue_span, speaker_tok, content_span, target, channel, stance = (
            found.cue, found.speaker, found.content, found.target, found.channel, found.stance)
        if inside_quote(cue_span, closed_quotes):
            continue  # a cue inside someone's quote is part of what they said
        if speaker_tok is not None and token.lemma_.lower() in _COGNITION and \
                speaker_tok.lower_ in _FIRST_AND_SECOND_PERSON:
            continue  # "I think", "you know": hedges, not attributions
        content_span = _strip_space(
            text, _content_with_quotes(text, cue_span, speaker_tok, content_span, quotes)
        )
        if content_span is None and token.dep_ in ("parataxis", "ccomp", "conj"):
            # "C, the minister said" parsed with the cue hanging off the content's verb.
            content_span = _rest_of_clause(token.head, token)
            content_span = trim(text, *content_span) if content_span else None
        if content_span is None and token.lemma_.lower() in _SAY_VERBS:
            content_span = _rest_of_sentence(text, token, speaker_tok, channel)
        if content_span is None or content_span[1] <= content_span[0]:
            continue
        speaker_span = np_span(speaker_tok) if speaker_tok is not None else None
        if speaker_span is not None:
            speaker_span = _cue_paragraph(text, trim(text, *speaker_span), cue_span)
        if channel is None and speaker_tok is not None:
            channel = _media_channel(speaker_tok, stance)
        spans = [s for s in (cue_span, content_span, speaker_span, channel) if s]
        start = min(s for s, _ in spans)
        end = max(e for _, e in spans)
        out.append(
            Attribution(
                evidence=Evidence(
                    article_id, sentence_index.get(token.sent.start, 0), start, end, text[start:end]
                ),
                speaker=text[speaker_span[0]:speaker_span[1]] if speaker_span else None,
                speaker_span=speaker_span,
                speaker_cluster=_cluster_of(speaker_span, mentions, text) if speaker_span else None,
                cue=text[cue_span[0]:cue_span[1]],
                cue_span=cue_span,
                content=text[content_span[0]:content_span[1]],
                content_span=content_span,
                stance=stance,
                target=target,
                channel=text[channel[0]:channel[1]] if channel else None,
                channel_span=channel,
                quantities=_inside(quantities, content_span),
            )
        )
    return tuple(out)


# --- patterns -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a pattern read around one cue, before quotes and trimming."""

    cue: tuple[int, int]
    speaker: "Token | None"
    content: tuple[int, int] | None
    target: str | None
    channel: tuple[int, int] | None
    stance: str


def _verb_cue(verb: "Token"):
    """Read speaker, content, target and channel around a cue verb, or None."""
    lemma = verb.lemma_.lower()
    stance = CUE_STANCES[lemma]
    if verb.dep_ == "amod" or verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod"):
        return None  # "the alleged plot", "the report cited by ...": modifiers, not speech
    cue_tokens = [verb] + [c for c in verb.children if c.dep_ == "prt"]
    if lemma == "point" and not any(c.lower_ == "out" for c in cue_tokens):
        return None  # "point out" reports; "point" alone does not
    speaker = _subject(verb)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if passive:
        # "X was accused of Y": the subject is the target; the agent ("by Z") speaks.
        speaker = next((g for c in verb.children if c.dep_ == "agent" for g in c.children
                        if g.dep_ == "pobj"), None)
    content = None
    target = None
    channel = None
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    for child in verb.children:
        dep = child.dep_
        if dep == "ccomp" and content is None:
            content = subtree_span(child)
        elif dep == "xcomp" and content is None and (
            stance in _XCOMP_CONTENT or lemma in _XCOMP_VERBS
        ):
            content = subtree_span(child)
        elif dep == "prep" and stance == "accuse" and content is None:
            content = _accusation_content(verb, child)
        elif dep == "prep" and lemma == "call" and child.lower_ == "for" and content is None:
            content = _accusation_content(verb, child)  # "called for a ban"
        elif dep == "prep" and lemma in ("talk", "speak") and child.lower_ in ("about", "of") \
                and content is None:
            content = trimmed_subtree(child)  # "talked about the wall"
        elif dep == "prep" and channel is None and _is_channel(child):
            channel = _channel_span(child)
    for obj in objects:
        if lemma in _ADDRESSEE_VERBS:
            if obj.lemma_.lower() in _AUDIENCE_NOUNS:
                cue_tokens.append(obj)
            elif obj.ent_type_ == "ORG" and channel is None:
                channel = trimmed_subtree(obj)
        elif stance == "accuse" and lemma not in ("allege", "charge"):
            target = phrase_text(obj, exclude=("relcl", "acl", "prep", "punct"))
            if content is None:
                # The parser often hangs "of ..." off the accused: "accused [the mayor of X]".
                content = _accusation_content(obj)
            if content is None and lemma != "accuse":
                content = subtree_span(obj)  # "criticized the plan": the object is the point
        elif lemma == "call" and content is None:
            # "called him a liar": the object and its predicate are what was said.
            predicate = next((c for c in verb.children if c.dep_ == "oprd"), None)
            if predicate is not None:
                content = (obj.left_edge.idx, subtree_span(predicate)[1])
        elif content is None and (lemma in _OBJECT_CONTENT_VERBS or stance == "deny"):
            content = subtree_span(obj)
    if content is not None and objects and objects[0].idx < content[0] and \
            lemma not in _ADDRESSEE_VERBS:
        # "accused [the mayor of fraud]", "blamed [the media for ...]": the accused is
        # part of what was said, as in PolNeAR and in plain reading.
        content = (objects[0].left_edge.idx, content[1])
    if content is not None and objects and content[0] == objects[0].left_edge.idx:
        as_phrase = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"
                          and c.i > objects[0].i), None)
        if as_phrase is not None:
            content = (content[0], subtree_span(as_phrase)[1])  # "described the march as calm"
    if passive and stance == "accuse":
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        target = subtree_text(subject) if subject is not None else None
    if stance == "accuse" and target is None:
        target = _clause_subject_text(verb, content)
    if stance == "deny" and target is None and speaker is not None and objects and \
            objects[0].lemma_.lower() in ("accusation", "allegation", "charge", "claim", "report"):
        target = subtree_text(speaker)  # they deny what is said about themselves
    if channel is None:
        channel = _head_channel(verb)
    cue_tokens.sort(key=lambda t: t.i)
    cue_span = (cue_tokens[0].idx, cue_tokens[-1].idx + len(cue_tokens[-1]))
    return _Reading(cue_span, speaker, content, target, channel, stance)


def _accusation_content(head: "Token", prep: "Token | None" = None) -> tuple[int, int] | None:
    """What someone is accused of: the object of 'of'/'for' under ``head``."""
    preps = [prep] if prep is not None else [c for c in head.children if c.dep_ == "prep"]
    for candidate in preps:
        if candidate.lower_ in ("of", "for"):
            inner = [g for g in candidate.children if g.dep_ in ("pobj", "pcomp")]
            if inner:
                return subtree_span(inner[0])
    return None


def _according_to(according: "Token"):
    """'according to X, C' and 'C, according to X': X speaks, the rest is the content."""
    to = according.doc[according.i + 1]
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        source = next((c for c in according.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    phrase_start = according.idx
    phrase_end = max(source.right_edge.idx + len(source.right_edge), to.idx + len(to))
    sent = according.sent
    left = (sent.start_char, phrase_start)
    right = (phrase_end, sent.end_char)
    # The content is the larger side of the sentence once the phrase is cut out.
    content = left if left[1] - left[0] >= right[1] - right[0] else right
    cue_span = (according.idx, to.idx + len(to))
    channel = _media_channel(source, "report")
    return _Reading(cue_span, source, content, None, channel, "report" if channel else "assert")


# --- spans ----------------------------------------------------------------------------


def _subject(verb: "Token") -> "Token | None":
    """The nominal subject of ``verb``, borrowed from the governing verb when elided."""
    if verb.tag_ == "VBG" and not any(c.dep_ == "nsubj" for c in verb.children):
        absolute = _with_subject(verb)
        if absolute is not None:
            return absolute
    node = verb
    for _ in range(5):
        for child in node.children:
            if child.dep_ == "nsubj" or (node is verb and child.dep_ == "nsubjpass"):
                return child
        head = node.head
        if head.i == node.i:
            return None
        if node.dep_ in ("conj", "xcomp", "advcl"):
            node = head
        elif node.dep_ == "pcomp":
            node = head.head  # "responded by calling ...": the responder calls
        elif node.dep_ == "acl":
            # "issued a statement saying ...": the issuer speaks; "voters saying ...": voters.
            if head.dep_ not in ("dobj", "pobj", "attr"):
                return head
            node = head.head.head if head.dep_ == "pobj" else head.head
        else:
            return None
    return None


def _with_subject(verb: "Token") -> "Token | None":
    """'..., with X and Y accusing Z of ...': the object of 'with' just before the verb."""
    index = verb.i - 1
    while index >= 0 and verb.doc[index].is_space:
        index -= 1
    if index < 0:
        return None
    node = verb.doc[index]
    for _ in range(4):
        if node.dep_ == "pobj" and node.head.lower_ == "with":
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _rest_of_sentence(text: str, verb: "Token", speaker: "Token | None",
                      channel: tuple[int, int] | None) -> tuple[int, int] | None:
    """What follows a saying verb up to the sentence end, when the parse attached it
    elsewhere ("said in a statement that ...", "say the more X, the more Y")."""
    start = verb.idx + len(verb)
    for span in ((np_span(speaker) if speaker is not None else None), channel):
        if span is not None and start <= span[0] <= start + 2:
            start = span[1]
    if channel is not None and channel[0] <= start < channel[1]:
        start = channel[1]
    start, end = trim(text, start, verb.sent.end_char)
    words = text[start:end].split()
    if len(words) < 3:
        return None
    if words[0].lower() == "that" or len(words) >= 4:
        return start, end
    return None


def _rest_of_clause(head: "Token", cue: "Token") -> tuple[int, int] | None:
    """The clause of ``head`` without the cue's own subtree ("C, the minister said")."""
    start, end = subtree_span(head)
    cue_start, cue_end = subtree_span(cue)
    left = (start, cue_start)
    right = (cue_end, end)
    span = left if left[1] - left[0] >= right[1] - right[0] else right
    return span if span[1] > span[0] else None


def _cue_paragraph(
    text: str, span: tuple[int, int], cue_span: tuple[int, int]
) -> tuple[int, int] | None:
    """The part of ``span`` in the cue's paragraph: the parser sometimes runs a sentence
    on across a paragraph break and hands back a speaker phrase that starts in the
    previous paragraph (a closing quote mark, a headline)."""
    start, end = span
    if "\n\n" not in text[start:end]:
        return span
    if end <= cue_span[0]:
        start = text.rfind("\n\n", start, end) + 2
    else:
        end = text.find("\n\n", start, end)
    start, end = trim(text, start, end)
    return (start, end) if end > start else None


def _strip_space(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """The span without surrounding whitespace (a quote region can end on a space when
    its closing mark is really the next quote's opening one)."""
    if span is None:
        return None
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _content_with_quotes(
    text: str,
    cue_span: tuple[int, int],
    speaker: "Token | None",
    content: tuple[int, int] | None,
    quotes: list[tuple[int, int]],
) -> tuple[int, int] | None:
    """A quote right next to the cue is the content; else widen the parsed content to
    the quotes it touches, within the cue's paragraph.

    The parse often leaves a quote's marks (and its final comma) outside the clause,
    cannot see a quote that runs over several sentences, and sometimes merges a
    quote into the sentence before.
    """
    paragraph_start = text.rfind("\n\n", 0, cue_span[0]) + 1
    paragraph_end = text.find("\n\n", cue_span[1])
    paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
    if content is not None:
        # The parser sometimes runs a sentence on across a paragraph break.
        content = max(content[0], paragraph_start), min(content[1], paragraph_end)
        if content[1] <= content[0] or not text[content[0]:content[1]].strip():
            content = None
    block_start, block_end = cue_span
    if speaker is not None:
        # The speaker belongs to the block only when it touches the cue: "he said".
        s_start, s_end = trim(text, *np_span(speaker))
        if s_end <= cue_span[0] and not text[s_end:cue_span[0]].strip(" ,"):
            block_start = s_start
        elif s_start >= cue_span[1] and not text[cue_span[1]:s_start].strip(" ,"):
            block_end = s_end
    for q_start, q_end in quotes:
        if content is not None and not (q_start < content[1] and content[0] < q_end):
            continue  # the parse found other content: the quote belongs to another cue
        if block_end <= q_start <= block_end + 4 and not text[block_end:q_start].strip(" ,:\n"):
            return q_start, q_end
        # '"...," he said' but not '"... the end." He said that ...'.
        if block_start - 4 <= q_end <= block_start and not text[q_end:block_start].strip(" ,") \
                and ("," in text[q_end - 3:block_start] or text[q_end - 2] in "?!-—–"):
            return q_start, q_end
    if content is None:
        return None
    start, end = trim(text, *content)
    for q_start, q_end in quotes:
        if q_start < end and start < q_end and not (q_start <= cue_span[0] < q_end):
            start, end = min(start, q_start), max(end, q_end)
    return trim(text, start, end) if end > start else None


# --- roles ----------------------------------------------------------------------------


def _channel_span(prep: "Token") -> tuple[int, int]:
    """'in a statement that ...': the channel stops before the clause it introduces."""
    last = prep.right_edge.i
    for node in prep.subtree:
        if node.dep_ in ("acl", "ccomp", "relcl") and node.left_edge.lower_ == "that":
            last = min(last, node.left_edge.i - 1)
    return tokens_span(prep.doc, prep.left_edge.i, max(prep.i, last))


def _is_channel(prep: "Token") -> bool:
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and objects[0].lemma_.lower() in _CHANNEL_NOUNS


def _head_channel(verb: "Token") -> tuple[int, int] | None:
    """'In an interview with X, Y said': the channel may hang off the clause head."""
    head = verb.head
    if head.i == verb.i:
        return None
    for child in head.children:
        if child.dep_ == "prep" and child.i < verb.i and _is_channel(child):
            return trimmed_subtree(child)
    return None


def _media_channel(speaker: "Token", stance: str) -> tuple[int, int] | None:
    """A speaker that is a news outlet is also the channel: 'the Tass news agency' -> 'Tass'."""
    doc = speaker.doc
    if speaker.lemma_.lower() in _MEDIA_NOUNS:
        names = [c for c in speaker.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if names:
            return names[0].idx, names[-1].idx + len(names[-1])
        first, last = np_tokens(speaker)
        if doc[first].lower_ == "the" and first < speaker.i:
            first += 1
        return tokens_span(doc, first, last)
    if stance == "report" and speaker.ent_type_ == "ORG":
        entity = next((e for e in doc.ents if e.start <= speaker.i < e.end), None)
        if entity is not None:
            return entity.start_char, entity.end_char
    return None


def _clause_subject_text(verb: "Token", content: tuple[int, int]) -> str | None:
    """Who an allegation is about: the subject of the alleged clause."""
    for child in verb.children:
        if child.dep_ == "ccomp":
            subject = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.pos_ in ("PROPN", "NOUN"):
                return subtree_text(subject)
    return None


def _cluster_of(span: tuple[int, int], mentions: Iterable, text: str) -> int | None:
    """Cluster of the mention overlapping ``span``; for 'he'/'she', of the last person before.

    The pronoun rule is the cheapest coreference that is usually right in news,
    where a quote's "he said" follows the person just named.
    """
    start, end = span
    last_person = None
    for mention in mentions:
        ev = mention.evidence
        if ev.start < end and start < ev.end:
            return mention.cluster
        if ev.end <= start and getattr(mention, "label", "") == "PERSON":
            last_person = mention.cluster
    return last_person if text[start:end].lower() in _PRONOUN_SPEAKERS else None


def _inside(records: Iterable, span: tuple[int, int]) -> tuple:
    start, end = span
    return tuple(r for r in records if start <= r.evidence.start and r.evidence.end <= end)


__all__ = ["CUE_STANCES", "STANCES", "Attribution", "extract_attributions", "stance_of"]
