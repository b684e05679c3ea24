"""Interpreters for fiscal and calendar periods: quarters, halves, "the year-ago period".

Business news reports on periods ("the third quarter", "the latest quarter", "a year
earlier"); these readings mark what must be anchored on the period the text reports on
(``TEXT_PERIOD``), which the tagger tracks.
"""

from __future__ import annotations

import re

from storyline.language.timex.readings import (
    DCT,
    TEXT_PERIOD,
    Reading,
    _clean,
    _determiner_offset,
    _relative,
)

_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
            "4th": 4, "final": 4}  # fmt: skip


def quarter(match: re.Match[str]) -> Reading | None:
    which = match.group("which").lower()
    ordinal = match.group("ordinal").lower()
    if ordinal in ("last", "latter"):
        if which != "half":
            return None  # "the last quarter" is a relative period (period_ref)
        ordinal = "second"
    number = _ORDINAL[ordinal]
    if which == "period":
        return None
    granularity = "quarter" if which == "quarter" else "half"
    if which == "half" and number > 2:
        return None
    explicit_year = match.group("year") or match.group("pyear")
    if not explicit_year:
        prefix = re.match(r"(\d{4})'s", match.group(0))
        explicit_year = prefix.group(1) if prefix else None
    letter = "Q" if granularity == "quarter" else "H"
    span = None
    leading = re.match(r"(?:(its|that|this|the)\s+)?", match.group(0), re.IGNORECASE)
    determiner = (leading.group(1) or "").lower() if leading else ""
    hyphenated = re.search(r"(?:first|second|third|fourth|1st|2nd|3rd|4th|final)-", match.group(0),
                           re.IGNORECASE) is not None
    if determiner in ("its", "that") or (determiner == "the" and hyphenated):
        span = (match.start() + len(leading.group(0)), match.end())  # type: ignore[union-attr]
    if explicit_year:
        return Reading("DATE", granularity, value=f"{int(explicit_year):04d}-{letter}{number}",
                       span=span)
    year_det = match.group("ydet") or match.group("ofdet")
    offset = _determiner_offset(year_det) or 0 if year_det else 0
    if match.group("yback"):  # "the year-ago third quarter": the same quarter a year before
        relative = _relative("year", -1, granularity,
                             **({"quarter": number} if granularity == "quarter"
                                else {"half": number}))
        return Reading("DATE", granularity, relative=relative, span=span, sets_reference=False)
    fields = {"quarter": number} if granularity == "quarter" else {"half": number}
    relative = _relative("year", offset, granularity, **fields)
    return Reading("DATE", granularity, relative=relative, span=span)


def period_ref(match: re.Match[str], text: str) -> Reading | None:
    """"the quarter", "the latest quarter", "the year-ago period": fiscal periods."""
    det = _clean(match.group("det"))
    which = _clean(match.group("which"))
    tail = _clean(match.group("tail"))
    year_back = "year" in det or tail != ""
    if which == "period" and not year_back and det not in ("the latest", "the same", "the current",
                                                           "the comparable", "latest"):
        return None
    if which == "fiscal year":
        ended = re.match(r"\s+(?:ended|ending)\b", text[match.end() : match.end() + 10])
        spanned = re.search(r"\b(?:during|over|throughout|all)\s+$",
                            text[max(0, match.start() - 12) : match.start()].lower())
        if det == "the" and not ended and not spanned:  # "earnings for the fiscal year"
            return Reading("DATE", "year", relative=_relative("year", 0, "year"))
        if det in ("the", "its", "the same"):
            return Reading("DURATION", "duration", value="P1Y")  # "the fiscal year ended May 31"
        offset = {"last": -1, "next": 1, "the previous": -1, "the latest": -1}.get(det, 0)
        return Reading("DATE", "year", relative=_relative("year", offset, "year"),
                       anchor=DCT if det in ("this", "last", "next", "the current")
                       else TEXT_PERIOD)
    unit = "half" if which == "half" else "quarter"
    if year_back:
        return Reading("DATE", unit, relative=_relative("year", -1, unit), anchor=TEXT_PERIOD,
                       sets_reference=False)
    if det in ("last", "the previous", "previous"):
        return Reading("DATE", unit, relative=_relative(unit, -1, unit))
    if det in ("next",):
        return Reading("DATE", unit, relative=_relative(unit, 1, unit))
    if det in ("this", "the current", "current"):
        return Reading("DATE", unit, relative=_relative(unit, 0, unit))
    # "the quarter", "the latest quarter": the fiscal period the text is about
    return Reading("DATE", unit, relative=_relative(unit, -1, unit), anchor=TEXT_PERIOD)


def year_earlier(match: re.Match[str]) -> Reading | None:
    return Reading("DATE", "year", relative=_relative("year", -1, "year"), anchor=TEXT_PERIOD,
                   sets_reference=False)


def year_end(match: re.Match[str]) -> Reading | None:
    return Reading("DATE", "year", relative=_relative("year", 0, "year"), mod="END")


__all__ = ["period_ref", "quarter", "year_earlier", "year_end"]
