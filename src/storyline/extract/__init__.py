"""Raw document → :class:`~storyline.model.Article`: decoding, cleaning, and metadata with provenance.

Owns everything between bytes and a clean article: encodings, boilerplate
removal (with a record per removed line), title, byline, outlet and original
outlet, publication date and how it was found, and language.  Modules:
``decode`` (bytes → text), ``patterns`` (the junk rules, as data),
``boilerplate`` (line filtering, end of article), ``header`` (title, byline,
dateline), ``dates``, ``outlet``, ``html`` (trafilatura/htmldate boundary),
``language``, and ``article`` (the entry point that combines them).
"""

from __future__ import annotations

from storyline.extract.article import extract_article

__all__ = ["extract_article"]
