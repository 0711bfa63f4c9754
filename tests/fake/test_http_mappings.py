"""Account store mappings (§4 AccountStoreMapping): listIndex rules, defaults, errors."""

from __future__ import annotations

import pytest


def _order(api, app_href):
    items = api.ok(f"{app_href}/accountStoreMappings")["items"]
    assert [m["listIndex"] for m in items] == list(range(len(items))), "listIndex must stay dense"
    return [m["accountStore"]["href"] for m in items]


@pytest.fixture
def app_and_dirs(api):
    return api.new_application(), [api.new_directory()["href"] for _ in range(3)]


def test_mapping_representation_and_defaults(api, app_and_dirs):
    app, dirs = app_and_dirs
    response = api.post(
        "/accountStoreMappings",
        {"application": {"href": app["href"]}, "accountStore": {"href": dirs[0]}},
    )
    assert response.status_code == 201
    mapping = response.json()
    assert response.headers["Location"] == mapping["href"]
    assert mapping["href"].startswith(api.base_url + "/accountStoreMappings/")
    assert mapping["application"] == {"href": app["href"]}
    assert mapping["accountStore"] == {"href": dirs[0]}
    assert mapping["listIndex"] == 0
    assert mapping["isDefaultAccountStore"] is False
    assert mapping["isDefaultGroupStore"] is False
    assert api.ok(app["href"])["defaultAccountStoreMapping"] is None


def test_omitted_list_index_appends(api, app_and_dirs):
    app, dirs = app_and_dirs
    for store in dirs:
        api.map_store(app["href"], store)
    assert _order(api, app["href"]) == dirs


def test_list_index_insert_shifts_the_others(api, app_and_dirs):
    app, dirs = app_and_dirs
    api.map_store(app["href"], dirs[0])
    api.map_store(app["href"], dirs[1])
    inserted = api.map_store(app["href"], dirs[2], listIndex=0)
    assert inserted["listIndex"] == 0
    assert _order(api, app["href"]) == [dirs[2], dirs[0], dirs[1]]


def test_negative_list_index_goes_first(api, app_and_dirs):
    app, dirs = app_and_dirs
    api.map_store(app["href"], dirs[0])
    first = api.map_store(app["href"], dirs[1], listIndex=-3)
    assert first["listIndex"] == 0
    assert _order(api, app["href"]) == [dirs[1], dirs[0]]


def test_list_index_beyond_the_end_is_appended(api, app_and_dirs):
    app, dirs = app_and_dirs
    api.map_store(app["href"], dirs[0])
    last = api.map_store(app["href"], dirs[1], listIndex=42)
    assert last["listIndex"] == 1
    assert _order(api, app["href"]) == dirs[:2]


def test_updating_list_index_reorders(api, app_and_dirs):
    app, dirs = app_and_dirs
    mappings = [api.map_store(app["href"], store) for store in dirs]
    moved = api.updated(mappings[2]["href"], {"listIndex": 0})
    assert moved["listIndex"] == 0
    assert _order(api, app["href"]) == [dirs[2], dirs[0], dirs[1]]


def test_default_flags_move_the_application_defaults(api, app_and_dirs):
    app, dirs = app_and_dirs
    first = api.map_store(
        app["href"], dirs[0], isDefaultAccountStore=True, isDefaultGroupStore=True
    )
    refreshed = api.ok(app["href"])
    assert refreshed["defaultAccountStoreMapping"] == {"href": first["href"]}
    assert refreshed["defaultGroupStoreMapping"] == {"href": first["href"]}
    second = api.map_store(app["href"], dirs[1], isDefaultAccountStore=True)
    refreshed = api.ok(app["href"])
    assert refreshed["defaultAccountStoreMapping"] == {"href": second["href"]}
    assert refreshed["defaultGroupStoreMapping"] == {"href": first["href"]}
    first = api.ok(first["href"])
    assert first["isDefaultAccountStore"] is False
    assert first["isDefaultGroupStore"] is True


def test_setting_a_flag_false_picks_no_new_default(api, app_and_dirs):
    app, dirs = app_and_dirs
    api.map_store(app["href"], dirs[0])
    default = api.map_store(app["href"], dirs[1], isDefaultAccountStore=True)
    api.updated(default["href"], {"isDefaultAccountStore": False})
    assert api.ok(app["href"])["defaultAccountStoreMapping"] is None
    items = api.ok(f"{app['href']}/accountStoreMappings")["items"]
    assert not any(m["isDefaultAccountStore"] for m in items)


def test_account_creation_follows_the_default_account_store(api, app_and_dirs):
    app, dirs = app_and_dirs
    api.error(
        api.post(f"{app['href']}/accounts", {"email": "a@b.example", "password": "x"}), 400, 5100
    )
    api.map_store(app["href"], dirs[1], isDefaultAccountStore=True)
    account = api.new_account(app["href"])
    assert account["directory"] == {"href": dirs[1]}


def test_account_creation_in_a_disabled_default_store_is_5101(api, app_and_dirs):
    app, dirs = app_and_dirs
    api.map_store(app["href"], dirs[0], isDefaultAccountStore=True)
    api.updated(dirs[0], {"status": "DISABLED"})
    body = {"email": api.unique_email(), "password": api.PASSWORD}
    api.error(api.post(f"{app['href']}/accounts", body), 400, 5101)


def test_group_as_default_account_store_adds_the_account_to_it(api, app_and_dirs):
    app, dirs = app_and_dirs
    group = api.new_group(dirs[0])
    api.map_store(app["href"], group["href"], isDefaultAccountStore=True)
    account = api.new_account(app["href"])
    assert account["directory"] == {"href": dirs[0]}
    members = api.ok(f"{group['href']}/accounts")["items"]
    assert [m["href"] for m in members] == [account["href"]]


def test_store_already_mapped_is_5104(api, app_and_dirs):
    app, dirs = app_and_dirs
    api.map_store(app["href"], dirs[0])
    body = {"application": {"href": app["href"]}, "accountStore": {"href": dirs[0]}}
    api.error(api.post("/accountStoreMappings", body), 400, 5104)


def test_group_as_default_group_store_is_5112(api, app_and_dirs):
    app, dirs = app_and_dirs
    group = api.new_group(dirs[0])
    body = {
        "application": {"href": app["href"]},
        "accountStore": {"href": group["href"]},
        "isDefaultGroupStore": True,
    }
    api.error(api.post("/accountStoreMappings", body), 400, 5112)


def test_group_store_cannot_become_default_group_store_by_update(api, app_and_dirs):
    app, dirs = app_and_dirs
    mapping = api.map_store(app["href"], api.new_group(dirs[0])["href"])
    api.error(api.post(mapping["href"], {"isDefaultGroupStore": True}), 400, 5112)
    assert api.ok(app["href"])["defaultGroupStoreMapping"] is None


@pytest.mark.parametrize(
    "store",
    [
        "/directories/doesnotexist",
        "/groups/doesnotexist",
        "/accounts/whatever",
        "https://x.example/y",
    ],
)
def test_bad_account_store_href_is_2002(api, store):
    app = api.new_application()
    href = store if store.startswith("http") else api.base_url + store
    body = {"application": {"href": app["href"]}, "accountStore": {"href": href}}
    api.error(api.post("/accountStoreMappings", body), 400, 2002)


def test_application_and_store_are_required(api):
    app = api.new_application()
    api.error(api.post("/accountStoreMappings", {"application": {"href": app["href"]}}), 400, 2000)
    api.error(
        api.post("/accountStoreMappings", {"accountStore": {"href": api.dir_href}}), 400, 2000
    )


def test_mapping_expansion_and_delete(api, app_and_dirs):
    app, dirs = app_and_dirs
    mapping = api.map_store(app["href"], dirs[0], isDefaultAccountStore=True)
    expanded = api.ok(mapping["href"], expand="application,accountStore")
    assert expanded["application"]["name"] == app["name"]
    assert expanded["accountStore"]["href"] == dirs[0]
    assert "name" in expanded["accountStore"]
    listing = api.ok(f"{app['href']}/accountStoreMappings", expand="accountStore")
    assert listing["items"][0]["accountStore"]["href"] == dirs[0]
    assert "name" in listing["items"][0]["accountStore"]
    api.deleted(mapping["href"])
    assert api.ok(app["href"])["defaultAccountStoreMapping"] is None
    assert api.ok(f"{app['href']}/accountStoreMappings")["size"] == 0
    assert api.ok(dirs[0])["href"] == dirs[0]


def test_deleting_a_mapping_keeps_the_list_dense(api, app_and_dirs):
    app, dirs = app_and_dirs
    mappings = [api.map_store(app["href"], store) for store in dirs]
    api.deleted(mappings[0]["href"])
    assert _order(api, app["href"]) == dirs[1:]
