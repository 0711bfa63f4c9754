"""MemoryStore: bounds, its ttl backstop and thread safety."""

from __future__ import annotations

import threading

import pytest

from stormpath.cache.cache import Cache
from stormpath.cache.memory_store import MemoryStore


def test_len_counts_entries():
    store = MemoryStore()
    assert len(store) == 0
    store["a"] = {"n": 1}
    store["b"] = {"n": 2}
    assert len(store) == 2
    del store["a"]
    assert len(store) == 1


def test_max_size_evicts_the_least_recently_used():
    store = MemoryStore(max_size=2)
    store.set("a", {"n": 1})
    store.set("b", {"n": 2})
    store.get("a")  # "b" is now the least recently used
    store.set("c", {"n": 3})
    assert len(store) == 2
    assert store.get("b") is None
    assert store.get("a") == {"n": 1}
    assert store.get("c") == {"n": 3}


@pytest.mark.parametrize("max_size", [0, -1, 1.5, True, "10"])
def test_max_size_must_be_a_positive_int(max_size):
    with pytest.raises(ValueError, match="max_size"):
        MemoryStore(max_size=max_size)


def test_ttl_drops_entries(clock):
    store = MemoryStore(clock=clock)
    store.set("a", {"n": 1}, ttl=5)
    store.set("forever", {"n": 2})
    clock.advance(4.9)
    assert store.get("a") == {"n": 1}
    clock.advance(0.1)
    assert store.get("a") is None
    assert store.get("forever") == {"n": 2}


def test_expired_entries_nobody_reads_are_swept(clock):
    store = MemoryStore(clock=clock)
    for i in range(10):
        store.set(f"old{i}", {"n": i}, ttl=1)
    clock.advance(2)
    for i in range(20):
        store.set(f"new{i}", {"n": i})
    assert len(store) == 20


def test_threads_do_not_corrupt_the_store():
    store = MemoryStore(max_size=50)
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work(worker: int) -> None:
        try:
            start.wait()
            for i in range(2000):
                key = f"k{(worker * 7 + i) % 80}"
                store.set(key, {"worker": worker, "i": i}, ttl=60)
                value = store.get(key)
                # Another thread may have replaced or evicted it, never half-written it.
                assert value is None or set(value) == {"worker", "i"}
                if i % 5 == 0:
                    store.delete(key)
                assert len(store) <= 50
        except BaseException as exc:  # handed to the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert 0 < len(store) <= 50
    store.clear()
    assert len(store) == 0


def test_get_shared_decodes_once_until_the_entry_is_replaced():
    store = MemoryStore()
    store.set("a", {"items": [1]})
    shared = store.get_shared("a")
    assert shared == {"items": [1]}
    assert store.get_shared("a") is shared
    assert store.get("a") is not shared  # get() still hands out a copy of its own
    store.set("a", {"items": [2]})
    assert store.get_shared("a") == {"items": [2]}
    store.delete("a")
    assert store.get_shared("a") is None


def test_cache_stats_count_concurrent_reads_exactly():
    cache = Cache(MemoryStore())
    cache.set("a", {"n": 1})

    def read() -> None:
        for _ in range(500):
            cache.get_shared("a")
            cache.get("missing")

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.stats.as_dict() == {
        "hits": 4000,
        "misses": 4000,
        "expired": 0,
        "sets": 1,
        "deletes": 0,
    }
    assert cache.stats.hit_ratio == 0.5


def test_shared_reads_keep_a_bounded_store_in_recency_order():
    store = MemoryStore(max_size=2)
    store.set("a", {"n": 1})
    store.set("b", {"n": 2})
    assert store.get_shared("a") == {"n": 1}
    assert store.get_shared("b") == {"n": 2}
    assert store.get_shared("a") == {"n": 1}  # decoded already: still marks "a" as used
    store.set("c", {"n": 3})
    assert store.get("b") is None
    assert store.get_shared("a") == {"n": 1}


def test_a_shared_entry_past_its_ttl_is_gone(clock):
    store = MemoryStore(clock=clock)
    store.set("a", {"n": 1}, ttl=5)
    assert store.get_shared("a") == {"n": 1}
    clock.advance(4.9)
    assert store.get_shared("a") == {"n": 1}
    clock.advance(0.1)
    assert store.get_shared("a") is None
    assert len(store) == 0
