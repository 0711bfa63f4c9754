"""Directories, their provider, password policy and strength, account creation policy (§4)."""

from __future__ import annotations

import pytest
from fake_http_api import STRENGTH_DEFAULTS


def test_directory_representation(api):
    directory = api.new_directory(description="people")
    href = directory["href"]
    dir_id = api.last_segment(href)
    assert href.startswith(api.base_url + "/directories/")
    assert directory["description"] == "people"
    assert directory["status"] == "ENABLED"
    assert directory["tenant"] == {"href": api.tenant_href}
    for link in ("provider", "customData", "accounts", "groups"):
        assert directory[link] == {"href": f"{href}/{link}"}, link
    assert directory["passwordPolicy"] == {"href": f"{api.base_url}/passwordPolicies/{dir_id}"}
    assert directory["accountCreationPolicy"] == {
        "href": f"{api.base_url}/accountCreationPolicies/{dir_id}"
    }


def test_cloud_directory_provider_is_stormpath(api):
    directory = api.new_directory()
    provider = api.ok(directory["provider"]["href"])
    assert provider["providerId"] == "stormpath"
    assert provider["href"] == directory["provider"]["href"]


GOOGLE = {
    "providerId": "google",
    "clientId": "client-id",
    "clientSecret": "client-secret",
    "redirectUri": "https://app.example/callback",
}


def test_social_directory_keeps_its_provider_and_refuses_direct_accounts(api):
    directory = api.new_directory(provider=GOOGLE)
    provider = api.ok(directory["provider"]["href"])
    assert {key: provider[key] for key in GOOGLE} == GOOGLE
    body = {"email": api.unique_email(), "password": api.PASSWORD}
    api.error(api.post(f"{directory['href']}/accounts", body), 400, 6100)


def test_social_directory_as_default_store_is_5106(api):
    app = api.new_application()
    directory = api.new_directory(provider=GOOGLE)
    api.map_store(app["href"], directory["href"], isDefaultAccountStore=True)
    body = {"email": api.unique_email(), "password": api.PASSWORD}
    api.error(api.post(f"{app['href']}/accounts", body), 400, 5106)


def test_directory_applications_lists_the_apps_it_is_mapped_to(api):
    directory = api.new_directory()
    app = api.new_application()
    assert api.ok(f"{directory['href']}/applications")["size"] == 0
    api.map_store(app["href"], directory["href"])
    listed = api.ok(f"{directory['href']}/applications")
    assert [a["href"] for a in listed["items"]] == [app["href"]]


def test_directory_name_is_required_and_unique(api):
    api.error(api.post("/directories", {"description": "no name"}), 400, 2000)
    directory = api.new_directory()
    api.error(api.post("/directories", {"name": directory["name"]}), 409, 2001)


def test_directory_update_and_delete(api):
    directory = api.new_directory(description="old")
    updated = api.updated(directory["href"], {"description": "new", "status": "DISABLED"})
    assert (updated["description"], updated["status"]) == ("new", "DISABLED")
    api.deleted(directory["href"])
    api.error(api.get(directory["href"]), 404, 404)


def test_directory_links_posted_back_are_no_ops(api):
    directory = api.new_directory()
    body = {
        "description": "changed",
        "customData": {"href": directory["customData"]["href"]},
        "passwordPolicy": {"href": directory["passwordPolicy"]["href"]},
        "provider": {"href": directory["provider"]["href"]},
    }
    assert api.updated(directory["href"], body)["description"] == "changed"
    assert api.ok(directory["provider"]["href"])["providerId"] == "stormpath"


def test_account_schema_requires_fields_when_asked(api):
    directory = api.new_directory()
    schema_href = directory["accountSchema"]["href"]
    assert schema_href.startswith(api.base_url + "/schemas/")
    schema = api.ok(schema_href)
    fields = api.collection(schema["fields"]["href"])
    by_name = {field["name"]: field for field in fields}
    assert set(by_name) == {"givenName", "surname"}
    assert not any(field["required"] for field in fields)
    api.new_account(directory["href"], givenName=None, surname=None)
    api.updated(by_name["surname"]["href"], {"required": True})
    body = {"email": api.unique_email(), "password": api.PASSWORD, "givenName": "G"}
    error = api.error(api.post(f"{directory['href']}/accounts", body), 400, 2000)
    assert error["message"] == "Account surname is required; it cannot be null, empty, or blank."


def test_deleting_a_directory_removes_its_accounts_groups_and_mappings(api):
    app = api.new_application()
    directory = api.new_directory()
    account = api.new_account(directory["href"])
    group = api.new_group(directory["href"])
    mapping = api.map_store(app["href"], directory["href"])
    api.deleted(directory["href"])
    for href in (account["href"], group["href"], mapping["href"]):
        api.error(api.get(href), 404, 404)


def test_search_directories(api):
    tag = api.unique("Quokka")
    wanted = api.new_directory(name=f"{tag} people")
    found = api.ok(f"{api.tenant_href}/directories", q=tag.upper())
    assert [item["href"] for item in found["items"]] == [wanted["href"]]
    by_name = api.ok(f"{api.tenant_href}/directories", name=f"*{tag[1:]} people")
    assert [item["href"] for item in by_name["items"]] == [wanted["href"]]


def test_directory_expansion(api):
    directory = api.new_directory()
    api.new_account(directory["href"])
    expanded = api.ok(directory["href"], expand="accounts(offset:0,limit:1),groups,tenant")
    assert expanded["accounts"]["size"] == 1
    assert expanded["accounts"]["limit"] == 1
    assert expanded["groups"]["size"] == 0
    assert expanded["tenant"]["href"] == api.tenant_href


def test_password_policy_defaults_and_update(api):
    directory = api.new_directory()
    policy = api.ok(directory["passwordPolicy"]["href"])
    assert policy["resetTokenTtl"] == 24
    assert policy["resetEmailStatus"] == "ENABLED"
    assert policy["resetSuccessEmailStatus"] == "ENABLED"
    assert policy["strength"] == {"href": f"{policy['href']}/strength"}
    updated = api.updated(policy["href"], {"resetTokenTtl": 48, "resetEmailStatus": "disabled"})
    assert (updated["resetTokenTtl"], updated["resetEmailStatus"]) == (48, "DISABLED")


@pytest.mark.parametrize("ttl", [0, 169, -5])
def test_reset_token_ttl_range(api, ttl):
    policy_href = api.ok(api.dir_href)["passwordPolicy"]["href"]
    api.error(api.post(policy_href, {"resetTokenTtl": ttl}), 400)


def _strength_href(api, dir_href: str) -> str:
    return api.ok(api.ok(dir_href)["passwordPolicy"]["href"])["strength"]["href"]


def test_password_strength_defaults(api):
    strength = api.ok(_strength_href(api, api.new_directory()["href"]))
    assert {key: strength[key] for key in STRENGTH_DEFAULTS} == STRENGTH_DEFAULTS


def test_password_strength_update_and_bounds(api):
    href = _strength_href(api, api.new_directory()["href"])
    updated = api.updated(href, {"minLength": 12, "minSymbol": 2})
    assert (updated["minLength"], updated["minSymbol"], updated["maxLength"]) == (12, 2, 100)
    api.error(api.post(href, {"preventReuse": 26}), 400)
    api.error(api.post(href, {"minLength": "eight"}), 400, 2004)


def _create(api, dir_href, password):
    body = {"email": api.unique_email(), "password": password, "givenName": "G", "surname": "S"}
    return api.post(f"{dir_href}/accounts", body)


@pytest.mark.parametrize(
    ("password", "code", "message"),
    [
        ("Sh0rt", 2007, "Account password minimum length not satisfied."),
        ("hilolwoothi", None, "Password requires at least 1 numeric character."),
        ("alllowercase1", None, "Password requires at least 1 uppercase character."),
    ],
)
def test_default_strength_messages(api, password, code, message):
    body = api.error(_create(api, api.dir_href, password), 400, code)
    assert body["message"] == message
    assert body["developerMessage"] == message


@pytest.mark.parametrize(
    ("rules", "password", "word"),
    [
        ({"maxLength": 10}, "Abcdefgh1234", "length"),
        ({"minLowerCase": 1}, "ALLUPPER123", "lowercase"),
        ({"minSymbol": 2}, "NoSymbols123!", "symbol"),
        ({"minDiacritic": 1}, "Plain123Text", "diacritic"),
    ],
)
def test_configured_strength_rules_are_enforced(api, rules, password, word):
    directory = api.new_directory()
    api.updated(_strength_href(api, directory["href"]), rules)
    body = api.error(_create(api, directory["href"], password), 400)
    assert word in body["developerMessage"].lower()


def test_configured_rules_accept_a_conforming_password(api):
    directory = api.new_directory()
    api.updated(_strength_href(api, directory["href"]), {"minSymbol": 2, "minDiacritic": 1})
    response = _create(api, directory["href"], "Good1!!é-pass")
    assert response.status_code == 201, response.text


def test_strength_check_order_numeric_before_uppercase(api):
    # Both rules fail for "hilolwoothi": the numeric message is reported first.
    body = api.error(_create(api, api.dir_href, "hilolwoothi"), 400)
    assert "numeric" in body["message"]


def test_password_update_is_policy_checked(api):
    account = api.new_account()
    body = api.error(api.post(account["href"], {"password": "short"}), 400, 2007)
    assert body["message"] == "Account password minimum length not satisfied."


@pytest.mark.parametrize("reuse", [1, 2])
def test_prevent_reuse(api, reuse):
    directory = api.new_directory()
    api.updated(_strength_href(api, directory["href"]), {"preventReuse": reuse})
    account = api.new_account(directory["href"], password="Original1pass")
    api.updated(account["href"], {"password": "Second22pass"})
    # The current password is always refused; the previous one only when reuse >= 2.
    api.error(api.post(account["href"], {"password": "Second22pass"}), 400)
    previous = api.post(account["href"], {"password": "Original1pass"})
    if reuse == 1:
        assert previous.status_code == 200, previous.text
    else:
        api.error(previous, 400)
        api.updated(account["href"], {"password": "Third333pass"})


def test_account_creation_policy_defaults_and_update(api):
    directory = api.new_directory()
    policy = api.ok(directory["accountCreationPolicy"]["href"])
    for key in ("verificationEmailStatus", "verificationSuccessEmailStatus", "welcomeEmailStatus"):
        assert policy[key] == "DISABLED", key
    assert policy["emailDomainWhitelist"] == []
    assert policy["emailDomainBlacklist"] == []
    updated = api.updated(policy["href"], {"verificationEmailStatus": "ENABLED"})
    assert updated["verificationEmailStatus"] == "ENABLED"
    assert updated["welcomeEmailStatus"] == "DISABLED"
    api.error(api.post(policy["href"], {"welcomeEmailStatus": "SOMETIMES"}), 400)


def _mails_to(api, email: str) -> int:
    return sum(email in str(vars(mail)) for mail in api.fake.outbox)


def test_welcome_mail_only_when_enabled(api):
    directory = api.new_directory()
    quiet = api.new_account(directory["href"])
    assert _mails_to(api, quiet["email"]) == 0
    policy_href = api.ok(directory["href"])["accountCreationPolicy"]["href"]
    api.updated(policy_href, {"welcomeEmailStatus": "ENABLED"})
    welcomed = api.new_account(directory["href"])
    assert _mails_to(api, welcomed["email"]) == 1


def test_email_domain_black_and_white_lists(api):
    directory = api.new_directory()
    policy_href = api.ok(directory["href"])["accountCreationPolicy"]["href"]
    api.updated(policy_href, {"emailDomainBlacklist": ["spam.example"]})
    body = {"email": "a@spam.example", "password": api.PASSWORD, "givenName": "G", "surname": "S"}
    api.error(api.post(f"{directory['href']}/accounts", body), 400, 7205)
    api.updated(policy_href, {"emailDomainBlacklist": [], "emailDomainWhitelist": ["good.example"]})
    body["email"] = "a@other.example"
    api.error(api.post(f"{directory['href']}/accounts", body), 400, 7206)
    body["email"] = "a@good.example"
    assert api.post(f"{directory['href']}/accounts", body).status_code == 201
