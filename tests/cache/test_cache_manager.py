"""CacheManager: the cache_options it accepts, the errors it gives, the old import paths."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from stormpath.cache.manager import CacheManager
from stormpath.cache.memory_store import MemoryStore
from stormpath.cache.null_cache_store import NullCacheStore

HREF = "https://api.stormpath.com/v1/applications/app1"
APP = {"href": HREF, "name": "My Application"}


def test_defaults_are_a_memory_store_with_five_minute_limits():
    cache = CacheManager(None)
    assert isinstance(cache.store, MemoryStore)
    assert (cache.cache.ttl, cache.cache.tti) == (300, 300)
    cache.set(HREF, APP)
    assert cache.get(HREF) == APP
    assert cache.stats.hits == 1


def test_options_reach_the_cache_and_the_store(clock):
    cache = CacheManager(
        {"store": MemoryStore, "store_opts": {"max_size": 2}, "ttl": 60, "tti": 10}, clock=clock
    )
    assert cache.store.max_size == 2
    assert (cache.cache.ttl, cache.cache.tti) == (60, 10)
    cache.set(HREF, APP)
    clock.advance(10)
    assert cache.get(HREF) is None


def test_ttl_and_tti_may_be_none():
    cache = CacheManager({"ttl": None, "tti": None})
    assert (cache.cache.ttl, cache.cache.tti) == (None, None)


def test_delete_and_clear():
    cache = CacheManager()
    cache.set(HREF, APP)
    cache.set(HREF + "2", APP)
    cache.delete(HREF)
    assert cache.get(HREF) is None
    cache.clear()
    assert cache.get(HREF + "2") is None


def test_null_cache_store_caches_nothing():
    cache = CacheManager({"store": NullCacheStore})
    cache.set(HREF, APP)
    assert cache.get(HREF) is None
    cache.delete(HREF)
    cache.clear()
    assert cache.stats.as_dict()["misses"] == 1


def test_null_cache_store_on_its_own():
    store = NullCacheStore()
    store.set("k", {"a": 1}, ttl=5)
    store["k"] = {"a": 1}
    assert store.get("k") is None
    assert store["k"] is None
    del store["k"]
    store.clear()
    assert len(store) == 0


class DuckStore:
    """A store that does not inherit from CacheStore but has its methods."""

    def __init__(self, label: str = "") -> None:
        self.label = label
        self.data: dict[str, Any] = {}

    def get(self, key):
        return self.data.get(key)

    def set(self, key, value, ttl=None):
        self.data[key] = value

    def delete(self, key):
        self.data.pop(key, None)

    def clear(self):
        self.data.clear()


def test_a_store_without_get_shared_serves_shared_reads_through_get():
    cache = CacheManager({"store": DuckStore})
    assert not hasattr(cache.store, "get_shared")
    cache.set(HREF, {"n": 1})
    assert cache.get_shared(HREF) == {"n": 1}
    assert cache.stats.hits == 1


def test_any_class_with_the_store_methods_is_accepted():
    cache = CacheManager({"store": DuckStore, "store_opts": {"label": "mine"}})
    assert cache.store.label == "mine"
    cache.set(HREF, APP)
    assert cache.get(HREF) == APP


class HalfStore:
    def get(self, key):
        return None

    def set(self, key, value, ttl=None):
        pass


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"regions": {}}, r"unknown cache_options key\(s\) 'regions'; allowed: 'store'"),
        ({"ttl": 1, "TTI": 1, "backend": 1}, r"'TTI', 'backend'"),
        ({"store": MemoryStore()}, r"must be a store class.*pass the class"),
        ({"store": "MemoryStore"}, r"must be a store class, not 'MemoryStore'"),
        ({"store": None}, r"must be a store class, not None"),
        ({"store": HalfStore}, r"HalfStore is not a cache store: it lacks delete, clear"),
        ({"store": dict}, r"dict is not a cache store: it lacks set, delete"),
        ({"store_opts": {"size": 3}}, r"store_opts'\] do not fit MemoryStore"),
        ({"store_opts": ["max_size", 3]}, r"store_opts'\] must be a dict"),
        ({"store": NullCacheStore, "store_opts": {"host": "x"}}, r"do not fit NullCacheStore"),
        ({"ttl": -1}, r"cache_options\['ttl'\] must be a number of seconds >= 0 or None"),
        ({"tti": "300"}, r"cache_options\['tti'\]"),
        ({"tti": True}, r"cache_options\['tti'\]"),
        ({"ttl": float("nan")}, r"cache_options\['ttl'\]"),
        ({"ttl": float("inf")}, r"cache_options\['ttl'\]"),
    ],
)
def test_bad_options_raise_value_error(options, message):
    with pytest.raises(ValueError, match=message):
        CacheManager(options)


def test_options_must_be_a_mapping():
    with pytest.raises(ValueError, match="cache_options must be a dict or None"):
        CacheManager([("ttl", 5)])


def test_store_constructor_errors_are_not_hidden():
    with pytest.raises(ValueError, match="max_size must be a positive int"):
        CacheManager({"store_opts": {"max_size": 0}})


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("stormpath.cache.memory_store", "MemoryStore"),
        ("stormpath.cache.redis_store", "RedisStore"),
        ("stormpath.cache.memcached_store", "MemcachedStore"),
        ("stormpath.cache.null_cache_store", "NullCacheStore"),
        ("stormpath.cache.manager", "CacheManager"),
    ],
)
def test_old_sdk_import_paths(module, name):
    cls = getattr(importlib.import_module(module), name)
    assert cls is getattr(importlib.import_module("stormpath.cache"), name)
