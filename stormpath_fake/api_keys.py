"""Account API keys: ``{account}/apiKeys``, ``/apiKeys/{keyId}`` (href id == key id) and the
application look-up ``{app}/apiKeys?id=``, with the SDKs' encrypted-secret option.

With ``encryptSecret=true`` the ``secret`` goes out as base64(IV ‖ AES-CBC(secret)), the AES key
being PBKDF2-HMAC-SHA1 of the calling client's API key secret with the base64url
``encryptionKeySalt``, ``encryptionKeyIterations`` rounds and ``encryptionKeySize`` bits.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from typing import Any

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from . import exceptions as exc
from . import search
from .context import NO_CONTENT, Context, Reply, created, ok
from .models import ApiKey, Store
from .serialize import Listing, effective_paging, parse_expand
from .validation import parse

# Query parameters that tune the encryption (or the SDK's cache) and are not search filters.
_OPTIONS = frozenset(
    {"encryptSecret", "encryptionKeySize", "encryptionKeyIterations", "encryptionKeySalt"}
)
_KEY_SIZES = (128, 192, 256)
_MAX_ITERATIONS = 100_000


def encrypt_secret(secret: str, password: str, salt: str, iterations: int, key_bits: int) -> str:
    """base64(IV ‖ AES-CBC-PKCS7(secret)) under PBKDF2-HMAC-SHA1(password, salt)."""
    salt_bytes = base64.urlsafe_b64decode(salt + "=" * (-len(salt) % 4))
    key = hashlib.pbkdf2_hmac(
        "sha1", password.encode("utf-8"), salt_bytes, iterations, key_bits // 8
    )
    iv = os.urandom(16)
    padder = padding.PKCS7(128).padder()
    plain = padder.update(secret.encode("utf-8")) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return base64.b64encode(iv + encryptor.update(plain) + encryptor.finalize()).decode("ascii")


def _encryption(ctx: Context) -> tuple[str, int, int] | None:
    """(salt, iterations, key bits) when the client asked for an encrypted secret."""
    query = ctx.request.query
    if (query.get("encryptSecret") or "").lower() != "true":
        return None
    salt = query.get("encryptionKeySalt") or ""
    try:
        iterations = int(query.get("encryptionKeyIterations") or 1024)
        bits = int(query.get("encryptionKeySize") or 256)
        base64.urlsafe_b64decode(salt + "=" * (-len(salt) % 4))
    except (ValueError, binascii.Error):
        raise exc.bad_request(
            "encryptionKeySalt must be base64url and the iterations and key size integers.", 2002
        ) from None
    if not salt or bits not in _KEY_SIZES or not 1 <= iterations <= _MAX_ITERATIONS:
        raise exc.bad_request(
            "Encrypting an API key secret needs encryptionKeySalt, encryptionKeySize 128, 192 "
            "or 256 and encryptionKeyIterations between 1 and 100000.",
            2002,
        )
    return salt, iterations, bits


def _protect(ctx: Context, bodies: list[dict[str, Any]]) -> None:
    """Encrypt the ``secret`` of each API key body if the request asked for it."""
    options = _encryption(ctx)
    if options is None:
        return
    password = ctx.store.secret_for(ctx.request.api_key_id)
    if password is None:
        raise exc.bad_request(
            "The emulator does not know the secret of the API key that signed this request, so "
            "it cannot encrypt API key secrets for it; send encryptSecret=false."
        )
    for body in bodies:
        body["secret"] = encrypt_secret(body["secret"], password, *options)


def _key_reply(ctx: Context, key: ApiKey, status: int = 200) -> Reply:
    body = ctx.ser.render("apiKey", key, parse_expand(ctx.request.query.get("expand"), "apiKey"))
    _protect(ctx, [body])
    return created(body["href"], body) if status == 201 else ok(body)


def _listing_reply(ctx: Context, listing: Listing) -> Reply:
    query = {k: v for k, v in ctx.request.query.items() if k not in _OPTIONS}
    offset, limit = effective_paging(query.get("offset"), query.get("limit"))
    expand = parse_expand(query.get("expand"), "apiKey")
    body = ctx.ser.page(listing, search.run(listing, query), offset, limit, expand)
    _protect(ctx, body["items"])
    return ok(body)


def _new_key(store: Store) -> tuple[str, str]:
    # Real key ids are 25 upper-case alphanumerics; secrets are longer mixed-case strings.
    key_id = (store.ids.new() + store.ids.new()).upper()[:25]
    return key_id, store.ids.new() + store.ids.new()


def _lookup(store: Store, key_id: str) -> ApiKey:
    key = exc.get_or_404(store.api_key_records, key_id)
    return key


def create_api_key(ctx: Context, obj_id: str) -> Reply:
    """POST {account}/apiKeys (body optional: name, description, status) → 201."""
    account = exc.get_or_404(ctx.store.accounts, obj_id)
    values = parse("apiKey", ctx.json(), creating=True)
    key_id, secret = _new_key(ctx.store)
    now = ctx.store.clock.now()
    key = ApiKey(key_id, secret, account.id, now, now, **values)
    ctx.store.api_key_records[key.id] = key
    return _key_reply(ctx, key, 201)


def get_api_key(ctx: Context, obj_id: str) -> Reply:
    """GET /apiKeys/{keyId}."""
    return _key_reply(ctx, _lookup(ctx.store, obj_id))


def update_api_key(ctx: Context, obj_id: str) -> Reply:
    """POST /apiKeys/{keyId}: status, name, description."""
    key = _lookup(ctx.store, obj_id)
    body = ctx.json()
    if not body:
        raise exc.bad_request("At least one property must be specified in an update request.")
    for name, value in parse("apiKey", body, creating=False).items():
        setattr(key, name, value)
    key.modified_at = ctx.store.clock.now()
    return _key_reply(ctx, key)


def delete_api_key(ctx: Context, obj_id: str) -> Reply:
    """DELETE /apiKeys/{keyId}."""
    del ctx.store.api_key_records[_lookup(ctx.store, obj_id).id]
    return Reply(NO_CONTENT)


def account_api_keys(ctx: Context, obj_id: str) -> Reply:
    """GET {account}/apiKeys (searchable by id, name, description, status)."""
    account = exc.get_or_404(ctx.store.accounts, obj_id)
    listing = ctx.ser.related("account", account, "apiKeys")
    assert isinstance(listing, Listing)
    return _listing_reply(ctx, listing)


def application_api_keys(ctx: Context, obj_id: str) -> Reply:
    """GET {app}/apiKeys?id=: keys of accounts that can log in to the application."""
    store = ctx.store
    app = exc.get_or_404(store.applications, obj_id)
    href = ctx.ser.href("applications", app.id)

    def usable(key: ApiKey) -> bool:
        return app in store.account_apps(store.accounts[key.account_id])

    def keys() -> list[ApiKey]:
        return [key for key in store.api_key_records.values() if usable(key)]

    def by_id(attr: str, value: str) -> list[Any] | None:
        if attr != "id":
            return None
        key = store.api_key_records.get(value)
        return [key] if key is not None and usable(key) else []

    return _listing_reply(ctx, Listing(f"{href}/apiKeys", "apiKey", keys, by_id))
