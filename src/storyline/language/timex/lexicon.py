"""Word lists of English temporal language and the number words they use.

Everything the regular grammar in :mod:`~storyline.language.timex.grammar` alternates over
lives here, so a new spelling is a one-line change.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip

SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}  # fmt: skip

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "nights": "NI",
    "overnight": "NI", "tonight": "NI",
}  # fmt: skip

ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
    "4th": 4, "final": 4, "last": 4,
}  # fmt: skip

# Unit word -> (TIMEX3 duration letter, whether it needs the "T" time designator)
UNITS: dict[str, tuple[str, bool]] = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "weekend": ("WE", False),
    "fortnight": ("W", False), "month": ("M", False), "quarter": ("Q", False),
    "year": ("Y", False), "decade": ("DE", False), "century": ("CE", False),
}  # fmt: skip

UNIT_GRANULARITY: dict[str, str] = {
    "second": "time", "minute": "time", "hour": "time", "day": "day", "night": "day",
    "week": "week", "weekend": "weekend", "fortnight": "week", "month": "month",
    "quarter": "quarter", "year": "year", "decade": "decade", "century": "century",
}  # fmt: skip

_SMALL: dict[str, int] = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "dozen": 12, "couple": 2,
}  # fmt: skip

# Words that count an unknown number of units: "several years", "a few weeks".
VAGUE_QUANTITIES = ("several", "a few", "few", "some", "many", "a couple of", "couple of",
                    "the past few", "numerous", "a number of")  # fmt: skip

NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|"
    r"four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"a hundred|one hundred|a dozen|a couple of|a couple)"
)


def number_value(text: str) -> float | None:
    """The number a numeral or number phrase spells ("two", "twenty-four", "1 1/2", "24")."""
    cleaned = text.lower().replace(",", "").strip()
    if not cleaned:
        return None
    mixed = re.fullmatch(r"(\d+)\s+(\d)/(\d)", cleaned)
    if mixed:
        return int(mixed.group(1)) + int(mixed.group(2)) / int(mixed.group(3))
    half = re.fullmatch(r"(.+?)\s+and\s+a\s+half", cleaned)
    if half:
        whole = number_value(half.group(1))
        return None if whole is None else whole + 0.5
    try:
        return float(cleaned)
    except ValueError:
        pass
    total = 0
    cleaned = re.sub(r"^an?\s+(?=couple|dozen|hundred|few)", "", cleaned)  # "a couple of" is 2
    for word in re.split(r"[\s-]+", cleaned):
        if word in ("of", "and"):
            continue
        if word not in _SMALL:
            return None
        value = _SMALL[word]
        if value == 100:
            total = max(total, 1) * 100
        else:
            total += value
    return float(total)


_SPOKEN_TENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
                "twenty": 20}  # fmt: skip


def spoken_year(text: str) -> int | None:
    """Years read out as words: "nineteen ninety-one" -> 1991, "two thousand" -> 2000."""
    words = re.split(r"[\s-]+", text.lower().strip())
    if words[:2] == ["two", "thousand"]:
        rest = number_value(" ".join(words[2:]).replace("and ", "")) if len(words) > 2 else 0
        return None if rest is None else 2000 + int(rest)
    if len(words) >= 2 and words[0] in _SPOKEN_TENS:
        rest_words = words[1:]
        if rest_words[0] == "hundred":
            return _SPOKEN_TENS[words[0]] * 100
        rest = number_value(" ".join(rest_words))
        if rest is None or not 10 <= rest < 100:
            return None
        return _SPOKEN_TENS[words[0]] * 100 + int(rest)
    return None


def duration_value(amount: float | None, unit: str) -> str:
    """A TIMEX3 duration: P3Y, PT5H, P1.5D; PXM when the amount is unknown."""
    letter, is_time = UNITS[unit]
    if unit == "weekend":
        letter = "D"
        amount = None if amount is None else amount * 2
    if unit == "fortnight":
        amount = None if amount is None else amount * 2
    if unit == "decade":
        letter, amount = "Y", None if amount is None else amount * 10
        if amount is None:
            letter = "DE"
    if unit == "century":
        letter, amount = "Y", None if amount is None else amount * 100
        if amount is None:
            letter = "CE"
    if amount is not None and amount != int(amount):
        smaller = {"Y": ("M", 12, False), "M": ("D", 30, False), "W": ("D", 7, False),
                   "D": ("H", 24, True), "H": ("M", 60, True), "DE": ("Y", 10, False)}
        if letter in smaller and not (letter == "M" and is_time):
            whole = int(amount)
            small_letter, factor, small_is_time = smaller[letter]
            rest = round((amount - whole) * factor)
            if whole == 0:
                return f"P{'T' if small_is_time else ''}{rest}{small_letter}"
            if small_is_time and not is_time:
                return f"P{whole}{letter}T{rest}{small_letter}"
            return f"P{'T' if is_time else ''}{whole}{letter}{rest}{small_letter}"
    if amount is None:
        quantity = "X"
    elif amount == int(amount):
        quantity = str(int(amount))
    else:
        quantity = f"{amount:g}"
    return f"P{'T' if is_time else ''}{quantity}{letter}"


__all__ = [
    "duration_value",
    "MONTHS",
    "NUMBER_WORD",
    "ORDINALS",
    "PARTS_OF_DAY",
    "SEASONS",
    "UNITS",
    "UNIT_GRANULARITY",
    "VAGUE_QUANTITIES",
    "WEEKDAYS",
    "number_value",
    "spoken_year",
]
