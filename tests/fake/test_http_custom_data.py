"""Custom data on every resource kind (§4 CustomData): merge, deletes, key rules, size limit."""

from __future__ import annotations

import pytest

KINDS = ["tenant", "application", "directory", "group", "account"]
RESERVED = {"href", "createdAt", "modifiedAt"}


@pytest.fixture(params=KINDS)
def custom_data(api, request) -> str:
    """Href of the customData of a fresh resource of each kind."""
    kind = request.param
    if kind == "tenant":
        parent = api.tenant_href
    elif kind == "application":
        parent = api.new_application()["href"]
    elif kind == "directory":
        parent = api.new_directory()["href"]
    elif kind == "group":
        parent = api.new_group()["href"]
    else:
        parent = api.new_account()["href"]
    assert api.ok(parent)["customData"] == {"href": f"{parent}/customData"}
    return f"{parent}/customData"


def _keys(body: dict) -> dict:
    return {key: value for key, value in body.items() if key not in RESERVED}


def test_fresh_custom_data_is_empty_with_reserved_fields(api, custom_data):
    body = api.ok(custom_data)
    assert body["href"] == custom_data
    assert api.TIMESTAMP_RE.match(body["createdAt"])
    assert api.TIMESTAMP_RE.match(body["modifiedAt"])
    assert _keys(body) == {}


def test_post_merges_and_returns_the_full_object(api, custom_data):
    api.updated(custom_data, {"a": 1, "b": {"nested": [1, 2, {"c": None}]}})
    merged = api.updated(custom_data, {"b": "replaced", "d": True})
    assert _keys(merged) == {"a": 1, "b": "replaced", "d": True}
    assert merged["href"] == custom_data
    assert api.ok(custom_data) == merged


def test_keys_are_stored_verbatim_at_any_depth(api, custom_data):
    value = {"foo_val": 1, "fooCamelCase": 2, "sub": {"sub_bar_name": {"DeepKey": "x"}}}
    assert _keys(api.updated(custom_data, value)) == value


def test_any_json_value_round_trips(api, custom_data):
    value = {
        "int": 7,
        "float": 2.5,
        "str": "héllo ✓",
        "nestedNull": {"inner": None},
        "list": [1, "two", [3]],
        "bool": False,
        "empty": {},
    }
    api.updated(custom_data, value)
    assert _keys(api.ok(custom_data)) == value


def test_posting_null_removes_a_key(api, custom_data):
    # Docs example: a top-level key posted as null is removed (§4 CustomData).
    api.updated(custom_data, {"keep": 1, "drop": 2})
    assert _keys(api.updated(custom_data, {"drop": None})) == {"keep": 1}
    assert _keys(api.ok(custom_data)) == {"keep": 1}


def test_delete_one_key(api, custom_data):
    api.updated(custom_data, {"keep": 1, "drop": 2})
    response = api.delete(f"{custom_data}/drop")
    assert response.status_code == 204
    assert _keys(api.ok(custom_data)) == {"keep": 1}


def test_delete_all_keys_keeps_the_resource(api, custom_data):
    api.updated(custom_data, {"one": 1, "two": 2})
    api.deleted(custom_data)
    body = api.ok(custom_data)
    assert body["href"] == custom_data
    assert _keys(body) == {}


def test_modified_at_moves_on_write(api, custom_data):
    before = api.ok(custom_data)
    api.fake.clock.advance(10)
    after = api.updated(custom_data, {"k": "v"})
    assert after["modifiedAt"] > before["modifiedAt"]
    assert after["createdAt"] == before["createdAt"]


def test_empty_post_fails(api, custom_data):
    api.error(api.post(custom_data, {}), 400)


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("", 3000),
        (" ", 3000),
        ("k" * 256, 3001),
        ("bad key", 3002),
        ("bad.key", 3002),
        ("-leading", 3002),
        ("ünicode", 3002),
        ("meta", 3003),
        ("spMeta", 3003),
        ("spmeta", 3003),
        ("ionmeta", 3003),
        ("ionMeta", 3003),
    ],
)
def test_key_rules(api, custom_data, key, code):
    api.error(api.post(custom_data, {key: 1}), 400, code)
    assert _keys(api.ok(custom_data)) == {}


def test_valid_key_shapes(api, custom_data):
    keys = {"k" * 255: 1, "a-b_c": 2, "_x": 3, "0zero": 4, "Z": 5}
    assert _keys(api.updated(custom_data, keys)) == keys


def test_reserved_fields_cannot_be_changed(api, custom_data):
    before = api.ok(custom_data)
    response = api.post(custom_data, {"createdAt": "2000-01-01T00:00:00.000Z", "k": 1})
    if response.status_code == 200:
        assert response.json()["createdAt"] == before["createdAt"]
    else:
        api.error(response, 400)
    assert api.ok(custom_data)["createdAt"] == before["createdAt"]


def test_size_limit_is_10_mb(api, custom_data):
    api.error(api.post(custom_data, {"big": "x" * (10 * 1024 * 1024 + 1)}), 400, 3004)
    assert _keys(api.ok(custom_data)) == {}
    # Just under the limit (10 MB or MiB) is fine, and adding more then tips it over.
    api.updated(custom_data, {"big": "x" * 9_900_000})
    api.error(api.post(custom_data, {"more": "y" * 600_000}), 400, 3004)
    assert set(_keys(api.ok(custom_data))) == {"big"}


def test_custom_data_of_a_deleted_parent_is_404(api):
    account = api.new_account()
    api.deleted(account["href"])
    api.error(api.get(account["customData"]["href"]), 404, 404)


def test_custom_data_embedded_on_account_create_and_merged_on_update(api):
    account = api.new_account(customData={"plan": "gold", "score": 1})
    assert _keys(api.ok(account["customData"]["href"])) == {"plan": "gold", "score": 1}
    api.updated(account["href"], {"customData": {"score": 2, "extra": [1]}})
    assert _keys(api.ok(account["customData"]["href"])) == {
        "plan": "gold",
        "score": 2,
        "extra": [1],
    }


def test_custom_data_embedded_on_other_creates(api):
    app = api.new_application(customData={"tier": 1})
    directory = api.new_directory(customData={"tier": 2})
    group = api.new_group(customData={"tier": 3})
    for resource, tier in ((app, 1), (directory, 2), (group, 3)):
        assert _keys(api.ok(resource["customData"]["href"])) == {"tier": tier}


def test_bad_key_in_embedded_custom_data_fails_the_create(api):
    body = {"email": api.unique_email(), "password": api.PASSWORD, "customData": {"bad key": 1}}
    api.error(api.post(f"{api.app_href}/accounts", body), 400, 3002)
    assert api.ok(f"{api.app_href}/accounts", email=body["email"])["size"] == 0
