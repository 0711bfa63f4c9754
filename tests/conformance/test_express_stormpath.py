"""express-stormpath 3.2.0 (express 4), unmodified, against `stormpath-fake serve`.

The site (conformance/scenarios/express_app.js) goes through express-stormpath's whole start-up
sequence against the emulator; the test then drives its built-in JSON routes over HTTP:
register, verify email, login, /me with the cookie and with a Bearer token, /oauth/token,
forgot/change password (tokens read from the emulator's outbox over HTTP) and logout.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest
import requests
from conformance_support import *  # noqa: F403 - the suite's fixtures

PASSWORD = "Sup3rSecret!pw"
NEW_PASSWORD = "N3wSecret!pw2"
JSON = {"Accept": "application/json"}


@pytest.fixture
def site(served, request) -> str:
    """The site, started after turning on email verification in the app's directory."""
    directory = served.default_directory()
    served.update(
        directory["accountCreationPolicy"]["href"], {"verificationEmailStatus": "ENABLED"}
    )
    return str(request.getfixturevalue("express_site"))


def _json(response: requests.Response, status: int) -> Any:
    assert response.status_code == status, (response.status_code, response.text[:500])
    return response.json() if response.content else None


def _last_token(served, email: str, kind: str) -> str:
    mails = served.outbox(to=email, kind=kind)
    assert mails, f"no {kind} email for {email}"
    token: str = mails[-1]["token"]
    return token


def test_express_stormpath_flows(served, site):
    browser = requests.Session()
    browser.headers.update(JSON)
    email = "express-user@example.com"

    assert browser.get(f"{site}/me").status_code == 401
    registered = _json(
        browser.post(
            f"{site}/register",
            json={"email": email, "password": PASSWORD, "givenName": "Ex", "surname": "Press"},
        ),
        200,
    )
    assert registered["account"]["email"] == email
    assert registered["account"]["status"] == "UNVERIFIED"

    refused = _json(browser.post(f"{site}/login", json={"login": email, "password": PASSWORD}), 400)
    assert refused["status"] == 400 and refused["message"]

    token = _last_token(served, email, "email_verification")
    _json(browser.get(f"{site}/verify", params={"sptoken": token}), 200)

    logged_in = _json(
        browser.post(f"{site}/login", json={"login": email, "password": PASSWORD}), 200
    )
    assert logged_in["account"]["email"] == email
    assert {"access_token", "refresh_token"} <= set(browser.cookies.keys())
    me = _json(browser.get(f"{site}/me"), 200)
    assert me["account"]["email"] == email
    assert me["account"]["status"] == "ENABLED"

    bad = _json(browser.post(f"{site}/login", json={"login": email, "password": "nope"}), 400)
    assert bad["message"] == "Invalid username or password."

    # The OAuth endpoint, then Bearer authentication without cookies.
    api = requests.Session()
    granted = _json(
        api.post(
            f"{site}/oauth/token",
            data={"grant_type": "password", "username": email, "password": PASSWORD},
        ),
        200,
    )
    assert granted["token_type"] == "Bearer" and granted["refresh_token"]
    bearer = {"Authorization": f"Bearer {granted['access_token']}", **JSON}
    assert _json(api.get(f"{site}/me", headers=bearer), 200)["account"]["email"] == email
    assert _json(api.get(f"{site}/protected", headers=bearer), 200)["email"] == email
    refreshed = _json(
        api.post(
            f"{site}/oauth/token",
            data={"grant_type": "refresh_token", "refresh_token": granted["refresh_token"]},
        ),
        200,
    )
    assert refreshed["access_token"] != granted["access_token"]
    garbage = {"Authorization": "Bearer not.a.jwt", **JSON}
    assert api.get(f"{site}/me", headers=garbage).status_code == 401

    # Forgot and change password, with the token from the emulator's outbox.
    _json(browser.post(f"{site}/forgot", json={"email": email}), 200)
    sptoken = _last_token(served, email, "password_reset")
    _json(browser.get(f"{site}/change", params={"sptoken": sptoken}), 200)
    _json(browser.post(f"{site}/change", json={"sptoken": sptoken, "password": NEW_PASSWORD}), 200)
    again = requests.Session()
    again.headers.update(JSON)
    _json(again.post(f"{site}/login", json={"login": email, "password": PASSWORD}), 400)
    _json(again.post(f"{site}/login", json={"login": email, "password": NEW_PASSWORD}), 200)

    # Logout revokes the tokens on the emulator: the old cookie no longer works.
    access_cookie = again.cookies["access_token"]
    refresh_cookie = again.cookies["refresh_token"]
    assert _json(again.get(f"{site}/me"), 200)["account"]["email"] == email
    logout = again.post(f"{site}/logout")
    assert logout.status_code in (200, 302), logout.text
    # express-stormpath revokes without waiting for the API, so give the DELETEs a moment.
    access_href = f"{served.base_url}/accessTokens/{_jti(access_cookie)}"
    refresh_href = f"{served.base_url}/refreshTokens/{_jti(refresh_cookie)}"
    for _ in range(50):
        statuses = [served.http.get(h, timeout=10).status_code for h in (access_href, refresh_href)]
        if statuses == [404, 404]:
            break
        time.sleep(0.1)
    assert statuses == [404, 404]
    stale = requests.get(f"{site}/me", headers=JSON, cookies={"access_token": access_cookie})
    assert stale.status_code == 401
    live = served.ok(registered["account"]["href"] + "/refreshTokens")["items"]
    assert refresh_cookie not in [token["jwt"] for token in live]


def _jti(jwt: str) -> str:
    payload = jwt.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    jti: str = claims["jti"]
    return jti
