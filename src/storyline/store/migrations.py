"""Named, recorded schema migrations, one folder per SQL dialect.

``migrations/<dialect>/NNNN_name.sql`` are applied in order, once each, and recorded in
the store's ``schema_migrations`` table. Every dialect has the same versions with the
same names (``tests/test_store_backends.py`` checks it), so a schema version means the
same tables whichever backend holds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

DIALECTS = ("sqlite", "postgresql")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations(dialect: str = "sqlite") -> list[Migration]:
    """The migrations of one dialect (``sqlite`` or ``postgresql``), by version."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown migration dialect {dialect!r}; expected one of {DIALECTS}")
    root = resources.files("storyline.store").joinpath("migrations")
    # A migration dropped beside the dialect folders would silently never run.
    stray = sorted(entry.name for entry in root.iterdir() if entry.name.endswith(".sql"))
    if stray:
        raise RuntimeError(f"migrations must live in a dialect folder {DIALECTS}, found {stray}")
    found = []
    for entry in root.joinpath(dialect).iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migration versions must be 1..N without gaps, found {versions}")
    return found


__all__ = ["DIALECTS", "Migration", "load_migrations"]
