"""Social login with Google and Facebook through the test client, on the in-process emulator.

The browser's part is played by hand: the test client follows the app's redirects, and the fake
provider's pick page is answered with plain ``requests`` (the in-process door intercepts the
providers' real URLs).
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from flask_helpers import AppFactory, assert_unavailable, break_api, log_in
from werkzeug.test import TestResponse

from flask_stormpath import User, user_created
from flask_stormpath.social import (
    DENIED_MESSAGE,
    DISABLED_MESSAGE,
    PROVIDER_ERROR_MESSAGE,
    STATE_MESSAGE,
    UNREACHABLE_MESSAGE,
)
from pytest_stormpath.social import SocialLoginError, social_login
from stormpath_fake import FakeStormpath

SOCIAL = {
    "GOOGLE": {"client_id": "google-client", "client_secret": "google-secret"},
    "FACEBOOK": {"app_id": "fb-app", "app_secret": "fb-secret"},
}
CREDENTIALS = {"google": ("google-client", "google-secret"), "facebook": ("fb-app", "fb-secret")}
PROVIDERS = ("google", "facebook")
EMAIL = "grace@example.com"


def social_config(**extra: Any) -> dict[str, Any]:
    social = {key: dict(value) for key, value in SOCIAL.items()}
    return {
        "STORMPATH_ENABLE_GOOGLE": True,
        "STORMPATH_ENABLE_FACEBOOK": True,
        "STORMPATH_SOCIAL": social,
        **extra,
    }


@pytest.fixture(autouse=True)
def _providers(fake: FakeStormpath) -> None:
    """The apps' clients are registered with the fake providers, which know Grace."""
    for provider_id, (client_id, secret) in CREDENTIALS.items():
        fake_provider = getattr(fake, provider_id)
        fake_provider.add_client(client_id, secret, [f"http://localhost/{provider_id}"])
        fake_provider.add_identity(EMAIL, "Grace", "Hopper")


@pytest.fixture
def app(make_app: AppFactory) -> Flask:
    return make_app(**social_config())


@pytest.fixture(params=PROVIDERS)
def provider(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def start(client: FlaskClient, provider: str, **query: str) -> dict[str, str]:
    """Press the login button: the app must send the browser to the provider."""
    response = client.get(f"/{provider}", query_string=query)
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    assert location.startswith("https://"), location
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()} | {"url": location}


def consent(fake: FakeStormpath, provider: str, authorize: dict[str, str], **choice: str) -> str:
    """Answer the provider's pick page; returns the callback path and query for the app."""
    if not choice:
        choice = {"decision": "allow", "identity": EMAIL}
    identity = getattr(fake, provider).find_identity(choice.get("identity", EMAIL))
    if identity is not None and "identity" in choice:
        choice = {**choice, "identity": identity.user_id}
    response = requests.post(authorize["url"], data=choice, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    back = urlsplit(response.headers["Location"])
    assert back.netloc == "localhost" and back.path == f"/{provider}"
    return f"{back.path}?{back.query}"


def log_in_with(
    client: FlaskClient, fake: FakeStormpath, provider: str, **query: str
) -> TestResponse:
    return client.get(consent(fake, provider, start(client, provider, **query)))


def flashes(client: FlaskClient) -> list[str]:
    with client.session_transaction() as session:
        return [message for _, message in session.get("_flashes", [])]


def logged_in_href(client: FlaskClient) -> str | None:
    with client.session_transaction() as session:
        return session.get("_user_id")


def assert_back_to_login(
    client: FlaskClient, response: TestResponse, message: str, provider: str
) -> None:
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    label = provider.capitalize()
    assert flashes(client) == [message.format(provider=label)]
    assert logged_in_href(client) is None
    # The login page shows it (and is not a 500).
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert message.format(provider=label).replace("'", "&#39;") in page.text


# ------------------------------------------------------------------------- the buttons


def test_login_page_shows_the_enabled_providers(make_app: AppFactory) -> None:
    page = make_app(**social_config(STORMPATH_ENABLE_FACEBOOK=False)).test_client().get("/login")
    assert "Log in with Google" in page.text
    assert "Log in with Facebook" not in page.text
    plain = make_app().test_client().get("/login")
    assert "Log in with" not in plain.text


def test_the_buttons_pass_next_along(client: FlaskClient) -> None:
    page = client.get("/login?next=/secret").text
    assert 'action="/google"' in page and 'action="/facebook"' in page
    assert 'name="next" value="/secret"' in page


def test_views_exist_only_for_enabled_providers(make_app: AppFactory) -> None:
    client = make_app().test_client()
    assert client.get("/google").status_code == 404
    assert client.get("/facebook").status_code == 404


# -------------------------------------------------------------------- starting the flow


def test_google_start_uses_state_pkce_and_the_0_4_6_scopes(make_app: AppFactory) -> None:
    social = social_config()
    social["STORMPATH_SOCIAL"]["GOOGLE"].update(hd="example.com", scopes=["openid"])
    authorize = start(make_app(**social).test_client(), "google")
    assert authorize["url"].startswith("https://accounts.google.com/o/oauth2/v2/auth?")
    assert authorize["client_id"] == "google-client"
    assert authorize["response_type"] == "code"
    assert authorize["redirect_uri"] == "http://localhost/google"
    assert authorize["scope"] == "email profile openid"
    assert authorize["hd"] == "example.com"
    assert authorize["code_challenge_method"] == "S256"
    assert len(authorize["code_challenge"]) == 43
    assert len(authorize["state"]) >= 32


def test_facebook_start_has_state_but_no_pkce(client: FlaskClient) -> None:
    authorize = start(client, "facebook")
    assert authorize["url"].startswith("https://www.facebook.com/v19.0/dialog/oauth?")
    assert authorize["client_id"] == "fb-app"
    assert authorize["redirect_uri"] == "http://localhost/facebook"
    assert authorize["scope"] == "email"
    assert "code_challenge" not in authorize
    assert authorize["state"]


def test_each_start_has_a_fresh_state(client: FlaskClient, provider: str) -> None:
    assert start(client, provider)["state"] != start(client, provider)["state"]


def test_endpoints_urls_and_redirect_uri_are_settings(make_app: AppFactory) -> None:
    social = social_config(
        STORMPATH_GOOGLE_AUTHORIZE_URL="https://login.example/authorize",
        STORMPATH_GOOGLE_LOGIN_URL="/auth/google",
    )
    client = make_app(**social).test_client()
    response = client.get("/auth/google")
    assert response.headers["Location"].startswith("https://login.example/authorize?")
    assert "redirect_uri=http%3A%2F%2Flocalhost%2Fauth%2Fgoogle" in response.headers["Location"]
    social["STORMPATH_SOCIAL"]["GOOGLE"]["redirect_uri"] = "https://www.example.com/google"
    moved = make_app(**social).test_client().get("/auth/google")
    assert "redirect_uri=https%3A%2F%2Fwww.example.com%2Fgoogle" in moved.headers["Location"]


# ------------------------------------------------------------------------ the whole flow


def test_first_login_creates_the_account_and_logs_it_in(
    client: FlaskClient, fake: FakeStormpath, provider: str
) -> None:
    created: list[dict[str, Any]] = []

    def receiver(sender: Any, user: dict[str, Any]) -> None:
        created.append(user)

    user_created.connect(receiver)
    try:
        response = log_in_with(client, fake, provider, next="/secret")
    finally:
        user_created.disconnect(receiver)
    assert response.status_code == 302
    assert response.headers["Location"] == "/secret"
    assert client.get("/secret").text == f"secret for {EMAIL}"
    assert [u["email"] for u in created] == [EMAIL]
    assert created[0]["given_name"] == "Grace"
    assert created[0]["surname"] == "Hopper"
    fake.assert_called("POST", "/applications/*/accounts", times=2)  # refused, then created


def test_a_returning_user_gets_the_same_account_in_one_api_call(
    app: Flask, fake: FakeStormpath, provider: str
) -> None:
    first = app.test_client()
    log_in_with(first, fake, provider)
    href = logged_in_href(first)
    fake.clear_requests()
    created: list[Any] = []
    user_created.connect(created.append)
    try:
        second = app.test_client()
        response = log_in_with(second, fake, provider)
    finally:
        user_created.disconnect(created.append)
    assert response.headers["Location"] == "/"
    assert logged_in_href(second) == href
    assert created == []
    assert [(c.method, c.status) for c in fake.requests] == [("POST", 200)]


def test_social_and_password_accounts_are_apart(
    client: FlaskClient, fake: FakeStormpath, account: User
) -> None:
    fake.google.add_identity(account.email, "Ada", "Lovelace")
    log_in_with(client, fake, "google")
    assert logged_in_href(client) not in (None, account.href)


def test_the_session_is_rotated_at_login(client: FlaskClient, fake: FakeStormpath) -> None:
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    log_in_with(client, fake, "google")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"]


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil"])
def test_next_never_leaves_the_site(client: FlaskClient, fake: FakeStormpath, target: str) -> None:
    response = log_in_with(client, fake, "facebook", next=target)
    assert response.headers["Location"] == "/"


def test_redirect_url_setting_applies(make_app: AppFactory, fake: FakeStormpath) -> None:
    client = make_app(**social_config(STORMPATH_REDIRECT_URL="/welcome")).test_client()
    assert log_in_with(client, fake, "google").headers["Location"] == "/welcome"


# ------------------------------------------------------- the provider directory (0.4.6)


def provider_directories(fake: FakeStormpath, provider: str) -> list[Any]:
    with fake.store.lock:
        return [d for d in fake.store.directories.values() if d.provider["providerId"] == provider]


def test_the_provider_directory_is_created_and_mapped_once(
    app: Flask, fake: FakeStormpath, provider: str
) -> None:
    log_in_with(app.test_client(), fake, provider)
    log_in_with(app.test_client(), fake, provider)
    directories = provider_directories(fake, provider)
    assert len(directories) == 1
    directory = directories[0]
    assert directory.name == f"My Application-{provider}"
    client_id, secret = CREDENTIALS[provider]
    assert directory.provider["clientId"] == client_id
    assert directory.provider["clientSecret"] == secret
    if provider == "google":
        assert directory.provider["redirectUri"] == "http://localhost/google"
    fake.assert_called("POST", "/directories", times=1)
    fake.assert_called("POST", "/accountStoreMappings", times=1)
    with app.app_context():
        application = app.extensions["stormpath"].application
        mappings = list(application.account_store_mappings)
        assert [m.account_store.href.rsplit("/", 1)[-1] for m in mappings][-1] == directory.id
        assert not mappings[-1].is_default_account_store
        assert not mappings[-1].is_default_group_store
        assert mappings[0].is_default_account_store  # registration still goes to the cloud one


def test_an_unmapped_directory_of_that_name_is_reused(
    app: Flask, fake: FakeStormpath, client: FlaskClient
) -> None:
    with app.app_context():
        stormpath = app.extensions["stormpath"].client
        stormpath.directories.create(
            {"name": "My Application-google", "provider": {"provider_id": "google"}}
        )
    fake.clear_requests()
    log_in_with(client, fake, "google")
    assert logged_in_href(client)
    fake.assert_called("POST", "/directories", times=0)
    fake.assert_called("POST", "/accountStoreMappings", times=1)


def test_a_refusal_with_the_directory_mapped_creates_nothing(
    app: Flask, fake: FakeStormpath, client: FlaskClient
) -> None:
    log_in_with(app.test_client(), fake, "google")
    fake.clear_requests()
    break_api(fake, "POST", r"/applications/\w+/accounts", status=400, code=7200)
    response = log_in_with(client, fake, "google")
    assert_back_to_login(client, response, "Broken by the test", "google")
    fake.assert_called("POST", "/directories", times=0)


def test_a_refusal_after_creating_the_directory_is_shown(
    client: FlaskClient, fake: FakeStormpath, provider: str
) -> None:
    break_api(fake, "POST", r"/applications/\w+/accounts", status=400, code=7200)
    response = log_in_with(client, fake, provider)
    assert_back_to_login(client, response, "Broken by the test", provider)
    assert len(provider_directories(fake, provider)) == 1


def test_a_stormpath_message_is_shown_as_it_is(
    app: Flask, fake: FakeStormpath, client: FlaskClient
) -> None:
    log_in_with(app.test_client(), fake, "google")
    text = "Profile {email} is {missing}."
    body = {"status": 400, "code": 7201, "message": text, "developerMessage": text}
    fake.mock.add(
        "POST",
        re.compile(re.escape(fake.base_url) + r"/applications/\w+/accounts"),
        json=body,
        status=400,
    )
    response = log_in_with(client, fake, "google")
    assert response.status_code == 302
    assert flashes(client) == [text]


# ------------------------------------------------------------------------ failure paths


def test_denied_consent(client: FlaskClient, fake: FakeStormpath, provider: str) -> None:
    callback = consent(fake, provider, start(client, provider), decision="deny")
    assert_back_to_login(client, client.get(callback), DENIED_MESSAGE, provider)


def test_failures_keep_next_on_the_way_back(client: FlaskClient, fake: FakeStormpath) -> None:
    callback = consent(fake, "google", start(client, "google", next="/secret"), decision="deny")
    response = client.get(callback)
    assert response.headers["Location"] == "/login?next=/secret"


def test_a_provider_error(client: FlaskClient, provider: str) -> None:
    state = start(client, provider)["state"]
    response = client.get(f"/{provider}", query_string={"error": "server_error", "state": state})
    assert_back_to_login(client, response, PROVIDER_ERROR_MESSAGE, provider)


def test_a_callback_without_a_started_login(client: FlaskClient, provider: str) -> None:
    response = client.get(f"/{provider}", query_string={"code": "abc", "state": "made-up"})
    assert_back_to_login(client, response, STATE_MESSAGE, provider)


def test_a_state_mismatch(client: FlaskClient, fake: FakeStormpath, provider: str) -> None:
    callback = consent(fake, provider, start(client, provider))
    forged = callback.replace("state=", "state=x")
    assert_back_to_login(client, client.get(forged), STATE_MESSAGE, provider)


def test_another_browser_cannot_use_the_callback(
    app: Flask, fake: FakeStormpath, provider: str
) -> None:
    callback = consent(fake, provider, start(app.test_client(), provider))
    victim = app.test_client()
    assert_back_to_login(victim, victim.get(callback), STATE_MESSAGE, provider)


def test_a_callback_cannot_be_replayed(
    client: FlaskClient, fake: FakeStormpath, provider: str
) -> None:
    callback = consent(fake, provider, start(client, provider))
    assert client.get(callback).status_code == 302
    client.get("/logout")
    assert_back_to_login(client, client.get(callback), STATE_MESSAGE, provider)


def test_a_bad_code(client: FlaskClient, provider: str) -> None:
    state = start(client, provider)["state"]
    response = client.get(f"/{provider}", query_string={"code": "forged", "state": state})
    assert_back_to_login(client, response, PROVIDER_ERROR_MESSAGE, provider)


def test_a_missing_code(client: FlaskClient, provider: str) -> None:
    state = start(client, provider)["state"]
    response = client.get(f"/{provider}", query_string={"state": state})
    assert_back_to_login(client, response, PROVIDER_ERROR_MESSAGE, provider)


def test_a_wrong_client_secret_is_a_provider_error(
    make_app: AppFactory, fake: FakeStormpath, provider: str
) -> None:
    config = social_config()
    key = "client_secret" if provider == "google" else "app_secret"
    config["STORMPATH_SOCIAL"][provider.upper()][key] = "wrong"
    client = make_app(**config).test_client()
    response = log_in_with(client, fake, provider)
    assert_back_to_login(client, response, PROVIDER_ERROR_MESSAGE, provider)


@pytest.mark.parametrize(
    "failure",
    [
        {"body": requests.ConnectionError("provider down")},
        {"status": 502, "body": "<html>Bad gateway</html>"},
    ],
    ids=["unreachable", "5xx"],
)
def test_a_provider_outage(
    client: FlaskClient,
    fake: FakeStormpath,
    provider: str,
    failure: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake.mock.add("POST", getattr(fake, provider).urls()["token"], **failure)
    with caplog.at_level(logging.ERROR):
        response = log_in_with(client, fake, provider)
    assert_back_to_login(client, response, UNREACHABLE_MESSAGE, provider)
    assert "token endpoint unreachable" in caplog.text


@pytest.mark.usefixtures("no_retry_delays")
def test_a_stormpath_outage_shows_the_503_page(
    client: FlaskClient, fake: FakeStormpath, provider: str
) -> None:
    with client.application.app_context():
        client.application.extensions["stormpath"].application  # noqa: B018 - warm
    break_api(fake, "POST", r"/applications/\w+/accounts")
    response = log_in_with(client, fake, provider)
    assert_unavailable(response)
    assert logged_in_href(client) is None


def test_a_profile_without_email_is_refused(client: FlaskClient, fake: FakeStormpath) -> None:
    nameless = fake.facebook.add_identity(None, "No", "Mail")
    authorize = start(client, "facebook")
    callback = consent(fake, "facebook", authorize, decision="allow", identity=nameless.user_id)
    response = client.get(callback)
    message = "The 'facebook' profile lacks the required 'email' property."
    assert_back_to_login(client, response, message, "facebook")


def test_a_disabled_account_cannot_log_in(
    app: Flask, fake: FakeStormpath, client: FlaskClient
) -> None:
    log_in_with(app.test_client(), fake, "google")
    with fake.store.lock:
        for account in fake.store.accounts.values():
            if account.email == EMAIL:
                account.status = "DISABLED"
    response = log_in_with(client, fake, "google")
    assert_back_to_login(client, response, DISABLED_MESSAGE, "google")


def test_failures_go_to_the_redirect_url_when_login_is_disabled(
    make_app: AppFactory, fake: FakeStormpath
) -> None:
    client = make_app(**social_config(STORMPATH_ENABLE_LOGIN=False)).test_client()
    response = client.get("/google", query_string={"state": "nope", "code": "x"})
    assert response.headers["Location"] == "/"


def test_password_login_still_works_alongside(client: FlaskClient, account: User) -> None:
    assert log_in(client).status_code == 302


# ---------------------------------------------------------- the pytest_stormpath helper


def test_social_login_helper_logs_in_and_returns_the_user(
    make_app: AppFactory, fake: FakeStormpath, provider: str
) -> None:
    client = make_app(**social_config()).test_client()
    user = social_login(fake, client, provider, email="new@example.com", given_name="New")
    assert isinstance(user, User)
    assert user.email == "new@example.com"
    assert user.given_name == "New"
    assert client.get("/secret").text == "secret for new@example.com"


def test_social_login_helper_explains_failures(make_app: AppFactory, fake: FakeStormpath) -> None:
    client = make_app().test_client()
    with pytest.raises(SocialLoginError, match="STORMPATH_ENABLE_GOOGLE"):
        social_login(fake, client, "google", email="x@example.com")
    with pytest.raises(ValueError, match="provider"):
        social_login(fake, client, "github", email="x@example.com")
    broken = make_app(**social_config()).test_client()
    break_api(fake, "POST", r"/applications/\w+/accounts", status=400, code=7200)
    with pytest.raises(SocialLoginError, match="Broken by the test"):
        social_login(fake, broken, "facebook", email="x@example.com")
