"""The interface every cache store implements, and the JSON codec the stores share.

A store maps string keys to JSON-able dicts. It knows nothing of TTI: the cache layer
(:mod:`stormpath.cache.cache`) wraps values in entries and decides when they are stale; a
store only honours an optional time-to-live as a backstop so idle entries do not pile up.
"""

from __future__ import annotations

import importlib
import json
from abc import ABC, abstractmethod
from types import ModuleType
from typing import Any, ClassVar

#: The methods a class needs to be accepted as a store by :class:`~.manager.CacheManager`.
STORE_METHODS = ("get", "set", "delete", "clear")


class CacheStore(ABC):
    """A key/value store of JSON-able dicts.

    Subclasses implement :meth:`get`, :meth:`set`, :meth:`delete` and :meth:`clear`; the
    dict-style aliases of the old SDK (``store[key]``, ``store[key] = value``,
    ``del store[key]``) are provided here on top of them.
    """

    #: True when :meth:`get_shared` answers from this process's memory (no I/O), handing
    #: every reader the same object: the cache may then read it twice where that is simpler.
    in_process: ClassVar[bool] = False

    @abstractmethod
    def get(self, key: str) -> dict[str, Any] | None:
        """Return the dict stored under ``key``, or ``None`` when there is none."""

    def get_shared(self, key: str) -> dict[str, Any] | None:
        """Like :meth:`get`, for a caller that only reads the dict and never changes it.

        A store that keeps values in this process may hand every such caller the same object
        (no decoding per read); this default returns :meth:`get`'s fresh copy.
        """
        return self.get(key)

    @abstractmethod
    def set(self, key: str, value: dict[str, Any], ttl: float | None = None) -> None:
        """Store ``value`` under ``key``; with ``ttl`` (seconds) the store may drop it after."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove ``key``; removing a missing key is not an error."""

    @abstractmethod
    def clear(self) -> None:
        """Remove every entry this store owns (only its own prefix on a shared server)."""

    def __getitem__(self, key: str) -> dict[str, Any] | None:
        # The old SDK's stores answered None, not KeyError, for a missing key.
        return self.get(key)

    def __setitem__(self, key: str, value: dict[str, Any]) -> None:
        self.set(key, value)

    def __delitem__(self, key: str) -> None:
        self.delete(key)


# One encoder for every write (json.dumps with options builds a new one per call); ASCII
# output, because CPython's encoder is markedly faster at it than at writing unicode.
_ENCODER = json.JSONEncoder(separators=(",", ":"))


def encode(value: dict[str, Any]) -> str:
    """Serialise a cache value; raises ``TypeError`` for anything that is not a JSON-able dict."""
    if not isinstance(value, dict):
        raise TypeError(f"cache values must be dicts, not {type(value).__name__}")
    return _ENCODER.encode(value)


def decode(text: str | bytes) -> dict[str, Any] | None:
    """Parse a stored value; ``None`` when it is not a JSON object (treated as a miss)."""
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def import_optional(module: str, extra: str, store: str) -> ModuleType:
    """Import the client library a store needs, with an error that says how to get it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"{store} needs the {module!r} package: pip install 'Flask-Stormpath[{extra}]' "
            f"(or pip install {module})"
        ) from exc
