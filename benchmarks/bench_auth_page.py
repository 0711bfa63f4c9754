"""Row 1: requests per second of a ``@login_required`` page, warm cache.

A Flask-Stormpath app on the in-process emulator against the same view in a plain Flask +
Flask-Login app whose users live in a dict. Both are called in a plain WSGI loop (no test client
in between) with a logged-in session cookie, interleaved batch by batch.
"""

from __future__ import annotations

import statistics
from typing import Any

from apps import ENVIRON_BASE, create_member, log_in, plain_app, session_cookie, stormpath_app
from common import Row, call_wsgi, make_row, paired_ratio, side_by_side
from flask import Flask
from werkzeug.test import EnvironBuilder

from stormpath_fake import FakeStormpath

KEY = "auth_page"
TARGET = (">=", 0.9)


def page_environ(cookie: str) -> dict[str, Any]:
    """A GET /secret environ carrying `cookie`, from the same "browser" that logged in."""
    builder = EnvironBuilder(
        path="/secret", headers=[("Cookie", cookie)], environ_base=ENVIRON_BASE
    )
    return builder.get_environ()


def checked_caller(app: Flask, environ: dict[str, Any], expected: bytes) -> Any:
    """A no-argument call of the page, after checking once that it serves the logged-in user."""
    status, body = call_wsgi(app, environ)
    if not status.startswith("200") or expected not in body:
        raise RuntimeError(f"{app.name}: /secret answered {status} {body[:200]!r}")
    return lambda: call_wsgi(app, environ)


def run(quick: bool) -> list[Row]:
    """Measure both apps side by side; one row."""
    rounds, batch = (4, 25) if quick else (30, 300)
    with FakeStormpath() as fake:
        ours_app = stormpath_app(fake)
        create_member(ours_app)
        client = ours_app.test_client()
        if log_in(client).status_code != 302:
            raise RuntimeError("could not log in to the Flask-Stormpath app")
        ours = checked_caller(ours_app, page_environ(session_cookie(client)), b"ada@example.com")

        protection = ours_app.config["STORMPATH_SESSION_PROTECTION"]
        base_app = plain_app(protection)
        base_client = base_app.test_client()
        log_in(base_client)
        base = checked_caller(base_app, page_environ(session_cookie(base_client)), b"ada@")

        fake.clear_requests()
        timings = side_by_side({"ours": ours, "baseline": base}, rounds, batch)
        calls = len(fake.requests)
    ours_rps = 1 / statistics.median(timings["ours"])
    base_rps = 1 / statistics.median(timings["baseline"])
    ratio = paired_ratio(timings["baseline"], timings["ours"])
    note = (
        f"WSGI loop, {rounds}x{batch} requests each, interleaved; "
        f"session protection {protection!r}; API calls while timing: {calls}"
    )
    return [
        make_row(
            KEY,
            "login_required page, warm cache (req/s)",
            "req/s",
            round(ours_rps),
            round(base_rps),
            ratio=round(ratio, 3),
            target=TARGET,
            note=note,
        )
    ]
