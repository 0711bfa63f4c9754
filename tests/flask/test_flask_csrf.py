"""CSRF protection is on by default for the built-in forms."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from flask_helpers import PASSWORD, AppFactory, csrf_token

from flask_stormpath import User


@pytest.fixture
def csrf_client(make_app: AppFactory) -> FlaskClient:
    return make_app(WTF_CSRF_ENABLED=True).test_client()


def test_login_without_token_is_refused(csrf_client: FlaskClient, account: User) -> None:
    response = csrf_client.post("/login", data={"login": account.email, "password": PASSWORD})
    assert response.status_code == 200
    assert csrf_client.get("/secret").status_code == 302


def test_login_with_token(csrf_client: FlaskClient, account: User) -> None:
    data = {
        "login": account.email,
        "password": PASSWORD,
        "csrf_token": csrf_token(csrf_client, "/login"),
    }
    assert csrf_client.post("/login", data=data).status_code == 302
    assert csrf_client.get("/secret").status_code == 200


def test_register_without_token_is_refused(csrf_client: FlaskClient) -> None:
    data = {"given_name": "A", "surname": "B", "email": "ab@example.com", "password": PASSWORD}
    assert csrf_client.post("/register", data=data).status_code == 200
    data["csrf_token"] = csrf_token(csrf_client, "/register")
    response = csrf_client.post("/register", data=data)
    assert response.status_code == 302
