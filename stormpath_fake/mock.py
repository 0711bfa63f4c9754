"""The in-process door: a ``responses`` callback that hands each request to the WSGI app.

The fake's callbacks live in a registry that consults the user's own responses first and never
drops the fake's entries (``responses``' default registry pops a response when two match).
Anything neither the user nor the fake claims is passed on to whatever ``HTTPAdapter.send`` was
in place when the fake started: an outer ``responses`` mock, or the real transport.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from io import BytesIO
from typing import Any
from urllib.parse import unquote, urlsplit

import requests
import responses
from responses.registries import FirstMatchRegistry

from .wsgi import BASE_URL_KEY, EnvironHandler, FakeApp

_DEFAULT_PORTS = {"http": "80", "https": "443"}
_SPECIAL_HEADERS = {"CONTENT_TYPE", "CONTENT_LENGTH"}


class FakeCallback(responses.CallbackResponse):
    """Matches every method under one base URL (prefix regex)."""

    def matches(self, request: requests.PreparedRequest) -> tuple[bool, str]:
        if self._url_matches(self.url, str(request.url)):
            return True, ""
        return False, "URL does not match the Stormpath emulator's base URL"


class FakeLastRegistry(FirstMatchRegistry):
    """User responses first (usual rules), then the emulator's callbacks, which stay put."""

    def __init__(self) -> None:
        super().__init__()
        self.fallbacks: list[FakeCallback] = []

    def find(self, request: requests.PreparedRequest) -> tuple[Any, list[str]]:
        found, reasons = super().find(request)
        if found is None:
            for callback in self.fallbacks:
                if callback.matches(request)[0]:
                    return callback, reasons
        return found, reasons


def base_url_regex(base_url: str) -> re.Pattern[str]:
    """Matches ``base_url`` itself or anything below it (not a longer host or path)."""
    return re.compile(re.escape(base_url.rstrip("/")) + r"(?:[/?#]|$)")


def make_callback(
    app: EnvironHandler, base_url: str
) -> Callable[[requests.PreparedRequest], tuple[int, dict[str, str], bytes]]:
    """A ``responses`` callback serving ``base_url`` from ``app``."""
    base_url = base_url.rstrip("/")

    def callback(request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        status, headers, body = app.handle(to_environ(request, base_url))
        return status, dict(headers), body

    return callback


def to_environ(request: requests.PreparedRequest, base_url: str) -> dict[str, Any]:
    """A WSGI environ for a prepared request, with the raw target in ``RAW_URI``."""
    parts = urlsplit(str(request.url))
    raw_uri = parts.path or "/"
    if parts.query:
        raw_uri += "?" + parts.query
    body = request.body
    if body is None:
        data = b""
    elif isinstance(body, bytes):
        data = body
    elif isinstance(body, str):
        data = body.encode("utf-8")
    else:  # a file or generator body
        data = body.read() if hasattr(body, "read") else b"".join(body)
    scheme = parts.scheme or "http"
    environ: dict[str, Any] = {
        "REQUEST_METHOD": (request.method or "GET").upper(),
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote(parts.path),
        "QUERY_STRING": parts.query,
        "RAW_URI": raw_uri,
        "SERVER_NAME": parts.hostname or "localhost",
        "SERVER_PORT": str(parts.port) if parts.port else _DEFAULT_PORTS.get(scheme, "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": parts.netloc,
        "CONTENT_LENGTH": str(len(data)) if data else "",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": BytesIO(data),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        BASE_URL_KEY: base_url,
    }
    for name, value in request.headers.items():
        key = name.upper().replace("-", "_")
        if key == "CONTENT_LENGTH":
            continue  # recomputed from the body actually read
        environ[key if key in _SPECIAL_HEADERS else "HTTP_" + key] = value
    return environ


class MockDoor:
    """Owns the RequestsMock and the chaining to the previously installed transport."""

    def __init__(self, app: FakeApp) -> None:
        self.app = app
        self._previous_send: Callable[..., Any] | None = None
        self.mock = responses.RequestsMock(
            assert_all_requests_are_fired=False,
            registry=FakeLastRegistry,
            real_adapter_send=self._chain,  # type: ignore[arg-type]
        )
        self.mock.add_passthru(re.compile(".*"))

    def intercept(self, base_url: str, app: EnvironHandler | None = None) -> None:
        """Serve ``base_url`` (and everything below it) in-process, from the emulator's app
        or from `app` (e.g. a fake identity provider at its real URL)."""
        registry = self.mock.get_registry()
        assert isinstance(registry, FakeLastRegistry)
        handler = make_callback(app or self.app, base_url)
        callback = FakeCallback("ANY", base_url_regex(base_url), handler, content_type=None)
        registry.fallbacks.append(callback)

    def start(self) -> None:
        """Patch ``HTTPAdapter.send``, remembering what it was to pass other URLs on."""
        self._previous_send = requests.adapters.HTTPAdapter.send
        self.mock.start()

    def stop(self) -> None:
        """Restore ``HTTPAdapter.send``."""
        self.mock.stop(allow_assert=False)
        self._previous_send = None

    def _chain(self, adapter: Any, request: requests.PreparedRequest, **kwargs: Any) -> Any:
        send = self._previous_send or _ORIGINAL_SEND
        return send(adapter, request, **kwargs)


_ORIGINAL_SEND = requests.adapters.HTTPAdapter.send
