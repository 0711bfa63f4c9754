"""HTTP handlers: parse query and JSON, call the store, serialise.

Every handler takes a :class:`~stormpath_fake.context.Context` plus the named URL parameters
and returns a :class:`~stormpath_fake.context.Reply`. Errors are raised as
:class:`~stormpath_fake.exceptions.StormpathError` and rendered by the WSGI app.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from . import exceptions as exc
from . import search
from .context import NO_CONTENT, Context, Reply, created, ok
from .models import Account, Application, Directory, Group, Store
from .serialize import Listing, Owned, effective_paging, parse_expand
from .validation import (
    check_custom_data_key,
    check_custom_data_size,
    custom_data_changes,
    is_link_only,
    parse,
    split_href,
)

Handler = Callable[..., Reply]

# URL collection name -> (serializer kind, attribute of Store holding the objects).
KINDS: dict[str, tuple[str, str]] = {
    "applications": ("application", "applications"),
    "directories": ("directory", "directories"),
    "accounts": ("account", "accounts"),
    "groups": ("group", "groups"),
    "groupMemberships": ("groupMembership", "memberships"),
    "accountStoreMappings": ("accountStoreMapping", "mappings"),
}


# ------------------------------------------------------------------------------- helpers


def lookup(store: Store, collection: str, obj_id: str) -> Any:
    """The object of ``collection`` with ``obj_id``, or 404 (tenants included)."""
    if collection == "tenants":
        if store.tenant is None or store.tenant.id != obj_id:
            raise exc.not_found()
        return store.tenant
    return exc.get_or_404(getattr(store, KINDS[collection][1]), obj_id)


def _kind_of(collection: str) -> str:
    return "tenant" if collection == "tenants" else KINDS[collection][0]


def render(ctx: Context, kind: str, obj: Any, status: int = 200) -> Reply:
    """A resource body honouring ``?expand=``; 201 adds Location."""
    body = ctx.ser.render(kind, obj, parse_expand(ctx.request.query.get("expand"), kind))
    if status == 201:
        return created(body["href"], body)
    return Reply(status, body)


def listing_reply(ctx: Context, listing: Listing) -> Reply:
    """A collection page honouring q, filters, orderBy, offset/limit and expand."""
    query = ctx.request.query
    offset, limit = effective_paging(query.get("offset"), query.get("limit"))
    expand = parse_expand(query.get("expand"), listing.kind)
    items = search.run(listing, query)
    return ok(ctx.ser.page(listing, items, offset, limit, expand))


def _require_changes(values: dict[str, Any]) -> None:
    if not values:
        raise exc.bad_request("At least one property must be specified in an update request.")


def _resolve_store(store: Store, href: str, resource: str, prop: str) -> Directory | Group:
    parts = split_href(href)
    found = store.store_by_kind(*parts) if parts else None
    if found is None:
        raise exc.invalid_value(resource, prop, f"'{href}' is not a directory or group href.")
    return found


def _resolve(store: Store, href: str, collection: str, resource: str, prop: str) -> Any:
    parts = split_href(href)
    if parts is None or parts[0] != collection:
        raise exc.invalid_value(resource, prop, f"'{href}' is not a {collection} href.")
    found = getattr(store, KINDS[collection][1]).get(parts[1])
    if found is None:
        raise exc.invalid_value(resource, prop, f"'{href}' does not exist.")
    return found


def _optional_store(ctx: Context, values: dict[str, Any], *names: str) -> Directory | Group | None:
    for name in names:
        href = values.get(name)
        if href is not None:
            parts = split_href(href)
            found = ctx.store.store_by_kind(*parts) if parts else None
            if found is None:
                raise exc.bad_request(
                    "The specified Account Store is not one of the Application's assigned "
                    "Account Stores.",
                    5114,
                )
            return found
    return None


def _custom_data_for_create(values: dict[str, Any]) -> dict[str, Any] | None:
    data = values.pop("customData", None)
    if data:
        check_custom_data_size({}, data)
        return {k: v for k, v in data.items() if v is not None}
    return None


def _apply_custom_data(ctx: Context, obj: Any, values: dict[str, Any]) -> None:
    data = values.pop("customData", None)
    if data:
        check_custom_data_size(obj.custom_data.data, data)
        ctx.store.merge_custom_data(obj.custom_data, data)


def _named_fields(values: dict[str, Any]) -> tuple[str, str, str, dict[str, Any] | None]:
    """Name, description, status and custom data of a new application, directory or group."""
    return (
        values["name"],
        values.get("description") or "",
        values.get("status", "ENABLED"),
        _custom_data_for_create(values),
    )


def _update_named(
    ctx: Context,
    kind: str,
    collection: str,
    obj_id: str,
    update: Callable[[Any, dict[str, Any]], None],
    fixed: tuple[str, ...] = (),
) -> Reply:
    """POST to an application, directory or group: partial update; `fixed` fields are ignored."""
    obj = lookup(ctx.store, collection, obj_id)
    values = parse(kind, ctx.json(), creating=False)
    _require_changes_raw(ctx)
    for name in fixed:
        values.pop(name, None)
    if "description" in values and values["description"] is None:
        values["description"] = ""
    _apply_custom_data(ctx, obj, values)
    update(obj, values)
    return render(ctx, kind, obj)


# ------------------------------------------------------------------------ generic CRUD


def get_resource(ctx: Context, collection: str, obj_id: str) -> Reply:
    """GET any top-level resource."""
    return render(ctx, _kind_of(collection), lookup(ctx.store, collection, obj_id))


def get_related(ctx: Context, collection: str, obj_id: str, name: str) -> Reply:
    """GET a sub-collection or linked resource such as ``{account}/groups``."""
    kind = _kind_of(collection)
    obj = lookup(ctx.store, collection, obj_id)
    if name == "applications" and collection == "tenants":
        return tenant_applications(ctx, obj_id)
    related = ctx.ser.related(kind, obj, name)
    if isinstance(related, Listing):
        return listing_reply(ctx, related)
    if related is None:
        raise exc.not_found()
    return render(ctx, related[0], related[1])


_DELETERS = {
    "applications": "delete_application",
    "directories": "delete_directory",
    "accounts": "delete_account",
    "groups": "delete_group",
    "groupMemberships": "delete_membership",
    "accountStoreMappings": "delete_mapping",
}


def delete_resource(ctx: Context, collection: str, obj_id: str) -> Reply:
    """DELETE with cascades (see the Store's delete methods)."""
    obj = lookup(ctx.store, collection, obj_id)
    deleter: Callable[[Any], None] = getattr(ctx.store, _DELETERS[collection])
    deleter(obj)
    return Reply(NO_CONTENT)


# ------------------------------------------------------------------------------ tenant


def current_tenant(ctx: Context) -> Reply:
    """302 to the tenant's absolute href."""
    return Reply(302, None, {"Location": ctx.ser.tenant_href})


def tenant_applications(ctx: Context, tenant_id: str | None = None) -> Reply:
    """The tenant's applications; with auto-provisioning, a name lookup that finds nothing
    creates the application (and its directory) first."""
    store = ctx.store
    if tenant_id is not None:
        lookup(store, "tenants", tenant_id)
    assert store.tenant is not None
    listing = ctx.ser.related("tenant", store.tenant, "applications")
    assert isinstance(listing, Listing)
    if ctx.auto_provision:
        query = ctx.request.query
        wanted = query.get("name") or query.get("q")
        if wanted and "*" not in wanted and not search.run(listing, query):
            store.provision_application(wanted)
    return listing_reply(ctx, listing)


def tenant_directories(ctx: Context) -> Reply:
    """GET /directories: the tenant's directories."""
    assert ctx.store.tenant is not None
    return get_related(ctx, "tenants", ctx.store.tenant.id, "directories")


# ------------------------------------------------------------------------- applications


def create_application(ctx: Context) -> Reply:
    """POST /applications[?createDirectory=true|<name>]."""
    values = parse("application", ctx.json(), creating=True)
    flag = ctx.request.query.get("createDirectory")
    create_dir: bool | str = False
    if flag is not None:
        create_dir = {"true": True, "false": False}.get(flag.lower(), flag)
    app = ctx.store.create_application(*_named_fields(values), create_dir)
    return render(ctx, "application", app, 201)


def update_application(ctx: Context, obj_id: str) -> Reply:
    """POST to an application: partial update."""
    return _update_named(ctx, "application", "applications", obj_id, ctx.store.update_application)


def _require_changes_raw(ctx: Context) -> None:
    _require_changes(ctx.json())


# -------------------------------------------------------------------------- directories


def create_directory(ctx: Context) -> Reply:
    """POST /directories."""
    values = parse("directory", ctx.json(), creating=True)
    provider = values.get("provider")
    if provider is not None and is_link_only(provider):
        provider = None
    if provider is not None:
        provider = _check_provider(provider)
    directory = ctx.store.create_directory(*_named_fields(values), provider)
    return render(ctx, "directory", directory, 201)


_PROVIDERS = ("stormpath", "google", "facebook", "github", "linkedin", "twitter")


def _check_provider(provider: dict[str, Any]) -> dict[str, Any]:
    provider_id = provider.get("providerId")
    if not isinstance(provider_id, str) or not provider_id:
        raise exc.required("Provider", "providerId")
    if provider_id.lower() not in _PROVIDERS:
        raise exc.unsupported_value("Provider", "providerId", provider_id)
    return {k: v for k, v in provider.items() if k != "href"} | {"providerId": provider_id.lower()}


def update_directory(ctx: Context, obj_id: str) -> Reply:
    """POST to a directory: partial update (the provider cannot be changed)."""
    return _update_named(
        ctx, "directory", "directories", obj_id, ctx.store.update_directory, fixed=("provider",)
    )


def _policy_handlers(section: str, kind: str) -> tuple[Handler, Handler]:
    def get(ctx: Context, obj_id: str) -> Reply:
        return render(ctx, kind, lookup(ctx.store, "directories", obj_id))

    def update(ctx: Context, obj_id: str) -> Reply:
        directory = lookup(ctx.store, "directories", obj_id)
        values = parse(kind, ctx.json(), creating=False)
        _require_changes_raw(ctx)
        if kind == "strength":
            merged = {**directory.strength, **values}
            if merged["maxLength"] < merged["minLength"]:
                raise exc.bad_request(
                    "PasswordStrength maxLength cannot be less than minLength.", 2002
                )
        ctx.store.update_policy(directory, section, values)
        return render(ctx, kind, directory)

    return get, update


get_password_policy, update_password_policy = _policy_handlers("password_policy", "passwordPolicy")
get_strength, update_strength = _policy_handlers("strength", "strength")
get_creation_policy, update_creation_policy = _policy_handlers(
    "creation_policy", "accountCreationPolicy"
)


_MIME_TYPES = ("text/plain", "text/html", "multipart/alternative")


def policy_templates(ctx: Context, obj_id: str, kind: str, name: str) -> Reply:
    """GET the one-template collections of a password or account-creation policy."""
    directory = lookup(ctx.store, "directories", obj_id)
    return listing_reply(ctx, ctx.ser.templates(kind, directory, name))


def get_template(ctx: Context, obj_id: str) -> Reply:
    """GET /emailTemplates/{id}."""
    template = exc.get_or_404(ctx.store.email_templates, obj_id)
    return render(ctx, "emailTemplate", template)


def update_template(ctx: Context, obj_id: str) -> Reply:
    """POST /emailTemplates/{id}: subject, bodies, sender, ``defaultModel.linkBaseUrl``."""
    template = exc.get_or_404(ctx.store.email_templates, obj_id)
    values = parse("emailTemplate", ctx.json(), creating=False)
    _require_changes_raw(ctx)
    mime = values.get("mimeType")
    if mime is not None and mime not in _MIME_TYPES:
        raise exc.unsupported_value("EmailTemplate", "mimeType", mime)
    model = values.pop("defaultModel", None)
    if model is not None:
        link = model.get("linkBaseUrl")
        if not isinstance(link, str) or not link.startswith(("http://", "https://")):
            raise exc.invalid_value(
                "EmailTemplate", "defaultModel.linkBaseUrl", "It must be an http(s) URL."
            )
        values["linkBaseUrl"] = link
    ctx.store.update_template(template, values)
    return render(ctx, "emailTemplate", template)


def get_schema(ctx: Context, obj_id: str) -> Reply:
    """GET /schemas/{id}: a directory's account schema."""
    directory = exc.get_or_404(ctx.store.schemas, obj_id)
    return render(ctx, "schema", directory)


def get_schema_fields(ctx: Context, obj_id: str) -> Reply:
    """GET /schemas/{id}/fields."""
    directory = exc.get_or_404(ctx.store.schemas, obj_id)
    return listing_reply(ctx, ctx.ser.schema_fields(directory))


def get_field(ctx: Context, obj_id: str) -> Reply:
    """GET /fields/{id}."""
    schema_field = exc.get_or_404(ctx.store.schema_fields, obj_id)
    return render(ctx, "field", schema_field)


def update_field(ctx: Context, obj_id: str) -> Reply:
    """POST /fields/{id} {required}."""
    schema_field = exc.get_or_404(ctx.store.schema_fields, obj_id)
    values = parse("field", ctx.json(), creating=False)
    _require_changes_raw(ctx)
    if "required" in values:
        ctx.store.set_field_required(schema_field, values["required"])
    return render(ctx, "field", schema_field)


# ----------------------------------------------------------------------------- accounts


def create_account(ctx: Context, collection: str, obj_id: str) -> Reply:
    """POST {directory}/accounts or {application}/accounts (→ default account store).

    With ``providerData`` (social login) on an application: 200 for an existing account,
    201 for a new one.
    """
    owner = lookup(ctx.store, collection, obj_id)
    provider_data = ctx.json().get("providerData")
    if provider_data is not None and not is_link_only(provider_data):
        if not isinstance(owner, Application):
            raise exc.bad_request(
                "Provider accounts are created through an Application's accounts collection."
            )
        return _provider_account(ctx, owner, provider_data)
    group: Group | None = None
    if isinstance(owner, Application):
        store = ctx.store.default_store(owner, "account")
        if isinstance(store, Group):
            group = store
            directory = ctx.store.directories[store.directory_id]
        else:
            directory = store
        if directory.provider["providerId"] != "stormpath":
            raise exc.bad_request(
                "The Application's default account store is a mirror directory; accounts "
                "cannot be created in it.",
                5106,
            )
    else:
        directory = owner
        if directory.provider["providerId"] != "stormpath":
            raise exc.bad_request("Accounts cannot be created in a mirror directory.", 6100)
    body = ctx.json()
    password_format = ctx.flag("passwordFormat")
    if password_format not in (None, "mcf"):
        raise exc.unsupported_value("Account", "passwordFormat", password_format)
    values = parse("account", body, creating=True)
    values.pop("providerData", None)
    custom = _custom_data_for_create(values)
    password = values.pop("password")
    account = ctx.store.create_account(
        directory,
        values,
        password,
        workflow=ctx.flag("registrationWorkflowEnabled") != "false",
        custom_data=custom,
        group=group,
        imported_hash=password_format == "mcf",
    )
    return render(ctx, "account", account, 201)


_PROVIDER_CREDENTIALS = ("code", "accessToken")


def _provider_account(ctx: Context, app: Application, provider_data: Any) -> Reply:
    if not isinstance(provider_data, dict):
        raise exc.wrong_type("Account", "providerData", "an object")
    provider_id = provider_data.get("providerId")
    if not isinstance(provider_id, str) or not provider_id:
        raise exc.required("ProviderData", "providerId")
    credential = next(
        (provider_data[k] for k in _PROVIDER_CREDENTIALS if provider_data.get(k)), None
    )
    if not isinstance(credential, str):
        raise exc.required("ProviderData", "code")
    extra = {k: v for k, v in provider_data.items() if k in _PROVIDER_CREDENTIALS}
    account, created_now = ctx.store.provider_account(app, provider_id.lower(), credential, extra)
    return render(ctx, "account", account, 201 if created_now else 200)


def update_account(ctx: Context, obj_id: str) -> Reply:
    """POST to an account: partial update; a password change is policy-checked."""
    account = lookup(ctx.store, "accounts", obj_id)
    body = ctx.json()
    _require_changes(body)
    values = parse("account", body, creating=False)
    values.pop("providerData", None)
    password = values.pop("password", None)
    for name in ("email", "username"):
        if values.get(name) == "":
            raise exc.required("Account", name)
    if password == "":
        raise exc.required("Account", "password")
    _apply_custom_data(ctx, account, values)
    ctx.store.update_account(account, values, password)
    return render(ctx, "account", account)


# ------------------------------------------------------------------------------- groups


def create_group(ctx: Context, collection: str, obj_id: str) -> Reply:
    """POST {directory}/groups or {application}/groups (→ default group store)."""
    owner = lookup(ctx.store, collection, obj_id)
    if isinstance(owner, Application):
        store = ctx.store.default_store(owner, "group")
        assert isinstance(store, Directory)  # groups cannot be default group stores (5112)
        owner = store
    values = parse("group", ctx.json(), creating=True)
    group = ctx.store.create_group(owner, *_named_fields(values))
    return render(ctx, "group", group, 201)


def update_group(ctx: Context, obj_id: str) -> Reply:
    """POST to a group: partial update."""
    return _update_named(ctx, "group", "groups", obj_id, ctx.store.update_group)


# -------------------------------------------------------------------------- memberships


def create_membership(ctx: Context) -> Reply:
    """POST /groupMemberships {account, group}."""
    values = parse("groupMembership", ctx.json(), creating=True)
    account = _resolve(ctx.store, values["account"], "accounts", "GroupMembership", "account")
    group = _resolve(ctx.store, values["group"], "groups", "GroupMembership", "group")
    membership = ctx.store.add_membership(account, group)
    return render(ctx, "groupMembership", membership, 201)


# ----------------------------------------------------------------------------- mappings


def create_mapping(ctx: Context, obj_id: str | None = None) -> Reply:
    """POST /accountStoreMappings or {application}/accountStoreMappings."""
    body = ctx.json()
    if obj_id is not None:
        app = lookup(ctx.store, "applications", obj_id)
        body = {**body, "application": {"href": ctx.ser.href("applications", app.id)}}
    values = parse("accountStoreMapping", body, creating=True)
    app = _resolve(
        ctx.store, values["application"], "applications", "AccountStoreMapping", "application"
    )
    store = _resolve_store(ctx.store, values["accountStore"], "AccountStoreMapping", "accountStore")
    mapping = ctx.store.create_mapping(
        app,
        store,
        values.get("listIndex"),
        values.get("isDefaultAccountStore", False),
        values.get("isDefaultGroupStore", False),
    )
    return render(ctx, "accountStoreMapping", mapping, 201)


def update_mapping(ctx: Context, obj_id: str) -> Reply:
    """POST to a mapping: listIndex and default flags (application/accountStore ignored)."""
    mapping = lookup(ctx.store, "accountStoreMappings", obj_id)
    body = ctx.json()
    _require_changes(body)
    values = parse("accountStoreMapping", body, creating=False)
    ctx.store.update_mapping(
        mapping,
        values.get("listIndex"),
        values.get("isDefaultAccountStore"),
        values.get("isDefaultGroupStore"),
    )
    return render(ctx, "accountStoreMapping", mapping)


# --------------------------------------------------------------------------- customData


def _owner(ctx: Context, collection: str, obj_id: str) -> tuple[str, Any]:
    obj = lookup(ctx.store, collection, obj_id)
    return ctx.ser.own_href(_kind_of(collection), obj), obj


def get_custom_data(ctx: Context, collection: str, obj_id: str) -> Reply:
    """GET {resource}/customData."""
    href, obj = _owner(ctx, collection, obj_id)
    return ok(ctx.ser.render("customData", Owned(href, obj.custom_data)))


def update_custom_data(ctx: Context, collection: str, obj_id: str) -> Reply:
    """POST {resource}/customData: merge the given keys."""
    href, obj = _owner(ctx, collection, obj_id)
    body = ctx.json()
    if not body:
        raise exc.bad_request("The customData update request must contain at least one property.")
    changes = custom_data_changes(body)
    check_custom_data_size(obj.custom_data.data, changes)
    ctx.store.merge_custom_data(obj.custom_data, changes)
    return ok(ctx.ser.render("customData", Owned(href, obj.custom_data)))


def delete_custom_data(ctx: Context, collection: str, obj_id: str, key: str | None = None) -> Reply:
    """DELETE {resource}/customData (all keys) or {resource}/customData/{key}."""
    _, obj = _owner(ctx, collection, obj_id)
    if key is not None:
        check_custom_data_key(key)
    ctx.store.clear_custom_data(obj.custom_data, key)
    return Reply(NO_CONTENT)


# ------------------------------------------------------------------------------- login


def _account_result(ctx: Context, account: Account, extra: dict[str, Any] | None = None) -> Reply:
    expand = parse_expand(ctx.request.query.get("expand"), "loginAttempt")
    href = ctx.ser.href("accounts", account.id)
    body: dict[str, Any] = dict(extra or {})
    body["account"] = ctx.ser.render("account", account) if "account" in expand else {"href": href}
    return Reply(200, body, {"Location": href})


def login_attempt(ctx: Context, obj_id: str) -> Reply:
    """POST {application}/loginAttempts {type: basic, value: base64(login:password)}."""
    app = lookup(ctx.store, "applications", obj_id)
    values = parse("loginAttempt", ctx.json(), creating=True)
    try:
        decoded = base64.b64decode(values["value"], validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as error:
        raise exc.invalid_value("LoginAttempt", "value", "It must be base64.") from error
    login, colon, password = decoded.partition(":")
    if not colon:
        raise exc.invalid_value("LoginAttempt", "value", "It must encode 'login:password'.")
    store = _optional_store(ctx, values, "accountStore")
    account = ctx.store.login(app, login, password, store)
    return _account_result(ctx, account)


# ---------------------------------------------------------------------- password reset


def _token_body(ctx: Context, app_id: str, token: Any) -> dict[str, Any]:
    return {
        "href": f"{ctx.ser.href('applications', app_id)}/passwordResetTokens/{token.token}",
        "email": token.email,
        "account": {"href": ctx.ser.href("accounts", token.account_id)},
    }


def create_reset_token(ctx: Context, obj_id: str) -> Reply:
    """POST {application}/passwordResetTokens {email, accountStore?} → 200."""
    app = lookup(ctx.store, "applications", obj_id)
    values = parse("passwordResetToken", ctx.json(), creating=True)
    store = _optional_store(ctx, values, "accountStore")
    token = ctx.store.create_reset_token(app, values["email"], store)
    return ok(_token_body(ctx, app.id, token))


def get_reset_token(ctx: Context, obj_id: str, token: str) -> Reply:
    """GET {application}/passwordResetTokens/{token}; 404 if unknown, used or expired."""
    app = lookup(ctx.store, "applications", obj_id)
    return ok(_token_body(ctx, app.id, ctx.store.get_reset_token(app, token)))


def consume_reset_token(ctx: Context, obj_id: str, token: str) -> Reply:
    """POST {application}/passwordResetTokens/{token} {password}: set it, use up the token."""
    app = lookup(ctx.store, "applications", obj_id)
    ctx.store.get_reset_token(app, token)
    values = parse("passwordReset", ctx.json(), creating=True)
    account = ctx.store.consume_reset_token(app, token, values["password"])
    return _account_result(ctx, account)


# ------------------------------------------------------------------ email verification


def verify_email(ctx: Context, token: str) -> Reply:
    """POST /accounts/emailVerificationTokens/{token}: the account becomes verified."""
    account = ctx.store.verify_email(token)
    href = ctx.ser.href("accounts", account.id)
    return Reply(200, {"href": href}, {"Location": href})


def resend_verification(ctx: Context, obj_id: str) -> Reply:
    """POST {application}/verificationEmails {login, accountStore?|account_store?} → 202."""
    app = lookup(ctx.store, "applications", obj_id)
    values = parse("verificationEmail", ctx.json(), creating=True)
    store = _optional_store(ctx, values, "accountStore", "account_store")
    ctx.store.resend_verification(app, values["login"], store)
    return Reply(202)
