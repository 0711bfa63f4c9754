"""OAuth and API-key state through the admin handle: reset, cascades, durations, JWT parsing."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from stormpath_fake import FakeStormpath
from stormpath_fake.oauth import decode_jwt, encode_jwt, parse_duration

PASSWORD = "Passw0rdStrong"


@pytest.fixture
def fake():
    with FakeStormpath() as started:
        yield started


def _http(fake: FakeStormpath) -> requests.Session:
    session = requests.Session()
    session.auth = (fake.api_key_id, fake.api_key_secret)
    return session


def _tokens(fake: FakeStormpath, http: requests.Session, app_href: str, email: str) -> dict:
    response = http.post(
        f"{app_href}/oauth/token",
        data={"grant_type": "password", "username": email, "password": PASSWORD},
    )
    assert response.status_code == 200, response.text
    return response.json()


def _account(http: requests.Session, app_href: str, email: str) -> dict:
    body = {"email": email, "password": PASSWORD, "givenName": "G", "surname": "S"}
    response = http.post(f"{app_href}/accounts", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_reset_keeps_the_admin_owner_and_drops_tokens_keys_and_policies(fake):
    http = _http(fake)
    owner = http.get(f"{fake.base_url}/apiKeys/{fake.api_key_id}").json()["account"]
    account = _account(http, fake.application_href, "r@example.com")
    http.post(f"{account['href']}/apiKeys")
    _tokens(fake, http, fake.application_href, "r@example.com")
    app_id = fake.application_href.rsplit("/", 1)[1]
    http.post(f"{fake.base_url}/oAuthPolicies/{app_id}", json={"accessTokenTtl": "PT1M"})
    fake.reset()
    store = fake.store
    assert store.oauth_tokens == {} and store.oauth_policies == {}
    assert list(store.api_key_records) == [fake.api_key_id]
    assert http.get(f"{fake.base_url}/apiKeys/{fake.api_key_id}").json()["account"] == owner


def test_deleting_an_application_or_account_drops_what_hangs_off_it(fake):
    http = _http(fake)
    app_href = fake.create_application("Tokens")
    account = _account(http, app_href, "d@example.com")
    key = http.post(f"{account['href']}/apiKeys").json()
    issued = _tokens(fake, http, app_href, "d@example.com")
    access = issued["stormpath_access_token_href"]
    assert http.get(access).status_code == 200
    assert http.delete(app_href).status_code == 204
    assert http.get(access).status_code == 404
    assert http.get(key["href"]).status_code == 200
    assert http.delete(account["href"]).status_code == 204
    assert http.get(key["href"]).status_code == 404


def test_tokens_expire_with_the_fake_clock(fake):
    http = _http(fake)
    account = _account(http, fake.application_href, "e@example.com")
    issued = _tokens(fake, http, fake.application_href, "e@example.com")
    fake.clock.advance(timedelta(hours=1, seconds=1))
    assert http.get(issued["stormpath_access_token_href"]).status_code == 404
    assert http.get(f"{account['href']}/accessTokens").json()["size"] == 0
    refreshed = http.post(
        f"{fake.application_href}/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": issued["refresh_token"]},
    )
    assert refreshed.status_code == 200, refreshed.text
    fake.clock.advance(timedelta(days=61))
    expired = http.post(
        f"{fake.application_href}/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": issued["refresh_token"]},
    )
    assert expired.status_code == 400 and expired.json()["code"] == 10017


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("PT1H", 3600), ("P60D", 60 * 86400), ("PT0S", 0), ("P1Y2M", 425 * 86400), ("P1W", 604800)],
)
def test_durations(text, seconds):
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "P", "PT", "1H", "PT1", "P1DT", "PT1.5H"])
def test_bad_durations(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_jwt_round_trip_and_malformed_tokens():
    jwt, signature = encode_jwt({"alg": "HS256"}, {"jti": "x"}, "secret")
    header, claims, signing_input, sent = decode_jwt(jwt)
    assert (header, claims, sent) == ({"alg": "HS256"}, {"jti": "x"}, signature)
    assert jwt.startswith(signing_input + ".")
    for bad in ("a.b", "!!.??.x", "W10.W10.x"):
        with pytest.raises(ValueError):
            decode_jwt(bad)
