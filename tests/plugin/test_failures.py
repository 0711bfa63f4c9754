"""A fixture that cannot do its job fails the test with one line saying why."""

from __future__ import annotations

from typing import Any

import pytest

# Lines that would mean a traceback into the plugin or the client reached the user.
TRACEBACK_MARKERS = ("pytest_stormpath/", "stormpath/http.py", "Traceback")


def run_one(sample: Any, source: str, *args: str) -> Any:
    sample.write("test_case.py", source)
    return sample.run("test_case.py", *args)


def assert_readable(result: Any, *fragments: str) -> None:
    """The output has one line holding every fragment, and no traceback into our code."""
    output = result.stdout.str()
    assert any(all(part in line for part in fragments) for line in output.splitlines()), output
    for marker in TRACEBACK_MARKERS:
        assert marker not in output, marker


APP_NEEDED = "needs an `app` fixture that returns your Flask application"


@pytest.mark.parametrize(
    ("fixture", "args", "message"),
    [
        ("make_user", [], APP_NEEDED),
        ("make_user", ["-p", "no:flask"], APP_NEEDED),
        ("logged_in_user", ["-p", "no:flask"], APP_NEEDED),
        ("group_member", ["-p", "no:flask"], APP_NEEDED),
        # pytest-flask's `client` asks for `app` by name: pytest itself says it is missing.
        ("logged_in_user", [], "fixture 'app' not found"),
        ("group_member", [], "fixture 'app' not found"),
    ],
)
def test_missing_app_fixture(sample: Any, fixture: str, args: list[str], message: str) -> None:
    sample.write("conftest.py", "")
    result = run_one(sample, f"def test_it({fixture}):\n    pass\n", "--stormpath-fake", *args)
    result.assert_outcomes(errors=1)
    assert_readable(result, message)


def test_missing_app_fixture_for_the_plugins_client(sample: Any) -> None:
    sample.write("conftest.py", "")
    result = run_one(sample, "def test_it(client):\n    pass\n", "-p", "no:flask")
    result.assert_outcomes(errors=1)
    assert_readable(result, "pytest_stormpath (client) needs an `app` fixture")


def test_app_fixture_returning_something_else(sample: Any) -> None:
    source = """
import pytest

@pytest.fixture
def app():
    return "not an app"

def test_it(make_user):
    pass
"""
    result = run_one(sample, source, "--stormpath-fake")
    result.assert_outcomes(errors=1)
    assert_readable(result, "the `app` fixture returned str, not a Flask application")


def test_app_without_the_extension(sample: Any) -> None:
    source = """
import pytest
from flask import Flask

@pytest.fixture
def app():
    return Flask("bare")

def test_it(make_user):
    make_user()
"""
    result = run_one(sample, source, "--stormpath-fake")
    result.assert_outcomes(failed=1)
    assert_readable(result, "has no Flask-Stormpath extension; call StormpathManager(app)")


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ("group=['admins']", "takes only the keywords groups=[...], settings={...}, user={...}"),
        ("'admins'", "takes only the keywords"),
        ("groups='admins'", "stormpath(groups=...) must be a list of group names, not 'admins'"),
        ("user=['Ada']", "stormpath(user=...) must be a dict of account fields, not ['Ada']"),
    ],
)
def test_bad_marker(sample: Any, marker: str, message: str) -> None:
    source = f"""
import pytest

@pytest.mark.stormpath({marker})
def test_it(logged_in_user):
    pass
"""
    result = run_one(sample, source, "--stormpath-fake")
    result.assert_outcomes(errors=1)
    assert_readable(result, message)


def test_settings_marker_without_app(sample: Any) -> None:
    sample.write("conftest.py", "")
    source = """
import pytest

@pytest.mark.stormpath(settings={"X": 1})
def test_it():
    pass
"""
    result = run_one(sample, source, "--stormpath-fake")
    result.assert_outcomes(errors=1)
    assert_readable(result, "stormpath(settings=...) needs an `app` fixture")


def test_unknown_user_field(sample: Any) -> None:
    result = run_one(
        sample, "def test_it(make_user):\n    make_user(colour='blue')\n", "--stormpath-fake"
    )
    result.assert_outcomes(failed=1)
    assert_readable(result, "make_user: unknown user field(s) colour; known: groups, custom_data")


def test_refused_account_is_explained(sample: Any) -> None:
    source = """
def test_it(make_user):
    make_user(email="ada@example.com")
    make_user(email="ada@example.com")
"""
    result = run_one(sample, source, "--stormpath-fake")
    result.assert_outcomes(failed=1)
    assert_readable(
        result,
        "make_user: Stormpath refused to create the account 'ada@example.com' in the "
        "application 'Sample App': ",
        "(HTTP 409, code 2001)",
    )


BARE_APPLICATION = """
import pytest
import requests
from sampleapp import create_app


@pytest.fixture
def app(stormpath_fake, monkeypatch):
    stormpath_fake.create_application("Bare", create_directory=False)
    monkeypatch.setenv("STORMPATH_API_KEY_ID", stormpath_fake.api_key_id)
    monkeypatch.setenv("STORMPATH_API_KEY_SECRET", stormpath_fake.api_key_secret)
    monkeypatch.setenv("STORMPATH_APPLICATION", "Bare")
    return create_app()


@pytest.fixture
def account_store_only(app, stormpath_fake):
    # A directory mapped as the default account store, but not as the group store.
    auth = (stormpath_fake.api_key_id, stormpath_fake.api_key_secret)
    base = "https://api.stormpath.com/v1"
    with app.app_context():
        application = app.extensions["stormpath"].application.href
    directory = requests.post(base + "/directories", json={"name": "Bare users"}, auth=auth)
    mapping = {
        "application": {"href": application},
        "accountStore": {"href": directory.json()["href"]},
        "isDefaultAccountStore": True,
        "isDefaultGroupStore": False,
    }
    assert requests.post(base + "/accountStoreMappings", json=mapping, auth=auth).ok


def test_no_account_store(make_user):
    make_user()


def test_no_group_store(account_store_only, group_member):
    group_member("admins")
"""


def test_missing_account_and_group_stores_are_explained(sample: Any) -> None:
    result = run_one(sample, BARE_APPLICATION, "--stormpath-fake-strict")
    result.assert_outcomes(failed=2)
    assert_readable(result, "make_user: the application 'Bare' has no default account store")
    assert_readable(
        result,
        "group_member: the application 'Bare' has no default group store, so the group 'admins' "
        "cannot be created",
    )


STRICT_POLICY = """
import requests


def test_user_meets_a_strict_policy(app, stormpath_fake, make_user):
    auth = (stormpath_fake.api_key_id, stormpath_fake.api_key_secret)
    with app.app_context():
        application = app.extensions["stormpath"].application
        directory = application.default_account_store_mapping.account_store
        strength = directory.password_policy.strength.href
    policy = {"minLength": 24, "minSymbol": 3, "minNumeric": 4}
    assert requests.post(strength, json=policy, auth=auth).ok
    user = make_user()
    assert len(user.plain_password) >= 24
    with app.app_context():
        found = application.authenticate_account(user.email, user.plain_password)
    assert found.account.href == user.href
"""


def test_password_meets_a_stricter_directory_policy(sample: Any) -> None:
    result = run_one(sample, STRICT_POLICY, "--stormpath-fake")
    result.assert_outcomes(passed=1)


STALE_APPLICATION = """
import pytest
from sampleapp import create_app

KEPT = []


@pytest.fixture
def app(stormpath_fake, monkeypatch):
    # An app kept across tests, bound to an application that the next reset removes.
    if not KEPT:
        stormpath_fake.create_application("Shop")
        monkeypatch.setenv("STORMPATH_API_KEY_ID", stormpath_fake.api_key_id)
        monkeypatch.setenv("STORMPATH_API_KEY_SECRET", stormpath_fake.api_key_secret)
        monkeypatch.setenv("STORMPATH_APPLICATION", "Shop")
        KEPT.append(create_app())
    return KEPT[0]


def test_first(make_user):
    make_user()


def test_second(make_user):
    make_user()
"""


def test_application_removed_by_the_reset_is_explained(sample: Any) -> None:
    result = run_one(sample, STALE_APPLICATION, "--stormpath-fake-strict")
    result.assert_outcomes(passed=1, failed=1)
    assert_readable(
        result,
        "('Shop') no longer exists. The emulator is reset before every test",
        "create the app in a function-scoped `app` fixture",
    )
