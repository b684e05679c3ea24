"""From what a user typed (paths, folders, globs, URLs) to a stream of raw documents.

This module owns input expansion and dispatch: it turns each argument into
files or URLs, reads each one within the limits, asks :mod:`.detect` what it
is and hands containers to the reader for their kind. Everything is a
generator, one document in memory at a time; whatever goes wrong with one
input becomes a :class:`Failure` and the next input is read.
"""

from __future__ import annotations

import glob
import io
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.config import DEFAULT_LIMITS, IngestLimits
from storyline.errors import InputError, InputTooLarge, StorylineError
from storyline.model import Failure, InputKind, RawDocument
from storyline.sources.detect import HEAD_BYTES, sniff
from storyline.sources.failures import failure_from
from storyline.sources.feeds import iter_feed
from storyline.sources.fetch import fetch_url
from storyline.sources.records import iter_json_document, iter_jsonl
from storyline.sources.warc import iter_warc

Item = RawDocument | Failure

# "scheme://" (or a scheme that never has slashes) makes an argument a URL, refused later
# unless http/https; "notes:today.txt" stays a (missing) file name.
_URL_LIKE = re.compile(r"^([a-z][a-z0-9+.-]+://|(javascript|vbscript|data|mailto|about|file):)",
                       re.IGNORECASE)
_GLOB_CHARS = re.compile(r"[*?\[]")


def iter_inputs(inputs: Iterable[str], limits: IngestLimits = DEFAULT_LIMITS) -> Iterator[Item]:
    """Raw documents (or failures) for every input, in order; never raises for a bad input."""
    if isinstance(inputs, str):
        inputs = [inputs]  # one path, not its characters
    for argument in inputs:
        yield from _guard(argument, _iter_argument(argument, limits))


def _iter_argument(argument: str, limits: IngestLimits) -> Iterator[Item]:
    if _URL_LIKE.match(argument) and not os.path.exists(argument):
        yield from _iter_url(argument, limits)
        return
    path = Path(argument).expanduser()
    if path.is_dir():
        for file in _walk(path):
            yield from _guard(str(file), _iter_file(file, limits))
    elif path.exists() or path.is_symlink():
        yield from _iter_file(path, limits)
    elif _GLOB_CHARS.search(argument):
        matches = sorted(glob.iglob(os.path.expanduser(argument), recursive=True))
        # glob's wildcards already skip hidden names; folders matched are walked below.
        files = [Path(match) for match in matches]
        if not files:
            yield Failure(argument, "read", InputError.code,
                          f"no files match the pattern {argument!r}")
        for match in files:
            walked = _walk(match) if match.is_dir() else iter((match,))
            for file in walked:
                yield from _guard(str(file), _iter_file(file, limits))
    else:
        yield Failure(argument, "read", InputError.code, f"no such file or folder: {argument!r}")


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder`` in sorted order, leaving out hidden files and folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _iter_url(url: str, limits: IngestLimits) -> Iterator[Item]:
    try:
        document = fetch_url(url, limits)
    except StorylineError as error:
        yield failure_from(url, error, fetched=True)
        return
    yield from _expand(document, limits)


def _expand(document: RawDocument, limits: IngestLimits) -> Iterator[Item]:
    """A fetched or read document as itself, or as the records of the container it is."""
    if document.kind is InputKind.FEED:
        yield from iter_feed(document.source, document.data, limits)
    elif document.kind is InputKind.JSON:
        yield from iter_json_document(document.source, document.data)
    elif document.kind is InputKind.JSONL:
        yield from iter_jsonl(document.source, io.BytesIO(document.data), limits)
    elif document.kind is InputKind.WARC:
        yield from iter_warc(document.source, io.BytesIO(document.data), limits)
    else:
        yield document


def _iter_file(path: Path, limits: IngestLimits) -> Iterator[Item]:
    source = str(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            # A FIFO or a device would block or never end; only regular files are read.
            yield Failure(source, "read", InputError.code,
                          "not a regular file (pipe, socket or device)")
            return
        handle = path.open("rb")
    except OSError as error:
        yield _unreadable(source, error)
        return
    with handle:
        try:
            head = handle.read(HEAD_BYTES)
            size = os.fstat(handle.fileno()).st_size
        except OSError as error:
            yield _unreadable(source, error)
            return
        try:
            kind = sniff(head, complete=size <= len(head), name=path.name)
        except InputError as error:
            yield failure_from(source, error)
            return
        if kind in (InputKind.WARC, InputKind.JSONL):
            # Containers are streamed; the size limit applies to each record instead.
            handle.seek(0)
            reader = iter_warc if kind is InputKind.WARC else iter_jsonl
            yield from reader(source, handle, limits)
            return
        try:
            data = _read_bounded(handle, head, size, limits)
            kind = sniff(data[:HEAD_BYTES], complete=True, name=path.name, whole=data)
        except InputError as error:
            yield failure_from(source, error)
            return
        except OSError as error:
            yield _unreadable(source, error)
            return
    yield from _expand(RawDocument(source=source, data=data, kind=kind), limits)


def _read_bounded(handle: io.BufferedReader, head: bytes, size: int, limits: IngestLimits) -> bytes:
    if size > limits.max_bytes:
        raise InputTooLarge(f"file is {size} bytes, over the {limits.max_bytes}-byte limit")
    data = head + handle.read(max(0, limits.max_bytes + 1 - len(head)))
    if len(data) > limits.max_bytes:  # the file grew, or st_size lied (a pipe, /proc)
        raise InputTooLarge(f"file is over the {limits.max_bytes}-byte limit")
    return data


def _unreadable(source: str, error: OSError) -> Failure:
    return Failure(source, "read", InputError.code, f"cannot read file: {error.strerror or error}")


def _guard(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """Pass ``items`` through, turning an unexpected exception into one last failure."""
    try:
        yield from items
    except StorylineError as error:
        yield failure_from(source, error)
    except Exception as error:  # noqa: BLE001 - a library bug on one input must not end the run
        reason = f"unexpected {type(error).__name__}: {error}"
        yield Failure(source, "read", InputError.code, reason)


__all__ = ["iter_inputs"]
