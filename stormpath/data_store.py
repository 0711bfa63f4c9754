"""Get, create, update and delete resources by href, through the cache.

The only user of `stormpath.http`. Every full resource received (including collection items
and expanded sub-resources) is cached under its href, for the kinds the old SDK cached.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from stormpath.cache.manager import CacheManager
from stormpath.http import HttpExecutor, HttpResponse

__all__ = ["CACHED_KINDS", "DataStore"]

# Top-level path segments whose instances are cached (as the old SDK's cache regions).
# Tokens and login attempts are deliberately absent: their state changes server-side.
CACHED_KINDS = frozenset(
    {
        "accounts",
        "accountStoreMappings",
        "apiKeys",
        "applications",
        "directories",
        "groupMemberships",
        "groups",
        "organizations",
        "tenants",
    }
)


class DataStore:
    """Resource storage over HTTP with a read-through cache keyed by href."""

    def __init__(self, executor: HttpExecutor, cache: CacheManager) -> None:
        self.executor = executor
        self.cache = cache

    @property
    def base_url(self) -> str:
        return self.executor.base_url

    def is_cacheable(self, href: str) -> bool:
        """True for ``{base}/{kind}/{id}`` and ``{base}/{kind}/{id}/customData`` of cached kinds."""
        if not href.startswith(self.base_url + "/") or "?" in href:
            return False
        segments = href[len(self.base_url) + 1 :].split("/")
        if segments[0] not in CACHED_KINDS:
            return False
        return len(segments) == 2 or (len(segments) == 3 and segments[2] == "customData")

    def get_resource(self, href: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Return the resource at ``href``; plain reads (no query) may come from the cache."""
        href = self.executor.absolute(href)
        if not params and "?" not in href and self.is_cacheable(href):
            cached = self.cache.get(href)
            if cached is not None:
                return cached
        data = self.executor.request("GET", href, params=params).data
        self._cache_tree(data)
        return data

    def create_resource(
        self,
        href: str,
        data: Mapping[str, Any] | None,
        params: Mapping[str, Any] | None = None,
    ) -> HttpResponse:
        """POST ``data`` to a collection or action endpoint; the answer is cached."""
        response = self.executor.request("POST", href, params=params, data=data or {})
        self._cache_tree(response.data)
        return response

    def update_resource(
        self, href: str, data: Mapping[str, Any], params: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """POST a partial update to ``href``; the old cache entry goes, the new body is cached."""
        self.uncache(href)
        response = self.executor.request("POST", href, params=params, data=data)
        self._cache_tree(response.data)
        return response.data

    def delete_resource(self, href: str) -> None:
        """DELETE ``href`` and drop it (and its custom data) from the cache."""
        self.uncache(href)
        self.executor.request("DELETE", href)

    def uncache(self, href: str) -> None:
        """Forget ``href`` and its custom data."""
        href = self.executor.absolute(href)
        self.cache.delete(href)
        if not href.endswith("/customData"):
            self.cache.delete(href + "/customData")

    def _cache_tree(self, data: Any) -> None:
        """Cache every full resource found in ``data`` (depth-first, collections included)."""
        if isinstance(data, list):
            for item in data:
                self._cache_tree(item)
            return
        if not isinstance(data, dict):
            return
        href = data.get("href")
        if isinstance(href, str) and href.endswith("/customData"):
            # Custom data values are user JSON: cache verbatim, never look inside.
            if len(data) > 1 and self.is_cacheable(href):
                self.cache.set(href, data)
            return
        for value in data.values():
            if isinstance(value, dict | list):
                self._cache_tree(value)
        if (
            isinstance(href, str)
            and len(data) > 1
            and "items" not in data
            and self.is_cacheable(urlsplit(href)._replace(query="").geturl())
        ):
            self.cache.set(href, _collapse_links(data))


def _collapse_links(data: dict[str, Any]) -> dict[str, Any]:
    """Replace expanded sub-resources by their ``{"href"}`` link before caching the parent.

    A cached parent must not pin stale copies of its children; they are cached on their own.
    """
    collapsed: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(value.get("href"), str) and len(value) > 1:
            collapsed[key] = {"href": value["href"]}
        else:
            collapsed[key] = value
    return collapsed
