"""Limits and options for ingest, with documented defaults (see README "Limits")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IngestLimits:
    """Bounds that keep a huge or hostile input from hurting a run.

    Every limit turns into a failure record for the offending input; the run goes on.
    """

    max_bytes: int = 20 * 1024 * 1024  # per document (file, response, record)
    max_text_chars: int = 2_000_000  # decoded text kept per article
    url_timeout_s: float = 20.0  # total time per URL
    max_redirects: int = 5
    max_feed_entries: int = 1000
    user_agent: str = "storyline/0.1 (+news analysis)"
    allow_schemes: tuple[str, ...] = ("http", "https")


DEFAULT_LIMITS = IngestLimits()
