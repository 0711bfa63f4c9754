"""Get, create, update and delete resources by href, through the cache.

The only user of `stormpath.http`. Every full resource received (including collection items
and expanded sub-resources) is cached under its href, for the kinds the old SDK cached.

An account's groups are cached too, as the complete first page of ``{account}/groups`` under
that href, so group checks on a warm cache cost no request. Every membership change this
client makes drops the pages it may affect (see `DataStore.forget_account_groups`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from stormpath.cache.manager import CacheManager
from stormpath.http import HttpExecutor, HttpResponse

__all__ = ["CACHED_KINDS", "DataStore", "is_complete_first_page"]

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

# A cached groups page carries the generation it was read in; a group deletion or change
# starts a new generation (held in the cache, so processes sharing it agree) and so retires
# every page at once, without the store having to list its keys.
_GENERATION_PATH = "/groups#pageGeneration"
_GENERATION_FIELD = "cachedInGeneration"
_PAGE_PARAMS = frozenset({"offset", "limit"})


def is_complete_first_page(page: Any) -> bool:
    """True for a collection page starting at offset 0 that holds every item (``size``)."""
    if not isinstance(page, Mapping) or not isinstance(page.get("items"), list):
        return False
    return not int(page.get("offset") or 0) and len(page["items"]) >= int(page.get("size") or 0)


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
        return _read_kind(self.base_url, href) in (_RESOURCE, _CUSTOM_DATA)

    def _segments(self, href: str) -> list[str]:
        """Path segments after the base URL (``[]`` for foreign hrefs or ones with a query)."""
        return _segments(self.base_url, href)

    def get_resource(self, href: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Return the resource at ``href``; plain reads (no query) may come from the cache,
        and so may any window (``offset``/``limit``, no other query) of an account's groups.

        Read-only for the caller: a resource from the cache (custom data apart) is the dict
        the cache shares with every reader (`Resource` copies what it hands out).
        """
        executor = self.executor
        href = executor.absolute(href)
        kind = _read_kind(executor.base_url, href)
        if kind is _GROUPS_PAGE and set(params or {}) <= _PAGE_PARAMS:
            return self._account_groups(href, params or {})
        if not params and kind is not None:
            cache = self.cache.cache
            # Custom data is user JSON that `CustomData` hands out as is: always a fresh copy.
            read = cache.get if kind is _CUSTOM_DATA else cache.get_shared
            cached = read(href)
            if cached is not None:
                return cached
        data = self.executor.request("GET", href, params=params).data
        self._cache_tree(data)
        return data

    def _account_groups(self, href: str, params: Mapping[str, Any]) -> dict[str, Any]:
        # Read the generation before the request: a change made meanwhile retires this page.
        generation = self._page_generation()
        cached = self.cache.get(href)
        if cached is not None and cached.get(_GENERATION_FIELD) == generation:
            return _window(cached, params)
        data = self.executor.request("GET", href, params=params).data
        self._cache_tree(data)
        if is_complete_first_page(data):
            self.cache.set(href, {**data, _GENERATION_FIELD: generation})
        return data

    def _page_generation(self) -> str:
        key = self.base_url + _GENERATION_PATH
        held = self.cache.get(key)
        if held is not None and isinstance(held.get("generation"), str):
            return str(held["generation"])
        # None yet (or evicted): a fresh one, so no page of an unknown generation is trusted.
        return self._new_page_generation()

    def _new_page_generation(self) -> str:
        generation = uuid.uuid4().hex
        self.cache.set(self.base_url + _GENERATION_PATH, {"generation": generation})
        return generation

    def forget_account_groups(self, account_href: str | None = None) -> None:
        """Drop the cached groups page of ``account_href`` (of every account when None)."""
        if account_href is None:
            self._new_page_generation()
        else:
            # Never raises, even for a foreign href (it names no cached page then).
            prefix = self.base_url if account_href.startswith("/") else ""
            self.cache.delete(f"{prefix}{account_href}/groups")

    def _touched_groups_pages(
        self, href: str, method: str, known: Mapping[str, Any] | None
    ) -> list[str | None]:
        """Accounts whose groups page a write to ``href`` changes (``[None]``: any account).

        ``known`` is the request body (POST) or the representation held of the deleted
        resource (DELETE); a membership whose account is unknown affects any account.
        """
        segments = self._segments(href)
        kind = segments[0] if segments else ""
        if segments == ["groupMemberships"] and method == "POST":
            return [_link_href(known, "account")]
        if len(segments) != 2:
            return []
        if kind == "accounts" and method == "DELETE":
            return [href]
        if kind == "groupMemberships" and method == "DELETE":
            return [_link_href(known, "account") or _link_href(self.cache.get(href), "account")]
        if kind == "groups" or (kind == "directories" and method == "DELETE"):
            return [None]  # a renamed, disabled or deleted group (or all of a directory's)
        return []

    def create_resource(
        self,
        href: str,
        data: Mapping[str, Any] | None,
        params: Mapping[str, Any] | None = None,
    ) -> HttpResponse:
        """POST ``data`` to a collection or action endpoint; the answer is cached."""
        href = self.executor.absolute(href)
        touched = self._touched_groups_pages(href, "POST", data)
        try:
            response = self.executor.request("POST", href, params=params, data=data or {})
        finally:
            self._forget_groups_pages(touched)
        self._cache_tree(response.data)
        return response

    def update_resource(
        self, href: str, data: Mapping[str, Any], params: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """POST a partial update to ``href``; the old cache entry goes, the new body is cached."""
        href = self.executor.absolute(href)
        touched = self._touched_groups_pages(href, "POST", data)
        self.uncache(href)
        try:
            response = self.executor.request("POST", href, params=params, data=data)
        finally:
            self._forget_groups_pages(touched)
        self._cache_tree(response.data)
        return response.data

    def delete_resource(self, href: str, known: Mapping[str, Any] | None = None) -> None:
        """DELETE ``href`` and drop it (and its custom data) from the cache.

        ``known`` is the representation the caller holds, if any: it tells which account's
        groups page a membership deletion changes.
        """
        href = self.executor.absolute(href)
        touched = self._touched_groups_pages(href, "DELETE", known)  # before uncaching it
        self.uncache(href)
        try:
            self.executor.request("DELETE", href)
        finally:
            self._forget_groups_pages(touched)

    def _forget_groups_pages(self, accounts: list[str | None]) -> None:
        for account_href in accounts:
            self.forget_account_groups(account_href)

    def uncache(self, href: str) -> None:
        """Forget ``href`` and its custom data."""
        href = self.executor.absolute(href)
        self.cache.delete(href)
        if not href.endswith("/customData"):
            self.cache.delete(href + "/customData")

    def remember(self, data: Mapping[str, Any]) -> None:
        """Cache a resource body obtained elsewhere (e.g. created in an emulator in-process)
        exactly as if this data store had fetched it."""
        self._cache_tree(data)

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
        # One pass caches what is nested and builds the parent as cached: an expanded
        # sub-resource becomes its ``{"href"}`` link there, so the parent never pins a stale
        # copy of a child cached on its own.
        collapsed: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(value, dict):
                if len(value) == 1 and "href" in value:
                    collapsed[key] = value  # a bare link (most values): nothing to cache
                    continue
                self._cache_tree(value)
                child = value.get("href")
                collapsed[key] = {"href": child} if isinstance(child, str) else value
                continue
            if isinstance(value, list):
                self._cache_tree(value)
            collapsed[key] = value
        if (
            isinstance(href, str)
            and len(data) > 1
            and "items" not in data
            and self.is_cacheable(href.partition("?")[0])
        ):
            self.cache.set(href, collapsed)


def _segments(base_url: str, href: str) -> list[str]:
    if not href.startswith(base_url + "/") or "?" in href:
        return []
    return href[len(base_url) + 1 :].split("/")


# What a plain GET of an href may be answered from (see `_read_kind`).
_RESOURCE = "resource"
_CUSTOM_DATA = "custom data"
_GROUPS_PAGE = "account groups page"


@lru_cache(maxsize=4096)
def _read_kind(base_url: str, href: str) -> str | None:
    """`_RESOURCE` or `_CUSTOM_DATA` for a cached kind, `_GROUPS_PAGE` for an account's
    groups, None for the rest (memoised: every read of the client asks, hot hrefs repeat)."""
    segments = _segments(base_url, href)
    if _account_groups_segments(segments):
        return _GROUPS_PAGE
    if not _cacheable_segments(segments):
        return None
    return _CUSTOM_DATA if len(segments) == 3 else _RESOURCE


def _cacheable_segments(segments: list[str]) -> bool:
    if not segments or segments[0] not in CACHED_KINDS:
        return False
    return len(segments) == 2 or (len(segments) == 3 and segments[2] == "customData")


def _account_groups_segments(segments: list[str]) -> bool:
    return len(segments) == 3 and segments[0] == "accounts" and segments[2] == "groups"


def _window(page: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    """The ``offset``/``limit`` window of a complete cached page, shaped as the API pages."""
    offset = int(params.get("offset") or 0)
    limit = int(params.get("limit") or page.get("limit") or 0)
    window = {k: v for k, v in page.items() if k != _GENERATION_FIELD}
    if offset or limit < len(page["items"]):
        window.update(offset=offset, limit=limit, items=page["items"][offset : offset + limit])
    return window


def _link_href(data: Mapping[str, Any] | None, name: str) -> str | None:
    link = (data or {}).get(name)
    href = link.get("href") if isinstance(link, Mapping) else link
    return href if isinstance(href, str) and href else None
