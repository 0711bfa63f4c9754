"""The WSGI application both doors (in-process mock and real server) call."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import parse_qsl, quote, unquote

from .auth import authenticate
from .clock import utc_now
from .context import Context, Reply, Request, error_reply
from .emulator_http import EMULATOR_PREFIX, emulator_reply
from .exceptions import AuthenticationFailed, StormpathError, not_implemented
from .ids import request_id as new_request_id
from .journal import Call, Journal
from .models import Store
from .oauth import TOKEN_PATH_SUFFIX
from .urls import ROUTER

log = logging.getLogger(__name__)
JSON_TYPE = "application/json;charset=UTF-8"
# WSGI environ key the in-process door uses to say which base URL the request was sent to.
BASE_URL_KEY = "stormpath_fake.base_url"

StartResponse = Callable[..., Any]


class EnvironHandler(Protocol):
    """What a door serves: the emulator's app, or a fake identity provider."""

    def handle(self, environ: dict[str, Any]) -> tuple[int, list[tuple[str, str]], bytes]: ...


class FakeApp:
    """Routing, authentication, journal and error rendering around the handlers."""

    def __init__(self, store: Store, journal: Journal, *, auto_provision: bool = False) -> None:
        self.store = store
        self.journal = journal
        self.auto_provision = auto_provision
        self._base_paths: list[str] = ["/v1"]
        # Path prefix -> handler answering it instead of the API (the fake identity providers).
        self._mounts: dict[str, EnvironHandler] = {}

    def mount(self, prefix: str, handler: EnvironHandler) -> None:
        """Hand requests under `prefix` (e.g. ``/google``) to `handler`, outside the API:
        no authentication, no journal."""
        self._mounts[prefix.rstrip("/")] = handler

    def add_base_path(self, path: str) -> None:
        """Serve the API under one more path prefix (longest prefix wins)."""
        path = path.rstrip("/")
        if path not in self._base_paths:
            self._base_paths.append(path)
            self._base_paths.sort(key=len, reverse=True)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        status, headers, body = self.handle(environ)
        start_response(f"{status} {_REASONS.get(status, 'Unknown')}", headers)
        return [body]

    def mounted(self, path_info: str) -> EnvironHandler | None:
        """The handler mounted over ``path_info`` (a decoded path), if any."""
        for prefix, handler in self._mounts.items():
            if path_info == prefix or path_info.startswith(prefix + "/"):
                return handler
        return None

    def handle(self, environ: dict[str, Any]) -> tuple[int, list[tuple[str, str]], bytes]:
        """Answer one request: (status, headers, body bytes)."""
        mounted = self.mounted(environ.get("PATH_INFO", ""))
        if mounted is not None:
            return mounted.handle(environ)
        base_url = environ.get(BASE_URL_KEY)
        scheme = environ.get("wsgi.url_scheme", "http")
        return self.answer(
            environ.get("REQUEST_METHOD", "GET"),
            environ.get("RAW_URI") or environ.get("REQUEST_URI") or _rebuild_uri(environ),
            _headers(environ),
            lambda: _read_body(environ),
            base_url=base_url,
            origin="" if base_url else f"{scheme}://{_host(environ)}",
        )

    def answer(
        self,
        sent_method: str,
        raw_uri: str,
        headers: dict[str, str],
        read_body: Callable[[], bytes],
        *,
        base_url: str | None = None,
        origin: str = "",
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """Answer one request outside the mounts, given as the raw target (``RAW_URI``), the
        headers as :func:`_headers` reads them from an environ, and a reader of the body.

        ``base_url`` is where the request was sent (the in-process door knows it); without it,
        ``origin`` (``scheme://host``) followed by the matching base path.
        """
        request_id = new_request_id()
        sent_method = sent_method.upper()
        raw_path, _, raw_query = raw_uri.partition("?")
        query = dict(parse_qsl(raw_query, keep_blank_values=True)) if raw_query else {}
        if raw_path.startswith(EMULATOR_PREFIX + "/"):
            return emulator_reply(self.store, sent_method, raw_path, query)
        method = sent_method
        if method == "POST" and query.get("_method", "").upper() == "DELETE":
            method = "DELETE"
        base_path = next(
            (p for p in self._base_paths if raw_path == p or raw_path.startswith(p + "/")), None
        )
        path = unquote(raw_path[len(base_path) :]) if base_path is not None else unquote(raw_path)
        reply: Reply
        try:
            body = read_body()
            key_id = self._authenticate(sent_method, raw_uri, headers, body)
            if base_path is None:
                raise not_implemented(method, raw_path)
            sent_to = base_url or origin + base_path
            request = Request(method, path, query, headers, body, sent_to, request_id, key_id)
            reply, payload = self._dispatch(request)
        except StormpathError as error:
            reply = error_reply(error, request_id)
            payload = _encode(reply.body or {})
        except Exception as error:  # noqa: BLE001 - never a 5xx: clients retry those
            log.exception("stormpath_fake: unexpected error answering %s %s", method, raw_uri)
            failure = StormpathError(
                400,
                400,
                "The Stormpath emulator could not process this request.",
                f"The Stormpath emulator could not process this request: "
                f"{type(error).__name__}: {error}",
            )
            reply = error_reply(failure, request_id)
            payload = _encode(reply.body or {})
        self.journal.record(Call(method, path, query, reply.status))
        out = [("Stormpath-Request-Id", request_id), *reply.headers.items()]
        if payload:
            out.append(("Content-Type", JSON_TYPE))
        out.append(("Content-Length", str(len(payload))))
        return reply.status, out, payload

    def _authenticate(self, method: str, raw_uri: str, headers: dict[str, str], body: bytes) -> str:
        key_id = authenticate(
            method,
            raw_uri,
            headers,
            body,
            self.store.secret_for,
            utc_now(),
            trust_unknown_keys=self.auto_provision,
        )
        if key_id not in self.store.api_keys:
            if not self.auto_provision:  # pragma: no cover - authenticate already refused it
                raise AuthenticationFailed("unknown API key")
            self.store.add_api_key(key_id, None)
        return key_id

    def _dispatch(self, request: Request) -> tuple[Reply, bytes]:
        found = ROUTER.match(request.method, request.path)
        if isinstance(found, list):
            raise not_implemented(request.method, request.path, status=405 if found else 404)
        handler, params = found
        # The OAuth token endpoint is the API's one form-encoded route.
        form_route = request.path.endswith(TOKEN_PATH_SUFFIX)
        if request.body.strip() and request.method == "POST" and not form_route:
            content_type = request.headers.get("content-type", "")
            if content_type.split(";")[0].strip().lower() != "application/json":
                raise StormpathError(
                    415,
                    415,
                    "Unsupported Media Type: request bodies must be JSON.",
                    f"The Content-Type '{content_type}' is not supported; send 'application/json'.",
                )
        with self.store.lock:
            ctx = Context(request, self.store, self.auto_provision)
            reply = handler(ctx, **params)
            # Encode under the lock: bodies share nested customData values with the store.
            return reply, b"" if reply.body is None else _encode(reply.body)


# One encoder for every answer (json.dumps would build one per call). Bodies are trees built
# for the answer, never circular: skipping that bookkeeping is a tenth of the encoding.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _encode(body: dict[str, Any]) -> bytes:
    return _ENCODER.encode(body).encode("utf-8")


def _read_body(environ: dict[str, Any]) -> bytes:
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    length = environ.get("CONTENT_LENGTH")
    if length:
        try:
            data: bytes = stream.read(int(length))
            return data
        except ValueError:
            return b""
    return b""


@lru_cache(maxsize=256)
def header_name(environ_key: str) -> str:
    """The header name an ``HTTP_*`` environ key stands for, lower-case (``HTTP_X_FOO`` ->
    ``x-foo``). Cached: the same few headers come with every request."""
    return environ_key[5:].replace("_", "-").lower()


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[header_name(key)] = value
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    if environ.get("CONTENT_LENGTH"):
        headers["content-length"] = environ["CONTENT_LENGTH"]
    return headers


def _host(environ: dict[str, Any]) -> str:
    host = environ.get("HTTP_HOST")
    if host:
        return str(host)
    port = str(environ.get("SERVER_PORT", ""))
    default = "443" if environ.get("wsgi.url_scheme") == "https" else "80"
    name = str(environ.get("SERVER_NAME", "localhost"))
    return name if port in ("", default) else f"{name}:{port}"


def _rebuild_uri(environ: dict[str, Any]) -> str:
    path = quote(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""))
    query = environ.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


_REASONS = {
    200: "OK",
    201: "Created",
    202: "Accepted",
    204: "No Content",
    302: "Found",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    415: "Unsupported Media Type",
}
