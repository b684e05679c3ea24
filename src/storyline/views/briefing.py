"""The briefing: a short, extractive, fully cited multi-source summary of one story.

This module is the public surface; the work lives in sibling modules:

- :mod:`~storyline.views.briefing_records`: the records (inputs, options, the briefing);
- :mod:`~storyline.views.briefing_store`: :func:`briefing_inputs`, the one read of a store,
  and :func:`build_briefing`;
- :mod:`~storyline.views.briefing_compose`: :func:`compose_briefing`, the pure core;
- :mod:`~storyline.views.briefing_composer`: picking and wording source sentences, folding
  copies;
- :mod:`~storyline.views.briefing_events`, :mod:`~storyline.views.briefing_claims`,
  :mod:`~storyline.views.briefing_numbers`: the sections (what happened, who says what,
  key numbers; "new since" reuses the first two);
- :mod:`~storyline.views.briefing_render`: Markdown and HTML (JSON is ``to_dict``);
- :mod:`~storyline.views.briefing_llm`: the optional rewording by a language model,
  verified against the extractive text.

Every sentence is taken from an article (an event's or a claim's evidence sentence) or is a
templated line over extracted quantities, and carries the ids of the articles it rests on.
Copies are folded: one sentence per duplicate group and content, taken from the group's
original when it holds one. A sentence whose sources are all one duplicate group is
flagged ``single_source``.
"""

from __future__ import annotations

from storyline.views.briefing_compose import compose_briefing
from storyline.views.briefing_llm import LlmSettings, RewriteOutcome, rewrite_briefing
from storyline.views.briefing_records import (
    ArticleMeta,
    Briefing,
    BriefingInputs,
    BriefingOptions,
    BriefSentence,
    Section,
    Source,
)
from storyline.views.briefing_store import briefing_inputs, build_briefing
from storyline.views.briefing_text import day_label

__all__ = [
    "ArticleMeta",
    "BriefSentence",
    "Briefing",
    "BriefingInputs",
    "BriefingOptions",
    "LlmSettings",
    "RewriteOutcome",
    "Section",
    "Source",
    "briefing_inputs",
    "build_briefing",
    "compose_briefing",
    "day_label",
    "rewrite_briefing",
]
