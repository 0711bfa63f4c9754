"""Emulator-only HTTP paths, outside the API's base path: what the service would have emailed.

``GET /__fake__/outbox`` answers ``{"size": n, "items": [...]}`` with every email the emulator
"sent", oldest first; ``?to=<address>`` and ``?kind=<kind>`` filter (case-insensitive address).
``DELETE /__fake__/outbox`` empties it. Browser and non-Python tests (express-stormpath,
Playwright) read reset and verification tokens from here in server mode. No credentials are
needed: the path only exists on the emulator, which listens on loopback.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from .models import Store

EMULATOR_PREFIX = "/__fake__"
_OUTBOX = EMULATOR_PREFIX + "/outbox"
_JSON = "application/json;charset=UTF-8"

Answer = tuple[int, list[tuple[str, str]], bytes]


def emulator_reply(store: Store, method: str, raw_path: str, query: dict[str, str]) -> Answer:
    """Answer a request under :data:`EMULATOR_PREFIX`."""
    if raw_path.rstrip("/") != _OUTBOX:
        return _json(404, {"status": 404, "message": f"No emulator path {raw_path}."})
    with store.lock:
        if method == "DELETE":
            store.outbox.clear()
            return 204, [("Content-Length", "0")], b""
        if method != "GET":
            return _json(405, {"status": 405, "message": f"{method} is not supported here."})
        items = [_email(mail) for mail in store.outbox if _wanted(mail, query)]
    return _json(200, {"size": len(items), "items": items})


def _wanted(mail: Any, query: dict[str, str]) -> bool:
    to = query.get("to")
    kind = query.get("kind")
    return (to is None or mail.to.lower() == to.lower()) and (kind is None or mail.kind == kind)


def _email(mail: Any) -> dict[str, Any]:
    # The Email dataclass fields, camelCased like the API (account_id -> accountId).
    return {_camel(name): value for name, value in asdict(mail).items()}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _json(status: int, body: dict[str, Any]) -> Answer:
    payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
    return status, [("Content-Type", _JSON), ("Content-Length", str(len(payload)))], payload
