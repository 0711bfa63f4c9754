"""OAuth 2: the application's token endpoint, the JWTs it issues, token resources, remote
validation (``{app}/authTokens/{jwt}``) and the writable OAuth policy.

Tokens are HS256 JWTs signed with the secret of the tenant API key that made the request, with
header ``{kid, stt, alg}`` and claims ``jti, iat, iss, sub, exp`` (+ ``rti`` on access tokens
from a password or refresh grant), which is what the Node SDK verifies locally.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl

from . import exceptions as exc
from .context import NO_CONTENT, Context, Reply, ok
from .models import ENABLED, Account, Application, Directory, Group, OAuthToken, Store
from .responses import render
from .serialize import DEFAULT_OAUTH_POLICY, effective_paging
from .validation import split_href

TOKEN_PATH_SUFFIX = "/oauth/token"
_DURATION = re.compile(
    r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$"
)
_DURATION_SECONDS = (365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60, 1)
_MAX_TTL = timedelta(days=3650)
_GRANTS = ("password", "refresh_token", "client_credentials")


class OAuthError(exc.StormpathError):
    """A token-endpoint failure: the usual error body plus the OAuth ``error`` string."""

    def __init__(
        self, error: str, status: int, code: int, message: str, developer: str | None = None
    ) -> None:
        super().__init__(status, code, message, developer)
        self.error = error

    @classmethod
    def wrap(cls, error: str, failure: exc.StormpathError) -> OAuthError:
        """The same failure, tagged with an OAuth ``error``."""
        return cls(error, failure.status, failure.code, failure.message, failure.developer_message)

    def body(self, request_id: str) -> dict[str, Any]:
        return {**super().body(request_id), "error": self.error}


def invalid_token(code: int, detail: str) -> exc.StormpathError:
    """10010-10017: a JWT that does not validate."""
    return exc.StormpathError(400, code, "Token is invalid.", f"Token is invalid: {detail}")


# ------------------------------------------------------------------------------- policy


def parse_duration(text: str) -> timedelta:
    """ISO-8601 duration (``PT1H``, ``P60D``, ``P1Y2M``...); years 365 days, months 30."""
    found = _DURATION.match(text) if isinstance(text, str) else None
    if found is None or text in ("P", "PT") or text.endswith("T"):
        raise ValueError(text)
    pairs = zip(found.groups(), _DURATION_SECONDS, strict=True)
    seconds = sum(int(v or 0) * unit for v, unit in pairs)
    return timedelta(seconds=seconds)


def policy_ttls(store: Store, app_id: str) -> tuple[timedelta, timedelta]:
    """(access TTL, refresh TTL) of an application's OAuth policy."""
    policy = {**DEFAULT_OAUTH_POLICY, **store.oauth_policies.get(app_id, {})}
    return parse_duration(policy["accessTokenTtl"]), parse_duration(policy["refreshTokenTtl"])


def get_oauth_policy(ctx: Context, obj_id: str) -> Reply:
    """GET /oAuthPolicies/{appId}."""
    return ok(ctx.ser.render("oAuthPolicy", _app(ctx.store, obj_id)))


def update_oauth_policy(ctx: Context, obj_id: str) -> Reply:
    """POST /oAuthPolicies/{appId} {accessTokenTtl?, refreshTokenTtl?} (ISO-8601 durations).

    The access TTL ranges PT1S-P10Y; the refresh TTL may also be zero (no refresh tokens).
    """
    app = _app(ctx.store, obj_id)
    body = ctx.json()
    if not body:
        raise exc.bad_request("At least one property must be specified in an update request.")
    changes: dict[str, str] = {}
    for name, value in body.items():
        if name in ("href", "createdAt", "modifiedAt", "tokenEndpoint", "application", "tenant"):
            continue
        if name not in DEFAULT_OAUTH_POLICY:
            raise exc.unknown_property("OAuthPolicy", name)
        try:
            ttl = parse_duration(value)
        except ValueError:
            raise exc.invalid_value(
                "OAuthPolicy", name, "It must be an ISO-8601 duration such as PT1H."
            ) from None
        low = timedelta(0) if name == "refreshTokenTtl" else timedelta(seconds=1)
        if not low <= ttl <= _MAX_TTL:
            raise exc.invalid_value("OAuthPolicy", name, "It must be between PT1S and P10Y.")
        changes[name] = value
    ctx.store.oauth_policies.setdefault(app.id, {}).update(changes)
    return ok(ctx.ser.render("oAuthPolicy", app))


# ---------------------------------------------------------------------------------- JWT


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(signing_input: str, secret: str) -> str:
    digest = hmac.new(secret.encode("utf-8"), signing_input.encode("ascii"), hashlib.sha256)
    return _b64url(digest.digest())


def encode_jwt(header: dict[str, Any], claims: dict[str, Any], secret: str) -> tuple[str, str]:
    """(compact JWT, signature) signed HS256."""
    signing_input = ".".join(
        _b64url(json.dumps(part, separators=(",", ":")).encode("utf-8"))
        for part in (header, claims)
    )
    signature = _sign(signing_input, secret)
    return f"{signing_input}.{signature}", signature


def decode_jwt(token: str) -> tuple[dict[str, Any], dict[str, Any], str, str]:
    """(header, claims, signing input, signature); ValueError when malformed."""
    parts = token.split(".")
    if len(parts) != 3:
        raise ValueError("a JWT has three parts")
    try:
        header = json.loads(_unb64url(parts[0]))
        claims = json.loads(_unb64url(parts[1]))
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(str(error)) from error
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise ValueError("JWT header and claims must be objects")
    return header, claims, f"{parts[0]}.{parts[1]}", parts[2]


def _issue(
    ctx: Context,
    app: Application,
    account: Account,
    kind: str,
    ttl: timedelta,
    *,
    refresh: OAuthToken | None = None,
    key: tuple[str, str],
) -> OAuthToken:
    store = ctx.store
    now = store.clock.now()
    jti = store.ids.new()
    claims: dict[str, Any] = {
        "jti": jti,
        "iat": int(now.timestamp()),
        "iss": ctx.ser.href("applications", app.id),
        "sub": ctx.ser.href("accounts", account.id),
        "exp": int((now + ttl).timestamp()),
    }
    if refresh is not None:
        claims["rti"] = refresh.id
    header = {"kid": key[0], "stt": kind, "alg": "HS256"}
    jwt, signature = encode_jwt(header, claims, key[1])
    token = OAuthToken(
        jti,
        kind,
        jwt,
        header,
        claims,
        signature,
        app.id,
        account.id,
        now,
        now + ttl,
        refresh.id if refresh is not None else None,
    )
    store.oauth_tokens[jti] = token
    return token


def _signing_key(ctx: Context) -> tuple[str, str]:
    key_id = ctx.request.api_key_id
    secret = ctx.store.secret_for(key_id)
    if secret is None:
        raise exc.bad_request(
            f"The emulator does not know the secret of API key '{key_id}' (it was accepted "
            "through auto-provisioning), so it cannot sign tokens with it. Register the key "
            "with FakeStormpath.add_api_key."
        )
    return key_id, secret


# ---------------------------------------------------------------------- token endpoint


def token_endpoint(ctx: Context, obj_id: str) -> Reply:
    """POST {app}/oauth/token: password, refresh_token and client_credentials grants.

    Parameters come form-encoded in the body or in the query string (the Python SDK's refresh
    call); a body value wins.
    """
    app = _app(ctx.store, obj_id)
    params = dict(ctx.request.query)
    params.pop("_method", None)
    params.update(parse_qsl(ctx.request.body.decode("utf-8", "replace"), keep_blank_values=True))
    grant = params.get("grant_type")
    if not grant:
        raise OAuthError("invalid_request", 400, 2000, "grant_type is required.")
    if grant not in _GRANTS:
        raise OAuthError(
            "unsupported_grant_type",
            400,
            400,
            f"Unsupported grant type '{grant}'.",
            f"The grant_type '{grant}' is not supported by the Stormpath emulator.",
        )
    key = _signing_key(ctx)
    access_ttl, refresh_ttl = policy_ttls(ctx.store, app.id)
    if grant == "password":
        account = _password_account(ctx, app, params)
        refresh = (
            _issue(ctx, app, account, "refresh", refresh_ttl, key=key) if refresh_ttl else None
        )
    elif grant == "refresh_token":
        refresh = _refresh_token(ctx, app, _param(params, "refresh_token"))
        account = ctx.store.accounts[refresh.account_id]
    else:
        account = _client_credentials_account(ctx, app, params)
        refresh = None
    access = _issue(ctx, app, account, "access", access_ttl, refresh=refresh, key=key)
    body: dict[str, Any] = {"access_token": access.jwt}
    if refresh is not None:
        body["refresh_token"] = refresh.jwt
    body |= {
        "token_type": "Bearer",
        "expires_in": int(access_ttl.total_seconds()),
        "stormpath_access_token_href": ctx.ser.href("accessTokens", access.id),
    }
    return Reply(200, body, {"Cache-Control": "no-store", "Pragma": "no-cache"})


def _param(params: dict[str, str], name: str) -> str:
    value = params.get(name)
    if not value:
        raise OAuthError("invalid_request", 400, 2000, f"{name} is required.")
    return value


def _password_account(ctx: Context, app: Application, params: dict[str, str]) -> Account:
    login = params.get("username") or params.get("login") or ""
    password = params.get("password", "")
    if not login or not password:
        raise OAuthError("invalid_request", 400, 2000, "username and password are required.")
    store: Directory | Group | None = None
    href = params.get("accountStore")
    if href:
        parts = split_href(href)
        store = ctx.store.store_by_kind(*parts) if parts else None
        if store is None:
            raise OAuthError(
                "invalid_request",
                400,
                2002,
                "The specified Account Store is not one of the Application's assigned "
                "Account Stores.",
            )
    try:
        return ctx.store.login(app, login, password, store)
    except exc.StormpathError as failure:
        raise OAuthError.wrap("invalid_grant", failure) from None


def _refresh_token(ctx: Context, app: Application, jwt: str) -> OAuthToken:
    try:
        token = validate(ctx, app, jwt, "refresh")
    except exc.StormpathError as failure:
        raise OAuthError(
            "invalid_grant", 400, 10017, "Token is invalid.", failure.developer_message
        ) from None
    return token


def _client_credentials_account(ctx: Context, app: Application, params: dict[str, str]) -> Account:
    client_id, secret = _param(params, "client_id"), _param(params, "client_secret")
    record = ctx.store.api_key_records.get(client_id)
    account = ctx.store.accounts.get(record.account_id) if record else None
    if (
        record is None
        or account is None
        or record.status != ENABLED
        or not hmac.compare_digest(record.secret.encode(), secret.encode())
        or account.status != ENABLED
        or app not in ctx.store.account_apps(account)
    ):
        raise OAuthError(
            "invalid_client",
            400,
            10019,
            "API Key Authentication failed.",
            "API Key Authentication failed because the API key or secret submitted is invalid.",
        )
    return account


# ------------------------------------------------------------------- validation, reads


def validate(ctx: Context, app: Application, jwt: str, kind: str = "access") -> OAuthToken:
    """The live token a JWT stands for, or a 10010-10017 error."""
    store = ctx.store
    try:
        header, claims, signing_input, signature = decode_jwt(jwt)
    except ValueError as error:
        raise invalid_token(10017, f"the JWT is malformed ({error}).") from None
    secret = store.secret_for(str(header.get("kid", "")))
    if secret is None or not hmac.compare_digest(_sign(signing_input, secret), signature):
        raise invalid_token(10017, "the signature does not verify.")
    token = store.oauth_tokens.get(str(claims.get("jti", "")))
    if header.get("stt") != kind or token is None or token.kind != kind:
        raise invalid_token(10017, f"it is not a live {kind} token (revoked or unknown).")
    now = store.clock.now()
    if now >= token.expires_at:
        raise invalid_token(10011, "it has expired.")
    if token.created_at > now:
        raise invalid_token(10012, "it was issued in the future.")
    if token.application_id != app.id:
        raise invalid_token(10014, "it was issued by another application.")
    if app.status != ENABLED:
        raise invalid_token(10015, "the application is disabled.")
    account = store.accounts.get(token.account_id)
    if account is None or app not in store.account_apps(account):
        raise invalid_token(10016, "the account is not in the application's account stores.")
    if account.status != ENABLED:
        raise invalid_token(10010, "the account is disabled.")
    return token


def auth_token(ctx: Context, obj_id: str, token: str) -> Reply:
    """GET {app}/authTokens/{jwt}: 302 to the access token resource when the JWT is valid."""
    app = _app(ctx.store, obj_id)
    found = validate(ctx, app, token)
    return Reply(302, None, {"Location": ctx.ser.href("accessTokens", found.id)})


def _live(store: Store, jti: str, kind: str) -> OAuthToken:
    token = store.oauth_tokens.get(jti)
    if token is None or token.kind != kind:
        raise exc.not_found()
    if store.clock.now() >= token.expires_at:
        del store.oauth_tokens[jti]
        raise exc.not_found()
    return token


def get_token(ctx: Context, obj_id: str, kind: str) -> Reply:
    """GET /accessTokens/{jti} or /refreshTokens/{jti}."""
    return render(ctx, f"{kind}Token", _live(ctx.store, obj_id, kind))


def delete_token(ctx: Context, obj_id: str, kind: str) -> Reply:
    """DELETE /accessTokens/{jti} or /refreshTokens/{jti}: revoke it (204)."""
    _live(ctx.store, obj_id, kind)
    del ctx.store.oauth_tokens[obj_id]
    return Reply(NO_CONTENT)


def account_tokens(ctx: Context, obj_id: str, kind: str) -> Reply:
    """GET {account}/accessTokens|refreshTokens[?application.href=...]."""
    account = exc.get_or_404(ctx.store.accounts, obj_id)
    listing = ctx.ser.related("account", account, f"{kind}Tokens")
    assert not isinstance(listing, tuple) and listing is not None
    query = ctx.request.query
    now = ctx.store.clock.now()
    items = [t for t in listing.items() if t.expires_at > now]
    wanted_app = query.get("application.href")
    if wanted_app:
        parts = split_href(wanted_app)
        items = [t for t in items if parts is not None and parts[1] == t.application_id]
    offset, limit = effective_paging(query.get("offset"), query.get("limit"))
    return ok(ctx.ser.page(listing, items, offset, limit))


def _app(store: Store, app_id: str) -> Application:
    app = exc.get_or_404(store.applications, app_id)
    return app
