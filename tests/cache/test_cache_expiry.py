"""TTL and TTI expiry of the cache layer, driven by a fake clock."""

from __future__ import annotations

from typing import Any

import pytest

from stormpath.cache.cache import TOUCH_GRANULARITY, Cache
from stormpath.cache.entry import CacheEntry
from stormpath.cache.memory_store import MemoryStore
from stormpath.cache.store import CacheStore

HREF = "https://api.stormpath.com/v1/accounts/abc"
ACCOUNT = {"href": HREF, "email": "han@example.com", "customData": {"href": HREF + "/customData"}}


class RecordingStore(MemoryStore):
    """A memory store that remembers the ttl of every set()."""

    def __init__(self) -> None:
        super().__init__()
        self.ttls: list[float | None] = []

    def set(self, key: str, value: dict[str, Any], ttl: float | None = None) -> None:
        self.ttls.append(ttl)
        super().set(key, value, ttl)


@pytest.fixture(params=["get", "get_shared"])
def read(request: pytest.FixtureRequest) -> Any:
    """Both ways of reading: a private copy, or the value shared with other readers."""
    return lambda cache: getattr(cache, request.param)


def make_cache(clock: Any, store: CacheStore | None = None, **limits: Any) -> Cache:
    return Cache(MemoryStore() if store is None else store, clock=clock, **limits)


def test_get_returns_what_was_set(clock):
    cache = make_cache(clock)
    cache.set(HREF, ACCOUNT)
    assert cache.get(HREF) == ACCOUNT
    assert cache.get(HREF + "/other") is None


def test_ttl_expires_entries_even_when_read_often(clock, read):
    cache = make_cache(clock, ttl=10, tti=4)
    cache.set(HREF, ACCOUNT)
    for _ in range(3):
        clock.advance(3)  # each read comes before the TTI runs out
        assert read(cache)(HREF) == ACCOUNT
    clock.advance(1)  # 10 s since creation
    assert read(cache)(HREF) is None
    assert cache.stats.expired == 1


def test_tti_expires_idle_entries(clock, read):
    cache = make_cache(clock, ttl=100, tti=5)
    cache.set(HREF, ACCOUNT)
    clock.advance(4.9)
    assert read(cache)(HREF) == ACCOUNT
    clock.advance(4.9)  # idle 4.9 s since that read, 9.8 s since creation
    assert read(cache)(HREF) == ACCOUNT
    clock.advance(5)
    assert read(cache)(HREF) is None


def test_expired_entries_are_removed_from_the_store(clock, read):
    store = MemoryStore()
    cache = make_cache(clock, store, ttl=1, tti=None)
    cache.set(HREF, ACCOUNT)
    clock.advance(1)
    assert read(cache)(HREF) is None
    assert store.get(HREF) is None
    # Nothing comes back later either.
    assert read(cache)(HREF) is None
    assert cache.stats.as_dict()["expired"] == 1


def test_none_disables_a_limit(clock):
    cache = make_cache(clock, ttl=None, tti=None)
    cache.set(HREF, ACCOUNT)
    clock.advance(10**9)
    assert cache.get(HREF) == ACCOUNT


def test_zero_ttl_caches_nothing_and_drops_an_older_value(clock):
    store = MemoryStore()
    Cache(store, clock=clock).set(HREF, ACCOUNT)
    cache = make_cache(clock, store, ttl=0)
    cache.set(HREF, {"href": HREF, "email": "new@example.com"})
    assert store.get(HREF) is None
    assert cache.get(HREF) is None


def test_store_gets_the_time_left_as_backstop(clock, read):
    store = RecordingStore()
    cache = make_cache(clock, store, ttl=30, tti=10)
    cache.set(HREF, ACCOUNT)
    for _ in range(3):
        clock.advance(8)
        assert read(cache)(HREF) == ACCOUNT
    # Set with 10 s (the TTI), then each read restarts the TTI until the TTL, 6 s away at the
    # last read, is nearer.
    assert store.ttls == [10, 10, 10, pytest.approx(6)]
    unlimited = RecordingStore()
    make_cache(clock, unlimited, ttl=None, tti=None).set(HREF, ACCOUNT)
    assert unlimited.ttls == [None]


def test_reads_record_their_time_at_most_once_per_granularity(clock, read):
    store = RecordingStore()
    cache = make_cache(clock, store, ttl=None, tti=300)
    cache.set(HREF, ACCOUNT)
    created = clock.now
    for _ in range(5):
        clock.advance(TOUCH_GRANULARITY / 10)
        assert read(cache)(HREF) == ACCOUNT
    assert len(store.ttls) == 1  # only the set(): the hits did not write the entry back
    clock.advance(TOUCH_GRANULARITY)
    assert read(cache)(HREF) == ACCOUNT
    assert len(store.ttls) == 2
    entry = CacheEntry.from_dict(store.get(HREF))
    assert entry == CacheEntry(ACCOUNT, created, clock.now)
    # Idle for the TTI since that recorded read: expired.
    clock.advance(300)
    assert read(cache)(HREF) is None


def test_entries_carry_their_timestamps(clock):
    store = MemoryStore()
    cache = make_cache(clock, store)
    cache.set(HREF, ACCOUNT)
    created = clock.now
    clock.advance(7)
    cache.get(HREF)
    entry = CacheEntry.from_dict(store.get(HREF))
    assert entry == CacheEntry(ACCOUNT, created, created + 7)


@pytest.mark.parametrize(
    "stored",
    [
        {"value": "not a dict", "created_at": 1, "last_accessed_at": 1},
        {"value": {}, "created_at": "soon", "last_accessed_at": 1},
        {"value": {}},
        {"something": "else"},
    ],
)
def test_unreadable_entries_are_misses(clock, stored):
    store = MemoryStore()
    store.set(HREF, stored)
    cache = make_cache(clock, store)
    assert cache.get(HREF) is None
    assert cache.stats.misses == 1


def test_callers_cannot_change_cached_values(clock):
    cache = make_cache(clock)
    data = {"href": HREF, "items": [1, 2]}
    cache.set(HREF, data)
    data["items"].append(3)
    cache.get(HREF)["items"].append(4)
    assert cache.get(HREF) == {"href": HREF, "items": [1, 2]}


def test_values_must_be_json_dicts(clock):
    cache = make_cache(clock)
    with pytest.raises(TypeError, match="dict"):
        cache.set(HREF, ["not", "a", "dict"])
    with pytest.raises(TypeError):
        cache.set(HREF, {"when": object()})


def test_stats_count_hits_misses_sets_and_deletes(clock):
    cache = make_cache(clock, ttl=5, tti=5)
    cache.get(HREF)
    cache.set(HREF, ACCOUNT)
    cache.get(HREF)
    cache.get(HREF)
    clock.advance(5)
    cache.get(HREF)
    cache.delete(HREF)
    assert cache.stats.as_dict() == {
        "hits": 2,
        "misses": 2,
        "expired": 1,
        "sets": 1,
        "deletes": 1,
    }
    assert cache.stats.hits == 2
    assert cache.stats.hit_ratio == 0.5


def test_delete_and_clear(clock):
    cache = make_cache(clock)
    cache.set(HREF, ACCOUNT)
    cache.set(HREF + "x", ACCOUNT)
    cache.delete(HREF)
    assert cache.get(HREF) is None
    assert cache.get(HREF + "x") == ACCOUNT
    cache.clear()
    assert cache.get(HREF + "x") is None


class CountingStore(CacheStore):
    """A store answering from elsewhere (as Redis does): every get() is counted."""

    def __init__(self) -> None:
        self.inner = MemoryStore()
        self.gets = 0

    def get(self, key: str) -> dict[str, Any] | None:
        self.gets += 1
        return self.inner.get(key)

    def set(self, key: str, value: dict[str, Any], ttl: float | None = None) -> None:
        self.inner.set(key, value, ttl)

    def delete(self, key: str) -> None:
        self.inner.delete(key)

    def clear(self) -> None:
        self.inner.clear()


def test_a_store_out_of_process_is_asked_once_per_shared_read(clock):
    store = CountingStore()
    cache = make_cache(clock, store, ttl=None, tti=300)
    assert cache.get_shared(HREF) is None  # a miss
    cache.set(HREF, ACCOUNT)
    assert cache.get_shared(HREF) == ACCOUNT  # a hit
    clock.advance(TOUCH_GRANULARITY)
    assert cache.get_shared(HREF) == ACCOUNT  # a hit recording its time
    assert store.gets == 3


def test_a_slow_network_store_does_not_hold_up_memory_caches():
    """A cache on a network store holds a key's lock for a round trip: memory caches, which
    share theirs, must not wait on it."""
    import threading

    entered, release = threading.Event(), threading.Event()

    class SlowStore(CountingStore):
        def get(self, key: str) -> dict[str, Any] | None:
            entered.set()
            release.wait(10)
            return super().get(key)

    slow = Cache(SlowStore())
    reader = threading.Thread(target=slow.get, args=(HREF,))
    reader.start()
    try:
        assert entered.wait(10)  # the slow read now holds its lock for HREF
        memory = Cache(MemoryStore())
        done = threading.Event()

        def write_and_read() -> None:
            memory.set(HREF, ACCOUNT)
            memory.get(HREF)
            done.set()

        threading.Thread(target=write_and_read, daemon=True).start()
        assert done.wait(5)
    finally:
        release.set()
        reader.join(10)
