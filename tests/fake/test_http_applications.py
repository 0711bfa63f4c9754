"""Applications (§4 Application): CRUD, createDirectory, search, expansion, deletion rules."""

from __future__ import annotations

import pytest

APP_LINKS = (
    "tenant",
    "customData",
    "accounts",
    "groups",
    "accountStoreMappings",
    "loginAttempts",
    "passwordResetTokens",
    "verificationEmails",
)


def test_application_representation(api):
    app = api.new_application(description="An app")
    assert app["description"] == "An app"
    assert app["status"] == "ENABLED"
    assert app["tenant"] == {"href": api.tenant_href}
    for link in APP_LINKS[1:]:
        assert app[link] == {"href": f"{app['href']}/{link}"}, link
    assert app["defaultAccountStoreMapping"] is None
    assert app["defaultGroupStoreMapping"] is None
    app_id = api.last_segment(app["href"])
    assert app["oAuthPolicy"] == {"href": f"{api.base_url}/oAuthPolicies/{app_id}"}


def test_default_application_has_its_directory_as_default_store(api):
    app = api.ok(api.app_href)
    assert app["name"] == "My Application"
    mapping = api.ok(app["defaultAccountStoreMapping"]["href"])
    assert mapping["accountStore"] == {"href": api.dir_href}
    assert mapping["isDefaultAccountStore"] is True
    assert app["defaultGroupStoreMapping"] == app["defaultAccountStoreMapping"]


def test_name_is_required_and_bounded(api):
    api.error(api.post("/applications", {"description": "nameless"}), 400, 2000)
    api.error(api.post("/applications", {"name": ""}), 400, 2000)
    api.error(api.post("/applications", {"name": "n" * 256}), 400, 2008)
    api.error(api.post("/applications", {"name": "n", "description": "d" * 4001}), 400, 2008)
    assert api.new_application(name="n" * 255)["name"] == "n" * 255


def test_duplicate_name_is_409_2001(api):
    app = api.new_application()
    api.error(api.post("/applications", {"name": app["name"]}), 409, 2001)
    other = api.new_application()
    api.error(api.post(other["href"], {"name": app["name"]}), 409, 2001)


def test_update_is_partial(api):
    app = api.new_application(description="keep me")
    updated = api.updated(app["href"], {"status": "DISABLED"})
    assert updated["status"] == "DISABLED"
    assert updated["description"] == "keep me"
    assert api.ok(app["href"]) == updated


@pytest.mark.parametrize("flag", ["true", "True", "TRUE"])
def test_create_directory_true_makes_a_mapped_default_directory(api, flag):
    app = api.new_application(params={"createDirectory": flag})
    mappings = api.ok(f"{app['href']}/accountStoreMappings")
    assert mappings["size"] == 1
    mapping = mappings["items"][0]
    assert mapping["listIndex"] == 0
    assert mapping["isDefaultAccountStore"] is True
    assert mapping["isDefaultGroupStore"] is True
    assert app["defaultAccountStoreMapping"] == {"href": mapping["href"]}
    assert app["defaultGroupStoreMapping"] == {"href": mapping["href"]}
    directory = api.ok(mapping["accountStore"]["href"])
    assert directory["href"].startswith(api.base_url + "/directories/")
    assert app["name"] in directory["name"]


def _mapped_directory(api, app_href: str) -> dict:
    mapping = api.ok(f"{app_href}/accountStoreMappings")["items"][0]
    return api.ok(mapping["accountStore"]["href"])


def test_create_directory_names_are_made_unique(api):
    # Deleting an app keeps its directory, so a second app of the same name needs a new name.
    name = api.unique("twin")
    first = api.new_application(params={"createDirectory": "true"}, name=name)
    first_dir = _mapped_directory(api, first["href"])
    api.deleted(first["href"])
    second = api.new_application(params={"createDirectory": "true"}, name=name)
    second_dir = _mapped_directory(api, second["href"])
    assert second_dir["href"] != first_dir["href"]
    assert second_dir["name"] != first_dir["name"]


def test_create_directory_with_a_name(api):
    dir_name = api.unique("named-dir")
    app = api.new_application(params={"createDirectory": dir_name})
    assert _mapped_directory(api, app["href"])["name"] == dir_name


def test_create_directory_with_a_taken_name_is_5010(api):
    directory = api.new_directory()
    name = api.unique("app")
    response = api.post(
        "/applications", {"name": name}, params={"createDirectory": directory["name"]}
    )
    api.error(response, 400, 5010)
    names = [app["name"] for app in api.collection(f"{api.tenant_href}/applications")]
    assert name not in names


def test_create_directory_false_creates_nothing(api):
    before = api.ok(f"{api.tenant_href}/directories")["size"]
    app = api.new_application(params={"createDirectory": "false"})
    assert api.ok(f"{app['href']}/accountStoreMappings")["size"] == 0
    assert api.ok(f"{api.tenant_href}/directories")["size"] == before


def test_delete_removes_mappings_but_not_directories(api):
    app = api.new_application(params={"createDirectory": "true"})
    mapping = api.ok(f"{app['href']}/accountStoreMappings")["items"][0]
    dir_href = mapping["accountStore"]["href"]
    api.deleted(app["href"])
    api.error(api.get(mapping["href"]), 404, 404)
    assert api.ok(dir_href)["href"] == dir_href
    api.error(api.get(f"{app['href']}/accounts"), 404, 404)


def test_search_applications_by_q_and_name(api):
    tag = api.unique("Zebra")
    wanted = api.new_application(name=f"{tag} app", description="striped")
    api.new_application(name=api.unique("other"))
    found = api.ok(f"{api.tenant_href}/applications", q=tag.lower())
    assert [item["href"] for item in found["items"]] == [wanted["href"]]
    assert found["size"] == 1
    exact = api.ok(f"{api.tenant_href}/applications", name=f"{tag} APP")
    assert [item["href"] for item in exact["items"]] == [wanted["href"]]
    prefix = api.ok(f"{api.tenant_href}/applications", name=f"{tag}*")
    assert [item["href"] for item in prefix["items"]] == [wanted["href"]]
    by_desc = api.ok(f"{api.tenant_href}/applications", q="STRIPED")
    assert [item["href"] for item in by_desc["items"]] == [wanted["href"]]


def test_search_applications_by_status(api):
    disabled = api.new_application(status="DISABLED")
    found = api.ok(f"{api.tenant_href}/applications", status="disabled")
    assert [item["href"] for item in found["items"]] == [disabled["href"]]


def test_application_expansion(api):
    app = api.ok(api.app_href, expand="tenant,accounts,groups")
    assert app["tenant"]["href"] == api.tenant_href
    assert "name" in app["tenant"]
    for collection in ("accounts", "groups"):
        assert {"href", "offset", "limit", "size", "items"} <= set(app[collection])
    api.error(api.get(api.app_href, expand="directory"), 400, 2107)


def test_application_accounts_is_virtual(api):
    # Accounts of mapped directories plus members of mapped groups.
    app = api.new_application()
    directory = api.new_directory()
    other_dir = api.new_directory()
    group = api.new_group(other_dir["href"])
    in_dir = api.new_account(directory["href"])
    in_group = api.new_account(other_dir["href"])
    outsider = api.new_account(other_dir["href"])
    api.add_member(in_group["href"], group["href"])
    api.map_store(app["href"], directory["href"])
    api.map_store(app["href"], group["href"])
    hrefs = {item["href"] for item in api.collection(f"{app['href']}/accounts")}
    assert hrefs == {in_dir["href"], in_group["href"]}
    assert outsider["href"] not in hrefs
    groups = {item["href"] for item in api.collection(f"{app['href']}/groups")}
    assert group["href"] in groups


def test_application_groups_include_groups_of_mapped_directories(api):
    app = api.new_application()
    directory = api.new_directory()
    group = api.new_group(directory["href"])
    api.map_store(app["href"], directory["href"])
    assert [g["href"] for g in api.collection(f"{app['href']}/groups")] == [group["href"]]


def test_application_accounts_lists_each_account_once(api):
    # Reachable through two mapped groups and their mapped directory: still one item.
    app, directory = api.new_application(), api.new_directory()
    groups = [api.new_group(directory["href"]) for _ in range(2)]
    account = api.new_account(directory["href"])
    for group in groups:
        api.add_member(account["href"], group["href"])
        api.map_store(app["href"], group["href"])
    api.map_store(app["href"], directory["href"])
    page = api.ok(f"{app['href']}/accounts")
    assert page["size"] == 1
    assert [a["href"] for a in page["items"]] == [account["href"]]
    assert api.ok(f"{app['href']}/groups")["size"] == 2
    assert [a["href"] for a in api.ok(f"{account['href']}/applications")["items"]] == [app["href"]]
