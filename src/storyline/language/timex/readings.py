"""Interpreters: turn one grammar match into a normalised reading.

A reading is the tagger's draft of a TIMEX3: a fixed value (absolute dates, durations,
sets, PRESENT_REF) or a :class:`RelativeValue` still to be resolved, plus flags saying
what the tagger must decide from context (tense direction, a text reference time).
Interpreters see only the match; they are pure and never look at the parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from storyline.language.timex.lexicon import (
    MONTHS,
    PARTS_OF_DAY,
    SEASONS,
    UNIT_GRANULARITY,
    WEEKDAYS,
    duration_value,
    spoken_year,
)
from storyline.language.timex.model import RelativeValue

# Where a reading's relative value counts from: the DCT; the nearest time the text gave;
# the fiscal period the text reports on, else the nearest time (TEXT_PERIOD) or else the
# DCT (PERIOD_OR_DCT, for "a year ago", which counts from the DCT outside financial news).
DCT, TEXT_ANY, TEXT_PERIOD, PERIOD_OR_DCT = "dct", "text", "period", "period_or_dct"


@dataclass(frozen=True, slots=True)
class Reading:
    type: str
    granularity: str
    value: str | None = None
    relative: RelativeValue | None = None
    mod: str | None = None
    directional: bool = False  # the direction of a named day/month comes from tense
    anchor: str = DCT  # DCT, TEXT_ANY (nearest reference time) or TEXT_PERIOD (fiscal period)
    span: tuple[int, int] | None = None  # a narrower extent than the match, when needed
    # False for expressions that look back from the text's period ("a year earlier"):
    # they must not become the reference the next such expression counts from.
    sets_reference: bool = True
    period_year: int | None = None  # "the 1988 quarter": the text's fiscal period in 1988
    direction_from: tuple[int, int] | None = None  # the extent whose tense decides direction


def _group(match: re.Match[str], name: str) -> str | None:
    try:
        return match.group(name)
    except IndexError:
        return None


def _clean(word: str | None) -> str:
    return re.sub(r"\s+", " ", (word or "").lower().strip(" .-"))


_PERIOD_MODS = {
    "early": "START", "earlier": "START", "beginning": "START", "start": "START",
    "mid": "MID", "middle": "MID", "late": "END", "later": "END", "end": "END",
    "close": "END", "turn": "END", "pre": "BEFORE", "post": "AFTER", "first half": "START",
    "second half": "END", "last half": "END", "latter half": "END", "rest": "END",
    "remainder": "END",
}  # fmt: skip

_APPROX_MODS = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "close to": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN",
    "less than": "LESS_THAN", "fewer than": "LESS_THAN", "under": "LESS_THAN",
    "barely": "LESS_THAN", "more than": "MORE_THAN", "over": "MORE_THAN",
    "well over": "MORE_THAN", "at least": "EQUAL_OR_MORE", "up to": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS",
}  # fmt: skip


def period_mod(match: re.Match[str]) -> str | None:
    word = _clean(_group(match, "pmod"))
    for prefix in ("the ",):
        word = word.removeprefix(prefix)
    word = re.sub(r"\s+of(\s+the)?$", "", word)
    return _PERIOD_MODS.get(word)


def _approx_mod(match: re.Match[str]) -> str | None:
    return _APPROX_MODS.get(_clean(_group(match, "approx")))


def _month(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _relative(unit: str, offset: int, granularity: str, **fields: object) -> RelativeValue:
    return RelativeValue(anchor="DCT", unit=unit, offset=offset, granularity=granularity,
                         **fields)  # type: ignore[arg-type]


def _determiner_offset(det: str) -> int | None:
    """-1/0/+1 for last/this/next; None when the determiner needs the context."""
    det = _clean(det)
    if det in ("last", "past", "previous", "the previous", "this past", "the prior", "prior"):
        return -1
    if det in ("next", "coming", "this coming", "the following", "the coming", "the next"):
        return 1
    if det in ("this", "the current", "current", "the same", "that", "the"):
        return 0
    return None


# ---------------------------------------------------------------- calendar dates


def month_day(match: re.Match[str]) -> Reading | None:
    month_word = match.group("month")
    month = _month(month_word)
    day = int(re.match(r"\d+", match.group("day")).group())  # type: ignore[union-attr]
    if month is None or not _is_capitalised(month_word) or day > 31:
        return None
    year = match.group("year")
    det = _clean(_group(match, "det"))
    if year:
        return Reading("DATE", "day", value=f"{int(year):04d}-{month:02d}-{day:02d}")
    if det:  # "last Oct. 23"
        direction = -1 if det in ("last", "this past") else 1
        relative = _relative("day", 0, "day", month=month, day=day, direction=direction)
        return Reading("DATE", "day", relative=relative)
    relative = _relative("day", 0, "day", month=month, day=day)
    return Reading("DATE", "day", relative=relative, directional=True)


def week_of(match: re.Match[str]) -> Reading | None:
    day = month_day(match)
    if day is None:
        return None
    if day.value is not None:
        parsed = date.fromisoformat(day.value)
        iso_year, week, _ = parsed.isocalendar()
        return Reading("DATE", "week", value=f"{iso_year:04d}-W{week:02d}")
    relative = replace(day.relative, granularity="week")  # type: ignore[arg-type]
    return Reading("DATE", "week", relative=relative, directional=True)


def day_month(match: re.Match[str]) -> Reading | None:
    return month_day(match)


def iso_date(match: re.Match[str]) -> Reading | None:
    year, month, day = int(match.group("year")), int(match.group("month")), int(match.group("day"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if match.group("hour"):
        value = f"{year:04d}-{month:02d}-{day:02d}T{match.group('hour')}:{match.group('minute')}"
        return Reading("TIME", "time", value=value)
    return Reading("DATE", "day", value=f"{year:04d}-{month:02d}-{day:02d}")


def slash_date(match: re.Match[str]) -> Reading | None:
    first, second, year = int(match.group("a")), int(match.group("b")), match.group("year")
    short = int(year)
    full_year = short if len(year) == 4 else (1900 + short if short > 30 else 2000 + short)
    month, day = (first, second) if first <= 12 else (second, first)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return Reading("DATE", "day", value=f"{full_year:04d}-{month:02d}-{day:02d}")


_MONTH_CONTEXT = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|through|to|of|during|before|after|early|mid|late|"
    r"last|next|this|end|beginning|and|or)\s*-?\s*)$",
    re.IGNORECASE,
)


def month(match: re.Match[str], text: str) -> Reading | None:
    month_word = match.group("month")
    number = _month(month_word)
    if number is None or not _is_capitalised(month_word):
        return None
    has_context = any(match.group(name) for name in ("year", "det", "pmod", "ydet", "words"))
    if month_word.lower() in ("may", "march") and not has_context:
        before = text[max(0, match.start() - 12) : match.start()]
        if not _MONTH_CONTEXT.search(before):
            return None
    if not match.group("year") and "." not in month_word and len(month_word) <= 4 and \
            month_word.lower() not in ("may", "june", "july"):
        return None  # "Jan Kavan": an abbreviation needs its dot, a day or a year
    mod = period_mod(match)
    spoken = spoken_year(match.group("words")) if match.group("words") else None
    if match.group("year") or spoken:
        year_value = int(match.group("year")) if match.group("year") else spoken
        return Reading("DATE", "month", value=f"{year_value:04d}-{number:02d}", mod=mod)
    if match.group("ydet"):
        offset = _determiner_offset(match.group("ydet"))
        relative = _relative("year", offset or 0, "month", month=number)
        return Reading("DATE", "month", relative=relative, mod=mod)
    det = _clean(match.group("det"))
    if det in ("last", "previous", "the previous", "this past"):
        relative = _relative("month", -1, "month", month=number, direction=-1)
        return Reading("DATE", "month", relative=relative, mod=mod)
    if det in ("next", "this coming", "the following"):
        relative = _relative("month", 1, "month", month=number, direction=1)
        return Reading("DATE", "month", relative=relative, mod=mod)
    if det == "this":
        return Reading("DATE", "month", relative=_relative("year", 0, "month", month=number),
                       mod=mod)
    relative = _relative("day", 0, "month", month=number)
    return Reading("DATE", "month", relative=relative, mod=mod, directional=True)


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}  # fmt: skip


def decade(match: re.Match[str]) -> Reading | None:
    mod = period_mod(match)
    if match.group("century"):
        value = f"{match.group('century')}{match.group('decade')}"
    elif match.group("short"):
        value = f"19{match.group('short')}"
    else:
        value = f"19{_DECADE_WORDS[match.group('word').lower()]}"
    return Reading("DATE", "decade", value=value, mod=mod)


def century(match: re.Match[str]) -> Reading | None:
    if match.group("number"):
        number = int(match.group("number"))
        if not 1 <= number <= 21:
            return None
        return Reading("DATE", "century", value=f"{number - 1:02d}", mod=period_mod(match))
    det = _clean(match.group("det"))
    if det in ("the last", "the past", "the next", "this"):
        # TimeBank/AQUAINT read "this century" as the hundred years up to now
        return Reading("DURATION", "duration", value="P100Y")
    offset = _determiner_offset(det) or 0
    return Reading("DATE", "century", relative=_relative("century", offset, "century"))


def year(match: re.Match[str], text: str) -> Reading | None:
    value = int(match.group("year"))
    if "half" in (match.group("pmod") or ""):
        return None  # "the first half of 1990": a half-year, read by the quarter rule
    prefix = match.group("fiscal") or match.group("pmod") or match.group("period")
    if not prefix and not 1900 <= value <= 2099:
        return None
    if not prefix:
        before = text[max(0, match.start() - 2) : match.start()]
        if before.endswith(("#", "No", "No.", "$")):
            return None
    period = _clean(match.group("period"))
    span = None
    if (match.group(0)[:4].lower() == "the " and not period and not match.group("fiscal")
            and not match.group("pmod")):
        span = (match.start() + 4, match.end())  # TimeBank leaves "the" out of "the 1987 ..."
    if period in ("period", "quarter"):
        return Reading("DATE", "year", value=f"{value:04d}", anchor=TEXT_PERIOD,
                       period_year=value, sets_reference=False)
    return Reading("DATE", "year", value=f"{value:04d}", mod=period_mod(match), span=span)


def spoken_year_reading(match: re.Match[str]) -> Reading | None:
    value = spoken_year(match.group("words"))
    if value is None or not 1000 <= value <= 2099:
        return None
    return Reading("DATE", "year", value=f"{value:04d}")


def sentence_initial(text: str, start: int) -> bool:
    """Whether ``start`` opens a sentence (so a capital letter there says nothing)."""
    before = text[:start].rstrip(" \t\"'`(")
    return not before or before[-1] in ".!?:\n"


# ---------------------------------------------------------------- deictic words

_REFS = {
    "now": "PRESENT_REF", "nowadays": "PRESENT_REF", "currently": "PRESENT_REF",
    "current": "PRESENT_REF",  # "current market conditions": TimeML tags the adjective
    "then current": "PAST_REF", "then-current": "PAST_REF",
    "the present": "PRESENT_REF",
    "these days": "PRESENT_REF", "recently": "PAST_REF", "more recently": "PAST_REF",
    "lately": "PAST_REF", "the past": "PAST_REF", "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF", "the distant future": "FUTURE_REF",
    "the foreseeable future": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the long term": "FUTURE_REF", "a later date": "FUTURE_REF",
}  # fmt: skip
_DAY_OFFSETS = {"today": 0, "tonight": 0, "overnight": 0, "yesterday": -1, "tomorrow": 1,
                "the day before yesterday": -2, "the day after tomorrow": 2, "this": 0,
                "last": -1}  # fmt: skip


def deictic(match: re.Match[str], text: str) -> Reading | None:
    word = _clean(match.group("word"))
    if (match.group("word") == "Now" and text[match.end() : match.end() + 1] == ","
            and sentence_initial(text, match.start())):
        return None  # "Now, he says, ...": a discourse marker, not a time
    if word == "a while":  # "for a while": an unknown length of time
        return Reading("DURATION", "duration", value="PXX")
    if word in _REFS:
        granularity = "ref"
        return Reading("DATE", granularity, value=_REFS[word])
    head = re.match(r"(?:(early|late|earlier|later|mid-?afternoon)\s+)?(.*)", word)
    assert head is not None
    modifier, rest = head.group(1), head.group(2)
    mod = {"early": "START", "earlier": "START", "late": "END", "later": "END",
           "mid-afternoon": "MID", "midafternoon": "MID"}.get(modifier or "")  # fmt: skip
    if modifier and modifier.startswith("mid"):
        rest_pod = "AF"
    else:
        rest_pod = None
    pod_word = match.group("pod") or match.group("pod2")
    if word.startswith("mid") and "afternoon" in word and not re.search(r"yesterday|today", word):
        return Reading("TIME", "time", relative=_relative("day", 0, "time", time_of_day="AF"),
                       mod="MID", anchor=TEXT_ANY)
    if match.group("pod5"):
        pod = PARTS_OF_DAY[match.group("pod5").lower()]
        return Reading("TIME", "time", relative=_relative("day", 0, "time", time_of_day=pod),
                       anchor=TEXT_ANY)
    if rest.startswith("the next") or rest.startswith("the following"):
        pod = match.group("pod3") or match.group("pod4")
        return Reading("DATE", "day", relative=_relative("day", 1, "day",
                       time_of_day=PARTS_OF_DAY.get(pod or "")), anchor=TEXT_ANY)
    if rest.startswith("the previous") or "before" in rest and "yesterday" not in rest:
        return Reading("DATE", "day", relative=_relative("day", -1, "day"), anchor=TEXT_ANY)
    key = rest.split()[0] if rest.split() else rest
    if rest in _DAY_OFFSETS:
        key = rest
    offset = _DAY_OFFSETS.get(key, 0)
    if key == "last" and pod_word:  # "last night" is the night before the report
        offset = -1
    pod = PARTS_OF_DAY.get(pod_word or "") or rest_pod
    if key in ("tonight", "overnight"):
        pod = "NI"
    relative = _relative("day", offset, "day", time_of_day=pod)
    return Reading("TIME" if pod else "DATE", "time" if pod else "day", relative=relative, mod=mod)


# ---------------------------------------------------------------- relative periods


def relative_unit(match: re.Match[str]) -> Reading | None:
    det = _clean(match.group("det"))
    unit_word = match.group("unit").lower()
    mod = period_mod(match)
    season = SEASONS.get(unit_word)
    unit = "season" if season else unit_word
    granularity = "season" if season else UNIT_GRANULARITY[unit]
    if det in ("the past", "the last") and unit == "year" and mod is None:
        # TimeBank reads "over the past year" as the year before the report, a date
        return Reading("DATE", "year", relative=_relative("year", -1, "year"))
    if det in ("past", "coming", "the past", "the last", "the next", "the coming"):
        if season or unit == "weekend":
            return None
        return Reading("DURATION", "duration", value=duration_value(1, unit))
    if unit == "weekend":
        offset = _determiner_offset(det)
        if offset is None:
            return None
        relative = _relative("week", offset, "weekend", weekday=5, direction=0)
        if det in ("the", "that"):
            relative = _relative("day", 0, "weekend", weekday=5)
            return Reading("DATE", "weekend", relative=relative, directional=True)
        return Reading("DATE", "weekend", relative=relative, mod=mod)
    if det in ("the", "that") and not season:
        if mod is None and det == "the":
            return None  # "the week", "the year": left to the single-unit rule
        offset = 0
        return Reading("DATE", granularity, relative=_relative(unit, offset, granularity),
                       mod=mod, anchor=TEXT_ANY if det == "that" else DCT)
    if det in ("the following", "the previous", "the prior", "the same"):
        offset = _determiner_offset(det) or 0
        return Reading("DATE", granularity, relative=_relative(unit, offset, granularity),
                       mod=mod, anchor=TEXT_ANY)
    offset = _determiner_offset(det)
    if offset is None:
        return None
    if season:
        if det == "the" and mod is None:
            return None  # TimeBank tags "summer" in "the summer" (the season rule)
        if det in ("the", "that"):
            relative = _relative("day", 0, "season", season=season)
            return Reading("DATE", "season", relative=relative, mod=mod, directional=True)
        if det == "this past":  # the latest one before the current season
            relative = _relative("season", -1, "season", season=season, direction=-1)
            return Reading("DATE", "season", relative=relative, mod=mod)
        # TimeML practice: "last fall" is the fall of the previous (season-)year
        relative = _relative("year", offset, "season", season=season, direction=0)
        return Reading("DATE", "season", relative=relative, mod=mod)
    return Reading("DATE", granularity, relative=_relative(unit, offset, granularity), mod=mod)


def weekday(match: re.Match[str]) -> Reading | None:
    word = match.group("weekday")
    if not _is_capitalised(word):
        return None
    number = WEEKDAYS[word.lower()]
    pod = PARTS_OF_DAY.get((match.group("pod") or "").lower())
    if match.group("plural") or match.group("podplural"):
        value = f"XXXX-WXX-{number + 1}" + (f"T{pod}" if pod else "")
        return Reading("SET", "set", value=value)
    det = _clean(match.group("det"))
    mod = {"early": "START", "earlier": "START", "late": "END", "later": "END"}.get(det)
    if det in ("last", "this past", "the previous"):
        relative = _relative("day", -1, "day", weekday=number, direction=-1, time_of_day=pod)
        directional = False
    elif det in ("next", "this coming", "the following"):
        relative = _relative("day", 1, "day", weekday=number, direction=1, time_of_day=pod)
        directional = False
    elif det == "this":
        relative = _relative("day", 0, "day", weekday=number, direction=0, time_of_day=pod)
        directional = False
    else:
        relative = _relative("day", 0, "day", weekday=number, time_of_day=pod)
        directional = True
    anchor = TEXT_ANY if det in ("the previous", "the following", "that") else DCT
    return Reading("TIME" if pod else "DATE", "time" if pod else "day", relative=relative,
                   mod=mod, directional=directional, anchor=anchor)


def season(match: re.Match[str], text: str) -> Reading | None:
    code = SEASONS[match.group("season").lower()]
    det = _clean(match.group("det"))
    mod = {"early": "START", "the early": "START", "late": "END", "the late": "END",
           "mid": "MID"}.get(det)  # fmt: skip
    if match.group("year"):
        return Reading("DATE", "season", value=f"{int(match.group('year')):04d}-{code}", mod=mod)
    if match.group("words"):
        spoken = spoken_year(match.group("words"))
        if spoken:
            return Reading("DATE", "season", value=f"{spoken:04d}-{code}", mod=mod)
    if code == "FA" and not det:
        return None  # "fall" is far more often the verb
    if match.group("season")[0].isupper() and not sentence_initial(text, match.start()):
        return None  # a name: "Prague Spring", "Spring of Life"
    relative = _relative("day", 0, "season", season=code)
    return Reading("DATE", "season", relative=relative, mod=mod, directional=True)


__all__ = ["DCT", "PERIOD_OR_DCT", "TEXT_ANY", "TEXT_PERIOD", "Reading", "period_mod"]
