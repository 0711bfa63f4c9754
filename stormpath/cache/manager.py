"""The cache the client's data store uses, built from the ``cache_options`` of ``Client``."""

from __future__ import annotations

import inspect
import math
import time
from collections.abc import Callable, Mapping
from typing import Any

from stormpath.cache.cache import DEFAULT_TTI, DEFAULT_TTL, Cache
from stormpath.cache.memory_store import MemoryStore
from stormpath.cache.stats import CacheStats
from stormpath.cache.store import STORE_METHODS, CacheStore

OPTION_KEYS = ("store", "store_opts", "ttl", "tti")


class CacheManager:
    """Resources by href, cached as ``cache_options`` say.

    ``cache_options`` is ``None`` (a :class:`MemoryStore` with ``ttl`` and ``tti`` of 300 s)
    or a mapping with any of:

    - ``store``: the store *class* (``MemoryStore``, ``RedisStore``, ``MemcachedStore``,
      ``NullCacheStore`` or any class with ``get``, ``set``, ``delete`` and ``clear``);
    - ``store_opts``: keyword arguments for that class;
    - ``ttl``: seconds an entry lives after it is cached (``None``: no limit);
    - ``tti``: seconds an entry lives after it was last read (``None``: no limit).

    Anything else raises ``ValueError``.

    :param clock: the current time in Unix seconds, for tests.
    """

    def __init__(
        self,
        cache_options: Mapping[str, Any] | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        options = _check_options(cache_options)
        store_class = _check_store(options.get("store", MemoryStore))
        store_opts = _check_store_opts(store_class, options.get("store_opts"))
        self.cache = Cache(
            store_class(**store_opts),
            ttl=_check_seconds("ttl", options.get("ttl", DEFAULT_TTL)),
            tti=_check_seconds("tti", options.get("tti", DEFAULT_TTI)),
            clock=clock,
        )

    @property
    def store(self) -> CacheStore:
        """The store instance in use."""
        return self.cache.store

    @property
    def stats(self) -> CacheStats:
        """Hit and miss counters."""
        return self.cache.stats

    def get(self, href: str) -> dict[str, Any] | None:
        """The cached representation of ``href``, or ``None``."""
        return self.cache.get(href)

    def get_shared(self, href: str) -> dict[str, Any] | None:
        """Like `get`, for a caller that only reads the representation (see
        :meth:`.Cache.get_shared`): it may be the same dict other readers get."""
        return self.cache.get_shared(href)

    def set(self, href: str, data: dict[str, Any]) -> None:
        """Cache the representation ``data`` of ``href``."""
        self.cache.set(href, data)

    def delete(self, href: str) -> None:
        """Forget ``href`` (after it changed or was deleted)."""
        self.cache.delete(href)

    def clear(self) -> None:
        """Forget everything."""
        self.cache.clear()


def _check_options(cache_options: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if cache_options is None:
        return {}
    if not isinstance(cache_options, Mapping):
        raise ValueError(f"cache_options must be a dict or None, not {cache_options!r}")
    unknown = sorted(str(key) for key in cache_options if key not in OPTION_KEYS)
    if unknown:
        raise ValueError(
            f"unknown cache_options key(s) {', '.join(map(repr, unknown))}; "
            f"allowed: {', '.join(map(repr, OPTION_KEYS))}"
        )
    return cache_options


def _check_store(store: Any) -> type[CacheStore]:
    if not isinstance(store, type):
        hint = " (pass the class; its arguments go in 'store_opts')" if store is not None else ""
        raise ValueError(f"cache_options['store'] must be a store class, not {store!r}{hint}")
    missing = [name for name in STORE_METHODS if not callable(getattr(store, name, None))]
    if missing:
        raise ValueError(
            f"cache_options['store'] {store.__name__} is not a cache store: "
            f"it lacks {', '.join(missing)}"
        )
    return store


def _check_store_opts(store: type, store_opts: Any) -> dict[str, Any]:
    if store_opts is None:
        return {}
    if not isinstance(store_opts, Mapping) or not all(isinstance(k, str) for k in store_opts):
        raise ValueError(f"cache_options['store_opts'] must be a dict of keywords: {store_opts!r}")
    try:
        inspect.signature(store).bind(**store_opts)
    except TypeError as exc:
        raise ValueError(f"cache_options['store_opts'] do not fit {store.__name__}: {exc}") from exc
    return dict(store_opts)


def _check_seconds(name: str, value: Any) -> float | None:
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value < 0
    ):
        raise ValueError(
            f"cache_options[{name!r}] must be a number of seconds >= 0 or None, not {value!r}"
        )
    return float(value)
