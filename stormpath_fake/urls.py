"""The routing table, as data: (method, path pattern relative to the base URL, handler).

``{name}`` in a pattern matches one path segment and is passed to the handler by name.
Rows are tried in order; the first pattern that matches decides (so put literal segments such as
``/accounts/emailVerificationTokens/{token}`` before ``/accounts/{obj_id}/{name}``).
"""

from __future__ import annotations

import re
from functools import partial

from . import api_keys, oauth
from . import responses as r
from .responses import Handler
from .serialize import TEMPLATE_COLLECTIONS

_CUSTOM_DATA_OWNERS = ("tenants", "applications", "directories", "accounts", "groups")
_RELATED = {
    "tenants": ("directories", "accounts", "groups", "applications"),
    "applications": ("accounts", "groups", "accountStoreMappings"),
    "directories": ("accounts", "groups", "applications", "provider"),
    "accounts": ("groups", "groupMemberships", "applications", "providerData", "apiKeys"),
    "groups": ("accounts", "accountMemberships", "applications"),
}


_OAUTH_AND_KEY_ROWS: list[tuple[str, str, Handler]] = [
    ("POST", "/applications/{obj_id}/oauth/token", oauth.token_endpoint),
    ("GET", "/applications/{obj_id}/authTokens/{token}", oauth.auth_token),
    ("GET", "/applications/{obj_id}/apiKeys", api_keys.application_api_keys),
    ("GET", "/accounts/{obj_id}/apiKeys", api_keys.account_api_keys),
    ("POST", "/accounts/{obj_id}/apiKeys", api_keys.create_api_key),
    ("GET", "/apiKeys/{obj_id}", api_keys.get_api_key),
    ("POST", "/apiKeys/{obj_id}", api_keys.update_api_key),
    ("DELETE", "/apiKeys/{obj_id}", api_keys.delete_api_key),
    *(
        row
        for kind in ("access", "refresh")
        for row in (
            ("GET", f"/{kind}Tokens/{{obj_id}}", partial(oauth.get_token, kind=kind)),
            ("DELETE", f"/{kind}Tokens/{{obj_id}}", partial(oauth.delete_token, kind=kind)),
            ("GET", f"/accounts/{{obj_id}}/{kind}Tokens", partial(oauth.account_tokens, kind=kind)),
        )
    ),
]


def _rows() -> list[tuple[str, str, Handler]]:
    rows: list[tuple[str, str, Handler]] = [
        ("GET", "/tenants/current", r.current_tenant),
        ("GET", "/applications", r.tenant_applications),
        ("POST", "/applications", r.create_application),
        ("POST", "/directories", r.create_directory),
        ("POST", "/groupMemberships", r.create_membership),
        ("POST", "/accountStoreMappings", r.create_mapping),
        ("POST", "/accounts/emailVerificationTokens/{token}", r.verify_email),
        ("POST", "/applications/{obj_id}", r.update_application),
        ("POST", "/directories/{obj_id}", r.update_directory),
        ("POST", "/accounts/{obj_id}", r.update_account),
        ("POST", "/groups/{obj_id}", r.update_group),
        ("POST", "/accountStoreMappings/{obj_id}", r.update_mapping),
        (
            "POST",
            "/applications/{obj_id}/accounts",
            partial(r.create_account, collection="applications"),
        ),
        (
            "POST",
            "/directories/{obj_id}/accounts",
            partial(r.create_account, collection="directories"),
        ),
        (
            "POST",
            "/applications/{obj_id}/groups",
            partial(r.create_group, collection="applications"),
        ),
        ("POST", "/directories/{obj_id}/groups", partial(r.create_group, collection="directories")),
        ("POST", "/applications/{obj_id}/accountStoreMappings", r.create_mapping),
        ("POST", "/applications/{obj_id}/loginAttempts", r.login_attempt),
        ("POST", "/applications/{obj_id}/passwordResetTokens", r.create_reset_token),
        ("GET", "/applications/{obj_id}/passwordResetTokens/{token}", r.get_reset_token),
        ("POST", "/applications/{obj_id}/passwordResetTokens/{token}", r.consume_reset_token),
        ("POST", "/applications/{obj_id}/verificationEmails", r.resend_verification),
        ("GET", "/passwordPolicies/{obj_id}", r.get_password_policy),
        ("POST", "/passwordPolicies/{obj_id}", r.update_password_policy),
        ("GET", "/passwordPolicies/{obj_id}/strength", r.get_strength),
        ("POST", "/passwordPolicies/{obj_id}/strength", r.update_strength),
        ("GET", "/accountCreationPolicies/{obj_id}", r.get_creation_policy),
        ("POST", "/accountCreationPolicies/{obj_id}", r.update_creation_policy),
        ("GET", "/oAuthPolicies/{obj_id}", oauth.get_oauth_policy),
        ("POST", "/oAuthPolicies/{obj_id}", oauth.update_oauth_policy),
        *_OAUTH_AND_KEY_ROWS,
        ("GET", "/emailTemplates/{obj_id}", r.get_template),
        ("GET", "/schemas/{obj_id}", r.get_schema),
        ("GET", "/schemas/{obj_id}/fields", r.get_schema_fields),
        ("GET", "/fields/{obj_id}", r.get_field),
        ("POST", "/fields/{obj_id}", r.update_field),
        ("POST", "/emailTemplates/{obj_id}", r.update_template),
        ("GET", "/directories", r.tenant_directories),
    ]
    for collection in ("tenants", *r.KINDS):
        rows.append(
            ("GET", f"/{collection}/{{obj_id}}", partial(r.get_resource, collection=collection))
        )
        if collection != "tenants":
            handler = partial(r.delete_resource, collection=collection)
            rows.append(("DELETE", f"/{collection}/{{obj_id}}", handler))
    for collection, names in _RELATED.items():
        for name in names:
            handler = partial(r.get_related, collection=collection, name=name)
            rows.append(("GET", f"/{collection}/{{obj_id}}/{name}", handler))
    for kind, path in (
        ("passwordPolicy", "passwordPolicies"),
        ("accountCreationPolicy", "accountCreationPolicies"),
    ):
        for name in TEMPLATE_COLLECTIONS[kind]:
            handler = partial(r.policy_templates, kind=kind, name=name)
            rows.append(("GET", f"/{path}/{{obj_id}}/{name}", handler))
    for collection in _CUSTOM_DATA_OWNERS:
        base = f"/{collection}/{{obj_id}}/customData"
        rows += [
            ("GET", base, partial(r.get_custom_data, collection=collection)),
            ("POST", base, partial(r.update_custom_data, collection=collection)),
            ("DELETE", base, partial(r.delete_custom_data, collection=collection)),
            ("DELETE", base + "/{key}", partial(r.delete_custom_data, collection=collection)),
        ]
    return rows


ROUTES: list[tuple[str, str, Handler]] = _rows()


class Router:
    """Compiled routes, bucketed by first path segment and segment count."""

    def __init__(self, routes: list[tuple[str, str, Handler]]) -> None:
        self._buckets: dict[tuple[str, int], list[tuple[str, re.Pattern[str], Handler]]] = {}
        for method, pattern, handler in routes:
            regex = re.compile(re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern) + "$")
            segments = pattern.split("/")
            key = (segments[1], len(segments))
            self._buckets.setdefault(key, []).append((method, regex, handler))

    def match(self, method: str, path: str) -> tuple[Handler, dict[str, str]] | list[str]:
        """(handler, params) for a route, else the methods the path supports (maybe none)."""
        segments = path.split("/")
        key = (segments[1] if len(segments) > 1 else "", len(segments))
        allowed: list[str] = []
        for row_method, regex, handler in self._buckets.get(key, ()):
            found = regex.match(path)
            if found is None:
                continue
            if row_method == method:
                return handler, found.groupdict()
            allowed.append(row_method)
        return allowed


ROUTER = Router(ROUTES)
