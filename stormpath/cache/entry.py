"""A cached value with the two timestamps its expiry depends on."""

from __future__ import annotations

from typing import Any, NamedTuple


class CacheEntry(NamedTuple):
    """``value`` as cached at ``created_at``, last read at ``last_accessed_at`` (Unix seconds).

    It lives in a store as a plain dict (see :meth:`to_dict`), so every store, the network
    ones included, carries the timestamps along with the value. (A named tuple: one is made
    for every cache read, and it is the cheapest immutable record to make.)
    """

    value: dict[str, Any]
    created_at: float
    last_accessed_at: float

    @classmethod
    def new(cls, value: dict[str, Any], now: float) -> CacheEntry:
        """An entry created and last accessed ``now``."""
        return cls(value, now, now)

    def touched(self, now: float) -> CacheEntry:
        """This entry, accessed ``now``."""
        return self._replace(last_accessed_at=now)

    def time_left(self, now: float, ttl: float | None, tti: float | None) -> float | None:
        """Seconds until expiry (``<= 0``: expired), ``None`` when neither limit applies.

        Expired means ``ttl`` seconds since creation or ``tti`` seconds since the last access.
        """
        left = None if ttl is None else self.created_at + ttl - now
        if tti is not None:
            idle_left = self.last_accessed_at + tti - now
            if left is None or idle_left < left:
                left = idle_left
        return left

    def is_expired(self, now: float, ttl: float | None, tti: float | None) -> bool:
        """Whether the entry is past its time to live or its time to idle (``time_left`` would
        be ``<= 0``), compared directly: every cache read asks."""
        return (ttl is not None and now >= self.created_at + ttl) or (
            tti is not None and now >= self.last_accessed_at + tti
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON-able form kept in a store."""
        return {
            "value": self.value,
            "created_at": self.created_at,
            "last_accessed_at": self.last_accessed_at,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CacheEntry | None:
        """Parse :meth:`to_dict`'s form; ``None`` for anything else (read as a miss)."""
        value = data.get("value")
        if not isinstance(value, dict):
            return None
        created_at, last_accessed_at = data.get("created_at"), data.get("last_accessed_at")
        if type(created_at) is float and type(last_accessed_at) is float:
            # As to_dict stored it: made without the generated __new__ (every cache read).
            return tuple.__new__(cls, (value, created_at, last_accessed_at))
        try:
            return cls(value, float(data["created_at"]), float(data["last_accessed_at"]))
        except (KeyError, TypeError, ValueError):
            return None
