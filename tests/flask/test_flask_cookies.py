"""Remember cookie flags and session protection."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from flask import Flask
from flask.testing import FlaskClient
from flask_helpers import PASSWORD, AppFactory, create_user, log_in

from flask_stormpath import User


def remember_cookie(response) -> str:  # type: ignore[no-untyped-def]
    [cookie] = [
        c for c in response.headers.getlist("Set-Cookie") if c.startswith("stormpath_token=")
    ]
    return cookie


def test_remember_cookie_is_httponly_and_lax(client: FlaskClient, account: User) -> None:
    cookie = remember_cookie(log_in(client))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_remember_cookie_is_secure_over_https(client: FlaskClient, account: User) -> None:
    response = log_in(client, base_url="https://localhost")
    cookie = remember_cookie(response)
    assert "; Secure" in cookie
    assert cookie.count("Secure") == 1
    # Other cookies are left as the app set them.
    assert any(c.startswith("session=") for c in response.headers.getlist("Set-Cookie"))


def test_secure_is_not_added_twice(make_app: AppFactory) -> None:
    app = make_app(REMEMBER_COOKIE_SECURE=True)
    create_user(app)
    cookie = remember_cookie(log_in(app.test_client(), base_url="https://localhost"))
    assert cookie.count("Secure") == 1


def test_a_refreshed_remember_cookie_is_secure_over_https(make_app: AppFactory) -> None:
    app = make_app(REMEMBER_COOKIE_REFRESH_EACH_REQUEST=True)
    create_user(app)
    client = app.test_client()
    log_in(client, base_url="https://localhost")
    page = client.get("/secret", base_url="https://localhost")
    assert page.status_code == 200
    assert "; Secure" in remember_cookie(page)
    assert "Secure" not in remember_cookie(client.get("/secret"))  # plain HTTP


def test_the_cookie_clearing_the_remember_cookie_is_secure_over_https(
    client: FlaskClient, account: User
) -> None:
    log_in(client, base_url="https://localhost")
    cleared = remember_cookie(client.get("/logout", base_url="https://localhost"))
    assert "Max-Age=0" in cleared
    assert cleared.count("Secure") == 1


def test_https_responses_without_the_cookie_are_untouched(client: FlaskClient) -> None:
    response = client.get("/", base_url="https://localhost")
    assert response.headers.getlist("Set-Cookie") == []


def test_remember_cookie_settings(make_app: AppFactory) -> None:
    app = make_app(REMEMBER_COOKIE_NAME="keep_me", STORMPATH_COOKIE_DOMAIN="example.com")
    create_user(app)
    response = log_in(app.test_client(), base_url="http://www.example.com")
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("keep_me=")]
    assert "Domain=example.com" in cookie


def test_remember_cookie_restores_the_session(app: Flask, account: User) -> None:
    client = app.test_client()
    log_in(client)
    client.delete_cookie("session")
    assert client.get("/secret").status_code == 200


def test_strong_session_protection_drops_a_moved_session(app: Flask, account: User) -> None:
    client = app.test_client()
    log_in(client)
    assert client.get("/secret").status_code == 200
    moved = client.get("/secret", headers={"User-Agent": "another browser"})
    assert moved.status_code == 302


def test_basic_session_protection_keeps_a_moved_session(make_app: AppFactory) -> None:
    app = make_app(STORMPATH_SESSION_PROTECTION="basic")
    create_user(app)
    client = app.test_client()
    client.post("/login", data={"login": "ada@example.com", "password": PASSWORD})
    assert client.get("/secret", headers={"User-Agent": "another browser"}).status_code == 200


def test_default_cookie_duration_is_a_year(client: FlaskClient, account: User) -> None:
    cookie = remember_cookie(log_in(client))
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    assert timedelta(days=364) < expires - datetime.now(timezone.utc) <= timedelta(days=365)


def test_no_cookie_duration_keeps_flask_login_defaults(make_app: AppFactory) -> None:
    app = make_app(STORMPATH_COOKIE_DURATION=None)
    assert "REMEMBER_COOKIE_DURATION" not in app.config
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(days=31)
    create_user(app)
    client = app.test_client()
    assert log_in(client).status_code == 302
    assert remember_cookie(log_in(client))
