"""The regular grammar of English time expressions: compiled patterns, one per rule.

Each rule is a compiled, case-insensitive pattern over the article text plus the name
of the interpreter (in :mod:`~storyline.language.timex.readings`) that normalises its
match. Patterns are written so their match *is* the TimeML extent: "last week" keeps
"last", "the past three years" keeps "the past", "on Tuesday" drops "on" (a
preposition is never part of a TIMEX3 in TimeBank). Where a prefix word is needed
for the decision but not the extent, it sits in a look-behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.language.timex.holidays import HOLIDAY_PATTERN
from storyline.language.timex.lexicon import NUMBER_WORD

_B = r"(?<![\w$£€.'-])"  # start of a word that is not part of a number or money
_E = r"(?!\w)"  # end of a word (a trailing dot, comma or "'s" may follow)

MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan\.?|feb\.?|mar\.|apr\.?|jun\.|jul\.|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?)"
)
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
SEASON = r"(?:spring|summer|fall|autumn|winter)"
YEAR = r"(?:1[0-9]\d\d|20\d\d)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
PART_OF_DAY = r"(?:morning|afternoon|evening|night)"
UNIT = (
    r"(?:second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|"
    r"centur(?:y|ie))"
)
NUMBER = rf"(?:\d+(?:[.,]\d+)?(?:\s+\d/\d)?|{NUMBER_WORD}(?:\s+and\s+a\s+half)?)"
APPROX = (
    r"(?:about|around|approximately|roughly|some|nearly|almost|more\s+than|less\s+than|"
    r"fewer\s+than|under|over|at\s+least|up\s+to|no\s+more\s+than|at\s+most|"
    r"barely|well\s+over|close\s+to)"
)
# A period-modifying prefix: "early", "mid-", "the end of", "earlier", ...
PERIOD_MOD = (
    r"(?:(?P<pmod>early|earlier|mid|middle|late|later|the\s+(?:end|beginning|start|middle|"
    r"close|turn|first\s+half|second\s+half|last\s+half|latter\s+half|rest|remainder)\s+of"
    r"(?:\s+the)?|the\s+early|"
    r"the\s+mid|the\s+late|pre|post)(?:-|\s+))?"
)
DETERMINER = (
    r"(?P<det>last|this|next|this\s+past|this\s+coming|past|coming|previous|the\s+previous|"
    r"the\s+following|the\s+current|current|the\s+same|that|the\s+prior|prior|the\s+next|"
    r"the\s+coming|the\s+past|the\s+last|the\s+latest|the\s+most\s+recent|the|its|their)"
)
TIME_ZONE = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|local\s+time|Eastern|Pacific))?"
CLOCK = (
    rf"(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>a\.?\s?m\b\.?|p\.?\s?m\b\.?)"
    rf"{TIME_ZONE}"
)
DAY_REF = (
    rf"(?P<dayref>today|tonight|yesterday|tomorrow|(?:(?:last|this|next)\s+)?{WEEKDAY}|"
    rf"{MONTH}\s+{DAY})"
)


@dataclass(frozen=True, slots=True)
class Rule:
    """One grammar rule: its name (the interpreter that reads it) and its pattern."""

    name: str
    pattern: re.Pattern[str]


def _rule(name: str, pattern: str) -> Rule:
    return Rule(name, re.compile(_B + pattern + _E, re.IGNORECASE))


RULES: tuple[Rule, ...] = (
    # 3:45 p.m., 10 p.m. EST Wednesday, noon Thursday, 4 in the morning
    _rule("clock", rf"(?:(?P<approx>about|around|approximately|shortly\s+(?:before|after)|"
                   rf"just\s+(?:before|after))\s+)?{CLOCK}(?:,?\s+(?:on\s+)?{DAY_REF})?"),
    _rule("clock_words", rf"(?P<hour>[01]?\d|{NUMBER_WORD})(?:\s+o'clock)?\s+in\s+the\s+"
                         rf"(?P<pod>morning|afternoon|evening)"),
    _rule("noon", rf"(?:(?P<pmod>mid|late|early)[-\s]?)?(?P<word>noon|midnight|midday|"
                  rf"afternoon|morning)(?:\s+(?:on\s+)?{DAY_REF})"),
    _rule("noon_bare", r"(?P<word>noon|midnight|midday)"),
    # Tuesday, January 16, 2024 / Jan. 15, 2024 / January 15 / the 15th of January
    _rule("month_day", rf"(?:(?P<det>last|this\s+past|this\s+coming|next)\s+)?"
                       rf"(?:(?P<weekday>{WEEKDAY}),?\s+)?(?P<month>{MONTH})\s+(?P<day>{DAY})"
                       rf"(?![\d:,]\d)(?:,?\s+(?P<year>{YEAR})(?!\d))?"),
    # the week of March 6: the week that holds the day
    _rule("week_of", rf"the\s+week\s+of\s+(?P<month>{MONTH})\s+(?P<day>{DAY})(?![\d:,]\d)"
                     rf"(?:,?\s+(?P<year>{YEAR})(?!\d))?"),
    _rule("day_month", rf"(?:(?P<weekday>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<day>{DAY})\s+(?:of\s+)?"
                       rf"(?P<month>{MONTH})(?:,?\s+(?P<year>{YEAR})(?!\d))?"),
    _rule("iso_date", r"(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?:T(?P<hour>\d\d):"
                      r"(?P<minute>\d\d))?"),
    _rule("slash_date", r"(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<year>\d{4}|\d\d)"),
    # January 2024, mid-January, early this month's ..., last September, January last year
    _rule("month", rf"{PERIOD_MOD}(?:(?P<det>this\s+past|this\s+coming|last|this|next|"
                   rf"previous|the\s+previous|the\s+following|that)\s+)?(?P<month>{MONTH})"
                   rf"(?:(?:,?\s+(?:of\s+)?(?P<year>{YEAR})(?!\d))|\s+(?:of\s+)?(?P<ydet>this|last|"
                   rf"next)\s+year|,?\s+(?P<words>(?:nineteen|twenty)[-\s]{NUMBER_WORD}))?"),
    # 1990s, the '80s, the mid-1990s, the nineties
    _rule("decade", rf"(?:the\s+)?{PERIOD_MOD}(?:(?P<century>1[0-9]|20)(?P<decade>\d)0'?s|"
                    rf"'(?P<short>"
                    rf"\d)0'?s|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|"
                    rf"eighties|nineties))"),
    _rule("century", r"(?:the\s+)?(?:(?P<pmod>early|mid|late)[-\s])?(?P<number>\d{1,2})(?:st|nd|rd|"
                     r"th)[-\s]century|(?P<det>this|last|next|the\s+last|the\s+past|the\s+next)"
                     r"\s+century"),
    # fiscal 1998, mid-1996, early 1991, the end of 1990, post-1959, the 1988 period
    _rule("year", rf"(?:the\s+)?{PERIOD_MOD}(?:(?P<fiscal>fiscal(?:\s+year)?|FY|"
                  rf"calendar(?:\s+year)?|"
                  rf"the\s+year|model\s+year)[-\s]?)?(?P<year>{YEAR})(?![\d.,]\d|\s*%|\s+percent|"
                  rf"\s+(?:tons?|people|miles?|feet|pounds|points|shares|units|troops|"
                  rf"votes|cars|barrels|acres|times|meters|kilometers|dollars|yen|workers)\b)"
                  rf"(?:\s+(?P<period>period|season|quarter|fiscal\s+year))?"),
    _rule("spoken_year", rf"(?:the\s+year\s+)?(?P<words>(?:nineteen|eighteen|twenty)[-\s]"
                         rf"(?:{NUMBER_WORD}|hundred)|two\s+thousand(?:\s+(?:and\s+)?"
                         rf"(?:one|two|three|four|five|six|seven|eight|nine|ten))?)"),
    # the third quarter of 1990, third-quarter, this year's first quarter, the quarter
    _rule("quarter", rf"(?:(?P<yprefix>the\s+(?P<pyear>{YEAR})|(?P<ydet>this|last|next)\s+year's|"
                     rf"(?P<yback>(?:the\s+)?(?:comparable\s+)?"
                     rf"(?:year-ago|year-earlier|prior-year))|"
                     rf"{YEAR}'s|its|the|this|that)\s+)?(?:(?:fiscal|calendar)[-\s]+)?"
                     rf"(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th|final|last|"
                     rf"latter)[-\s]+(?:fiscal[-\s]+)?(?P<which>quarter|half|period)(?!s)"
                     rf"(?:\s+of\s+(?:(?:fiscal|the)\s+)?"
                     rf"(?:(?P<year>{YEAR})|(?P<ofdet>this|last|next)\s+year))?"),
    _rule("period_ref", r"(?P<det>the|this|last|next|that|the\s+latest|the\s+current|the\s+same|"
                        r"the\s+most\s+recent|the\s+previous|the\s+comparable|its|the\s+"
                        r"(?:year-earlier|year-ago|comparable\s+year-ago|comparable\s+year-earlier|"
                        r"year-before|prior-year|corresponding)|year-earlier|year-ago|"
                        r"(?:the\s+)?(?:latest|current|previous|fiscal|comparable|same|"
                        r"corresponding)\s+(?:fiscal\s+)?)\s*(?P<which>quarter|period|"
                        r"fiscal\s+year|half)(?!s|ly|-)(?:\s+(?P<tail>a\s+year\s+(?:ago|earlier)|"
                        r"last\s+year))?"),
    _rule("year_earlier", r"(?P<word>year-earlier|year-ago|year-before|prior-year)(?=\s+"
                          r"(?:levels?|results?|figures?|profits?|earnings|loss|sales|"
                          r"revenue|net|income|amount|total|rate|pace|month|week|quarter))"),
    # today, yesterday, now, recently, the future, this morning, last night
    _rule("deictic", r"(?P<word>(?:(?:early|late|earlier|later|mid-?afternoon)\s+)?(?:today|"
                     r"yesterday|tomorrow)(?:\s+(?P<pod>morning|afternoon|evening|night))?|"
                     r"tonight|overnight|now|nowadays|currently|recently|"
                     r"(?<!then\s)current(?=\s+[a-z])|then[-\s]current|"
                     r"the\s+(?:near|short|long)\s+term|"
                     r"a\s+later\s+date|(?<=\bfor\s)a\s+while|"
                     r"more\s+recently|lately|the\s+(?:near\s+|distant\s+)?future|"
                     r"the\s+past|the\s+present|these\s+days|the\s+day\s+before\s+yesterday|"
                     r"the\s+day\s+after\s+tomorrow|(?:(?P<tmod>early|late|earlier|later)\s+)?"
                     r"(?:this|last|tomorrow|yesterday)\s+"
                     r"(?P<pod2>morning|afternoon|evening|night)|"
                     r"the\s+next\s+(?P<pod3>morning|day|afternoon|evening|night)|"
                     r"mid[-\s]?afternoon|"
                     r"the\s+(?P<pod5>morning|afternoon|evening)|"
                     r"the\s+(?:previous|following)\s+(?P<pod4>day|morning|night|evening)|"
                     r"(?:the\s+)?day\s+before|(?:the\s+)?(?:night|day)\s+before)"),
    # last week, this month, next year, the following year, earlier this month, last winter
    _rule("relative_unit", rf"{PERIOD_MOD}(?P<det>this\s+past|this\s+coming|the\s+past|the\s+last|"
                           rf"last|this|next|past|"
                           rf"coming|previous|the\s+previous|the\s+following|the\s+current|current|"
                           rf"the\s+prior|the\s+same|that|the)\s+(?P<unit>week|weekend|month|year|"
                           rf"decade|{SEASON})(?!s|ly|-)"),
    # Thanksgiving Day, last Christmas, Easter week
    _rule("holiday", rf"(?:(?P<det>this\s+past|this\s+coming|last|this|next)\s+)?(?P<name>"
                     rf"{HOLIDAY_PATTERN})(?P<week>\s+week(?:end)?)?"),
    # Tuesday, last Friday, Wednesday night, this coming Sunday
    _rule("weekday", rf"(?:(?P<det>this\s+past|this\s+coming|last|this|next|the\s+previous|"
                     rf"the\s+following|that|early|late)\s+)?(?P<weekday>{WEEKDAY})"
                     rf"(?P<plural>s)?(?:\s+(?P<pod>morning|afternoon|evening|night)"
                     rf"(?P<podplural>s)?)?"),
    # seasons without determiner: "in summer", "summer 2023", "the summer of 1994"
    _rule("season", rf"(?:(?P<det>early|late|mid|the\s+early|the\s+late)[-\s]+)?"
                    rf"(?P<season>{SEASON})(?:\s+(?:of\s+)?(?P<year>{YEAR})|\s+of\s+"
                    rf"(?P<words>(?:nineteen|twenty)[-\s]{NUMBER_WORD}))?"),
    # three years ago, a year earlier, two weeks later, 11 days ago
    _rule("ago", rf"(?:(?P<approx>{APPROX})\s+)?(?P<number>{NUMBER}|a|an|several|a\s+few|few|"
                 rf"many|some)[-\s]+(?P<unit>{UNIT})s?(?P<orso>\s+or\s+so)?\s+"
                 rf"(?P<direction>ago|earlier|later|"
                 rf"from\s+now|hence|previously|back|(?:before|after)(?=\s*(?:[,.;:)]|$)))"),
    _rule("vague_ago", rf"(?P<unit>{UNIT})s\s+(?P<direction>ago|earlier|later)"),
    # every week, each year, daily, twice a year, per month
    _rule("set", rf"(?P<quant>every|each|per)\s+(?:(?P<number>other|{NUMBER})\s+)?"
                 rf"(?:(?P<unit>{UNIT})s?"
                 rf"|(?P<weekday>{WEEKDAY})|(?P<month>{MONTH})|(?P<season>{SEASON}))"),
    # "annual", "semiannual": adjectives of a kind of thing ("the annual meeting"), never tagged
    _rule("set_adverb", r"(?P<word>daily|weekly|monthly|yearly|annually|quarterly|hourly|"
                        r"nightly|biweekly|bimonthly|semiannually|"
                        r"year-round|every\s+other\s+day)"),
    _rule("set_times", rf"(?P<count>once|twice|three\s+times|four\s+times|(?:\d+|{NUMBER_WORD})"
                       rf"\s+times)\s+(?:a|an|per|each|every)\s+(?P<unit>{UNIT})"),
    # three years, the past 20 years, for months, a 30-year, the first nine months
    _rule("duration", rf"(?:(?P<det>the\s+(?:past|last|next|first|latest|coming|previous|"
                      rf"following|final|remaining|initial|entire|full|whole|same|latter|"
                      rf"other)|the|"
                      rf"(?:the\s+)?(?:past|last|next|first|coming|previous|following|"
                      rf"remaining|recent|additional|latest|final|further|extra|another|"
                      rf"full|entire))\s+)?"
                      rf"(?:(?P<approx>{APPROX})\s+)?(?P<number>{NUMBER}(?:\s+(?:or|to)\s+"
                      rf"{NUMBER})?)[-\s]+(?:(?:more|additional|further|trading|business|"
                      rf"working|calendar|straight|consecutive|full)\s+)?(?P<unit>{UNIT})s?"
                      rf"(?![-\s]+old\b)(?P<plus>\s+or\s+so|\s+or\s+more|-plus)?"),
    _rule("vague_duration", rf"(?:(?P<det>the\s+(?:past|last|next|coming|first|early|recent|"
                            rf"intervening|ensuing|preceding)|recent|coming|past|"
                            rf"the\s+last|several|a\s+few|a\s+couple\s+of|many|few|the\s+"
                            rf"(?:past|last|next|coming|first)\s+(?:few|several|couple\s+of|"
                            rf"many))\s+)(?P<unit>{UNIT})s"),
    _rule("bare_plural", rf"(?<=\bfor\s)(?:(?P<det>many|several|a\s+few)\s+)?(?P<unit>{UNIT})s"
                         rf"(?:\s+(?:and|or)\s+{UNIT}s)?"),
    _rule("bare_plural_in", r"(?:(?<=\bin\s)|(?<=\bwithin\s)|(?<=\bover\s)|(?<=\bafter\s)|"
                            r"(?<=\btake\s)|"
                            rf"(?<=\btakes\s)|(?<=\btook\s))(?P<unit>"
                            rf"(?:day|week|month|year|decade|hour)s)(?=\s*[,.;]|\s+(?:to\s+come|"
                            rf"of\b))"),
    _rule("unit_adjective", rf"(?P<number>{NUMBER})-(?P<unit>{UNIT})(?:-(?P<old>old|long))?"),
    # year-end, the end of the year: the current year, at its end
    _rule("year_end", r"(?:the\s+)?(?P<word>year[-\s]end|year's\s+end)"),
    _rule("single_unit", rf"(?P<det>a|an|one|the|that|a\s+full|an\s+entire|the\s+whole|the\s+full|"
                         rf"the\s+entire|the\s+same|the\s+first|the\s+last)\s+(?P<unit>day|week|"
                         rf"month|year|hour|minute|decade|century|weekend)(?!s|ly|-|'s|\s+ago)"),
)


__all__ = ["RULES", "Rule"]
