"""Groups and memberships: the account and group helpers against the fake."""

from __future__ import annotations

from typing import Any

import pytest
from client_helpers import new_account, unique

from stormpath.client import Client
from stormpath.error import Error
from stormpath.resources import Group, GroupMembership


@pytest.fixture
def groups(directory: Any) -> list[Any]:
    return [directory.groups.create({"name": unique(f"g{i}-")}) for i in range(3)]


def test_group_crud(client: Client, directory: Any, application: Any) -> None:
    group = directory.groups.create({"name": unique("crud"), "description": "d"})
    assert isinstance(group, Group) and group.status == "ENABLED"
    assert group.directory == directory
    group.description = "changed"
    group.custom_data["level"] = 3
    group.save()
    fresh = client.groups.search({"name": group.name})[0]
    assert (fresh.description, fresh.custom_data["level"]) == ("changed", 3)
    via_app = application.groups.create({"name": unique("appgroup")})  # the default group store
    assert via_app.directory == directory
    assert via_app in list(application.groups)
    group.delete()
    assert len(client.groups.search({"name": group.name})) == 0


def test_add_has_remove_group_by_object_name_and_href(directory: Any, groups: list[Any]) -> None:
    account = new_account(directory)
    first, second, third = groups
    membership = account.add_group(first)
    assert isinstance(membership, GroupMembership)
    assert membership.account == account and membership.group == first
    account.add_group(second.name)
    account.add_group(third.href)
    assert account.has_group(first) and account.has_group(second.name)
    assert account.in_group(third.href)
    assert account.has_groups([first, second.name, third.href])
    assert {g.href for g in account.groups} == {g.href for g in groups}
    assert len(account.group_memberships) == 3
    account.remove_group(second.name)
    assert not account.has_group(second)
    assert not account.has_groups([first, second])
    assert account.has_groups([first, second], all=False)
    account.remove_group(first.href)
    account.remove_group(third)
    assert not account.has_groups([first, second, third], all=False)
    with pytest.raises(ValueError, match="not a member"):
        account.remove_group(first)
    with pytest.raises(ValueError, match="No group named"):
        account.add_group("no such group")


def test_group_side_helpers(client: Client, directory: Any, groups: list[Any]) -> None:
    group = groups[0]
    one, two = new_account(directory), new_account(directory, username=unique("uname"))
    group.add_account(one)
    group.add_account(two.username)
    assert {a.href for a in group.accounts} == {one.href, two.href}
    assert len(group.account_memberships) == 2
    assert group.has_account(one.email) and group.has_account(two)
    group.remove_account(one.href)
    assert not group.has_account(one)
    with pytest.raises(ValueError, match="not a member"):
        group.remove_account(one)


def test_membership_via_client_and_duplicates(
    client: Client, directory: Any, groups: list[Any]
) -> None:
    account = new_account(directory)
    membership = client.group_memberships.create({"account": account, "group": groups[0]})
    assert membership.group == groups[0]
    with pytest.raises(Error) as info:
        client.group_memberships.create({"account": account, "group": groups[0]})
    assert info.value.code == 2001
    membership.delete()
    assert not account.has_group(groups[0])


def test_group_checks_use_expanded_groups_without_requests(
    client: Client, directory: Any, groups: list[Any], fake: Any
) -> None:
    account = new_account(directory)
    account.add_group(groups[0])
    account.add_group(groups[1])
    loaded = client.accounts.get(account.href, expand="groups")
    assert loaded.email  # one GET, groups embedded
    fake.clear_requests()
    assert loaded.has_group(groups[0].name)
    assert loaded.has_groups([groups[0], groups[1].href])
    assert not loaded.has_group(groups[2].name)
    assert loaded.has_groups([groups[2], groups[1]], all=False)
    assert fake.count_calls() == 0


def test_cold_group_check_costs_one_listing(
    client: Client, directory: Any, groups: list[Any], fake: Any
) -> None:
    account = new_account(directory)
    account.add_group(groups[0])
    fake.clear_requests()
    assert client.accounts.get(account.href).has_group(groups[0].name)
    assert fake.count_calls() == 1
    (entry,) = fake.requests
    assert entry.path == f"/accounts/{account.href.rsplit('/', 1)[-1]}/groups"
    assert entry.query == {"offset": "0", "limit": "100"}


def test_group_paging_over_many(client: Client, fake: Any) -> None:
    directory = client.directories.create({"name": unique("manygroups")})
    for i in range(230):
        directory.groups.create({"name": f"grp{i:03d}"})
    fake.clear_requests()
    names = [g.name for g in directory.groups.order("name")]
    assert names == [f"grp{i:03d}" for i in range(230)]
    assert fake.count_calls("GET", "/directories/*/groups") == 3
    assert len(directory.groups) == 230
    assert directory.groups.order("name desc")[0].name == "grp229"
