"""An account's groups page is cached: warm group checks cost no call, and every membership
change this client makes drops the pages it affects (proven with the fake's journal)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from client_helpers import make_client, new_account, unique

from stormpath.client import Client
from stormpath.error import Error
from stormpath.resources import GroupMembership


@pytest.fixture
def cdir(cached_client: Client, fake: Any) -> Any:
    return cached_client.directories.get(fake.directory_href)


@pytest.fixture
def trio(cdir: Any) -> list[Any]:
    return [cdir.groups.create({"name": unique(f"cg{i}-")}) for i in range(3)]


@pytest.fixture
def member(cached_client: Client, cdir: Any, trio: list[Any]) -> Any:
    """An account in the first two groups, its groups page warm."""
    account = new_account(cdir)
    account.add_group(trio[0])
    account.add_group(trio[1])
    assert account.has_group(trio[0])
    return cached_client.accounts.get(account.href)


def group_pages(fake: Any) -> int:
    return fake.count_calls("GET", "/accounts/*/groups")


def test_warm_checks_cost_no_call(member: Any, trio: list[Any], fake: Any) -> None:
    first, second, third = trio
    fake.clear_requests()
    assert member.has_group(first.name) and member.has_group(second.href)
    assert member.has_group(first) and not member.has_group(third.name)
    assert member.has_groups([first.name, second.href])
    assert not member.has_groups([first, third])
    assert member.has_groups([third.href, second], all=False)
    assert not member.has_groups([third.name, "nope"], all=False)
    assert fake.count_calls() == 0


def test_warm_listing_len_and_index_cost_no_call(
    member: Any, trio: list[Any], fake: Any, cached_client: Client
) -> None:
    fake.clear_requests()
    assert {g.href for g in member.groups} == {trio[0].href, trio[1].href}
    assert len(list(member.groups)) == len(member.groups) == 2
    assert member.groups[1].name in (trio[0].name, trio[1].name)
    again = cached_client.accounts.get(member.href)  # another object, same cache
    assert again.has_groups([trio[0], trio[1]])
    assert fake.count_calls() == 0


def test_the_page_is_public_in_the_cache(member: Any, trio: list[Any]) -> None:
    page = member._store.cache.get(f"{member.href}/groups")
    assert page is not None and page["size"] == 2
    assert {item["href"] for item in page["items"]} == {trio[0].href, trio[1].href}


def test_a_cold_check_costs_one_call_and_warms(
    cached_client: Client, cdir: Any, trio: list[Any], fake: Any
) -> None:
    account = new_account(cdir)
    account.add_group(trio[2])
    fake.clear_requests()
    assert account.has_group(trio[2].name)
    assert account.has_groups([trio[2], trio[0]], all=False)
    assert fake.count_calls() == 1


Change = Callable[[Client, Any, list[Any]], Any]


def delete_unknown_membership(client: Client, account: Any) -> None:
    """Delete a membership the client knows nothing about (not even its account)."""
    href = next(iter(account.group_memberships)).href
    client.data_store.uncache(href)
    GroupMembership(client, href=href).delete()


CHANGES = [
    pytest.param(lambda c, a, g: a.add_group(g[2]), {0, 1, 2}, id="add_group"),
    pytest.param(lambda c, a, g: a.remove_group(g[0].name), {1}, id="remove_group"),
    pytest.param(
        lambda c, a, g: c.group_memberships.create({"account": a, "group": g[2]}),
        {0, 1, 2},
        id="membership_create",
    ),
    pytest.param(lambda c, a, g: g[2].add_account(a.href), {0, 1, 2}, id="group.add_account"),
    pytest.param(lambda c, a, g: g[1].remove_account(a), {0}, id="group.remove_account"),
    pytest.param(
        lambda c, a, g: next(iter(a.group_memberships)).delete(), None, id="membership_delete"
    ),
    pytest.param(
        lambda c, a, g: GroupMembership(c, href=next(iter(a.group_memberships)).href).delete(),
        None,
        id="membership_delete_by_bare_href",
    ),
    pytest.param(
        lambda c, a, g: delete_unknown_membership(c, a), None, id="membership_delete_unknown"
    ),
    pytest.param(lambda c, a, g: g[0].delete(), {1}, id="group_delete"),
]


@pytest.mark.parametrize(("change", "left"), CHANGES)
def test_membership_changes_drop_the_page(
    cached_client: Client, member: Any, trio: list[Any], fake: Any, change: Change, left: Any
) -> None:
    change(cached_client, member, trio)
    fake.clear_requests()
    held = {g.href for g in member.groups}
    assert group_pages(fake) == 1  # read again once...
    if left is not None:
        assert held == {trio[i].href for i in left}
    else:
        assert len(held) == 1 and held < {trio[0].href, trio[1].href}
    assert member.has_groups([g for g in trio if g.href in held])
    assert group_pages(fake) == 1  # ...then warm again


def test_a_renamed_group_is_seen_by_name(member: Any, trio: list[Any], fake: Any) -> None:
    old = trio[0].name
    trio[0].name = unique("renamed")
    trio[0].save()
    assert member.has_group(trio[0].name) and not member.has_group(old)


def test_deleting_the_account_drops_its_page(member: Any) -> None:
    key = f"{member.href}/groups"
    assert member._store.cache.get(key) is not None
    member.delete()
    assert member._store.cache.get(key) is None


def test_deleting_a_directory_drops_every_page(
    cached_client: Client, member: Any, trio: list[Any], fake: Any
) -> None:
    other = cached_client.directories.create({"name": unique("doomed")})
    fake.clear_requests()
    other.delete()
    assert member.has_group(trio[0])
    assert group_pages(fake) == 1


def test_changes_by_another_client_show_after_refresh(
    cached_client: Client, member: Any, trio: list[Any], fake: Any
) -> None:
    other = make_client(id=fake.api_key_id, secret=fake.api_key_secret, cache_options=None)
    other.accounts.get(member.href).add_group(trio[2].href)
    assert not member.has_group(trio[2])  # this client's cache still holds the old page
    member.groups.refresh()
    assert member.has_group(trio[2])
    other.accounts.get(member.href).remove_group(trio[2].href)
    member.refresh()
    assert not member.has_group(trio[2])


def test_clients_sharing_a_store_share_the_pages(
    member: Any, trio: list[Any], fake: Any, cached_client: Client
) -> None:
    twin = make_client(id=fake.api_key_id, secret=fake.api_key_secret, cache_options=None)
    twin.data_store.cache = cached_client.data_store.cache  # as with one Redis for both
    twin_member = twin.accounts.get(member.href)
    fake.clear_requests()
    assert twin_member.has_groups([trio[0], trio[1]])
    assert fake.count_calls() == 0
    twin.groups.get(trio[1].href).delete()  # a group delete retires every page
    assert not member.has_group(trio[1].href)
    assert group_pages(fake) == 1


def test_any_window_comes_from_the_cached_page(member: Any, fake: Any) -> None:
    fake.clear_requests()
    names = sorted(g.name for g in member.groups)
    assert sorted([member.groups[0].name, member.groups[1].name]) == names
    assert sorted(g.name for g in member.groups[0:2]) == names
    assert [g.name for g in member.groups[-1:]] == [member.groups[1].name]
    with pytest.raises(IndexError):
        member.groups[2]  # noqa: B018
    assert fake.count_calls() == 0


def test_filtered_ordered_or_expanded_listings_are_not_cached(
    member: Any, trio: list[Any], fake: Any
) -> None:
    fake.clear_requests()
    for _ in range(2):
        assert len(member.groups.search({"name": trio[0].name})) == 1
        assert len(list(member.groups.order("name desc"))) == 2
        assert len(list(member.groups.query(expand="directory"))) == 2
    assert group_pages(fake) == 6


def test_more_than_a_page_is_not_cached(cached_client: Client, fake: Any) -> None:
    directory = cached_client.directories.create({"name": unique("bigcache")})
    account = new_account(directory)
    for i in range(101):
        account.add_group(directory.groups.create({"name": f"many{i:03d}"}).href)
    fake.clear_requests()
    assert len(list(account.groups)) == 101
    assert len(list(account.groups)) == 101
    assert group_pages(fake) == 4
    assert cached_client.data_store.cache.get(f"{account.href}/groups") is None
    fake.clear_requests()
    assert account.has_group("many100")  # the first page, then one filtered request
    assert [entry.query.get("name") for entry in fake.requests] == [None, "many100"]
    fake.clear_requests()
    assert account.has_groups(["many000", "many100"])
    assert not account.has_groups(["many000", "nope"])
    assert group_pages(fake) == 4  # both pages, twice


def test_null_cache_reads_every_time(client: Client, directory: Any, fake: Any) -> None:
    account = new_account(directory)
    group = directory.groups.create({"name": unique("nullc")})
    account.add_group(group)
    fake.clear_requests()
    assert account.has_group(group) and account.has_group(group)
    assert group_pages(fake) == 2


def test_a_refused_membership_with_a_foreign_account_href_is_a_clean_error(
    cached_client: Client, member: Any, trio: list[Any], fake: Any
) -> None:
    with pytest.raises(Error) as info:
        cached_client.group_memberships.create(
            {"account": {"href": "https://evil.example/v1/accounts/x"}, "group": trio[2]}
        )
    assert info.value.status == 400
    fake.clear_requests()
    assert member.has_groups([trio[0], trio[1]])  # nothing this client knows changed
    assert fake.count_calls() == 0


def test_no_groups_asked_costs_no_call(member: Any, client: Client, fake: Any) -> None:
    cold = client.accounts.get(member.href)
    fake.clear_requests()
    assert cold.has_groups([]) and not cold.has_groups([], all=False)
    assert fake.count_calls() == 0
