"""A store that caches nothing: every read is a miss."""

from __future__ import annotations

from typing import Any

from stormpath.cache.store import CacheStore


class NullCacheStore(CacheStore):
    """Turns caching off while keeping the cache code path (``{'store': NullCacheStore}``)."""

    def get(self, key: str) -> dict[str, Any] | None:
        """Always ``None``."""
        return None

    def set(self, key: str, value: dict[str, Any], ttl: float | None = None) -> None:
        """Discard the value."""

    def delete(self, key: str) -> None:
        """Nothing to remove."""

    def clear(self) -> None:
        """Nothing to remove."""

    def __len__(self) -> int:
        return 0
