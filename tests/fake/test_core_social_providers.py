"""The fake identity providers' admin API on `FakeStormpath` (no HTTP, except one exchange)."""

from __future__ import annotations

import pytest
import requests

from stormpath_fake import FakeStormpath

REDIRECT_URI = "http://localhost/google"


@pytest.fixture
def fake() -> FakeStormpath:
    return FakeStormpath(deterministic_ids=True)


def test_each_fake_has_its_own_google_and_facebook(fake: FakeStormpath) -> None:
    other = FakeStormpath()
    assert fake.providers == (fake.google, fake.facebook)
    assert fake.google is not other.google
    assert fake.google.provider_id == "google"
    assert fake.facebook.provider_id == "facebook"


def test_add_identity_replaces_the_same_email_and_keeps_its_user_id(fake: FakeStormpath) -> None:
    first = fake.google.add_identity(email="ada@example.com", given_name="Ada")
    second = fake.google.add_identity(email="ADA@example.com", given_name="Augusta")
    assert second.user_id == first.user_id
    assert fake.google.identities == [second]
    assert fake.google.find_identity("ada@EXAMPLE.com") == second
    assert fake.google.find_identity(first.user_id) == second
    assert fake.google.find_identity("bob@example.com") is None


def test_identities_have_provider_shaped_ids(fake: FakeStormpath) -> None:
    google = fake.google.add_identity(email="a@example.com")
    facebook = fake.facebook.add_identity(email="a@example.com")
    assert google.user_id.isdigit() and len(google.user_id) == 21
    assert facebook.user_id.isdigit() and len(facebook.user_id) == 17
    assert fake.google.add_identity(email="b@example.com", user_id="42").user_id == "42"


def test_identity_names(fake: FakeStormpath) -> None:
    assert fake.google.add_identity(email="a@example.com", given_name="Ada").name == "Ada"
    assert fake.google.add_identity(email="b@example.com").name == "b@example.com"


def test_add_client_updates_the_secret_and_adds_redirect_uris(fake: FakeStormpath) -> None:
    fake.google.add_client("cid", "one", ["http://a/cb"])
    client = fake.google.add_client("cid", "two", ["http://b/cb"])
    assert client.client_secret == "two"
    assert client.redirect_uris == {"http://a/cb", "http://b/cb"}


def test_urls_real_and_under_the_server(fake: FakeStormpath) -> None:
    assert fake.google.urls()["authorize"] == "https://accounts.google.com/o/oauth2/v2/auth"
    served = fake.facebook.urls("http://127.0.0.1:8000/v1")
    assert served == {
        "authorize": "http://127.0.0.1:8000/facebook/v19.0/dialog/oauth",
        "token": "http://127.0.0.1:8000/facebook/v19.0/oauth/access_token",
        "userinfo": "http://127.0.0.1:8000/facebook/v19.0/me",
    }
    assert fake.facebook.base_urls == ["https://graph.facebook.com", "https://www.facebook.com"]


def test_issue_code_and_token_check_what_they_are_given(fake: FakeStormpath) -> None:
    fake.google.add_identity(email="ada@example.com")
    with pytest.raises(KeyError, match="invalid_client"):
        fake.google.issue_code("nobody", REDIRECT_URI, "ada@example.com")
    fake.google.add_client("cid", "sec", [REDIRECT_URI])
    with pytest.raises(KeyError, match="redirect_uri_mismatch"):
        fake.google.issue_code("cid", "http://elsewhere/cb", "ada@example.com")
    with pytest.raises(KeyError, match="bob"):
        fake.google.issue_code("cid", REDIRECT_URI, "bob@example.com")
    with pytest.raises(KeyError, match="unknown client"):
        fake.google.issue_token("nobody", "ada@example.com")
    assert fake.google.issue_code("cid", REDIRECT_URI, "ada@example.com", "email")


def test_an_issued_token_is_taught_to_stormpath_with_what_its_scopes_show(
    fake: FakeStormpath,
) -> None:
    fake.google.add_client("cid", "sec")
    person = fake.google.add_identity(email="ada@example.com", given_name="Ada", surname="L")
    full = fake.google.issue_token("cid", "ada@example.com", "email profile")
    email_only = fake.google.issue_token("cid", "ada@example.com", "email")
    seen = fake.store.social_identities[("google", full)]
    assert (seen.user_id, seen.email, seen.given_name, seen.surname) == (
        person.user_id,
        "ada@example.com",
        "Ada",
        "L",
    )
    limited = fake.store.social_identities[("google", email_only)]
    assert limited.given_name is None
    assert fake.google.token_info(full) == ("cid", person)
    assert fake.google.token_info("unknown") is None


def test_reset_forgets_codes_and_tokens_but_keeps_clients_and_identities(
    fake: FakeStormpath,
) -> None:
    fake.facebook.add_client("app", "sec", [REDIRECT_URI])
    fake.facebook.add_identity(email="ada@example.com")
    fake.add_social_identity("google", "hand-made", email="bob@example.com")
    token = fake.facebook.issue_token("app", "ada@example.com", "email")
    code = fake.facebook.issue_code("app", REDIRECT_URI, "ada@example.com")
    fake.reset()
    assert fake.facebook.token_info(token) is None
    assert ("facebook", token) not in fake.store.social_identities
    assert ("google", "hand-made") in fake.store.social_identities
    assert fake.facebook.clients["app"].redirect_uris == {REDIRECT_URI}
    assert [p.email for p in fake.facebook.identities] == ["ada@example.com"]
    with fake:
        body = {
            "client_id": "app",
            "client_secret": "sec",
            "redirect_uri": REDIRECT_URI,
            "code": code,
        }
        response = requests.post(fake.facebook.urls()["token"], data=body, timeout=10)
    assert response.status_code == 400


def test_a_code_issued_in_python_exchanges_over_http(fake: FakeStormpath) -> None:
    fake.google.add_client("cid", "sec", [REDIRECT_URI])
    fake.google.add_identity(email="ada@example.com")
    code = fake.google.issue_code("cid", REDIRECT_URI, "ada@example.com", "email")
    body = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI}
    with fake:
        response = requests.post(
            fake.google.urls()["token"], data=body, auth=("cid", "sec"), timeout=10
        )
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    assert fake.store.social_identities[("google", token)].email == "ada@example.com"
