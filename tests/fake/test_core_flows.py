"""Flows over HTTP (in-process door): login attempts, password reset with the clock, email
verification, the journal helpers, and index-only lookups."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers_core import PASSWORD, Http, basic_value, started_http, unique

from stormpath_fake.models import Store


@pytest.fixture
def http() -> Iterator[Http]:
    yield from started_http()


# ---------------------------------------------------------------------------- login


def test_login_attempt_success_and_expansion(http):
    account = http.account(username="Neo")
    response = http.login("neo", PASSWORD)
    assert response.status_code == 200
    assert response.headers["Location"] == account["href"]
    assert response.json() == {"account": {"href": account["href"]}}
    expanded = http.post(
        f"{http.fake.application_href}/loginAttempts",
        {"type": "basic", "value": basic_value(account["email"].upper(), PASSWORD)},
        expand="account",
    )
    assert expanded.json()["account"]["email"] == account["email"]


def test_password_with_colons_splits_at_the_first_colon(http):
    account = http.account(password="Pass:w0rd:X")
    assert http.login(account["email"], "Pass:w0rd:X").status_code == 200


@pytest.mark.parametrize(
    ("login", "password", "code", "developer"),
    [
        ("nobody@example.com", PASSWORD, 7104, "there is no Account"),
        (None, "Wr0ngPassword", 7100, "the specified password is incorrect"),
    ],
)
def test_login_failures(http, login, password, code, developer):
    account = http.account()
    body = http.error(http.login(login or account["email"], password), 400, code)
    assert body["message"] == "Invalid username or password."
    assert developer in body["developerMessage"]


def test_login_status_checks(http):
    account = http.account()
    http.update(account["href"], {"status": "DISABLED"})
    disabled = http.error(http.login(account["email"], PASSWORD), 400, 7101)
    assert disabled["developerMessage"] == "Login attempt failed because the Account is disabled."
    http.update(account["href"], {"status": "unverified"})
    http.error(http.login(account["email"], PASSWORD), 400, 7102)


def test_login_with_account_store_in_both_shapes_and_5114(http):
    app = http.application()
    first, second = http.directory(), http.directory()
    http.mapping(app["href"], first["href"])
    http.mapping(app["href"], second["href"])
    email = f"{unique()}@example.com"
    http.account(first["href"], email=email, password="FirstPass1")
    b = http.account(second["href"], email=email, password="SecondPass1")
    assert http.login(email, "FirstPass1", app["href"]).status_code == 200
    http.error(http.login(email, "SecondPass1", app["href"]), 400, 7100)
    for store in ({"href": second["href"]}, second["href"]):
        ok = http.login(email, "SecondPass1", app["href"], accountStore=store)
        assert ok.json()["account"]["href"] == b["href"]
    outsider = http.directory()["href"]
    unmapped = http.login(email, "SecondPass1", app["href"], accountStore={"href": outsider})
    http.error(unmapped, 400, 5114)


def test_login_body_validation(http):
    url = f"{http.fake.application_href}/loginAttempts"
    http.error(http.post(url, {"type": "basic"}), 400, 2000)
    http.error(http.post(url, {"type": "digest", "value": "x"}), 400, 2003)
    http.error(http.post(url, {"type": "basic", "value": "%%%"}), 400, 2002)
    http.error(http.post(url, {"type": "basic", "value": basic_value("x", "")[:-4]}), 400)
    http.error(http.post(url, {"type": "basic", "value": "x", "extra": 1}), 400, 2015)


# ---------------------------------------------------------------------- password reset


def _reset_url(http) -> str:
    return f"{http.fake.application_href}/passwordResetTokens"


def test_password_reset_flow_with_outbox_and_single_use(http):
    account = http.account(givenName="Ada")
    response = http.post(_reset_url(http), {"email": account["email"].upper()})
    assert response.status_code == 200
    body = response.json()
    token = body["href"].rsplit("/", 1)[1]
    assert body == {
        "href": f"{_reset_url(http)}/{token}",
        "email": account["email"],
        "account": {"href": account["href"]},
    }
    (mail,) = http.fake.outbox
    assert (mail.to, mail.kind, mail.token) == (account["email"], "password_reset", token)
    assert mail.link == f"http://localhost:5000/forgot/change?sptoken={token}"
    assert mail.link in mail.body and mail.subject
    assert http.ok(f"{_reset_url(http)}/{token}") == body
    weak = http.post(f"{_reset_url(http)}/{token}", {"password": "weak"})
    http.error(weak, 400, 2007)
    done = http.post(f"{_reset_url(http)}/{token}", {"password": "Brand1New"}, expand="account")
    assert done.status_code == 200
    assert done.json()["account"]["email"] == account["email"]
    assert http.fake.outbox[-1].kind == "password_reset_success"
    assert http.login(account["email"], "Brand1New").status_code == 200
    http.error(http.get(f"{_reset_url(http)}/{token}"), 404)
    http.error(http.post(f"{_reset_url(http)}/{token}", {"password": "Other1Pass"}), 404)


def test_reset_token_expires_with_the_clock(http):
    account = http.account()
    policy = http.ok(http.fake.directory_href)["passwordPolicy"]["href"]
    http.update(policy, {"resetTokenTtl": 2})
    token = http.post(_reset_url(http), {"email": account["email"]}).json()["href"]
    http.fake.clock.advance(2 * 3600 - 1)
    assert http.get(token).status_code == 200
    http.fake.clock.advance(1)
    http.error(http.get(token), 404)


def test_reset_errors_and_disabled_mail(http):
    unknown = http.error(http.post(_reset_url(http), {"email": "ghost@example.com"}), 400, 2016)
    assert "does not match a known resource" in unknown["developerMessage"]
    http.error(http.post(_reset_url(http), {}), 400, 2000)
    http.error(http.get(f"{_reset_url(http)}/never-issued"), 404)
    policy = http.ok(http.fake.directory_href)["passwordPolicy"]["href"]
    http.update(policy, {"resetEmailStatus": "DISABLED"})
    account = http.account()
    assert http.post(_reset_url(http), {"email": account["email"]}).status_code == 200
    assert http.fake.outbox == []
    other_app = http.application()
    http.error(
        http.post(f"{other_app['href']}/passwordResetTokens", {"email": account["email"]}),
        400,
        5105,
    )


# ------------------------------------------------------------------ email verification


@pytest.fixture
def verifying(http):
    policy = http.ok(http.fake.directory_href)["accountCreationPolicy"]["href"]
    http.update(
        policy, {"verificationEmailStatus": "ENABLED", "verificationSuccessEmailStatus": "ENABLED"}
    )
    return http


def test_verification_workflow(verifying):
    http = verifying
    account = http.account(status="ENABLED")  # the workflow wins over an explicit status
    assert (account["status"], account["emailVerificationStatus"]) == ("UNVERIFIED", "UNVERIFIED")
    (mail,) = http.fake.outbox
    assert mail.kind == "email_verification" and mail.to == account["email"]
    assert account["emailVerificationToken"]["href"].endswith(
        f"/emailVerificationTokens/{mail.token}"
    )
    assert mail.link == f"http://localhost:5000/verify?sptoken={mail.token}"
    http.error(http.login(account["email"], PASSWORD), 400, 7102)
    consumed = http.call("POST", f"/accounts/emailVerificationTokens/{mail.token}")
    assert consumed.status_code == 200
    assert consumed.json() == {"href": account["href"]}
    assert consumed.headers["Location"] == account["href"]
    after = http.ok(account["href"])
    assert (after["status"], after["emailVerificationStatus"]) == ("ENABLED", "VERIFIED")
    assert after["emailVerificationToken"] is None
    assert http.fake.outbox[-1].kind == "email_verification_success"
    assert http.login(account["email"], PASSWORD).status_code == 200
    http.error(http.post(f"/accounts/emailVerificationTokens/{mail.token}", {}), 404)


def test_resend_verification_accepts_both_body_shapes(verifying):
    http = verifying
    account = http.account()
    url = f"{http.fake.application_href}/verificationEmails"
    for body in (
        {"login": account["email"]},
        {"login": account["username"], "accountStore": {"href": http.fake.directory_href}},
        {"login": account["email"], "account_store": http.fake.directory_href},
    ):
        response = http.post(url, body)
        assert response.status_code == 202 and response.content == b""
    tokens = [m.token for m in http.fake.outbox]
    assert len(tokens) == 4 and len(set(tokens)) == 4
    # Only the newest token is valid.
    http.error(http.post(f"/accounts/emailVerificationTokens/{tokens[0]}"), 404)
    assert http.post(f"/accounts/emailVerificationTokens/{tokens[-1]}").status_code == 200
    http.error(http.post(url, {"login": "ghost@example.com"}), 404)


def test_resend_verification_without_workflow_is_6101(http):
    account = http.account()
    url = f"{http.fake.application_href}/verificationEmails"
    http.error(http.post(url, {"login": account["email"]}), 400, 6101)


def test_welcome_mail_and_domain_rules(http):
    policy = http.ok(http.fake.directory_href)["accountCreationPolicy"]["href"]
    http.update(
        policy,
        {"welcomeEmailStatus": "ENABLED", "emailDomainBlacklist": ["spam.test"]},
    )
    account = http.account()
    assert [m.kind for m in http.fake.outbox] == ["welcome"]
    assert http.fake.outbox[0].to == account["email"]
    blocked = {"email": "x@spam.test", "password": PASSWORD}
    http.error(http.post(f"{http.fake.directory_href}/accounts", blocked), 400, 7205)
    http.update(policy, {"emailDomainBlacklist": [], "emailDomainWhitelist": ["corp.test"]})
    http.error(http.post(f"{http.fake.directory_href}/accounts", blocked), 400, 7206)


# ---------------------------------------------------------------------------- journal


def test_journal_records_relative_paths_queries_and_statuses(http):
    fake = http.fake
    account = http.account()
    http.login(account["email"], PASSWORD)
    http.login(account["email"], "bad")
    http.get(f"{fake.application_href}/accounts", limit="5")
    assert fake.count_calls("POST", "/applications/*/loginAttempts") == 2
    assert fake.count_calls(pattern="/applications/*/accounts") == 2
    assert fake.count_calls() == len(fake.requests) == 4
    last = fake.requests[-1]
    app_id = fake.application_href.rsplit("/", 1)[1]
    assert (last.method, last.path, last.query, last.status) == (
        "GET",
        f"/applications/{app_id}/accounts",
        {"limit": "5"},
        200,
    )
    assert [c.status for c in fake.requests[1:3]] == [200, 400]
    fake.assert_called("POST", "/applications/*/loginAttempts", times=2)
    fake.assert_called("GET", "/applications/*/accounts")
    with pytest.raises(AssertionError, match="loginAttempts"):
        fake.assert_called("POST", "/applications/*/loginAttempts", times=3)
    fake.clear_requests()
    assert fake.requests == [] and fake.count_calls() == 0


# ------------------------------------------------------------------------------ indexes


def test_lookups_never_walk_collections(http, monkeypatch):
    fake = http.fake
    accounts = [http.account(username=f"idx{i}") for i in range(30)]
    group = http.group(name="Idx")

    def refuse(*args, **kwargs):
        raise AssertionError("collection walked")

    monkeypatch.setattr(Store, "app_accounts", refuse)
    monkeypatch.setattr(Store, "store_accounts", refuse)
    target = accounts[17]
    assert http.login("IDX17", PASSWORD).status_code == 200
    assert http.ok(target["href"])["username"] == "idx17"
    found = http.ok(f"{fake.application_href}/accounts", email=target["email"])
    assert [a["href"] for a in found["items"]] == [target["href"]]
    assert http.ok(f"{fake.directory_href}/accounts", username="IDX3")["size"] == 1
    assert (
        http.ok(f"{fake.directory_href}/groups", name="idx")["items"][0]["href"] == (group["href"])
    )
    assert http.post(f"{fake.application_href}/passwordResetTokens", {"email": target["email"]})
    assert http.ok(f"{fake.tenant_href}/applications", name="my application")["size"] == 1
