"""The language of an article's clean text, as an ISO 639-1 code."""

from __future__ import annotations

import functools
import re

MIN_CHARS = 20  # below this a language guess is noise
MIN_PROBABILITY = 0.5


def detect_language(text: str, hint: object = None) -> str | None:
    """The hinted language when it is a plausible code, else py3langid's guess on ``text``."""
    if isinstance(hint, str):
        code = re.split(r"[-_]", hint.strip().lower())[0]
        if re.fullmatch(r"[a-z]{2,3}", code):
            return code
    if len(text.strip()) < MIN_CHARS:
        return None
    code, probability = _identifier().classify(text[:1_000])  # the opening is enough, and cost grows with length
    return str(code) if probability >= MIN_PROBABILITY else None


@functools.cache
def _identifier():  # type: ignore[no-untyped-def]
    # Loading the model costs ~0.1 s; one normalised-probability identifier serves every call.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
