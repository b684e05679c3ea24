"""storyline: a sourced, dated, deduplicated picture of a developing news story."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
