"""Splits a batch run's inputs into partitions, and reads a partition back into documents.

The driver expands the inputs exactly as the local runner does (same folder walk, same
glob order, same handling of URLs and missing paths) into *units*: a file, a slice of
lines of a large JSON Lines file, or an argument handed to the workers as is (a URL, a
path that does not exist). Units are grouped into :class:`Partition` records as they are
found, so millions of files are never listed in memory at once. A worker turns a
partition back into the raw documents and failures that :func:`storyline.sources.iter_inputs`
yields for the same inputs, with the same ``source`` names, in the same order.

A WARC file is one partition of its own (a gzipped archive cannot be split without
reading it); a JSON Lines file over :data:`SNIFF_MIN_BYTES` is split into slices of
``partition_size`` lines, cut at line boundaries by one streaming pass in the driver.
"""

from __future__ import annotations

import dataclasses
import glob
import io
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.config import DEFAULT_LIMITS, IngestLimits
from storyline.errors import InputError
from storyline.model import Failure, InputKind, RawDocument
from storyline.sources import iter_inputs
from storyline.sources.detect import HEAD_BYTES, sniff

# The local runner's own expansion rules, imported rather than restated so that the two
# runners cannot drift apart on which files an argument names, or in which order.
from storyline.sources.inputs import _GLOB_CHARS, _URL_LIKE, _guard, _walk
from storyline.sources.records import iter_jsonl

Item = RawDocument | Failure

# Smaller files are one unit each without being opened by the driver; larger ones are
# sniffed, so that archives and dumps get partitions of their own.
SNIFF_MIN_BYTES = 256 * 1024
_SCAN_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class InputUnit:
    """Something one worker reads: an argument as given, a file, or lines of a JSON Lines file.

    ``first_line`` is 0 for a whole input; for a slice it is the 1-based number of its first
    line, ``start`` the byte offset of the line *before* it (read and dropped, so that the
    slice's first line is never mistaken for the file's first) and ``end`` where it stops.
    """

    target: str
    first_line: int = 0
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class Partition:
    index: int
    units: tuple[InputUnit, ...]


def plan_partitions(inputs: Iterable[str], partition_size: int) -> Iterator[Partition]:
    """Partitions of at most ``partition_size`` documents (files or lines), streamed."""
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    index = 0
    pending: list[InputUnit] = []
    for unit, alone in _units(inputs, partition_size):
        if alone:
            if pending:
                yield Partition(index, tuple(pending))
                index, pending = index + 1, []
            yield Partition(index, (unit,))
            index += 1
            continue
        pending.append(unit)
        if len(pending) >= partition_size:
            yield Partition(index, tuple(pending))
            index, pending = index + 1, []
    if pending:
        yield Partition(index, tuple(pending))


def _units(inputs: Iterable[str], lines: int) -> Iterator[tuple[InputUnit, bool]]:
    """(unit, whether it fills a partition on its own), mirroring ``sources.inputs``."""
    if isinstance(inputs, str):
        inputs = [inputs]
    for argument in inputs:
        if _URL_LIKE.match(argument) and not os.path.exists(argument):
            yield InputUnit(argument), False
            continue
        path = Path(argument).expanduser()
        if path.is_dir():
            for file in _walk(path):
                yield from _file_units(file, lines)
        elif path.exists() or path.is_symlink():
            yield from _file_units(path, lines)
        elif _GLOB_CHARS.search(argument):
            matches = sorted(glob.iglob(os.path.expanduser(argument), recursive=True))
            if not matches:
                yield InputUnit(argument), False  # the worker records "no files match"
            for match in map(Path, matches):
                for file in _walk(match) if match.is_dir() else iter((match,)):
                    yield from _file_units(file, lines)
        else:
            yield InputUnit(argument), False  # the worker records "no such file"


def _file_units(path: Path, lines: int) -> Iterator[tuple[InputUnit, bool]]:
    whole = InputUnit(str(path))
    try:
        info = path.stat()
    except OSError:
        yield whole, False  # the worker reads it and records why it cannot
        return
    if not stat.S_ISREG(info.st_mode) or info.st_size < SNIFF_MIN_BYTES:
        yield whole, False
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
        kind = sniff(head, complete=info.st_size <= len(head), name=path.name)
    except (OSError, InputError):
        yield whole, False
        return
    if kind is InputKind.WARC:
        yield whole, True
    elif kind is InputKind.JSONL:
        for unit in jsonl_slices(path, lines):
            yield unit, True
    else:
        yield whole, False


def jsonl_slices(path: Path, lines: int) -> Iterator[InputUnit]:
    """Slices of ``lines`` lines of a JSON Lines file, found by one streaming pass.

    Lines are counted as :func:`storyline.sources.records.iter_jsonl` counts them: every
    newline ends one, however long (a line over the size limit is read in pieces).
    """
    first_line, before, slice_start = 1, 0, 0
    number, line_start, previous_start, offset = 1, 0, 0, 0  # ``number`` begins at ``line_start``
    with path.open("rb") as handle:
        while piece := handle.readline(_SCAN_CHUNK):
            offset += len(piece)
            if not piece.endswith(b"\n"):
                continue
            number += 1
            previous_start, line_start = line_start, offset
            if number == first_line + lines:
                yield InputUnit(str(path), first_line, before, offset)
                first_line, before, slice_start = number, previous_start, offset
    if offset > slice_start or first_line == 1:
        yield InputUnit(str(path), first_line, before, offset)


def iter_partition(partition: Partition, limits: IngestLimits = DEFAULT_LIMITS) -> Iterator[Item]:
    """The documents and failures of a partition, as the local runner would see them."""
    for unit in partition.units:
        if unit.first_line == 0:
            yield from iter_inputs([unit.target], limits)
        else:
            yield from _guard(unit.target, _iter_slice(unit, limits))


def _iter_slice(unit: InputUnit, limits: IngestLimits) -> Iterator[Item]:
    prefix = f"{unit.target}#line="
    # Numbers iter_jsonl gives count from the slice's start: line 1 is the file's line
    # ``first_line`` (or, for later slices, the line before it, which is dropped).
    shift = unit.first_line - (1 if unit.first_line == 1 else 2)
    try:
        handle = open(unit.target, "rb")  # noqa: SIM115 - closed below
    except OSError as error:
        yield Failure(unit.target, "read", InputError.code,
                      f"cannot read file: {error.strerror or error}")
        return
    with handle:
        handle.seek(unit.start)
        stream = io.BufferedReader(_Bounded(handle, unit.end - unit.start))
        for item in iter_jsonl(unit.target, stream, limits):
            local = int(item.source[len(prefix):])
            if unit.first_line > 1 and local == 1:
                continue
            yield dataclasses.replace(item, source=f"{prefix}{local + shift}")


class _Bounded(io.RawIOBase):
    """At most ``remaining`` bytes of an open file, from where it stands."""

    def __init__(self, handle: io.BufferedReader, remaining: int) -> None:
        self._handle = handle
        self._remaining = remaining

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._remaining <= 0:
            return 0
        size = min(len(buffer), self._remaining)
        data = self._handle.read(size)
        buffer[: len(data)] = data
        self._remaining -= len(data)
        return len(data)


__all__ = ["InputUnit", "Partition", "iter_partition", "jsonl_slices", "plan_partitions"]
