"""What every benchmark shares: the row format, side-by-side timing, and emulator plumbing.

A row is a plain dict (it goes to JSON as is):

- ``benchmark``: the module key (``auth_page``, ``round_trips``, ...);
- ``name``: what was measured; ``unit``: the unit of ``ours`` and ``baseline``;
- ``ours``, ``baseline``: the two figures measured side by side (``baseline`` may be None when
  the row has nothing to compare with, e.g. an API call count);
- ``ratio``: the figure the target applies to (None when the target applies to ``ours``);
- ``target``: e.g. ``">= 0.9"`` (None when the row only reports); ``met``: True/False/None;
- ``note``: how it was measured, or why a figure is missing.
"""

from __future__ import annotations

import base64
import json
import math
import operator
import statistics
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from werkzeug.test import EnvironBuilder

Row = dict[str, Any]

#: The base URL the in-process emulator serves (the real service's, as apps are configured).
BASE_URL = "https://api.stormpath.com/v1"

#: Meets the emulator's default password policy (upper, lower, digit, 8+ characters).
PASSWORD = "Passw0rd!bench"

_COMPARE: dict[str, Callable[[float, float], bool]] = {">=": operator.ge, "<=": operator.le}


def make_row(
    benchmark: str,
    name: str,
    unit: str,
    ours: float | None,
    baseline: float | None = None,
    *,
    ratio: float | None = None,
    target: tuple[str, float] | None = None,
    note: str = "",
) -> Row:
    """Build a row; the target (``(">=", 0.9)``) is checked on `ratio`, else on `ours`."""
    subject = ratio if ratio is not None else ours
    met: bool | None = None
    if target is not None and subject is not None and math.isfinite(subject):
        met = _COMPARE[target[0]](subject, target[1])
    elif target is not None:
        met = False  # a target with no figure to check it against is not met
    return {
        "benchmark": benchmark,
        "name": name,
        "unit": unit,
        "ours": ours,
        "baseline": baseline,
        "ratio": ratio,
        "target": f"{target[0]} {target[1]:g}" if target else None,
        "met": met,
        "note": note,
    }


def missing_row(benchmark: str, name: str, reason: str, target: tuple[str, float] | None) -> Row:
    """A row for a measurement that could not run (so the table still shows it)."""
    return make_row(benchmark, name, "", None, target=target, note=f"not run: {reason}")


def side_by_side(
    contenders: Mapping[str, Callable[[], object]], rounds: int, batch: int
) -> dict[str, list[float]]:
    """Time each contender `batch` calls at a time, interleaved over `rounds` rounds.

    The order of the contenders alternates every round so that a slow spell of a noisy machine
    falls on all of them. Returns, per contender, the seconds per call of each round.
    """
    names = list(contenders)
    timings: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        order = names if index % 2 == 0 else names[::-1]
        for name in order:
            call = contenders[name]
            started = time.perf_counter()
            for _ in range(batch):
                call()
            timings[name].append((time.perf_counter() - started) / batch)
    return timings


def paired_ratio(numerator: list[float], denominator: list[float]) -> float:
    """The median of the round-by-round ratios of two side-by-side timings."""
    return statistics.median(a / b for a, b in zip(numerator, denominator, strict=True))


def percentile(values: Iterable[float], fraction: float) -> float:
    """The nearest-rank percentile (`fraction` in 0..1) of `values`."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = max(math.ceil(fraction * len(ordered)) - 1, 0)
    return ordered[rank]


def basic_auth(key_id: str, secret: str) -> str:
    """The HTTP Basic ``Authorization`` header value for an API key."""
    return "Basic " + base64.b64encode(f"{key_id}:{secret}".encode()).decode("ascii")


def call_wsgi(app: Callable[..., Iterable[bytes]], environ: dict[str, Any]) -> tuple[str, bytes]:
    """Call a WSGI app with (a copy of) `environ`; return its status line and body."""
    status: list[str] = []

    def start_response(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        status.append(line)

    result = app(dict(environ), start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return status[0], body


def api_call(
    app: Callable[..., Iterable[bytes]],
    authorization: str,
    method: str,
    url: str,
    payload: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One JSON request straight into the emulator's WSGI app; the decoded answer.

    Raises RuntimeError on a non-2xx status (the benchmark set-up went wrong).
    """
    parts = urlsplit(url)
    builder = EnvironBuilder(
        method=method,
        base_url=f"{parts.scheme}://{parts.netloc}",
        path=parts.path,
        query_string=parts.query,
        json=dict(payload) if payload is not None else None,
        headers=[("Authorization", authorization)],
    )
    environ = builder.get_environ()
    # As a real server would: the raw request target (SAuthc1 signs it; both doors set it).
    environ["RAW_URI"] = parts.path + (f"?{parts.query}" if parts.query else "")
    status, body = call_wsgi(app, environ)
    if not status.startswith("2"):
        raise RuntimeError(f"{method} {url} answered {status}: {body[:300]!r}")
    return json.loads(body) if body else {}


def new_account(index: int, prefix: str = "user") -> dict[str, str]:
    """The fields of a distinct account number `index`."""
    return {
        "email": f"{prefix}{index}@example.com",
        "password": PASSWORD,
        "givenName": "Bench",
        "surname": f"User{index}",
    }
