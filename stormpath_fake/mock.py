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
from functools import lru_cache
from io import BytesIO
from typing import Any
from urllib.parse import SplitResult, unquote, urlsplit

import requests
import responses
from responses.registries import FirstMatchRegistry

from .wsgi import BASE_URL_KEY, EnvironHandler, FakeApp, header_name

_DEFAULT_PORTS = {"http": "80", "https": "443"}
_SPECIAL_HEADERS = {"CONTENT_TYPE", "CONTENT_LENGTH"}


# Set on the response to a call the emulator's API answered: that call is in the emulator's
# journal, and responses' own records (kept for the responses *you* add) leave it out.
_JOURNALED = "_journaled_by_stormpath_fake"


class UserCalls(responses.CallList):
    """``fake.mock.calls``: every call but those the emulator's API answered.

    ``responses`` keeps every request and response it handles; for the emulator's API, whose
    journal (``fake.requests``) already records each call, that would be a heavy record
    growing for as long as the emulator runs, which slows every full garbage collection. The
    fake identity providers' calls, your responses' and what was passed on are kept.
    """

    def add_call(self, call: responses.Call) -> None:
        """Keep `call` unless the emulator's API answered it."""
        if not getattr(getattr(call.response, "raw", None), _JOURNALED, False):
            super().add_call(call)

    def add(self, request: Any, response: Any) -> None:
        """Keep the call unless the emulator's API answered it."""
        self.add_call(responses.Call(request, response))


class _NoCalls(responses.CallList):
    """No record: the emulator's journal has its calls."""

    def add_call(self, call: responses.Call) -> None:
        """Keep nothing."""

    def add(self, request: Any, response: Any) -> None:
        """Keep nothing."""


class FakeCallback(responses.CallbackResponse):
    """Matches every method under one base URL (prefix regex).

    With ``journaled`` (the emulator's API, which records its calls itself) responses keeps no
    record of the calls it answers.
    """

    def __init__(
        self,
        prefix: re.Pattern[str],
        callback: Callable[[requests.PreparedRequest], tuple[int, dict[str, str], bytes]],
        *,
        journaled: bool = False,
    ) -> None:
        super().__init__("ANY", prefix, callback, content_type=None)
        self._prefix = prefix
        self._journaled = journaled
        if journaled:
            self._calls = _NoCalls()

    def matches(self, request: requests.PreparedRequest) -> tuple[bool, str]:
        if self._prefix.match(str(request.url)):
            return True, ""
        return False, "URL does not match the Stormpath emulator's base URL"

    def get_response(self, request: requests.PreparedRequest) -> Any:
        """Answer from the emulator, marking a journaled answer as such."""
        response = super().get_response(request)
        if self._journaled:
            setattr(response, _JOURNALED, True)
        return response


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
    """A ``responses`` callback serving ``base_url`` from ``app``.

    The emulator's own app is handed the request directly (:meth:`FakeApp.answer`), as it
    would read it from the WSGI environ of :func:`to_environ`, without building one; requests
    for its mounts, and other apps, get the environ.
    """
    base_url = base_url.rstrip("/")

    def callback(request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        if isinstance(app, FakeApp):
            parts = urlsplit(str(request.url))
            if app.mounted(unquote(parts.path)) is None:
                data = _body_bytes(request)
                status, headers, body = app.answer(
                    (request.method or "GET").upper(),
                    _raw_uri(parts),
                    environ_headers(request, parts.netloc, data),
                    lambda: data,
                    base_url=base_url,
                )
                return status, dict(headers), body
        status, headers, body = app.handle(to_environ(request, base_url))
        return status, dict(headers), body

    return callback


def _raw_uri(parts: SplitResult) -> str:
    raw_uri = parts.path or "/"
    if parts.query:
        raw_uri += "?" + parts.query
    return raw_uri


def _body_bytes(request: requests.PreparedRequest) -> bytes:
    body = request.body
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    # A file or generator body.
    return body.read() if hasattr(body, "read") else b"".join(body)


@lru_cache(maxsize=256)
def _environ_key(name: str) -> str:
    """The environ key a header travels under (``HTTP_X_FOO``, or ``CONTENT_TYPE``)."""
    key = name.upper().replace("-", "_")
    return key if key in _SPECIAL_HEADERS else "HTTP_" + key


def environ_headers(request: requests.PreparedRequest, netloc: str, data: bytes) -> dict[str, str]:
    """The headers exactly as ``FakeApp`` reads them back from :func:`to_environ`'s environ:
    lower-case with ``-`` (for ``_`` too), the Host defaulting to ``netloc``, then
    Content-Type and a Content-Length recomputed from ``data`` when not empty."""
    headers: dict[str, str] = {"host": netloc}
    content_type = None
    for name, value in request.headers.items():
        key = _environ_key(name)
        if key == "CONTENT_LENGTH":
            continue
        if key == "CONTENT_TYPE":
            content_type = value
        else:
            headers[header_name(key)] = value
    if content_type:
        headers["content-type"] = content_type
    if data:
        headers["content-length"] = str(len(data))
    return headers


def to_environ(request: requests.PreparedRequest, base_url: str) -> dict[str, Any]:
    """A WSGI environ for a prepared request, with the raw target in ``RAW_URI``."""
    parts = urlsplit(str(request.url))
    data = _body_bytes(request)
    scheme = parts.scheme or "http"
    environ: dict[str, Any] = {
        "REQUEST_METHOD": (request.method or "GET").upper(),
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote(parts.path),
        "QUERY_STRING": parts.query,
        "RAW_URI": _raw_uri(parts),
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
        key = _environ_key(name)
        if key != "CONTENT_LENGTH":  # recomputed from the body actually read
            environ[key] = value
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
        # responses offers no switch for its record of calls: replace the list it keeps.
        self.mock._calls = UserCalls()

    def intercept(self, base_url: str, app: EnvironHandler | None = None) -> None:
        """Serve ``base_url`` (and everything below it) in-process, from the emulator's app
        or from `app` (e.g. a fake identity provider at its real URL)."""
        registry = self.mock.get_registry()
        assert isinstance(registry, FakeLastRegistry)
        handler = make_callback(app or self.app, base_url)
        callback = FakeCallback(base_url_regex(base_url), handler, journaled=app is None)
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
