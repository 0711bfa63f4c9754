"""What only the Redis and memcached stores do: key layout, shared namespaces, outages."""

from __future__ import annotations

import logging
import sys

import pytest
import redis
from pymemcache.client.base import Client as MemcacheClient

from stormpath.cache.manager import CacheManager
from stormpath.cache.memcached_store import MAX_KEY_LENGTH, MemcachedStore
from stormpath.cache.redis_store import RedisStore

HOST = "127.0.0.1"
HREF = "https://api.stormpath.com/v1/accounts/abc"
LOGGER = "stormpath.cache"


def redis_store(port, prefix="remote:"):
    return RedisStore(host=HOST, port=port, prefix=prefix)


def memcached_store(port, prefix="remote:"):
    return MemcachedStore(host=HOST, port=port, prefix=prefix)


STORES = {"redis": ("redis-server", redis_store), "memcached": ("memcached", memcached_store)}


@pytest.fixture(params=sorted(STORES))
def kind(request):
    return request.param


@pytest.fixture
def store_on(kind, request):
    """Builds a store of ``kind`` on the session's server of that kind."""
    server = request.getfixturevalue(f"{kind}_server")
    made = []

    def make(prefix="remote:"):
        store = STORES[kind][1](server.port, prefix)
        made.append(store)
        return store

    yield make
    for store in made:
        store.clear()


# --- sharing a server ---------------------------------------------------------------------


def test_stores_with_one_prefix_share_entries(store_on):
    first, second = store_on("shared:"), store_on("shared:")
    first.set(HREF, {"a": 1})
    assert second.get(HREF) == {"a": 1}
    second.clear()
    assert first.get(HREF) is None


def test_redis_keys_are_prefix_plus_key(redis_server):
    store = redis_store(redis_server.port, prefix="layout:")
    store.set(HREF, {"a": 1}, ttl=30)
    raw = redis.Redis(host=HOST, port=redis_server.port)
    assert raw.get("layout:" + HREF) == b'{"a":1}'
    assert 0 < raw.pttl("layout:" + HREF) <= 30_000
    store.set(HREF, {"a": 1})
    assert raw.pttl("layout:" + HREF) == -1  # no ttl: no expiry
    store.clear()


def test_redis_clear_takes_the_prefix_literally(redis_server):
    # "*" in a prefix must not act as a glob and clear another store's keys.
    star, plain = redis_store(redis_server.port, "glob*:"), redis_store(redis_server.port, "globx:")
    star.set(HREF, {"a": 1})
    plain.set(HREF, {"b": 2})
    star.clear()
    assert star.get(HREF) is None
    assert plain.get(HREF) == {"b": 2}
    plain.clear()


def test_redis_clear_removes_more_keys_than_one_batch(redis_server):
    store = redis_store(redis_server.port, "many:")
    raw = redis.Redis(host=HOST, port=redis_server.port)
    with raw.pipeline(transaction=False) as pipe:
        for i in range(1200):
            pipe.set(f"many:{HREF}/{i}", "{}")
        pipe.execute()
    store.clear()
    assert list(raw.scan_iter(match="many:*")) == []


def test_redis_url_option(redis_server):
    store = RedisStore(url=f"redis://{HOST}:{redis_server.port}/1", prefix="url:")
    store.set(HREF, {"db": 1})
    assert redis.Redis(host=HOST, port=redis_server.port, db=1).get("url:" + HREF) == b'{"db":1}'
    assert redis_store(redis_server.port, "url:").get(HREF) is None  # db 0
    store.clear()


@pytest.mark.parametrize(
    "key",
    [
        HREF + "/" + "x" * 300,  # too long
        "https://api.stormpath.com/v1/search?q=han solo",  # space
        "https://api.stormpath.com/v1/accounts/élodie",  # not ASCII
        "line\nbreak",  # control character
    ],
)
def test_memcached_hashes_keys_it_cannot_store_as_is(memcached_server, key):
    store = memcached_store(memcached_server.port, "hash:")
    store.set(key, {"key": key})
    assert store.get(key) == {"key": key}
    server_key = store.server_key(key, store.namespace())
    assert len(server_key) <= MAX_KEY_LENGTH
    assert server_key.isascii() and " " not in server_key and server_key.isprintable()
    assert server_key.startswith("hash:") and ":h:" in server_key
    raw = MemcacheClient((HOST, memcached_server.port), default_noreply=False)
    assert raw.get(server_key) is not None
    store.delete(key)
    assert store.get(key) is None
    store.clear()


def test_memcached_keeps_plain_keys_readable():
    store = MemcachedStore.__new__(MemcachedStore)  # key building needs no server
    store.prefix = "p:"
    assert store.server_key(HREF, "p:7:") == f"p:7:k:{HREF}"
    # A key that looks like a hash stays apart from the hashed form of another key.
    assert store.server_key("h:" + "0" * 64, "p:7:") == "p:7:k:h:" + "0" * 64


def test_memcached_clear_bumps_the_namespace(memcached_server):
    store = memcached_store(memcached_server.port, "bump:")
    store.set(HREF, {"a": 1})
    before = store.namespace()
    store.clear()
    assert store.namespace() != before
    assert store.get(HREF) is None


def test_memcached_evicted_namespace_does_not_revive_old_entries(memcached_server):
    store = memcached_store(memcached_server.port, "evict:")
    store.set(HREF, {"a": 1})
    raw = MemcacheClient((HOST, memcached_server.port), default_noreply=False)
    raw.delete("evict:ns")  # as if memcached had evicted the version key
    assert store.get(HREF) is None
    store.set(HREF, {"a": 2})
    assert store.get(HREF) == {"a": 2}
    store.clear()


def test_memcached_refusing_a_value_drops_the_old_one(memcached_server, caplog):
    store = memcached_store(memcached_server.port, "big:")
    store.set(HREF, {"small": True})
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        store.set(HREF, {"blob": "x" * (2 * 1024 * 1024)})  # over memcached's 1 MB item limit
    assert store.get(HREF) is None  # no stale small value left behind
    assert "set" in caplog.text
    store.clear()


@pytest.mark.parametrize("prefix", ["", "has space:", "é:", "x" * 101])
def test_memcached_prefix_must_be_a_valid_key(prefix):
    with pytest.raises(ValueError, match="memcached prefix"):
        MemcachedStore(prefix=prefix)


def test_values_that_are_not_json_objects_are_misses(kind, request, caplog):
    server = request.getfixturevalue(f"{kind}_server")
    store = STORES[kind][1](server.port, "junk:")
    if kind == "redis":
        redis.Redis(host=HOST, port=server.port).set("junk:" + HREF, b"not json")
    else:
        key = store.server_key(HREF, store.namespace())
        MemcacheClient((HOST, server.port), default_noreply=False).set(key, b"[1, 2]")
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert store.get(HREF) is None
    assert "not a JSON object" in caplog.text
    store.clear()


# --- outages ------------------------------------------------------------------------------


def warnings_in(caplog):
    return [
        r for r in caplog.records if r.levelno == logging.WARNING and r.name == "stormpath.cache"
    ]


def test_unreachable_server_behaves_as_a_miss(kind, closed_port, caplog):
    store = STORES[kind][1](closed_port, "down:")
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        store.set(HREF, {"a": 1})
        assert store.get(HREF) is None
        store.delete(HREF)
        store.clear()
        store[HREF] = {"a": 1}
        assert store[HREF] is None
    # One warning for the outage, naming the server; the repeats go to debug.
    [warning] = warnings_in(caplog)
    assert f"{HOST}:{closed_port}" in warning.getMessage()
    assert "unavailable" in warning.getMessage()


def test_client_cache_survives_an_unreachable_server(kind, closed_port):
    store_class = {"redis": RedisStore, "memcached": MemcachedStore}[kind]
    cache = CacheManager({"store": store_class, "store_opts": {"host": HOST, "port": closed_port}})
    cache.set(HREF, {"a": 1})
    assert cache.get(HREF) is None
    cache.delete(HREF)
    cache.clear()
    assert cache.stats.misses == 1


def test_server_going_away_and_coming_back(kind, private_server, caplog):
    binary, make = STORES[kind]
    server = private_server(binary)
    store = make(server.port, "flaky:")
    store.set(HREF, {"a": 1})
    assert store.get(HREF) == {"a": 1}

    server.stop()
    with caplog.at_level(logging.INFO, logger=LOGGER):
        assert store.get(HREF) is None
        store.set(HREF, {"a": 2})
        assert len(warnings_in(caplog)) == 1

        private_server(binary, port=server.port)  # a fresh, empty server on the same port
        assert store.get(HREF) is None
        store.set(HREF, {"a": 3})
        assert store.get(HREF) == {"a": 3}
    assert "answering again" in caplog.text


@pytest.mark.parametrize(
    ("module", "store_class", "extra"),
    [("redis", RedisStore, "redis"), ("pymemcache", MemcachedStore, "memcached")],
)
def test_missing_client_library_gives_a_clear_error(monkeypatch, module, store_class, extra):
    monkeypatch.setitem(sys.modules, module, None)  # makes "import module" fail
    with pytest.raises(ImportError, match=rf"needs the '{module}' package: .*\[{extra}\]"):
        store_class()
