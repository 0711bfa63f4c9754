"""Flask apps kept across tests run unchanged in fake mode: the application the emulator
provisioned survives each reset, and the plugin empties the `app` fixture's client cache."""

from __future__ import annotations

from typing import Any

SESSION_APP = """
import pytest
from sampleapp import create_app


@pytest.fixture(scope="session")
def app():
    # Any key and an application name of the project's own, as an existing suite has.
    app = create_app()
    app.config["STORMPATH_APPLICATION"] = "Kept Shop"
    return app
"""

SESSION_TESTS = """
import pytest
from flask_stormpath import StormpathError, User

SEEN = {}


@pytest.mark.parametrize("n", range(3))
def test_every_test_has_a_user_in_the_same_application(n, app, logged_in_user, client):
    assert client.get("/me").json["email"] == logged_in_user.email
    with app.app_context():
        application = app.extensions["stormpath"].application
        assert application.name == "Kept Shop"
        assert [account.email for account in application.accounts] == [logged_in_user.email]
    SEEN.setdefault("application", application.href)
    assert application.href == SEEN["application"]
    SEEN["user"] = logged_in_user.href


def test_the_previous_tests_account_is_not_served_from_a_stale_cache(app, stormpath_fake):
    with app.app_context():
        with pytest.raises(StormpathError) as raised:
            User.from_href(SEEN["user"])
    assert raised.value.status == 404
    stormpath_fake.assert_called("GET", "/accounts/*", times=1)


def test_the_same_email_is_free_again(make_user):
    make_user(email="ada@example.com")


def test_and_again(make_user):
    make_user(email="ada@example.com")
"""

MODULE_LEVEL_TESTS = """
from flask_stormpath import User
from sampleapp import create_app

# One app for the whole module, created at import time: no `app` fixture at all.
APP = create_app()
PASSWORD = "Passw0rd!xyz"


def register_and_log_in():
    with APP.app_context():
        User.create(email="ada@example.com", password=PASSWORD, given_name="Ada", surname="L")
    client = APP.test_client()
    form = {"login": "ada@example.com", "password": PASSWORD}
    assert client.post("/login", data=form).status_code == 302
    return client


def test_first():
    assert register_and_log_in().get("/me").json["email"] == "ada@example.com"


def test_second_sees_a_fresh_but_working_application():
    with APP.app_context():
        assert len(APP.extensions["stormpath"].application.accounts) == 0
    assert register_and_log_in().get("/me").json["given_name"] == "Ada"
"""


def test_session_scoped_app_with_its_own_application(sample: Any) -> None:
    sample.write("conftest.py", SESSION_APP)
    sample.write("test_session_app.py", SESSION_TESTS)
    result = sample.run("--stormpath-fake", "test_session_app.py")
    result.assert_outcomes(passed=6)


def test_session_scoped_app_runs_the_sample_suite_with_xdist(sample: Any) -> None:
    sample.write("conftest.py", SESSION_APP)
    result = sample.run(
        "--stormpath-fake", "test_sample.py", "-p", "xdist", "-n", "2", subprocess=True
    )
    result.assert_outcomes(passed=13)


def test_module_level_app(sample: Any) -> None:
    sample.write("test_module_level.py", MODULE_LEVEL_TESTS)
    sample.run("--stormpath-fake", "test_module_level.py").assert_outcomes(passed=2)


MARKER_TESTS = """
import pytest


def name_of_application(app):
    with app.app_context():
        return app.extensions["stormpath"].application.name


def test_before(app, make_user):
    make_user()
    assert name_of_application(app) == "Kept Shop"


@pytest.mark.stormpath(settings={"STORMPATH_APPLICATION": "Other Shop"})
def test_one_test_on_another_application(app, make_user):
    make_user()
    assert name_of_application(app) == "Other Shop"


def test_after(app, make_user):
    make_user()
    assert name_of_application(app) == "Kept Shop"
"""


def test_marker_settings_apply_to_a_kept_app_for_one_test(sample: Any) -> None:
    sample.write("conftest.py", SESSION_APP)
    sample.write("test_marker.py", MARKER_TESTS)
    sample.run("--stormpath-fake", "test_marker.py").assert_outcomes(passed=3)
