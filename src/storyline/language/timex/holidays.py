"""Named days: fixed-date and rule-based holidays, and the readings that name them.

"Thanksgiving Day", "last Christmas", "Easter week": a holiday is a date that depends
on the year, so it resolves like a bare month name (tense picks the year) through
``RelativeValue.holiday``. US holidays are included because wire copy uses them.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from storyline.language.timex.model import RelativeValue


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The ``nth`` (1-based; -1 = last) ``weekday`` (0 = Monday) of a month."""
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


_FIXED = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
    "independence day": (7, 4), "fourth of july": (7, 4), "halloween": (10, 31),
    "veterans day": (11, 11), "christmas eve": (12, 24), "christmas day": (12, 25),
    "christmas": (12, 25), "boxing day": (12, 26),
}  # fmt: skip


def holiday_date(name: str, year: int) -> date:
    """The date of holiday ``name`` (a key of :data:`HOLIDAYS`) in ``year``."""
    if name in _FIXED:
        month, day = _FIXED[name]
        return date(year, month, day)
    if name in ("easter", "easter sunday"):
        return easter(year)
    if name == "good friday":
        return easter(year) - timedelta(days=2)
    if name == "easter monday":
        return easter(year) + timedelta(days=1)
    if name in ("thanksgiving", "thanksgiving day"):
        return _nth_weekday(year, 11, 3, 4)
    if name == "election day":  # the Tuesday after the first Monday of November
        return _nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    if name == "labor day":
        return _nth_weekday(year, 9, 0, 1)
    if name == "memorial day":
        return _nth_weekday(year, 5, 0, -1)
    if name in ("martin luther king day", "martin luther king jr. day"):
        return _nth_weekday(year, 1, 0, 3)
    if name in ("presidents day", "presidents' day"):
        return _nth_weekday(year, 2, 0, 3)
    raise KeyError(name)


HOLIDAYS = tuple(_FIXED) + (
    "easter sunday", "easter monday", "easter", "good friday", "thanksgiving day",
    "thanksgiving", "election day", "labor day", "memorial day", "martin luther king jr. day",
    "martin luther king day", "presidents' day", "presidents day",
)  # fmt: skip

HOLIDAY_PATTERN = "(?:" + "|".join(
    re.escape(name).replace(r"\ ", r"\s+").replace("'", "'?")
    for name in sorted(HOLIDAYS, key=len, reverse=True)
) + ")"


def canonical_holiday(text: str) -> str | None:
    cleaned = re.sub(r"\s+", " ", text.lower().strip())
    if cleaned in HOLIDAYS:
        return cleaned
    with_apostrophe = cleaned.replace("years", "year's").replace("valentines", "valentine's")
    return with_apostrophe if with_apostrophe in HOLIDAYS else None


def pick_holiday(base: date, name: str, direction: int | None) -> date:
    """The occurrence of holiday ``name`` nearest ``base`` in ``direction``."""
    this_year = holiday_date(name, base.year)
    if direction is None:
        candidates = [holiday_date(name, base.year + step) for step in (-1, 0, 1)]
        return min(candidates, key=lambda day: (abs((day - base).days), day > base))
    if direction < 0 and this_year > base:
        return holiday_date(name, base.year - 1)
    if direction > 0 and this_year < base:
        return holiday_date(name, base.year + 1)
    return this_year


def holiday_relative(name: str, det: str, week: bool) -> RelativeValue:
    """The symbolic value of "[last|this|next] <holiday> [week]"."""
    granularity = "week" if week else "day"
    if det in ("last", "this past"):
        return RelativeValue("DCT", "day", -1, granularity, direction=-1, holiday=name)
    if det in ("next", "this coming"):
        return RelativeValue("DCT", "day", 1, granularity, direction=1, holiday=name)
    if det == "this":
        return RelativeValue("DCT", "year", 0, granularity, direction=0, holiday=name)
    return RelativeValue("DCT", "day", 0, granularity, direction=None, holiday=name)


__all__ = [
    "HOLIDAYS",
    "HOLIDAY_PATTERN",
    "canonical_holiday",
    "easter",
    "holiday_date",
    "holiday_relative",
    "pick_holiday",
]


def holiday_reading(match: re.Match[str]):  # type: ignore[no-untyped-def]
    """Interpreter for the "holiday" grammar rule."""
    from storyline.language.timex.readings import Reading  # readings never imports this module

    name = canonical_holiday(match.group("name"))
    if name is None or not match.group("name")[:1].isupper():
        return None
    det = re.sub(r"\s+", " ", (match.group("det") or "").lower())
    week = bool(match.group("week")) and "end" not in match.group("week").lower()
    relative = holiday_relative(name, det, week)
    return Reading("DATE", relative.granularity, relative=relative, directional=not det)
