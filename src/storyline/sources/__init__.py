"""Inputs to raw documents: files, folders, globs, URLs, feeds, JSON dumps and web archives.

The sources package owns everything between what a user names and the
:class:`~storyline.model.RawDocument` records extraction reads. It streams:
one document is in memory at a time, whatever the size of the corpus, and a
bad input becomes a :class:`~storyline.model.Failure` instead of an exception.
"""

from __future__ import annotations

from storyline.sources.detect import detect_kind
from storyline.sources.fetch import fetch_url
from storyline.sources.inputs import iter_inputs

__all__ = ["detect_kind", "fetch_url", "iter_inputs"]
