"""Collection queries: ``q``, attribute filters with ``*`` wildcards, datetime ranges and
``orderBy``."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from . import exceptions as exc
from .serialize import Listing

# Query parameters that are not search attributes.
RESERVED = frozenset({"offset", "limit", "expand", "orderBy", "q", "nocache", "_method"})

Getter = Callable[[Any], Any]


def _attr(name: str) -> Getter:
    return lambda obj: getattr(obj, name)


_NAMED: dict[str, Getter] = {
    "name": _attr("name"),
    "description": _attr("description"),
    "status": _attr("status"),
    "createdAt": _attr("created_at"),
    "modifiedAt": _attr("modified_at"),
}
SEARCHABLE: dict[str, dict[str, Getter]] = {
    "application": _NAMED,
    "directory": _NAMED,
    "group": _NAMED,
    "account": {
        "givenName": _attr("given_name"),
        "middleName": _attr("middle_name"),
        "surname": _attr("surname"),
        "username": _attr("username"),
        "email": _attr("email"),
        "status": _attr("status"),
        "emailVerificationStatus": _attr("email_verification_status"),
        "createdAt": _attr("created_at"),
        "modifiedAt": _attr("modified_at"),
        "passwordModifiedAt": _attr("password_modified_at"),
    },
    "accountStoreMapping": {"listIndex": _attr("list_index")},
    "groupMembership": {},
    "apiKey": {
        "id": _attr("id"),
        "name": _attr("name"),
        "description": _attr("description"),
        "status": _attr("status"),
    },
    "emailTemplate": {},
    "field": {"name": _attr("name")},
}
_DATETIME_ATTRS = frozenset({"createdAt", "modifiedAt", "passwordModifiedAt"})
# Attributes a bare ``q`` never searches (non-text).
_NOT_TEXT = _DATETIME_ATTRS | {"listIndex"}
_HAS_CUSTOM_DATA = frozenset({"application", "directory", "group", "account"})


def run(listing: Listing, params: Mapping[str, str]) -> Sequence[Any]:
    """Apply ``q``, attribute filters and ``orderBy`` of ``params`` to ``listing``."""
    getters = SEARCHABLE.get(listing.kind, {})
    filters = [(k, v) for k, v in params.items() if k not in RESERVED]
    predicates = [_filter(listing.kind, getters, k, v) for k, v in filters]
    order = _order(params.get("orderBy"), getters, listing.kind in _HAS_CUSTOM_DATA)
    items: Sequence[Any] | None = None
    if listing.lookup is not None:
        for key, value in filters:
            if "*" not in value:
                items = listing.lookup(key, value)
                if items is not None:
                    break
    if items is None:
        items = listing.items()
    text = params.get("q")
    if text:
        needle = text.lower()
        text_getters = [g for name, g in getters.items() if name not in _NOT_TEXT]
        predicates.append(
            lambda obj: any(needle in str(g(obj) or "").lower() for g in text_getters)
        )
    if predicates:
        items = [obj for obj in items if all(p(obj) for p in predicates)]
    # Stable sorts applied from the last key to the first give a multi-key ordering.
    for getter, descending in reversed(order):
        items = sorted(items, key=_sort_by(getter), reverse=descending)
    return items


def _sort_by(getter: Getter) -> Callable[[Any], tuple[int, Any]]:
    return lambda obj: _sort_key(getter(obj))


def _sort_key(value: Any) -> tuple[int, Any]:
    # Missing/null first, then numbers, then text; mixed JSON types never compare directly.
    if value is None or value is _MISSING:
        return (0, "")
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, int | float):
        return (1, value)
    if isinstance(value, str):
        return (2, value.lower())
    if isinstance(value, datetime):
        return (3, value)
    return (4, str(value))


def _order(
    spec: str | None, getters: dict[str, Getter], custom_data: bool
) -> list[tuple[Getter, bool]]:
    if not spec:
        return []
    result = []
    for part in spec.split(","):
        words = part.split()
        if not words or len(words) > 2:
            raise exc.query_error(2104, f"The orderBy value '{spec}' is invalid: '{part.strip()}'.")
        if words[0].startswith("customData.") and custom_data:
            getter = _custom_getter(words[0])
        elif words[0] in getters:
            getter = getters[words[0]]
        else:
            raise exc.query_error(2104, f"The orderBy value '{spec}' is invalid: '{part.strip()}'.")
        direction = words[1].lower() if len(words) == 2 else "asc"
        if direction not in ("asc", "desc"):
            raise exc.query_error(2104, f"The orderBy value '{spec}' is invalid: '{part.strip()}'.")
        result.append((getter, direction == "desc"))
    return result


def _filter(kind: str, getters: dict[str, Getter], key: str, value: str) -> Callable[[Any], bool]:
    if key.startswith("customData.") and kind in _HAS_CUSTOM_DATA:
        custom = _custom_getter(key)
        matcher = _numeric_range(value) or _text_matcher(value)
        return lambda obj: matcher(custom(obj))
    getter = getters.get(key)
    if getter is None:
        raise exc.query_error(2102, f"'{key}' is not a searchable attribute of this collection.")
    if key in _DATETIME_ATTRS:
        low, high = parse_range(value)
        return lambda obj: (v := getter(obj)) is not None and low <= v < high
    text_matcher = _text_matcher(value)
    return lambda obj: text_matcher(getter(obj))


_MISSING = object()


def _custom_getter(key: str) -> Getter:
    """Value at the dotted path after ``customData.`` (``_MISSING`` when absent)."""
    path = key.split(".")[1:]

    def get(obj: Any) -> Any:
        data: Any = obj.custom_data.data
        for part in path:
            if not isinstance(data, dict) or part not in data:
                return _MISSING
            data = data[part]
        return data

    return get


def _numeric_range(value: str) -> Callable[[Any], bool] | None:
    """``[a,b]`` / ``(a,b)`` with numbers (open ends allowed), else None."""
    value = value.strip()
    if value[:1] not in ("[", "(") or value[-1:] not in ("]", ")") or "," not in value:
        return None
    first, _, second = (part.strip() for part in value[1:-1].partition(","))
    try:
        low = float(first) if first else None
        high = float(second) if second else None
    except ValueError:
        return None
    low_open, high_open = value[0] == "(", value[-1] == ")"

    def match(v: Any) -> bool:
        if isinstance(v, bool) or not isinstance(v, int | float):
            return False
        if low is not None and (v < low or (low_open and v == low)):
            return False
        return not (high is not None and (v > high or (high_open and v == high)))

    return match


def _text_matcher(pattern: str) -> Callable[[Any], bool]:
    if "*" not in pattern:
        lowered = pattern.lower()
        return lambda v: v is not None and v is not _MISSING and _text(v).lower() == lowered
    regex = re.compile(".*".join(re.escape(p) for p in pattern.split("*")), re.IGNORECASE | re.S)
    return lambda v: v is not None and v is not _MISSING and regex.fullmatch(_text(v)) is not None


def _text(value: Any) -> str:
    # JSON spelling, so customData.flag=true matches a stored true.
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_PRECISIONS = (
    ("%Y-%m-%dT%H:%M:%S.%f", "ms"),
    ("%Y-%m-%dT%H:%M:%S", "s"),
    ("%Y-%m-%dT%H:%M", "min"),
    ("%Y-%m-%dT%H", "h"),
    ("%Y-%m-%d", "d"),
    ("%Y-%m", "mon"),
    ("%Y", "y"),
)


def _period(text: str) -> tuple[datetime, datetime]:
    """[start, end) of the instant or period written as ISO-8601 with optional precision."""
    cleaned = text.strip().removesuffix("Z")
    for fmt, unit in _PRECISIONS:
        try:
            start = datetime.strptime(cleaned, fmt).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
        return start, _period_end(start, unit)
    raise exc.query_error(2103, f"'{text}' is not a valid ISO-8601 date/time.")


def _period_end(start: datetime, unit: str) -> datetime:
    if unit == "y":
        return start.replace(year=start.year + 1)
    if unit == "mon":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    step = {
        "d": timedelta(days=1),
        "h": timedelta(hours=1),
        "min": timedelta(minutes=1),
        "s": timedelta(seconds=1),
        "ms": timedelta(milliseconds=1),
    }[unit]
    return start + step


_MIN = datetime.min.replace(tzinfo=timezone.utc)
_MAX = datetime.max.replace(tzinfo=timezone.utc)


def parse_range(value: str) -> tuple[datetime, datetime]:
    """``[a,b]``/``(a,b)`` (open ends allowed) or a bare period, as a half-open [low, high)."""
    value = value.strip()
    if value[:1] not in ("[", "("):
        return _period(value)
    if value[-1:] not in ("]", ")") or "," not in value:
        raise exc.query_error(2103, f"'{value}' is not a valid date/time range.")
    first, _, second = value[1:-1].partition(",")
    low = _MIN
    if first.strip():
        start, end = _period(first)
        low = start if value[0] == "[" else end
    high = _MAX
    if second.strip():
        start, end = _period(second)
        high = end if value[-1] == "]" else start
    return low, high
