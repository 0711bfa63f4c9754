"""The store contract, run against the memory store and real Redis and memcached servers."""

from __future__ import annotations

import time

import pytest

HREF = "https://api.stormpath.com/v1/accounts/5a1YyR6sdBNjc9Vn5bv3u7"
ACCOUNT = {
    "href": HREF,
    "email": "élodie@example.com",
    "givenName": "Élodie 龍",
    "status": "ENABLED",
    "middleName": None,
    "count": 3,
    "ratio": 0.25,
    "flags": [True, False],
    "customData": {"href": HREF + "/customData", "nested": {"deep": [1, {"x": "y"}]}},
}


def test_set_then_get(make_store):
    store = make_store()
    store.set(HREF, ACCOUNT)
    assert store.get(HREF) == ACCOUNT


def test_missing_key_is_none(make_store):
    assert make_store().get(HREF + "/nothing") is None


def test_set_overwrites(make_store):
    store = make_store()
    store.set(HREF, ACCOUNT)
    store.set(HREF, {"href": HREF, "email": "new@example.com"})
    assert store.get(HREF) == {"href": HREF, "email": "new@example.com"}


def test_delete(make_store):
    store = make_store()
    store.set(HREF, ACCOUNT)
    store.set(HREF + "/customData", {"a": 1})
    store.delete(HREF)
    store.delete(HREF + "/never-set")  # not an error
    assert store.get(HREF) is None
    assert store.get(HREF + "/customData") == {"a": 1}


def test_clear_removes_only_this_stores_entries(make_store):
    mine, other = make_store("a:"), make_store("b:")
    for i in range(3):
        mine.set(f"{HREF}{i}", {"i": i})
    other.set(HREF, ACCOUNT)
    mine.clear()
    assert [mine.get(f"{HREF}{i}") for i in range(3)] == [None, None, None]
    assert other.get(HREF) == ACCOUNT
    mine.set(HREF, {"after": "clear"})
    assert mine.get(HREF) == {"after": "clear"}


def test_values_come_back_as_copies(make_store):
    store = make_store()
    value = {"items": [1]}
    store.set(HREF, value)
    value["items"].append(2)
    store.get(HREF)["items"].append(3)
    assert store.get(HREF) == {"items": [1]}


def test_dict_style_aliases(make_store):
    store = make_store()
    store[HREF] = ACCOUNT
    assert store[HREF] == ACCOUNT
    del store[HREF]
    assert store[HREF] is None


def test_only_json_dicts_are_accepted(make_store):
    store = make_store()
    with pytest.raises(TypeError):
        store.set(HREF, {"when": object()})
    with pytest.raises(TypeError, match="dicts"):
        store.set(HREF, [1, 2])
    assert store.get(HREF) is None


def test_ttl_expires_entries(make_store):
    store = make_store()
    # memcached counts whole seconds; Redis and the memory store honour the fraction.
    store.set(HREF, ACCOUNT, ttl=0.3)
    store.set(HREF + "/kept", ACCOUNT, ttl=60)
    deadline = time.monotonic() + 5
    while store.get(HREF) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert store.get(HREF) is None
    assert store.get(HREF + "/kept") == ACCOUNT
