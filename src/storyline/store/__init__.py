"""Storage: one small interface (:class:`Store`), SQLite by default.

``open_store("storyline.db")`` opens (and migrates) a SQLite file; a
``postgresql://`` URL is reserved for the PostgreSQL backend.
"""

from __future__ import annotations

from storyline.errors import ConfigError
from storyline.store.base import DuplicateGroup, SearchHit, Store, StoredArticle, StoredFailure

DEFAULT_DB = "storyline.db"


def open_store(location: str = DEFAULT_DB) -> Store:
    if location.startswith(("postgresql://", "postgres://")):
        raise ConfigError(
            "the PostgreSQL backend is not available in this version; use a SQLite file path"
        )
    from storyline.store.sqlite import SQLiteStore

    return SQLiteStore(location)


__all__ = [
    "DEFAULT_DB",
    "DuplicateGroup",
    "SearchHit",
    "Store",
    "StoredArticle",
    "StoredFailure",
    "open_store",
]
