"""storyline: a sourced, dated, deduplicated picture of a developing news story.

    import storyline
    s = storyline.open("storyline.db")
    s.ingest("articles/")
    s.timeline(entity="Putin")
"""

from __future__ import annotations

__version__ = "0.1.0"


def open(location: str = "storyline.db"):  # type: ignore[no-untyped-def]  # noqa: A001
    """Open (or create) a store; see :class:`storyline.api.Storyline`."""
    from storyline.api import open as open_storyline

    return open_storyline(location)


__all__ = ["__version__", "open"]
