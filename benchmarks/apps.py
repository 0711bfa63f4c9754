"""The Flask apps the page benchmarks serve: one on Flask-Stormpath, one on plain Flask-Login.

Both have the same protected view, with the same body, so that the only difference measured is
how the user gets loaded.
"""

from __future__ import annotations

from typing import Any

from common import PASSWORD
from flask import Flask
from flask.testing import FlaskClient
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user
from markupsafe import escape

import flask_stormpath
from flask_stormpath import StormpathManager, User, groups_required
from stormpath_fake import FakeStormpath

SECRET_KEY = "benchmark-secret"
#: One client identity for every request, so Flask-Login's session protection sees one browser.
ENVIRON_BASE = {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": "benchmarks/1.0"}
EMAIL = "ada@example.com"
GROUP = "admins"


def stormpath_app(fake: FakeStormpath, **config: Any) -> Flask:
    """A Flask-Stormpath app on `fake` with ``/secret`` (login) and ``/admins`` (group) pages."""
    app = Flask("bench_stormpath")
    app.config.update(
        SECRET_KEY=SECRET_KEY,
        WTF_CSRF_ENABLED=False,
        STORMPATH_API_KEY_ID=fake.api_key_id,
        STORMPATH_API_KEY_SECRET=fake.api_key_secret,
        STORMPATH_APPLICATION="My Application",
        STORMPATH_BASE_URL=fake.base_url,
        **config,
    )
    StormpathManager(app)

    @app.route("/secret")
    @flask_stormpath.login_required
    def secret() -> str:
        return f"secret for {escape(flask_stormpath.user.email)}"

    @app.route("/admins")
    @groups_required([GROUP])
    def admins() -> str:
        return f"admins only, {escape(flask_stormpath.user.email)}"

    return app


def create_member(app: Flask, email: str = EMAIL) -> User:
    """Create the benchmark account in `app`'s application, in the ``admins`` group."""
    with app.app_context():
        manager = app.extensions["stormpath"]
        found = list(manager.application.groups.search({"name": GROUP}))
        if not found:
            manager.application.groups.create({"name": GROUP})
        account = User.create(email=email, password=PASSWORD, given_name="Ada", surname="Lovelace")
        account.add_group(GROUP)
        return account


class DictUser(UserMixin):
    """A user kept in memory, as the simplest Flask-Login apps do."""

    def __init__(self, user_id: str, email: str) -> None:
        self.id = user_id
        self.email = email


def plain_app(session_protection: str | None) -> Flask:
    """Flask + Flask-Login with users in a dict, the same ``/secret`` page, and ``/login``."""
    app = Flask("bench_plain")
    app.config.update(SECRET_KEY=SECRET_KEY)
    users = {"1": DictUser("1", EMAIL)}
    manager = LoginManager(app)
    manager.session_protection = session_protection
    manager.user_loader(users.get)

    @app.route("/login", methods=["POST"])
    def login() -> str:
        login_user(users["1"], remember=True)
        return "ok"

    @app.route("/secret")
    @login_required
    def secret() -> str:
        return f"secret for {escape(current_user.email)}"

    return app


def log_in(client: FlaskClient, login: str = EMAIL) -> Any:
    """POST the login form (the plain app ignores the fields)."""
    return client.post(
        "/login", data={"login": login, "password": PASSWORD}, environ_base=ENVIRON_BASE
    )


def session_cookie(client: FlaskClient) -> str:
    """The ``Cookie`` header value carrying `client`'s Flask session."""
    cookie = client.get_cookie("session")
    if cookie is None:
        raise RuntimeError("the login did not set a session cookie")
    return f"session={cookie.value}"
