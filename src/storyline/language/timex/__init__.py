"""Temporal tagging: find time expressions in an article and normalise them as TIMEX3.

Public surface::

    tag_time_expressions(doc, dct, article_id="") -> tuple[TimeExpression, ...]
    resolve(expression, dct) -> TimeExpression

Rules and lexicons over the text and the spaCy parse (no learned model); measured on
TempEval-3 by :mod:`storyline.evaluation.timex`.
"""

from __future__ import annotations

from storyline.language.timex.calendar import resolve
from storyline.language.timex.model import RelativeValue, TimeExpression
from storyline.language.timex.tagger import tag_time_expressions

__all__ = ["RelativeValue", "TimeExpression", "resolve", "tag_time_expressions"]
