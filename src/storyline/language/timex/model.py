"""Records of the temporal tagger: a time expression and its symbolic (unresolved) form.

An article with no known publication date still yields every time expression, with
``relative`` describing how to compute its calendar value once a date is known
(``resolve`` in :mod:`storyline.language.timex.calendar`). Values follow TIMEX3 (TimeML):
"2024-01-16", "2024-W03", "2023-WI", "1990-Q3", "199", "P9M", "PRESENT_REF"...
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.language.evidence import Evidence

TYPES = ("DATE", "TIME", "DURATION", "SET")
GRANULARITIES = (
    "time",
    "day",
    "week",
    "month",
    "season",
    "quarter",
    "half",
    "year",
    "decade",
    "century",
    "duration",
    "set",
    "ref",
)
ANCHORS = ("dct", "text", "absolute", "none")


@dataclass(frozen=True, slots=True)
class RelativeValue:
    """How to compute a calendar value from an anchor date, without knowing that date.

    The value is: take the anchor (the document creation time, or a nearer time the
    text gave), move ``offset`` steps of ``unit`` (``unit`` "day", "week", "weekend",
    "month", "quarter", "half", "season", "year", "decade", "century"), then, when a
    named ``weekday``/``month``/``season``/``holiday`` is set, pick the one in ``direction``
    (-1 most recent, +1 next, 0 same period or nearest); finally express it at
    ``granularity`` and append ``time_of_day`` ("MO", "AF", "EV", "NI", "14:30").
    ``direction`` None picks the nearest one (a bare "in September" in a clause whose
    tense says nothing).
    """

    anchor: str  # "DCT" or "TEXT"
    unit: str
    offset: int
    granularity: str
    direction: int | None = 0
    weekday: int | None = None  # 0 = Monday
    month: int | None = None
    day: int | None = None
    season: str | None = None  # "SP", "SU", "FA", "WI"
    quarter: int | None = None
    half: int | None = None
    time_of_day: str | None = None
    holiday: str | None = None  # a named day ("thanksgiving day"), see timex.holidays
    # When ``anchor == "TEXT"``: the value of the text's reference time, and if that
    # reference was itself relative to the DCT, its symbolic form.
    anchor_value: str | None = None
    anchor_relative: RelativeValue | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "anchor": self.anchor,
            "unit": self.unit,
            "offset": self.offset,
            "granularity": self.granularity,
            "direction": self.direction,
        }
        for name in ("weekday", "month", "day", "season", "quarter", "half", "time_of_day",
                     "holiday"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.anchor_value is not None:
            out["anchor_value"] = self.anchor_value
        if self.anchor_relative is not None:
            out["anchor_relative"] = self.anchor_relative.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> "RelativeValue":
        """The inverse of :meth:`to_dict` (stored facts are read back with it)."""
        fields = dict(data)
        nested = fields.pop("anchor_relative", None)
        relative = cls.from_dict(nested) if isinstance(nested, dict) else None
        return cls(**fields, anchor_relative=relative)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """One temporal expression read in an article, normalised as a TIMEX3."""

    evidence: Evidence
    type: str  # one of TYPES
    value: str  # TIMEX3 value; symbolic ("XXXX-XX-XX") when it depends on an unknown date
    granularity: str  # one of GRANULARITIES
    mod: str | None = None  # TIMEX3 mod: START, MID, END, APPROX, BEFORE, AFTER, ...
    anchor: str = "absolute"  # one of ANCHORS
    relative: RelativeValue | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "evidence": self.evidence.to_dict(),
            "type": self.type,
            "value": self.value,
            "granularity": self.granularity,
            "mod": self.mod,
            "anchor": self.anchor,
            "relative": self.relative.to_dict() if self.relative is not None else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> "TimeExpression":
        """The inverse of :meth:`to_dict` (stored facts are read back with it)."""
        evidence = data["evidence"]
        relative = data.get("relative")
        return cls(
            evidence=Evidence(**evidence),  # type: ignore[arg-type]
            type=str(data["type"]),
            value=str(data["value"]),
            granularity=str(data["granularity"]),
            mod=data.get("mod"),  # type: ignore[arg-type]
            anchor=str(data.get("anchor", "absolute")),
            relative=RelativeValue.from_dict(relative) if isinstance(relative, dict) else None,
        )


__all__ = ["ANCHORS", "GRANULARITIES", "TYPES", "RelativeValue", "TimeExpression"]
