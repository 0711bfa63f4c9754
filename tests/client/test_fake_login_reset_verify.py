"""Login, password reset, email verification and social accounts against the fake."""

from __future__ import annotations

from typing import Any

import pytest
from client_helpers import PASSWORD, enable_email_verification, new_account, unique, unique_email

from stormpath.client import Client
from stormpath.error import Error
from stormpath.resources import Account, AuthenticationResult

INVALID = "Invalid username or password."


def login_error(application: Any, login: str, password: str, **kwargs: Any) -> Error:
    with pytest.raises(Error) as info:
        application.authenticate_account(login, password, **kwargs)
    return info.value


def test_login_by_email_or_username_is_one_request(
    application: Any, directory: Any, fake: Any
) -> None:
    account = new_account(directory, username=unique("login"))
    for login in (account.email, account.username, account.email.upper()):
        fake.clear_requests()
        result = application.authenticate_account(login, PASSWORD)
        assert isinstance(result, AuthenticationResult)
        assert isinstance(result.account, Account)
        assert result.account == account
        assert result.account.given_name == "Given"
        assert fake.count_calls() == 1
        fake.assert_called("POST", "/applications/*/loginAttempts", times=1)
        assert fake.requests[0].query.get("expand") == "account"


def test_login_account_is_cached(cached_client: Client, fake: Any) -> None:
    application = cached_client.applications.get(fake.application_href)
    directory = cached_client.directories.get(fake.directory_href)
    account = new_account(directory)
    href = application.authenticate_account(account.email, PASSWORD).account.href
    fake.clear_requests()
    assert cached_client.accounts.get(href).email == account.email
    assert fake.count_calls() == 0


def test_wrong_password(application: Any, directory: Any) -> None:
    account = new_account(directory)
    err = login_error(application, account.email, "Wr0ngPassword")
    assert (err.status, err.code) == (400, 7100)
    assert err.user_message == INVALID
    assert err.message == "Login attempt failed because the specified password is incorrect."
    assert err.developer_message == err.message
    assert "7100" in (err.more_info or "")
    assert err.request_id


def test_unknown_login(application: Any) -> None:
    err = login_error(application, unique_email(), PASSWORD)
    assert (err.status, err.code, err.user_message) == (400, 7104, INVALID)
    assert err.message == (
        "Login attempt failed because there is no Account in the Application's associated "
        "Account Stores with the specified username or email."
    )


def test_disabled_and_unverified_accounts(application: Any, directory: Any) -> None:
    disabled = new_account(directory, status="DISABLED")
    err = login_error(application, disabled.email, PASSWORD)
    assert (err.status, err.code) == (400, 7101)
    assert err.message == "Login attempt failed because the Account is disabled."
    unverified = new_account(directory, status="UNVERIFIED")
    err = login_error(application, unverified.email, PASSWORD)
    assert (err.status, err.code) == (400, 7102)
    assert err.message == "Login attempt failed because the Account is not verified."


def test_login_with_account_store(client: Client, application: Any, directory: Any) -> None:
    account = new_account(directory)
    result = application.authenticate_account(account.email, PASSWORD, account_store=directory)
    assert result.account == account
    result = application.authenticate_account(account.email, PASSWORD, account_store=directory.href)
    assert result.account == account
    other = client.directories.create({"name": unique("unmapped")})
    err = login_error(application, account.email, PASSWORD, account_store=other)
    assert (err.status, err.code) == (400, 5114)


def test_password_reset_flow(application: Any, directory: Any, fake: Any) -> None:
    account = new_account(directory)
    returned = application.send_password_reset_email(account.email)
    assert returned == account
    mail = [m for m in fake.outbox if m.kind == "password_reset" and m.to == account.email][-1]
    assert application.verify_password_reset_token(mail.token) == account
    fake.clear_requests()
    changed = application.reset_account_password(mail.token, "Brand1NewPass")
    assert changed == account
    assert (changed.email, changed.given_name) == (account.email, "Given")
    assert fake.count_calls() == 1  # the account came embedded in the answer
    assert application.authenticate_account(account.email, "Brand1NewPass").account == account
    with pytest.raises(Error) as used:
        application.verify_password_reset_token(mail.token)
    assert used.value.status == 404


def test_password_reset_like_flask(application: Any, directory: Any, fake: Any) -> None:
    """Flask-Stormpath verifies the token, then sets the password on the account and saves."""
    account = new_account(directory)
    application.send_password_reset_email(account.email, account_store=directory)
    token = fake.outbox[-1].token
    target = application.verify_password_reset_token(token)
    target.password = "Flask1Password"
    target.save()
    assert application.authenticate_account(account.email, "Flask1Password").account == account


def test_password_reset_errors(application: Any) -> None:
    with pytest.raises(Error) as info:
        application.send_password_reset_email(unique_email())
    assert (info.value.status, info.value.code) == (400, 2016)
    assert "does not match a known resource" in info.value.message
    with pytest.raises(Error) as bad:
        application.verify_password_reset_token("not-a-token")
    assert bad.value.status == 404


def test_email_verification_and_resend(
    client: Client, application: Any, directory: Any, fake: Any
) -> None:
    enable_email_verification(directory)
    account = new_account(application)
    assert account.is_unverified()
    token = account.email_verification_token.token
    assert [m.token for m in fake.outbox if m.kind == "email_verification"][-1] == token
    fake.clear_requests()
    application.verification_emails.resend(account)
    application.resend_verification_email(account.email, account_store=directory)
    assert fake.count_calls("POST", "/applications/*/verificationEmails") == 2
    assert all(entry.status == 202 for entry in fake.requests)
    latest = [m for m in fake.outbox if m.kind == "email_verification"][-1].token
    verified = client.accounts.verify_email_token(latest)
    assert verified == account
    assert verified.status == "ENABLED"
    assert verified.email_verification_status == "VERIFIED"
    assert verified.email_verification_token is None
    with pytest.raises(Error) as again:
        client.tenant.verify_account_email(latest)
    assert again.value.status == 404


def test_resend_without_workflow_fails(application: Any, directory: Any) -> None:
    account = new_account(directory)
    with pytest.raises(Error) as info:
        application.resend_verification_email(account.email)
    assert info.value.code == 6101


def test_social_directory_and_its_provider(client: Client, application: Any) -> None:
    """The fake has no social login yet (get_provider_account is covered on stubs only)."""
    google = client.directories.create(
        {
            "name": unique("google"),
            "provider": {
                "provider_id": "google",
                "client_id": "cid",
                "client_secret": "cs",
                "redirect_uri": "http://localhost/google",
            },
        }
    )
    mapping = client.account_store_mappings.create(
        {"application": application, "account_store": google, "list_index": 99}
    )
    provider = client.directories.get(google.href).provider
    assert (provider.provider_id, provider.client_id) == ("google", "cid")
    assert provider.redirect_uri == "http://localhost/google"
    assert mapping.account_store == google


def test_disabled_directory_and_group_stores(client: Client) -> None:
    application = client.applications.create({"name": unique("stores")})
    directory = client.directories.create({"name": unique("dstore")})
    group = directory.groups.create({"name": "members"})
    client.account_store_mappings.create(
        {"application": application, "account_store": group, "list_index": 0}
    )
    account = new_account(directory)
    err = login_error(application, account.email, PASSWORD)
    assert err.code == 7104  # not in the mapped group yet
    account.add_group(group)
    assert application.authenticate_account(account.email, PASSWORD).account == account
    group.status = "DISABLED"
    group.save()
    err = login_error(application, account.email, PASSWORD)
    assert (err.status, err.code, err.user_message) == (400, 7105, INVALID)
    assert err.message == "Login attempt failed because the Account's Group is disabled."
    group.status = "ENABLED"
    group.save()
    directory.status = "DISABLED"
    directory.save()
    err = login_error(application, account.email, PASSWORD)
    assert (err.status, err.code) == (400, 7106)
    assert err.message == "Login attempt failed because the Account's Directory is disabled."


def test_application_without_stores(client: Client) -> None:
    application = client.applications.create({"name": unique("nostores")})
    err = login_error(application, unique_email(), PASSWORD)
    assert (err.status, err.code) == (400, 5105)
