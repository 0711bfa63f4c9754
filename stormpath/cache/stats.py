"""Counters of what a cache did, to see whether it helps."""

from __future__ import annotations

import itertools
from collections.abc import Callable


class CacheStats:
    """Thread-safe counts of hits, misses (``expired`` of them because stale), sets, deletes."""

    FIELDS = ("hits", "misses", "expired", "sets", "deletes")

    def __init__(self) -> None:
        # itertools.count: next() on it is one atomic C call, so counting needs no lock (a
        # cache hit counts once per read of the client).
        self._counters = {field: itertools.count() for field in self.FIELDS}

    def record(self, field: str) -> None:
        """Add one to ``field`` (one of :attr:`FIELDS`)."""
        next(self._counters[field])

    def recorder(self, field: str) -> Callable[[], object]:
        """A no-argument callable adding one to ``field``, for hot paths."""
        return self._counters[field].__next__

    def as_dict(self) -> dict[str, int]:
        """Every counter's current value."""
        return {field: _value(counter) for field, counter in self._counters.items()}

    @property
    def hits(self) -> int:
        """Reads answered from the cache."""
        return _value(self._counters["hits"])

    @property
    def misses(self) -> int:
        """Reads the cache could not answer (absent, unreadable or expired)."""
        return _value(self._counters["misses"])

    @property
    def expired(self) -> int:
        """Misses due to an entry past its TTL or TTI."""
        return _value(self._counters["expired"])

    @property
    def hit_ratio(self) -> float:
        """Hits over reads, 0.0 before any read."""
        counts = self.as_dict()
        reads = counts["hits"] + counts["misses"]
        return counts["hits"] / reads if reads else 0.0

    def __repr__(self) -> str:
        return f"CacheStats({self.as_dict()})"


def _value(counter: itertools.count[int]) -> int:
    """The next value `counter` would give, i.e. how many it has given (its repr is
    ``count(N)``; reading it any other way would consume a value)."""
    return int(repr(counter)[6:-1])
