"""Fixtures for Flask-Stormpath tests: an in-process emulator and an app factory bound to it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_helpers import AppFactory, add_demo_views, base_config, create_user, log_in

from flask_stormpath import StormpathManager, User
from stormpath.http import HttpExecutor
from stormpath_fake import FakeStormpath


@pytest.fixture
def fake() -> Iterator[FakeStormpath]:
    """A fresh emulator serving https://api.stormpath.com/v1 in-process for one test."""
    with FakeStormpath() as emulator:
        yield emulator


@pytest.fixture
def make_app(fake: FakeStormpath) -> AppFactory:
    """Build an app bound to the emulator; keyword arguments override settings."""

    def factory(**config: Any) -> Flask:
        app = Flask(__name__)
        app.config.update(base_config(fake))
        app.config.update(config)
        StormpathManager(app)
        add_demo_views(app)
        return app

    return factory


@pytest.fixture
def app(make_app: AppFactory) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def account(app: Flask) -> User:
    """An ENABLED account in "My Application"."""
    return create_user(app)


@pytest.fixture
def logged_in(client: FlaskClient, account: User) -> FlaskClient:
    """The test client with `account` logged in."""
    response = log_in(client)
    assert response.status_code == 302
    return client


@pytest.fixture
def no_retry_delays(monkeypatch: pytest.MonkeyPatch) -> None:
    """The client retries idempotent calls with backoff; outage tests need not wait for it."""
    monkeypatch.setattr(HttpExecutor, "_delay", lambda self, attempt, retry_after=None: 0.0)


@pytest.fixture(autouse=True)
def _push_request_context() -> None:
    """Replace pytest-flask's fixture of this name: no request context around whole tests.

    Test requests must each get their own contexts, as in production; a context held open for
    the test would share Flask-Login's cached user (on ``g``) between requests.
    """
