"""Tenant, applications, directories, mappings and policies: the client against the fake."""

from __future__ import annotations

from typing import Any

import pytest
from client_helpers import PASSWORD, make_client, unique

from stormpath.client import Client
from stormpath.error import Error
from stormpath.resources import (
    AccountStoreMapping,
    Application,
    Directory,
    Group,
    PasswordStrength,
    Tenant,
)


def test_tenant_follows_the_current_redirect(client: Client, fake: Any) -> None:
    tenant = client.tenant
    assert isinstance(tenant, Tenant)
    assert tenant.name  # triggers the load: 302 then GET
    assert tenant.href == fake.tenant_href
    assert fake.count_calls("GET", "/tenants/current") == 1
    assert tenant.key


def test_both_schemes_are_accepted(fake: Any) -> None:
    for scheme in ("SAuthc1", "basic"):
        client = make_client(id=fake.api_key_id, secret=fake.api_key_secret, scheme=scheme)
        assert client.applications.get(fake.application_href).name == "My Application"


def test_wrong_secret_is_a_401_error(fake: Any) -> None:
    client = make_client(id=fake.api_key_id, secret="wrong")
    with pytest.raises(Error) as info:
        _ = client.tenant.name
    assert info.value.status == 401
    assert info.value.message == "Authentication with a valid API Key is required."


def test_list_search_and_order_applications(client: Client, fake: Any) -> None:
    prefix = unique("zapp")
    for suffix in ("b", "a", "c"):
        client.applications.create({"name": f"{prefix}-{suffix}", "description": "d"})
    names = [a.name for a in client.applications]
    assert "My Application" in names and f"{prefix}-a" in names
    found = client.applications.search(prefix).order("name desc")
    assert [a.name for a in found] == [f"{prefix}-c", f"{prefix}-b", f"{prefix}-a"]
    assert len(found) == 3
    by_attr = client.applications.search({"name": f"{prefix}-b"})
    assert [a.name for a in by_attr] == [f"{prefix}-b"]
    assert isinstance(by_attr[0], Application)
    assert client.applications.search({"name": f"{prefix}-*"}).order("name")[0].name == (
        f"{prefix}-a"
    )


def test_create_application_with_directory_and_mappings(client: Client) -> None:
    name = unique("app")
    app = client.applications.create({"name": name}, create_directory=True)
    assert app.name == name and app.status == "ENABLED" and app.is_enabled()
    mapping = app.default_account_store_mapping
    assert isinstance(mapping, AccountStoreMapping)
    assert mapping == app.default_group_store_mapping
    assert mapping.list_index == 0
    assert mapping.is_default_account_store is True
    assert isinstance(mapping.account_store, Directory)
    assert mapping.application == app
    assert [m.href for m in app.account_store_mappings] == [mapping.href]
    directory = mapping.account_store
    assert directory.name.startswith(name)
    app.delete()
    # Deleting an application keeps its directory.
    assert directory.refresh().name.startswith(name)
    with pytest.raises(Error) as info:
        app.refresh()
    assert info.value.status == 404


def test_create_directory_by_name(client: Client) -> None:
    dir_name = unique("named-dir")
    app = client.applications.create({"name": unique("app")}, create_directory=dir_name)
    assert app.default_account_store_mapping.account_store.name == dir_name


def test_application_partial_update_and_refresh(client: Client, fake: Any) -> None:
    app = client.applications.create({"name": unique("app"), "description": "before"})
    app.description = "after"
    app.status = "disabled"
    app.save()
    assert app.status == "DISABLED" and app.is_disabled()
    again = client.applications.get(app.href)
    assert (again.description, again.status) == ("after", "DISABLED")
    assert fake.count_calls("POST", "/applications/*") == 1


def test_duplicate_application_name(client: Client) -> None:
    name = unique("dup")
    client.applications.create({"name": name})
    with pytest.raises(Error) as info:
        client.applications.create({"name": name})
    assert info.value.code == 2001
    assert info.value.status in (400, 409)


def test_directory_crud_and_listing(client: Client) -> None:
    name = unique("dir")
    directory = client.directories.create(
        {"name": name, "description": "desc", "custom_data": {"team": "blue"}}
    )
    assert isinstance(directory, Directory)
    assert directory.custom_data["team"] == "blue"
    assert directory.provider.provider_id == "stormpath"
    assert [d.name for d in client.directories.search({"name": name})] == [name]
    directory.description = "changed"
    directory.save()
    assert client.directories.get(directory.href).description == "changed"
    directory.delete()
    assert len(client.directories.search({"name": name})) == 0


def test_mapping_a_group_and_a_directory_to_an_application(client: Client) -> None:
    application = client.applications.create({"name": unique("app")})
    directory = client.directories.create({"name": unique("dir")})
    group = directory.groups.create({"name": "mapped"})
    first = client.account_store_mappings.create(
        {
            "application": application,
            "account_store": directory,
            "list_index": 0,
            "is_default_account_store": True,
            "is_default_group_store": True,
        }
    )
    second = client.account_store_mappings.create(
        {"application": application, "account_store": group, "list_index": 0}
    )
    stores = [m.account_store for m in application.account_store_mappings]
    assert [type(s) for s in stores] == [Group, Directory]
    assert [s.href for s in stores] == [group.href, directory.href]
    # The application object holds what it was created with: refresh to see the new default.
    assert application.default_account_store_mapping is None
    assert application.refresh().default_account_store_mapping == first
    second.list_index = 5
    second.save()
    assert [m.list_index for m in application.account_store_mappings] == [0, 1]
    second.delete()
    assert len(application.account_store_mappings) == 1


def test_password_policy_and_strength(client: Client, directory: Any, application: Any) -> None:
    policy = directory.password_policy
    assert policy.reset_email_status == "ENABLED"
    strength = policy.strength
    assert isinstance(strength, PasswordStrength)
    assert (strength.min_length, strength.max_length) == (8, 100)
    strength.min_length = 12
    strength.save()
    assert client.directories.get(directory.href).password_policy.strength.min_length == 12
    with pytest.raises(Error) as info:
        application.accounts.create(
            {
                "email": "short@example.com",
                "password": "Short1aa",
                "given_name": "a",
                "surname": "b",
            }
        )
    assert info.value.code == 2007
    assert info.value.message == "Account password minimum length not satisfied."
    policy.reset_token_ttl = 48
    policy.save()
    assert directory.password_policy.refresh().reset_token_ttl == 48
    assert PASSWORD  # the suite's password still fits the default policy elsewhere


def test_account_creation_policy(directory: Any) -> None:
    policy = directory.account_creation_policy
    assert policy.verification_email_status == "DISABLED"
    policy.verification_email_status = "ENABLED"
    policy.save()
    assert directory.account_creation_policy.refresh().verification_email_status == "ENABLED"
