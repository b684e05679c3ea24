"""Aggregates over a whole kind of record, computed once per state of the store's picture.

A few views need every record of a kind (the stories list with each story's latest
article, claims ranked best-sourced first). They are computed once and kept until the
store's :meth:`~storyline.store.base.Store.picture_token` changes, which it does when
fusion writes the picture or an article is added; every request checks the token (one
cheap query), so a page never shows an aggregate older than the store it reads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

from storyline.store.base import Store

T = TypeVar("T")


class PictureCache:
    """A small in-process cache, emptied whenever the store's picture changes.

    Values are shared between requests and threads: callers must not change them.
    ``max_entries`` bounds the per-record entries (least recently used go first).
    """

    def __init__(self, max_entries: int = 256) -> None:
        self.max_entries = max_entries
        self._token: str | None = None
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        # One computation at a time: twenty clients arriving together after a fusion
        # would otherwise compute the same aggregate twenty times.
        self._computing = threading.Lock()

    def get(self, store: Store, key: Hashable, compute: Callable[[], T]) -> T:
        token = store.picture_token()
        value = self._lookup(token, key)
        if value is not _MISSING:
            return value  # type: ignore[return-value]
        with self._computing:
            value = self._lookup(token, key)
            if value is not _MISSING:
                return value  # type: ignore[return-value]
            computed = compute()
            with self._lock:
                if self._token == token:
                    self._values[key] = computed
                    while len(self._values) > self.max_entries:
                        self._values.popitem(last=False)
            return computed

    def _lookup(self, token: str, key: Hashable) -> object:
        with self._lock:
            if token != self._token:
                self._values.clear()
                self._token = token
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            return _MISSING


_MISSING = object()


__all__ = ["PictureCache"]
