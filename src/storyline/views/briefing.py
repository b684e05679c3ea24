"""The briefing: a short, extractive, fully cited multi-source summary of one story.

:func:`build_briefing` reads a store; :func:`compose_briefing` is the pure core over
:class:`BriefingInputs` (fused records as exported plus article metadata). Every sentence
is taken from an article (an event's or a claim's evidence sentence) or is a templated
line over extracted quantities, and carries the ids of the articles it rests on. Copies
are folded: one sentence per duplicate group and content, taken from the group's
original when it holds one. A sentence whose sources are all one duplicate group is
flagged ``single_source``.

Sections: what happened (events in date order), who says what (accusations with the
denials they meet, then the best-sourced statements), key numbers (how estimates moved,
from the fused number chains) and, with ``since``, what is new since that date.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from storyline.errors import UnknownId
from storyline.views.timeline import calendar_interval, sentence_around

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# Event types told under "who says what" rather than "what happened".
SPEECH_EVENTS = frozenset(("statement", "accusation", "denial", "other"))
# Speakers that name nobody: the template falls back to the outlet.
_VAGUE_SPEAKERS = frozenset(("he", "she", "it", "they", "that", "which", "who", "this",
                             "its", "his", "her", "their", "we", "i", "you"))
_LOWER_FIRST = frozenset(("the", "a", "an", "its", "his", "her", "their", "it", "this",
                          "that", "these", "those", "some", "several", "both", "neither"))
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
SINGLE_SOURCE = "(single source)"


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What the briefing needs to know about one article."""

    id: str
    outlet: str | None
    title: str | None
    published: str | None  # ISO date, found or inferred
    group_id: str
    is_original: bool  # the duplicate group's original (or a singleton)


@dataclass(frozen=True, slots=True)
class BriefingInputs:
    """The fused picture (dicts as exported) and article metadata and texts."""

    stories: tuple[Mapping[str, Any], ...]
    events: tuple[Mapping[str, Any], ...]
    claims: tuple[Mapping[str, Any], ...]
    contradictions: tuple[Mapping[str, Any], ...]
    articles: Mapping[str, ArticleMeta]
    texts: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class BriefingOptions:
    story_id: str | None = None  # None: the largest story
    from_date: date | None = None
    to_date: date | None = None
    since: date | None = None
    max_events: int = 8
    max_exchanges: int = 4
    max_statements: int = 4
    max_numbers: int = 3
    max_new: int = 6


@dataclass(frozen=True, slots=True)
class Source:
    number: int  # 1-based, as cited ("[1]")
    article_id: str
    outlet: str | None
    title: str | None
    published: str | None

    def label(self) -> str:
        return f"{self.outlet or 'unknown outlet'}, “{self.title or '(untitled)'}”, " \
               f"{self.published or 'undated'}"


@dataclass(frozen=True, slots=True)
class BriefSentence:
    """One sentence of the briefing: ``text`` is the lead-in plus the extracted words."""

    text: str
    citations: tuple[str, ...]  # article ids
    single_source: bool
    kind: str  # event, accusation, denial, statement, numbers
    record_id: str | None = None  # the event, claim or contradiction it comes from
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Section:
    key: str  # happened, claims, numbers, new
    heading: str
    sentences: tuple[BriefSentence, ...]


@dataclass(frozen=True, slots=True)
class Briefing:
    story_id: str | None
    title: str
    first_date: str | None
    last_date: str | None
    since: str | None
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]

    @property
    def _numbers(self) -> dict[str, int]:
        return {source.article_id: source.number for source in self.sources}

    def number_of(self, article_id: str) -> int:
        return self._numbers[article_id]

    def sentences(self) -> tuple[BriefSentence, ...]:
        return tuple(s for section in self.sections for s in section.sentences)

    def cited_numbers(self, sentence: BriefSentence) -> list[int]:
        return sorted(self._numbers[a] for a in sentence.citations)

    def _marks(self, sentence: BriefSentence) -> str:
        return "".join(f"[{n}]" for n in self.cited_numbers(sentence))

    def to_dict(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id,
            "title": self.title,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "since": self.since,
            "sections": [
                {
                    "key": section.key,
                    "heading": section.heading,
                    "sentences": [
                        {
                            "text": s.text,
                            "citations": self.cited_numbers(s),
                            "article_ids": list(s.citations),
                            "single_source": s.single_source,
                            "kind": s.kind,
                            "record_id": s.record_id,
                            "date": s.date,
                        }
                        for s in section.sentences
                    ],
                }
                for section in self.sections
            ],
            "sources": [
                {"number": s.number, "article_id": s.article_id, "outlet": s.outlet,
                 "title": s.title, "published": s.published}
                for s in self.sources
            ],
        }

    def to_markdown(self) -> str:
        lines = [f"# Briefing: {_flat(self.title)}", ""]
        if self.first_date:
            lines += [f"_Coverage from {self.first_date} to {self.last_date}; "
                      f"{len(self.sources)} source article(s)._", ""]
        for section in self.sections:
            lines += [f"## {section.heading}", ""]
            if not section.sentences:
                lines += ["_Nothing to report._", ""]
                continue
            for sentence in section.sentences:
                mark = f" {SINGLE_SOURCE}" if sentence.single_source else ""
                lines.append(f"- {_flat(sentence.text)} {self._marks(sentence)}{mark}")
            lines.append("")
        lines += ["## Sources", ""]
        lines += [f"{s.number}. {_flat(s.label())} (`{s.article_id}`)" for s in self.sources]
        return "\n".join(lines) + "\n"

    def to_html(self) -> str:
        esc = html.escape
        parts = [
            "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
            f"<title>Briefing: {esc(_flat(self.title))}</title>",
            "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46em;margin:2em auto;"
            "padding:0 1em;color:#222}sup a{text-decoration:none}.single{color:#a05a00;"
            "font-size:.9em}li{margin:.3em 0}</style>",
            "</head><body>", f"<h1>Briefing: {esc(_flat(self.title))}</h1>",
        ]
        if self.first_date:
            parts.append(f"<p><em>Coverage from {esc(self.first_date)} to "
                         f"{esc(str(self.last_date))}; {len(self.sources)} source article(s)."
                         "</em></p>")
        for section in self.sections:
            parts.append(f"<h2>{esc(section.heading)}</h2>")
            if not section.sentences:
                parts.append("<p><em>Nothing to report.</em></p>")
                continue
            parts.append("<ul>")
            for sentence in section.sentences:
                marks = "".join(f'<sup><a href="#source-{n}">[{n}]</a></sup>'
                                for n in self.cited_numbers(sentence))
                single = (f' <span class="single">{esc(SINGLE_SOURCE)}</span>'
                          if sentence.single_source else "")
                parts.append(f"<li>{esc(_flat(sentence.text))} {marks}{single}</li>")
            parts.append("</ul>")
        parts.append("<h2>Sources</h2><ol>")
        for source in self.sources:
            parts.append(f'<li id="source-{source.number}">{esc(_flat(source.label()))} '
                         f"<code>{esc(source.article_id)}</code></li>")
        parts.append("</ol></body></html>")
        return "\n".join(parts) + "\n"


# --- helpers --------------------------------------------------------------------------------


def _flat(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _content_key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def day_label(value: str | None, *, with_year: bool = True) -> str | None:
    """'2025-01-28' -> '28 January 2025'; a month -> 'January 2025'; else None."""
    interval = calendar_interval(value)
    if interval is None:
        return None
    start, _, precision = interval
    if precision == "day":
        return f"{start.day} {MONTHS[start.month - 1]}" + (f" {start.year}" if with_year else "")
    if precision == "month":
        return f"{MONTHS[start.month - 1]} {start.year}"
    return None


def short_day(value: str | None) -> str:
    interval = calendar_interval(value)
    if interval is None or interval[2] != "day":
        return value or "undated"
    start = interval[0]
    return f"{start.day} {MONTHS[start.month - 1][:3]}."


def _with_lead(lead: str, sentence: str) -> str:
    """``lead`` + sentence, lower-casing a leading article or pronoun ("The ministry")."""
    first, _, rest = sentence.partition(" ")
    if first.lower() in _LOWER_FIRST:
        sentence = first.lower() + (" " + rest if rest else "")
    return f"{lead}{sentence}"


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _names_day(sentence: str, when: str | None, published: str | None) -> int:
    """How plainly ``sentence`` names the day ``when``: 2 for month and day ("March 3",
    "3 March"), 1 for its weekday within a week of publication, else 0."""
    interval = calendar_interval(when)
    if interval is None or interval[2] != "day":
        return 0
    day = interval[0]
    month = MONTHS[day.month - 1]
    pattern = rf"\b({month}|{month[:3]}\.?)\s+{day.day}\b|\b{day.day}\s+({month}|{month[:3]})\b"
    if re.search(pattern, sentence):
        return 2
    published_interval = calendar_interval(published)
    if published_interval is not None and re.search(rf"\b{_WEEKDAYS[day.weekday()]}\b", sentence):
        if abs((published_interval[0] - day).days) <= 7:
            return 1
    return 0


def _speaker_name(speaker: str | None) -> str | None:
    name = _flat(speaker)
    if not name or name.lower() in _VAGUE_SPEAKERS or not name[0].isupper():
        return None
    return name if len(name) <= 70 else None


def _in_range(value: str | None, start: date | None, end: date | None) -> bool:
    if start is None and end is None:
        return True
    interval = calendar_interval(value)
    if interval is None:
        return False
    return (start is None or interval[1] >= start) and (end is None or interval[0] <= end)


class _Composer:
    """Picks and words the sentences; remembers what was said to fold repeats."""

    def __init__(self, inputs: BriefingInputs, story_articles: set[str]) -> None:
        self.inputs = inputs
        self.articles = inputs.articles
        self.story_articles = story_articles
        self.said: set[str] = set()  # content keys of sentences already used
        self.said_by_group: set[tuple[str, str]] = set()

    # -- sources and evidence --
    def published(self, article_id: str) -> str | None:
        meta = self.articles.get(article_id)
        return meta.published if meta else None

    def group(self, article_id: str) -> str:
        meta = self.articles.get(article_id)
        return meta.group_id if meta else f"article:{article_id}"

    def order(self, article_ids: Iterable[str]) -> tuple[str, ...]:
        """Known article ids, originals first, then by date, one per group first."""
        known = [a for a in dict.fromkeys(article_ids) if a in self.articles]
        return tuple(sorted(known, key=lambda a: (not self.articles[a].is_original,
                                                  self.published(a) or "9999", a)))

    def single(self, article_ids: Iterable[str]) -> bool:
        return len({self.group(a) for a in article_ids}) <= 1

    def sentence_of(self, evidence: Sequence[tuple[str, int, int]],
                    when: str | None = None) -> tuple[str, str] | None:
        """The evidence sentence to quote, (article id, sentence): one that names the day
        ``when`` if any does, then from the original of its group, then the earliest."""
        candidates = []
        for article_id, start, end in evidence:
            if article_id not in self.inputs.texts or article_id not in self.articles:
                continue
            text = _flat(sentence_around(self.inputs.texts[article_id], start, end, limit=320))
            # A sentence opening on a bare pronoun leans on one the briefing does not quote.
            if len(text.split()) < 5 or text.split()[0].lower() in _VAGUE_SPEAKERS:
                continue
            candidates.append((-_names_day(text, when, self.published(article_id)),
                               not self.articles[article_id].is_original,
                               self.published(article_id) or "9999", article_id, text))
        if not candidates:
            return None
        best = min(candidates)
        return best[3], best[4]

    def fresh(self, article_id: str, text: str) -> bool:
        """Whether ``text`` says something not yet said (copies count as said)."""
        key = _content_key(text)
        return bool(key) and key not in self.said and \
            (self.group(article_id), key) not in self.said_by_group

    def remember(self, article_id: str, text: str) -> None:
        key = _content_key(text)
        self.said.add(key)
        self.said_by_group.add((self.group(article_id), key))

    # -- events --
    def event_sentences(self, events: Iterable[Mapping[str, Any]], limit: int,
                        since: date | None = None) -> list[BriefSentence]:
        candidates = []
        for event in events:
            if str(event.get("event_type")) in SPEECH_EVENTS:
                continue
            value = event.get("date")
            interval = calendar_interval(value)
            if interval is None or interval[2] != "day":
                continue
            sources = self.order(event.get("article_ids") or ())
            if not sources:
                continue
            if since is not None and min(self.published(a) or "0000" for a in sources) < since.isoformat():
                continue
            evidence = []
            for mention in event.get("mentions") or ():
                article_id, _, offsets = str(mention).rpartition("#")
                if "-" in offsets:
                    start, end = (int(x) for x in offsets.split("-", 1))
                    evidence.append((article_id, start, end))
            groups = len({self.group(a) for a in sources})
            candidates.append((groups, len(sources), event, sources, evidence))
        candidates.sort(key=lambda c: (-c[0], -c[1], str(c[2].get("date")), str(c[2].get("id"))))
        chosen: list[BriefSentence] = []
        for _, _, event, sources, evidence in candidates:
            if len(chosen) >= limit:
                break
            picked = self.sentence_of(evidence, event.get("date"))
            if picked is None or not self.fresh(*picked):
                continue
            self.remember(*picked)
            when = day_label(event.get("date"), with_year=False)
            latest = max((self.published(a) or "" for a in sources), default="")
            ahead = str(event.get("date")) > latest or event.get("status") in ("planned", "expected")
            lead = (f"Planned for {when}: " if ahead else f"On {when}, ") if when else ""
            chosen.append(BriefSentence(
                text=_with_lead(lead, picked[1]) if not ahead else lead + picked[1],
                citations=sources, single_source=self.single(sources), kind="event",
                record_id=event.get("id"), date=event.get("date"),
            ))
        chosen.sort(key=lambda s: (s.date or "", s.text))
        return chosen

    # -- claims --
    def claim_sentence(self, claim: Mapping[str, Any], kind: str, lead: str) -> BriefSentence | None:
        sources = self.order(claim.get("sources") or ())
        if not sources:
            return None
        evidence = [(str(e.get("article_id")), int(e.get("start", 0)), int(e.get("end", 0)))
                    for e in claim.get("evidence") or ()]
        picked = self.sentence_of(evidence)
        if picked is None or not self.fresh(*picked):
            return None
        self.remember(*picked)
        speaker = _speaker_name(claim.get("speaker"))
        plain = kind == "statement" and speaker is not None and speaker in picked[1]
        return BriefSentence(
            text=picked[1] if plain else f"{lead}“{picked[1]}”", citations=sources, single_source=self.single(sources),
            kind=kind, record_id=claim.get("id"), date=claim.get("first_seen"),
        )

    def outlet_of(self, article_ids: Sequence[str]) -> str:
        for article_id in self.order(article_ids):
            outlet = self.articles[article_id].outlet
            if outlet:
                return outlet
        return "One report"

    def accusation_lead(self, claim: Mapping[str, Any]) -> str:
        speaker, target = _speaker_name(claim.get("speaker")), _flat(claim.get("target"))
        if speaker:
            return f"{speaker} accused {target}: " if target else f"{speaker} made an accusation: "
        outlet = self.outlet_of(claim.get("sources") or ())
        return f"{outlet} reported the accusation: "

    def denial_lead(self, claim: Mapping[str, Any]) -> str:
        speaker = _speaker_name(claim.get("speaker"))
        if speaker:
            return f"{speaker} denied it: "
        return f"{self.outlet_of(claim.get('sources') or ())} reported a denial: "

    def statement_lead(self, claim: Mapping[str, Any]) -> str:
        speaker = _speaker_name(claim.get("speaker"))
        verb = {"predict": "expected", "pledge": "pledged", "deny": "denied",
                "report": "reported"}.get(str(claim.get("stance")), "said")
        if speaker:
            return f"{speaker} {verb}: "
        return f"{self.outlet_of(claim.get('sources') or ())} reported: "


def _chain_sentence(composer: _Composer, contradiction: Mapping[str, Any],
                    claims: Mapping[str, Mapping[str, Any]], start: date | None,
                    end: date | None) -> BriefSentence | None:
    """'The estimate of X grew from A (date, outlet) to B (date, outlet).'"""
    steps: list[tuple[str, Mapping[str, Any], tuple[str, ...]]] = []
    for step in contradiction.get("chain") or ():
        seen = step.get("seen")
        claim = claims.get(str(step.get("claim_id")))
        if not seen or claim is None or not _in_range(seen, start, end):
            continue
        sources = composer.order(claim.get("sources") or ())
        if sources:
            steps.append((str(seen), step, sources))
    steps.sort(key=lambda s: (s[0], float(s[1].get("value") or 0)))
    # Fold repeats: a step saying what the previous one said adds a source, not a step.
    # A restated figure adds sources to the step that first gave it, not a new step.
    folded: list[tuple[str, Mapping[str, Any], list[str]]] = []
    for seen, step, sources in steps:
        figure = (step.get("value"), step.get("bound"))
        earlier = next((item for item in folded
                        if (item[1].get("value"), item[1].get("bound")) == figure), None)
        if earlier is not None:
            earlier[2].extend(a for a in sources if a not in earlier[2])
            continue
        folded.append((seen, step, list(sources)))
    if len(folded) < 2:
        return None
    first, last = float(folded[0][1].get("value") or 0), float(folded[-1][1].get("value") or 0)
    verb = "grew" if last > first else "shrank" if last < first else "moved"

    def phrase(item: tuple[str, Mapping[str, Any], list[str]]) -> str:
        seen, step, sources = item
        return f"{_flat(step.get('text'))} ({short_day(seen)}, {composer.outlet_of(sources)})"

    middle = folded[1:-1]
    measure = str(contradiction.get("measure") or "")
    if measure.startswith("money"):
        subject = "The reported sum"
    elif measure:
        subject = f"The {measure.split(':')[0].replace('-', ' ')} estimate"
    else:
        subject = "The estimate"
    if contradiction.get("kind") == "number-conflict":
        verb = "differed"
    text = f"{subject} {verb} from {phrase(folded[0])}"
    if middle:
        text += ", through " + ", ".join(phrase(item) for item in middle) + ","
    text += f" to {phrase(folded[-1])}."
    citations = composer.order(a for item in folded for a in item[2])
    return BriefSentence(text=text, citations=citations, single_source=composer.single(citations),
                         kind="numbers", record_id=contradiction.get("id"), date=folded[-1][0])


def _pick_story(inputs: BriefingInputs, story_id: str | None) -> Mapping[str, Any] | None:
    if story_id is not None:
        for story in inputs.stories:
            if story.get("id") == story_id:
                return story
        known = ", ".join(str(s.get("id")) for s in inputs.stories) or "none"
        raise UnknownId(f"no story with id {story_id!r} (stories: {known})")
    if not inputs.stories:
        return None
    return max(inputs.stories, key=lambda s: (len(s.get("article_ids") or ()), str(s.get("id"))))


def compose_briefing(inputs: BriefingInputs, options: BriefingOptions = BriefingOptions()) -> Briefing:
    """The briefing for one story (the largest by default; every article when there are
    no stories)."""
    story = _pick_story(inputs, options.story_id)
    story_articles = set(story.get("article_ids") or ()) if story else set(inputs.articles)
    composer = _Composer(inputs, story_articles)
    start, end = options.from_date, options.to_date

    def touches(ids: Iterable[str]) -> bool:
        return any(a in story_articles for a in ids)

    events = [e for e in inputs.events if touches(e.get("article_ids") or ())
              and _in_range(e.get("date"), start, end)]
    claims = [c for c in inputs.claims if touches(c.get("sources") or ())
              and (start is None and end is None or _in_range(c.get("first_seen"), start, end))]
    claims_by_id = {str(c.get("id")): c for c in inputs.claims}
    story_claim_ids = {str(c.get("id")) for c in claims}

    new_events: list[Mapping[str, Any]] = []
    new_claims: list[Mapping[str, Any]] = []
    if options.since is not None:
        # The background sections tell what was known before ``since``; the rest is new.
        floor = options.since.isoformat()

        def first_reported(ids: Iterable[str]) -> str:
            return min((composer.published(a) or "0000" for a in ids), default="0000")

        new_events = [e for e in events if first_reported(e.get("article_ids") or ()) >= floor]
        new_claims = [c for c in claims if str(c.get("first_seen") or "0000") >= floor]
        events = [e for e in events if first_reported(e.get("article_ids") or ()) < floor]
        claims = [c for c in claims if str(c.get("first_seen") or "0000") < floor]

    happened = composer.event_sentences(events, options.max_events)

    said: list[BriefSentence] = []
    used: set[str] = set()
    accusations = sorted(
        (c for c in claims if c.get("stance") == "accuse"),
        key=lambda c: (-int(c.get("independent_source_count") or 0), str(c.get("first_seen") or "9999")),
    )
    exchanges = 0
    for accusation in accusations:
        if exchanges >= options.max_exchanges:
            break
        denials = [claims_by_id[i] for i in accusation.get("contradicts") or ()
                   if i in claims_by_id and i in story_claim_ids
                   and claims_by_id[i].get("stance") == "deny" and i not in used]
        if not denials:
            continue
        first = composer.claim_sentence(accusation, "accusation", composer.accusation_lead(accusation))
        if first is None:
            continue
        used.add(str(accusation.get("id")))
        said.append(first)
        for denial in denials:
            reply = composer.claim_sentence(denial, "denial", composer.denial_lead(denial))
            used.add(str(denial.get("id")))
            if reply is not None:
                said.append(reply)
                break
        exchanges += 1
    statements = sorted(
        (c for c in claims if str(c.get("id")) not in used and c.get("stance") in ("assert", "deny")
         and _speaker_name(c.get("speaker"))),
        key=lambda c: (-int(c.get("independent_source_count") or 0),
                       -int(c.get("raw_source_count") or 0), str(c.get("first_seen") or "9999")),
    )
    added = 0
    for claim in statements:
        if added >= options.max_statements:
            break
        sentence = composer.claim_sentence(claim, "statement", composer.statement_lead(claim))
        if sentence is not None:
            said.append(sentence)
            added += 1

    numbers: list[BriefSentence] = []
    for contradiction in inputs.contradictions:
        if len(numbers) >= options.max_numbers:
            break
        if contradiction.get("kind") not in ("number-evolution", "number-conflict"):
            continue
        if not story_claim_ids & {str(i) for i in contradiction.get("claim_ids") or ()}:
            continue
        sentence = _chain_sentence(composer, contradiction, claims_by_id, start, end)
        if sentence is not None:
            numbers.append(sentence)

    sections = [
        Section("happened", "What happened", tuple(happened)),
        Section("claims", "Who says what", tuple(said)),
        Section("numbers", "Key numbers", tuple(numbers)),
    ]
    if options.since is not None:
        sections.append(Section(
            "new", f"New since {day_label(options.since.isoformat())}",
            tuple(_new_since(composer, new_events, new_claims, options)),
        ))

    numbers_of: dict[str, int] = {}
    for section in sections:
        for sentence in section.sentences:
            for article_id in sentence.citations:
                numbers_of.setdefault(article_id, len(numbers_of) + 1)
    sources = tuple(
        Source(number, article_id, inputs.articles[article_id].outlet,
               inputs.articles[article_id].title, inputs.articles[article_id].published)
        for article_id, number in numbers_of.items()
    )
    dates = sorted(d for d in (composer.published(a) for a in story_articles) if d)
    return Briefing(
        story_id=str(story.get("id")) if story else None,
        title=_flat(str(story.get("title") if story else "")) or "all articles",
        first_date=dates[0] if dates else None, last_date=dates[-1] if dates else None,
        since=options.since.isoformat() if options.since else None,
        sections=tuple(sections), sources=sources,
    )


def _new_since(composer: _Composer, events: list[Mapping[str, Any]],
               claims: list[Mapping[str, Any]], options: BriefingOptions) -> list[BriefSentence]:
    """Sentences over ``events`` first reported, and ``claims`` first made, on or after
    ``since``; a claim cites only the articles published since."""
    since = options.since
    assert since is not None
    floor = since.isoformat()

    def recent(ids: Iterable[str]) -> list[str]:
        return [a for a in ids if (composer.published(a) or "") >= floor]

    sentences = composer.event_sentences(events, options.max_new // 2, since=since)
    fresh_claims = sorted(
        (dict(c, sources=recent(c.get("sources") or ()),
              evidence=[e for e in c.get("evidence") or () if (composer.published(
                  str(e.get("article_id"))) or "") >= floor])
         for c in claims if c.get("stance") in ("assert", "accuse", "deny", "pledge")
         and _speaker_name(c.get("speaker"))),
        key=lambda c: (-int(c.get("independent_source_count") or 0), str(c.get("first_seen"))),
    )
    for claim in fresh_claims:
        if len(sentences) >= options.max_new:
            break
        if not claim["sources"]:
            continue
        kind = "accusation" if claim.get("stance") == "accuse" else "statement"
        lead = (composer.accusation_lead(claim) if kind == "accusation"
                else composer.statement_lead(claim))
        sentence = composer.claim_sentence(claim, kind, lead)
        if sentence is not None:
            sentences.append(sentence)
    sentences.sort(key=lambda s: (s.date or "", s.kind))
    return sentences


# --- reading a store -----------------------------------------------------------------------


def briefing_inputs(store: Any) -> BriefingInputs:
    """Everything the briefing reads from a :class:`~storyline.store.base.Store`."""
    inferred = {str(d.get("article_id")): d.get("value") for d in store.fused("dating")}
    articles: dict[str, ArticleMeta] = {}
    for stored in store.iter_articles():
        article = stored.article
        found = article.published.value
        published = found.isoformat() if found else inferred.get(article.id)
        articles[article.id] = ArticleMeta(
            id=article.id, outlet=article.outlet, title=article.title, published=published,
            group_id=stored.group_id, is_original=stored.copy_of is None,
        )
    events = tuple(store.fused("event"))
    claims = tuple(store.fused("claim"))
    needed = sorted({a for e in events for a in e.get("article_ids") or ()}
                    | {a for c in claims for a in c.get("sources") or ()})
    return BriefingInputs(
        stories=tuple(store.fused("story")), events=events, claims=claims,
        contradictions=tuple(store.fused("contradiction")), articles=articles,
        texts=store.texts(needed) if needed else {},
    )


def build_briefing(store: Any, options: BriefingOptions = BriefingOptions()) -> Briefing:
    """The briefing for a store's story (see :func:`compose_briefing`)."""
    return compose_briefing(briefing_inputs(store), options)


__all__ = [
    "ArticleMeta",
    "BriefSentence",
    "Briefing",
    "BriefingInputs",
    "BriefingOptions",
    "Section",
    "Source",
    "briefing_inputs",
    "build_briefing",
    "compose_briefing",
    "day_label",
]
