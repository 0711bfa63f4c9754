"""Custom data: a dict-like resource at ``{parent href}/customData``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote

from stormpath.resources.base import Resource

__all__ = ["CustomData"]

# Returned by the API, never written by the client.
RESERVED_KEYS = frozenset({"href", "createdAt", "modifiedAt"})
# Also refused on write, as the old SDK did (its snake_case spellings of the above).
READ_ONLY_KEYS = RESERVED_KEYS | {"created_at", "modified_at"}


class CustomData(Resource):
    """Schemaless JSON attached to a tenant, application, directory, group or account.

    Keys are stored verbatim. Changes stay local until ``save()`` (or the parent's
    ``save()``), which DELETEs removed keys one by one and then POSTs the remaining changes
    (the API merges them).
    """

    def __init__(
        self,
        client: Any,
        href: str | None = None,
        properties: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
    ) -> None:
        self.__dict__["_deleted"] = set()
        super().__init__(client, href=href, properties=properties, query=query)

    def _set(self, name: str, value: Any) -> None:
        # Keyword properties given at construction are keys, not attributes.
        self[name] = value

    def _has_pending(self) -> bool:
        return bool(self._dirty or self._deleted)

    def _current(self) -> dict[str, Any]:
        self._ensure_loaded()
        data = {
            k: v for k, v in self._data.items() if k not in RESERVED_KEYS and k not in self._deleted
        }
        data.update(self._dirty)
        return data

    # -- mapping protocol -------------------------------------------------------------------

    def __getitem__(self, key: str) -> Any:
        if key in self._dirty:
            return self._dirty[key]
        if key in self._deleted or key in RESERVED_KEYS:
            raise KeyError(key)
        self._ensure_loaded()
        return self._data[key]

    def __setitem__(self, key: str, value: Any) -> None:
        if key in READ_ONLY_KEYS:
            raise KeyError(f"custom data key {key!r} is read-only")
        self._deleted.discard(key)
        self._dirty[key] = value

    def __delitem__(self, key: str) -> None:
        if key in READ_ONLY_KEYS:
            raise KeyError(f"custom data key {key!r} is read-only")
        self._ensure_loaded()
        stored = key in self._data and key not in self._deleted
        if key not in self._dirty and not stored:
            raise KeyError(key)
        self._dirty.pop(key, None)
        if stored:
            self._deleted.add(key)

    def __contains__(self, key: object) -> bool:
        return key in self._current()

    def __iter__(self) -> Iterator[str]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())

    def keys(self) -> list[str]:
        return list(self._current())

    def values(self) -> list[Any]:
        return list(self._current().values())

    def items(self) -> list[tuple[str, Any]]:
        return list(self._current().items())

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def update(self, other: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        for key, value in {**(other or {}), **kwargs}.items():
            self[key] = value

    def to_dict(self) -> dict[str, Any]:
        return self._current()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._current() == dict(other)
        return super().__eq__(other)

    __hash__ = Resource.__hash__

    # -- persistence ------------------------------------------------------------------------

    def save(self) -> CustomData:
        """DELETE removed keys, then POST the changed ones (nothing is sent if unchanged)."""
        if not self._href:
            raise ValueError("This custom data has no href: save its parent resource instead.")
        for key in sorted(self._deleted):
            self._store.delete_resource(f"{self._href}/{quote(key, safe='')}")
            # Replaced, not changed in place: _data may be shared (see Resource._apply_server).
            self.__dict__["_data"] = {k: v for k, v in self._data.items() if k != key}
        if self._deleted:
            self._store.uncache(self._href)
            self._deleted.clear()
        if self._dirty:
            data = self._store.update_resource(self._href, dict(self._dirty))
            self._dirty.clear()
            self._apply_server(data)
        return self

    def delete(self) -> None:
        """Remove every key (the custom data resource itself remains)."""
        super().delete()
        self._dirty.clear()
        self._deleted.clear()
        self.__dict__["_data"] = {k: v for k, v in self._data.items() if k in RESERVED_KEYS}
        self.__dict__["_loaded"] = True  # known empty: no need to read it back

    def refresh(self) -> CustomData:
        self._deleted.clear()
        super().refresh()
        return self

    def __repr__(self) -> str:
        held = {**{k: v for k, v in self._data.items() if k not in RESERVED_KEYS}, **self._dirty}
        return f"<CustomData href={self._href!r} {held!r}>"
