"""Caching by href, proven through the fake's journal; invalidation on save and delete."""

from __future__ import annotations

from typing import Any

import pytest
from client_helpers import PASSWORD, enable_email_verification, new_account, unique

from stormpath.client import Client
from stormpath.error import Error


@pytest.fixture
def cdir(cached_client: Client, fake: Any) -> Any:
    return cached_client.directories.get(fake.directory_href)


@pytest.fixture
def capp(cached_client: Client, fake: Any) -> Any:
    return cached_client.applications.get(fake.application_href)


def test_second_read_is_a_cache_hit(cached_client: Client, cdir: Any, fake: Any) -> None:
    href = new_account(cdir).href  # the create answer is cached already
    fake.clear_requests()
    assert cached_client.accounts.get(href).email
    assert cached_client.accounts.get(href).surname == "Surname"
    assert fake.count_calls() == 0


def test_a_remembered_body_is_read_without_a_call(cached_client: Client, fake: Any) -> None:
    body = fake.create_account(
        fake.directory_href, email="kept@example.com", password="Passw0rdStrong", given_name="K"
    )
    cached_client.data_store.remember(body)
    fake.clear_requests()
    assert cached_client.accounts.get(body["href"]).email == "kept@example.com"
    assert fake.count_calls() == 0


def test_null_cache_store_reads_every_time(client: Client, directory: Any, fake: Any) -> None:
    href = new_account(directory).href
    fake.clear_requests()
    assert client.accounts.get(href).email
    assert client.accounts.get(href).email
    assert fake.count_calls("GET", "/accounts/*") == 2


def test_collection_items_are_cached(cached_client: Client, fake: Any) -> None:
    directory = cached_client.directories.create({"name": unique("cachedir")})
    hrefs = [new_account(directory).href for _ in range(3)]
    cached_client.data_store.cache.clear()
    fake.clear_requests()
    assert sorted(a.href for a in directory.accounts) == sorted(hrefs)
    assert fake.count_calls() == 1
    assert all(cached_client.accounts.get(h).given_name == "Given" for h in hrefs)
    assert fake.count_calls() == 1


def test_save_refreshes_the_cached_copy(cached_client: Client, cdir: Any, fake: Any) -> None:
    account = new_account(cdir)
    account.given_name = "Renamed"
    account.save()
    fake.clear_requests()
    assert cached_client.accounts.get(account.href).given_name == "Renamed"
    assert fake.count_calls() == 0


def test_delete_invalidates(cached_client: Client, cdir: Any, fake: Any) -> None:
    account = new_account(cdir)
    cached_client.accounts.get(account.href).email  # noqa: B018 (cached)
    account.delete()
    fake.clear_requests()
    with pytest.raises(Error) as info:
        cached_client.accounts.get(account.href).email  # noqa: B018
    assert info.value.status == 404
    assert fake.count_calls("GET", "/accounts/*") == 1


def test_refresh_bypasses_the_cache(cached_client: Client, cdir: Any, fake: Any) -> None:
    account = new_account(cdir)
    fake.clear_requests()
    account.refresh()
    assert fake.count_calls("GET", "/accounts/*") == 1


def test_custom_data_cache_and_invalidation(cached_client: Client, cdir: Any, fake: Any) -> None:
    account = new_account(cdir, custom_data={"a": 1, "b": 2})
    assert account.custom_data["a"] == 1
    fake.clear_requests()
    assert cached_client.accounts.get(account.href).custom_data["b"] == 2
    assert fake.count_calls() == 0
    data = account.custom_data
    del data["a"]
    data["c"] = 3
    account.save()
    fresh = cached_client.accounts.get(account.href).custom_data
    assert dict(fresh.items()) == {"b": 2, "c": 3}
    del fresh["b"]
    fresh.save()  # DELETE only: the cached copy must go
    assert dict(cached_client.accounts.get(account.href).custom_data.items()) == {"c": 3}


def test_expanded_resources_are_cached_on_their_own(
    cached_client: Client, cdir: Any, fake: Any
) -> None:
    account = new_account(cdir, custom_data={"k": "v"})
    cached_client.data_store.cache.clear()
    cached_client.accounts.get(account.href, expand="customData").email  # noqa: B018
    fake.clear_requests()
    assert cached_client.accounts.get(account.href).custom_data["k"] == "v"
    assert fake.count_calls() == 0


def test_cached_parent_does_not_pin_expanded_groups(
    cached_client: Client, cdir: Any, fake: Any
) -> None:
    account = new_account(cdir)
    group = cdir.groups.create({"name": unique("late")})
    loaded = cached_client.accounts.get(account.href, expand="groups")
    assert not loaded.has_group(group.name)
    cached_client.group_memberships.create({"account": account, "group": group})
    assert cached_client.accounts.get(account.href).has_group(group.name)


def test_login_then_load_user_costs_one_call(capp: Any, cdir: Any, fake: Any) -> None:
    account = new_account(cdir)
    fake.clear_requests()
    href = capp.authenticate_account(account.email, PASSWORD).account.href
    user = capp._client.accounts.get(href)  # what a Flask user loader does per request
    assert user.email == account.email and user.custom_data is not None
    assert fake.count_calls() == 1


def test_password_reset_caches_the_fresh_account(
    cached_client: Client, capp: Any, cdir: Any, fake: Any
) -> None:
    account = new_account(cdir)
    before = account.password_modified_at
    capp.send_password_reset_email(account.email)
    fake.clock.advance(5)
    fake.clear_requests()
    changed = capp.reset_account_password(fake.outbox[-1].token, "An0therPassword")
    assert fake.count_calls() == 1  # the answer embeds the account (expand=account)
    fake.assert_called("POST", "/applications/*/passwordResetTokens/*", times=1)
    assert fake.requests[0].query == {"expand": "account"}
    assert changed.password_modified_at > before
    cached = cached_client.accounts.get(account.href)
    assert cached.password_modified_at == changed.password_modified_at
    assert cached.email == account.email
    assert fake.count_calls() == 1  # both read from memory and cache


def test_email_verification_invalidates_the_account(
    cached_client: Client, capp: Any, cdir: Any, fake: Any
) -> None:
    enable_email_verification(cdir)
    account = new_account(capp)
    assert cached_client.accounts.get(account.href).status == "UNVERIFIED"
    cached_client.accounts.verify_email_token(account.email_verification_token.token)
    assert cached_client.accounts.get(account.href).status == "ENABLED"


def test_tenant_is_resolved_once(cached_client: Client, fake: Any) -> None:
    assert cached_client.tenant.name
    list(cached_client.applications)
    list(cached_client.directories)
    assert fake.count_calls("GET", "/tenants/current") == 1


def test_warm_reads_hand_out_values_of_their_own(cached_client: Client, fake: Any) -> None:
    body = fake.create_account(
        fake.directory_href, email="shared@example.com", password="Passw0rdStrong", given_name="S"
    )
    # A server-sent container (the emulator's accounts have none): cached, then read twice.
    cached_client.data_store.remember({**body, "extra": {"tags": ["a"]}})
    fake.clear_requests()
    first = cached_client.accounts.get(body["href"])
    first.extra["tags"].append("changed in place")
    assert cached_client.accounts.get(body["href"]).extra == {"tags": ["a"]}
    assert first.extra == {"tags": ["a"]}
    assert fake.count_calls() == 0


def test_custom_data_changed_in_place_and_not_saved_stays_local(
    cached_client: Client, cdir: Any, fake: Any
) -> None:
    account = new_account(cdir, custom_data={"prefs": {"theme": "light"}})
    mine = cached_client.accounts.get(account.href).custom_data
    mine["prefs"]["theme"] = "dark"
    fake.clear_requests()
    assert cached_client.accounts.get(account.href).custom_data["prefs"] == {"theme": "light"}
    assert fake.count_calls() == 0
