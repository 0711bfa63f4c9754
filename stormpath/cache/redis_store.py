"""A store on a Redis server (the ``redis`` package, installed by the ``redis`` extra)."""

from __future__ import annotations

import math
from typing import Any

from stormpath.cache.remote_store import RemoteStore
from stormpath.cache.store import import_optional

DEFAULT_PREFIX = "stormpath:cache:"

# Keys deleted per round trip by clear().
_CLEAR_BATCH = 500


class RedisStore(RemoteStore):
    """Cache entries as JSON strings under ``prefix + key`` on a Redis server.

    :param url: a ``redis://`` URL; when given it wins over ``host``/``port``/``db``/``password``.
    :param prefix: namespaces the keys so several clients (or apps) can share one server;
        :meth:`clear` removes only keys under it.
    :param kwargs: passed to ``redis.Redis``. Short socket timeouts and a single immediate
        retry are the defaults, so an unreachable server costs little per request.
    """

    def __init__(
        self,
        host: str = "localhost",
        port: int = 6379,
        db: int = 0,
        password: str | None = None,
        url: str | None = None,
        prefix: str = DEFAULT_PREFIX,
        **kwargs: Any,
    ) -> None:
        redis = import_optional("redis", "redis", "RedisStore")
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        kwargs.setdefault("socket_connect_timeout", 1.0)
        kwargs.setdefault("socket_timeout", 1.0)
        # One immediate retry replaces a pooled connection the server dropped; redis-py's
        # default (many retries with backoff) would stall every request during an outage.
        kwargs.setdefault("retry", Retry(NoBackoff(), 1))
        if url is not None:
            self._client = redis.Redis.from_url(url, **kwargs)
            where = url
        else:
            self._client = redis.Redis(host=host, port=port, db=db, password=password, **kwargs)
            where = f"{host}:{port}/{db}"
        self.prefix = prefix
        super().__init__(f"{where}, prefix={prefix!r}", (redis.RedisError, OSError))

    def _raw_get(self, key: str) -> bytes | None:
        value: bytes | None = self._client.get(self.prefix + key)
        return value

    def _raw_set(self, key: str, text: str, ttl: float | None) -> bool:
        # Redis expiries are whole milliseconds and must be positive.
        px = None if ttl is None else max(1, math.ceil(ttl * 1000))
        return bool(self._client.set(self.prefix + key, text, px=px))

    def _raw_delete(self, key: str) -> None:
        self._client.delete(self.prefix + key)

    def _raw_clear(self) -> None:
        # SCAN walks the keyspace incrementally instead of blocking the server like KEYS.
        batch: list[Any] = []
        for name in self._client.scan_iter(match=_glob_escape(self.prefix) + "*", count=1000):
            batch.append(name)
            if len(batch) >= _CLEAR_BATCH:
                self._client.delete(*batch)
                batch.clear()
        if batch:
            self._client.delete(*batch)


def _glob_escape(text: str) -> str:
    """Escape Redis MATCH pattern characters so a prefix matches only itself."""
    return "".join("\\" + ch if ch in "*?[]\\" else ch for ch in text)
