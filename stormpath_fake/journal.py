"""The request journal and the assertions tests make about it."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlencode


@dataclass(frozen=True)
class Call:
    """One request the emulator answered."""

    method: str
    path: str  # relative to the base URL's path, e.g. "/applications/abc/loginAttempts"
    query: dict[str, str] = field(default_factory=dict)
    status: int = 0

    def __str__(self) -> str:
        query = f"?{urlencode(self.query)}" if self.query else ""
        return f"{self.method} {self.path}{query} -> {self.status}"


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """``*`` matches exactly one path segment; everything else is literal."""
    parts = ("[^/]+" if part == "*" else re.escape(part) for part in pattern.split("/"))
    return re.compile("/".join(parts) + "$")


class Journal:
    """Thread-safe, append-only list of :class:`Call` s."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.entries: list[Call] = []

    def record(self, call: Call) -> None:
        """Append one call."""
        with self._lock:
            self.entries.append(call)

    def clear(self) -> None:
        """Forget every call."""
        with self._lock:
            self.entries.clear()

    def matching(self, method: str | None = None, pattern: str | None = None) -> list[Call]:
        """Calls with that method (any if None) whose path matches ``pattern`` (any if None)."""
        regex = compile_pattern(pattern) if pattern is not None else None
        wanted = method.upper() if method else None
        with self._lock:
            entries = list(self.entries)
        return [
            c
            for c in entries
            if (wanted is None or c.method == wanted)
            and (regex is None or regex.match(c.path) is not None)
        ]

    def count(self, method: str | None = None, pattern: str | None = None) -> int:
        """How many calls match."""
        return len(self.matching(method, pattern))

    def assert_called(self, method: str, pattern: str, times: int | None = None) -> None:
        """Raise AssertionError (listing the journal) unless the call happened ``times`` times
        (at least once when ``times`` is None)."""
        count = self.count(method, pattern)
        if (times is None and count > 0) or count == times:
            return
        expected = "at least once" if times is None else f"{times} time(s)"
        with self._lock:
            listing = "\n".join(f"  {c}" for c in self.entries) or "  (no requests)"
        raise AssertionError(
            f"expected {method.upper()} {pattern} {expected}, got {count}.\n"
            f"Requests received:\n{listing}"
        )
