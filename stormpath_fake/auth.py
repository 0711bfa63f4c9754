"""Verification of the API-key credentials a request carries (HTTP Basic and SAuthc1).

SAuthc1 is checked against several canonicalisations, because real clients disagree:

* ``rawq`` (spec and Python SDK): path and query exactly as sent, query pieces sorted as plain
  strings, then ``+``→``%20``, ``*``→``%2A``, ``%7E``→``~``;
* ``ref`` (Java/Go): parameters decoded, sorted by name, each re-encoded with ``%20`` for spaces;
* ``node020`` (our shim around the Node SDK 0.20): the query rides along in the path part, each
  replacement touches its first occurrence only, and every derived key is the latin-1 reading
  of the previous digest re-encoded as UTF-8.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from urllib.parse import quote, unquote, unquote_plus

from .exceptions import AuthenticationFailed

SecretLookup = Callable[[str], "str | None"]
_ALGORITHM = "HMAC-SHA-256"
_TERMINATOR = "sauthc1_request"
_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
# The form every client sends. For it, strptime's fields fall exactly on these slices (eight
# digits before the T, six after), so building the datetime directly gives the same result or
# the same ValueError; any other form still goes through strptime.
_CANONICAL_DATE = re.compile(r"(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z", re.ASCII)


def authenticate(
    method: str,
    raw_uri: str,
    headers: Mapping[str, str],
    body: bytes,
    lookup_secret: SecretLookup,
    now: datetime,
    *,
    max_skew: timedelta = timedelta(minutes=15),
    trust_unknown_keys: bool = False,
) -> str:
    """Return the API key id that signed this request, or raise :class:`AuthenticationFailed`.

    ``raw_uri`` is the request target as sent (percent-encoded path plus ``?query``).
    ``lookup_secret`` maps a key id to its secret (``None`` when unknown); with
    ``trust_unknown_keys`` an unknown key id is accepted without checking its secret.
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    authorization = lowered.get("authorization", "")
    scheme, _, credentials = authorization.partition(" ")
    scheme = scheme.lower()
    if scheme == "basic":
        return _basic(credentials.strip(), lookup_secret, trust_unknown_keys)
    if scheme == "sauthc1":
        return _sauthc1(
            method,
            raw_uri,
            lowered,
            body,
            credentials,
            lookup_secret,
            now,
            max_skew,
            trust_unknown_keys,
        )
    raise AuthenticationFailed("no supported Authorization header")


def _secret_of(key_id: str, lookup_secret: SecretLookup, trust_unknown: bool) -> str | None:
    """The key's secret; None for an unknown key trusted anyway (nothing to check it against)."""
    secret = lookup_secret(key_id)
    if secret is None and not trust_unknown:
        raise AuthenticationFailed("unknown API key")
    return secret


def _basic(credentials: str, lookup_secret: SecretLookup, trust_unknown: bool) -> str:
    try:
        decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise AuthenticationFailed("malformed Basic credentials") from exc
    key_id, colon, secret = decoded.partition(":")
    if not colon or not key_id:
        raise AuthenticationFailed("malformed Basic credentials")
    expected = _secret_of(key_id, lookup_secret, trust_unknown)
    if expected is None:
        return key_id
    if not hmac.compare_digest(expected.encode("utf-8"), secret.encode("utf-8")):
        raise AuthenticationFailed("wrong API key secret")
    return key_id


def _parse_sauthc1(credentials: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for piece in credentials.split(","):
        name, eq, value = piece.strip().partition("=")
        if eq:
            parts[name] = value
    return parts


def _sauthc1(
    method: str,
    raw_uri: str,
    headers: Mapping[str, str],
    body: bytes,
    credentials: str,
    lookup_secret: SecretLookup,
    now: datetime,
    max_skew: timedelta,
    trust_unknown: bool,
) -> str:
    parts = _parse_sauthc1(credentials)
    sauthc1_id = parts.get("sauthc1Id", "")
    signed = parts.get("sauthc1SignedHeaders", "")
    signature = parts.get("sauthc1Signature", "").lower()
    id_parts = sauthc1_id.split("/")
    if len(id_parts) != 4 or id_parts[3] != _TERMINATOR or not signed or not signature:
        raise AuthenticationFailed("malformed SAuthc1 header")
    key_id, day, nonce, _ = id_parts
    signed_names = signed.split(";")
    if "host" not in signed_names or "x-stormpath-date" not in signed_names:
        raise AuthenticationFailed("host and x-stormpath-date must be signed")
    stamp = headers.get("x-stormpath-date", "")
    try:
        sent_at = parse_date(stamp)
    except ValueError as exc:
        raise AuthenticationFailed("bad X-Stormpath-Date") from exc
    if stamp[:8] != day:
        raise AuthenticationFailed("date scope does not match X-Stormpath-Date")
    if abs(now - sent_at) > max_skew:
        raise AuthenticationFailed("X-Stormpath-Date outside the allowed clock skew")
    secret = _secret_of(key_id, lookup_secret, trust_unknown)
    if secret is None:
        return key_id
    header_block = "".join(f"{name}:{headers.get(name, '')}\n" for name in signed_names)
    body_hash = hashlib.sha256(body or b"").hexdigest()
    path, _, query = raw_uri.partition("?")
    for variant, canonical_path, canonical_query in _canonical_forms(path, query):
        canonical = "\n".join(
            (method.upper(), canonical_path, canonical_query, header_block, signed, body_hash)
        )
        to_sign = "\n".join(
            (
                _ALGORITHM,
                stamp,
                sauthc1_id,
                hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
            )
        )
        expected = sign(secret, day, nonce, to_sign, latin1_keys=variant == "node020")
        if hmac.compare_digest(expected, signature):
            return key_id
    raise AuthenticationFailed("SAuthc1 signature mismatch")


@lru_cache(maxsize=16)
def parse_date(stamp: str) -> datetime:
    """An ``X-Stormpath-Date`` (``20130701T000000Z``) as an aware UTC datetime.

    Accepts exactly what ``datetime.strptime(stamp, "%Y%m%dT%H%M%SZ")`` accepts and raises
    ValueError otherwise (errors are not cached); the canonical form skips strptime's costly
    generic parser. Cached: requests signed within the same second share their stamp.
    """
    found = _CANONICAL_DATE.fullmatch(stamp)
    if found is None:
        parsed = datetime.strptime(stamp, _DATE_FORMAT)
    else:
        year, month, day, hour, minute, second = map(int, found.groups())
        parsed = datetime(year, month, day, hour, minute, second)
    return parsed.replace(tzinfo=timezone.utc)


def _encode(text: str, *, first_only: bool = False) -> str:
    count = 1 if first_only else -1
    return text.replace("+", "%20", count).replace("*", "%2A", count).replace("%7E", "~", count)


def _ref_encode(text: str, safe: str) -> str:
    return quote(text, safe=safe + "~").replace("%7E", "~")


def _canonical_forms(path: str, query: str) -> Iterator[tuple[str, str, str]]:
    """Yield (variant, canonical path, canonical query), the most common first."""
    raw_path = _encode(path) or "/"
    raw_query = _encode("&".join(sorted(query.split("&")))) if query else ""
    yield "rawq", raw_path, raw_query
    if query:
        pairs = []
        for piece in query.split("&"):
            name, _, value = piece.partition("=")
            pairs.append((unquote_plus(name), unquote_plus(value)))
        pairs.sort(key=lambda pair: pair[0])
        ref_query = "&".join(f"{_ref_encode(n, '')}={_ref_encode(v, '')}" for n, v in pairs)
    else:
        ref_query = ""
    ref_path = _ref_encode(unquote(path), "/") or "/"
    if (ref_path, ref_query) != (raw_path, raw_query):
        yield "ref", ref_path, ref_query
    node_path = _encode(path + ("?" + query if query else ""), first_only=True) or "/"
    yield "node020", node_path, ""
    if query:
        yield "node020", node_path, raw_query


def _hmac(key: bytes, text: str) -> bytes:
    # hmac.digest is the one-shot C path: several times cheaper than hmac.new(...).digest().
    return hmac.digest(key, text.encode("utf-8"), "sha256")


def _latin1_key(digest: bytes, latin1_keys: bool) -> bytes:
    return digest.decode("latin-1").encode("utf-8") if latin1_keys else digest


@lru_cache(maxsize=64)
def _date_key(secret: str, day: str, latin1_keys: bool) -> bytes:
    # The first link of the chain only changes with the day: one per key and day.
    return _latin1_key(_hmac(("SAuthc1" + secret).encode("utf-8"), day), latin1_keys)


def sign(secret: str, day: str, nonce: str, to_sign: str, *, latin1_keys: bool = False) -> str:
    """The SAuthc1 key chain and final signature (hex)."""
    k_nonce = _latin1_key(_hmac(_date_key(secret, day, latin1_keys), nonce), latin1_keys)
    k_signing = _latin1_key(_hmac(k_nonce, _TERMINATOR), latin1_keys)
    return _hmac(k_signing, to_sign).hex()
