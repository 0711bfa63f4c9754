"""What the network stores (Redis, memcached) share: JSON on the wire and outage tolerance.

A cache server that is down, slow or misbehaving must never break the client: each failed
call is logged and then behaves as a miss (reads) or a no-op (writes). The first failure of
an outage is logged as a warning, later ones at debug level until the server answers again.
"""

from __future__ import annotations

import logging
import threading
from abc import abstractmethod
from collections.abc import Callable
from typing import Any, TypeVar

from stormpath.cache.store import CacheStore, decode, encode

log = logging.getLogger("stormpath.cache")

T = TypeVar("T")


class RemoteStore(CacheStore):
    """Base of the stores that keep JSON text on a server.

    Subclasses implement the ``_raw_*`` methods against their client library and say which
    exceptions mean "the server is unavailable" in ``errors``.
    """

    def __init__(self, description: str, errors: tuple[type[BaseException], ...]) -> None:
        self._description = description
        self._errors = errors
        self._down = False
        self._state_lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        """The dict under ``key``; ``None`` when missing, unreadable or the server is down."""
        text = self._call("get", lambda: self._raw_get(key), None)
        if text is None:
            return None
        value = decode(text)
        if value is None:
            log.warning("%s: ignoring a value that is not a JSON object under %r", self, key)
        return value

    def set(self, key: str, value: dict[str, Any], ttl: float | None = None) -> None:
        """Store ``value`` as JSON, with ``ttl`` as the server-side expiry when given."""
        text = encode(value)
        if not self._call("set", lambda: self._raw_set(key, text, ttl), False):
            # A value the server refused (e.g. too large) must not leave an older one behind.
            self.delete(key)

    def delete(self, key: str) -> None:
        """Remove ``key`` (best effort while the server is down)."""
        self._call("delete", lambda: self._raw_delete(key), None)

    def clear(self) -> None:
        """Remove this store's entries (best effort while the server is down)."""
        self._call("clear", self._raw_clear, None)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._description})"

    def _call(self, operation: str, call: Callable[[], T], default: T) -> T:
        try:
            result = call()
        except self._errors as exc:
            self._report_failure(operation, exc)
            return default
        self._report_success()
        return result

    def _report_failure(self, operation: str, exc: BaseException) -> None:
        with self._state_lock:
            first, self._down = not self._down, True
        level = logging.WARNING if first else logging.DEBUG
        log.log(level, "%s unavailable (%s: %s); going on without it", self, operation, exc)

    def _report_success(self) -> None:
        if not self._down:  # the common case, read without the lock
            return
        with self._state_lock:
            recovered, self._down = self._down, False
        if recovered:
            log.info("%s is answering again", self)

    @abstractmethod
    def _raw_get(self, key: str) -> str | bytes | None:
        """The stored text, or ``None``."""

    @abstractmethod
    def _raw_set(self, key: str, text: str, ttl: float | None) -> bool:
        """Store the text; ``False`` if the server did not store it."""

    @abstractmethod
    def _raw_delete(self, key: str) -> None:
        """Remove the key."""

    @abstractmethod
    def _raw_clear(self) -> None:
        """Remove this store's keys."""
