"""An injectable clock so tests can expire tokens without sleeping."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone


def utc_now() -> datetime:
    """The real wall-clock time, timezone-aware UTC."""
    return datetime.now(timezone.utc)


class Clock:
    """Time source of the emulator's state (timestamps, token expiry).

    By default it follows the wall clock. :meth:`set` freezes it at a given instant;
    :meth:`advance` moves it forward (the frozen instant, or the offset from the wall clock).
    Request authentication (SAuthc1 date skew) deliberately uses the wall clock, so moving this
    clock never makes a real client's signatures stale.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frozen: datetime | None = None
        self._offset = timedelta(0)

    def now(self) -> datetime:
        """Current emulator time, aware UTC."""
        frozen = self._frozen
        if frozen is not None:
            return frozen
        return utc_now() + self._offset

    def advance(self, amount: float | timedelta) -> datetime:
        """Move the clock forward by seconds or a timedelta; return the new time."""
        delta = amount if isinstance(amount, timedelta) else timedelta(seconds=amount)
        with self._lock:
            if self._frozen is not None:
                self._frozen += delta
            else:
                self._offset += delta
        return self.now()

    def set(self, when: datetime) -> None:
        """Freeze the clock at ``when`` (naive datetimes are taken as UTC)."""
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        with self._lock:
            self._frozen = when.astimezone(timezone.utc)

    def reset(self) -> None:
        """Follow the wall clock again."""
        with self._lock:
            self._frozen = None
            self._offset = timedelta(0)


# Zero-padded numbers, looked up: formatting each field is most of iso()'s cost otherwise.
_TWO_DIGITS = tuple(f"{n:02d}" for n in range(100))
_THREE_DIGITS = tuple(f"{n:03d}" for n in range(1000))


def iso(dt: datetime) -> str:
    """ISO-8601 UTC with milliseconds and ``Z``, e.g. ``2015-08-25T19:57:05.976Z``."""
    two = _TWO_DIGITS
    return (
        f"{dt.year:04d}-{two[dt.month]}-{two[dt.day]}T{two[dt.hour]}:{two[dt.minute]}:"
        f"{two[dt.second]}.{_THREE_DIGITS[dt.microsecond // 1000]}Z"
    )
