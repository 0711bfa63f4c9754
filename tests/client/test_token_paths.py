"""Tokens from users (``sptoken``) never steer a request out of their token collection."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import responses
from client_helpers import BASE, PASSWORD, enable_email_verification, make_client, new_account

from stormpath.client import Client
from stormpath.error import Error
from stormpath.resources import Application
from stormpath.resources.token_paths import token_href

APP = f"{BASE}/applications/app1"
VERIFY = f"{BASE}/accounts/emailVerificationTokens"
RESET = f"{APP}/passwordResetTokens"

HOSTILE = [
    "a/b",
    "../../x",
    "/accounts/x",
    "https://evil.example/x",
    "%2F",
    "",
    ".",
    "..",
    "%2E%2E",
    "x?expand=account#frag",
    f"{BASE}/accounts/x",
    f"{RESET}/..",
    f"{RESET}/%2e%2E",
    f"{RESET}/a/b",
    f"{BASE}/applications/other/passwordResetTokens/tok",
    "https://api.stormpath.com.evil.example/v1/x",
]

Call = Callable[[Client, str], Any]
# Each entry point, and the collection its requests must stay in.
ENTRY_POINTS = [
    pytest.param(lambda c, t: c.accounts.verify_email_token(t), VERIFY, id="verify_email_token"),
    pytest.param(lambda c, t: c.tenant.verify_account_email(t), VERIFY, id="verify_account_email"),
    pytest.param(
        lambda c, t: Application(c, href=APP).verify_password_reset_token(t),
        RESET,
        id="verify_password_reset_token",
    ),
    pytest.param(
        lambda c, t: Application(c, href=APP).reset_account_password(t, PASSWORD),
        RESET,
        id="reset_account_password",
    ),
]


def test_bare_tokens_are_quoted_as_one_segment() -> None:
    assert token_href(RESET, "abcDEF123", "token") == f"{RESET}/abcDEF123"
    assert token_href(RESET, "a/b", "token") == f"{RESET}/a%2Fb"
    assert token_href(RESET, "../../x", "token") == f"{RESET}/..%2F..%2Fx"
    assert token_href(RESET, "%2F", "token") == f"{RESET}/%252F"
    assert token_href(RESET, "é?#", "token") == f"{RESET}/%C3%A9%3F%23"


def test_hrefs_in_the_collection_are_accepted_canonically() -> None:
    assert token_href(RESET, f"{RESET}/abc", "token") == f"{RESET}/abc"
    assert token_href(RESET, f"{RESET}/a%2Fb", "token") == f"{RESET}/a%2Fb"
    assert token_href(RESET, f"{RESET}/a~b", "token") == f"{RESET}/a~b"


def test_other_hrefs_are_just_strange_tokens() -> None:
    elsewhere = f"{BASE}/applications/other/passwordResetTokens/tok"
    assert token_href(RESET, elsewhere, "token") == (
        f"{RESET}/https%3A%2F%2Fapi.stormpath.com%2Fv1%2Fapplications%2Fother"
        "%2FpasswordResetTokens%2Ftok"
    )
    assert token_href(RESET, f"{RESET}/a/b", "token").count("/") == RESET.count("/") + 1
    assert token_href(RESET, RESET + "/", "token").startswith(RESET + "/https%3A")


@pytest.mark.parametrize("token", ["", ".", "..", f"{RESET}/..", f"{RESET}/%2E%2e", None, 42])
def test_unsendable_tokens_fail_cleanly(token: Any) -> None:
    with pytest.raises(Error) as info:
        token_href(RESET, token, "password reset token")
    assert (info.value.status, info.value.code) == (404, 404)
    assert "password reset token" in info.value.message
    assert not isinstance(info.value, ValueError)


@pytest.fixture
def catch_all() -> Iterator[responses.RequestsMock]:
    """Answers every request with a Stormpath 404 (routes may go unused)."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        body = {"status": 404, "code": 404, "message": "nope", "developerMessage": "nope"}
        for method in (responses.GET, responses.POST, responses.DELETE):
            mock.add(method, re.compile(r".*"), json=body, status=404)
        yield mock


@pytest.mark.parametrize("token", HOSTILE)
@pytest.mark.parametrize(("call", "collection"), ENTRY_POINTS)
def test_wire_requests_stay_in_the_collection(
    catch_all: responses.RequestsMock, call: Call, collection: str, token: str
) -> None:
    with pytest.raises(Error) as info:
        call(make_client(), token)
    assert info.value.status == 404
    expected = urlsplit(collection)
    for sent in catch_all.calls:
        url = urlsplit(sent.request.url)
        assert (url.scheme, url.netloc) == (expected.scheme, expected.netloc)
        assert url.path.startswith(expected.path + "/"), url.path
        segment = url.path[len(expected.path) + 1 :]
        assert segment and "/" not in segment and segment not in (".", ".."), url.path
        assert url.fragment == "", sent.request.url
        # Only the client's own parameter: nothing smuggled in through the token.
        assert url.query in ("", "expand=account"), sent.request.url
    assert len(catch_all.calls) <= 1


@pytest.mark.parametrize("token", HOSTILE)
def test_the_fake_answers_404_and_sees_only_token_paths(
    client: Client, application: Any, fake: Any, token: str
) -> None:
    app_path = urlsplit(application.href).path.removeprefix("/v1")
    for call in (
        lambda: client.accounts.verify_email_token(token),
        lambda: client.tenant.verify_account_email(token),
        lambda: application.verify_password_reset_token(token),
        lambda: application.reset_account_password(token, PASSWORD),
    ):
        fake.clear_requests()
        with pytest.raises(Error) as info:
            call()
        assert info.value.status == 404
        for entry in fake.requests:
            assert entry.path.startswith(
                ("/accounts/emailVerificationTokens/", f"{app_path}/passwordResetTokens/")
            ), entry


def test_token_hrefs_handed_out_by_the_api_work(
    client: Client, application: Any, directory: Any, fake: Any
) -> None:
    enable_email_verification(directory)
    account = new_account(application)
    verified = client.accounts.verify_email_token(account.email_verification_token.href)
    assert verified == account and verified.status == "ENABLED"
    application.send_password_reset_email(account.email)
    href = f"{application.href}/passwordResetTokens/{fake.outbox[-1].token}"
    assert application.verify_password_reset_token(href) == account
    assert application.reset_account_password(href, "Fresh1Password") == account
    assert application.authenticate_account(account.email, "Fresh1Password").account == account


def test_another_applications_token_href_is_not_followed(
    client: Client, application: Any, directory: Any, fake: Any
) -> None:
    account = new_account(directory)
    application.send_password_reset_email(account.email)
    other = client.applications.create({"name": "other-app"})
    href = f"{application.href}/passwordResetTokens/{fake.outbox[-1].token}"
    fake.clear_requests()
    with pytest.raises(Error) as info:
        other.verify_password_reset_token(href)
    assert info.value.status == 404
    (entry,) = fake.requests
    assert entry.path.startswith(urlsplit(other.href).path.removeprefix("/v1"))
    assert application.verify_password_reset_token(href) == account  # still unused
