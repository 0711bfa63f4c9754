"""The fake Google and Facebook over raw HTTP, through both doors.

In-process they answer at their real URLs; in server mode under ``/google`` and ``/facebook`` of
the emulator's server. Requests are plain ``requests`` calls written from the providers' public
OAuth 2 documentation, never through Authlib or the extension.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from fake_http_api import Api

from stormpath_fake.providers import OAuthProvider

REDIRECT_URI = "http://localhost:5000/callback"
VERIFIER = "v" * 43 + "-verifier"
CHALLENGE = (
    base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=").decode()
)
PROVIDERS = ("google", "facebook")


class Flow:
    """One provider reached through one door, with a registered client and a person."""

    def __init__(self, api: Api, provider_id: str) -> None:
        self.api = api
        self.provider: OAuthProvider = getattr(api.fake, provider_id)
        server = None if api.door == "inprocess" else api.base_url
        self.urls = self.provider.urls(server)
        self.client_id = api.unique("client")
        self.secret = api.unique("secret")
        self.provider.add_client(self.client_id, self.secret, [REDIRECT_URI])
        self.email = api.unique_email("social")
        self.person = self.provider.add_identity(self.email, "Ada", "Lovelace")
        self.scope = "email profile" if provider_id == "google" else "email"

    def params(self, **extra: Any) -> dict[str, Any]:
        base = {
            "client_id": self.client_id,
            "redirect_uri": REDIRECT_URI,
            "response_type": "code",
            "scope": self.scope,
            "state": "st4te",
        }
        base.update(extra)
        return {k: v for k, v in base.items() if v is not None}

    def authorize(self, method: str = "GET", data: Any = None, **extra: Any) -> requests.Response:
        return requests.request(
            method,
            self.urls["authorize"],
            params=self.params(**extra),
            data=data,
            allow_redirects=False,
            timeout=10,
        )

    def allow(self, **extra: Any) -> str:
        """Consent as the person; returns the code."""
        choice = {"decision": "allow", "identity": self.person.user_id}
        response = self.authorize("POST", choice, **extra)
        assert response.status_code == 302, response.text
        query = redirect_query(response, REDIRECT_URI)
        assert query["state"] == ["st4te"]
        return query["code"][0]

    def exchange(self, code: str, **overrides: Any) -> requests.Response:
        body = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "client_id": self.client_id,
            "client_secret": self.secret,
        }
        body.update(overrides)
        body = {k: v for k, v in body.items() if v is not None}
        return requests.post(self.urls["token"], data=body, timeout=10)

    def token(self) -> str:
        response = self.exchange(self.allow())
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    def userinfo(self, token: str, **params: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"}
        return requests.get(self.urls["userinfo"], headers=headers, params=params, timeout=10)


def redirect_query(response: requests.Response, target: str) -> dict[str, list[str]]:
    location = response.headers["Location"]
    assert location.startswith(target + "?"), location
    return parse_qs(urlsplit(location).query)


@pytest.fixture(params=PROVIDERS)
def flow(api: Api, request: pytest.FixtureRequest) -> Flow:
    return Flow(api, request.param)


@pytest.fixture
def google(api: Api) -> Flow:
    return Flow(api, "google")


@pytest.fixture
def facebook(api: Api) -> Flow:
    return Flow(api, "facebook")


# ---------------------------------------------------------------------------- authorize


def test_authorize_shows_a_page_to_pick_an_identity_or_cancel(flow: Flow) -> None:
    response = flow.authorize()
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert flow.email in response.text
    assert "Ada Lovelace" in response.text
    assert f'name="identity" value="{flow.person.user_id}"' in response.text
    assert 'name="decision" value="deny"' in response.text


def test_unknown_client_gets_an_error_page_not_a_redirect(flow: Flow) -> None:
    response = flow.authorize(client_id="nobody")
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert "invalid_client" in response.text


def test_unregistered_redirect_uri_gets_an_error_page(flow: Flow) -> None:
    for method in ("GET", "POST"):
        response = flow.authorize(method, redirect_uri="https://evil.example/steal")
        assert response.status_code == 400
        assert "Location" not in response.headers
        assert "redirect_uri_mismatch" in response.text


def test_allowing_redirects_with_a_code_and_the_state(flow: Flow) -> None:
    assert flow.allow()


def test_cancelling_redirects_with_access_denied(flow: Flow) -> None:
    response = flow.authorize("POST", {"decision": "deny"})
    assert response.status_code == 302
    query = redirect_query(response, REDIRECT_URI)
    assert query["error"] == ["access_denied"]
    assert query["state"] == ["st4te"]
    assert "code" not in query


def test_facebook_denial_carries_its_reason(facebook: Flow) -> None:
    response = facebook.authorize("POST", {"decision": "deny"})
    query = redirect_query(response, REDIRECT_URI)
    assert query["error_reason"] == ["user_denied"]
    assert query["error_code"] == ["200"]


def test_picking_an_unknown_identity_is_refused(flow: Flow) -> None:
    response = flow.authorize("POST", {"decision": "allow", "identity": "someone-else"})
    assert response.status_code == 400
    assert "Location" not in response.headers


def test_unsupported_response_type_goes_back_as_an_error(flow: Flow) -> None:
    response = flow.authorize(response_type="token")
    query = redirect_query(response, REDIRECT_URI)
    assert query["error"] == ["unsupported_response_type"]
    assert query["state"] == ["st4te"]


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ({"scope": None}, "invalid_request"),
        ({"scope": "email calendar"}, "invalid_scope"),
        ({"code_challenge": "abc", "code_challenge_method": "MD5"}, "invalid_request"),
    ],
)
def test_google_checks_scope_and_pkce_method(google: Flow, extra: dict, error: str) -> None:
    query = redirect_query(google.authorize(**extra), REDIRECT_URI)
    assert query["error"] == [error]


def test_google_hd_limits_the_pick_page_to_the_domain(google: Flow) -> None:
    other = google.provider.add_identity(google.api.unique("x") + "@corp.example", "Co", "Worker")
    page = google.authorize(hd="corp.example").text
    assert other.email in page
    assert google.email not in page
    refused = google.authorize(
        "POST", {"decision": "allow", "identity": google.person.user_id}, hd="corp.example"
    )
    assert refused.status_code == 400


# -------------------------------------------------------------------------------- token


def test_code_exchange_returns_a_bearer_token(flow: Flow) -> None:
    response = flow.exchange(flow.allow())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["access_token"]
    assert body["token_type"].lower() == "bearer"
    assert body["expires_in"] > 0
    assert response.headers["Cache-Control"] == "no-store"


def test_codes_are_single_use(flow: Flow) -> None:
    code = flow.allow()
    assert flow.exchange(code).status_code == 200
    again = flow.exchange(code)
    assert again.status_code == 400
    assert "access_token" not in again.json()


def test_a_code_fails_for_a_wrong_redirect_uri_and_is_spent(flow: Flow) -> None:
    code = flow.allow()
    assert flow.exchange(code, redirect_uri="http://localhost:5000/other").status_code == 400
    assert flow.exchange(code).status_code == 400


def test_a_code_expires_after_ten_minutes(flow: Flow) -> None:
    code = flow.allow()
    flow.api.fake.clock.advance(601)
    assert flow.exchange(code).status_code == 400


def test_a_code_belongs_to_its_client(flow: Flow) -> None:
    code = flow.allow()
    flow.provider.add_client("intruder", "pw", [REDIRECT_URI])
    response = flow.exchange(code, client_id="intruder", client_secret="pw")
    assert response.status_code == 400


def test_google_token_errors_are_oauth_json(google: Flow) -> None:
    wrong_secret = google.exchange(google.allow(), client_secret="nope")
    assert wrong_secret.status_code == 401
    assert wrong_secret.json()["error"] == "invalid_client"
    bad_code = google.exchange("not-a-code")
    assert bad_code.status_code == 400
    assert bad_code.json()["error"] == "invalid_grant"
    bad_grant = google.exchange(google.allow(), grant_type="password")
    assert bad_grant.json()["error"] == "unsupported_grant_type"


def test_facebook_token_errors_are_graph_exceptions(facebook: Flow) -> None:
    wrong_secret = facebook.exchange(facebook.allow(), client_secret="nope")
    assert wrong_secret.status_code == 400
    error = wrong_secret.json()["error"]
    assert error["type"] == "OAuthException"
    assert error["code"] == 1
    bad_code = facebook.exchange("not-a-code").json()["error"]
    assert bad_code["code"] == 100


def test_google_accepts_client_credentials_in_basic_auth(google: Flow) -> None:
    body = {
        "grant_type": "authorization_code",
        "code": google.allow(),
        "redirect_uri": REDIRECT_URI,
    }
    response = requests.post(
        google.urls["token"], data=body, auth=(google.client_id, google.secret), timeout=10
    )
    assert response.status_code == 200, response.text


def test_facebook_token_endpoint_accepts_get(facebook: Flow) -> None:
    params = {
        "client_id": facebook.client_id,
        "client_secret": facebook.secret,
        "redirect_uri": REDIRECT_URI,
        "code": facebook.allow(),
    }
    response = requests.get(facebook.urls["token"], params=params, timeout=10)
    assert response.status_code == 200, response.text


def test_google_pkce_verifier_must_match_the_challenge(google: Flow) -> None:
    pkce = {"code_challenge": CHALLENGE, "code_challenge_method": "S256"}
    assert google.exchange(google.allow(**pkce), code_verifier=VERIFIER).status_code == 200
    assert google.exchange(google.allow(**pkce), code_verifier="x" * 43).status_code == 400
    assert google.exchange(google.allow(**pkce)).status_code == 400


# ----------------------------------------------------------------------------- userinfo


def test_google_userinfo_describes_the_person(google: Flow) -> None:
    response = google.userinfo(google.token())
    assert response.status_code == 200
    assert response.json() == {
        "sub": google.person.user_id,
        "name": "Ada Lovelace",
        "given_name": "Ada",
        "family_name": "Lovelace",
        "email": google.email,
        "email_verified": True,
    }


def test_google_userinfo_follows_the_granted_scopes(google: Flow) -> None:
    google.scope = "email"
    body = google.userinfo(google.token()).json()
    assert body["email"] == google.email
    assert "given_name" not in body


def test_facebook_me_answers_the_fields_asked_for(facebook: Flow) -> None:
    token = facebook.token()
    assert facebook.userinfo(token).json() == {
        "id": facebook.person.user_id,
        "name": "Ada Lovelace",
    }
    fields = "id,email,first_name,last_name"
    assert facebook.userinfo(token, fields=fields).json() == {
        "id": facebook.person.user_id,
        "email": facebook.email,
        "first_name": "Ada",
        "last_name": "Lovelace",
    }
    unknown = facebook.userinfo(token, fields="id,password")
    assert unknown.status_code == 400
    assert unknown.json()["error"]["code"] == 100


def test_facebook_me_leaves_the_email_out_without_the_permission(facebook: Flow) -> None:
    facebook.scope = "public_profile"
    body = facebook.userinfo(facebook.token(), fields="id,email").json()
    assert body == {"id": facebook.person.user_id}


def test_facebook_me_takes_the_token_in_the_query_and_any_version(facebook: Flow) -> None:
    token = facebook.token()
    unversioned = facebook.urls["userinfo"].replace("/v19.0/me", "/me")
    response = requests.get(unversioned, params={"access_token": token}, timeout=10)
    assert response.json()["id"] == facebook.person.user_id


def test_bad_and_expired_tokens_are_refused(flow: Flow) -> None:
    token = flow.token()
    assert flow.userinfo(token).status_code == 200
    bad = flow.userinfo("not-a-token")
    expected = 401 if flow.provider.provider_id == "google" else 400
    assert bad.status_code == expected
    flow.api.fake.clock.advance(flow.provider.token_lifetime.total_seconds() + 1)
    assert flow.userinfo(token).status_code == expected


def test_unknown_paths_and_methods(flow: Flow) -> None:
    root = flow.urls["token"].rsplit("/", 1)[0]
    assert requests.get(root + "/nothing-here", timeout=10).status_code == 404
    assert requests.delete(flow.urls["userinfo"], timeout=10).status_code == 405


# ---------------------------------------------------------------- Stormpath providerData


def _social_directory(api: Api, flow: Flow, app_href: str | None = None) -> dict[str, Any]:
    provider = {
        "providerId": flow.provider.provider_id,
        "clientId": flow.client_id,
        "clientSecret": flow.secret,
        "redirectUri": REDIRECT_URI,
    }
    directory = api.new_directory(provider=provider)
    api.map_store(app_href or api.app_href, directory["href"], listIndex=99)
    return directory


def test_stormpath_finds_or_creates_the_account_of_an_issued_token(api: Api, flow: Flow) -> None:
    directory = _social_directory(api, flow)
    body = {"providerData": {"providerId": flow.provider.provider_id, "accessToken": flow.token()}}
    created = api.post(f"{api.app_href}/accounts", body)
    assert created.status_code == 201, created.text
    account = created.json()
    assert account["email"] == flow.email
    assert account["givenName"] == "Ada"
    assert account["surname"] == "Lovelace"
    assert account["directory"]["href"] == directory["href"]
    data = api.ok(account["providerData"]["href"])
    assert data["providerId"] == flow.provider.provider_id
    # A later login (a new token for the same person) finds the same account.
    body["providerData"]["accessToken"] = flow.token()
    again = api.post(f"{api.app_href}/accounts", body)
    assert again.status_code == 200
    assert again.json()["href"] == account["href"]


def test_stormpath_refuses_a_token_the_provider_never_issued(api: Api, flow: Flow) -> None:
    _social_directory(api, flow)
    body = {"providerData": {"providerId": flow.provider.provider_id, "accessToken": "forged"}}
    api.error(api.post(f"{api.app_href}/accounts", body), 400, 7200)


def test_provider_calls_need_no_api_key_and_stay_out_of_the_journal(flow: Flow) -> None:
    flow.api.fake.clear_requests()
    flow.token()
    assert flow.api.fake.requests == []


def test_stormpath_redeems_a_code_as_the_directory_client(api: Api, flow: Flow) -> None:
    _social_directory(api, flow)
    code = flow.allow()
    body = {"providerData": {"providerId": flow.provider.provider_id, "code": code}}
    created = api.post(f"{api.app_href}/accounts", body)
    assert created.status_code == 201, created.text
    assert created.json()["email"] == flow.email
    # The code was spent with the provider.
    api.error(api.post(f"{api.app_href}/accounts", body), 400, 7200)
    assert flow.exchange(code).status_code == 400


def test_stormpath_cannot_redeem_a_code_of_another_client(api: Api, flow: Flow) -> None:
    _social_directory(api, flow)
    other = Flow(api, flow.provider.provider_id)
    body = {"providerData": {"providerId": flow.provider.provider_id, "code": other.allow()}}
    api.error(api.post(f"{api.app_href}/accounts", body), 400, 7200)
