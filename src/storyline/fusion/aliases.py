"""Alias tables: exonyms, transliterations and acronyms that name the same entity.

A table is plain UTF-8 TSV, one alias a line::

    canonical<TAB>alias<TAB>type

``type`` is one of ``PERSON``, ``ORG``, ``GPE``, ``LOC``, ``FAC``, ``NORP`` (whole names;
``GPE``, ``LOC`` and ``FAC`` share one place namespace, so a ``GPE`` row also covers a city
the model typed ``LOC``), ``GIVEN`` (equivalent given names: ``Nikolai<TAB>Mykola<TAB>GIVEN``)
or ``FAMILY`` (equivalent family names: ``Pak<TAB>Park<TAB>FAMILY``). Blank lines and lines
starting with ``#`` are ignored. Lookups ignore case, accents and punctuation, so ``U.N.``,
``UN`` and ``u.n.`` are one alias.

The bundled default (``fusion/data/aliases.tsv``) is a modest list of common exonyms,
transliterations and agency acronyms. :meth:`AliasTable.load` merges a user's table over it;
a user row wins where both define the same alias.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from storyline.errors import ConfigError

NAME_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
PART_TYPES = frozenset({"GIVEN", "FAMILY"})
TYPES = NAME_TYPES | PART_TYPES
_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def namespace(label: str) -> str:
    """The namespace a label's aliases live in: places share one, other labels their own."""
    return "PLACE" if label in _PLACE_TYPES else label


@lru_cache(maxsize=1 << 16)
def alias_key(text: str) -> str:
    """Case-, accent- and punctuation-free form of a name ("U.N." -> "un", "Kyiv" -> "kyiv").

    Apostrophes and dots vanish inside words ("Cote d'Ivoire" -> "cote divoire"); other
    punctuation separates words.
    """
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = re.sub(r"['’`.]", "", folded)
    words = _NON_ALNUM.sub(" ", folded).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class AliasRow:
    canonical: str
    alias: str
    type: str


@dataclass(frozen=True, slots=True)
class AliasTable:
    """Alias lookups by namespace; build with :meth:`default`, :meth:`load` or :meth:`from_rows`."""

    rows: tuple[AliasRow, ...] = ()
    _index: Mapping[tuple[str, str], str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_rows(cls, rows: tuple[AliasRow, ...] | list[AliasRow]) -> "AliasTable":
        """A table of ``rows``; a later row wins where two define the same alias."""
        index: dict[tuple[str, str], str] = {}
        for row in rows:
            space = namespace(row.type)
            # The canonical form names itself too, so lookups of it are stable.
            index.setdefault((space, alias_key(row.canonical)), row.canonical)
            index[(space, alias_key(row.alias))] = row.canonical
        # Follow chains ("Sasha" -> "Oleksandr" -> "Alexander") to their end, cycles aside.
        for entry, canonical in list(index.items()):
            seen = {entry}
            step = (entry[0], alias_key(canonical))
            while step in index and step not in seen:
                seen.add(step)
                canonical = index[step]
                step = (entry[0], alias_key(canonical))
            index[entry] = canonical
        return cls(tuple(rows), MappingProxyType(index))

    @classmethod
    def default(cls) -> "AliasTable":
        """The bundled table."""
        return cls.from_rows(_default_rows())

    @classmethod
    def load(cls, path: str | Path, *, include_default: bool = True) -> "AliasTable":
        """Read a user table from ``path``, merged over the bundled default unless told not to."""
        user_rows = parse_rows(Path(path).read_text(encoding="utf-8"), source=str(path))
        return cls.from_rows((_default_rows() if include_default else ()) + user_rows)

    def merged(self, other: "AliasTable") -> "AliasTable":
        """This table with ``other``'s rows over it."""
        return AliasTable.from_rows(self.rows + other.rows)

    def canonical(self, name: str, label: str) -> str | None:
        """The canonical form of ``name`` for an entity typed ``label``, if the table has one."""
        return self._index.get((namespace(label), alias_key(name)))

    def __len__(self) -> int:
        return len(self.rows)


def parse_rows(text: str, source: str = "<aliases>") -> tuple[AliasRow, ...]:
    """Rows of a TSV alias table; raises :class:`ConfigError` naming the first bad line."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [part.strip() for part in line.split("\t")]
        if len(parts) != 3 or not parts[0] or not parts[1]:
            raise ConfigError(
                f"{source}:{number}: expected 'canonical<TAB>alias<TAB>type', got {line!r}",
                source=source,
            )
        kind = parts[2].upper()
        if kind not in TYPES:
            raise ConfigError(
                f"{source}:{number}: unknown alias type {parts[2]!r}; "
                f"use one of {', '.join(sorted(TYPES))}",
                source=source,
            )
        rows.append(AliasRow(parts[0], parts[1], kind))
    return tuple(rows)


_DEFAULT_ROWS: tuple[AliasRow, ...] | None = None


def _default_rows() -> tuple[AliasRow, ...]:
    global _DEFAULT_ROWS
    if _DEFAULT_ROWS is None:
        data = resources.files("storyline.fusion").joinpath("data/aliases.tsv")
        _DEFAULT_ROWS = parse_rows(
            data.read_text(encoding="utf-8"), source="storyline/fusion/data/aliases.tsv"
        )
    return _DEFAULT_ROWS


__all__ = ["AliasRow", "AliasTable", "alias_key", "namespace", "parse_rows"]
