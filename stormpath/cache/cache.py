"""The TTL/TTI cache over a store."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from stormpath.cache.entry import CacheEntry
from stormpath.cache.stats import CacheStats
from stormpath.cache.store import CacheStore

DEFAULT_TTL = 300.0
DEFAULT_TTI = 300.0

# Per-key locks, striped so unrelated keys rarely wait on each other. Caches on in-process
# stores share one set (a client, one per Flask app and in many suites an app per test, then
# makes none): they hold a lock for microseconds. A cache on a network store, which holds it
# for a round trip, has its own. No code holds two of them at once.
_LOCK_STRIPES = 64
_SHARED_KEY_LOCKS = tuple(threading.Lock() for _ in range(_LOCK_STRIPES))

#: A read records its time in the entry only when the recorded last access is at least this
#: many seconds old (and at most a hundredth of the TTI): writing the whole entry back on every
#: hit would cost more than the read. An entry may therefore expire for idleness up to this
#: much sooner than ``tti`` after its very last read.
TOUCH_GRANULARITY = 1.0


class Cache:
    """Values by key that expire ``ttl`` seconds after creation or ``tti`` seconds after the
    last read, whichever comes first (``None`` disables that limit).

    Expiry is decided here from the timestamps stored with each entry; the store is also given
    the time left as its own expiry, a backstop that lets it drop entries nobody reads again.
    A read refreshes the entry's last access in the store, at most once per
    :data:`TOUCH_GRANULARITY` (or a hundredth of ``tti`` when that is shorter).

    :param clock: the current time in Unix seconds; injectable so tests need not sleep. Entries
        on a shared server are compared across processes, hence wall-clock time by default.
    """

    def __init__(
        self,
        store: CacheStore,
        ttl: float | None = DEFAULT_TTL,
        tti: float | None = DEFAULT_TTI,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.ttl = ttl
        self.tti = tti
        self.stats = CacheStats()
        self._count_hit = self.stats.recorder("hits")
        self._clock = clock
        self._touch_after = TOUCH_GRANULARITY if tti is None else min(TOUCH_GRANULARITY, tti / 100)
        # Any class with get/set/delete/clear is accepted as a store: get_shared is optional.
        self._get_shared: Callable[[str], dict[str, Any] | None] = getattr(
            store, "get_shared", store.get
        )
        self._in_process = getattr(store, "in_process", False) is True
        self._locks = (
            _SHARED_KEY_LOCKS
            if self._in_process
            else tuple(threading.Lock() for _ in range(_LOCK_STRIPES))
        )

    def get(self, key: str) -> dict[str, Any] | None:
        """The value under ``key``, or ``None`` when absent or expired."""
        return self._read(key, self.store.get)

    def get_shared(self, key: str) -> dict[str, Any] | None:
        """Like :meth:`get` for a caller that never changes the value: the store may hand the
        same dict to every such reader (see :meth:`.CacheStore.get_shared`)."""
        if self._in_process:
            # Entries shared in memory are never changed in place: a live hit that needs no
            # write-back (most of them, see TOUCH_GRANULARITY) is read without the key's lock;
            # anything else is read again under it.
            stored = self._get_shared(key)
            entry = None if stored is None else CacheEntry.from_dict(stored)
            if entry is not None:
                now = self._clock()
                if now - entry.last_accessed_at < self._touch_after and not entry.is_expired(
                    now, self.ttl, self.tti
                ):
                    self._count_hit()
                    return entry.value
        return self._read(key, self._get_shared)

    def _read(
        self, key: str, fetch: Callable[[str], dict[str, Any] | None]
    ) -> dict[str, Any] | None:
        # Every warm read of the client comes here: the lock look-up is inlined.
        with self._locks[hash(key) % _LOCK_STRIPES]:
            stored = fetch(key)
            entry = None if stored is None else CacheEntry.from_dict(stored)
            if entry is None:
                self.stats.record("misses")
                return None
            now = self._clock()
            if entry.is_expired(now, self.ttl, self.tti):
                self.store.delete(key)
                self.stats.record("expired")
                self.stats.record("misses")
                return None
            if now - entry.last_accessed_at >= self._touch_after:
                # Writing the touched entry back under the key's lock keeps a concurrent set()
                # or delete() in this process from being overwritten by the older value.
                self._put(key, entry.touched(now), now)
            self._count_hit()
            return entry.value

    def set(self, key: str, value: dict[str, Any]) -> None:
        """Cache ``value`` (a JSON-able dict) under ``key``."""
        if not isinstance(value, dict):
            raise TypeError(f"cache values must be dicts, not {type(value).__name__}")
        with self._lock_for(key):
            now = self._clock()
            self._put(key, CacheEntry.new(value, now), now)
            self.stats.record("sets")

    def delete(self, key: str) -> None:
        """Forget ``key``."""
        with self._lock_for(key):
            self.store.delete(key)
            self.stats.record("deletes")

    def clear(self) -> None:
        """Forget everything this cache's store holds."""
        self.store.clear()

    def _put(self, key: str, entry: CacheEntry, now: float) -> None:
        left = entry.time_left(now, self.ttl, self.tti)
        if left is not None and left <= 0:
            # Already stale (e.g. ttl=0): make sure no older value stays behind either.
            self.store.delete(key)
        else:
            self.store.set(key, entry.to_dict(), ttl=left)

    def _lock_for(self, key: str) -> threading.Lock:
        return self._locks[hash(key) % _LOCK_STRIPES]
