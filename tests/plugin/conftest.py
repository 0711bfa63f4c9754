"""Shared pieces of the plugin's tests: pytester, and a sample Flask-Stormpath project.

The sample project is what a user of the plugin has: an app factory (``sampleapp.py``), a
``conftest.py`` with the pytest-flask ``app`` fixture, and test files using the plugin's
fixtures. Each test writes it into a pytester directory and runs pytest on it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Load pytester for the tests in this folder.

    ``pytest_plugins = ["pytester"]`` is refused in a conftest below the rootdir (an error
    since pytest 8), so the plugin is loaded when this conftest is.
    """
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")


SAMPLE_APP = '''
"""A small Flask-Stormpath app, configured from the environment like a real project."""

import os

from flask import Flask
from flask_stormpath import StormpathManager, groups_required, login_required, user


def create_app():
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY="sample-secret",
        WTF_CSRF_ENABLED=False,
        STORMPATH_API_KEY_ID=os.environ.get("STORMPATH_API_KEY_ID", "sample-key-id"),
        STORMPATH_API_KEY_SECRET=os.environ.get("STORMPATH_API_KEY_SECRET", "sample-secret"),
        STORMPATH_APPLICATION=os.environ.get("STORMPATH_APPLICATION", "Sample App"),
    )
    if os.environ.get("STORMPATH_BASE_URL"):
        app.config["STORMPATH_BASE_URL"] = os.environ["STORMPATH_BASE_URL"]
    StormpathManager(app)

    @app.route("/me")
    @login_required
    def me():
        return {"email": user.email, "href": user.href, "given_name": user.given_name}

    @app.route("/admin")
    @groups_required(["admins"])
    def admin():
        return "admin area"

    @app.route("/config/<name>")
    def config(name):
        return str(app.config.get(name))

    return app
'''

SAMPLE_CONFTEST = """
import pytest

from sampleapp import create_app


@pytest.fixture
def app():
    return create_app()
"""

# Tests that pass against the emulator and against a real service alike.
SAMPLE_TESTS = """
import pytest
from flask_stormpath import User


def test_make_user_gives_realistic_data(make_user):
    user = make_user()
    assert isinstance(user, User)
    assert "@" in user.email and user.given_name and user.surname and user.username
    assert user.status == "ENABLED"
    assert len(user.plain_password) >= 8


def test_make_user_takes_fields(make_user):
    user = make_user(
        email="ada@example.com",
        given_name="Ada",
        surname="Lovelace",
        username="ada",
        custom_data={"plan": "pro"},
        status="DISABLED",
        groups=["staff", "engineers"],
    )
    assert (user.email, user.given_name, user.username) == ("ada@example.com", "Ada", "ada")
    assert user.status == "DISABLED"
    assert user.custom_data["plan"] == "pro"
    assert sorted(group.name for group in user.groups) == ["engineers", "staff"]


def test_state_is_fresh_for_each_test(make_user):
    # The same email as in the previous test: it exists no more.
    assert make_user(email="ada@example.com").email == "ada@example.com"


def test_plain_password_logs_in_by_hand(make_user, client):
    user = make_user()
    response = client.post("/login", data={"login": user.email, "password": user.plain_password})
    assert response.status_code == 302
    assert client.get("/me").json["email"] == user.email


def test_logged_in_user(logged_in_user, client):
    assert client.get("/me").json == {
        "email": logged_in_user.email,
        "href": logged_in_user.href,
        "given_name": logged_in_user.given_name,
    }


def test_logged_in_client(logged_in_client, logged_in_user):
    assert logged_in_client.get("/me").json["email"] == logged_in_user.email


def test_anonymous_client_is_sent_to_login(client):
    assert client.get("/me").status_code == 302


@pytest.mark.stormpath(groups=["admins"], user={"given_name": "Grace"})
def test_marker_shapes_logged_in_user(logged_in_user, client):
    assert logged_in_user.given_name == "Grace"
    assert client.get("/admin").status_code == 200


def test_logged_in_user_outside_group(logged_in_user, client):
    assert client.get("/admin").status_code == 302


@pytest.mark.stormpath(settings={"SAMPLE_FLAG": "on", "SESSION_PROTECTION": "strong"})
def test_marker_settings_and_strong_session_protection(app, logged_in_user, client):
    assert client.get("/config/SAMPLE_FLAG").text == "on"
    assert client.get("/me").json["email"] == logged_in_user.email


def test_marker_settings_are_undone(app):
    assert "SAMPLE_FLAG" not in app.config


def test_group_member(group_member, client):
    user = group_member("admins", given_name="Linus")
    assert user.given_name == "Linus"
    assert client.get("/admin").status_code == 200
    assert client.get("/me").json["email"] == user.email


def test_group_member_reuses_groups(group_member):
    first = group_member("admins")
    second = group_member("admins", "staff")
    assert [g.name for g in first.groups] == ["admins"]
    assert sorted(g.name for g in second.groups) == ["admins", "staff"]
"""

# Tests that need the emulator's admin handle (skipped against a real service).
SAMPLE_FAKE_TESTS = """
import requests


def test_logging_in_costs_no_login_call(stormpath_fake, logged_in_client):
    stormpath_fake.clear_requests()
    assert logged_in_client.get("/me").status_code == 200
    stormpath_fake.assert_called("POST", "/applications/*/loginAttempts", times=0)
    assert stormpath_fake.count_calls() == 0


def test_login_form_is_one_login_call(stormpath_fake, make_user, client):
    user = make_user()
    client.post("/login", data={"login": user.email, "password": user.plain_password})
    stormpath_fake.assert_called("POST", "/applications/*/loginAttempts", times=1)


def test_outbox_starts_empty_and_collects_mail(stormpath_outbox, make_user, app):
    assert list(stormpath_outbox) == []
    user = make_user()
    with app.app_context():
        app.extensions["stormpath"].application.send_password_reset_email(user.email)
    assert len(stormpath_outbox) == 1


def test_server_shares_the_state(stormpath_fake, stormpath_server, make_user):
    user = make_user()
    path = user.href.split("/v1", 1)[1]
    response = requests.get(
        stormpath_server.base_url + path,
        auth=(stormpath_fake.api_key_id, stormpath_fake.api_key_secret),
        timeout=10,
    )
    assert response.status_code == 200
    assert response.json()["email"] == user.email
    assert response.json()["href"].startswith(stormpath_server.base_url)
"""


class Sample:
    """A sample project in a pytester directory, and ways to run pytest on it."""

    def __init__(self, pytester: pytest.Pytester) -> None:
        self.pytester = pytester
        pytester.makepyfile(sampleapp=SAMPLE_APP, conftest=SAMPLE_CONFTEST)
        pytester.makepyfile(test_sample=SAMPLE_TESTS, test_sample_fake=SAMPLE_FAKE_TESTS)

    def write(self, name: str, source: str) -> None:
        """Add (or replace) a file of the project."""
        path = self.pytester.path / name
        path.write_text(textwrap.dedent(source))

    def run(self, *args: str, subprocess: bool = False) -> pytest.RunResult:
        """Run pytest on the project (in-process unless asked; xdist needs a subprocess)."""
        runner: Callable[..., pytest.RunResult] = (
            self.pytester.runpytest_subprocess if subprocess else self.pytester.runpytest
        )
        return runner("-p", "no:randomly", "-p", "no:cacheprovider", *args)


@pytest.fixture
def sample(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Sample:
    """The sample project, with no Stormpath settings leaking in from the environment."""
    for name in (
        "STORMPATH_FAKE",
        "STORMPATH_BASE_URL",
        "STORMPATH_API_KEY_ID",
        "STORMPATH_API_KEY_SECRET",
        "STORMPATH_APPLICATION",
    ):
        monkeypatch.delenv(name, raising=False)
    return Sample(pytester)
