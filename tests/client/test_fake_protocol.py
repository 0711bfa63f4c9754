"""Signing and encoding edge cases, expansion paging, cascades: client against the fake."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from client_helpers import make_client, new_account, unique

from stormpath.auth import ApiKey, Sauthc1Signer
from stormpath.client import Client
from stormpath.error import Error
from stormpath.resources.base import Expansion


def test_awkward_characters_survive_signing_and_search(client: Client, directory: Any) -> None:
    name = unique("a b&c=d+e/f*g~h%i é ü ☃ ")
    group = directory.groups.create({"name": name, "description": "x" * 50})
    assert [g.href for g in directory.groups.search({"name": name})] == [group.href]
    assert [g.href for g in directory.groups.search(name)] == [group.href]
    assert directory.groups.search({"name": name}).order("name desc")[0].name == name


def test_basic_scheme_against_the_fake(fake: Any) -> None:
    client = make_client(id=fake.api_key_id, secret=fake.api_key_secret, scheme="basic")
    directory = client.directories.get(fake.directory_href)
    name = unique("basic é+&")
    directory.groups.create({"name": name})
    assert len(directory.groups.search({"name": name})) == 1


def test_unicode_bodies_and_custom_data(client: Client, directory: Any) -> None:
    account = new_account(directory, given_name="Zoë", custom_data={"motto": "¡olé! ☃"})
    fresh = client.accounts.get(account.href)
    assert fresh.given_name == "Zoë"
    assert fresh.custom_data["motto"] == "¡olé! ☃"


def test_expansion_with_paging_fetches_the_rest(client: Client, directory: Any, fake: Any) -> None:
    account = new_account(directory)
    groups = [directory.groups.create({"name": unique("pg")}) for _ in range(3)]
    for group in groups:
        account.add_group(group)
    loaded = client.accounts.get(account.href, expand="groups(offset:0,limit:2)")
    assert loaded.email
    fake.clear_requests()
    assert {g.href for g in loaded.groups} == {g.href for g in groups}
    assert fake.count_calls("GET", "/accounts/*/groups") == 1
    fake.clear_requests()
    assert loaded.has_group(groups[2].name)  # incomplete page: asks the API
    assert fake.count_calls() == 1


def test_deleting_an_account_drops_its_memberships(client: Client, directory: Any) -> None:
    account = new_account(directory)
    group = directory.groups.create({"name": unique("cascade")})
    account.add_group(group)
    assert len(group.account_memberships) == 1
    account.delete()
    assert len(group.account_memberships) == 0
    assert len(group.accounts) == 0


def test_application_accounts_and_groups_are_virtual(
    client: Client, application: Any, directory: Any
) -> None:
    account = new_account(directory)
    group = directory.groups.create({"name": unique("virt")})
    assert account in [a for a in application.accounts.search({"email": account.email})]
    assert group in [g for g in application.groups.search({"name": group.name})]


def test_lowercase_status_is_accepted(directory: Any) -> None:
    group = directory.groups.create({"name": unique("lower"), "status": "disabled"})
    assert group.status == "DISABLED"


def test_old_sdk_expansion_object(client: Client, directory: Any, fake: Any) -> None:
    account = new_account(directory, custom_data={"k": 1})
    group = directory.groups.create({"name": unique("exp")})
    account.add_group(group)
    expansion = Expansion("custom_data").add_property("groups", offset=0, limit=5)
    assert str(expansion) == "customData,groups(offset:0,limit:5)"
    loaded = client.accounts.get(account.href, expand=expansion)
    assert loaded.custom_data["k"] == 1 and loaded.has_group(group.name)
    assert fake.requests[-1].query.get("expand") == str(expansion)
    assert fake.count_calls("GET", "/accounts/*/customData") == 0


class StaleSigner:
    """SAuthc1 with a date an hour off, as a client with a wrong clock would send."""

    def __init__(self, api_key: ApiKey, offset: timedelta) -> None:
        self.inner = Sauthc1Signer(api_key)
        self.offset = offset

    def sign(self, method: str, url: str, headers: Any, body: bytes | None) -> None:
        self.inner.sign(method, url, headers, body, now=datetime.now(timezone.utc) + self.offset)


@pytest.mark.parametrize("offset", [timedelta(hours=-1), timedelta(hours=1)])
def test_stale_or_future_signature_is_a_401(client: Client, fake: Any, offset: timedelta) -> None:
    client.data_store.executor.signer = StaleSigner(client.api_key, offset)
    with pytest.raises(Error) as info:
        _ = client.applications.get(fake.application_href).name
    assert info.value.status == 401


def test_query_errors_map_to_error_fields(client: Client, directory: Any) -> None:
    account = new_account(directory)
    with pytest.raises(Error) as info:
        _ = client.accounts.get(account.href, expand="providerData").email
    assert (info.value.status, info.value.code) == (400, 2107)
    assert info.value.more_info and "2107" in info.value.more_info
