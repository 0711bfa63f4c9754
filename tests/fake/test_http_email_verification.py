"""Email verification (§5.1 workflow, §5.4): UNVERIFIED accounts, verify once, resend."""

from __future__ import annotations

import pytest


@pytest.fixture
def workflow_dir(api) -> str:
    """The default directory with the verification workflow on."""
    policy_href = api.ok(api.dir_href)["accountCreationPolicy"]["href"]
    api.updated(policy_href, {"verificationEmailStatus": "ENABLED"})
    return api.dir_href


def _token_href(account: dict) -> str:
    link = account["emailVerificationToken"]
    assert link is not None, account
    return link["href"]


def test_workflow_makes_new_accounts_unverified_with_a_token(api, workflow_dir):
    account = api.new_account()
    assert account["status"] == "UNVERIFIED"
    assert account["emailVerificationStatus"] == "UNVERIFIED"
    href = _token_href(account)
    assert href.startswith(f"{api.base_url}/accounts/emailVerificationTokens/")
    assert "/" not in api.last_segment(href)


def test_workflow_sends_a_mail_with_the_token(api, workflow_dir):
    account = api.new_account()
    token = api.last_segment(_token_href(account))
    assert [mail for mail in api.fake.outbox if token in str(vars(mail))]


def test_workflow_wins_over_an_explicit_enabled_status(api, workflow_dir):
    account = api.new_account(status="ENABLED")
    assert account["status"] == "UNVERIFIED"


@pytest.mark.parametrize("flag", ["false", "False"])
def test_registration_workflow_can_be_skipped(api, workflow_dir, flag):
    body = {"email": api.unique_email(), "password": api.PASSWORD, "givenName": "G", "surname": "S"}
    account = api.created(
        f"{api.app_href}/accounts", body, params={"registrationWorkflowEnabled": flag}
    )
    assert account["status"] == "ENABLED"
    assert account["emailVerificationToken"] is None


def test_unverified_account_cannot_log_in(api, workflow_dir):
    account = api.new_account()
    body = api.error(api.login(account["email"], api.PASSWORD), 400, 7102)
    assert body["developerMessage"] == "Login attempt failed because the Account is not verified."


@pytest.mark.parametrize("body", [None, {}])
def test_verify_enables_the_account_once(api, workflow_dir, body):
    account = api.new_account()
    href = _token_href(account)
    response = api.post(href, body)
    assert response.status_code == 200
    assert response.headers["Location"] == account["href"]
    assert response.json() == {"href": account["href"]}
    verified = api.ok(account["href"])
    assert verified["status"] == "ENABLED"
    assert verified["emailVerificationStatus"] == "VERIFIED"
    assert verified["emailVerificationToken"] is None
    assert api.login(account["email"], api.PASSWORD).status_code == 200
    api.error(api.post(href, body), 404, 404)


def test_unknown_verification_token_is_404(api):
    api.error(api.post("/accounts/emailVerificationTokens/nosuchtoken"), 404, 404)


def test_accounts_without_workflow_have_no_token(api):
    account = api.new_account()
    assert account["status"] == "ENABLED"
    assert account["emailVerificationToken"] is None


@pytest.mark.parametrize("form", ["camel_link", "snake_string", "login_only", "username"])
def test_resend_verification_email_is_202_without_body(api, workflow_dir, form):
    account = api.new_account(username=api.unique("verify-me"))
    body = {
        "camel_link": {"login": account["email"], "accountStore": {"href": workflow_dir}},
        "snake_string": {"login": account["email"], "account_store": workflow_dir},
        "login_only": {"login": account["email"]},
        "username": {"login": account["username"]},
    }[form]
    response = api.post(f"{api.app_href}/verificationEmails", body)
    assert response.status_code == 202
    assert response.content in (b"", b"{}")


def test_resend_issues_a_working_token(api, workflow_dir):
    account = api.new_account()
    assert (
        api.post(f"{api.app_href}/verificationEmails", {"login": account["email"]}).status_code
        == 202
    )
    href = _token_href(api.ok(account["href"]))
    assert api.post(href).status_code == 200
    assert api.ok(account["href"])["status"] == "ENABLED"


def test_resend_without_workflow_is_6101(api):
    account = api.new_account()
    response = api.post(f"{api.app_href}/verificationEmails", {"login": account["email"]})
    api.error(response, 400, 6101)


def test_resend_without_login_is_400(api, workflow_dir):
    api.error(api.post(f"{api.app_href}/verificationEmails", {}), 400)


def test_verification_emails_has_no_get(api):
    api.error(api.get(f"{api.app_href}/verificationEmails"), 405)
