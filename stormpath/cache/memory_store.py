"""An in-process store: the default one."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from stormpath.cache.store import CacheStore, decode, encode


class MemoryStore(CacheStore):
    """A thread-safe in-memory store, optionally bounded.

    Values are kept as JSON text, so a caller mutating a dict it got back (or one it stored)
    never changes what is cached, and the memory store accepts exactly what the Redis and
    memcached stores accept. :meth:`get_shared` decodes an entry once and then hands the same
    dict to every reader, which is what makes a warm cache hit cheap.

    :param max_size: the most entries kept; beyond it the least recently used one is evicted.
        ``None`` (the default) means unbounded.
    :param clock: seconds on a monotonic scale, for the ``ttl`` backstop; injectable for tests.
    """

    in_process = True

    def __init__(
        self, max_size: int | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if max_size is not None and (
            isinstance(max_size, bool) or not isinstance(max_size, int) or max_size < 1
        ):
            raise ValueError(f"max_size must be a positive int or None, not {max_size!r}")
        self.max_size = max_size
        self._clock = clock
        self._lock = threading.Lock()
        # key -> (JSON text, expiry on the clock's scale or None, the decoded dict shared by
        # get_shared() once one was asked for); order = recency of use.
        self._entries: OrderedDict[str, tuple[str, float | None, dict[str, Any] | None]] = (
            OrderedDict()
        )
        self._sets_since_sweep = 0
        self._sweep_after = 1

    def get(self, key: str) -> dict[str, Any] | None:
        """Return a fresh copy of the dict under ``key``, or ``None``."""
        with self._lock:
            found = self._live(key)
        return None if found is None else decode(found[0])

    def get_shared(self, key: str) -> dict[str, Any] | None:
        """The dict under ``key``, decoded on the first such read and then the same object for
        every reader until the entry is replaced: callers must not change it."""
        # The hit of every authenticated request: an unbounded store has no recency order to
        # update, so an unexpired entry decoded before is one dict read, which needs no lock.
        found = self._entries.get(key)
        if (
            found is not None
            and found[2] is not None
            and self.max_size is None
            and (found[1] is None or self._clock() < found[1])
        ):
            return found[2]
        with self._lock:
            found = self._live(key)
            if found is None:
                return None
            text, expires_at, shared = found
            if shared is None:
                shared = decode(text)
                self._entries[key] = (text, expires_at, shared)
            return shared

    def _live(self, key: str) -> tuple[str, float | None, dict[str, Any] | None] | None:
        """The unexpired entry under ``key``, marked as just used (call with the lock held)."""
        found = self._entries.get(key)
        if found is None:
            return None
        if found[1] is not None and self._clock() >= found[1]:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return found

    def set(self, key: str, value: dict[str, Any], ttl: float | None = None) -> None:
        """Store a copy of ``value``; it is dropped ``ttl`` seconds from now if given."""
        text = encode(value)
        with self._lock:
            now = self._clock()
            self._entries[key] = (text, None if ttl is None else now + ttl, None)
            self._entries.move_to_end(key)
            self._sets_since_sweep += 1
            # Sweeping after as many writes as entries were left by the last sweep keeps the
            # cost amortised O(1) per write while bounding how many expired entries linger.
            if self._sets_since_sweep >= self._sweep_after:
                self._sweep(now)
            if self.max_size is not None:
                while len(self._entries) > self.max_size:
                    self._entries.popitem(last=False)

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        """Remove everything."""
        with self._lock:
            self._entries.clear()
            self._sets_since_sweep = 0
            self._sweep_after = 1

    def __len__(self) -> int:
        """The number of entries held, expired ones not yet swept included."""
        with self._lock:
            return len(self._entries)

    def _sweep(self, now: float) -> None:
        expired = [k for k, (_, exp, _) in self._entries.items() if exp is not None and now >= exp]
        for key in expired:
            del self._entries[key]
        self._sets_since_sweep = 0
        self._sweep_after = max(1, len(self._entries))
