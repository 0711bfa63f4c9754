"""Custom data semantics on every owner, against the fake."""

from __future__ import annotations

from typing import Any

import pytest
from client_helpers import new_account, unique

from stormpath.client import Client
from stormpath.error import Error


def owners(client: Client, directory: Any, application: Any) -> list[Any]:
    return [
        client.tenant,
        application,
        directory,
        directory.groups.create({"name": unique("cdgroup")}),
        new_account(directory),
    ]


def test_custom_data_round_trip_on_every_owner(
    client: Client, directory: Any, application: Any
) -> None:
    for owner in owners(client, directory, application):
        data = owner.custom_data
        key = unique("key_")
        data[key] = {"sub_bar_name": [1, 2], "fooCamelCase": True}
        data["plain"] = "x"
        owner.save()
        fresh = type(owner)(client, href=owner.href).custom_data
        assert fresh[key] == {"sub_bar_name": [1, 2], "fooCamelCase": True}
        assert fresh["plain"] == "x"
        keys = fresh.keys()
        assert key in keys and "href" not in keys
        assert fresh.created_at is not None and fresh.href == owner.href + "/customData"


def test_delete_keys_on_save_and_merge_semantics(client: Client, directory: Any) -> None:
    account = new_account(directory, custom_data={"a": 1, "b": 2, "c": 3})
    data = client.accounts.get(account.href).custom_data
    assert dict(data.items()) == {"a": 1, "b": 2, "c": 3}
    del data["a"]
    data["b"] = 20
    data.save()
    other = client.accounts.get(account.href).custom_data
    assert dict(other.items()) == {"b": 20, "c": 3}
    other["d"] = 4  # merge: b and c stay
    other.save()
    assert dict(account.refresh().custom_data.items()) == {"b": 20, "c": 3, "d": 4}
    assert len(account.custom_data) == 3 and "d" in account.custom_data


def test_delete_all_custom_data(client: Client, directory: Any) -> None:
    account = new_account(directory, custom_data={"a": 1})
    account.custom_data.delete()
    assert len(account.custom_data) == 0
    assert len(client.accounts.get(account.href).custom_data) == 0


def test_invalid_custom_data_key(directory: Any) -> None:
    account = new_account(directory)
    account.custom_data["-bad"] = 1
    with pytest.raises(Error) as info:
        account.save()
    assert info.value.code == 3002
