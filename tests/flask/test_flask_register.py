"""The /register view: fields per settings, messages, redirects, account creation."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask_helpers import PASSWORD, AppFactory

from flask_stormpath import User
from flask_stormpath.views import VERIFY_EMAIL_MESSAGE
from stormpath_fake import FakeStormpath

FORM = {
    "given_name": "Grace",
    "middle_name": "Brewster",
    "surname": "Hopper",
    "email": "grace@example.com",
    "password": PASSWORD,
}


def flashes(client: Any) -> list[str]:
    with client.session_transaction() as session:
        return [message for _, message in session.get("_flashes", [])]


def find_account(app: Flask, email: str) -> Any:
    with app.app_context():
        accounts = app.extensions["stormpath"].application.accounts.search({"email": email})
        found = list(accounts)
    return found[0] if found else None


def test_get_shows_the_default_fields(app: Flask) -> None:
    page = app.test_client().get("/register").get_data(as_text=True)
    for name in ("given_name", "middle_name", "surname", "email", "password"):
        assert f'name="{name}"' in page
    assert 'name="username"' not in page
    assert "Create Account" in page
    assert 'href="/login">Back to Log In' in page
    assert 'type="email"' in page


def test_successful_registration_logs_in_and_redirects(app: Flask) -> None:
    client = app.test_client()
    response = client.post("/register", data=FORM)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    account = find_account(app, "grace@example.com")
    assert (account.given_name, account.middle_name, account.surname) == (
        "Grace",
        "Brewster",
        "Hopper",
    )
    assert account.username == "grace@example.com"
    assert client.get("/secret").get_data(as_text=True) == "secret for grace@example.com"


def test_registration_redirect_url_is_used_when_defined(make_app: AppFactory) -> None:
    app = make_app(STORMPATH_REGISTRATION_REDIRECT_URL="/welcome", STORMPATH_REDIRECT_URL="/r")
    response = app.test_client().post("/register", data=FORM)
    assert response.headers["Location"] == "/welcome"


def test_redirect_url_is_used_otherwise(make_app: AppFactory) -> None:
    app = make_app(STORMPATH_REDIRECT_URL="/dashboard")
    response = app.test_client().post("/register", data=FORM)
    assert response.headers["Location"] == "/dashboard"


def test_next_is_ignored_on_registration(app: Flask) -> None:
    response = app.test_client().post("/register?next=/secret", data=FORM)
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("given_name", "First Name is required."),
        ("surname", "Last Name is required."),
    ],
)
def test_required_names_are_flashed(app: Flask, missing: str, message: str) -> None:
    client = app.test_client()
    response = client.post("/register", data={**FORM, missing: ""})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert find_account(app, FORM["email"]) is None


def test_all_missing_fields_are_flashed_in_order(make_app: AppFactory) -> None:
    app = make_app(
        STORMPATH_ENABLE_USERNAME=True,
        STORMPATH_REQUIRE_MIDDLE_NAME=True,
    )
    data = {"email": "x@example.com", "password": PASSWORD}
    page = app.test_client().post("/register", data=data).get_data(as_text=True)
    messages = [
        "First Name is required.",
        "Middle Name is required.",
        "Last Name is required.",
        "Username is required.",
    ]
    positions = [page.index(message) for message in messages]
    assert positions == sorted(positions)


def test_whitespace_only_names_count_as_missing(app: Flask) -> None:
    page = app.test_client().post("/register", data={**FORM, "given_name": "   "})
    assert "First Name is required." in page.get_data(as_text=True)


@pytest.mark.parametrize("missing", ["email", "password"])
def test_missing_email_or_password_rerenders_without_flash(app: Flask, missing: str) -> None:
    client = app.test_client()
    response = client.post("/register", data={**FORM, missing: ""})
    assert response.status_code == 200
    assert 'role="alert"' not in response.get_data(as_text=True)
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert find_account(app, FORM["email"]) is None


def test_optional_names_become_anonymous(make_app: AppFactory) -> None:
    app = make_app(STORMPATH_REQUIRE_GIVEN_NAME=False, STORMPATH_REQUIRE_SURNAME=False)
    data = {"email": "anon@example.com", "password": PASSWORD}
    assert app.test_client().post("/register", data=data).status_code == 302
    account = find_account(app, "anon@example.com")
    assert (account.given_name, account.surname) == ("Anonymous", "Anonymous")
    assert account.middle_name is None


def test_disabled_fields_are_hidden_and_never_sent(make_app: AppFactory) -> None:
    app = make_app(
        STORMPATH_ENABLE_GIVEN_NAME=False,
        STORMPATH_ENABLE_MIDDLE_NAME=False,
        STORMPATH_ENABLE_SURNAME=False,
    )
    client = app.test_client()
    page = client.get("/register").get_data(as_text=True)
    for name in ("given_name", "middle_name", "surname"):
        assert f'name="{name}"' not in page
    data = {**FORM, "username": "sneaky", "status": "DISABLED", "custom_data": "x"}
    assert client.post("/register", data=data).status_code == 302
    account = find_account(app, FORM["email"])
    assert (account.given_name, account.middle_name, account.surname) == (
        "Anonymous",
        None,
        "Anonymous",
    )
    assert account.username == FORM["email"]
    assert account.status == "ENABLED"


def test_username_when_enabled(make_app: AppFactory) -> None:
    app = make_app(STORMPATH_ENABLE_USERNAME=True)
    client = app.test_client()
    assert 'name="username"' in client.get("/register").get_data(as_text=True)
    response = client.post("/register", data={**FORM, "username": ""})
    assert "Username is required." in response.get_data(as_text=True)
    assert client.post("/register", data={**FORM, "username": "grace"}).status_code == 302
    assert find_account(app, FORM["email"]).username == "grace"


def test_username_optional(make_app: AppFactory) -> None:
    app = make_app(STORMPATH_ENABLE_USERNAME=True, STORMPATH_REQUIRE_USERNAME=False)
    assert app.test_client().post("/register", data=FORM).status_code == 302
    assert find_account(app, FORM["email"]).username == FORM["email"]


def test_required_attributes_follow_settings(make_app: AppFactory) -> None:
    app = make_app(STORMPATH_REQUIRE_SURNAME=False, STORMPATH_REQUIRE_MIDDLE_NAME=True)
    page = app.test_client().get("/register").get_data(as_text=True)
    assert 'id="surname" name="surname" placeholder="Last Name" type="text"' in page
    assert 'id="middle_name" name="middle_name" placeholder="Middle Name" required' in page


def test_settings_are_read_at_request_time(app: Flask) -> None:
    client = app.test_client()
    app.config["STORMPATH_ENABLE_USERNAME"] = True
    assert 'name="username"' in client.get("/register").get_data(as_text=True)
    app.config["STORMPATH_ENABLE_USERNAME"] = False
    assert 'name="username"' not in client.get("/register").get_data(as_text=True)


def test_api_errors_are_flashed_with_the_developer_message(app: Flask) -> None:
    client = app.test_client()
    response = client.post("/register", data={**FORM, "password": "short"})
    assert response.status_code == 200
    assert "Account password minimum length not satisfied." in response.get_data(as_text=True)
    assert find_account(app, FORM["email"]) is None


def test_duplicate_email_is_reported(app: Flask, account: User) -> None:
    response = app.test_client().post("/register", data={**FORM, "email": account.email})
    assert response.status_code == 200
    assert 'role="alert"' in response.get_data(as_text=True)


def test_verify_email_flash(make_app: AppFactory) -> None:
    app = make_app(STORMPATH_VERIFY_EMAIL=True)
    client = app.test_client()
    client.post("/register", data=FORM)
    assert flashes(client) == [VERIFY_EMAIL_MESSAGE]
    assert VERIFY_EMAIL_MESSAGE == (
        "You must validate your email address before logging in. "
        "Please check your email for instructions."
    )


def test_field_values_are_kept_but_passwords_are_not(app: Flask) -> None:
    page = app.test_client().post("/register", data={**FORM, "surname": ""})
    text = page.get_data(as_text=True)
    assert 'value="Grace"' in text
    assert PASSWORD not in text


def test_registration_is_one_api_call(app: Flask, fake: FakeStormpath) -> None:
    with app.app_context():
        app.extensions["stormpath"].application  # noqa: B018 - the lookup is cached per app
    fake.clear_requests()
    client = app.test_client()
    assert client.post("/register", data=FORM).status_code == 302
    assert fake.count_calls() == 1
    fake.assert_called("POST", "/applications/*/accounts", times=1)
    # The new account is cached: the next authenticated request costs nothing.
    fake.clear_requests()
    assert client.get("/secret").status_code == 200
    assert fake.count_calls() == 0


def test_route_can_be_disabled_or_moved(make_app: AppFactory) -> None:
    assert (
        make_app(STORMPATH_ENABLE_REGISTRATION=False).test_client().get("/register").status_code
        == 404
    )
    moved = make_app(STORMPATH_REGISTRATION_URL="/signup").test_client()
    assert moved.get("/signup").status_code == 200
    assert moved.get("/register").status_code == 404


def test_verification_workflow_leaves_the_new_user_logged_out(
    make_app: AppFactory, fake: FakeStormpath
) -> None:
    app = make_app(STORMPATH_VERIFY_EMAIL=True)
    with app.app_context():
        directory = app.extensions["stormpath"].client.directories.get(fake.directory_href)
        policy = directory.account_creation_policy
        policy.verification_email_status = "ENABLED"
        policy.save()
    client = app.test_client()
    response = client.post("/register", data=FORM)
    assert response.headers["Location"] == "/"
    assert find_account(app, FORM["email"]).status == "UNVERIFIED"
    assert flashes(client) == [VERIFY_EMAIL_MESSAGE]
    assert client.get("/secret").status_code == 302
    assert len(fake.outbox) == 1
