"""Resources on stubbed HTTP: what goes on the wire (bodies, queries) and when.

The fake's journal records method, path and query but not bodies, so request bodies
(dirty saves, login attempts, custom data) are checked here.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime, timezone
from typing import Any

import pytest
import responses
from client_helpers import BASE

from stormpath.client import Client
from stormpath.error import Error
from stormpath.resources import Account, Application, CustomData, Directory, Group
from stormpath.resources.base import Resource, to_camel, to_snake

ACCOUNT = f"{BASE}/accounts/acc1"
APP = f"{BASE}/applications/app1"
DIRECTORY = f"{BASE}/directories/dir1"


def account_json(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "href": ACCOUNT,
        "username": "jdoe",
        "email": "jdoe@example.com",
        "givenName": "John",
        "middleName": None,
        "surname": "Doe",
        "fullName": "John Doe",
        "status": "ENABLED",
        "emailVerificationStatus": "UNKNOWN",
        "createdAt": "2015-08-25T19:57:05.976Z",
        "modifiedAt": "2015-08-25T19:57:05.976Z",
        "customData": {"href": f"{ACCOUNT}/customData"},
        "directory": {"href": DIRECTORY},
        "groups": {"href": f"{ACCOUNT}/groups"},
        "groupMemberships": {"href": f"{ACCOUNT}/groupMemberships"},
    }
    data.update(overrides)
    return data


def body(call: Any) -> Any:
    return json.loads(call.request.body)


def test_name_mapping() -> None:
    assert to_camel("given_name") == "givenName"
    assert to_camel("is_default_account_store") == "isDefaultAccountStore"
    assert to_camel("givenName") == "givenName"
    assert to_snake("emailVerificationStatus") == "email_verification_status"
    assert to_snake("minLowerCase") == "min_lower_case"


def test_lazy_load_once_then_attributes_from_memory(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    stub.get(ACCOUNT, json=account_json())
    account = stub_client.accounts.get(ACCOUNT)
    assert isinstance(account, Account)
    assert len(stub.calls) == 0
    assert account.href == ACCOUNT
    assert len(stub.calls) == 0
    assert account.given_name == "John"
    assert (account.surname, account.full_name, account.middle_name) == ("Doe", "John Doe", None)
    assert account.created_at == datetime(2015, 8, 25, 19, 57, 5, 976000, tzinfo=timezone.utc)
    assert account.is_enabled() and not account.is_unverified()
    assert account.status == Account.STATUS_ENABLED
    assert len(stub.calls) == 1
    assert isinstance(account.directory, Directory)
    assert account.directory.href == DIRECTORY
    assert len(stub.calls) == 1


def test_derived_links_need_no_parent_request(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    stub.get(f"{ACCOUNT}/customData", json={"href": f"{ACCOUNT}/customData", "color": "red"})
    account = Account(stub_client, href=ACCOUNT)
    assert account.custom_data["color"] == "red"
    assert [call.request.url for call in stub.calls] == [f"{ACCOUNT}/customData"]


def test_save_sends_only_changed_fields(stub: responses.RequestsMock, stub_client: Client) -> None:
    stub.get(ACCOUNT, json=account_json())
    stub.post(ACCOUNT, json=account_json(givenName="Johnny", fullName="Johnny Doe"))
    account = stub_client.accounts.get(ACCOUNT)
    assert account.email == "jdoe@example.com"
    account.given_name = "Johnny"
    account.password = "S3cret!pass"
    assert account.given_name == "Johnny"
    account.save()
    assert body(stub.calls[1]) == {"givenName": "Johnny", "password": "S3cret!pass"}
    assert account.full_name == "Johnny Doe"
    account.save()  # nothing changed: nothing sent
    assert len(stub.calls) == 2


def test_save_without_loading_first(stub: responses.RequestsMock, stub_client: Client) -> None:
    stub.post(ACCOUNT, json=account_json(status="DISABLED"))
    account = Account(stub_client, href=ACCOUNT)
    account.status = "DISABLED"
    account.save()
    assert body(stub.calls[0]) == {"status": "DISABLED"}
    assert account.is_disabled()


def test_read_only_and_unknown_attributes_refuse_writes(stub_client: Client) -> None:
    account = Account(stub_client, href=ACCOUNT)
    with pytest.raises(AttributeError, match="read-only"):
        account.full_name = "x"
    with pytest.raises(AttributeError, match="read-only"):
        account.directory = "x"
    with pytest.raises(AttributeError, match="no writable attribute"):
        account.given_nam = "typo"


def test_unknown_attribute_read_is_an_attribute_error(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    stub.get(ACCOUNT, json=account_json())
    account = Account(stub_client, href=ACCOUNT)
    with pytest.raises(AttributeError):
        _ = account.no_such_thing
    assert not hasattr(account, "_private")


def test_equality_hash_repr(stub_client: Client) -> None:
    one = Account(stub_client, href=ACCOUNT)
    two = stub_client.accounts.get(ACCOUNT)
    assert one == two and hash(one) == hash(two)
    assert stub_client.accounts.get("/accounts/acc1") == one
    assert one != Account(stub_client, href=f"{BASE}/accounts/other")
    assert len({one, two}) == 1
    assert repr(one) == f"<Account href={ACCOUNT!r}>"
    loaded = Account(stub_client, properties=account_json())
    assert "jdoe@example.com" in repr(loaded)
    assert Account(stub_client) != Account(stub_client)


def test_dict_conversion(stub_client: Client) -> None:
    account = Account(stub_client, properties=account_json())
    as_dict = dict(account)
    assert as_dict["email"] == "jdoe@example.com"
    assert account.to_dict()["given_name"] == "John"
    assert account["surname"] == "Doe"


def test_custom_data_delete_then_post(stub: responses.RequestsMock, stub_client: Client) -> None:
    cd_href = f"{ACCOUNT}/customData"
    stub.get(cd_href, json={"href": cd_href, "createdAt": "x", "a": 1, "b": {"c_d": 2}, "e": 3})
    stub.delete(f"{cd_href}/a", status=204)
    stub.delete(f"{cd_href}/e", status=204)
    stub.post(ACCOUNT, json=account_json(givenName="G"))
    stub.post(cd_href, json={"href": cd_href, "b": {"c_d": 2}, "new_key": [1], "camelKey": "v"})
    account = Account(stub_client, href=ACCOUNT)
    cd = account.custom_data
    assert isinstance(cd, CustomData)
    assert sorted(cd.keys()) == ["a", "b", "e"]
    assert "href" not in cd and "a" in cd
    assert cd.get("missing", "dflt") == "dflt"
    del cd["a"]
    del cd["e"]
    cd["new_key"] = [1]
    cd["camelKey"] = "v"
    assert "a" not in cd and cd["new_key"] == [1]
    with pytest.raises(KeyError):
        del cd["never"]
    with pytest.raises(KeyError):
        cd["href"] = "x"
    with pytest.raises(KeyError):
        cd["created_at"] = "x"
    account.given_name = "G"
    account.save()  # saves the account, then its custom data
    methods = [(c.request.method, c.request.url) for c in stub.calls]
    assert methods == [
        ("GET", cd_href),
        ("POST", ACCOUNT),
        ("DELETE", f"{cd_href}/a"),
        ("DELETE", f"{cd_href}/e"),
        ("POST", cd_href),
    ]
    assert body(stub.calls[1]) == {"givenName": "G"}
    assert body(stub.calls[4]) == {"new_key": [1], "camelKey": "v"}
    assert dict(cd.items()) == {"b": {"c_d": 2}, "new_key": [1], "camelKey": "v"}
    assert cd == {"b": {"c_d": 2}, "new_key": [1], "camelKey": "v"}


def test_custom_data_assignment_merges_and_empty_save_sends_nothing(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    cd_href = f"{ACCOUNT}/customData"
    stub.post(cd_href, json={"href": cd_href, "x": 1})
    account = Account(stub_client, href=ACCOUNT)
    account.custom_data.save()
    account.custom_data = {"x": 1}
    account.save()
    assert [c.request.method for c in stub.calls] == ["POST"]
    assert body(stub.calls[0]) == {"x": 1}


def test_create_body_and_query_flags(stub: responses.RequestsMock, stub_client: Client) -> None:
    stub.post(f"{APP}/accounts", status=201, json=account_json())
    app = Application(stub_client, href=APP)
    account = app.accounts.create(
        {
            "email": "jdoe@example.com",
            "password": "Passw0rd!",
            "given_name": "John",
            "surname": "Doe",
            "username": None,
            "custom_data": {"snake_key": {"inner_key": 1}},
        },
        registration_workflow_enabled=False,
    )
    request = stub.calls[0].request
    assert request.url == f"{APP}/accounts?registrationWorkflowEnabled=false"
    assert body(stub.calls[0]) == {
        "email": "jdoe@example.com",
        "password": "Passw0rd!",
        "givenName": "John",
        "surname": "Doe",
        "customData": {"snake_key": {"inner_key": 1}},
    }
    assert isinstance(account, Account) and account.username == "jdoe"


def test_client_level_creation_endpoints(stub: responses.RequestsMock, stub_client: Client) -> None:
    stub.post(f"{BASE}/applications", status=201, json={"href": APP, "name": "A"})
    stub.post(f"{BASE}/directories", status=201, json={"href": DIRECTORY, "name": "D"})
    stub.post(f"{BASE}/groupMemberships", status=201, json={"href": f"{BASE}/groupMemberships/m"})
    stub.post(
        f"{BASE}/accountStoreMappings", status=201, json={"href": f"{BASE}/accountStoreMappings/s"}
    )
    app = stub_client.applications.create({"name": "A"}, create_directory=True)
    directory = stub_client.directories.create(
        {"name": "D", "provider": {"provider_id": "google", "client_id": "cid"}}
    )
    group = Group(stub_client, href=f"{BASE}/groups/g")
    stub_client.group_memberships.create(
        {"account": Account(stub_client, href=ACCOUNT), "group": group}
    )
    stub_client.account_store_mappings.create(
        {
            "application": app,
            "account_store": directory,
            "list_index": 0,
            "is_default_account_store": True,
        }
    )
    assert stub.calls[0].request.url == f"{BASE}/applications?createDirectory=true"
    assert body(stub.calls[1])["provider"] == {"providerId": "google", "clientId": "cid"}
    assert body(stub.calls[2]) == {"account": {"href": ACCOUNT}, "group": {"href": group.href}}
    assert body(stub.calls[3]) == {
        "application": {"href": APP},
        "accountStore": {"href": DIRECTORY},
        "listIndex": 0,
        "isDefaultAccountStore": True,
    }


def test_authenticate_account_wire_format(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    stub.post(f"{APP}/loginAttempts", json={"account": account_json()})
    result = Application(stub_client, href=APP).authenticate_account(
        "jdoe", "pa:ss", account_store=Directory(stub_client, href=DIRECTORY)
    )
    request = stub.calls[0].request
    assert request.url == f"{APP}/loginAttempts?expand=account"
    sent = body(stub.calls[0])
    assert sent["type"] == "basic"
    assert base64.b64decode(sent["value"]).decode() == "jdoe:pa:ss"
    assert sent["accountStore"] == {"href": DIRECTORY}
    assert result.account.email == "jdoe@example.com"
    assert len(stub.calls) == 1


@pytest.mark.parametrize(
    ("expand", "sent"),
    [("groups", "account%2Cgroups"), ("account", "account"), (["account", "x"], "account%2Cx")],
)
def test_authenticate_account_always_expands_the_account(
    stub: responses.RequestsMock, stub_client: Client, expand: Any, sent: str
) -> None:
    stub.post(f"{APP}/loginAttempts", json={"account": {"href": ACCOUNT}})
    Application(stub_client, href=APP).authenticate_account("a", "b", expand=expand)
    assert stub.calls[0].request.url == f"{APP}/loginAttempts?expand={sent}"


@pytest.mark.parametrize(("status", "is_new"), [(201, True), (200, False)])
def test_provider_account_is_new_account(
    stub: responses.RequestsMock, stub_client: Client, status: int, is_new: bool
) -> None:
    stub.post(f"{APP}/accounts", status=status, json=account_json())
    account = Application(stub_client, href=APP).get_provider_account(
        "google", code="abc", redirect_uri="http://x"
    )
    assert body(stub.calls[0]) == {
        "providerData": {"providerId": "google", "code": "abc", "redirectUri": "http://x"}
    }
    assert account.is_new_account is is_new


def test_resend_verification_email_body(stub: responses.RequestsMock, stub_client: Client) -> None:
    stub.post(f"{APP}/verificationEmails", status=202)
    stub.post(f"{APP}/verificationEmails", status=202)
    app = Application(stub_client, href=APP)
    app.verification_emails.resend(Account(stub_client, properties=account_json()), DIRECTORY)
    app.resend_verification_email("jdoe")
    assert body(stub.calls[0]) == {"login": "jdoe@example.com", "accountStore": {"href": DIRECTORY}}
    assert body(stub.calls[1]) == {"login": "jdoe"}


def page(href: str, offset: int, limit: int, size: int) -> dict[str, Any]:
    items = [
        {"href": f"{BASE}/groups/g{i}", "name": f"group{i}"}
        for i in range(offset, min(size, offset + limit))
    ]
    return {"href": href, "offset": offset, "limit": limit, "size": size, "items": items}


def test_collection_paging_len_index_slice(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    href = f"{DIRECTORY}/groups"

    def callback(request: Any) -> tuple[int, dict[str, str], str]:
        query = dict(p.split("=") for p in request.url.split("?", 1)[1].split("&"))
        result = page(href, int(query["offset"]), int(query["limit"]), 230)
        return 200, {}, json.dumps(result)

    stub.add_callback("GET", re.compile(re.escape(href) + r"\?.*"), callback=callback)
    groups = Directory(stub_client, href=DIRECTORY).groups
    names = [g.name for g in groups]
    assert names == [f"group{i}" for i in range(230)]
    assert [c.request.url.split("?")[1] for c in stub.calls] == [
        "limit=100&offset=0",
        "limit=100&offset=100",
        "limit=100&offset=200",
    ]
    stub.calls.reset()
    assert len(groups) == 230
    assert groups[5].name == "group5"
    assert groups[-1].name == "group229"
    assert [g.name for g in groups[10:13]] == ["group10", "group11", "group12"]
    assert [g.name for g in groups[225:]] == [f"group{i}" for i in range(225, 230)]
    assert [g.name for g in groups[0:6:2]] == ["group0", "group2", "group4"]
    assert [g.name for g in groups[5:1:-2]] == ["group5", "group3"]
    assert groups[7:3] == [] and groups[-2:-5] == []
    assert [g.name for g in groups[-2:]] == ["group228", "group229"]
    with pytest.raises(IndexError):
        _ = groups[230]


def test_search_order_query_parameters(stub: responses.RequestsMock, stub_client: Client) -> None:
    href = f"{DIRECTORY}/accounts"
    stub.get(re.compile(re.escape(href) + r"\?.*"), json={"href": href, "items": [], "size": 0})
    accounts = Directory(stub_client, href=DIRECTORY).accounts
    # list() asks len() before iterating: that len() fetches the first page for the iterator.
    list(accounts.search({"given_name": "Jo*", "status": "enabled"}).order("surname desc,email"))
    list(accounts.search("john").query(expand="groups", limit=10))
    assert [c.request.url.split("?")[1] for c in stub.calls] == [
        "givenName=Jo%2A&limit=100&offset=0&orderBy=surname+desc%2Cemail&status=enabled",
        "expand=groups&limit=10&offset=0&q=john",
    ]


def test_expanded_collections_are_served_without_requests(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    groups = page(f"{ACCOUNT}/groups", 0, 25, 2)
    account = Account(stub_client, properties=account_json(groups=groups))
    assert [g.name for g in account.groups] == ["group0", "group1"]
    assert len(account.groups) == 2
    assert account.groups[1].name == "group1"
    assert account.has_group("group1") and not account.has_group("nope")
    assert account.has_group(f"{BASE}/groups/g0")
    assert account.has_groups(["group0", "group1"])
    assert not account.has_groups(["group0", "nope"])
    assert account.has_groups(["group0", "nope"], all=False)
    assert account.in_group(Group(stub_client, href=f"{BASE}/groups/g1"))
    assert len(stub.calls) == 0


def test_incomplete_expanded_collection_fetches_the_rest(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    href = f"{ACCOUNT}/groups"
    stub.get(f"{href}?limit=100&offset=2", json=page(href, 2, 100, 3))
    account = Account(stub_client, properties=account_json(groups=page(href, 0, 2, 3)))
    assert [g.name for g in account.groups] == ["group0", "group1", "group2"]
    assert len(stub.calls) == 1


def test_len_alone_asks_for_one_item_and_list_costs_no_extra_request(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    href = f"{DIRECTORY}/groups"
    stub.get(f"{href}?limit=1&offset=0", json=page(href, 0, 1, 3))
    stub.get(f"{href}?limit=100&offset=0", json=page(href, 0, 100, 3))
    groups = Directory(stub_client, href=DIRECTORY).groups
    assert len(groups) == 3
    assert [g.name for g in list(groups)] == ["group0", "group1", "group2"]
    assert len(stub.calls) == 2
    iterator = iter(groups)  # an iterator abandoned before its first next()
    assert len(groups) == 3  # ...hands its prefetched page to nobody: still correct
    assert len(stub.calls) == 3
    del iterator


RESET_TOKEN = f"{APP}/passwordResetTokens/tok1"


def test_reset_password_is_one_call_with_the_account_embedded(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    stub.post(f"{RESET_TOKEN}?expand=account", json={"account": account_json()})
    account = Application(stub_client, href=APP).reset_account_password("tok1", "N3wPassword")
    assert body(stub.calls[0]) == {"password": "N3wPassword"}
    assert isinstance(account, Account)
    assert (account.href, account.given_name, account.surname) == (ACCOUNT, "John", "Doe")
    assert len(stub.calls) == 1


def test_reset_password_answer_without_expansion_reads_the_account_lazily(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    stub.post(f"{RESET_TOKEN}?expand=account", json={"account": {"href": ACCOUNT}})
    stub.get(ACCOUNT, json=account_json())
    account = Application(stub_client, href=APP).reset_account_password("tok1", "N3wPassword")
    assert len(stub.calls) == 1
    assert account.email == "jdoe@example.com"
    assert len(stub.calls) == 2


@pytest.mark.parametrize("answer", [{}, {"account": None}, {"account": {"href": ""}}])
def test_token_answers_naming_no_account_are_errors(
    stub: responses.RequestsMock, stub_client: Client, answer: dict[str, Any]
) -> None:
    stub.post(f"{RESET_TOKEN}?expand=account", json=answer)
    stub.post(f"{BASE}/accounts/emailVerificationTokens/tok1", json=answer)
    with pytest.raises(Error, match="which account"):
        Application(stub_client, href=APP).reset_account_password("tok1", "N3wPassword")
    with pytest.raises(Error, match="which account"):
        stub_client.accounts.verify_email_token("tok1")


def test_declared_attributes_are_class_descriptors_and_own_definitions_win(
    stub: responses.RequestsMock, stub_client: Client
) -> None:
    stub.get(ACCOUNT, json=account_json())
    # Declared names resolve on the class (no failed look-up before __getattr__) ...
    assert {"email", "given_name", "full_name", "directory"} <= set(vars(Account))
    # ... but never shadow what a class defines itself.
    assert isinstance(vars(Resource)["href"], property)
    account = Account(stub_client, href=ACCOUNT)
    assert account.email == "jdoe@example.com"
    account.given_name = "Jo"
    assert account.given_name == "Jo"
    assert len(stub.calls) == 1
