"""Calendar arithmetic of the temporal tagger and resolve() of symbolic values."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.language.evidence import Evidence
from storyline.language.timex import RelativeValue, TimeExpression, resolve
from storyline.language.timex.calendar import (
    format_value,
    parse_value,
    resolve_relative,
    shift,
    symbolic_value,
)

SUNDAY = date(2024, 1, 14)  # 14 January 2024 was a Sunday


def relative(**fields: object) -> RelativeValue:
    base: dict[str, object] = {"anchor": "DCT", "unit": "day", "offset": 0, "granularity": "day"}
    base.update(fields)
    return RelativeValue(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "granularity", "value"),
    [
        (date(2024, 1, 7), "week", "2024-W01"),
        (date(2023, 1, 1), "week", "2022-W52"),  # ISO week-year differs from the calendar year
        (date(2024, 5, 2), "quarter", "2024-Q2"),
        (date(2024, 8, 9), "half", "2024-H2"),
        (date(1994, 3, 1), "decade", "199"),
        (date(1994, 3, 1), "century", "19"),
        (date(2023, 12, 20), "season", "2024-WI"),
        (date(2024, 7, 1), "season", "2024-SU"),
        (date(2024, 1, 20), "weekend", "2024-W03-WE"),
    ],
)
def test_format_value(day: date, granularity: str, value: str) -> None:
    assert format_value(day, granularity) == value


def test_parse_value_round_trips_calendar_values() -> None:
    for value in ("2024-01-16", "2024-03", "2024-W03", "2024-Q3", "2023-FA", "2024-H1", "1998"):
        parsed = parse_value(value)
        assert parsed is not None
        assert format_value(*parsed) == value
    assert parse_value("PRESENT_REF") is None
    assert parse_value("XXXX-WXX-2") is None


def test_shift_clamps_month_ends() -> None:
    assert shift(date(2024, 1, 31), "month", 1) == date(2024, 2, 29)
    assert shift(date(2024, 2, 29), "year", -1) == date(2023, 2, 28)


def test_weekday_directions() -> None:
    tuesday = 1
    assert resolve_relative(relative(weekday=tuesday, direction=-1), SUNDAY) == "2024-01-09"
    assert resolve_relative(relative(weekday=tuesday, direction=1), SUNDAY) == "2024-01-16"
    # "last Sunday" said on a Sunday is the week before, a bare past "Sunday" is today
    assert resolve_relative(relative(weekday=6, direction=-1, offset=-1), SUNDAY) == "2024-01-07"
    assert resolve_relative(relative(weekday=6, direction=-1), SUNDAY) == "2024-01-14"


def test_month_directions() -> None:
    october = relative(month=10, granularity="month")
    assert resolve_relative(october, SUNDAY) == "2024-10"  # same year
    def month(number: int, direction: int | None) -> str:
        return resolve_relative(relative(month=number, granularity="month", direction=direction),
                                SUNDAY)

    assert month(10, -1) == "2023-10"  # past tense: the latest October
    assert month(10, None) == "2023-10"  # no tense: the nearest October
    assert month(3, None) == "2024-03"


def test_last_winter_is_the_previous_season_year() -> None:
    last_winter = relative(unit="year", offset=-1, granularity="season", season="WI")
    assert resolve_relative(last_winter, SUNDAY) == "2023-WI"


def test_symbolic_values() -> None:
    assert symbolic_value(relative(weekday=1)) == "XXXX-WXX-2"
    assert symbolic_value(relative(month=1, day=15)) == "XXXX-01-15"
    assert symbolic_value(relative(granularity="week", unit="week", offset=-1)) == "XXXX-WXX"
    assert symbolic_value(relative(granularity="season", season="WI")) == "XXXX-WI"


def _expression(relative_value: RelativeValue, value: str) -> TimeExpression:
    return TimeExpression(
        evidence=Evidence("a", 0, 0, 7, "Tuesday"),
        type="DATE",
        value=value,
        granularity="day",
        anchor="dct",
        relative=relative_value,
    )


def test_resolve_fills_a_symbolic_value() -> None:
    symbolic = _expression(relative(weekday=1, direction=1), "XXXX-WXX-2")
    resolved = resolve(symbolic, SUNDAY)
    assert resolved.value == "2024-01-16"
    assert resolved.relative == symbolic.relative  # still re-resolvable
    assert resolve(resolved, date(2024, 2, 4)).value == "2024-02-06"


def test_resolve_leaves_absolute_values_alone() -> None:
    absolute = TimeExpression(Evidence("a", 0, 0, 4, "1998"), "DATE", "1998", "year")
    assert resolve(absolute, SUNDAY) is absolute


def test_text_anchor_resolves_through_its_own_relative_anchor() -> None:
    # "last Tuesday ... two days later": the anchor is itself relative to the DCT
    anchor = relative(weekday=1, direction=-1, offset=-1)
    later = relative(anchor="TEXT", offset=2, anchor_relative=anchor)
    expression = _expression(later, "XXXX-XX-XX")
    assert resolve(expression, SUNDAY).value == "2024-01-11"


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(["day", "week", "month", "quarter", "season", "year"]),
    st.integers(min_value=-30, max_value=30),
)
def test_shifted_values_parse_back(day: date, unit: str, steps: int) -> None:
    value = format_value(shift(day, unit, steps), unit)
    parsed = parse_value(value)
    assert parsed is not None
    assert format_value(*parsed) == value
