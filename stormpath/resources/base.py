"""Resource and collection base classes.

A resource holds the camelCase JSON it last received (``_data``) and the changes made since
(``_dirty``); attributes are read in snake_case. Links are followed lazily: the first access
to an attribute the resource does not hold yet GETs it (through the data store's cache).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from functools import lru_cache
from itertools import islice
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from stormpath.client import Client
    from stormpath.data_store import DataStore

__all__ = [
    "BY_HREF",
    "CollectionResource",
    "Expansion",
    "Resource",
    "StatusMixin",
    "class_for_href",
    "resource_class",
    "to_camel",
    "to_snake",
]

_REGISTRY: dict[str, type[Resource]] = {}
# Link target resolved from the linked href's path (e.g. an account store: directory or group).
BY_HREF = "<by href>"
# API path segment → resource class name, for dispatching on an href.
_KIND_CLASSES = {
    "accounts": "Account",
    "accountStoreMappings": "AccountStoreMapping",
    "applications": "Application",
    "emailTemplates": "EmailTemplate",
    "directories": "Directory",
    "groupMemberships": "GroupMembership",
    "groups": "Group",
    "tenants": "Tenant",
}
TIMESTAMP_KEYS = frozenset({"createdAt", "modifiedAt", "passwordModifiedAt"})
# Largest page the API serves: fewer round trips when iterating.
MAX_PAGE_LIMIT = 100
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# Attributes holding user-keyed JSON: sent verbatim (no camelCasing inside).
VERBATIM_KEYS = frozenset({"customData", "defaultModel"})
_CONTAINERS = (dict, list)
# The query of a resource read without one (read-only, shared by all of them).
_NO_QUERY: Mapping[str, Any] = MappingProxyType({})


@lru_cache(maxsize=1024)
def to_camel(name: str) -> str:
    """``given_name`` → ``givenName``; camelCase input is returned unchanged."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def to_snake(name: str) -> str:
    """``givenName`` → ``given_name``."""
    return _CAMEL_BOUNDARY.sub("_", name).lower()


def resource_class(name: str) -> type[Resource]:
    """Look up a resource class by name (resolves links without import cycles)."""
    return _REGISTRY[name]


def class_for_href(href: str, base_url: str, default: str = "Resource") -> type[Resource]:
    """Pick the resource class from the href's first path segment after the base URL."""
    kind = href[len(base_url) :].lstrip("/").split("/", 1)[0] if href.startswith(base_url) else ""
    return resource_class(_KIND_CLASSES.get(kind, default))


def _parse_timestamp(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    return value


class _Declared:
    """A declared attribute of a resource class: reads and writes go to the instance's
    ``_get`` and ``_assign``, as undeclared (server-sent) attributes do through __getattr__."""

    __slots__ = ("key", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        self.key = to_camel(name)

    def __get__(self, resource: Resource | None, owner: type | None = None) -> Any:
        if resource is None:
            return self
        return resource._get(self.name, self.key)

    def __set__(self, resource: Resource, value: Any) -> None:
        resource._assign(self.name, value)


class Resource:
    """One API resource addressed by ``href``.

    Subclasses declare ``writable_attrs`` (snake_case names ``save()`` may send),
    ``link_attrs`` (name → class name of linked resources and collections),
    ``derived_links`` (links whose href is ``{href}/{camelName}``, so no GET is needed to
    follow them) and ``readonly_attrs`` (known plain attributes that read as None when absent).
    """

    writable_attrs: ClassVar[frozenset[str]] = frozenset()
    readonly_attrs: ClassVar[frozenset[str]] = frozenset({"created_at", "modified_at"})
    link_attrs: ClassVar[Mapping[str, str]] = {}
    derived_links: ClassVar[frozenset[str]] = frozenset()
    # Children whose pending changes are saved by this resource's save().
    saved_with_parent: ClassVar[frozenset[str]] = frozenset()

    def __init__(
        self,
        client: Client,
        href: str | None = None,
        properties: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
    ) -> None:
        state = self.__dict__
        state["_client"] = client
        state["_href"] = href
        # Never changed in place (a narrower query makes a new resource): no query, one dict.
        state["_query"] = dict(query) if query else _NO_QUERY
        state["_dirty"] = {}
        state["_children"] = {}
        if properties and properties.get("href"):
            self._apply_server(properties)
            return
        state["_data"] = {}
        state["_loaded"] = False
        if properties:
            for name, value in properties.items():
                self._set(to_snake(name), value)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # First definition wins: an application's subclass (e.g. Flask's User) must not
        # replace the class links resolve to.
        _REGISTRY.setdefault(cls.__name__, cls)
        # Declared attributes get a descriptor: reading one then skips the failed normal
        # look-up (and its AttributeError) that reaching __getattr__ costs.
        for name in (*cls.writable_attrs, *cls.readonly_attrs, *cls.link_attrs):
            if not hasattr(cls, name):
                setattr(cls, name, _Declared(name))

    # -- plumbing ---------------------------------------------------------------------------

    @property
    def href(self) -> str | None:
        """The resource's absolute URL (None until created)."""
        return self._href

    @property
    def _store(self) -> DataStore:
        return self._client.data_store

    def _apply_server(self, data: Mapping[str, Any]) -> None:
        """Take a representation received from the API as the current state."""
        state = self.__dict__
        # Held as given, never changed in place (changes go to _dirty, a new body replaces it):
        # a body from the cache is shared with its other readers.
        state["_data"] = data
        state["_href"] = data.get("href") or self._href
        state["_loaded"] = len(data) > 1
        if self._children:
            # Children may be stale now; keep only those holding unsaved changes.
            state["_children"] = {
                name: child for name, child in self._children.items() if child._has_pending()
            }

    def _has_pending(self) -> bool:
        return bool(self._dirty)

    def _ensure_loaded(self) -> None:
        if not self._loaded and self._href:
            self._apply_server(self._store.get_resource(self._href, self._query or None))

    def _known(self, name: str) -> bool:
        return name in self.writable_attrs or name in self.readonly_attrs or name in self.link_attrs

    # -- attribute access -------------------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._get(name)

    def _get(self, name: str, key: str | None = None) -> Any:
        """The attribute ``name`` (camelCase ``key``, derived when not given)."""
        state = self.__dict__
        children = state["_children"]
        if name in children:
            return children[name]
        if key is None:
            key = to_camel(name)
        dirty = state["_dirty"]
        if key in dirty:
            return dirty[key]
        if name in self.link_attrs:
            return self._link(name, key)
        if key not in state["_data"]:
            self._ensure_loaded()
        data = state["_data"]  # replaced by the load
        if key in data:
            value = data[key]
            if key in TIMESTAMP_KEYS:
                return _parse_timestamp(value)
            # Held containers may be the cache's shared copy: hand out a copy (assign to change).
            return copy.deepcopy(value) if isinstance(value, _CONTAINERS) else value
        if self._known(name):
            return None
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")

    def _link(self, name: str, key: str) -> Any:
        link = self._data.get(key)
        if link is None and key not in self._data:
            # Derive the href (no GET) unless a pending expand would embed the child.
            if name in self.derived_links and self._href and not self._query:
                link = {"href": f"{self._href}/{key}"}
            else:
                self._ensure_loaded()
                link = self._data.get(key)
        if not isinstance(link, Mapping) or not link.get("href"):
            return None
        child = self._make_child(self.link_attrs[name], link)
        self._children[name] = child
        return child

    def _make_child(self, class_name: str, link: Mapping[str, Any]) -> Resource:
        href = str(link["href"])
        if class_name == BY_HREF:
            cls = class_for_href(href, self._store.base_url)
        else:
            cls = resource_class(class_name)
        return cls(self._client, href=href, properties=link if len(link) > 1 else None)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_") or hasattr(type(self), name):
            object.__setattr__(self, name, value)  # a declared attribute's goes to _assign
        else:
            self._assign(name, value)

    def _assign(self, name: str, value: Any) -> None:
        if name in self.writable_attrs:
            self._set(name, value)
        elif self._known(name):
            raise AttributeError(f"{type(self).__name__}.{name} is read-only")
        else:
            raise AttributeError(f"{type(self).__name__} has no writable attribute {name!r}")

    def _set(self, name: str, value: Any) -> None:
        if name in self.saved_with_parent and isinstance(value, Mapping) and self._href:
            # e.g. ``account.custom_data = {...}`` on a saved account: merge into the child.
            self._get(name).update(value)
            return
        self._children.pop(name, None)
        self._dirty[to_camel(name)] = value

    # -- serialization ----------------------------------------------------------------------

    def _changes(self) -> dict[str, Any]:
        """The JSON body for ``save()``: changed attributes only."""
        return {key: serialize_value(key, value) for key, value in self._dirty.items()}

    def _create_body(self) -> dict[str, Any]:
        """The JSON body to create this (not yet created) resource."""
        merged = {**self._data, **self._dirty}
        return {k: serialize_value(k, v) for k, v in merged.items() if v is not None}

    # -- persistence ------------------------------------------------------------------------

    def save(self) -> Resource:
        """Send the changed attributes (if any), then pending child changes (custom data)."""
        if not self._href:
            raise ValueError(
                f"This {type(self).__name__} has no href yet: create it with a collection's "
                "create()."
            )
        if self._dirty:
            data = self._store.update_resource(self._href, self._changes())
            self._dirty.clear()
            self._apply_server(data)
        for name in self.saved_with_parent:
            child = self._children.get(name)
            if child is not None and child._has_pending():
                child.save()
        return self

    def delete(self) -> None:
        """Delete the resource (DELETE on its href)."""
        if not self._href:
            raise ValueError(f"This {type(self).__name__} has no href: nothing to delete.")
        self._store.delete_resource(self._href, self._data)

    def refresh(self) -> Resource:
        """Drop local changes and cached data, and read the resource again."""
        self._dirty.clear()
        self._children.clear()
        self.__dict__["_loaded"] = False
        if self._href:
            self._store.uncache(self._href)
            self._ensure_loaded()
        return self

    # -- conveniences -----------------------------------------------------------------------

    def keys(self) -> list[str]:
        """snake_case names of the properties held (loads the resource first)."""
        self._ensure_loaded()
        names = dict.fromkeys(to_snake(k) for k in [*self._data, *self._dirty])
        return list(names)

    def __getitem__(self, name: str) -> Any:
        return self._get(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def to_dict(self) -> dict[str, Any]:
        """Plain snake_case properties (links as ``{"href"}``); loads the resource first."""
        self._ensure_loaded()
        merged = {**self._data, **self._dirty}
        return {to_snake(k): serialize_value(k, v) for k, v in merged.items()}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Resource):
            return NotImplemented
        if self._href is None or other.href is None:
            return self is other
        return self._href == other.href

    def __hash__(self) -> int:
        return hash(self._href) if self._href else id(self)

    def __repr__(self) -> str:
        label = next(
            (f" {k}={self._data[k]!r}" for k in ("email", "name", "username") if k in self._data),
            "",
        )
        return f"<{type(self).__name__} href={self._href!r}{label}>"


def serialize_value(key: str, value: Any) -> Any:
    """JSON for one attribute: resources become ``{"href"}`` links; custom data and email
    template models stay verbatim."""
    if isinstance(value, Resource):
        if value.href:
            return {"href": value.href}
        return value._create_body()
    if key in VERBATIM_KEYS and isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, Mapping):
        return {to_camel(str(k)): serialize_value(to_camel(str(k)), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [serialize_value(key, item) for item in value]
    return value


class Expansion:
    """The old SDK's ``expand`` builder: ``Expansion('customData').add_property('groups',
    offset=0, limit=5)`` renders ``customData,groups(offset:0,limit:5)``."""

    def __init__(self, *names: str) -> None:
        self.items: dict[str, dict[str, int]] = {to_camel(name): {} for name in names}

    def add_property(
        self, name: str, offset: int | None = None, limit: int | None = None
    ) -> Expansion:
        options = {k: v for k, v in (("offset", offset), ("limit", limit)) if v is not None}
        self.items[to_camel(name)] = options
        return self

    def __str__(self) -> str:
        parts = []
        for name, options in self.items.items():
            inner = ",".join(f"{k}:{v}" for k, v in options.items())
            parts.append(f"{name}({inner})" if inner else name)
        return ",".join(parts)

    def __repr__(self) -> str:
        return f"Expansion({str(self)!r})"


class StatusMixin:
    """``status`` helpers and constants shared by accounts, applications, directories, groups."""

    STATUS_ENABLED = "ENABLED"
    STATUS_DISABLED = "DISABLED"

    status: Any

    def is_enabled(self) -> bool:
        return self.status == self.STATUS_ENABLED

    def is_disabled(self) -> bool:
        return self.status == self.STATUS_DISABLED


class CollectionResource(Resource):
    """A paged collection: iterate, ``len()``, index, slice, search, order, create.

    ``query`` holds camelCase query parameters. A page embedded by ``expand`` serves reads
    without a request when it is complete.
    """

    item_class: ClassVar[str] = "Resource"
    # Where create() POSTs when it differs from the listing href (e.g. "/applications").
    create_path: ClassVar[str | None] = None

    def __init__(
        self,
        client: Client,
        href: str | None = None,
        properties: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        *,
        href_resolver: Callable[[], str | None] | None = None,
    ) -> None:
        super().__init__(client, href=href, query=query)
        state = self.__dict__
        state["_href_resolver"] = href_resolver
        state["_embedded"] = dict(properties) if properties and "items" in properties else None

    @property
    def href(self) -> str | None:
        if self._href is None and self._href_resolver is not None:
            self.__dict__["_href"] = self._href_resolver()
        return self._href

    def _require_href(self) -> str:
        href = self.href
        if not href:
            raise ValueError(f"{type(self).__name__} cannot be listed: it has no href.")
        return href

    # -- reading ----------------------------------------------------------------------------

    def _item(self, data: Mapping[str, Any]) -> Resource:
        cls = class_for_href(str(data.get("href", "")), self._store.base_url, self.item_class)
        if not issubclass(cls, resource_class(self.item_class)):
            cls = resource_class(self.item_class)
        return cls(self._client, properties=data)

    def _fetch(self, offset: int, limit: int) -> dict[str, Any]:
        params = {**self._query, "offset": offset, "limit": limit}
        return self._store.get_resource(self._require_href(), params)

    def _embedded_page(self, offset: int) -> dict[str, Any] | None:
        page = self._embedded
        if page is not None and not self._query and int(page.get("offset") or 0) == offset:
            return page
        return None

    def _pages(
        self, start: int, limit: int, first: dict[str, Any] | None = None
    ) -> Iterator[list[dict[str, Any]]]:
        """Yield pages of raw items from ``start`` until the collection is exhausted."""
        offset = start
        page = first or self._embedded_page(offset) or self._fetch(offset, limit)
        while True:
            items = list(page.get("items") or [])
            yield items
            offset += len(items)
            page_limit = int(page.get("limit") or limit)
            if not items or len(items) < page_limit or offset >= int(page.get("size") or 0):
                return
            page = self._fetch(offset, limit)

    def _page_limit(self, limit: int | None = None) -> int:
        wanted = limit or int(self._query.get("limit") or MAX_PAGE_LIMIT)
        return max(1, min(MAX_PAGE_LIMIT, wanted))

    def _iterate(
        self, start: int = 0, limit: int | None = None, ticket: dict[str, Any] | None = None
    ) -> Iterator[Resource]:
        if ticket is not None and self.__dict__.get("_unstarted") is ticket:
            del self.__dict__["_unstarted"]
        first = ticket.get("page") if ticket else None
        for items in self._pages(start, self._page_limit(limit), first):
            for item in items:
                yield self._item(item)

    def __iter__(self) -> Iterator[Any]:
        # list() calls len() between iter() and the first next(): a ticket lets that len()
        # fetch the iterator's first page, so list(collection) costs no extra request.
        ticket: dict[str, Any] = {}
        self.__dict__["_unstarted"] = ticket
        return self._iterate(self._start(), ticket=ticket)

    def _start(self) -> int:
        return int(self._query.get("offset") or 0)

    def __len__(self) -> int:
        page = self._embedded_page(0)
        if page is None:
            ticket = self.__dict__.pop("_unstarted", None)
            if ticket is not None:
                page = ticket["page"] = self._fetch(self._start(), self._page_limit())
            else:
                page = self._fetch(0, 1)
        return int(page.get("size") or 0)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self._slice(index)
        if not isinstance(index, int):
            raise TypeError(f"{type(self).__name__} indices must be integers or slices")
        if index < 0:
            index += len(self)
        if index < 0:
            raise IndexError("collection index out of range")
        embedded = self._embedded_page(0)
        if embedded is not None and index < len(embedded.get("items") or []):
            return self._item(embedded["items"][index])
        items = self._fetch(index, 1).get("items") or []
        if not items:
            raise IndexError("collection index out of range")
        return self._item(items[0])

    def _slice(self, index: slice) -> list[Any]:
        step = index.step or 1
        if step < 0:  # rare: read everything, let Python do the walking
            return list(self._iterate(0))[index]
        start, stop = index.start, index.stop
        if stop is None or any(v is not None and v < 0 for v in (start, stop)):
            start, stop, _ = index.indices(len(self))
        start = start or 0
        if stop <= start:
            return []
        wanted = stop - start
        return list(islice(self._iterate(start, wanted), wanted))[::step]

    def get(self, href: str, expand: Any = None) -> Any:
        """A resource of this collection's kind at ``href``; nothing is sent until accessed."""
        if href.startswith("/"):
            href = self._store.base_url + href
        cls = class_for_href(href, self._store.base_url, self.item_class)
        return cls(self._client, href=href, query={"expand": expand} if expand else None)

    # -- deriving queries -------------------------------------------------------------------

    def _derive(self, params: Mapping[str, Any]) -> Any:
        derived = object.__new__(type(self))
        derived.__dict__.update(self.__dict__)
        derived.__dict__["_query"] = {**self._query, **params}
        derived.__dict__["_embedded"] = None
        derived.__dict__.pop("_unstarted", None)
        derived.__dict__["_children"] = {}
        return derived

    def search(self, terms: str | Mapping[str, Any]) -> Any:
        """Filter: text → ``q`` (contains, any searchable attribute); a dict → attribute
        filters with snake_case names (``*`` wildcards allowed)."""
        if isinstance(terms, str):
            return self._derive({"q": terms})
        return self._derive({to_camel(k): v for k, v in terms.items()})

    def order(self, order_by: str) -> Any:
        """Sort, e.g. ``order('name desc')`` or ``order('surname,given_name desc')``."""
        fields = []
        for part in order_by.split(","):
            name, _, direction = part.strip().partition(" ")
            fields.append(f"{to_camel(name)} {direction.strip()}".strip())
        return self._derive({"orderBy": ",".join(fields)})

    def query(self, **params: Any) -> Any:
        """Any query parameters, snake_case names (``expand``, ``offset``, ``limit``, filters)."""
        return self._derive({to_camel(k): v for k, v in params.items()})

    # -- writing ----------------------------------------------------------------------------

    def create(self, properties: Resource | Mapping[str, Any], **query_flags: Any) -> Any:
        """POST a new resource; ``query_flags`` are snake_case query parameters, e.g.
        ``create_directory=True`` or ``registration_workflow_enabled=False``."""
        if isinstance(properties, Resource):
            body = properties._create_body()
        else:
            body = {
                to_camel(k): serialize_value(to_camel(k), v)
                for k, v in properties.items()
                if v is not None
            }
        target = self._store.base_url + self.create_path if self.create_path else self.href
        if not target:
            raise ValueError(f"{type(self).__name__} does not support create().")
        params = {to_camel(k): v for k, v in query_flags.items()}
        response = self._store.create_resource(target, body, params or None)
        return self._created(response.data, response.status)

    def _created(self, data: Mapping[str, Any], status: int) -> Any:
        return self._item(data)

    def refresh(self) -> CollectionResource:
        """Forget an embedded or cached page: the next read asks the API."""
        self.__dict__["_embedded"] = None
        if self._href:
            self._store.uncache(self._href)
        return self

    def __repr__(self) -> str:
        return f"<{type(self).__name__} href={self._href!r} query={dict(self._query)!r}>"


_REGISTRY["Resource"] = Resource
