"""Resources to JSON: camelCase bodies, absolute hrefs on the request's base URL, expansion
and collection paging."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from . import exceptions as exc
from .clock import iso
from .models import (
    TEMPLATE_DEFAULTS,
    Account,
    ApiKey,
    Application,
    CustomData,
    Directory,
    EmailTemplate,
    Group,
    Mapping,
    Membership,
    OAuthToken,
    SchemaField,
    Store,
    Tenant,
)

DEFAULT_LIMIT = 25
MAX_LIMIT = 100

Paging = tuple[int, int]  # (offset, limit)
Expand = dict[str, "Paging | None"]
Lookup = Callable[[str, str], "list[Any] | None"]


@dataclass
class Listing:
    """A collection resource: its href, the kind of its items and the items themselves.

    ``lookup(attr, value)`` may answer an exact attribute search from an index (None: no index).
    """

    href: str
    kind: str
    items: Callable[[], Sequence[Any]]
    lookup: Lookup | None = None


@dataclass
class Owned:
    """A customData object together with the href of the resource owning it."""

    owner_href: str
    data: CustomData


# Links each kind may expand (one level only).
EXPANDABLE: dict[str, frozenset[str]] = {
    "account": frozenset({"customData", "tenant", "directory", "groups", "groupMemberships"}),
    "application": frozenset(
        {
            "tenant",
            "customData",
            "accounts",
            "groups",
            "accountStoreMappings",
            "defaultAccountStoreMapping",
            "defaultGroupStoreMapping",
        }
    ),
    "directory": frozenset(
        {
            "tenant",
            "customData",
            "provider",
            "passwordPolicy",
            "accountCreationPolicy",
            "accounts",
            "groups",
        }
    ),
    "group": frozenset({"tenant", "directory", "customData", "accounts", "accountMemberships"}),
    "groupMembership": frozenset({"account", "group"}),
    "accountStoreMapping": frozenset({"application", "accountStore"}),
    "tenant": frozenset({"customData", "applications", "directories", "accounts", "groups"}),
    "passwordPolicy": frozenset({"strength"}),
    "loginAttempt": frozenset({"account"}),
    "apiKey": frozenset({"account", "tenant"}),
    "accessToken": frozenset({"account", "application", "tenant"}),
    "refreshToken": frozenset({"account", "application", "tenant"}),
}


COLLECTION_LINKS = frozenset(
    {
        "accounts",
        "groups",
        "groupMemberships",
        "accountMemberships",
        "applications",
        "directories",
        "accountStoreMappings",
    }
)


def parse_expand(value: str | None, kind: str) -> Expand:
    """Parse ``expand=a,b(offset:0,limit:10)``; 2106 malformed, 2107 not expandable."""
    if not value:
        return {}
    result: Expand = {}
    for item in _split_top_level(value):
        name, paren, rest = item.partition("(")
        name = name.strip()
        if not name or (paren and not rest.endswith(")")):
            raise exc.query_error(2106, f"The expand value '{value}' is malformed.")
        if name not in EXPANDABLE.get(kind, ()):
            raise exc.query_error(2107, f"The '{name}' property is not expandable.")
        paging: Paging | None = None
        if paren:
            if name not in COLLECTION_LINKS:
                raise exc.query_error(
                    2106, f"'{name}' is not a collection; offset and limit do not apply to it."
                )
            paging = _parse_paging_spec(rest[:-1], value)
        result[name] = paging
    return result


def _split_top_level(value: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(value):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(value[start:i])
            start = i + 1
    parts.append(value[start:])
    return [p for p in (part.strip() for part in parts) if p]


def _parse_paging_spec(spec: str, whole: str) -> Paging:
    found: dict[str, str] = {}
    for piece in spec.split(","):
        key, colon, number = piece.partition(":")
        if not colon or key.strip() not in ("offset", "limit"):
            raise exc.query_error(2106, f"The expand value '{whole}' is malformed.")
        found[key.strip()] = number.strip()
    return effective_paging(found.get("offset"), found.get("limit"))


def effective_paging(offset: str | None, limit: str | None) -> Paging:
    """Validate and clamp offset (>= 0) and limit (1..100, default 25)."""
    try:
        off = int(offset) if offset not in (None, "") else 0
        lim = int(limit) if limit not in (None, "") else DEFAULT_LIMIT
    except ValueError as error:
        raise exc.query_error(2100, "offset and limit must be integers.") from error
    return max(off, 0), min(max(lim, 1), MAX_LIMIT)


def _timestamps(obj: Any) -> dict[str, str]:
    return {"createdAt": iso(obj.created_at), "modifiedAt": iso(obj.modified_at)}


class Serializer:
    """Renders resources for one request (hrefs start with that request's base URL)."""

    def __init__(self, store: Store, base: str) -> None:
        self.store = store
        self.base = base
        assert store.tenant is not None
        self.tenant_href = f"{base}/tenants/{store.tenant.id}"

    def href(self, kind: str, obj_id: str) -> str:
        """``{base}/{kind}/{id}``, e.g. ``href("accounts", id)``."""
        return f"{self.base}/{kind}/{obj_id}"

    def link(self, href: str) -> dict[str, str]:
        """A link object."""
        return {"href": href}

    # ---------------------------------------------------------------------- dispatchers

    def render(self, kind: str, obj: Any, expand: Expand | None = None) -> dict[str, Any]:
        """Full representation of ``obj`` with ``expand``-ed links replaced by bodies."""
        body: dict[str, Any] = getattr(self, "_" + kind)(obj)
        for name, paging in (expand or {}).items():
            related = self.related(kind, obj, name)
            if isinstance(related, Listing):
                offset, limit = paging or (0, DEFAULT_LIMIT)
                body[name] = self.page(related, related.items(), offset, limit)
            elif related is None:
                body[name] = None
            else:
                body[name] = self.render(related[0], related[1])
        return body

    def page(
        self,
        listing: Listing,
        items: Sequence[Any],
        offset: int,
        limit: int,
        expand: Expand | None = None,
    ) -> dict[str, Any]:
        """A collection body ``{href, offset, limit, size, items}``; size is the total."""
        return {
            "href": listing.href,
            "offset": offset,
            "limit": limit,
            "size": len(items),
            "items": [self.render(listing.kind, o, expand) for o in items[offset : offset + limit]],
        }

    def related(self, kind: str, obj: Any, name: str) -> Listing | tuple[str, Any] | None:
        """What link ``name`` of ``obj`` points to: a listing, (kind, object) or None."""
        store = self.store
        if name == "tenant":
            return "tenant", store.tenant
        if name == "customData":
            return "customData", Owned(self.own_href(kind, obj), obj.custom_data)
        method = getattr(self, f"_rel_{kind}_{name}", None)
        if method is None:
            raise exc.query_error(2107, f"The '{name}' property is not expandable.")
        result: Listing | tuple[str, Any] | None = method(obj)
        return result

    def own_href(self, kind: str, obj: Any) -> str:
        """Href of a top-level resource."""
        return self.href(_PATHS[kind], obj.id)

    # -------------------------------------------------------------------------- bodies

    def _tenant(self, t: Tenant) -> dict[str, Any]:
        href = self.tenant_href
        return {
            "href": href,
            "name": t.name,
            "key": t.key,
            **_timestamps(t),
            "customData": self.link(f"{href}/customData"),
            **{n: self.link(f"{href}/{n}") for n in _TENANT_COLLECTIONS},
        }

    def _application(self, a: Application) -> dict[str, Any]:
        href = self.href("applications", a.id)
        return {
            "href": href,
            "name": a.name,
            "description": a.description,
            "status": a.status,
            **_timestamps(a),
            "tenant": self.link(self.tenant_href),
            "customData": self.link(f"{href}/customData"),
            "defaultAccountStoreMapping": self._mapping_link(a.default_account_mapping),
            "defaultGroupStoreMapping": self._mapping_link(a.default_group_mapping),
            "oAuthPolicy": self.link(self.href("oAuthPolicies", a.id)),
            **{n: self.link(f"{href}/{n}") for n in _APP_COLLECTIONS},
        }

    def _mapping_link(self, mapping_id: str | None) -> dict[str, str] | None:
        return self.link(self.href("accountStoreMappings", mapping_id)) if mapping_id else None

    def _directory(self, d: Directory) -> dict[str, Any]:
        href = self.href("directories", d.id)
        return {
            "href": href,
            "name": d.name,
            "description": d.description,
            "status": d.status,
            **_timestamps(d),
            "tenant": self.link(self.tenant_href),
            "customData": self.link(f"{href}/customData"),
            "provider": self.link(f"{href}/provider"),
            "passwordPolicy": self.link(self.href("passwordPolicies", d.id)),
            "accountCreationPolicy": self.link(self.href("accountCreationPolicies", d.id)),
            "accountSchema": self.link(self.href("schemas", d.schema_id)),
            "accounts": self.link(f"{href}/accounts"),
            "groups": self.link(f"{href}/groups"),
            "applications": self.link(f"{href}/applications"),
        }

    def _account(self, a: Account) -> dict[str, Any]:
        href = self.href("accounts", a.id)
        token = a.email_verification_token
        return {
            "href": href,
            "username": a.username,
            "email": a.email,
            "givenName": a.given_name,
            "middleName": a.middle_name,
            "surname": a.surname,
            "fullName": a.full_name,
            "status": a.status,
            "emailVerificationStatus": a.email_verification_status,
            "emailVerificationToken": (
                self.link(self.href("accounts/emailVerificationTokens", token)) if token else None
            ),
            **_timestamps(a),
            "passwordModifiedAt": iso(a.password_modified_at) if a.password_modified_at else None,
            "customData": self.link(f"{href}/customData"),
            "providerData": self.link(f"{href}/providerData"),
            "directory": self.link(self.href("directories", a.directory_id)),
            "tenant": self.link(self.tenant_href),
            **{n: self.link(f"{href}/{n}") for n in ACCOUNT_COLLECTIONS},
        }

    def _group(self, g: Group) -> dict[str, Any]:
        href = self.href("groups", g.id)
        return {
            "href": href,
            "name": g.name,
            "description": g.description,
            "status": g.status,
            **_timestamps(g),
            "tenant": self.link(self.tenant_href),
            "directory": self.link(self.href("directories", g.directory_id)),
            "customData": self.link(f"{href}/customData"),
            "accounts": self.link(f"{href}/accounts"),
            "accountMemberships": self.link(f"{href}/accountMemberships"),
            "applications": self.link(f"{href}/applications"),
        }

    def _groupMembership(self, m: Membership) -> dict[str, Any]:  # noqa: N802 (API name)
        return {
            "href": self.href("groupMemberships", m.id),
            "account": self.link(self.href("accounts", m.account_id)),
            "group": self.link(self.href("groups", m.group_id)),
        }

    def _accountStoreMapping(self, m: Mapping) -> dict[str, Any]:  # noqa: N802
        return {
            "href": self.href("accountStoreMappings", m.id),
            "listIndex": m.list_index,
            "isDefaultAccountStore": m.is_default_account_store,
            "isDefaultGroupStore": m.is_default_group_store,
            "application": self.link(self.href("applications", m.application_id)),
            "accountStore": self.link(self.href(m.store_kind, m.store_id)),
        }

    def _customData(self, owned: Owned) -> dict[str, Any]:  # noqa: N802
        cd = owned.data
        return {"href": f"{owned.owner_href}/customData", **_timestamps(cd), **cd.data}

    def _provider(self, d: Directory) -> dict[str, Any]:
        href = self.href("directories", d.id)
        return {
            "href": f"{href}/provider",
            **d.provider,
            "createdAt": iso(d.created_at),
            "modifiedAt": iso(d.created_at),
        }

    def _providerData(self, a: Account) -> dict[str, Any]:  # noqa: N802
        data = {k: v for k, v in a.provider_data.items() if k != "userId"}
        return {
            "href": f"{self.href('accounts', a.id)}/providerData",
            "providerId": self.store.directories[a.directory_id].provider["providerId"],
            **data,
            "createdAt": iso(a.created_at),
            "modifiedAt": iso(a.modified_at),
        }

    def _passwordPolicy(self, d: Directory) -> dict[str, Any]:  # noqa: N802
        href = self.href("passwordPolicies", d.id)
        return {
            "href": href,
            **d.password_policy,
            "createdAt": iso(d.created_at),
            "modifiedAt": iso(d.policy_modified_at),
            "strength": self.link(f"{href}/strength"),
            **{n: self.link(f"{href}/{n}") for n in _RESET_TEMPLATES},
        }

    def _strength(self, d: Directory) -> dict[str, Any]:
        return {"href": f"{self.href('passwordPolicies', d.id)}/strength", **d.strength}

    def _accountCreationPolicy(self, d: Directory) -> dict[str, Any]:  # noqa: N802
        policy = d.creation_policy
        href = self.href("accountCreationPolicies", d.id)
        return {
            "href": href,
            **{k: list(v) if isinstance(v, list) else v for k, v in policy.items()},
            "createdAt": iso(d.created_at),
            "modifiedAt": iso(d.policy_modified_at),
            **{n: self.link(f"{href}/{n}") for n in _CREATION_TEMPLATES},
        }

    def _emailTemplate(self, t: EmailTemplate) -> dict[str, Any]:  # noqa: N802
        body: dict[str, Any] = {
            "href": self.href("emailTemplates", t.id),
            "fromEmailAddress": t.from_email_address,
            "fromName": t.from_name,
            "subject": t.subject,
            "textBody": t.text_body,
            "htmlBody": t.html_body,
            "mimeType": t.mime_type,
            **_timestamps(t),
        }
        if t.link_base_url is not None:
            body["defaultModel"] = {"linkBaseUrl": t.link_base_url}
        return body

    def _schema(self, d: Directory) -> dict[str, Any]:
        href = self.href("schemas", d.schema_id)
        return {
            "href": href,
            "createdAt": iso(d.created_at),
            "modifiedAt": iso(d.created_at),
            "fields": self.link(f"{href}/fields"),
            "directory": self.link(self.href("directories", d.id)),
        }

    def _field(self, f: SchemaField) -> dict[str, Any]:
        schema_id = self.store.directories[f.directory_id].schema_id
        return {
            "href": self.href("fields", f.id),
            "name": f.name,
            "required": f.required,
            **_timestamps(f),
            "schema": self.link(self.href("schemas", schema_id)),
        }

    def schema_fields(self, d: Directory) -> Listing:
        """``/schemas/{id}/fields``."""
        fields = list(d.schema_fields.values())
        return self._listing(self.href("schemas", d.schema_id), "fields", "field", lambda: fields)

    def templates(self, kind: str, d: Directory, name: str) -> Listing:
        """``{passwordPolicy|accountCreationPolicy}/<name>EmailTemplates``: one template."""
        owner = self.href(_POLICY_PATHS[kind], d.id)
        template = next(t for t in d.templates.values() if TEMPLATE_DEFAULTS[t.kind][0] == name)
        return self._listing(owner, name, "emailTemplate", lambda: [template])

    def _oAuthPolicy(self, a: Application) -> dict[str, Any]:  # noqa: N802
        app_href = self.href("applications", a.id)
        return {
            "href": self.href("oAuthPolicies", a.id),
            **DEFAULT_OAUTH_POLICY,
            **self.store.oauth_policies.get(a.id, {}),
            "tokenEndpoint": self.link(f"{app_href}/oauth/token"),
            "application": self.link(app_href),
            "tenant": self.link(self.tenant_href),
            **_timestamps(a),
        }

    def _apiKey(self, k: ApiKey) -> dict[str, Any]:  # noqa: N802
        # The secret is plain here; handlers encrypt it when the client asks (api_keys.py).
        return {
            "href": self.href("apiKeys", k.id),
            "id": k.id,
            "secret": k.secret,
            "status": k.status,
            "name": k.name,
            "description": k.description,
            **_timestamps(k),
            "account": self.link(self.href("accounts", k.account_id)),
            "tenant": self.link(self.tenant_href),
        }

    def _accessToken(self, t: OAuthToken) -> dict[str, Any]:  # noqa: N802
        return {
            "href": self.href("accessTokens" if t.kind == "access" else "refreshTokens", t.id),
            "createdAt": iso(t.created_at),
            "jwt": t.jwt,
            "expandedJwt": {"header": t.header, "claims": t.claims, "signature": t.signature},
            "account": self.link(self.href("accounts", t.account_id)),
            "application": self.link(self.href("applications", t.application_id)),
            "tenant": self.link(self.tenant_href),
        }

    _refreshToken = _accessToken  # noqa: N815 - same shape, href by the token's kind

    def _rel_apiKey_account(self, k: ApiKey) -> tuple[str, Any]:  # noqa: N802
        return "account", self.store.accounts[k.account_id]

    def _rel_accessToken_account(self, t: OAuthToken) -> tuple[str, Any]:  # noqa: N802
        return "account", self.store.accounts[t.account_id]

    def _rel_accessToken_application(self, t: OAuthToken) -> tuple[str, Any]:  # noqa: N802
        return "application", self.store.applications[t.application_id]

    _rel_refreshToken_account = _rel_accessToken_account  # noqa: N815
    _rel_refreshToken_application = _rel_accessToken_application  # noqa: N815

    # ---------------------------------------------------------------- related resources

    def _listing(
        self,
        owner: str,
        name: str,
        kind: str,
        items: Callable[[], Sequence[Any]],
        lookup: Lookup | None = None,
    ) -> Listing:
        return Listing(f"{owner}/{name}", kind, items, lookup)

    def _rel_tenant_applications(self, t: Tenant) -> Listing:
        s = self.store

        def lookup(attr: str, value: str) -> list[Any] | None:
            if attr != "name":
                return None
            app = s.find_application_by_name(value)
            return [app] if app else []

        return self._listing(
            self.tenant_href,
            "applications",
            "application",
            lambda: list(s.applications.values()),
            lookup,
        )

    def _rel_tenant_directories(self, t: Tenant) -> Listing:
        s = self.store

        def lookup(attr: str, value: str) -> list[Any] | None:
            if attr != "name":
                return None
            dir_id = s.dir_names.get(value.lower())
            return [s.directories[dir_id]] if dir_id else []

        return self._listing(
            self.tenant_href,
            "directories",
            "directory",
            lambda: list(s.directories.values()),
            lookup,
        )

    def _rel_tenant_accounts(self, t: Tenant) -> Listing:
        return self._listing(
            self.tenant_href, "accounts", "account", lambda: list(self.store.accounts.values())
        )

    def _rel_tenant_groups(self, t: Tenant) -> Listing:
        return self._listing(
            self.tenant_href, "groups", "group", lambda: list(self.store.groups.values())
        )

    def _rel_application_accounts(self, a: Application) -> Listing:
        s = self.store

        def lookup(attr: str, value: str) -> list[Any] | None:
            if attr not in ("email", "username"):
                return None
            found: dict[str, Account] = {}
            for _, store in s.mapped_stores(a):
                account = s.find_in_store(store, value)
                if account is not None and _attr_equals(account, attr, value):
                    found.setdefault(account.id, account)
            return list(found.values())

        return self._listing(
            self.href("applications", a.id),
            "accounts",
            "account",
            lambda: s.app_accounts(a),
            lookup,
        )

    def _rel_application_groups(self, a: Application) -> Listing:
        return self._listing(
            self.href("applications", a.id), "groups", "group", lambda: self.store.app_groups(a)
        )

    def _rel_application_accountStoreMappings(self, a: Application) -> Listing:  # noqa: N802
        s = self.store
        return self._listing(
            self.href("applications", a.id),
            "accountStoreMappings",
            "accountStoreMapping",
            lambda: [s.mappings[m] for m in a.mappings],
        )

    def _rel_application_defaultAccountStoreMapping(self, a: Application) -> Any:  # noqa: N802
        m = a.default_account_mapping
        return ("accountStoreMapping", self.store.mappings[m]) if m else None

    def _rel_application_defaultGroupStoreMapping(self, a: Application) -> Any:  # noqa: N802
        m = a.default_group_mapping
        return ("accountStoreMapping", self.store.mappings[m]) if m else None

    def _rel_directory_accounts(self, d: Directory) -> Listing:
        def lookup(attr: str, value: str) -> list[Any] | None:
            if attr not in ("email", "username"):
                return None
            index = d.emails if attr == "email" else d.usernames
            account_id = index.get(value.lower())
            return [d.accounts[account_id]] if account_id else []

        return self._listing(
            self.href("directories", d.id),
            "accounts",
            "account",
            lambda: list(d.accounts.values()),
            lookup,
        )

    def _rel_directory_groups(self, d: Directory) -> Listing:
        def lookup(attr: str, value: str) -> list[Any] | None:
            if attr != "name":
                return None
            group = self.store.find_group(d, value)
            return [group] if group else []

        return self._listing(
            self.href("directories", d.id),
            "groups",
            "group",
            lambda: list(d.groups.values()),
            lookup,
        )

    def _rel_directory_applications(self, d: Directory) -> Listing:
        return self._listing(
            self.href("directories", d.id),
            "applications",
            "application",
            lambda: self.store.store_apps(d),
        )

    def _rel_directory_provider(self, d: Directory) -> tuple[str, Any]:
        return "provider", d

    def _rel_directory_passwordPolicy(self, d: Directory) -> tuple[str, Any]:  # noqa: N802
        return "passwordPolicy", d

    def _rel_directory_accountCreationPolicy(self, d: Directory) -> tuple[str, Any]:  # noqa: N802
        return "accountCreationPolicy", d

    def _rel_passwordPolicy_strength(self, d: Directory) -> tuple[str, Any]:  # noqa: N802
        return "strength", d

    def _rel_account_directory(self, a: Account) -> tuple[str, Any]:
        return "directory", self.store.directories[a.directory_id]

    def _rel_account_providerData(self, a: Account) -> tuple[str, Any]:  # noqa: N802
        return "providerData", a

    def _rel_account_groups(self, a: Account) -> Listing:
        s = self.store
        return self._listing(
            self.href("accounts", a.id),
            "groups",
            "group",
            lambda: [s.groups[g] for g in a.memberships],
        )

    def _rel_account_groupMemberships(self, a: Account) -> Listing:  # noqa: N802
        s = self.store
        return self._listing(
            self.href("accounts", a.id),
            "groupMemberships",
            "groupMembership",
            lambda: [s.memberships[m] for m in a.memberships.values()],
        )

    def _rel_account_applications(self, a: Account) -> Listing:
        return self._listing(
            self.href("accounts", a.id),
            "applications",
            "application",
            lambda: self.store.account_apps(a),
        )

    def _rel_account_apiKeys(self, a: Account) -> Listing:  # noqa: N802
        records = self.store.api_key_records
        return self._listing(
            self.href("accounts", a.id),
            "apiKeys",
            "apiKey",
            lambda: [k for k in records.values() if k.account_id == a.id],
        )

    def _rel_account_accessTokens(self, a: Account) -> Listing:  # noqa: N802
        return self._tokens_of(a, "access")

    def _rel_account_refreshTokens(self, a: Account) -> Listing:  # noqa: N802
        return self._tokens_of(a, "refresh")

    def _tokens_of(self, a: Account, kind: str) -> Listing:
        tokens = self.store.oauth_tokens
        return self._listing(
            self.href("accounts", a.id),
            f"{kind}Tokens",
            f"{kind}Token",
            lambda: [t for t in tokens.values() if t.account_id == a.id and t.kind == kind],
        )

    def _rel_group_directory(self, g: Group) -> tuple[str, Any]:
        return "directory", self.store.directories[g.directory_id]

    def _rel_group_accounts(self, g: Group) -> Listing:
        s = self.store
        return self._listing(
            self.href("groups", g.id),
            "accounts",
            "account",
            lambda: [s.accounts[a] for a in g.memberships],
        )

    def _rel_group_accountMemberships(self, g: Group) -> Listing:  # noqa: N802
        s = self.store
        return self._listing(
            self.href("groups", g.id),
            "accountMemberships",
            "groupMembership",
            lambda: [s.memberships[m] for m in g.memberships.values()],
        )

    def _rel_group_applications(self, g: Group) -> Listing:
        return self._listing(
            self.href("groups", g.id),
            "applications",
            "application",
            lambda: self.store.store_apps(g),
        )

    def _rel_groupMembership_account(self, m: Membership) -> tuple[str, Any]:  # noqa: N802
        return "account", self.store.accounts[m.account_id]

    def _rel_groupMembership_group(self, m: Membership) -> tuple[str, Any]:  # noqa: N802
        return "group", self.store.groups[m.group_id]

    def _rel_accountStoreMapping_application(self, m: Mapping) -> tuple[str, Any]:  # noqa: N802
        return "application", self.store.applications[m.application_id]

    def _rel_accountStoreMapping_accountStore(self, m: Mapping) -> tuple[str, Any]:  # noqa: N802
        store = self.store.store_by_kind(m.store_kind, m.store_id)
        return ("directory" if m.store_kind == "directories" else "group"), store


def _attr_equals(account: Account, attr: str, value: str) -> bool:
    return getattr(account, attr).lower() == value.lower()


_PATHS = {
    "tenant": "tenants",
    "application": "applications",
    "directory": "directories",
    "account": "accounts",
    "group": "groups",
}
_RESET_TEMPLATES = ("resetEmailTemplates", "resetSuccessEmailTemplates")
_CREATION_TEMPLATES = (
    "verificationEmailTemplates",
    "verificationSuccessEmailTemplates",
    "welcomeEmailTemplates",
)
TEMPLATE_COLLECTIONS = {
    "passwordPolicy": _RESET_TEMPLATES,
    "accountCreationPolicy": _CREATION_TEMPLATES,
}
_POLICY_PATHS = {
    "passwordPolicy": "passwordPolicies",
    "accountCreationPolicy": "accountCreationPolicies",
}
_TENANT_COLLECTIONS = ("applications", "directories", "accounts", "groups")
_APP_COLLECTIONS = (
    "accounts",
    "groups",
    "accountStoreMappings",
    "loginAttempts",
    "passwordResetTokens",
    "verificationEmails",
    "apiKeys",
    "authTokens",
)
# Also the read-only link names that validation ignores in account bodies.
ACCOUNT_COLLECTIONS = (
    "groups",
    "groupMemberships",
    "applications",
    "apiKeys",
    "accessTokens",
    "refreshTokens",
)
DEFAULT_OAUTH_POLICY = {"accessTokenTtl": "PT1H", "refreshTokenTtl": "P60D"}
