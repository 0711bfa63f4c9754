"""Row 2: Stormpath API calls per user action, counted from the emulator's journal.

Cold: a freshly started app (new client, empty cache, application not looked up yet) doing the
action first thing. Warm: the same app doing the action again after it did it once.
The session a page or a logout needs comes from another app with the same secret key, so the
cold app has seen nothing before the counted request.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

from apps import ENVIRON_BASE, create_member, log_in, session_cookie, stormpath_app
from common import PASSWORD, Row, make_row
from flask import Flask
from flask.testing import FlaskClient

from stormpath_fake import FakeStormpath

KEY = "round_trips"
#: The action, the status it must answer, and the warm target (calls).
ACTIONS: tuple[tuple[str, int, int], ...] = (
    ("login", 302, 1),
    ("registration", 302, 1),
    ("login_required page", 200, 0),
    ("groups_required page", 200, 0),
    ("logout", 302, 0),
)

# Resource ids in journal paths, blanked so that notes read the same run after run.
_ID = re.compile(r"/[A-Za-z0-9_-]{16,}")
_emails = (f"new{n}@example.com" for n in itertools.count())


def _register(client: FlaskClient) -> Any:
    data = {"email": next(_emails), "password": PASSWORD, "given_name": "A", "surname": "B"}
    return client.post("/register", data=data, environ_base=ENVIRON_BASE)


def _get(path: str) -> Callable[[FlaskClient], Any]:
    return lambda client: client.get(path, environ_base=ENVIRON_BASE)


DOERS: dict[str, Callable[[FlaskClient], Any]] = {
    "login": log_in,
    "registration": _register,
    "login_required page": _get("/secret"),
    "groups_required page": _get("/admins"),
    "logout": _get("/logout"),
}


def calls_of(fake: FakeStormpath, client: FlaskClient, action: str, status: int) -> list[str]:
    """The API calls (``METHOD /path``) `action` makes through `client`; it must answer `status`."""
    fake.clear_requests()
    response = DOERS[action](client)
    if response.status_code != status:
        raise RuntimeError(f"{action} answered {response.status_code}, expected {status}")
    return [f"{call.method} {_ID.sub('/*', call.path)}" for call in fake.requests]


def logged_in_client(app: Flask, cookie: str) -> FlaskClient:
    """A test client of `app` carrying the session `cookie` (``session=...``)."""
    client = app.test_client()
    client.set_cookie("session", cookie.split("=", 1)[1])
    return client


def run(quick: bool) -> list[Row]:
    """Cold and warm counts for each action (the same in quick mode: they are counts)."""
    del quick  # counting is cheap and exact: quick mode does the same work
    rows: list[Row] = []
    with FakeStormpath() as fake:
        setup = stormpath_app(fake)
        create_member(setup)
        setup_client = setup.test_client()
        log_in(setup_client)
        cookie = session_cookie(setup_client)

        warm_app = stormpath_app(fake)
        for action, status, target in ACTIONS:
            needs_session = action not in ("login", "registration")
            cold_client = (
                logged_in_client(stormpath_app(fake), cookie)
                if needs_session
                else stormpath_app(fake).test_client()
            )
            cold = calls_of(fake, cold_client, action, status)
            warm_client = logged_in_client(warm_app, cookie)
            # Once to warm the app up, then the counted one (a logout needs a session again).
            DOERS[action](warm_client)
            if action == "logout":
                warm_client = logged_in_client(warm_app, cookie)
            warm = calls_of(fake, warm_client, action, status)
            for cache, calls, goal in (("cold", cold, None), ("warm", warm, ("<=", target))):
                rows.append(
                    make_row(
                        KEY,
                        f"API calls: {action}, {cache}",
                        "calls",
                        len(calls),
                        target=goal,
                        note="; ".join(calls) or "none",
                    )
                )
    return rows
