"""Protocol basics (§1, §3, §6): tenant redirect, auth, content types, errors, request ids."""

from __future__ import annotations

import base64

import pytest


def test_tenant_current_redirects_to_absolute_tenant_href(api):
    response = api.get("/tenants/current")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(api.base_url + "/tenants/")
    assert location == api.tenant_href
    tenant = api.ok(location)
    assert tenant["href"] == location
    for key in ("name", "key", "createdAt", "modifiedAt"):
        assert key in tenant
    for link in ("customData", "applications", "directories", "accounts", "groups"):
        assert tenant[link] == {"href": f"{location}/{link}"}


def test_tenant_collections_list_the_default_application_and_directory(api):
    apps = api.ok(f"{api.tenant_href}/applications")
    assert api.app_href in [item["href"] for item in apps["items"]]
    dirs = api.ok(f"{api.tenant_href}/directories")
    assert api.dir_href in [item["href"] for item in dirs["items"]]


UNAUTHORIZED = {
    "status": 401,
    "code": 401,
    "message": "Authentication required.",
    "developerMessage": "Authentication with a valid API Key is required.",
    "moreInfo": "http://www.stormpath.com/docs/quickstart/connect",
}


def _basic(user: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Basic",
        "Basic !!!not-base64!!!",
        "Basic " + base64.b64encode(b"no-colon-here").decode(),
        "Bearer abc.def.ghi",
        "SAuthc1 garbage",
        "unknown-key",
        "wrong-secret",
    ],
)
def test_missing_or_bad_credentials_get_the_401_body(api, header):
    if header == "unknown-key":
        header = _basic("NOSUCHKEY", api.secret)
    elif header == "wrong-secret":
        header = _basic(api.key_id, api.secret + "x")
    headers = {} if header is None else {"Authorization": header}
    response = api.request("GET", api.app_href, auth=None, headers=headers)
    body = api.error(response, 401, 401)
    assert {key: body[key] for key in UNAUTHORIZED} == UNAUTHORIZED


def test_credentials_are_checked_before_anything_else(api):
    response = api.request("GET", "/accounts/doesnotexist", auth=None)
    api.error(response, 401, 401)
    response = api.request("POST", "/applications", auth=None, json={"name": api.unique()})
    api.error(response, 401, 401)


def test_request_id_header_on_success_and_body_on_error(api):
    first = api.get(api.app_href)
    second = api.get(api.app_href)
    assert api.UUID_RE.match(first.headers["Stormpath-Request-Id"])
    assert first.headers["Stormpath-Request-Id"] != second.headers["Stormpath-Request-Id"]
    body = api.error(api.get("/accounts/doesnotexist"), 404, 404)
    assert api.UUID_RE.match(body["requestId"])


def test_success_responses_are_utf8_json(api):
    response = api.get(api.app_href)
    content_type = response.headers["Content-Type"].replace(" ", "").lower()
    assert content_type == "application/json;charset=utf-8"


@pytest.mark.parametrize(
    "path",
    ["/accounts/doesnotexist", "/applications/nope", "/directories/nope", "/groups/nope"],
)
def test_unknown_resource_is_404_with_stormpath_body(api, path):
    body = api.error(api.get(path), 404, 404)
    assert body["message"] == body["developerMessage"]


def test_unknown_sub_resource_of_unknown_parent_is_404(api):
    api.error(api.get("/directories/nope/accounts"), 404, 404)
    api.error(api.get("/accounts/nope/customData"), 404, 404)


def test_unknown_route_answers_stormpath_shaped_not_implemented(api):
    response = api.get("/noSuchCollection/abc")
    api.error(response, 404)


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_unsupported_method_is_405_with_stormpath_body(api, method):
    response = api.request(method, api.app_href, json={"name": "x"})
    api.error(response, 405)


def test_delete_on_a_collection_is_405(api):
    api.error(api.delete(f"{api.app_href}/accounts"), 405)


def test_json_body_with_other_content_type_is_415(api):
    response = api.request(
        "POST",
        "/applications",
        data=b'{"name": "text-plain-app"}',
        headers={"Content-Type": "text/plain"},
    )
    api.error(response, 415)
    names = [item["name"] for item in api.collection(f"{api.tenant_href}/applications")]
    assert "text-plain-app" not in names


def test_json_content_type_with_charset_is_accepted(api):
    name = api.unique("charset")
    response = api.request(
        "POST",
        "/applications",
        data=f'{{"name": "{name}"}}'.encode(),
        headers={"Content-Type": "application/json; charset=UTF-8"},
    )
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    "raw", [b"{", b'{"name": }', b"\xff\xfe\x00", b"[1, 2", b"{'name': 'single'}", b"nul"]
)
def test_malformed_json_is_400(api, raw):
    response = api.request(
        "POST", "/applications", data=raw, headers={"Content-Type": "application/json"}
    )
    api.error(response, 400)


@pytest.mark.parametrize("raw", [b"[]", b'"name"', b"42", b"null", b"true"])
def test_json_that_is_not_an_object_is_400(api, raw):
    response = api.request(
        "POST", "/applications", data=raw, headers={"Content-Type": "application/json"}
    )
    api.error(response, 400)


def test_create_answers_201_with_location_and_full_body(api):
    response = api.post("/applications", {"name": api.unique("app")})
    assert response.status_code == 201
    body = response.json()
    assert response.headers["Location"] == body["href"]
    assert body["href"].startswith(api.base_url + "/applications/")
    assert not body["href"].endswith("/")
    assert body["status"] == "ENABLED"
    assert api.ok(body["href"]) == body


def test_update_answers_200_with_full_body(api):
    app = api.new_application(description="before")
    response = api.post(app["href"], {"description": "after"})
    assert response.status_code == 200
    body = response.json()
    assert body["description"] == "after"
    assert body["name"] == app["name"]
    assert set(body) == set(app)


def test_update_with_no_attribute_is_400(api):
    app = api.new_application()
    api.error(api.post(app["href"], {}), 400)


def test_delete_answers_204_with_empty_body(api):
    app = api.new_application()
    response = api.delete(app["href"])
    assert response.status_code == 204
    assert response.content == b""
    api.error(api.get(app["href"]), 404, 404)


def test_method_override_delete(api):
    account = api.new_account()
    response = api.post(account["href"], params={"_method": "DELETE"})
    assert response.status_code == 204
    api.error(api.get(account["href"]), 404, 404)


def test_timestamps_are_iso8601_utc_with_millis(api):
    app = api.new_application()
    directory = api.new_directory()
    account = api.new_account()
    group = api.new_group()
    for resource in (app, directory, group, account):
        assert api.TIMESTAMP_RE.match(resource["createdAt"]), resource
        assert api.TIMESTAMP_RE.match(resource["modifiedAt"]), resource
    assert api.TIMESTAMP_RE.match(account["passwordModifiedAt"])


def test_modified_at_moves_on_update_and_created_at_does_not(api):
    app = api.new_application()
    api.fake.clock.advance(5)
    updated = api.updated(app["href"], {"description": "changed"})
    assert updated["createdAt"] == app["createdAt"]
    assert updated["modifiedAt"] > app["modifiedAt"]


def test_enums_come_back_uppercase(api):
    app = api.new_application(status="disabled")
    assert app["status"] == "DISABLED"
    assert api.updated(app["href"], {"status": "enabled"})["status"] == "ENABLED"
    group = api.new_group(status="enabled")
    assert group["status"] == "ENABLED"
    directory = api.new_directory(status="disabled")
    assert directory["status"] == "DISABLED"


def test_bad_enum_value_is_400(api):
    api.error(api.post("/applications", {"name": api.unique(), "status": "SLEEPING"}), 400)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/applications", {"name": 5}),
        ("/applications", {"name": ["a"]}),
        ("/applications", {"name": "n", "description": {"a": 1}}),
        ("/directories", {"name": True}),
    ],
)
def test_wrong_types_are_2004(api, path, body):
    api.error(api.post(path, body), 400, 2004)


def test_unknown_property_is_2015(api):
    api.error(api.post("/applications", {"name": api.unique(), "colour": "red"}), 400, 2015)
    account = api.new_account()
    api.error(api.post(account["href"], {"favouriteColour": "red"}), 400, 2015)


def test_read_only_links_posted_back_are_no_ops(api):
    account = api.new_account(middleName=None)
    body = {
        "givenName": "Changed",
        "middleName": None,
        "customData": {"href": account["customData"]["href"]},
        "providerData": {"href": account["providerData"]["href"]},
    }
    updated = api.updated(account["href"], body)
    assert updated["givenName"] == "Changed"
    assert updated["middleName"] is None
    assert api.ok(account["customData"]["href"]).keys() == {"href", "createdAt", "modifiedAt"}


def test_hrefs_of_every_link_start_with_the_base_url(api):
    account = api.new_account()
    for key, value in account.items():
        if isinstance(value, dict) and "href" in value:
            assert value["href"].startswith(api.base_url + "/"), (key, value)
            assert not value["href"].endswith("/")
