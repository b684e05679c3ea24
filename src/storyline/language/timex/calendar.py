"""Calendar arithmetic behind TIMEX3 values: shift a date, format it at a granularity,
and resolve a :class:`RelativeValue` against an anchor date.

Seasons follow the TimeML habit of naming a season by the year its months mostly fall
in: spring = Mar-May, summer = Jun-Aug, fall = Sep-Nov, winter = Dec-Feb labelled with
the year of its January (so December 2023 is in "2024-WI"). That makes "last winter"
on 2024-01-14 the winter before the current one: "2023-WI".
"""

from __future__ import annotations

import calendar as _calendar
import dataclasses
import re
from datetime import date, timedelta

from storyline.language.timex.holidays import holiday_date, pick_holiday
from storyline.language.timex.model import RelativeValue, TimeExpression

SEASON_ORDER = ("WI", "SP", "SU", "FA")  # order within a season-year
_MONTH_SEASON = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP",
                 6: "SU", 7: "SU", 8: "SU", 9: "FA", 10: "FA", 11: "FA"}  # fmt: skip
_SEASON_FIRST_MONTH = {"WI": 1, "SP": 3, "SU": 6, "FA": 9}
_MIN_YEAR, _MAX_YEAR = 2, 9998


def _clamp_year(year: int) -> int:
    return min(max(year, _MIN_YEAR), _MAX_YEAR)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, the day of month clamped to the target month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    year = _clamp_year(year)
    last = _calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def season_index(day: date) -> int:
    season = _MONTH_SEASON[day.month]
    label_year = day.year + 1 if day.month == 12 else day.year
    return label_year * 4 + SEASON_ORDER.index(season)


def _season_start(index: int) -> date:
    year, order = divmod(index, 4)
    return date(_clamp_year(year), _SEASON_FIRST_MONTH[SEASON_ORDER[order]], 1)


def shift(day: date, unit: str, steps: int) -> date:
    """Move ``day`` by ``steps`` calendar units (weekends count as weeks)."""
    if steps == 0:
        return day
    try:
        if unit == "day":
            return day + timedelta(days=steps)
        if unit in ("week", "weekend"):
            return day + timedelta(weeks=steps)
        if unit == "month":
            return add_months(day, steps)
        if unit == "quarter":
            return add_months(day, 3 * steps)
        if unit == "half":
            return add_months(day, 6 * steps)
        if unit == "season":
            return _season_start(season_index(day) + steps)
        if unit == "year":
            return add_months(day, 12 * steps)
        if unit == "decade":
            return add_months(day, 120 * steps)
        if unit == "century":
            return add_months(day, 1200 * steps)
    except (OverflowError, ValueError):
        return day
    return day


def format_value(day: date, granularity: str) -> str:
    """The TIMEX3 value of the period of ``granularity`` that contains ``day``."""
    if granularity in ("day", "time"):
        return day.isoformat()
    if granularity == "week":
        iso_year, week, _ = day.isocalendar()
        return f"{iso_year:04d}-W{week:02d}"
    if granularity == "weekend":
        iso_year, week, _ = day.isocalendar()
        return f"{iso_year:04d}-W{week:02d}-WE"
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if granularity == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if granularity == "half":
        return f"{day.year:04d}-H{(day.month - 1) // 6 + 1}"
    if granularity == "season":
        index = season_index(day)
        return f"{index // 4:04d}-{SEASON_ORDER[index % 4]}"
    if granularity == "decade":
        return f"{day.year // 10:03d}"
    if granularity == "century":
        return f"{day.year // 100:02d}"
    return f"{day.year:04d}"


_VALUE = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?|W(?P<week>\d{1,2})|"
    r"Q(?P<quarter>[1-4])|H(?P<half>[12])|(?P<season>SP|SU|FA|WI)))?"
)


def parse_value(value: str) -> tuple[date, str] | None:
    """The first day and granularity of a calendar TIMEX3 value, or None (symbolic values)."""
    match = _VALUE.match(value)
    if match is None:
        return None
    year = int(match.group("year"))
    try:
        if match.group("day"):
            return date(year, int(match.group("month")), int(match.group("day"))), "day"
        if match.group("month"):
            return date(year, int(match.group("month")), 1), "month"
        if match.group("week"):
            return date.fromisocalendar(year, int(match.group("week")), 1), "week"
        if match.group("quarter"):
            return date(year, 3 * int(match.group("quarter")) - 2, 1), "quarter"
        if match.group("half"):
            return date(year, 6 * int(match.group("half")) - 5, 1), "half"
        if match.group("season"):
            return _season_start(year * 4 + SEASON_ORDER.index(match.group("season"))), "season"
    except ValueError:
        return None
    return date(year, 1, 1), "year"


def _pick_weekday(base: date, weekday: int, direction: int | None) -> date:
    if direction is None:
        offset = (weekday - base.weekday()) % 7
        return base + timedelta(days=offset if offset <= 3 else offset - 7)
    if direction < 0:
        return base - timedelta(days=(base.weekday() - weekday) % 7)
    if direction > 0:
        return base + timedelta(days=(weekday - base.weekday()) % 7)
    return base + timedelta(days=weekday - base.weekday())


def _pick_month(base: date, month: int, day: int | None, direction: int | None) -> date:
    wanted_day = day or 1
    candidate_year = base.year
    key = (month, wanted_day if day else 0)
    base_key = (base.month, base.day if day else 0)
    if direction is None:  # nearest, leaning to the past as news does
        distance = (month - base.month) + ((wanted_day - base.day) / 31 if day else 0)
        if distance > 5:
            candidate_year -= 1
        elif distance < -7:
            candidate_year += 1
    elif direction < 0 and key > base_key:
        candidate_year -= 1
    elif direction > 0 and key < base_key:
        candidate_year += 1
    candidate_year = _clamp_year(candidate_year)
    last = _calendar.monthrange(candidate_year, month)[1]
    return date(candidate_year, month, min(wanted_day, last))


def _pick_season(base: date, season: str, direction: int | None) -> date:
    index = season_index(base)
    order = SEASON_ORDER.index(season)
    year = index // 4
    target = year * 4 + order
    if direction is None:
        if target - index > 2:
            target -= 4
        elif index - target > 2:
            target += 4
    elif direction < 0 and target > index:
        target -= 4
    elif direction > 0 and target < index:
        target += 4
    return _season_start(target)


def resolve_relative(relative: RelativeValue, anchor: date) -> str:
    """The calendar value ``relative`` denotes when its anchor falls on ``anchor``."""
    base = shift(anchor, relative.unit, relative.offset)
    if relative.holiday is not None:
        if relative.granularity == "week" and relative.direction == -1:
            base += timedelta(days=6)  # "as Easter week began": the week already under way
        base = pick_holiday(base, relative.holiday, relative.direction)
    elif relative.weekday is not None:
        base = _pick_weekday(base, relative.weekday, relative.direction)
    elif relative.month is not None:
        base = _pick_month(base, relative.month, relative.day, relative.direction)
    elif relative.season is not None:
        base = _pick_season(base, relative.season, relative.direction)
    elif relative.quarter is not None:
        base = date(base.year, 3 * relative.quarter - 2, 1)
    elif relative.half is not None:
        base = date(base.year, 6 * relative.half - 5, 1)
    value = format_value(base, relative.granularity)
    if relative.time_of_day and relative.granularity in ("day", "time"):
        value += "T" + relative.time_of_day
    return value


def symbolic_value(relative: RelativeValue) -> str:
    """A TIMEX3 value with X for what the unknown anchor date would fill in."""
    granularity = relative.granularity
    if granularity in ("day", "time"):
        if relative.holiday is not None:
            fixed = holiday_date(relative.holiday, 2001)  # a year with no movable-feast overlap
            same = fixed == holiday_date(relative.holiday, 2002).replace(year=2001)
            value = f"XXXX-{fixed.month:02d}-{fixed.day:02d}" if same else "XXXX-XX-XX"
        elif relative.weekday is not None:
            value = f"XXXX-WXX-{relative.weekday + 1}"
        else:
            month = f"{relative.month:02d}" if relative.month else "XX"
            day = f"{relative.day:02d}" if relative.day else "XX"
            value = f"XXXX-{month}-{day}"
        return value + ("T" + relative.time_of_day if relative.time_of_day else "")
    if granularity == "week":
        return "XXXX-WXX"
    if granularity == "weekend":
        return "XXXX-WXX-WE"
    if granularity == "month":
        return f"XXXX-{relative.month:02d}" if relative.month else "XXXX-XX"
    if granularity == "quarter":
        return f"XXXX-Q{relative.quarter}" if relative.quarter else "XXXX-QX"
    if granularity == "half":
        return f"XXXX-H{relative.half}" if relative.half else "XXXX-HX"
    if granularity == "season":
        return f"XXXX-{relative.season}" if relative.season else "XXXX-XX"
    if granularity == "decade":
        return "XXX"
    if granularity == "century":
        return "XX"
    return "XXXX"


def anchor_date(relative: RelativeValue, dct: date | None) -> date | None:
    """The date ``relative`` counts from: the DCT, or the text's reference time."""
    if relative.anchor != "TEXT":
        return dct
    if relative.anchor_value is not None:
        parsed = parse_value(relative.anchor_value)
        if parsed is not None:
            return parsed[0]
    if relative.anchor_relative is not None and dct is not None:
        parsed = parse_value(value_of(relative.anchor_relative, dct))
        if parsed is not None:
            return parsed[0]
    return None


def value_of(relative: RelativeValue, dct: date | None) -> str:
    """Calendar value when the anchor is known, else the symbolic value."""
    anchor = anchor_date(relative, dct)
    if anchor is None:
        return symbolic_value(relative)
    return resolve_relative(relative, anchor)


def resolve(expression: TimeExpression, dct: date) -> TimeExpression:
    """``expression`` with its value computed against the creation date ``dct``.

    Expressions with no symbolic form (absolute dates, durations, PRESENT_REF) come back
    unchanged; the symbolic form is kept so the expression can be re-resolved.
    """
    if expression.relative is None or expression.type in ("DURATION", "SET"):
        return expression
    value = value_of(expression.relative, dct)
    if value == expression.value:
        return expression
    return dataclasses.replace(expression, value=value)


__all__ = [
    "add_months",
    "anchor_date",
    "format_value",
    "parse_value",
    "resolve",
    "resolve_relative",
    "shift",
    "symbolic_value",
    "value_of",
]
