"""Resources over HTTP (in-process door): applications, directories, accounts, groups,
memberships, mappings, customData, policies, and the protocol rules around them."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests
from fake_http_api import STRENGTH_DEFAULTS
from helpers_core import PASSWORD, Http, started_http, unique

from stormpath_fake.models import Store


@pytest.fixture
def http() -> Iterator[Http]:
    yield from started_http()


# ------------------------------------------------------------------------- applications


def test_create_application_with_directory_flag_variants(http):
    app = http.create("/applications", {"name": unique("app")}, createDirectory="True")
    mapping = http.ok(app["defaultAccountStoreMapping"]["href"], expand="accountStore")
    assert mapping["accountStore"]["name"] == f"{app['name']} Directory"
    assert mapping["listIndex"] == 0 and mapping["isDefaultGroupStore"] is True
    named = http.create("/applications", {"name": unique("app")}, createDirectory="Custom Dir")
    store = http.ok(named["defaultAccountStoreMapping"]["href"], expand="accountStore")
    assert store["accountStore"]["name"] == "Custom Dir"
    taken = http.post("/applications", {"name": unique("app")}, createDirectory="custom dir")
    http.error(taken, 400, 5010)
    plain = http.create("/applications", {"name": unique("app")}, createDirectory="false")
    assert plain["defaultAccountStoreMapping"] is None
    duplicate = http.post("/applications", {"name": app["name"].upper()})
    assert http.error(duplicate, 409, 2001)["message"].startswith("Application with that name")


def test_update_is_partial_returns_full_body_and_accepts_lowercase_enums(http):
    app = http.application(description="before")
    updated = http.update(app["href"], {"status": "disabled"})
    assert updated["status"] == "DISABLED"
    assert updated["description"] == "before"
    assert updated["accounts"] == {"href": f"{app['href']}/accounts"}
    assert updated["modifiedAt"] >= app["modifiedAt"]
    http.error(http.post(app["href"], {}), 400)
    http.error(http.post(app["href"], {"status": "paused"}), 400, 2003)


def test_delete_application_keeps_directories_and_method_override(http):
    app = http.create("/applications", {"name": unique("app")}, createDirectory="true")
    dir_href = http.ok(app["defaultAccountStoreMapping"]["href"])["accountStore"]["href"]
    mapping_href = app["defaultAccountStoreMapping"]["href"]
    response = http.call("POST", app["href"], params={"_method": "DELETE"})
    assert response.status_code == 204 and response.content == b""
    http.error(http.get(app["href"]), 404, 404)
    http.error(http.get(mapping_href), 404)
    assert http.ok(dir_href)["href"] == dir_href
    assert http.fake.count_calls("DELETE", "/applications/*") == 1


# --------------------------------------------------------------------------- directories


def test_directory_links_provider_and_policies(http):
    directory = http.directory(description="d", status="disabled")
    assert directory["status"] == "DISABLED"
    provider = http.ok(directory["provider"]["href"])
    assert provider["providerId"] == "stormpath"
    policy = http.ok(directory["passwordPolicy"]["href"], expand="strength")
    assert (policy["resetTokenTtl"], policy["resetEmailStatus"]) == (24, "ENABLED")
    assert policy["strength"] == {
        "href": f"{directory['passwordPolicy']['href']}/strength",
        **STRENGTH_DEFAULTS,
    }
    creation = http.ok(directory["accountCreationPolicy"]["href"])
    assert creation["verificationEmailStatus"] == "DISABLED"
    expanded = http.ok(directory["href"], expand="passwordPolicy,accountCreationPolicy,provider")
    assert expanded["provider"]["providerId"] == "stormpath"
    strength = http.update(f"{directory['passwordPolicy']['href']}/strength", {"minLength": 3})
    assert strength["minLength"] == 3
    bad = http.post(f"{directory['passwordPolicy']['href']}/strength", {"preventReuse": 26})
    http.error(bad, 400)
    http.error(http.post("/directories", {"name": directory["name"]}), 409, 2001)


# ------------------------------------------------------------------------------ accounts


def test_account_create_with_nulls_defaults_and_custom_data(http):
    body = {
        "email": f"{unique('Ada')}@Example.com",
        "password": PASSWORD,
        "givenName": "Ada",
        "surname": "Lovelace",
        "username": None,
        "middleName": None,
        "customData": {"favourite_colour": "blue", "nested": {"camelKey": [1]}},
        "status": "ENABLED",
    }
    account = http.create(f"{http.fake.application_href}/accounts", body)
    assert account["username"] == body["email"]
    assert account["fullName"] == "Ada Lovelace"
    assert account["emailVerificationStatus"] == "UNKNOWN"
    assert account["directory"]["href"] == http.fake.directory_href
    assert "password" not in account
    data = http.ok(account["customData"]["href"])
    assert data["favourite_colour"] == "blue" and data["nested"] == {"camelKey": [1]}


@pytest.mark.parametrize(
    ("body", "status", "code", "message"),
    [
        (
            {"password": PASSWORD},
            400,
            2000,
            "Account email is required; it cannot be null, empty, or blank.",
        ),
        (
            {"email": "a@example.com"},
            400,
            2000,
            "Account password is required; it cannot be null, empty, or blank.",
        ),
        ({"email": "not-an-email", "password": PASSWORD}, 400, 2006, None),
        ({"email": "a@example.com", "password": PASSWORD, "shoeSize": 9}, 400, 2015, None),
        ({"email": "a@example.com", "password": PASSWORD, "givenName": 5}, 400, 2004, None),
        ({"email": "a@example.com", "password": PASSWORD, "status": "sleepy"}, 400, 2003, None),
        ({"email": "a@example.com", "password": "short"}, 400, 2007, None),
        ({"email": "a@example.com", "password": PASSWORD, "surname": "x" * 256}, 400, 2008, None),
        (
            {"email": "a@example.com", "password": PASSWORD, "customData": {"-x": 1}},
            400,
            3002,
            None,
        ),
    ],
)
def test_account_validation_errors(http, body, status, code, message):
    error = http.error(http.post(f"{http.fake.directory_href}/accounts", body), status, code)
    if message:
        assert error["message"] == error["developerMessage"] == message


def test_duplicate_email_or_username_is_409(http):
    account = http.account(username="taken")
    again = {"email": account["email"].upper(), "password": PASSWORD}
    http.error(http.post(f"{http.fake.directory_href}/accounts", again), 409, 2001)
    clash = {"email": "other@example.com", "username": "TAKEN", "password": PASSWORD}
    http.error(http.post(f"{http.fake.directory_href}/accounts", clash), 409, 2001)


def test_sdk_style_save_posting_links_back_is_a_no_op_for_links(http):
    account = http.account(givenName="Old")
    body = dict(account)
    body["givenName"] = "New"
    body["middleName"] = None
    body["customData"] = {"href": account["customData"]["href"]}
    updated = http.update(account["href"], body)
    assert updated["givenName"] == "New"
    assert updated["directory"] == account["directory"]
    assert http.ok(account["customData"]["href"])["href"] == account["customData"]["href"]


def test_account_update_password_and_uniqueness(http):
    first = http.account()
    second = http.account()
    http.error(http.post(second["href"], {"email": first["email"]}), 409, 2001)
    weak = http.post(second["href"], {"password": "alllowercase1"})
    assert http.error(weak, 400)["developerMessage"] == (
        "Password requires at least 1 uppercase character."
    )
    changed = http.update(
        second["href"], {"password": "Another1Pass", "email": "changed@example.com"}
    )
    assert changed["username"] == second["email"]  # the username does not follow the email
    assert changed["passwordModifiedAt"] >= second["passwordModifiedAt"]
    assert http.login("changed@example.com", "Another1Pass").status_code == 200
    assert http.login("changed@example.com", PASSWORD).status_code == 400


def test_non_json_and_malformed_bodies(http):
    url = http.url(f"{http.fake.directory_href}/accounts")
    form = http.session.post(url, data={"email": "x"})
    http.error(form, 415, 415)
    text = http.session.post(url, data="{", headers={"Content-Type": "application/json"})
    http.error(text, 400)
    listing = http.session.post(url, data="[1]", headers={"Content-Type": "application/json"})
    http.error(listing, 400)


def test_registration_workflow_flag_and_verification(http):
    policy = http.ok(http.fake.directory_href)["accountCreationPolicy"]["href"]
    http.update(policy, {"verificationEmailStatus": "enabled"})
    skipped = http.create(
        f"{http.fake.application_href}/accounts",
        {"email": f"{unique()}@example.com", "password": PASSWORD},
        registrationWorkflowEnabled="False",
    )
    assert skipped["status"] == "ENABLED" and skipped["emailVerificationToken"] is None
    assert http.fake.outbox == []


# -------------------------------------------------------------------- groups/memberships


def test_groups_through_app_and_membership_listings(http):
    group = http.create(f"{http.fake.application_href}/groups", {"name": "Admins"})
    assert group["directory"]["href"] == http.fake.directory_href
    account = http.account()
    membership = http.create(
        "/groupMemberships", {"account": {"href": account["href"]}, "group": group}
    )
    duplicate = http.post("/groupMemberships", {"account": account, "group": group})
    http.error(duplicate, 409, 2001)
    groups = http.ok(f"{account['href']}/groups", name="admins")
    assert [g["href"] for g in groups["items"]] == [group["href"]]
    assert http.ok(f"{account['href']}/groupMemberships")["items"] == [membership]
    assert http.ok(f"{group['href']}/accounts")["items"][0]["email"] == account["email"]
    expanded = http.ok(f"{group['href']}/accountMemberships", expand="account,group")
    assert expanded["items"][0]["group"]["name"] == "Admins"
    assert http.ok(f"{http.fake.application_href}/groups")["size"] == 1
    http.error(http.post(f"{http.fake.directory_href}/groups", {"name": "ADMINS"}), 409, 2001)
    assert http.delete(account["href"]).status_code == 204
    assert http.ok(f"{group['href']}/accounts")["size"] == 0
    http.error(http.get(membership["href"]), 404)


def test_membership_errors(http):
    account = http.account()
    other_dir = http.directory()
    foreign = http.group(other_dir["href"])
    http.error(http.post("/groupMemberships", {"account": account, "group": foreign}), 400)
    bad = {"account": {"href": f"{http.base}/accounts/nope"}, "group": foreign}
    http.error(http.post("/groupMemberships", bad), 400, 2002)
    http.error(http.post("/groupMemberships", {"account": account}), 400, 2000)


def test_app_groups_need_a_default_group_store(http):
    bare = http.application()
    http.error(http.post(f"{bare['href']}/groups", {"name": "x"}), 400, 5102)
    http.error(http.post(f"{bare['href']}/accounts", {"email": "a@b.co"}), 400, 5100)


# ------------------------------------------------------------------------------ mappings


def test_mappings_over_http(http):
    app = http.application()
    dirs = [http.directory() for _ in range(3)]
    for d in dirs:
        http.mapping(app["href"], d["href"])
    moved = http.mapping(app["href"], http.group()["href"], listIndex=0, isDefaultAccountStore=True)
    listing = http.ok(f"{app['href']}/accountStoreMappings", expand="accountStore")
    assert [m["listIndex"] for m in listing["items"]] == [0, 1, 2, 3]
    assert listing["items"][0]["href"] == moved["href"]
    assert [m["accountStore"]["href"] for m in listing["items"][1:]] == [d["href"] for d in dirs]
    assert http.ok(app["href"])["defaultAccountStoreMapping"] == {"href": moved["href"]}
    bad = http.post(
        "/accountStoreMappings",
        {"application": app, "accountStore": {"href": f"{http.base}/directories/missing"}},
    )
    http.error(bad, 400, 2002)
    http.error(
        http.post("/accountStoreMappings", {"application": app, "accountStore": dirs[0]}), 400, 5104
    )
    via_app = http.create(f"{app['href']}/accountStoreMappings", {"accountStore": http.directory()})
    assert via_app["listIndex"] == 4
    updated = http.update(moved["href"], {"listIndex": 10, "application": app})
    assert updated["listIndex"] == 4


# ---------------------------------------------------------------------------- customData


@pytest.mark.parametrize("owner", ["tenant", "application", "directory", "account", "group"])
def test_custom_data_merge_delete_and_limits(http, owner):
    href = {
        "tenant": http.fake.tenant_href,
        "application": http.fake.application_href,
        "directory": http.fake.directory_href,
        "account": None,
        "group": None,
    }[owner]
    if owner == "account":
        href = http.account()["href"]
    elif owner == "group":
        href = http.group()["href"]
    cd = f"{href}/customData"
    http.update(cd, {"a": 1, "b_b": {"Deep_Key": [1, None]}, "n": 0})
    merged = http.update(cd, {"c": "x", "href": cd})
    assert {k: merged[k] for k in ("a", "b_b", "n", "c")} == {
        "a": 1,
        "b_b": {"Deep_Key": [1, None]},
        "n": 0,
        "c": "x",
    }
    assert merged["href"] == cd and merged["createdAt"] and merged["modifiedAt"]
    assert "n" not in http.update(cd, {"n": None})  # a top-level null removes the key
    assert http.delete(f"{cd}/a").status_code == 204
    assert "a" not in http.ok(cd)
    http.error(http.post(cd, {}), 400)
    http.error(http.post(cd, {"bad key": 1}), 400, 3002)
    http.error(http.post(cd, {"ionMeta": 1}), 400, 3003)
    http.error(http.post(cd, {"k" * 256: 1}), 400, 3001)
    http.error(http.post(cd, {"big": "x" * (10 * 1024 * 1024)}), 400, 3004)
    assert http.delete(cd).status_code == 204
    emptied = http.ok(cd)
    assert set(emptied) == {"href", "createdAt", "modifiedAt"}


# ----------------------------------------------------------------- collections & search


@pytest.fixture
def people(http: Http) -> str:
    directory = http.directory()
    for i, (given, surname) in enumerate(
        [("Ann", "Zed"), ("bob", "Young"), ("Cat", "Xu"), ("Dan", "Young")]
    ):
        http.account(directory["href"], givenName=given, surname=surname, username=f"user{i}")
    return f"{directory['href']}/accounts"


def test_paging_echoes_effective_values_and_total_size(http, people):
    page = http.ok(people, offset=1, limit=2)
    assert (page["offset"], page["limit"], page["size"], len(page["items"])) == (1, 2, 4, 2)
    assert page["href"] == people
    clamped = http.ok(people, limit=1000, offset=-3)
    assert (clamped["offset"], clamped["limit"]) == (0, 100)
    http.error(http.get(people, limit="ten"), 400)
    assert http.ok(people, offset=10)["items"] == []


def test_search_filters_and_ordering(http, people):
    assert http.ok(people, q="YOUNG")["size"] == 2
    assert [
        a["givenName"] for a in http.ok(people, surname="young", orderBy="givenName desc")["items"]
    ] == ["Dan", "bob"]
    assert http.ok(people, givenName="*a*")["size"] == 3
    assert http.ok(people, givenName="b*")["size"] == 1
    assert http.ok(people, surname="*u")["size"] == 1
    assert http.ok(people, username="USER2")["items"][0]["givenName"] == "Cat"
    ordered = http.ok(people, orderBy="surname,givenName desc")["items"]
    assert [a["surname"] for a in ordered] == ["Xu", "Young", "Young", "Zed"]
    assert http.ok(people, createdAt="[2000-01-01,]")["size"] == 4
    assert http.ok(people, createdAt="(,2000-01-01)")["size"] == 0
    http.error(http.get(people, orderBy="password"), 400, 2104)
    http.error(http.get(people, orderBy="surname sideways"), 400, 2104)
    http.error(http.get(people, shoeSize="9"), 400)
    assert http.ok(people, nocache="true")["size"] == 4


def test_custom_data_search(http, people):
    first = http.ok(people)["items"][0]
    http.update(first["customData"]["href"], {"plan": {"tier": "gold"}})
    assert http.ok(people, **{"customData.plan.tier": "GOLD"})["size"] == 1
    items = http.ok(people)["items"]
    for account, score in zip(items[1:], (5, 10, 2.5), strict=True):
        http.update(account["customData"]["href"], {"score": score, "vip": score > 4})
    assert http.ok(people, **{"customData.score": "[5,]"})["size"] == 2
    assert http.ok(people, **{"customData.score": "(2.5,10)"})["size"] == 1
    assert http.ok(people, **{"customData.vip": "true"})["size"] == 2
    ordered = http.ok(people, orderBy="customData.score desc")["items"]
    assert [a["href"] for a in ordered] == [
        items[2]["href"],
        items[1]["href"],
        items[3]["href"],
        items[0]["href"],
    ]


def test_expansion(http, people):
    page = http.ok(people, expand="directory,customData", limit=1)
    assert page["items"][0]["directory"]["name"].startswith("dir")
    app = http.ok(http.fake.application_href, expand="accounts(offset:0,limit:1),tenant")
    assert app["accounts"]["limit"] == 1 and app["tenant"]["name"]
    account = page["items"][0]
    http.error(http.get(account["href"], expand="password"), 400, 2107)
    http.error(http.get(account["href"], expand="directory(offset:0,limit:1)"), 400)
    http.error(http.get(account["href"], expand="groups(offset:0"), 400)


# ----------------------------------------------------------------------- protocol rules


def test_unknown_routes_and_methods_never_5xx(http):
    body = http.error(http.get("/organizations"), 404, 404)
    assert "not implemented" in body["message"]
    http.error(http.call("PUT", http.fake.application_href, json={}), 405, 405)
    http.error(http.call("PATCH", "/tenants/current"), 405)
    http.error(http.get("/accounts/emailVerificationTokens/abc"), 405)
    http.error(http.delete(http.fake.tenant_href), 405)


def test_success_headers_and_timestamps(http):
    response = http.get(http.fake.application_href)
    assert response.headers["Content-Type"] == "application/json;charset=UTF-8"
    assert len(response.headers["Stormpath-Request-Id"]) == 36
    created_at = response.json()["createdAt"]
    assert len(created_at) == 24 and created_at.endswith("Z") and created_at[19] == "."


_FUZZ_VALUES = [None, -1, 1.5, True, "", [None], {"href": 5}]


def test_fuzzed_bodies_on_every_post_route_never_5xx(http):
    fake = http.fake
    account = http.account()
    group = http.group()
    mapping = http.ok(fake.application_href)["defaultAccountStoreMapping"]["href"]
    dir_id = fake.directory_href.rsplit("/", 1)[1]
    targets = [
        "/applications",
        "/directories",
        "/groupMemberships",
        "/accountStoreMappings",
        fake.application_href,
        fake.directory_href,
        account["href"],
        group["href"],
        mapping,
        f"{fake.application_href}/accounts",
        f"{fake.application_href}/groups",
        f"{fake.application_href}/loginAttempts",
        f"{fake.application_href}/passwordResetTokens",
        f"{fake.application_href}/passwordResetTokens/nope",
        f"{fake.application_href}/verificationEmails",
        f"{account['href']}/customData",
        f"/passwordPolicies/{dir_id}",
        f"/passwordPolicies/{dir_id}/strength",
        f"/accountCreationPolicies/{dir_id}",
        "/accounts/emailVerificationTokens/nope",
    ]
    fields = [
        "name",
        "email",
        "password",
        "status",
        "account",
        "group",
        "accountStore",
        "application",
        "listIndex",
        "type",
        "value",
        "login",
        "customData",
        "provider",
        "minLength",
        "resetTokenTtl",
        "emailDomainWhitelist",
        "isDefaultAccountStore",
    ]
    for target in targets:
        for raw in (b"null", b'"str"', b"123", b"\xff\xfe", b'{"a":', b"{}"):
            response = http.session.post(
                http.url(target), data=raw, headers={"Content-Type": "application/json"}
            )
            assert response.status_code < 500, (target, raw, response.text)
        for field in fields:
            for value in _FUZZ_VALUES:
                response = http.post(target, {field: value})
                assert response.status_code < 500, (target, field, value, response.text)
                if response.status_code >= 400:
                    assert set(response.json()) >= {"status", "code", "message", "requestId"}
    for query in ({"expand": "(("}, {"orderBy": ","}, {"createdAt": "[x,y]"}, {"offset": "-"}):
        response = http.get(f"{fake.application_href}/accounts", **query)
        assert response.status_code == 400, response.text


def test_requests_session_json_round_trip_of_unicode(http):
    account = http.account(givenName="Zoë", surname="Ångström")
    raw = requests.get(account["href"], auth=http.session.auth).content
    assert json.loads(raw.decode("utf-8"))["fullName"] == "Zoë Ångström"


def test_unexpected_exceptions_become_a_stormpath_shaped_400(http, monkeypatch, caplog):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(Store, "login", explode)
    body = http.error(http.login("a@example.com", PASSWORD), 400, 400)
    assert "RuntimeError: boom" in body["developerMessage"]
    assert "unexpected error" in caplog.text
    assert http.fake.requests[-1].status == 400
