"""Helpers shared by the Flask-Stormpath tests (fixtures live in conftest.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from werkzeug.test import TestResponse

from flask_stormpath import User, groups_required, login_required, user
from stormpath_fake import FakeStormpath

PASSWORD = "Passw0rd!xyz"

AppFactory = Callable[..., Flask]


def base_config(fake: FakeStormpath) -> dict[str, Any]:
    """Settings pointing an app at the emulator (as any app would point at the real API)."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "STORMPATH_API_KEY_ID": fake.api_key_id,
        "STORMPATH_API_KEY_SECRET": fake.api_key_secret,
        "STORMPATH_APPLICATION": "My Application",
    }


def add_demo_views(app: Flask) -> None:
    """A public page, a login_required page and group-protected pages."""

    @app.route("/")
    def home() -> str:
        return "home"

    @app.route("/secret")
    @login_required
    def secret() -> str:
        return f"secret for {escape(user.email)}"

    @app.route("/admins")
    @groups_required(["admins"])
    def admins() -> str:
        return "admins only"

    @app.route("/staff")
    @groups_required(["admins", "editors"], all=False)
    def staff() -> str:
        return "staff only"


def create_user(app: Flask, **fields: Any) -> User:
    """Create an account through the extension (defaults fill what `fields` leaves out)."""
    values = {
        "email": "ada@example.com",
        "password": PASSWORD,
        "given_name": "Ada",
        "surname": "Lovelace",
    }
    values.update(fields)
    with app.app_context():
        return User.create(**values)


def log_in(
    client: FlaskClient, login: str = "ada@example.com", password: str = PASSWORD, **kw: Any
):
    """POST the login form."""
    return client.post("/login", data={"login": login, "password": password}, **kw)


def enable_email_verification(app: Flask, fake: FakeStormpath) -> None:
    """Turn on the verification workflow of the application's directory (through the API)."""
    with app.app_context():
        client = app.extensions["stormpath"].client
        policy = client.directories.get(fake.directory_href).account_creation_policy
        policy.verification_email_status = "ENABLED"
        policy.save()


def link_target(link: str | None) -> str:
    """An emailed link as the path and query a test client requests (its host is ignored)."""
    assert link, "the email carries no link"
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def break_api(
    fake: FakeStormpath, method: str, path: str, status: int = 503, code: int = 0
) -> None:
    """Make API calls to `path` (a regex matched after the base URL) answer `status`.

    5xx simulates an outage; a 4xx with `code` simulates a refusal.
    """
    body = {
        "status": status,
        "code": code or status,
        "message": "Broken by the test",
        "developerMessage": "Broken by the test",
    }
    url = re.compile(re.escape(fake.base_url) + path)
    fake.mock.add(method, url, json=body, status=status)


def assert_unavailable(response: TestResponse) -> None:
    """The outage page: status 503 and the friendly text, no details."""
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    page = response.text
    assert "account service is unavailable" in page
    for detail in ("Broken by the test", "Traceback", "Down for maintenance"):
        assert detail not in page


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the form at `url` (for apps with CSRF protection on)."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(url).text)
    assert match, f"no CSRF token on {url}"
    return match.group(1)
