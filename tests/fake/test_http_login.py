"""Login attempts (§5.2): success forms, every failure code, accountStore forms, priority."""

from __future__ import annotations

import base64

import pytest

INVALID = "Invalid username or password."


def test_login_success_answers_200_with_location_and_account_link(api):
    account = api.new_account()
    response = api.login(account["email"], api.PASSWORD)
    assert response.status_code == 200
    assert response.headers["Location"] == account["href"]
    assert response.json() == {"account": {"href": account["href"]}}


def test_login_with_expand_returns_the_full_account(api):
    account = api.new_account()
    value = base64.b64encode(f"{account['email']}:{api.PASSWORD}".encode()).decode()
    response = api.post(
        f"{api.app_href}/loginAttempts",
        {"type": "basic", "value": value},
        params={"expand": "account"},
    )
    assert response.status_code == 200
    assert response.json()["account"] == api.ok(account["href"])


@pytest.mark.parametrize("which", ["username", "email", "EMAIL"])
def test_login_by_username_or_email(api, which):
    account = api.new_account(username="login-name")
    login = {"username": "login-name", "email": account["email"], "EMAIL": account["email"].upper()}
    assert api.login(login[which], api.PASSWORD).status_code == 200


def test_password_may_contain_colons(api):
    account = api.new_account(password="Pass:w0rd:With:Colons")
    assert api.login(account["email"], "Pass:w0rd:With:Colons").status_code == 200


def test_wrong_password_is_7100(api):
    account = api.new_account()
    body = api.error(api.login(account["email"], "Wrong1pass"), 400, 7100)
    assert body["message"] == INVALID
    assert body["developerMessage"] == (
        "Login attempt failed because the specified password is incorrect."
    )


def test_unknown_login_is_7104(api):
    body = api.error(api.login("nobody@example.com", api.PASSWORD), 400, 7104)
    assert body["message"] == INVALID
    assert body["developerMessage"] == (
        "Login attempt failed because there is no Account in the Application's associated "
        "Account Stores with the specified username or email."
    )


def test_disabled_account_is_7101(api):
    account = api.new_account(status="DISABLED")
    body = api.error(api.login(account["email"], api.PASSWORD), 400, 7101)
    assert body["developerMessage"] == "Login attempt failed because the Account is disabled."


def test_unverified_account_is_7102(api):
    account = api.new_account(status="UNVERIFIED")
    body = api.error(api.login(account["email"], api.PASSWORD), 400, 7102)
    assert body["developerMessage"] == "Login attempt failed because the Account is not verified."


def test_disabled_group_store_is_7105(api):
    app = api.new_application()
    group = api.new_group()
    account = api.new_account()
    api.add_member(account["href"], group["href"])
    api.map_store(app["href"], group["href"])
    assert api.login(account["email"], api.PASSWORD, app["href"]).status_code == 200
    api.updated(group["href"], {"status": "DISABLED"})
    api.error(api.login(account["email"], api.PASSWORD, app["href"]), 400, 7105)


def test_group_store_only_admits_its_members(api):
    app = api.new_application()
    group = api.new_group()
    api.map_store(app["href"], group["href"])
    outsider = api.new_account()
    api.error(api.login(outsider["email"], api.PASSWORD, app["href"]), 400, 7104)


def test_disabled_directory_is_7106(api):
    app = api.new_application()
    directory = api.new_directory()
    account = api.new_account(directory["href"])
    api.map_store(app["href"], directory["href"])
    api.updated(directory["href"], {"status": "DISABLED"})
    api.error(api.login(account["email"], api.PASSWORD, app["href"]), 400, 7106)


def test_application_without_stores_is_5105(api):
    app = api.new_application()
    api.error(api.login("someone@example.com", api.PASSWORD, app["href"]), 400, 5105)


def test_disabled_application_refuses_logins(api):
    app = api.new_application()
    directory = api.new_directory()
    account = api.new_account(directory["href"])
    api.map_store(app["href"], directory["href"])
    api.updated(app["href"], {"status": "DISABLED"})
    api.error(api.login(account["email"], api.PASSWORD, app["href"]), 400)


@pytest.fixture
def two_stores(api):
    """An app with two directories holding the same email under different passwords."""
    app = api.new_application()
    first, second = api.new_directory(), api.new_directory()
    email = api.unique_email()
    a = api.new_account(first["href"], email=email, password="FirstPass1")
    b = api.new_account(second["href"], email=email, password="SecondPass2")
    m1 = api.map_store(app["href"], first["href"])
    m2 = api.map_store(app["href"], second["href"])
    return app["href"], email, (first["href"], second["href"]), (a, b), (m1, m2)


def test_first_matching_store_wins(api, two_stores):
    app_href, email, _, (a, _b), (_m1, m2) = two_stores
    response = api.login(email, "FirstPass1", app_href)
    assert response.json() == {"account": {"href": a["href"]}}
    # The first store decides even when the password belongs to the second one's account.
    api.error(api.login(email, "SecondPass2", app_href), 400, 7100)
    api.updated(m2["href"], {"listIndex": 0})
    assert api.login(email, "SecondPass2", app_href).status_code == 200


@pytest.mark.parametrize("form", ["object", "string"])
def test_account_store_restricts_the_search(api, two_stores, form):
    app_href, email, (_, second), (_, b), _ = two_stores
    store = {"href": second} if form == "object" else second
    response = api.login(email, "SecondPass2", app_href, accountStore=store)
    assert response.status_code == 200
    assert response.json() == {"account": {"href": b["href"]}}
    api.error(api.login(email, "FirstPass1", app_href, accountStore=store), 400, 7100)


def test_account_store_without_the_account_is_7104(api, two_stores):
    app_href, _, (first, _), _, _ = two_stores
    other = api.new_account(api.dir_href)
    api.error(
        api.login(other["email"], api.PASSWORD, app_href, accountStore={"href": first}), 400, 7104
    )


def test_account_store_not_mapped_is_5114(api, two_stores):
    app_href, email, _, _, _ = two_stores
    unmapped = api.new_directory()["href"]
    body = api.error(
        api.login(email, "FirstPass1", app_href, accountStore={"href": unmapped}), 400, 5114
    )
    assert body["developerMessage"] == (
        "The specified Account Store is not one of the Application's assigned Account Stores."
    )


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"type": "basic"},
        {"value": "dTpw"},
        {"type": "basic", "value": ""},
        {"type": "basic", "value": "%%%"},
        {"type": "basic", "value": base64.b64encode(b"no-colon").decode()},
        {"type": "basic", "value": base64.b64encode(b"\xff\xfe:\xff").decode()},
        {"type": "oauth", "value": "dTpw"},
        {"type": 1, "value": "dTpw"},
    ],
)
def test_malformed_login_attempts_are_400(api, body):
    api.error(api.post(f"{api.app_href}/loginAttempts", body), 400)


def test_login_attempts_only_accepts_post(api):
    api.error(api.get(f"{api.app_href}/loginAttempts"), 405)
