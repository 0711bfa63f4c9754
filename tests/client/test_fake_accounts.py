"""Accounts, collections (paging, len, indexing, search, order, expand): client against fake."""

from __future__ import annotations

from typing import Any

import pytest
from client_helpers import PASSWORD, enable_email_verification, new_account, unique, unique_email

from stormpath.client import Client
from stormpath.error import Error
from stormpath.resources import Account, Directory, Tenant


def test_create_in_application_lands_in_default_store(application: Any, fake: Any) -> None:
    email = unique_email()
    account = new_account(
        application, email=email, username=None, middle_name=None, custom_data=None
    )
    assert isinstance(account, Account)
    assert account.username == email  # defaults to the email
    assert account.full_name == "Given Surname"
    assert account.status == "ENABLED"
    assert account.directory.href == fake.directory_href
    assert isinstance(account.tenant, Tenant)
    assert account.tenant.href == fake.tenant_href
    assert not hasattr(account, "password") or account.password is None


def test_lazy_loading_costs_one_get(client: Client, directory: Any, fake: Any) -> None:
    href = new_account(directory).href
    fake.clear_requests()
    account = client.accounts.get(href)
    assert fake.count_calls() == 0
    assert account.email and account.given_name and account.surname
    assert fake.count_calls("GET", "/accounts/*") == 1
    assert isinstance(account.directory, Directory)
    assert fake.count_calls() == 1


def test_update_refresh_delete(client: Client, directory: Any) -> None:
    account = new_account(directory, middle_name="M")
    account.given_name = "Changed"
    account.middle_name = None
    account.save()
    fresh = client.accounts.get(account.href)
    assert (fresh.given_name, fresh.middle_name, fresh.surname) == ("Changed", None, "Surname")
    assert fresh.full_name == "Changed Surname"
    account.surname = "Local"
    account.refresh()
    assert account.surname == "Surname"  # local change dropped
    account.delete()
    with pytest.raises(Error) as info:
        client.accounts.get(account.href).email  # noqa: B018
    assert (info.value.status, info.value.code) == (404, 404)
    assert info.value.request_id


def test_password_change_is_checked_and_then_used(application: Any, directory: Any) -> None:
    account = new_account(directory)
    account.password = "alllowercase1"
    with pytest.raises(Error) as info:
        account.save()
    assert info.value.message == "Password requires at least 1 uppercase character."
    account.password = "N3wPassword!"
    account.save()
    assert application.authenticate_account(account.email, "N3wPassword!").account == account


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Sh0rt", "Account password minimum length not satisfied."),
        ("hilolwoothi", "Password requires at least 1 numeric character."),
        ("hilolwoothi1", "Password requires at least 1 uppercase character."),
    ],
)
def test_password_policy_messages(directory: Any, password: str, message: str) -> None:
    with pytest.raises(Error) as info:
        new_account(directory, password=password)
    assert info.value.status == 400
    assert info.value.message == message


def test_duplicate_email_and_bad_email(directory: Any) -> None:
    email = unique_email()
    new_account(directory, email=email)
    with pytest.raises(Error) as info:
        new_account(directory, email=email)
    assert info.value.code == 2001
    with pytest.raises(Error) as bad:
        new_account(directory, email="not-an-email")
    assert (bad.value.status, bad.value.code) == (400, 2006)


def test_status_values_and_helpers(directory: Any) -> None:
    account = new_account(directory, status="DISABLED")
    assert account.status == Account.STATUS_DISABLED and account.is_disabled()
    account.status = Account.STATUS_ENABLED
    account.save()
    assert account.is_enabled()


def test_paging_len_index_search_order_over_many(client: Client, fake: Any) -> None:
    directory = client.directories.create({"name": unique("bigdir")})
    for i in range(105):
        directory.accounts.create(
            {
                "email": f"p{i:03d}@example.com",
                "password": PASSWORD,
                "given_name": f"G{i % 7}",
                "surname": f"S{i:03d}",
                "username": f"user{i:03d}",
            }
        )
    fake.clear_requests()
    accounts = directory.accounts
    emails = [a.email for a in accounts]
    assert len(emails) == 105 and len(set(emails)) == 105
    assert fake.count_calls("GET", "/directories/*/accounts") == 2
    assert len(accounts) == 105
    by_surname = accounts.order("surname desc")
    assert by_surname[0].surname == "S104"
    assert by_surname[-1].surname == "S000"
    assert [a.surname for a in by_surname[100:103]] == ["S004", "S003", "S002"]
    assert [a.username for a in accounts.search({"username": "user10*"}).order("username")] == [
        "user100",
        "user101",
        "user102",
        "user103",
        "user104",
    ]
    assert len(accounts.search("p10")) == 5  # q: p100..p104
    assert len(accounts.search({"given_name": "G3"})) == 15
    assert [a.surname for a in accounts.query(limit=10, offset=100).order("surname")] == [
        "S100",
        "S101",
        "S102",
        "S103",
        "S104",
    ]
    with pytest.raises(IndexError):
        _ = accounts[105]


def test_expand_embeds_and_caches_nothing_extra(client: Client, directory: Any, fake: Any) -> None:
    account = new_account(directory, custom_data={"k": "v"})
    group = directory.groups.create({"name": unique("grp")})
    account.add_group(group)
    dir_name = directory.name
    fake.clear_requests()
    loaded = client.accounts.get(account.href, expand="customData,groups,directory")
    assert loaded.custom_data["k"] == "v"
    assert [g.name for g in loaded.groups] == [group.name]
    assert len(loaded.groups) == 1
    assert loaded.directory.name == dir_name
    assert fake.count_calls() == 1
    assert fake.requests[0].query.get("expand") == "customData,groups,directory"


def test_expand_on_collections(directory: Any, fake: Any) -> None:
    new_account(directory, custom_data={"color": unique("c")})
    fake.clear_requests()
    colors = [a.custom_data.get("color") for a in directory.accounts.query(expand="customData")]
    assert any(colors)
    assert fake.count_calls("GET", "/accounts/*/customData") == 0


def test_registration_workflow_flag(client: Client, application: Any, directory: Any) -> None:
    enable_email_verification(directory)
    unverified = new_account(application)
    assert unverified.status == "UNVERIFIED" and unverified.is_unverified()
    assert unverified.email_verification_token is not None
    skipped = application.accounts.create(
        {"email": unique_email(), "password": PASSWORD, "given_name": "a", "surname": "b"},
        registration_workflow_enabled=False,
    )
    assert skipped.status == "ENABLED"


def test_account_sub_collections(application: Any, directory: Any) -> None:
    account = new_account(directory)
    assert application in list(account.applications)
    assert [m for m in account.group_memberships] == []
    assert account.provider_data.provider_id == "stormpath"
