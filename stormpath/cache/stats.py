"""Counters of what a cache did, to see whether it helps."""

from __future__ import annotations

import threading


class CacheStats:
    """Thread-safe counts of hits, misses (``expired`` of them because stale), sets, deletes."""

    FIELDS = ("hits", "misses", "expired", "sets", "deletes")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts = dict.fromkeys(self.FIELDS, 0)

    def record(self, field: str) -> None:
        """Add one to ``field`` (one of :attr:`FIELDS`)."""
        with self._lock:
            self._counts[field] += 1

    def as_dict(self) -> dict[str, int]:
        """A snapshot of every counter."""
        with self._lock:
            return dict(self._counts)

    @property
    def hits(self) -> int:
        """Reads answered from the cache."""
        return self._counts["hits"]

    @property
    def misses(self) -> int:
        """Reads the cache could not answer (absent, unreadable or expired)."""
        return self._counts["misses"]

    @property
    def expired(self) -> int:
        """Misses due to an entry past its TTL or TTI."""
        return self._counts["expired"]

    @property
    def hit_ratio(self) -> float:
        """Hits over reads, 0.0 before any read."""
        counts = self.as_dict()
        reads = counts["hits"] + counts["misses"]
        return counts["hits"] / reads if reads else 0.0

    def __repr__(self) -> str:
        return f"CacheStats({self.as_dict()})"
