"""Caching of API resources by href, with a time to live and a time to idle.

``stormpath.cache.manager.CacheManager`` is what the client uses; the stores are importable
from their old SDK modules (``stormpath.cache.memory_store.MemoryStore`` and so on) and from
here. The Redis and memcached client libraries are imported only when those stores are built.
"""

from stormpath.cache.cache import Cache
from stormpath.cache.entry import CacheEntry
from stormpath.cache.manager import CacheManager
from stormpath.cache.memcached_store import MemcachedStore
from stormpath.cache.memory_store import MemoryStore
from stormpath.cache.null_cache_store import NullCacheStore
from stormpath.cache.redis_store import RedisStore
from stormpath.cache.stats import CacheStats
from stormpath.cache.store import CacheStore

__all__ = [
    "Cache",
    "CacheEntry",
    "CacheManager",
    "CacheStats",
    "CacheStore",
    "MemcachedStore",
    "MemoryStore",
    "NullCacheStore",
    "RedisStore",
]
