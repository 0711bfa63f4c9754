"""OAuth (§5.6) over both doors: the token endpoint's grants and errors, the JWTs (checked with
an independent HS256 verifier), authTokens look-ups, token resources and revocation, account
token listings and the writable OAuth policy."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

import pytest


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verify_jwt(jwt: str, secret: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(header, claims) of an HS256 JWT whose signature verifies under ``secret``."""
    head, body, signature = jwt.split(".")
    expected = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    assert hmac.compare_digest(_b64(signature), expected), "bad JWT signature"
    return json.loads(_b64(head)), json.loads(_b64(body))


def token(api, grant: str = "password", *, app_href: str | None = None, **params: str):
    return api.request(
        "POST", f"{app_href or api.app_href}/oauth/token", data={"grant_type": grant, **params}
    )


@pytest.fixture
def user(api) -> dict[str, Any]:
    return api.new_account()


def test_password_grant_issues_signed_tokens(api, user):
    response = token(api, username=user["email"], password=api.PASSWORD)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    header, claims = verify_jwt(body["access_token"], api.secret)
    assert header == {"kid": api.key_id, "stt": "access", "alg": "HS256"}
    assert claims["iss"] == api.app_href and claims["sub"] == user["href"]
    assert claims["exp"] - claims["iat"] == 3600
    assert body["stormpath_access_token_href"] == f"{api.base_url}/accessTokens/{claims['jti']}"
    refresh_header, refresh_claims = verify_jwt(body["refresh_token"], api.secret)
    assert refresh_header["stt"] == "refresh" and "rti" not in refresh_claims
    assert claims["rti"] == refresh_claims["jti"]
    assert refresh_claims["exp"] - refresh_claims["iat"] == 60 * 86400


def test_refresh_grant_reads_query_string_and_keeps_the_refresh_token(api, user):
    first = token(api, username=user["email"], password=api.PASSWORD).json()
    response = api.request(
        "POST",
        f"{api.app_href}/oauth/token",
        params={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]},
    )
    assert response.status_code == 200, response.text
    again = response.json()
    assert again["refresh_token"] == first["refresh_token"]
    assert again["access_token"] != first["access_token"]
    _, claims = verify_jwt(again["access_token"], api.secret)
    assert claims["rti"] == verify_jwt(first["refresh_token"], api.secret)[1]["jti"]


@pytest.mark.parametrize(
    ("params", "code", "error"),
    [
        (
            {"grant_type": "password", "username": "nobody@example.com", "password": "x"},
            7104,
            "invalid_grant",
        ),
        (
            {"grant_type": "password", "username": "{email}", "password": "wrong"},
            7100,
            "invalid_grant",
        ),
        ({"grant_type": "password"}, 2000, "invalid_request"),
        ({"grant_type": "refresh_token", "refresh_token": "not.a.jwt"}, 10017, "invalid_grant"),
        (
            {"grant_type": "client_credentials", "client_id": "X", "client_secret": "Y"},
            10019,
            "invalid_client",
        ),
        ({"grant_type": "implicit"}, 400, "unsupported_grant_type"),
        ({}, 2000, "invalid_request"),
    ],
    ids=["unknown", "bad-password", "missing", "bad-refresh", "bad-client", "grant", "no-grant"],
)
def test_token_endpoint_errors_carry_the_oauth_error(api, user, params, code, error):
    params = {k: v.format(email=user["email"]) for k, v in params.items()}
    response = api.request("POST", f"{api.app_href}/oauth/token", data=params)
    body = api.error(response, 400, code)
    assert body["error"] == error
    if code in (7100, 7104):
        assert body["message"] == "Invalid username or password."


def test_client_credentials_with_an_account_api_key(api, user):
    key = api.created(f"{user['href']}/apiKeys", None)
    response = token(api, "client_credentials", client_id=key["id"], client_secret=key["secret"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert "refresh_token" not in body
    assert verify_jwt(body["access_token"], api.secret)[1]["sub"] == user["href"]
    api.updated(key["href"], {"status": "DISABLED"})
    disabled = token(api, "client_credentials", client_id=key["id"], client_secret=key["secret"])
    assert api.error(disabled, 400, 10019)["error"] == "invalid_client"


def test_auth_tokens_redirect_and_token_resources(api, user):
    body = token(api, username=user["email"], password=api.PASSWORD).json()
    jwt = body["access_token"]
    found = api.get(f"{api.app_href}/authTokens/{jwt}")
    assert found.status_code == 302
    assert found.headers["Location"] == body["stormpath_access_token_href"]
    resource = api.ok(found.headers["Location"])
    assert resource["jwt"] == jwt
    assert resource["account"] == {"href": user["href"]}
    assert resource["application"] == {"href": api.app_href}
    assert resource["tenant"] == {"href": api.tenant_href}
    assert resource["expandedJwt"]["header"]["kid"] == api.key_id
    assert resource["expandedJwt"]["claims"]["sub"] == user["href"]
    assert api.TIMESTAMP_RE.match(resource["createdAt"])
    listed = api.ok(f"{user['href']}/accessTokens", **{"application.href": api.app_href})
    assert [t["href"] for t in listed["items"]] == [found.headers["Location"]]
    other = api.new_application(params={"createDirectory": "true"})
    elsewhere = api.ok(f"{user['href']}/accessTokens", **{"application.href": other["href"]})
    assert elsewhere["size"] == 0
    refresh = api.ok(f"{user['href']}/refreshTokens")["items"][0]
    assert refresh["jwt"] == body["refresh_token"]
    assert refresh["href"].startswith(f"{api.base_url}/refreshTokens/")
    api.deleted(found.headers["Location"])
    api.error(api.get(found.headers["Location"]), 404)
    api.error(api.get(f"{api.app_href}/authTokens/{jwt}"), 400, 10017)
    api.deleted(refresh["href"])
    refused = api.request(
        "POST",
        f"{api.app_href}/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": body["refresh_token"]},
    )
    api.error(refused, 400, 10017)


def test_auth_tokens_reject_invalid_tokens_with_10010_to_10017(api, user):
    jwt = token(api, username=user["email"], password=api.PASSWORD).json()["access_token"]
    head, claims, signature = jwt.split(".")
    api.error(api.get(f"{api.app_href}/authTokens/{head}.{claims}.{signature[:-2]}xx"), 400, 10017)
    api.error(api.get(f"{api.app_href}/authTokens/garbage"), 400, 10017)
    other = api.new_application(params={"createDirectory": "true"})
    api.error(api.get(f"{other['href']}/authTokens/{jwt}"), 400, 10014)
    api.updated(user["href"], {"status": "DISABLED"})
    api.error(api.get(f"{api.app_href}/authTokens/{jwt}"), 400, 10010)
    api.updated(user["href"], {"status": "ENABLED"})
    api.fake.clock.advance(3601)
    api.error(api.get(f"{api.app_href}/authTokens/{jwt}"), 400, 10011)


def test_oauth_policy_is_writable_and_drives_the_ttls(api, user):
    app_id = api.last_segment(api.app_href)
    href = f"{api.base_url}/oAuthPolicies/{app_id}"
    policy = api.ok(href)
    assert policy["accessTokenTtl"] == "PT1H" and policy["refreshTokenTtl"] == "P60D"
    assert policy["tokenEndpoint"] == {"href": f"{api.app_href}/oauth/token"}
    changed = api.updated(href, {"accessTokenTtl": "PT5M", "refreshTokenTtl": "PT0S"})
    assert changed["accessTokenTtl"] == "PT5M" and changed["refreshTokenTtl"] == "PT0S"
    body = token(api, username=user["email"], password=api.PASSWORD).json()
    assert body["expires_in"] == 300 and "refresh_token" not in body
    api.error(api.post(href, {"accessTokenTtl": "an hour"}), 400, 2002)
    api.error(api.post(href, {"accessTokenTtl": "PT0S"}), 400, 2002)
    api.error(api.post(href, {"colour": "PT1H"}), 400, 2015)


def test_signing_key_follows_the_calling_api_key(api, user):
    api.fake.add_api_key("SECONDKEY", "second-secret")
    response = api.request(
        "POST",
        f"{api.app_href}/oauth/token",
        data={"grant_type": "password", "username": user["email"], "password": api.PASSWORD},
        auth=("SECONDKEY", "second-secret"),
    )
    assert response.status_code == 200, response.text
    header, _ = verify_jwt(response.json()["access_token"], "second-secret")
    assert header["kid"] == "SECONDKEY"
