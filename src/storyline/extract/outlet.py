"""Outlet names: reading them from copyright lines, credits and sites, and normalising them.

``"©2024 Bloomberg L.P."`` and ``"Copyright 2024 Bloomberg News. All rights
reserved."`` both name *Bloomberg*; ``"(AP)"`` and ``"— The Associated Press"``
both name *Associated Press*.  Distributors ("Distributed by Tribune Content
Agency") deliver stories but are not where a story came from, so they are never
returned as an origin.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from storyline.extract.patterns import (
    DISTRIBUTORS,
    OUTLET_ALIASES,
    OUTLET_WORDS,
    PICTURE_AGENCIES,
    SECTION_NAMES,
)

_CORPORATE_SUFFIX = re.compile(
    r"(?:,?\s+(?:l\.?\s?p\.?|llc|inc\.?|ltd\.?|limited|plc|corp\.?|corporation|company|co\.|gmbh|s\.a\.|ag"
    r"|news(?: ?service| ?agency)?|media(?: group)?|group|newspapers?|digital|"
    r"all rights reserved\.?))+\s*$",
    re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"^\s*(?:(?:\(c\)|©|copyright)\s*)+(?:\d{4}(?:\s*[-–]\s*\d{2,4})?)?\s*,?\s*(?:by\s+)?"
    r"(?P<name>[^.©|]+?(?:\s+(?:L\.P\.|Inc\.|Co\.|Ltd\.|S\.A\.))?)\s*(?:\.\s|\.$|(?<=\.)\s|,?\s*all rights reserved|\||$|\s{2,})",
    re.IGNORECASE)
# A credit at the end of a story: "— Associated Press", "via AP", "Source: Reuters".
_CREDIT = re.compile(
    r"^\s*(?:[—–-]{1,2}\s*|(?i:source|via|courtesy(?: of)?|(?:this (?:article|story) )?(?:was )?"
    r"(?:originally )?(?:published|appeared) (?:by|in|on)|reprinted (?:with permission )?from)\s*:?\s*)"
    r"(?P<name>(?:the )?[A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,4})\s*\.?\s*$")
_TRAILING_YEAR = re.compile(r"[\s,]+(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)?\d{2})?$")
_SECTION_SUFFIX = re.compile(r"^(.+?)\s+[-–—|:»]\s+(.+)$")
_NAME_RE = r"(?P<name>(?:The )?[A-Z][\w&'’.]*(?: [A-Z][\w&'’.]*){0,4})"
# Lines in which an outlet names itself: promotion, appeals, author notes, "posted by".
_SELF_CREDITS = (
    re.compile(r"^\s*follow " + _NAME_RE + r" on ", re.IGNORECASE),
    re.compile(r"^\s*" + _NAME_RE + r" is reader-(?:supported|funded)"),
    re.compile(r"^\s*(?:[Pp]osted|[Ff]iled|[Pp]ublished) by (?:the )?" + _NAME_RE
               + r"(?: (?:news ?desk|desk|staff|team|editors|editorial team|web team))?\.?\s*$"),
    re.compile(r"^\s*[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){1,3} is (?:a |an |the )?" + _NAME_RE + r"['’]s "),
    re.compile(r"^\s*" + _NAME_RE + r"\s+[-–—|:]\s+(?:[Yy]our |[Tt]he |[Ii]ndependent |[Tt]rusted )?(?:\w+ ){0,3}"
               r"(?:news|journalism|reporting|coverage)\b"),
)
_LEGAL = re.compile(r"\b(?:l\.p\.|llc|inc\.)", re.IGNORECASE)


def clean_outlet(name: str | None) -> str | None:
    """Normalise an outlet name: corporate suffixes, "News", "the" and known aliases."""
    if not name:
        return None
    name = re.sub(r"\s+", " ", name).strip(" .,;:-–—|()[]\"'")
    if not name:
        return None
    alias = OUTLET_ALIASES.get(name.lower())
    if alias:
        return alias
    name = _TRAILING_YEAR.sub("", name)
    section = _SECTION_SUFFIX.match(name)
    if section and section.group(2).lower() in SECTION_NAMES:
        name = section.group(1)
    shorter = _CORPORATE_SUFFIX.sub("", name).strip(" .,;:-–—")
    if shorter:
        name = shorter
    if name.lower().startswith("the ") and len(name.split()) > 1:
        alias = OUTLET_ALIASES.get(name.lower())
        name = alias or name
    return OUTLET_ALIASES.get(name.lower(), name) if len(name) <= 80 else None


def is_distributor(text: str) -> bool:
    lowered = text.lower()
    return any(name in lowered for name in DISTRIBUTORS)


def from_copyright(line: str) -> str | None:
    """``"©2024 Bloomberg L.P. Visit ..."`` → ``"Bloomberg"``; None for distributors or no name."""
    match = _COPYRIGHT.match(line)
    if not match:
        return None
    name = match.group("name")
    # A notice glued to other text ("Bloomberg L.P. Visit ...") ends at the legal suffix.
    legal = _LEGAL.search(name)
    if legal:
        name = name[: legal.end()]
    name = clean_outlet(name)
    if (not name or is_distributor(name) or not re.search(r"[A-Za-z]", name)
            or any(agency in line.lower() for agency in PICTURE_AGENCIES)):
        return None
    if name.lower() in {"all rights reserved", "the author", "the authors"}:
        return None
    return name


def from_credit(line: str) -> str | None:
    """A story credit line: ``"— Associated Press"``, ``"Source: Reuters"``, ``"... via AP"``."""
    match = _CREDIT.match(line)
    if not match:
        return None
    if len(line.split()) > 12 or is_distributor(line):
        return None
    return clean_outlet(match.group("name"))


def looks_like_outlet(name: str) -> bool:
    """A name with a newsroom word in it ("Eastbridge Times", "Harbor Wire"), or a known agency."""
    words = set(re.findall(r"[a-z]+", name.lower()))
    return bool(words & OUTLET_WORDS) or name.lower() in OUTLET_ALIASES


def from_self_credit(line: str) -> str | None:
    """The outlet a promotion or author line names: "Follow The Northern Ledger on social media"."""
    for pattern in _SELF_CREDITS:
        match = pattern.match(line)
        if match:
            name = clean_outlet(match.group("name"))
            if name and name.lower() not in {"us", "me", "our"}:
                return name
    return None


def from_url(url: str | None) -> str | None:
    """The site's host name without ``www.``, the last resort for naming a publisher."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    host = re.sub(r"^(?:www\d?|m|amp|mobile)\.", "", host)
    return host or None
