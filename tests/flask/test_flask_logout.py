"""The /logout view."""

from __future__ import annotations

from flask.testing import FlaskClient
from flask_helpers import AppFactory


def test_logout_ends_the_session(logged_in: FlaskClient) -> None:
    assert logged_in.get("/secret").status_code == 200
    response = logged_in.get("/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert logged_in.get("/secret").status_code == 302
    # The remember cookie is deleted too, so the session cannot come back from it.
    assert logged_in.get_cookie("stormpath_token") is None


def test_logout_when_anonymous(client: FlaskClient) -> None:
    response = client.get("/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_logout_ignores_redirect_url_and_next(make_app: AppFactory) -> None:
    client = make_app(STORMPATH_REDIRECT_URL="/elsewhere").test_client()
    assert client.get("/logout?next=https://evil.com").headers["Location"] == "/"


def test_logout_route_settings(make_app: AppFactory) -> None:
    assert make_app(STORMPATH_ENABLE_LOGOUT=False).test_client().get("/logout").status_code == 404
    moved = make_app(STORMPATH_LOGOUT_URL="/signout").test_client()
    assert moved.get("/signout").status_code == 302
