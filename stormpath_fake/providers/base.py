"""What the fake Google and Facebook identity providers share: clients, identities, single-use
codes and access tokens, and the authorization-code flow around them.

A provider is a small WSGI-environ handler (``handle(environ) -> (status, headers, body)``), the
same shape as the emulator's app, so both doors can serve it: in-process at the provider's real
URLs (``https://accounts.google.com/...``), and in server mode under a prefix of the emulator's
server (``http://127.0.0.1:<port>/google/...``). Subclasses declare their endpoints and the
provider's own wording of errors and profiles.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote_plus, urlencode, urlsplit, urlunsplit

from werkzeug.wrappers import Request

from ..clock import Clock
from .page import error_page, pick_page

__all__ = ["Identity", "OAuthClient", "OAuthProvider", "ProviderError", "Reply"]

# (status, headers, body bytes): what `handle` returns, as the emulator's app does.
Reply = tuple[int, list[tuple[str, str]], bytes]

# Called when an access token is issued: (provider id, token, profile Stormpath would read).
TokenListener = Callable[[str, str, "Identity"], None]

CODE_LIFETIME = timedelta(minutes=10)


@dataclass(frozen=True)
class Identity:
    """One person the provider knows (what its user-info endpoint describes)."""

    user_id: str
    email: str | None
    given_name: str | None = None
    surname: str | None = None

    @property
    def name(self) -> str:
        """Full name, or the email when the person has no name."""
        parts = [p for p in (self.given_name, self.surname) if p]
        return " ".join(parts) or (self.email or self.user_id)


@dataclass
class OAuthClient:
    """An app registered with the provider: its id, secret and allowed redirect URIs."""

    client_id: str
    client_secret: str
    redirect_uris: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Grant:
    """An authorization code waiting to be exchanged (once)."""

    client_id: str
    redirect_uri: str
    user_id: str
    scopes: frozenset[str]
    code_challenge: str | None
    code_challenge_method: str | None
    expires_at: datetime


@dataclass(frozen=True)
class _Token:
    client_id: str
    user_id: str
    scopes: frozenset[str]
    expires_at: datetime


class ProviderError(Exception):
    """A refusal at the token or user-info endpoint, rendered by the subclass's format."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description


class _PageError(Exception):
    """A refusal at the authorize endpoint that must not redirect (bad client or URI)."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


class OAuthProvider:
    """State and flow of one fake OAuth 2 provider (thread-safe; one lock).

    Subclasses set `provider_id`, `label`, `mount_path`, `endpoints` (name → real URL; the
    names ``authorize``, ``token`` and ``userinfo`` are routed), `token_lifetime`, and implement
    the provider-specific hooks below.
    """

    provider_id = ""
    label = ""
    mount_path = ""
    endpoints: dict[str, str] = {}
    token_lifetime = timedelta(hours=1)
    #: Whether the authorize endpoint honours ``code_challenge`` (PKCE).
    supports_pkce = False
    #: Token endpoint methods.
    token_methods: tuple[str, ...] = ("POST",)

    def __init__(self, clock: Clock, on_token: TokenListener | None = None) -> None:
        self.clock = clock
        self.on_token = on_token
        self.lock = threading.RLock()
        self.clients: dict[str, OAuthClient] = {}
        self._identities: dict[str, Identity] = {}  # user id -> identity
        self._codes: dict[str, _Grant] = {}
        self._tokens: dict[str, _Token] = {}

    # ------------------------------------------------------------------ configuration

    def add_client(
        self, client_id: str, client_secret: str, redirect_uris: Iterable[str] = ()
    ) -> OAuthClient:
        """Register an app (or update its secret), allowing more redirect URIs (exact match)."""
        with self.lock:
            client = self.clients.get(client_id)
            if client is None:
                client = self.clients[client_id] = OAuthClient(client_id, client_secret)
            client.client_secret = client_secret
            client.redirect_uris.update(redirect_uris)
            return client

    def add_identity(
        self,
        email: str | None,
        given_name: str | None = None,
        surname: str | None = None,
        *,
        user_id: str | None = None,
    ) -> Identity:
        """Add a person who can sign in (the one with the same email is replaced, keeping its
        user id unless `user_id` is given)."""
        with self.lock:
            existing = self.find_identity(email) if email else None
            if user_id is None:
                user_id = existing.user_id if existing else self.new_user_id()
            if existing is not None:
                del self._identities[existing.user_id]
            identity = Identity(user_id, email, given_name, surname)
            self._identities[user_id] = identity
            return identity

    @property
    def identities(self) -> list[Identity]:
        """Everyone who can sign in, in the order they were added."""
        with self.lock:
            return list(self._identities.values())

    def find_identity(self, email_or_id: str) -> Identity | None:
        """The identity with this user id, or this email (case-insensitive)."""
        with self.lock:
            if email_or_id in self._identities:
                return self._identities[email_or_id]
            wanted = email_or_id.lower()
            return next(
                (i for i in self._identities.values() if (i.email or "").lower() == wanted),
                None,
            )

    def issue_code(
        self,
        client_id: str,
        redirect_uri: str,
        person: str,
        scope: str = "",
        *,
        code_challenge: str | None = None,
        code_challenge_method: str = "S256",
    ) -> str:
        """What allowing on the pick page does, without HTTP: a single-use code for `person`
        (email or user id) to log in to `client_id`. Raises KeyError for an unknown client,
        redirect URI or person."""
        params = {"client_id": client_id, "redirect_uri": redirect_uri, "scope": scope}
        if code_challenge is not None:
            params.update(
                code_challenge=code_challenge, code_challenge_method=code_challenge_method
            )
        try:
            client = self._checked_client(params)
        except _PageError as error:
            raise KeyError(f"{error.error}: {error.description}") from None
        return self._issue_code(client, redirect_uri, self._person(person), params)

    def issue_token(self, client_id: str, person: str, scope: str = "") -> str:
        """An access token as if `person` (email or user id) had logged in to `client_id` with
        `scope` (the Stormpath emulator learns it too). KeyError for an unknown client or
        person."""
        if client_id not in self.clients:
            raise KeyError(f"unknown client {client_id!r}")
        return self._new_token(client_id, self._person(person), _scopes(scope))

    def redeem_code(
        self, code: str, client_id: str, client_secret: str, redirect_uri: str
    ) -> Identity | None:
        """What the Stormpath service does with a ``code`` in ``providerData``: exchange it at
        the token endpoint as the directory's client. The profile the token shows, or None when
        the provider refuses (unknown, used or expired code, wrong client or redirect URI)."""
        params = {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": client_id,
            "client_secret": client_secret,
            "redirect_uri": redirect_uri,
        }
        try:
            access_token = self._exchange(params, None)["access_token"]
        except ProviderError:
            return None
        with self.lock:
            token = self._tokens[access_token]
            identity = self._identities[token.user_id]
        return self.granted_profile(identity, token.scopes)

    def _person(self, email_or_id: str) -> Identity:
        identity = self.find_identity(email_or_id)
        if identity is None:
            raise KeyError(f"no {self.label} identity {email_or_id!r}")
        return identity

    def reset(self) -> None:
        """Forget issued codes and tokens (clients and identities are configuration: kept)."""
        with self.lock:
            self._codes.clear()
            self._tokens.clear()

    def urls(self, server_url: str | None = None) -> dict[str, str]:
        """Endpoint URLs: the real ones (served in-process), or those under the emulator's
        server (pass its base URL, e.g. ``handle.base_url``; only scheme and host are used)."""
        if server_url is None:
            return dict(self.endpoints)
        root = urlsplit(server_url)
        return {
            name: urlunsplit(
                (root.scheme, root.netloc, self.mount_path + urlsplit(url).path, "", "")
            )
            for name, url in self.endpoints.items()
        }

    @property
    def base_urls(self) -> list[str]:
        """Scheme and host of every real endpoint (what the in-process door intercepts)."""
        roots = {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in self.endpoints.values()}
        return sorted(roots)

    # ------------------------------------------------------------------ provider hooks

    def new_user_id(self) -> str:
        """A fresh provider user id."""
        return str(secrets.randbelow(10**20) + 10**20)

    def route(self, path: str) -> str | None:
        """Endpoint name for a request path (mount prefix removed), or None."""
        for name, url in self.endpoints.items():
            if path == urlsplit(url).path:
                return name
        return None

    def check_authorize(self, params: dict[str, str]) -> str | None:
        """Provider-specific checks of an authorize request; an OAuth error code or None."""
        return None

    def visible_identities(self, params: dict[str, str]) -> list[Identity]:
        """The identities the pick page offers for this request."""
        return self.identities

    def denied_params(self) -> dict[str, str]:
        """What the redirect carries when the person refuses consent."""
        return {"error": "access_denied"}

    def token_body(self, access_token: str, scopes: frozenset[str]) -> dict[str, Any]:
        """JSON of a successful token response."""
        raise NotImplementedError

    def error_status(self, error: ProviderError) -> int:
        """HTTP status of a refused token or user-info request."""
        return error.status

    def error_body(self, error: ProviderError) -> dict[str, Any]:
        """JSON of a refused token or user-info request."""
        raise NotImplementedError

    def profile(self, identity: Identity, scopes: frozenset[str], params: dict[str, str]) -> dict:
        """JSON of the user-info endpoint for a valid token."""
        raise NotImplementedError

    def granted_profile(self, identity: Identity, scopes: frozenset[str]) -> Identity:
        """What a token's scopes let a reader of the profile (Stormpath) see."""
        return identity

    # ------------------------------------------------------------------------- HTTP

    def handle(self, environ: dict[str, Any]) -> Reply:
        """Answer one request to this provider."""
        request = Request(environ)
        path = request.path
        if self.mount_path and (path == self.mount_path or path.startswith(self.mount_path + "/")):
            path = path[len(self.mount_path) :]
        name = self.route(path)
        try:
            if name == "authorize" and request.method in ("GET", "POST"):
                return self._authorize(request)
            if name == "token" and request.method in self.token_methods:
                return self._json(200, self._exchange(_params(request), _basic_auth(request)))
            if name == "userinfo" and request.method == "GET":
                return self._json(200, self._userinfo(request))
        except ProviderError as error:
            status = self.error_status(error)
            headers = [("WWW-Authenticate", "Bearer")] if status == 401 else []
            return self._json(status, self.error_body(error), headers)
        status = 405 if name else 404
        return self._json(status, {"error": "not_found", "path": request.path})

    def _json(
        self, status: int, body: dict[str, Any], headers: list[tuple[str, str]] | None = None
    ) -> Reply:
        payload = json.dumps(body).encode("utf-8")
        return _reply(status, "application/json; charset=utf-8", payload, headers)

    @staticmethod
    def _html(status: int, page: str) -> Reply:
        return _reply(status, "text/html; charset=utf-8", page.encode("utf-8"))

    @staticmethod
    def _redirect(redirect_uri: str, params: dict[str, str]) -> Reply:
        separator = "&" if "?" in redirect_uri else "?"
        location = redirect_uri + separator + urlencode(params)
        return 302, [("Location", location), ("Content-Length", "0")], b""

    # ------------------------------------------------------------------- authorize

    def _authorize(self, request: Request) -> Reply:
        """GET: the page to pick an identity; POST (from that page): allow or deny."""
        params = {k: v for k, v in request.args.items()}
        try:
            client = self._checked_client(params)
        except _PageError as error:
            return self._html(400, error_page(self.label, error.error, error.description))
        redirect_uri = params["redirect_uri"]
        echo = {"state": params["state"]} if "state" in params else {}
        problem = self.check_authorize(params)
        if problem is not None:
            return self._redirect(redirect_uri, {"error": problem, **echo})
        if request.method == "GET":
            people = self.visible_identities(params)
            return self._html(200, pick_page(self.label, client.client_id, people))
        if request.form.get("decision") == "deny":
            return self._redirect(redirect_uri, {**self.denied_params(), **echo})
        identity = self.find_identity(request.form.get("identity", ""))
        if identity is None or identity not in self.visible_identities(params):
            description = "Pick one of the identities this provider knows."
            return self._html(400, error_page(self.label, "unknown_identity", description))
        code = self._issue_code(client, redirect_uri, identity, params)
        return self._redirect(redirect_uri, {"code": code, **echo})

    def _checked_client(self, params: dict[str, str]) -> OAuthClient:
        client = self.clients.get(params.get("client_id", ""))
        if client is None:
            raise _PageError("invalid_client", "The OAuth client was not found.")
        if params.get("redirect_uri", "") not in client.redirect_uris:
            raise _PageError(
                "redirect_uri_mismatch",
                "The redirect URI in the request does not match the ones authorized for the "
                "OAuth client.",
            )
        return client

    def _issue_code(
        self, client: OAuthClient, redirect_uri: str, identity: Identity, params: dict[str, str]
    ) -> str:
        code = secrets.token_urlsafe(24)
        grant = _Grant(
            client_id=client.client_id,
            redirect_uri=redirect_uri,
            user_id=identity.user_id,
            scopes=_scopes(params.get("scope", "")),
            code_challenge=params.get("code_challenge") if self.supports_pkce else None,
            code_challenge_method=params.get("code_challenge_method", "plain"),
            expires_at=self.clock.now() + CODE_LIFETIME,
        )
        with self.lock:
            self._codes[code] = grant
        return code

    # ------------------------------------------------------------------------ token

    def _exchange(self, params: dict[str, str], basic: tuple[str, str] | None) -> dict[str, Any]:
        """Check the client and the code (single use), then issue an access token."""
        client_id, secret = basic or (params.get("client_id", ""), params.get("client_secret", ""))
        client = self.clients.get(client_id)
        if client is None or not secrets.compare_digest(client.client_secret, secret):
            raise ProviderError(401, "invalid_client", "The OAuth client was not found.")
        if params.get("grant_type", "authorization_code") != "authorization_code":
            raise ProviderError(400, "unsupported_grant_type", "Invalid grant_type.")
        with self.lock:
            # Popped before any other check: a code is spent by its first use.
            grant = self._codes.pop(params.get("code", ""), None)
        if grant is None or grant.expires_at <= self.clock.now():
            raise ProviderError(400, "invalid_grant", "The authorization code is invalid or used.")
        if grant.client_id != client.client_id:
            raise ProviderError(400, "invalid_grant", "The code was issued to another client.")
        if params.get("redirect_uri") != grant.redirect_uri:
            raise ProviderError(400, "invalid_grant", "The redirect_uri does not match.")
        if grant.code_challenge is not None and not _pkce_ok(grant, params.get("code_verifier")):
            raise ProviderError(400, "invalid_grant", "The code_verifier does not match.")
        identity = self._identities.get(grant.user_id)
        if identity is None:
            raise ProviderError(400, "invalid_grant", "The account no longer exists.")
        access_token = self._new_token(client.client_id, identity, grant.scopes)
        return self.token_body(access_token, grant.scopes)

    def _new_token(self, client_id: str, identity: Identity, scopes: frozenset[str]) -> str:
        access_token = secrets.token_urlsafe(32)
        expires_at = self.clock.now() + self.token_lifetime
        with self.lock:
            self._tokens[access_token] = _Token(client_id, identity.user_id, scopes, expires_at)
        if self.on_token is not None:
            self.on_token(self.provider_id, access_token, self.granted_profile(identity, scopes))
        return access_token

    # --------------------------------------------------------------------- userinfo

    def _userinfo(self, request: Request) -> dict[str, Any]:
        header = request.headers.get("Authorization", "")
        scheme, _, value = header.partition(" ")
        token_value = value.strip() if scheme.lower() == "bearer" else ""
        token_value = token_value or request.args.get("access_token", "")
        with self.lock:
            token = self._tokens.get(token_value)
            identity = self._identities.get(token.user_id) if token else None
        if token is None or identity is None or token.expires_at <= self.clock.now():
            raise ProviderError(401, "invalid_token", "Invalid Credentials")
        return self.profile(identity, token.scopes, dict(request.args.items()))

    def token_info(self, access_token: str) -> tuple[str, Identity] | None:
        """(client id, identity) of a valid access token, else None (for white-box tests)."""
        with self.lock:
            token = self._tokens.get(access_token)
            if token is None or token.expires_at <= self.clock.now():
                return None
            identity = self._identities.get(token.user_id)
        return (token.client_id, identity) if identity else None


def _scopes(text: str) -> frozenset[str]:
    # Google separates scopes with spaces, Facebook with commas (spaces also accepted).
    return frozenset(text.replace(",", " ").split())


def _params(request: Request) -> dict[str, str]:
    """Query and form parameters of a token request (Facebook accepts both)."""
    values = {k: v for k, v in request.args.items()}
    values.update(request.form.items())
    return values


def _basic_auth(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except ValueError:
        return ("", "")
    client_id, _, secret = decoded.partition(":")
    # RFC 6749 §2.3.1: both parts are form-urlencoded inside the Basic credentials.
    return unquote_plus(client_id), unquote_plus(secret)


def _pkce_ok(grant: _Grant, verifier: str | None) -> bool:
    if not verifier or grant.code_challenge is None:
        return False
    if grant.code_challenge_method == "S256":
        digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
        computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    else:
        computed = verifier
    return secrets.compare_digest(computed, grant.code_challenge)


def _reply(
    status: int, content_type: str, payload: bytes, extra: list[tuple[str, str]] | None = None
) -> Reply:
    """A response that no cache may keep."""
    headers = [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
        ("Content-Length", str(len(payload))),
        *(extra or []),
    ]
    return status, headers, payload
