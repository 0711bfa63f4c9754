"""Groups and group memberships (§4 Group, GroupMembership, §5.7)."""

from __future__ import annotations


def test_group_representation(api):
    group = api.new_group(description="admins")
    href = group["href"]
    assert href.startswith(api.base_url + "/groups/")
    assert group["description"] == "admins"
    assert group["status"] == "ENABLED"
    assert group["directory"] == {"href": api.dir_href}
    assert group["tenant"] == {"href": api.tenant_href}
    for link in ("customData", "accounts", "accountMemberships"):
        assert group[link] == {"href": f"{href}/{link}"}, link


def test_group_name_required_and_unique_per_directory(api):
    api.error(api.post(f"{api.dir_href}/groups", {"description": "x"}), 400, 2000)
    group = api.new_group()
    api.error(api.post(f"{api.dir_href}/groups", {"name": group["name"]}), 409, 2001)
    # The same name is fine in another directory.
    other = api.new_group(api.new_directory()["href"], name=group["name"])
    assert other["name"] == group["name"]


def test_create_group_through_application_uses_default_group_store(api):
    response = api.post(f"{api.app_href}/groups", {"name": api.unique("appgrp")})
    assert response.status_code == 201, response.text
    assert response.json()["directory"] == {"href": api.dir_href}


def test_create_group_through_application_without_group_store_is_5102(api):
    app = api.new_application()
    api.error(api.post(f"{app['href']}/groups", {"name": "g"}), 400, 5102)


def test_tenant_groups_lists_groups_of_every_directory(api):
    first = api.new_group()
    second = api.new_group(api.new_directory()["href"])
    hrefs = {g["href"] for g in api.collection(f"{api.tenant_href}/groups")}
    assert {first["href"], second["href"]} <= hrefs


def test_group_applications_lists_the_apps_it_is_mapped_to(api):
    group, app = api.new_group(), api.new_application()
    api.map_store(app["href"], group["href"])
    listed = api.ok(f"{group['href']}/applications")
    assert [a["href"] for a in listed["items"]] == [app["href"]]


def test_group_update_search_and_delete(api):
    group = api.new_group(description="before")
    updated = api.updated(group["href"], {"description": "after", "status": "disabled"})
    assert (updated["description"], updated["status"]) == ("after", "DISABLED")
    found = api.ok(f"{api.dir_href}/groups", name=group["name"].upper())
    assert [g["href"] for g in found["items"]] == [group["href"]]
    assert api.ok(f"{api.dir_href}/groups", q=group["name"][2:])["size"] == 1
    api.deleted(group["href"])
    api.error(api.get(group["href"]), 404, 404)
    assert api.ok(f"{api.dir_href}/groups", name=group["name"])["size"] == 0


def test_group_expansion(api):
    group = api.new_group()
    account = api.new_account()
    api.add_member(account["href"], group["href"])
    expanded = api.ok(group["href"], expand="tenant,directory,accounts")
    assert expanded["directory"]["href"] == api.dir_href
    assert "name" in expanded["directory"]
    assert [a["href"] for a in expanded["accounts"]["items"]] == [account["href"]]


def test_membership_create_and_every_listing(api):
    account = api.new_account()
    group = api.new_group()
    response = api.post(
        "/groupMemberships",
        {"account": {"href": account["href"]}, "group": {"href": group["href"]}},
    )
    assert response.status_code == 201
    membership = response.json()
    assert response.headers["Location"] == membership["href"]
    assert membership["href"].startswith(api.base_url + "/groupMemberships/")
    assert membership["account"] == {"href": account["href"]}
    assert membership["group"] == {"href": group["href"]}
    assert api.ok(membership["href"]) == membership

    def hrefs(url, **params):
        return [item["href"] for item in api.ok(url, **params)["items"]]

    assert hrefs(f"{account['href']}/groups") == [group["href"]]
    assert hrefs(f"{account['href']}/groupMemberships") == [membership["href"]]
    assert hrefs(f"{group['href']}/accounts") == [account["href"]]
    assert hrefs(f"{group['href']}/accountMemberships") == [membership["href"]]
    # The group check Flask's groups_required does (§5.7).
    assert hrefs(f"{account['href']}/groups", name=group["name"]) == [group["href"]]
    assert hrefs(f"{account['href']}/groups", name="nope") == []


def test_membership_expansion(api):
    membership = api.add_member(api.new_account()["href"], api.new_group()["href"])
    expanded = api.ok(membership["href"], expand="account,group")
    assert "email" in expanded["account"]
    assert "name" in expanded["group"]


def test_duplicate_membership_is_409_2001(api):
    account, group = api.new_account(), api.new_group()
    api.add_member(account["href"], group["href"])
    response = api.post(
        "/groupMemberships",
        {"account": {"href": account["href"]}, "group": {"href": group["href"]}},
    )
    api.error(response, 409, 2001)


def test_membership_across_directories_is_refused(api):
    account = api.new_account()
    group = api.new_group(api.new_directory()["href"])
    response = api.post(
        "/groupMemberships",
        {"account": {"href": account["href"]}, "group": {"href": group["href"]}},
    )
    api.error(response, 400)


def test_membership_with_missing_or_unknown_links(api):
    group = api.new_group()
    api.error(api.post("/groupMemberships", {"group": {"href": group["href"]}}), 400, 2000)
    body = {"account": {"href": f"{api.base_url}/accounts/nope"}, "group": {"href": group["href"]}}
    api.error(api.post("/groupMemberships", body), 400)


def test_membership_has_no_update_and_deletes_with_204(api):
    account, group = api.new_account(), api.new_group()
    membership = api.add_member(account["href"], group["href"])
    assert api.post(membership["href"], {"account": {"href": account["href"]}}).status_code in (
        400,
        405,
    )
    api.deleted(membership["href"])
    api.error(api.get(membership["href"]), 404, 404)
    assert api.ok(f"{account['href']}/groups")["size"] == 0
    assert api.ok(f"{account['href']}/groupMemberships")["size"] == 0


def test_deleting_a_group_drops_its_memberships(api):
    account, group = api.new_account(), api.new_group()
    membership = api.add_member(account["href"], group["href"])
    api.deleted(group["href"])
    api.error(api.get(membership["href"]), 404, 404)
    assert api.ok(f"{account['href']}/groupMemberships")["size"] == 0
