"""Request-body checks: per-resource field specs, link parsing and customData rules."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from . import exceptions as exc
from .serialize import ACCOUNT_COLLECTIONS

STATUS = ("ENABLED", "DISABLED")
ACCOUNT_STATUS = ("ENABLED", "DISABLED", "UNVERIFIED")
VERIFICATION_STATUS = ("UNKNOWN", "VERIFIED", "UNVERIFIED")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
CUSTOM_DATA_LIMIT = 10 * 1024 * 1024
_CD_READ_ONLY = frozenset({"href", "createdAt", "modifiedAt"})
_CD_RESERVED = frozenset({"meta", "spMeta", "spmeta", "ionmeta", "ionMeta"})
_CD_KEY = re.compile(r"^[0-9A-Za-z_-]+$")
_HREF_TAIL = re.compile(r"/([A-Za-z]+)/([^/?#]+)/?$")


@dataclass(frozen=True)
class Field:
    """How one writable property is checked."""

    kind: str  # str, enum, bool, int, link, list, object
    required: bool = False
    max_len: int | None = None
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    email: bool = False
    nullable: bool = False  # on update, null clears the value instead of being ignored


def _str(max_len: int = 255, **kw: Any) -> Field:
    return Field("str", max_len=max_len, **kw)


def _int(lo: int, hi: int) -> Field:
    return Field("int", minimum=lo, maximum=hi)


_ENABLED = Field("enum", choices=STATUS)
_NAMED = {
    "name": _str(255, required=True),
    "description": _str(4000, nullable=True),
    "status": _ENABLED,
}
_TIMES = frozenset({"href", "createdAt", "modifiedAt"})


@dataclass(frozen=True)
class Schema:
    """A resource's writable fields and the read-only ones tolerated (ignored) on writes."""

    resource: str
    fields: Mapping[str, Field]
    read_only: frozenset[str] = _TIMES


SCHEMAS: dict[str, Schema] = {
    "application": Schema(
        "Application",
        _NAMED,
        _TIMES
        | {
            "tenant",
            "defaultAccountStoreMapping",
            "defaultGroupStoreMapping",
            "oAuthPolicy",
            "accounts",
            "groups",
            "accountStoreMappings",
            "loginAttempts",
            "passwordResetTokens",
            "apiKeys",
            "verificationEmails",
            "authTokens",
            "authorizedCallbackUris",
            "samlPolicy",
            "accountLinkingPolicy",
            "organizations",
        },
    ),
    "directory": Schema(
        "Directory",
        {**_NAMED, "provider": Field("object")},
        _TIMES
        | {
            "tenant",
            "passwordPolicy",
            "accountCreationPolicy",
            "accountSchema",
            "accounts",
            "groups",
            "applications",
            "applicationMappings",
            "organizations",
            "organizationMappings",
        },
    ),
    "group": Schema(
        "Group",
        _NAMED,
        _TIMES | {"tenant", "directory", "accounts", "accountMemberships", "applications"},
    ),
    "account": Schema(
        "Account",
        {
            "email": _str(255, required=True, email=True),
            "username": _str(255),
            "password": Field("str", required=True),
            "givenName": _str(255, nullable=True),
            "middleName": _str(255, nullable=True),
            "surname": _str(255, nullable=True),
            "status": Field("enum", choices=ACCOUNT_STATUS),
            "emailVerificationStatus": Field("enum", choices=VERIFICATION_STATUS),
            "providerData": Field("object"),
        },
        _TIMES
        | {
            "fullName",
            "passwordModifiedAt",
            "emailVerificationToken",
            "directory",
            "tenant",
            *ACCOUNT_COLLECTIONS,
            "linkedAccounts",
            "accountLinks",
            "phones",
            "factors",
        },
    ),
    "accountStoreMapping": Schema(
        "AccountStoreMapping",
        {
            "application": Field("link", required=True),
            "accountStore": Field("link", required=True),
            "listIndex": Field("int"),
            "isDefaultAccountStore": Field("bool"),
            "isDefaultGroupStore": Field("bool"),
        },
    ),
    "groupMembership": Schema(
        "GroupMembership",
        {"account": Field("link", required=True), "group": Field("link", required=True)},
        frozenset({"href"}),
    ),
    "passwordPolicy": Schema(
        "PasswordPolicy",
        {
            "resetTokenTtl": _int(1, 168),
            "resetEmailStatus": _ENABLED,
            "resetSuccessEmailStatus": _ENABLED,
        },
        _TIMES | {"strength", "resetEmailTemplates", "resetSuccessEmailTemplates"},
    ),
    "strength": Schema(
        "PasswordStrength",
        {
            "minLength": _int(1, 1024),
            "maxLength": _int(1, 1024),
            "minLowerCase": _int(0, 1024),
            "minUpperCase": _int(0, 1024),
            "minNumeric": _int(0, 1024),
            "minSymbol": _int(0, 1024),
            "minDiacritic": _int(0, 1024),
            "preventReuse": _int(0, 25),
        },
        frozenset({"href"}),
    ),
    "accountCreationPolicy": Schema(
        "AccountCreationPolicy",
        {
            "verificationEmailStatus": _ENABLED,
            "verificationSuccessEmailStatus": _ENABLED,
            "welcomeEmailStatus": _ENABLED,
            "emailDomainWhitelist": Field("list"),
            "emailDomainBlacklist": Field("list"),
        },
        _TIMES
        | {
            "verificationEmailTemplates",
            "verificationSuccessEmailTemplates",
            "welcomeEmailTemplates",
        },
    ),
    "emailTemplate": Schema(
        "EmailTemplate",
        {
            "fromEmailAddress": _str(255, email=True),
            "fromName": _str(255),
            "subject": _str(255),
            "textBody": Field("str"),
            "htmlBody": Field("str"),
            "mimeType": Field("str"),
            "defaultModel": Field("object"),
        },
    ),
    "field": Schema("Field", {"required": Field("bool")}, _TIMES | {"name", "schema"}),
    "apiKey": Schema(
        "ApiKey",
        {
            "name": _str(255, nullable=True),
            "description": _str(1000, nullable=True),
            "status": _ENABLED,
        },
        _TIMES | {"id", "secret", "account", "tenant"},
    ),
    "loginAttempt": Schema(
        "LoginAttempt",
        {
            "type": Field("enum", required=True, choices=("BASIC",)),
            "value": Field("str", required=True),
            "accountStore": Field("store"),
        },
        frozenset(),
    ),
    "passwordResetToken": Schema(
        "PasswordResetToken",
        {"email": Field("str", required=True), "accountStore": Field("store")},
        frozenset({"href", "account"}),
    ),
    "passwordReset": Schema(
        "PasswordResetToken",
        {"password": Field("str", required=True)},
        frozenset({"href", "account", "email"}),
    ),
    "verificationEmail": Schema(
        "VerificationEmail",
        {
            "login": Field("str", required=True),
            "accountStore": Field("store"),
            "account_store": Field("store"),
        },
        frozenset(),
    ),
}


_WITH_CUSTOM_DATA = frozenset({"application", "directory", "group", "account"})


def parse(kind: str, body: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """Check ``body`` against the schema of ``kind``; return the usable values.

    Unknown properties → 2015; wrong types → 2004; bad enum → 2003; too long → 2008; missing
    required (on create) → 2000; bad email → 2006. Null optionals count as absent, except
    nullable text on update (clears it). Read-only properties are ignored. ``customData``
    comes back validated under the key ``customData`` (absent when it is a no-op).
    """
    schema = SCHEMAS[kind]
    values: dict[str, Any] = {}
    for name, raw in body.items():
        if name == "customData" and kind in _WITH_CUSTOM_DATA:
            data = custom_data_changes(raw)
            if data:
                values["customData"] = data
            continue
        spec = schema.fields.get(name)
        if spec is None:
            if name in schema.read_only:
                continue
            raise exc.unknown_property(schema.resource, name)
        if raw is None:
            if spec.nullable and not creating:
                values[name] = None
            continue
        values[name] = _check(schema.resource, name, spec, raw)
    if creating:
        for name, spec in schema.fields.items():
            if spec.required and values.get(name) in (None, ""):
                raise exc.required(schema.resource, name)
    return values


def _check(resource: str, name: str, spec: Field, raw: Any) -> Any:
    kind = spec.kind
    if kind in ("str", "enum"):
        if not isinstance(raw, str):
            raise exc.wrong_type(resource, name, "a string")
        if kind == "enum":
            value = raw.upper()
            if value not in spec.choices:
                raise exc.unsupported_value(resource, name, raw)
            return value
        if spec.max_len is not None and len(raw) > spec.max_len:
            raise exc.too_long(resource, name, spec.max_len)
        if spec.required and not raw.strip():
            raise exc.required(resource, name)
        if spec.email and not EMAIL_RE.match(raw):
            raise exc.bad_request(f"{resource} {name} address is in an invalid format.", 2006)
        return raw
    if kind == "bool":
        if not isinstance(raw, bool):
            raise exc.wrong_type(resource, name, "a boolean")
        return raw
    if kind == "int":
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise exc.wrong_type(resource, name, "an integer")
        if spec.minimum is not None and raw < spec.minimum:
            raise exc.bad_request(f"{resource} {name} must be at least {spec.minimum}.", 2007)
        if spec.maximum is not None and raw > spec.maximum:
            raise exc.bad_request(f"{resource} {name} must be at most {spec.maximum}.", 2008)
        return raw
    if kind == "list":
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise exc.wrong_type(resource, name, "an array of strings")
        return list(raw)
    if kind == "object":
        if not isinstance(raw, dict):
            raise exc.wrong_type(resource, name, "an object")
        return raw
    # Links: {"href": "..."}; account stores may also be a bare href string.
    if kind == "store" and isinstance(raw, str):
        return raw
    if not isinstance(raw, dict) or not isinstance(raw.get("href"), str):
        raise exc.wrong_type(resource, name, 'a link object like {"href": "..."}')
    href: str = raw["href"]
    return href


def split_href(href: str) -> tuple[str, str] | None:
    """``(collection, id)`` from the tail of an absolute or relative resource href."""
    match = _HREF_TAIL.search(urlsplit(href).path)
    return (match.group(1), match.group(2)) if match else None


def is_link_only(value: Any) -> bool:
    """True for ``{"href": ...}`` link objects an SDK posts back unchanged."""
    return isinstance(value, dict) and set(value) <= {"href"}


def custom_data_changes(raw: Any) -> dict[str, Any]:
    """Validated keys of a customData write (read-only fields dropped; {} when a no-op)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise exc.wrong_type("CustomData", "value", "an object")
    changes = {}
    for key, value in raw.items():
        if key in _CD_READ_ONLY:
            continue
        check_custom_data_key(key)
        changes[key] = value
    return changes


def check_custom_data_key(key: str) -> None:
    """3000 empty, 3001 too long, 3002 bad characters, 3003 reserved."""
    if not key.strip():
        raise exc.bad_request("Custom data property name cannot be null, empty, or blank.", 3000)
    if len(key) > 255:
        raise exc.bad_request("Custom data property name cannot exceed 255 characters.", 3001)
    if key in _CD_RESERVED or key in _CD_READ_ONLY:
        raise exc.bad_request(f"Custom data property name '{key}' is reserved.", 3003)
    if not _CD_KEY.match(key) or key.startswith("-"):
        raise exc.bad_request(
            f"Custom data property name '{key}' is invalid: use only letters, digits, '_' and "
            "'-', and do not start with '-'.",
            3002,
        )


def check_custom_data_size(existing: Mapping[str, Any], changes: Mapping[str, Any]) -> None:
    """3004 when the merged object would exceed 10 MB."""
    merged = {**existing, **changes}
    for key, value in changes.items():
        if value is None:
            del merged[key]
    size = len(json.dumps(merged, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    if size > CUSTOM_DATA_LIMIT:
        raise exc.bad_request("Custom data size exceeds the 10 MB limit.", 3004)
