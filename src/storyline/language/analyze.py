"""The per-article language layer as one stage: a parsed Doc in, :class:`ArticleFacts` out.

It chains the extractors in dependency order (entities and quantities, then time
expressions, then attributions that use both, then events that use all of them) and
never touches storage; :mod:`storyline.runners.language` feeds it and stores the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from storyline.language.attribution import Attribution, extract_attributions
from storyline.language.entities import Mention, extract_mentions
from storyline.language.events import EventMention, extract_event_mentions
from storyline.language.quantities import Quantity, extract_quantities
from storyline.language.timex import TimeExpression, tag_time_expressions

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Bump when any extractor's output changes: stored analyses of an older version are redone.
LANGUAGE_VERSION = "language-3"

FACT_KINDS = ("mention", "time_expression", "quantity", "attribution", "event_mention")


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """Everything the language layer read in one article, each fact with its evidence."""

    article_id: str
    mentions: tuple[Mention, ...]
    time_expressions: tuple[TimeExpression, ...]
    quantities: tuple[Quantity, ...]
    attributions: tuple[Attribution, ...]
    event_mentions: tuple[EventMention, ...]

    def by_kind(self) -> dict[str, tuple[Any, ...]]:
        return {
            "mention": self.mentions,
            "time_expression": self.time_expressions,
            "quantity": self.quantities,
            "attribution": self.attributions,
            "event_mention": self.event_mentions,
        }


def analyze_doc(doc: "Doc", article_id: str, published: date | None) -> ArticleFacts:
    """Run every extractor over one parsed article. ``published`` anchors relative dates."""
    mentions = extract_mentions(doc, article_id)
    quantities = extract_quantities(doc, article_id)
    times = tag_time_expressions(doc, published, article_id)
    attributions = extract_attributions(doc, article_id, mentions=mentions, quantities=quantities)
    events = extract_event_mentions(
        doc,
        article_id,
        time_expressions=times,
        mentions=mentions,
        attributions=attributions,
    )
    return ArticleFacts(article_id, mentions, times, quantities, attributions, events)


__all__ = ["FACT_KINDS", "LANGUAGE_VERSION", "ArticleFacts", "analyze_doc"]
