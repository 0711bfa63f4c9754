"""The /login view: messages, the same-site `next`, session rotation, call counts."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_helpers import PASSWORD, AppFactory, create_user, log_in
from test_flask_redirects import OPEN_REDIRECT_VECTORS

from flask_stormpath import User
from stormpath_fake import FakeStormpath


def test_get_shows_the_form(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert 'name="login"' in page and 'name="password"' in page
    assert '<label for="login">Email' in page
    assert 'href="/register">Create an Account' in page
    assert "Forgot Password?" not in page


def test_login_label_with_username_enabled(make_app: AppFactory) -> None:
    page = make_app(STORMPATH_ENABLE_USERNAME=True).test_client().get("/login")
    assert '<label for="login">Username or Email' in page.get_data(as_text=True)


def test_links_follow_settings(make_app: AppFactory) -> None:
    app = make_app(STORMPATH_ENABLE_REGISTRATION=False, STORMPATH_ENABLE_FORGOT_PASSWORD=True)
    page = app.test_client().get("/login").get_data(as_text=True)
    assert "Create an Account" not in page
    assert 'href="/forgot">Forgot Password?' in page


def test_login_with_email_redirects_to_redirect_url(client: FlaskClient, account: User) -> None:
    response = log_in(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/secret").get_data(as_text=True) == "secret for ada@example.com"


def test_login_with_username(make_app: AppFactory) -> None:
    app = make_app()
    create_user(app, username="ada")
    client = app.test_client()
    assert log_in(client, login="ada").status_code == 302
    assert client.get("/secret").status_code == 200


def test_redirect_url_setting(make_app: AppFactory) -> None:
    app = make_app(STORMPATH_REDIRECT_URL="/dashboard")
    create_user(app)
    assert log_in(app.test_client()).headers["Location"] == "/dashboard"


def test_login_follows_a_same_site_next(client: FlaskClient, account: User) -> None:
    response = client.post(
        "/login?next=%2Fsecret%3Fx%3D1", data={"login": account.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/secret?x=1"


@pytest.mark.parametrize("target", OPEN_REDIRECT_VECTORS)
def test_login_never_redirects_off_site(client: FlaskClient, account: User, target: str) -> None:
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"login": account.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_unauthorized_redirect_round_trip(client: FlaskClient, account: User) -> None:
    response = client.get("/secret?tab=2")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fsecret%3Ftab%3D2"
    response = client.post(
        response.headers["Location"], data={"login": account.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/secret?tab=2"


def test_wrong_password_flashes_the_developer_message(client: FlaskClient, account: User) -> None:
    response = log_in(client, password="Wr0ng-password")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Login attempt failed because the specified password is incorrect." in page
    assert 'class="alert alert-danger bad-login sp-alert" role="alert"' in page
    assert client.get("/secret").status_code == 302


def test_unknown_account_flashes_an_error(client: FlaskClient) -> None:
    response = log_in(client, login="nobody@example.com")
    assert response.status_code == 200
    assert 'role="alert"' in response.get_data(as_text=True)


@pytest.mark.parametrize("data", [{}, {"login": "ada@example.com"}, {"password": PASSWORD}])
def test_missing_fields_rerender_silently(client: FlaskClient, data: dict[str, str]) -> None:
    response = client.post("/login", data=data)
    assert response.status_code == 200
    assert 'role="alert"' not in response.get_data(as_text=True)


def test_login_is_one_api_call(
    app: Flask, client: FlaskClient, account: User, fake: FakeStormpath
) -> None:
    fake.clear_requests()
    assert log_in(client).status_code == 302
    assert fake.count_calls() == 1
    fake.assert_called("POST", "/applications/*/loginAttempts", times=1)


def test_session_is_rotated_at_login(client: FlaskClient, account: User) -> None:
    with client.session_transaction() as session:
        session["planted"] = "attacker"
    log_in(client)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == account.href


def test_disabled_account_cannot_log_in(make_app: AppFactory) -> None:
    app = make_app()
    create_user(app, status="DISABLED")
    client = app.test_client()
    assert log_in(client).status_code == 200
    assert client.get("/secret").status_code == 302


def test_route_can_be_disabled_or_moved(make_app: AppFactory) -> None:
    app = make_app(STORMPATH_ENABLE_LOGIN=False)
    client = app.test_client()
    assert client.get("/login").status_code == 404
    # Without a login view, Flask-Login answers 401.
    assert client.get("/secret").status_code == 401
    moved = make_app(STORMPATH_LOGIN_URL="/signin").test_client()
    assert moved.get("/signin").status_code == 200
    assert moved.get("/secret").headers["Location"] == "/signin?next=%2Fsecret"


def test_unauthorized_flash_message(client: FlaskClient) -> None:
    client.get("/secret")
    page = client.get("/login").get_data(as_text=True)
    assert "Please log in to access this page." in page


def test_requests_after_login_make_no_api_call(
    client: FlaskClient, account: User, fake: FakeStormpath
) -> None:
    log_in(client)
    fake.clear_requests()
    for _ in range(3):
        assert client.get("/secret").status_code == 200
    assert fake.count_calls() == 0
