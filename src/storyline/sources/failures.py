"""Turning a caught input error into the :class:`Failure` record a run keeps.

Owns the rule for which stage a failure is reported under, so every reader
reports the same way: network and response-size problems are "fetch", a
refused or empty byte string is "detect", everything else is "read".
"""

from __future__ import annotations

from storyline.errors import EmptyInput, FetchError, StorylineError, UnsupportedInput
from storyline.model import Failure

_DETECT_CODES = frozenset({UnsupportedInput.code, EmptyInput.code})


def failure_from(source: str, error: StorylineError, *, fetched: bool = False) -> Failure:
    """The failure record for ``error`` on ``source``; ``fetched``: it came from a URL."""
    if error.code in _DETECT_CODES:
        stage = "detect"
    elif error.code == FetchError.code or fetched:
        stage = "fetch"
    else:
        stage = "read"
    return Failure(source=source, stage=stage, code=error.code, reason=error.message)


__all__ = ["failure_from"]
