"""Interpreters for amounts of time: durations, sets, clock times and "N units ago".

Companion of :mod:`~storyline.language.timex.readings` (calendar names and deictic
words); split along that seam to keep each module small.
"""

from __future__ import annotations

import re

from storyline.language.timex.lexicon import (
    SEASONS,
    UNIT_GRANULARITY,
    UNITS,
    WEEKDAYS,
    duration_value,
    number_value,
)
from storyline.language.timex.readings import (
    DCT,
    PERIOD_OR_DCT,
    TEXT_ANY,
    TEXT_PERIOD,
    Reading,
    _approx_mod,
    _clean,
    _group,
    _month,
    _relative,
    period_mod,
)

_VAGUE = ("several", "a few", "few", "many", "some", "a couple of")


def _unit_key(word: str) -> str:
    word = word.lower()
    return "century" if word.startswith("centur") else word


def duration(match: re.Match[str], text: str) -> Reading | None:
    unit = _unit_key(match.group("unit"))
    if unit == "quarter" and re.match(r"\s+of\b", text[match.end() :]):
        return None  # a fraction: "three-quarters of its food"
    number_text = match.group("number")
    if (match.group(0).lower() == "one day"
            and re.search(r"\b(?:will|would|could|might|may|can|shall|must)\s+$",
                          text[max(0, match.start() - 8) : match.start()].lower())):
        return Reading("DATE", "ref", value="FUTURE_REF")  # "Islam will one day be ..."
    range_match = re.match(r"(.+?)\s+(?:or|to)\s+(.+)", number_text)
    mod = _approx_mod(match)
    if range_match:
        amount = number_value(range_match.group(1))
        mod = mod or "EQUAL_OR_MORE"
    else:
        amount = number_value(number_text)
    if amount is None or amount <= 0:
        return None
    if unit in ("second", "minute", "hour", "day", "week", "month") and amount > 1000:
        return None
    if unit == "year" and amount > 500:
        return None
    if match.group("plus"):
        mod = mod or ("APPROX" if "so" in match.group("plus") else "EQUAL_OR_MORE")
    span = None
    if _clean(match.group("det")) == "the" and re.search(r"\w-\w", match.group(0)):
        span = (match.start("number"), match.end())  # "the two-week delay": an adjective
    return Reading("DURATION", "duration", value=duration_value(amount, unit), mod=mod, span=span)


def vague_duration(match: re.Match[str]) -> Reading | None:
    word = match.group("unit").lower()
    unit = _unit_key(word if word.endswith("ies") else word.rstrip("s"))
    if _clean(match.group("det")) == "recent" and unit == "year":
        return Reading("DATE", "ref", value="PAST_REF")  # TimeBank reads "recent years" as a time
    return Reading("DURATION", "duration", value=duration_value(None, unit))


def bare_plural(match: re.Match[str]) -> Reading | None:
    unit = _unit_key(match.group("unit").removesuffix("s"))
    if unit not in UNITS:
        return None
    return Reading("DURATION", "duration", value=duration_value(None, unit))


def unit_adjective(match: re.Match[str]) -> Reading | None:
    if _clean(match.group("old")) == "old":
        return None  # an age: "a 6-year-old boy"
    amount = number_value(match.group("number"))
    if amount is None or amount <= 0:
        return None
    unit = _unit_key(match.group("unit"))
    return Reading("DURATION", "duration", value=duration_value(amount, unit))


def single_unit(match: re.Match[str], text: str) -> Reading | None:
    """"a week", "the year", "that day": a duration, a set, or the period in question."""
    det = _clean(match.group("det"))
    unit = _unit_key(match.group("unit"))
    before = text[max(0, match.start() - 24) : match.start()].lower()
    after = text[match.end() : match.end() + 12].lower()
    if det in ("a", "an"):
        if re.search(r"(\bonce|\btwice|times)\s*$", before):
            return Reading("SET", "set", value=duration_value(1, unit))
        if re.search(r"(\d|percent|%|cents?|dollars?|\$\S*|[a-z]s|hundred|thousand|"
                     r"[mbtr]illion)\s*$", before):
            return None  # a rate: "$500 million a year", "four flights a week"
    if re.match(r"\s*(?:before|earlier|after|later|ago|-)", after):
        return None  # "a year earlier", "the day before": other rules read those
    if det in ("the full", "the entire", "the whole") and unit == "year":
        return Reading("DATE", "year", relative=_relative("year", 0, "year"))
    if det not in ("the", "that", "the same"):
        return Reading("DURATION", "duration", value=duration_value(1, unit))
    if unit == "year":
        if re.match(r"\s+(?:ended|ending)\b", after):
            return Reading("DURATION", "duration", value="P1Y")  # a fiscal year, by its end
        if det == "the" and re.search(r"\b(?:during|over|throughout|all)\s+$", before):
            return Reading("DURATION", "duration", value="P1Y")
        # "for the year", "earlier in the year": the year being reported on
        return Reading("DATE", "year", relative=_relative("year", 0, "year"),
                       anchor=DCT if det == "the" else TEXT_ANY)
    if unit in ("month", "week", "day") and det != "the":
        granularity = UNIT_GRANULARITY[unit]
        return Reading("DATE", granularity, relative=_relative(unit, 0, granularity),
                       anchor=TEXT_ANY)
    return None


def ago(match: re.Match[str], text: str) -> Reading | None:
    unit = _unit_key(match.group("unit"))
    number_text = _clean(match.group("number"))
    direction = _clean(match.group("direction"))
    mod = _approx_mod(match) or ("APPROX" if match.group("orso") else None)
    vague = number_text in _VAGUE
    amount = None if vague else number_value(number_text)
    if not vague and (amount is None or amount <= 0):
        return None
    sign = 1 if direction in ("later", "after", "from now", "hence") else -1
    if vague:
        return Reading("DATE", "ref", value="FUTURE_REF" if sign > 0 else "PAST_REF")
    if amount != int(amount):
        return Reading("DURATION", "duration", value=duration_value(amount, unit), mod=mod)
    granularity = UNIT_GRANULARITY[unit]
    steps = int(amount)
    if unit in ("second", "minute", "hour"):
        return Reading("DURATION", "duration", value=duration_value(amount, unit), mod=mod)
    if unit in ("decade", "century"):
        steps, unit, granularity = steps * (10 if unit == "decade" else 100), "year", "year"
    if unit == "fortnight":
        steps, unit = steps * 2, "week"
    if unit == "night":
        unit, granularity = "day", "day"
    if unit == "weekend":
        unit = "week"
    relative = _relative(unit, sign * steps, granularity)
    anchor = DCT if direction in ("ago", "from now", "hence", "back") else TEXT_ANY
    if unit == "year" and steps == 1:
        # "a year ago/earlier" in a report on a fiscal period: that period a year before
        return Reading("DATE", granularity, relative=relative, mod=mod,
                       anchor=PERIOD_OR_DCT if anchor == DCT else TEXT_PERIOD,
                       sets_reference=False)
    return Reading("DATE", granularity, relative=relative, mod=mod, anchor=anchor)


def vague_ago(match: re.Match[str]) -> Reading | None:
    direction = _clean(match.group("direction"))
    return Reading("DATE", "ref", value="FUTURE_REF" if direction == "later" else "PAST_REF")


_SET_ADVERBS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
    "quarterly": "P3M", "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W",
    "bimonthly": "P2M", "semiannually": "P6M", "every other day": "P2D", "year-round": "P1Y",
}  # fmt: skip


def set_adverb(match: re.Match[str], text: str) -> Reading | None:
    word = _clean(match.group("word"))
    if word == "year-round":
        return None
    following = re.match(r"\s+([a-z]+)", text[match.end() : match.end() + 20])
    if word in ("quarterly", "monthly", "weekly") and following and following.group(1) not in (
        "and", "or", "in", "on", "at", "by", "for", "to", "from", "since", "until", "through",
    ):
        return None  # attributive "quarterly dividend": a kind of thing, not a time
    return Reading("SET", "set", value=_SET_ADVERBS[word])


def set_rule(match: re.Match[str]) -> Reading | None:
    if match.group("weekday"):
        weekday = WEEKDAYS[match.group("weekday").lower()]
        return Reading("SET", "set", value=f"XXXX-WXX-{weekday + 1}")
    if match.group("month"):
        month = _month(match.group("month"))
        return Reading("SET", "set", value=f"XXXX-{month:02d}") if month else None
    if match.group("season"):
        return Reading("SET", "set", value=f"XXXX-{SEASONS[match.group('season').lower()]}")
    unit = _unit_key(match.group("unit"))
    number_text = _clean(match.group("number"))
    amount = 2.0 if number_text == "other" else (number_value(number_text) if number_text else 1.0)
    if amount is None:
        return None
    return Reading("SET", "set", value=duration_value(amount, unit))


def set_times(match: re.Match[str]) -> Reading | None:
    return Reading("SET", "set", value=duration_value(1, _unit_key(match.group("unit"))))


def _clock_value(hour: int, minute: int | None, ampm: str) -> str | None:
    ampm = ampm.lower().replace(".", "").replace(" ", "")
    if not 1 <= hour <= 12 and ampm:
        return None
    if ampm == "pm" and hour != 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute or 0:02d}"


def clock(match: re.Match[str]) -> Reading | None:
    clock_time = _clock_value(int(match.group("hour")), int(match.group("minute") or 0),
                              match.group("ampm"))
    if clock_time is None:
        return None
    mod = {"about": "APPROX", "around": "APPROX", "approximately": "APPROX"}.get(
        _clean(_group(match, "approx")))
    return _with_day_ref(match, clock_time, mod)


def _with_day_ref(match: re.Match[str], time_of_day: str, mod: str | None) -> Reading:
    dayref = _clean(_group(match, "dayref"))
    if dayref:
        parts = dayref.split()
        if parts[-1] in WEEKDAYS:
            det = parts[0] if len(parts) > 1 else ""
            direction = {"last": -1, "next": 1, "this": 0}.get(det)
            offset = {"last": -1, "next": 1}.get(det, 0)
            relative = _relative("day", offset, "time", weekday=WEEKDAYS[parts[-1]],
                                 direction=direction or 0, time_of_day=time_of_day)
            return Reading("TIME", "time", relative=relative, mod=mod,
                           directional=direction is None)
        month = _month(parts[0])
        if month and len(parts) > 1 and parts[1][:2].rstrip("stndrh").isdigit():
            day = int(re.match(r"\d+", parts[1]).group())  # type: ignore[union-attr]
            relative = _relative("day", 0, "time", month=month, day=day, time_of_day=time_of_day)
            return Reading("TIME", "time", relative=relative, mod=mod, directional=True)
        offset = {"yesterday": -1, "tomorrow": 1}.get(dayref, 0)
        return Reading("TIME", "time", relative=_relative("day", offset, "time",
                                                          time_of_day=time_of_day), mod=mod)
    return Reading("TIME", "time", relative=_relative("day", 0, "time", time_of_day=time_of_day),
                   mod=mod, anchor=TEXT_ANY)


def clock_words(match: re.Match[str]) -> Reading | None:
    hour_number = number_value(match.group("hour"))
    if hour_number is None or not 1 <= hour_number <= 12:
        return None
    ampm = "am" if match.group("pod").lower() == "morning" else "pm"
    clock_time = _clock_value(int(hour_number), 0, ampm)
    return _with_day_ref(match, clock_time or "00:00", None)


_NOON = {"noon": "12:00", "midday": "12:00", "midnight": "24:00", "afternoon": "AF",
         "morning": "MO"}  # fmt: skip


def noon(match: re.Match[str]) -> Reading | None:
    word = match.group("word").lower()
    mod = period_mod(match)
    return _with_day_ref(match, _NOON[word], mod)


def noon_bare(match: re.Match[str]) -> Reading | None:
    return _with_day_ref(match, _NOON[match.group("word").lower()], None)


__all__ = [
    "ago",
    "bare_plural",
    "clock",
    "clock_words",
    "duration",
    "noon",
    "noon_bare",
    "set_adverb",
    "set_rule",
    "set_times",
    "single_unit",
    "unit_adjective",
    "vague_ago",
    "vague_duration",
]
