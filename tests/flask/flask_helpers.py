"""Helpers shared by the Flask-Stormpath tests (fixtures live in conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

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
