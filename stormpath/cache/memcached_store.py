"""A store on a memcached server (``pymemcache``, installed by the ``memcached`` extra)."""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from typing import Any

from stormpath.cache.remote_store import RemoteStore
from stormpath.cache.store import import_optional

DEFAULT_PREFIX = "stormpath:cache:"

# memcached's limits: keys of at most 250 bytes of printable ASCII without spaces, and
# expiries beyond 30 days read as absolute Unix times.
MAX_KEY_LENGTH = 250
MAX_EXPIRE = 30 * 24 * 3600
_MAX_PREFIX_LENGTH = 100
_SAFE_KEY = re.compile(r"[\x21-\x7e]+")


class MemcachedStore(RemoteStore):
    """Cache entries as JSON strings on a memcached server.

    memcached cannot list keys, so the keys live in a namespace: ``prefix`` plus a version
    number kept on the server under ``prefix + "ns"``. :meth:`clear` bumps the version, which
    orphans every old key at once (memcached evicts them in time). Keys that are too long or
    not plain printable ASCII are replaced by their SHA-256.

    :param prefix: printable ASCII without spaces, at most 100 bytes.
    :param kwargs: passed to ``pymemcache``'s thread-safe ``PooledClient``; short timeouts are
        the defaults so an unreachable server costs little per request.
    """

    def __init__(
        self,
        host: str = "localhost",
        port: int = 11211,
        prefix: str = DEFAULT_PREFIX,
        **kwargs: Any,
    ) -> None:
        if len(prefix) > _MAX_PREFIX_LENGTH or not _SAFE_KEY.fullmatch(prefix):
            raise ValueError(
                f"memcached prefix must be 1-{_MAX_PREFIX_LENGTH} printable ASCII characters "
                f"without spaces, not {prefix!r}"
            )
        import_optional("pymemcache", "memcached", "MemcachedStore")
        from pymemcache.client.base import PooledClient
        from pymemcache.exceptions import MemcacheError

        kwargs.setdefault("connect_timeout", 1.0)
        kwargs.setdefault("timeout", 1.0)
        kwargs.setdefault("no_delay", True)
        self._client = PooledClient((host, port), **kwargs)
        self.prefix = prefix
        self._version_key = prefix + "ns"
        super().__init__(f"{host}:{port}, prefix={prefix!r}", (MemcacheError, OSError))

    def server_key(self, key: str, namespace: str) -> str:
        """The memcached key for ``key`` in ``namespace`` (``prefix`` plus version)."""
        # "k:" and "h:" keep a plain key from ever colliding with a hashed one.
        plain = f"{namespace}k:{key}"
        if len(plain) <= MAX_KEY_LENGTH and _SAFE_KEY.fullmatch(plain):
            return plain
        return f"{namespace}h:{hashlib.sha256(key.encode('utf-8')).hexdigest()}"

    def namespace(self) -> str:
        """The current key namespace, creating its version on the server when missing."""
        version = self._client.get(self._version_key)
        if version is None:
            # A random start (not 1) keeps keys of a namespace whose version key was evicted
            # from coming back to life; add() lets concurrent clients agree on one value.
            candidate = str(secrets.randbelow(2**31) + 1)
            self._client.add(self._version_key, candidate, expire=0, noreply=False)
            version = self._client.get(self._version_key) or candidate.encode()
        text = version.decode() if isinstance(version, bytes) else str(version)
        return f"{self.prefix}{text}:"

    def _key(self, key: str) -> str:
        return self.server_key(key, self.namespace())

    def _raw_get(self, key: str) -> bytes | None:
        value: bytes | None = self._client.get(self._key(key))
        return value

    def _raw_set(self, key: str, text: str, ttl: float | None) -> bool:
        expire = 0 if ttl is None else min(MAX_EXPIRE, max(1, math.ceil(ttl)))
        return bool(
            self._client.set(self._key(key), text.encode("utf-8"), expire=expire, noreply=False)
        )

    def _raw_delete(self, key: str) -> None:
        self._client.delete(self._key(key), noreply=False)

    def _raw_clear(self) -> None:
        # incr answers None when the version key is absent: then no namespace exists to clear.
        self._client.incr(self._version_key, 1, noreply=False)
