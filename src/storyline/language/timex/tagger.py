"""Tags TIMEX3 time expressions in a parsed article and normalises them.

The pipeline per article: run every grammar rule over the text (compiled regexes, no
per-token work), keep the longest non-overlapping readings, then walk them in text
order to settle what the match alone cannot: the direction of bare weekday/month
names (tense of the governing verb, from the spaCy parse) and the anchor of
expressions that count from a time the text gave ("two weeks later", "a year
earlier"). The fiscal period a report is about is the latest quarter or half it named,
unless that one lies after it (a forecast: "fourth-quarter results" in a third-quarter
report); after "for the nine months" a bare "a year earlier" compares whole years.
Values are computed with the creation date when known; otherwise they stay
symbolic and :func:`~storyline.language.timex.calendar.resolve` fills them in later.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from storyline.language.evidence import Evidence
from storyline.language.timex import fiscal, holidays, measures, readings
from storyline.language.timex.calendar import parse_value, value_of
from storyline.language.timex.direction import NEAREST, NEUTRAL, PAST, tense_direction
from storyline.language.timex.grammar import RULES
from storyline.language.timex.model import RelativeValue, TimeExpression
from storyline.language.timex.readings import DCT, PERIOD_OR_DCT, TEXT_ANY, TEXT_PERIOD, Reading

if TYPE_CHECKING:
    from spacy.tokens import Doc

Interpreter = Callable[[re.Match[str], str], Reading | None]


def _plain(function: Callable[[re.Match[str]], Reading | None]) -> Interpreter:
    return lambda match, text: function(match)


INTERPRETERS: dict[str, Interpreter] = {
    "clock": _plain(measures.clock),
    "clock_words": _plain(measures.clock_words),
    "noon": _plain(measures.noon),
    "noon_bare": _plain(measures.noon_bare),
    "month_day": _plain(readings.month_day),
    "day_month": _plain(readings.day_month),
    "week_of": _plain(readings.week_of),
    "iso_date": _plain(readings.iso_date),
    "slash_date": _plain(readings.slash_date),
    "month": readings.month,
    "decade": _plain(readings.decade),
    "century": _plain(readings.century),
    "year": readings.year,
    "spoken_year": _plain(readings.spoken_year_reading),
    "quarter": _plain(fiscal.quarter),
    "period_ref": fiscal.period_ref,
    "year_earlier": _plain(fiscal.year_earlier),
    "deictic": readings.deictic,
    "relative_unit": _plain(readings.relative_unit),
    "weekday": _plain(readings.weekday),
    "holiday": _plain(holidays.holiday_reading),
    "season": readings.season,
    "year_end": _plain(fiscal.year_end),
    "ago": measures.ago,
    "vague_ago": _plain(measures.vague_ago),
    "set": _plain(measures.set_rule),
    "set_adverb": measures.set_adverb,
    "set_times": _plain(measures.set_times),
    "duration": measures.duration,
    "vague_duration": _plain(measures.vague_duration),
    "bare_plural": _plain(measures.bare_plural),
    "bare_plural_in": _plain(measures.bare_plural),
    "unit_adjective": _plain(measures.unit_adjective),
    "single_unit": measures.single_unit,
}

_GRANULARITY_ORDER = ("time", "day", "weekend", "week", "month", "season", "quarter", "half",
                      "year", "decade", "century")  # fmt: skip
_CALENDAR = {"day", "week", "weekend", "month", "season", "quarter", "half", "year"}


# Rules over common words, which in a capitalised title are names ("This Week", "VOA Today").
_COMMON_WORD_RULES = {"deictic", "relative_unit", "noon_bare", "single_unit", "set_adverb"}


def _is_title(match: re.Match[str], text: str) -> bool:
    last_word = match.group(0).split()[-1]
    if not last_word[:1].isupper() or last_word.isupper():
        return False
    return not readings.sentence_initial(text, match.start()) or len(match.group(0).split()) > 1


def _candidates(text: str) -> list[tuple[int, int, int, Reading]]:
    found: list[tuple[int, int, int, Reading]] = []
    for priority, rule in enumerate(RULES):
        interpret = INTERPRETERS[rule.name]
        for match in rule.pattern.finditer(text):
            if rule.name in _COMMON_WORD_RULES and _is_title(match, text):
                continue
            reading = interpret(match, text)
            if reading is None:
                continue
            start, end = reading.span or match.span()
            while end > start and text[end - 1] in " ,;:-":
                end -= 1
            if end > start:
                found.append((start, end, priority, reading))
    return found


_JOINED = re.compile(r"\s*(?:-|–|—|to|through|until|till|and|or)\s*")
_RANGE_YEAR = re.compile(r",?\s+((?:1[5-9]|20)\d\d)(?!\d)")
_RANGE_TAIL = re.compile(
    r"\s*(?:-|–|—|to|through|until|till|and|or)\s*(\d{1,2})(?:st|nd|rd|th)?"
    r"(?![\d:.,]\d|\s*(?:%|percent|[ap]\.?m))"
)


def _range_tails(
    text: str, selected: list[tuple[int, int, Reading]]
) -> list[tuple[int, int, Reading]]:
    """"January 15 to 17": TimeML tags the closing day on its own, in the same month."""
    chosen = list(selected)
    extra: list[tuple[int, int, Reading]] = []
    for index, (start, end, reading) in enumerate(chosen):
        relative = reading.relative
        if reading.type != "DATE" or reading.granularity != "day":
            continue
        match = _RANGE_TAIL.match(text, end)
        if match is None or (index + 1 < len(chosen) and chosen[index + 1][0] < match.end()):
            continue
        day = int(match.group(1))
        year = _RANGE_YEAR.match(text, match.end())
        if relative is not None and relative.month is not None and relative.day is not None:
            if day <= relative.day or day > 31:
                continue
            if year is not None:  # "March 3-5, 2023": the year closes the whole range
                head_value = f"{year.group(1)}-{relative.month:02d}-{relative.day:02d}"
                chosen[index] = (start, end, replace(reading, relative=None, value=head_value,
                                                     directional=False))
                tail = replace(reading, relative=None, directional=False,
                               value=f"{year.group(1)}-{relative.month:02d}-{day:02d}")
                extra.append((match.start(1), year.end(), tail))
                continue
            tail = replace(reading, relative=replace(relative, day=day),
                           direction_from=(start, end))
        elif reading.value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", reading.value):
            if day <= int(reading.value[8:]) or day > 31:
                continue
            tail = replace(reading, value=f"{reading.value[:8]}{day:02d}", span=None)
        else:
            continue
        extra.append((match.start(1), match.start(1) + len(match.group(1)), tail))
    kept = [item for item in chosen
            if not any(item[0] < end and start < item[1] for start, end, _ in extra)]
    return sorted(kept + extra, key=lambda item: item[0])


def _select(candidates: list[tuple[int, int, int, Reading]]) -> list[tuple[int, int, Reading]]:
    """Longest match wins; among equally long ones, the earlier rule."""
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[int, int, Reading]] = []
    for start, end, _priority, reading in sorted(
        candidates, key=lambda item: (item[0] - item[1], item[2], item[0])
    ):
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            continue
        taken.append((start, end))
        chosen.append((start, end, reading))
    chosen.sort(key=lambda item: item[0])
    return chosen


def _coarser(first: str, second: str) -> str:
    order = _GRANULARITY_ORDER
    first_rank = order.index(first) if first in order else 0
    second_rank = order.index(second) if second in order else 0
    return first if first_rank >= second_rank else second


@dataclass(frozen=True, slots=True)
class _Reference:
    """The latest calendar time the text gave, as an anchor for the next expressions."""

    value: str
    relative: RelativeValue | None  # its symbolic form, to resolve it once the DCT is known
    granularity: str

    def anchor(self, relative: RelativeValue, granularity: str, offset: int) -> RelativeValue:
        # A reference that itself counts from the DCT is kept in its symbolic form, so the
        # record is the same whether or not the DCT was known when tagging.
        return replace(
            relative,
            anchor="TEXT",
            offset=offset,
            granularity=granularity,
            anchor_value=None if self.relative is not None else self.value,
            anchor_relative=self.relative,
        )


def _direction(doc: Doc, start: int, end: int, relative: RelativeValue) -> int | None:
    """Tense decides; with no tense clue a weekday counts as past (news narrates the
    past) and a month or season as the nearest one."""
    span = doc.char_span(start, end, alignment_mode="expand")
    direction = tense_direction(span) if span is not None and len(span) else NEUTRAL
    if direction == NEAREST:
        return None
    if direction != NEUTRAL:
        return direction
    return PAST if relative.weekday is not None else None


def _anchor_on_text(
    reading: Reading,
    relative: RelativeValue,
    reference: _Reference | None,
    period: _Reference | None,
) -> tuple[RelativeValue, str, str] | None:
    """Re-anchor ``relative`` on the text's period or reference time, when it asks for one.

    Returns the new relative form, its granularity and the anchor kind; None keeps the DCT.
    A result is never finer than its anchor: "two weeks later" after "in July 2023" is
    July 2023, and "a year earlier" after a quarter is that quarter a year before.
    """
    if reading.anchor in (TEXT_PERIOD, PERIOD_OR_DCT) and period is not None:
        own_unit = relative.unit in ("quarter", "half")  # "the quarter": the period itself
        offset = 0 if own_unit else relative.offset
        return period.anchor(relative, period.granularity, offset), period.granularity, "text"
    if reading.anchor not in (TEXT_ANY, TEXT_PERIOD) or reference is None:
        return None
    if relative.granularity == "time":
        if reference.granularity != "day":
            return None  # a clock time needs a day to hang on
        return reference.anchor(relative, "time", relative.offset), "time", "text"
    granularity = _coarser(relative.granularity, reference.granularity)
    return reference.anchor(relative, granularity, relative.offset), granularity, "text"


def _period_key(reference: _Reference) -> tuple[str, int, int] | None:
    """An order on periods that needs no DCT: absolute ones by date, ones counted from the
    DCT by (year offset, month), so "fourth-quarter" is later than "third-quarter" either way.
    """
    relative = reference.relative
    if relative is None:
        parsed = parse_value(reference.value)
        return None if parsed is None else ("absolute", parsed[0].year, parsed[0].month)
    if relative.anchor != "DCT" or relative.unit != "year":
        return None
    if relative.quarter is not None:
        return ("dct", relative.offset, 3 * relative.quarter - 2)
    if relative.half is not None:
        return ("dct", relative.offset, 6 * relative.half - 5)
    return None


def _is_later(current: _Reference, period: _Reference | None) -> bool:
    """Whether ``current`` comes after the period the text reports on: a forecast
    ("fourth-quarter results" in a third-quarter report), which must not replace it."""
    if period is None:
        return False
    current_key, period_key = _period_key(current), _period_key(period)
    if current_key is None or period_key is None or current_key[0] != period_key[0]:
        return False
    return current_key[1:] > period_key[1:]


_YEAR_TO_DATE = re.compile(r"the\s+(?:first\s+|latest\s+|past\s+)?(?:six|nine|6|9)\s+months",
                           re.IGNORECASE)
_YEAR_OF_DCT = RelativeValue("DCT", "year", 0, "year")


def _is_year_to_date(reading: Reading, extent: str) -> bool:
    """"the nine months", "the first six months": a report's year-to-date period."""
    return reading.type == "DURATION" and _YEAR_TO_DATE.fullmatch(extent) is not None


def _external_granularity(granularity: str) -> str:
    return "week" if granularity == "weekend" else granularity


def tag_time_expressions(
    doc: Doc, dct: date | None, article_id: str = ""
) -> tuple[TimeExpression, ...]:
    """Every time expression in ``doc``, normalised against the creation date ``dct``.

    With ``dct`` None nothing is guessed: expressions relative to the creation date keep a
    symbolic value ("XXXX-WXX-2") and their ``relative`` form, ready for ``resolve``.
    """
    text = doc.text
    sentence_starts = [sentence.start_char for sentence in doc.sents] if doc.has_annotation(
        "SENT_START") else [0]
    reference: _Reference | None = None
    period: _Reference | None = None
    # After "for the nine months", "a year earlier" compares whole years, not the quarter.
    comparison: _Reference | None = None
    out: list[TimeExpression] = []
    previous: tuple[int, int] = (-100, -100)  # extent whose tense the last expression used
    for start, end, reading in _range_tails(text, _select(_candidates(text))):
        relative = reading.relative
        anchor = "absolute" if reading.value and reading.type in ("DATE", "TIME") else "none"
        granularity = reading.granularity
        if relative is not None:
            anchor = "dct"
            if reading.directional:
                direction_start, direction_end = reading.direction_from or (start, end)
                if _JOINED.fullmatch(text[previous[1] : start]):
                    direction_start, direction_end = previous  # "from Monday to Wednesday"
                previous = (direction_start, direction_end)
                relative = replace(
                    relative, direction=_direction(doc, direction_start, direction_end, relative)
                )
            # "a year earlier" (not "the year-ago quarter") after "for the nine months"
            year_back = (comparison is not None and relative.unit == "year"
                         and relative.granularity == "year")
            text_anchored = _anchor_on_text(reading, relative, reference,
                                            comparison if year_back else period)
            if text_anchored is not None:
                relative, granularity, anchor = text_anchored
            value = value_of(relative, dct)
        else:
            value = reading.value or ""
            suffix = period.value[4:] if period is not None else ""
            if reading.period_year is not None and re.fullmatch(r"-[QH]\d", suffix):
                value = f"{reading.period_year:04d}{suffix}"  # "the 1988 quarter"
                granularity, anchor = period.granularity, "text"  # type: ignore[union-attr]
        if relative is None or not reading.directional:
            previous = (start, end)
        sentence = bisect_right(sentence_starts, start) - 1
        expression = TimeExpression(
            evidence=Evidence(article_id, max(sentence, 0), start, end, text[start:end]),
            type=reading.type,
            value=value,
            granularity=_external_granularity(granularity),
            mod=reading.mod,
            anchor=anchor,
            relative=relative,
        )
        out.append(expression)
        if _is_year_to_date(reading, text[start:end]):
            # "for the nine months, ... a year earlier": the comparison is now year on year
            if period is not None:
                year_relative = (replace(period.relative, granularity="year")
                                 if period.relative is not None else None)
                comparison = _Reference(period.value[:4], year_relative, "year")
            else:
                comparison = _Reference(value_of(_YEAR_OF_DCT, dct), _YEAR_OF_DCT, "year")
        if (reading.sets_reference and reading.type in ("DATE", "TIME")
                and granularity in _CALENDAR and "REF" not in value):
            current = _Reference(value, relative, granularity)
            if granularity in ("quarter", "half") and not _is_later(current, period):
                period, comparison = current, None
            if reading.anchor == DCT or anchor == "absolute":
                reference = current
    return tuple(out)


__all__ = ["INTERPRETERS", "tag_time_expressions"]
