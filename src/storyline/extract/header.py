"""The top of a text article: title line, byline, date header lines and the dateline.

:func:`read_header` looks only at the first few non-empty lines, where these
live, and returns what it found together with the lines (or line prefixes) it
took out of the text, each recorded with a reason.  A dateline prefix such as
``"WASHINGTON, Jan. 14 (Reuters) - "`` is cut from its line and the rest of the
sentence is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.extract import dates
from storyline.extract.boilerplate import Line
from storyline.extract.outlet import clean_outlet, looks_like_outlet
from storyline.model import BoilerplateLine, DateSource, PublicationDate

HEADER_ZONE = 6  # non-empty lines at the top searched for title, byline and date lines
MAX_TITLE_WORDS = 25
MAX_TITLE_CHARS = 250

_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:(?:de|da|del|della|van|von|der|den|bin|al|le|la|du|dos)\s+)?[A-Z][\w.'’-]*){0,3}"
_BYLINE = re.compile(
    rf"^\s*(?i:by|written by|words by|reporting by|authors?:)\s*:?\s+(?P<names>{_NAME}"
    rf"(?:\s*(?:,|\band\b|&)\s*{_NAME})*(?:\s+staff)?)\s*(?:\((?i:via)\s+(?P<via>[^)]{{2,60}})\)\s*)?(?:(?:[|,;–—-]|\s{{2,}})\s*(?P<role>.{{0,80}}))?$")
# Only "by" is case-free: names must be capitalised, or "By the time..." would be a byline.
_NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april june july "
    "august september october november december the this that then now noon midnight".split())
_ROLE = re.compile(r"\b(?:writer|reporter|correspondent|editor|columnist|contributor|staff|intern|chief|producer)\b",
                   re.IGNORECASE)
_DASH = r"(?:--|—|–|-)"
# "date 2024-01-14 " / "Published: Jan 14, 2024 " glued to the first sentence.
_HEADER_PREFIX = re.compile(
    r"^\s*(?P<hword>date|dated|published|posted|updated)\s*:?\s*(?P<hdate>" + dates.DATE_PATTERN + r")\s*",
    re.IGNORECASE)
# "WASHINGTON, Jan. 14 (Reuters) - ", "SEOUL (AP) — ", "(Bloomberg) -- ": always ends in a dash.
_DATELINE = re.compile(  # used with .match(text, pos): no "^", which would pin it to position 0
    r"\s*(?:(?P<place>[A-ZÀ-Ý][A-ZÀ-Ý.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][a-z.]+)?)?),?\s+)?"
    r"(?:(?P<ddate>(?i:" + dates.DATE_PATTERN.replace("?P<", "?P<d_")
    + r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}))\s*)?"
    r"(?:\((?P<outlet>[A-Z][\w&.' -]{0,40})\)\s*)?" + _DASH + r"\s+")


@dataclass(frozen=True, slots=True)
class Header:
    title: str | None
    byline: str | None
    byline_outlet: str | None  # an outlet the byline names ("By Ana Holm | Pine Ledger")
    byline_via: str | None  # an outlet the byline credits as origin ("(via Harbor Wire)")
    published: PublicationDate | None
    dateline_outlet: str | None
    body: tuple[Line, ...]  # the lines left once the header is taken out
    removed: tuple[BoilerplateLine, ...]


def read_header(lines: list[Line], known_title: str | None = None) -> Header:
    """Title, byline, date and dateline from the top of ``lines``.

    With ``known_title`` (from metadata) the first line is only removed when it
    repeats that title; otherwise a short first line standing alone is the title.
    """
    body = list(lines)
    removed: list[BoilerplateLine] = []
    title = _take_known_title(body, removed, known_title) if known_title else _take_title(body, removed)
    byline: str | None = None
    byline_outlet: str | None = None
    byline_via: str | None = None
    published: PublicationDate | None = None
    for index in _top_indexes(body):
        line = body[index]
        found_byline = read_byline(line.text)
        if found_byline and byline is None:
            byline, byline_outlet, byline_via = found_byline.names, found_byline.outlet, found_byline.via
            removed.append(BoilerplateLine(line.text.strip(), "byline", line.number))
            body[index] = Line(line.number, "")
            continue
        header_date = dates.from_header_line(line.text)
        if header_date is not None:
            removed.append(BoilerplateLine(line.text.strip(), "date-header", line.number))
            body[index] = Line(line.number, "")
            # The first publication beats a later update, whichever line comes first.
            if published is None or (_is_update(published) and not _is_update(header_date)):
                published = header_date
    dateline_outlet, dateline_date = _take_dateline(body, removed)
    return Header(title, byline, byline_outlet, byline_via, published or dateline_date, dateline_outlet, tuple(body),
                  tuple(removed))


def _is_update(found: PublicationDate) -> bool:
    return bool(re.match(r"\s*(?:last )?(?:updated|modified)", found.evidence or "", re.IGNORECASE))


@dataclass(frozen=True, slots=True)
class Byline:
    names: str
    outlet: str | None = None  # the outlet the byline names as its own ("By Ana Holm | Pine Ledger")
    via: str | None = None  # the outlet it credits as the source ("(via Harbor Wire)")


def parse_byline(text: str) -> str | None:
    """``"By Jane Roe and Sam Poe | Staff Writer"`` → ``"Jane Roe and Sam Poe"``."""
    found = read_byline(text)
    return found.names if found else None


def read_byline(text: str) -> Byline | None:
    """Names in a byline, and the outlets it credits, if any."""
    match = _BYLINE.match(text)
    if not match:
        return None
    names = re.sub(r"\s*,\s*$", "", match.group("names").strip())
    role = match.group("role") or ""
    if len(role.split()) > 6 or re.search(r"[.!?]\s", role) or _NOT_NAMES & set(names.lower().split()):
        return None  # "By Monday, officials said ..." is a sentence, not a byline
    outlet: str | None = None
    parts = [part.strip() for part in names.split(",")]
    if len(parts) > 1 and looks_like_outlet(parts[-1]):  # "By Ana Holm, Reuters": the agency is not a name
        names, outlet = ", ".join(parts[:-1]), clean_outlet(parts[-1])
    elif role.strip() and role.strip()[0].isupper() and looks_like_outlet(role) and not _ROLE.search(role):
        outlet = clean_outlet(role)  # "By Priya Raman | Capital Dispatch"
    staff = re.match(r"^(.+?)\s+staff$", names)
    if outlet is None and staff and looks_like_outlet(staff.group(1)):
        outlet = clean_outlet(staff.group(1))  # "By Eastbridge Times staff"
    if len(names.split()) > 12:
        return None
    via_text = match.group("via") or (role.strip()[4:] if role.strip().lower().startswith("via ") else None)
    via = clean_outlet(via_text) if via_text else None
    return Byline(names.title() if names.isupper() else names, outlet, via)


def _top_indexes(body: list[Line]) -> list[int]:
    return [i for i, line in enumerate(body) if line.text.strip()][:HEADER_ZONE]


def _take_known_title(body: list[Line], removed: list[BoilerplateLine], known: str) -> str | None:
    top = _top_indexes(body)
    if len(top) >= 2 and _same_words(body[top[0]].text, known):
        first = body[top[0]]
        removed.append(BoilerplateLine(first.text.strip(), "title", first.number))
        body[top[0]] = Line(first.number, "")
    return known


def _same_words(left: str, right: str) -> bool:
    return re.findall(r"\w+", left.lower()) == re.findall(r"\w+", right.lower())


def _take_title(body: list[Line], removed: list[BoilerplateLine]) -> str | None:
    top = _top_indexes(body)
    if len(top) < 2:
        return None  # a lone line is the article, not its title
    first = body[top[0]]
    text = first.text.strip()
    if not first.heading:
        followed_by_blank = top[0] + 1 < len(body) and not body[top[0] + 1].text.strip()
        if (not followed_by_blank or len(text.split()) > MAX_TITLE_WORDS or len(text) > MAX_TITLE_CHARS
                or text.endswith((".", ",", ";", ":")) or parse_byline(text)
                or dates.from_header_line(text) or _HEADER_PREFIX.match(text) or _DATELINE.match(text)):
            return None
    removed.append(BoilerplateLine(text, "title", first.number))
    body[top[0]] = Line(first.number, "")
    return text


def _take_dateline(body: list[Line], removed: list[BoilerplateLine]) -> tuple[str | None, PublicationDate | None]:
    top = _top_indexes(body)
    if not top:
        return None, None
    line = body[top[0]]
    published: PublicationDate | None = None
    outlet: str | None = None
    cut = 0
    header = _HEADER_PREFIX.match(line.text)
    if header:
        found = dates.parse_date(header.group("hdate"))
        if found:
            published = PublicationDate(found[0], DateSource.HEADER, header.group(0).strip())
            cut = header.end()
    dateline = _DATELINE.match(line.text, cut)
    if dateline and (dateline.group("outlet") or dateline.group("ddate")):
        outlet = clean_outlet(dateline.group("outlet")) if dateline.group("outlet") else None
        if published is None and dateline.group("ddate"):
            found = dates.parse_date(dateline.group("ddate"))
            if found:
                published = PublicationDate(found[0], DateSource.DATELINE, dateline.group(0).strip())
            else:  # "Feb. 4": only a weekday stated in the lead can give the year
                published = _yearless_dateline(dateline, line.text)
        if outlet or published or cut:
            cut = dateline.end()
    if not cut:
        return outlet, published
    prefix, rest = line.text[:cut].strip(), line.text[cut:]
    if rest.strip():
        reason = "dateline" if dateline and cut == dateline.end() else "date-header"
        removed.append(BoilerplateLine(prefix, reason, line.number))
        body[top[0]] = Line(line.number, rest, line.heading)
    return outlet, published


def _yearless_dateline(dateline: re.Match[str], text: str) -> PublicationDate | None:
    parts = dates.month_day(dateline.group("ddate"))
    if parts is None:
        return None
    lead = re.split(r"(?<=[.!?])\s", text[dateline.end():], maxsplit=1)[0]
    value = dates.year_from_weekday(parts[0], parts[1], lead)
    if value is None:
        return None
    weekday = value.strftime("%A")
    return PublicationDate(value, DateSource.DATELINE, f"{dateline.group(0).strip()} … {weekday}")
