"""Reading publication dates, and only publication dates, from the places they are stated.

Each finder returns a :class:`PublicationDate` with the exact string it read,
or ``None``.  Nothing here guesses: a date must be complete (year, month, day),
plausible (1990 to today) and stated *as* the publication date — in metadata,
a header line, a dateline, the URL path, or a body phrase such as "Posted on".
A date the story merely mentions, a copyright year or a crawl date never counts.
"""

from __future__ import annotations

import email.utils
import re
from datetime import date, datetime, timezone
from typing import Iterable

from storyline.model import DateSource, PublicationDate

EARLIEST_PLAUSIBLE = date(1990, 1, 1)

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|urday|sday)?\.?,?\s+)?"
_TIME = r"(?:\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}|GMT[+-]?\d*|UTC[+-]?\d*)?\s*,?\s*)?"

# One complete date, written any of the common ways; named groups say which part is which.
DATE_PATTERN = (
    r"(?:(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})"
    rf"|{_WEEKDAY}(?P<md_m>{_MONTH})\s+(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<md_y>\d{{4}})"
    rf"|{_WEEKDAY}(?P<dm_d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<dm_m>{_MONTH}),?\s+(?P<dm_y>\d{{4}}))"
)
_DATE = re.compile(DATE_PATTERN, re.IGNORECASE)

# Header lines that state the publication date and nothing else.
_HEADER_LINE = re.compile(
    r"^\s*(?:date|dated|published|publication date|posted|posted on|first published|updated|last updated"
    r"|modified|originally published)\s*(?:on|at)?\s*:?\s*" + _TIME + r"(?P<date>.{6,40}?)\s*" + _TIME + r"$",
    re.IGNORECASE)
# Body phrases that state the article's own publication date.
_TEXT_PHRASE = re.compile(
    r"\b(?:this (?:article|story|post) (?:was )?(?:first |originally )?(?:published|posted|updated)"
    r"|(?:originally |first )?published on|posted on|published|last updated|updated on)\s*(?:on|at)?\s*:?\s*" + _TIME,
    re.IGNORECASE)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_]|\.html?|$)")
_URL_COMPACT = re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/")


def plausible(value: date, today: date | None = None) -> bool:
    """A publication date is on or after 1990-01-01 and not in the future."""
    return EARLIEST_PLAUSIBLE <= value <= (today or date.today())


def parse_date(text: str) -> tuple[date, str] | None:
    """The first complete, plausible date in ``text``, with the substring it was read from."""
    for match in _DATE.finditer(text):
        value = _to_date(match)
        if value is not None and plausible(value):
            return value, match.group(0).strip()
    return None


def parse_metadata_date(raw: str) -> date | None:
    """A date string from a feed, JSON field or meta tag (ISO 8601, RFC 822, or written out)."""
    raw = raw.strip()
    if not raw:
        return None
    value: date | None = None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            value = email.utils.parsedate_to_datetime(raw).date()
        except (TypeError, ValueError, IndexError):
            found = parse_date(raw)
            value = found[0] if found else _dateparser(raw)
    if value is None or not plausible(value):
        return None
    return value


def from_metadata(raw: object) -> PublicationDate | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):  # a Unix timestamp from a JSON record
        try:
            value: date | None = datetime.fromtimestamp(raw, tz=timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            return None
    elif isinstance(raw, datetime):
        value = raw.date()
    elif isinstance(raw, date):
        value = raw
    else:
        value = parse_metadata_date(str(raw))
    if value is None or not plausible(value):
        return None
    return PublicationDate(value, DateSource.METADATA, str(raw))


def from_header_line(line: str) -> PublicationDate | None:
    """``"Published: January 14, 2024"``, ``"Updated 3:45 PM EST, Jan 14, 2024"``, ``"date 2024-01-14"``."""
    match = _HEADER_LINE.match(line)
    if not match:
        return None
    found = parse_date(match.group("date"))
    if found is None or len(found[1]) < len(match.group("date").strip()) - 3:
        return None  # the line says more than a date: not a header line
    return PublicationDate(found[0], DateSource.HEADER, line.strip())


def from_url(url: str | None) -> PublicationDate | None:
    if not url:
        return None
    for pattern in (_URL_DATE, _URL_COMPACT):
        match = pattern.search(url)
        if match:
            try:
                value = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
            if plausible(value):
                return PublicationDate(value, DateSource.URL, match.group(0))
    return None


def from_text(lines: Iterable[str]) -> PublicationDate | None:
    """A date stated as this article's publication in the body ("Posted on 14 January 2024")."""
    for line in lines:
        for phrase in _TEXT_PHRASE.finditer(line):
            # Mid-sentence "published on <date>" is usually about something else
            # (a report, a law); only a line-initial statement or "this article was ..." counts.
            if line[: phrase.start()].strip() and not phrase.group(0).lower().startswith("this "):
                continue
            match = _DATE.match(line, phrase.end())
            if match is None:
                continue
            value = _to_date(match)
            if value is not None and plausible(value):
                evidence = line[phrase.start():match.end()].strip()
                return PublicationDate(value, DateSource.TEXT, evidence)
    return None


def _to_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    try:
        if groups["iy"]:
            return date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
        if groups["md_y"]:
            return date(int(groups["md_y"]), _month(groups["md_m"]), int(groups["md_d"]))
        if groups["dm_y"]:
            return date(int(groups["dm_y"]), _month(groups["dm_m"]), int(groups["dm_d"]))
    except (ValueError, KeyError):
        return None
    return None


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _dateparser(raw: str) -> date | None:
    # Imported lazily: dateparser is slow to import and only needed for non-English strings.
    import dateparser

    parsed = dateparser.parse(raw, settings={"REQUIRE_PARTS": ["day", "month", "year"],
                                             "PREFER_DATES_FROM": "past"})
    return parsed.date() if parsed else None


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
YEAR_WINDOW = 5  # a weekday pins the year only if one year in this many fits


def year_from_weekday(month: int, day: int, sentence: str, today: date | None = None) -> date | None:
    """Complete a year-less dateline ("Feb. 4") from the weekday its lead sentence states.

    Wire leads report the dateline day's events ("... on Tuesday accused ..."), so
    the weekday is evidence of the year: accepted only when exactly one of the last
    ``YEAR_WINDOW`` years puts the date on that weekday (and not in the future).
    Two different weekdays in the sentence, or none, leave the date unknown.
    """
    today = today or date.today()
    named = {name for name in _WEEKDAYS if re.search(rf"\b{name}\b", sentence, re.IGNORECASE)}
    if len(named) != 1:
        return None
    weekday = _WEEKDAYS.index(named.pop())
    fits: list[date] = []
    for year in range(today.year - YEAR_WINDOW + 1, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today and candidate.weekday() == weekday:
            fits.append(candidate)
    return fits[0] if len(fits) == 1 and plausible(fits[0], today) else None


def month_day(text: str) -> tuple[int, int] | None:
    """``"Feb. 4"`` → ``(2, 4)``."""
    match = re.match(r"\s*([a-z]+)\.?\s+(\d{1,2})\b", text, re.IGNORECASE)
    if not match or match.group(1).lower() not in _MONTHS:
        return None
    return _MONTHS[match.group(1).lower()], int(match.group(2))