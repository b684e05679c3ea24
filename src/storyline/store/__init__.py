"""Storage: one small interface (:class:`Store`), SQLite by default, PostgreSQL by URL.

``open_store("storyline.db")`` opens (and migrates) a SQLite file;
``open_store("postgresql://user@host/db")`` a PostgreSQL database (the ``postgres``
extra: ``pip install 'storyline[postgres]'``). Both are migrated on open.
"""

from __future__ import annotations

from storyline.errors import ConfigError
from storyline.store.base import DuplicateGroup, SearchHit, Store, StoredArticle, StoredFailure

DEFAULT_DB = "storyline.db"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def open_store(location: str = DEFAULT_DB) -> Store:
    """The store at ``location``: a ``postgresql://`` URL or a SQLite file path."""
    if location.startswith(POSTGRES_SCHEMES):
        from storyline.store.postgres import PostgresStore

        return PostgresStore(location)
    scheme, sep, _ = location.partition("://")
    if sep and len(scheme) > 1 and scheme.isidentifier():  # not a drive letter
        raise ConfigError(
            f"unknown store URL scheme {scheme!r}: use a SQLite file path or a postgresql:// URL"
        )
    from storyline.store.sqlite import SQLiteStore

    return SQLiteStore(location)


__all__ = [
    "DEFAULT_DB",
    "POSTGRES_SCHEMES",
    "DuplicateGroup",
    "SearchHit",
    "Store",
    "StoredArticle",
    "StoredFailure",
    "open_store",
]
