"""The per-request objects handlers work with."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .exceptions import StormpathError, bad_request
from .serialize import Serializer

if TYPE_CHECKING:
    from .models import Store


@dataclass
class Request:
    """What a handler needs from an HTTP request, parsed once by the WSGI app."""

    method: str
    path: str  # decoded, relative to the base URL's path, e.g. "/accounts/abc"
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes
    base_url: str
    request_id: str
    api_key_id: str = ""  # the tenant API key that authenticated the request


@dataclass
class Reply:
    """A handler's answer; ``body`` None means an empty body."""

    status: int
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)


class Context:
    """One request plus the store and a serializer bound to the request's base URL."""

    def __init__(self, request: Request, store: Store, auto_provision: bool = False) -> None:
        self.request = request
        self.store = store
        self.auto_provision = auto_provision
        self.ser = Serializer(store, request.base_url)
        self._json: Any = None

    def json(self) -> dict[str, Any]:
        """The body as a JSON object (``{}`` when empty); 400 when malformed or not an object."""
        if self._json is None:
            raw = self.request.body
            if not raw.strip():
                self._json = {}
            else:
                self._json = _decode_json(raw)
        result: dict[str, Any] = self._json
        return result

    def flag(self, name: str) -> str | None:
        """A query parameter, lower-cased (for case-insensitive booleans like ``True``)."""
        value = self.request.query.get(name)
        return value.lower() if value is not None else None


def _decode_json(raw: bytes) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8")
        value = json.loads(text)
        if "\\u" in text:
            # Escaped lone surrogates decode fine but could never be sent back as UTF-8.
            json.dumps(value, ensure_ascii=False).encode("utf-8")
    except (ValueError, UnicodeError) as error:
        raise bad_request(f"The request body is not valid UTF-8 JSON: {error}.") from error
    if not isinstance(value, dict):
        raise bad_request("The request body must be a JSON object.")
    return value


def created(href: str, body: dict[str, Any]) -> Reply:
    """201 with Location."""
    return Reply(201, body, {"Location": href})


def ok(body: dict[str, Any]) -> Reply:
    """200 with a body."""
    return Reply(200, body)


NO_CONTENT = 204


def error_reply(error: StormpathError, request_id: str) -> Reply:
    """The error body and status."""
    return Reply(error.status, error.body(request_id), dict(error.headers))
