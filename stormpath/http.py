"""HTTP transport: one ``requests.Session``, signing, bounded retries, error mapping.

Only `stormpath.data_store` uses this module. Hrefs must live under the base URL: credentials
are never signed for, or sent to, another origin.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from http.cookiejar import CookieJar
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import requests
from requests.structures import CaseInsensitiveDict
from requests.utils import check_header_validity, get_auth_from_url, get_environ_proxies

from stormpath.auth import Signer
from stormpath.error import Error, NetworkError

__all__ = [
    "DEFAULT_MAX_TRIES",
    "DEFAULT_TIMEOUT",
    "HttpExecutor",
    "HttpResponse",
    "encode_query_value",
]

DEFAULT_TIMEOUT = 10.0
#: Attempts in all for a retryable request (see `HttpExecutor`).
DEFAULT_MAX_TRIES = 4
# Compact JSON bodies; one encoder for all (json.dumps with options builds one per call).
_JSON_BODY = json.JSONEncoder(separators=(",", ":"))
IDEMPOTENT_METHODS = frozenset({"GET", "DELETE", "HEAD"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5


@dataclass
class HttpResponse:
    """A successful API answer: status, decoded JSON body (``{}`` when empty), headers."""

    status: int
    data: dict[str, Any]
    headers: Mapping[str, str] = field(default_factory=dict)


def encode_query_value(value: Any) -> str:
    """Query values as the API expects them: booleans ``true``/``false``, lists comma-joined."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(encode_query_value(item) for item in value)
    return str(value)


def _settle_environment(session: requests.Session, base_url: str) -> None:
    """Read the environment's proxy and CA bundle settings into ``session`` once, then stop
    ``requests`` from reading them again on every send (``trust_env = False``).

    With ``trust_env`` on, each send re-resolves the proxy variables (``HTTPS_PROXY``,
    ``NO_PROXY``, ...) and looks for ``~/.netrc``: a third of a cached-nothing API call. Every
    request goes to the base URL's origin, so resolving for it once gives the same answer.
    Proxies given explicitly win over the environment's; netrc is not consulted (every request
    is signed with the API key).
    """
    proxy, bundle = _environment_settings(
        base_url, session.proxies.get("no_proxy"), _environment_snapshot()
    )
    if proxy:
        session.proxies.setdefault(urlsplit(base_url).scheme, proxy)
    if session.verify is True and bundle:
        session.verify = bundle
    session.trust_env = False


def _environment_snapshot() -> tuple[tuple[str, str], ...]:
    """The variables `_environment_settings` depends on (``*_proxy`` in any case, the CA
    bundles, and ``REQUEST_METHOD``, which makes urllib ignore ``HTTP_PROXY`` under CGI)."""
    environ = os.environ
    # Names first, values only for the few that match: reading every value costs more.
    return tuple(
        (name, environ[name])
        for name in environ
        if name[-6:].lower() == "_proxy" or name in _OTHER_ENVIRONMENT_NAMES
    )


_OTHER_ENVIRONMENT_NAMES = frozenset({"REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "REQUEST_METHOD"})


@lru_cache(maxsize=64)
def _environment_settings(
    base_url: str, no_proxy: str | None, snapshot: tuple[tuple[str, str], ...]
) -> tuple[str | None, str | None]:
    """(proxy, CA bundle) for ``base_url`` in the environment `snapshot` describes. Cached:
    resolving proxies costs more than building the rest of a client, and apps made one per
    test build a client each (the snapshot in the key keeps a changed environment seen)."""
    found = get_environ_proxies(base_url, no_proxy=no_proxy)
    proxy = found.get(urlsplit(base_url).scheme, found.get("all"))
    settings = dict(snapshot)
    return proxy, settings.get("REQUESTS_CA_BUNDLE") or settings.get("CURL_CA_BUNDLE")


@lru_cache(maxsize=1024)
def _merge_query(url: str, params: tuple[tuple[str, str], ...]) -> str:
    # Cached: a pure function of its arguments, and the same few URLs come back all the time.
    parts = urlsplit(url)
    merged = dict(parse_qsl(parts.query, keep_blank_values=True))
    merged.update(params)
    query = urlencode(sorted(merged.items()))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


@lru_cache(maxsize=1024)
def _wire_url(url: str) -> tuple[str, bool]:
    """What ``requests`` makes of ``url`` (``PreparedRequest.prepare_url`` without params):
    the URL as sent, and whether it carries ``user:password@`` credentials.

    A pure function of ``url``, and the client requests the same few URLs over and over:
    parsing and re-quoting them is a third of preparing a request. Invalid URLs raise
    requests' own errors, every time (exceptions are not cached).
    """
    probe = requests.PreparedRequest()
    probe.prepare_url(url, None)
    wire = str(probe.url)
    return wire, any(get_auth_from_url(wire))


@lru_cache(maxsize=256)
def _check_header(name: str, value: str) -> None:
    # requests' own check (InvalidHeader when it fails: exceptions are not cached).
    check_header_validity((name, value))


def prepare_request(
    session: requests.Session,
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | None,
) -> requests.PreparedRequest:
    """The request ``session`` would send: ``PreparedRequest.prepare`` step by step with the
    session's own settings, minus the work whose answer is already known: the URL's
    preparation and the headers' validity checks are remembered, an empty cookie jar adds no
    Cookie header, and without credentials there is no auth to apply. Session query params
    still go through requests' own encoding.

    ``Session.prepare_request`` would also copy and merge the session's settings (cookie jars
    included) on every call.
    """
    prepared = requests.PreparedRequest()
    prepared.prepare_method(method)
    if session.params:
        prepared.prepare_url(url, session.params)
        has_credentials = any(get_auth_from_url(str(prepared.url)))
    else:
        prepared.url, has_credentials = _wire_url(url)
    # prepare_headers, with each header's validity check remembered.
    prepared.headers = CaseInsensitiveDict()
    for name, value in headers.items():
        _check_header(name, value)
        prepared.headers[name] = value
    cookies = session.cookies
    if isinstance(cookies, CookieJar) and not len(cookies):
        prepared._cookies = cookies  # type: ignore[attr-defined]  # prepare_cookies' only effect
    else:
        prepared.prepare_cookies(cookies)
    prepared.prepare_body(body, None)
    # prepare_auth does nothing without auth, explicit or in the URL.
    if session.auth is not None or has_credentials:
        prepared.prepare_auth(session.auth, url)
    prepared.prepare_hooks(session.hooks)
    return prepared


class HttpExecutor:
    """Sends signed requests to the Stormpath API and returns decoded JSON.

    ``GET``/``DELETE`` are retried on 429, 5xx and network errors with exponential backoff
    (``backoff_base * 2**n`` seconds, capped, ``max_tries`` attempts in total). ``POST`` is
    retried only when the request was certainly not processed: a 429 answer or a connect
    timeout. The environment's proxy and CA bundle settings are read once, when the session is
    made: at the first request, or here for a ``session`` passed in (one that trusts the
    environment is switched over too).
    """

    def __init__(
        self,
        base_url: str,
        signer: Signer,
        *,
        user_agent: str,
        proxies: Mapping[str, str] | None = None,
        timeout: float | tuple[float, float] | None = DEFAULT_TIMEOUT,
        max_tries: int = DEFAULT_MAX_TRIES,
        backoff_base: float = 0.5,
        backoff_cap: float = 20.0,
        sleep: Callable[[float], Any] = time.sleep,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._below = (self.base_url + "/", self.base_url + "?")
        self.signer = signer
        self.timeout = timeout
        self.max_tries = max(1, max_tries)
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self._sleep = sleep
        self._user_agent = user_agent
        self._proxies = dict(proxies or {})
        self._session: requests.Session | None = None
        self._session_lock = threading.Lock()
        if session is not None:
            self._session = self._configure(session)

    @property
    def session(self) -> requests.Session:
        """The `requests.Session` the requests go through, made on first use.

        A client whose answers all come from its cache (an app in a test run, say) never
        pays for a session, its connection pools and the environment's proxy settings.
        Assigning one replaces it as it is.
        """
        session = self._session
        if session is None:
            with self._session_lock:  # threads making the first requests share one session
                session = self._session
                if session is None:
                    session = self._session = self._configure(requests.Session())
        return session

    @session.setter
    def session(self, session: requests.Session) -> None:
        self._session = session

    def _configure(self, session: requests.Session) -> requests.Session:
        # Replace requests' defaults: every header sent is signed, so keep the set small.
        session.headers.clear()
        session.headers.update(
            {
                "Accept": "application/json",
                "Accept-Encoding": "gzip, deflate",
                "User-Agent": self._user_agent,
            }
        )
        if self._proxies:
            session.proxies.update(self._proxies)
        if session.trust_env:
            _settle_environment(session, self.base_url)
        return session

    # -- URLs -------------------------------------------------------------------------------

    def absolute(self, href: str) -> str:
        """Return ``href`` as an absolute URL under the base URL (relative paths are joined)."""
        if href.startswith("/"):
            return self.base_url + href
        if href.startswith(self._below) or href == self.base_url:
            return href
        raise ValueError(
            f"Refusing to request {href!r}: it is not under the client's base URL "
            f"{self.base_url!r}."
        )

    def build_url(self, href: str, params: Mapping[str, Any] | None = None) -> str:
        """Merge ``params`` into the href's query, sorted by name like the old SDK did."""
        encoded = tuple(
            (name, encode_query_value(value))
            for name, value in (params or {}).items()
            if value is not None
        )
        return _merge_query(self.absolute(href), encoded)

    # -- requests ---------------------------------------------------------------------------

    def request(
        self,
        method: str,
        href: str,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> HttpResponse:
        """Send one API request (following redirects by hand) and decode the answer."""
        method = method.upper()
        url = self.build_url(href, params)
        body = None if data is None else _JSON_BODY.encode(data).encode("utf-8")
        response = self._send_with_retries(method, url, body)
        for _ in range(MAX_REDIRECTS):
            if response.status_code not in REDIRECT_STATUSES:
                break
            url = self._redirect_target(response, url, params)
            method, body = "GET", None
            response = self._send_with_retries(method, url, body)
        else:
            raise Error(message=f"Too many redirects while requesting {href}.")
        return self._decode(response, method, url)

    def _redirect_target(
        self, response: requests.Response, url: str, params: Mapping[str, Any] | None
    ) -> str:
        location = response.headers.get("Location")
        if not location:
            raise Error(
                status=response.status_code,
                message=f"Redirect from {url} without a Location header.",
            )
        target = urljoin(url, location)
        try:
            self.absolute(target)
        except ValueError as exc:
            raise Error(
                status=response.status_code,
                message=f"Refusing to follow a redirect from {url} to {target}: "
                f"it is outside the base URL {self.base_url}.",
            ) from exc
        # The old SDK re-sent the original query with the redirected GET.
        return self.build_url(target, None if urlsplit(target).query else params)

    def _send_with_retries(self, method: str, url: str, body: bytes | None) -> requests.Response:
        idempotent = method in IDEMPOTENT_METHODS
        for attempt in range(self.max_tries):
            last_try = attempt + 1 >= self.max_tries
            try:
                response = self._send_once(method, url, body)
            except (requests.ConnectionError, requests.Timeout) as exc:
                retryable = idempotent or isinstance(exc, requests.ConnectTimeout)
                if retryable and not last_try:
                    self._sleep(self._delay(attempt))
                    continue
                kind = "timed out" if isinstance(exc, requests.Timeout) else "failed"
                raise NetworkError(
                    f"{method} {url} {kind}: could not reach the Stormpath API ({exc})."
                ) from exc
            status = response.status_code
            retryable = status == 429 or (idempotent and status >= 500)
            if not retryable or last_try:
                return response
            self._sleep(self._delay(attempt, response.headers.get("Retry-After")))
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def _delay(self, attempt: int, retry_after: str | None = None) -> float:
        delay = self.backoff_base * (2**attempt)
        if retry_after and retry_after.strip().isdigit():
            delay = max(delay, float(retry_after))
        return min(self.backoff_cap, delay)

    def _send_once(self, method: str, url: str, body: bytes | None) -> requests.Response:
        session = self.session
        headers: dict[str, str] = dict(session.headers)  # type: ignore[arg-type]  # all str
        if body is not None:
            headers["Content-Type"] = "application/json"
        prepared = prepare_request(session, method, url, headers, body)
        # Sign exactly what goes on the wire: requests may have re-quoted the URL.
        self.signer.sign(method, prepared.url or url, prepared.headers, body)
        return session.send(prepared, timeout=self.timeout, allow_redirects=False)

    # -- answers ----------------------------------------------------------------------------

    def _decode(self, response: requests.Response, method: str, url: str) -> HttpResponse:
        status = response.status_code
        if status >= 400:
            raise self._error(response, method, url)
        if not response.content:
            return HttpResponse(status, {}, response.headers)
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise Error(
                status=status,
                message=f"{method} {url} answered HTTP {status} with a body that is not a JSON "
                "object.",
            )
        return HttpResponse(status, data, response.headers)

    @staticmethod
    def _error(response: requests.Response, method: str, url: str) -> Error:
        status = response.status_code
        request_id = response.headers.get("Stormpath-Request-Id")
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and (body.get("developerMessage") or body.get("message")):
            return Error.from_body(status, body, request_id)
        reason = f" {response.reason}" if response.reason else ""
        return Error(
            status=status,
            code=status,
            message=f"{method} {url} failed with HTTP {status}{reason} "
            f"(the answer was not a Stormpath error body).",
            request_id=request_id,
        )
