"""The emulator's state: plain objects per resource kind, their indexes, and one lock.

Every mutation goes through a :class:`Store` method that keeps the indexes right. Callers hold
``store.lock`` for the duration of a request (the WSGI app does so), which makes the threaded
server safe. Lookups by id, email, username and name are dictionary hits; only listings walk
collections.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from . import exceptions as exc
from .clock import Clock
from .ids import IdGenerator
from .passwords import (
    DEFAULT_STRENGTH,
    PasswordHasher,
    check_reuse,
    check_strength,
    is_mcf,
    verify_mcf,
)

ENABLED, DISABLED, UNVERIFIED = "ENABLED", "DISABLED", "UNVERIFIED"
ADMIN_DIRECTORY = "Stormpath Administrators"
DEFAULT_RESET_LINK = "http://localhost:5000/forgot/change"
DEFAULT_VERIFY_LINK = "http://localhost:5000/verify"
# Prefix marking an imported MCF hash (checked with verify_mcf, then replaced).
_IMPORTED = "mcf:"
# How many old password hashes an account keeps for the preventReuse rule.
_HISTORY = 25


@dataclass(eq=False)
class CustomData:
    """Free-form JSON attached to a resource; keys kept verbatim."""

    created_at: datetime
    modified_at: datetime
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(eq=False)
class Tenant:
    id: str
    name: str
    key: str
    created_at: datetime
    modified_at: datetime
    custom_data: CustomData


@dataclass(eq=False)
class Application:
    id: str
    name: str
    description: str
    status: str
    created_at: datetime
    modified_at: datetime
    custom_data: CustomData
    mappings: list[str] = field(default_factory=list)  # mapping ids, by listIndex
    default_account_mapping: str | None = None
    default_group_mapping: str | None = None


@dataclass(eq=False)
class Directory:
    id: str
    name: str
    description: str
    status: str
    created_at: datetime
    modified_at: datetime
    custom_data: CustomData
    provider: dict[str, Any]
    password_policy: dict[str, Any]
    strength: dict[str, int]
    creation_policy: dict[str, Any]
    policy_modified_at: datetime
    accounts: dict[str, Account] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)  # lower email -> account id
    usernames: dict[str, str] = field(default_factory=dict)  # lower username -> account id
    group_names: dict[str, str] = field(default_factory=dict)  # lower name -> group id
    social_ids: dict[str, str] = field(default_factory=dict)  # provider user id -> account id
    templates: dict[str, EmailTemplate] = field(default_factory=dict)  # mail kind -> template
    schema_id: str = ""
    schema_fields: dict[str, SchemaField] = field(default_factory=dict)  # API name -> field


@dataclass(eq=False)
class SchemaField:
    """One account attribute of a directory's account schema (givenName or surname)."""

    id: str
    directory_id: str
    name: str
    required: bool
    created_at: datetime
    modified_at: datetime


@dataclass(eq=False)
class EmailTemplate:
    """The mail a directory workflow sends; ``${url}`` in the bodies becomes the link."""

    id: str
    directory_id: str
    kind: str  # the Email.kind it produces
    subject: str
    text_body: str
    html_body: str
    created_at: datetime
    modified_at: datetime
    link_base_url: str | None = None  # defaultModel.linkBaseUrl, for mails carrying a token
    from_email_address: str = "change-me@example.com"
    from_name: str = "Stormpath Emulator"
    mime_type: str = "text/plain"


@dataclass(eq=False)
class Account:
    id: str
    directory_id: str
    email: str
    username: str
    given_name: str | None
    middle_name: str | None
    surname: str | None
    status: str
    email_verification_status: str
    created_at: datetime
    modified_at: datetime
    password_modified_at: datetime | None
    custom_data: CustomData
    password_hash: str | None = None
    history: list[str] = field(default_factory=list)
    email_verification_token: str | None = None
    memberships: dict[str, str] = field(default_factory=dict)  # group id -> membership id
    provider_data: dict[str, Any] = field(default_factory=dict)  # social accounts only

    @property
    def full_name(self) -> str:
        """Non-empty name parts joined by one space."""
        return " ".join(p for p in (self.given_name, self.middle_name, self.surname) if p)


@dataclass(eq=False)
class Group:
    id: str
    directory_id: str
    name: str
    description: str
    status: str
    created_at: datetime
    modified_at: datetime
    custom_data: CustomData
    memberships: dict[str, str] = field(default_factory=dict)  # account id -> membership id


@dataclass(eq=False)
class Membership:
    id: str
    account_id: str
    group_id: str
    created_at: datetime


@dataclass(eq=False)
class Mapping:
    id: str
    application_id: str
    store_kind: str  # "directories" or "groups"
    store_id: str
    list_index: int
    is_default_account_store: bool
    is_default_group_store: bool
    created_at: datetime
    modified_at: datetime


@dataclass(eq=False)
class ResetToken:
    token: str
    application_id: str
    account_id: str
    email: str
    expires_at: datetime


@dataclass(eq=False)
class ApiKey:
    """An account's API key; the href id is the key id. Tenant keys belong to the admin
    account in the "Stormpath Administrators" directory."""

    id: str
    secret: str
    account_id: str
    created_at: datetime
    modified_at: datetime
    status: str = ENABLED
    name: str | None = None
    description: str | None = None


@dataclass(eq=False)
class OAuthToken:
    """An access or refresh token issued by ``{app}/oauth/token``; the id is the JWT's jti."""

    id: str
    kind: str  # "access" or "refresh"
    jwt: str
    header: dict[str, Any]
    claims: dict[str, Any]
    signature: str
    application_id: str
    account_id: str
    created_at: datetime
    expires_at: datetime
    refresh_id: str | None = None  # access tokens from a password/refresh grant


@dataclass(frozen=True)
class SocialIdentity:
    """What a fake social provider answers for one code or access token."""

    provider_id: str
    user_id: str
    email: str | None
    given_name: str | None = None
    surname: str | None = None


@dataclass
class Email:
    """A mail the service would have sent."""

    to: str
    subject: str
    body: str
    kind: str  # password_reset, password_reset_success, email_verification, ...
    token: str | None = None
    link: str | None = None
    account_id: str | None = None


AccountStore = Directory | Group

SCHEMA_FIELDS = ("givenName", "surname")
# Mail kind -> (template collection on the policy, subject, text body, default link base).
TEMPLATE_DEFAULTS: dict[str, tuple[str, str, str, str | None]] = {
    "password_reset": (
        "resetEmailTemplates",
        "Reset your Password",
        "Forgot your password?\n\nWe received a request to reset the password of "
        "${account.email}.\nTo choose a new one, open this link:\n\n${url}\n\n"
        "If you did not ask for this, you can ignore this email.",
        DEFAULT_RESET_LINK,
    ),
    "password_reset_success": (
        "resetSuccessEmailTemplates",
        "Your password has been changed",
        "The password of ${account.email} has just been changed.",
        None,
    ),
    "email_verification": (
        "verificationEmailTemplates",
        "Verify your account",
        "Welcome, ${account.givenName}!\n\nPlease confirm ${account.email} by opening this "
        "link:\n\n${url}",
        DEFAULT_VERIFY_LINK,
    ),
    "email_verification_success": (
        "verificationSuccessEmailTemplates",
        "Your account has been confirmed",
        "Your account ${account.email} is now verified.",
        None,
    ),
    "welcome": (
        "welcomeEmailTemplates",
        "Your registration was successful",
        "Welcome, ${account.givenName}! Your account ${account.email} is ready.",
        None,
    ),
}


class Store:
    """All resources of the single tenant, with indexes kept in step under ``lock``."""

    def __init__(self, ids: IdGenerator, clock: Clock, hasher: PasswordHasher) -> None:
        self.lock = threading.RLock()
        self.ids = ids
        self.clock = clock
        self.hasher = hasher
        self.api_keys: dict[str, str | None] = {}
        # (providerId, code or access token) -> identity; configuration, kept across resets.
        self.social_identities: dict[tuple[str, str], SocialIdentity] = {}
        # How the service redeems a providerData `code` with the provider, as the directory's
        # client: (providerId, code, directory provider data) -> identity or None (refused).
        self.code_redeemer: Callable[[str, str, dict[str, Any]], SocialIdentity | None] | None = (
            None
        )
        self.outbox: list[Email] = []
        # Auto-provisioning (FakeStormpath(auto_provision=True)): an exact-name lookup that
        # finds nothing creates the application. What was provisioned is remembered (lower
        # name -> ids and names) and survives resets: see provision_application.
        self.provision_on_lookup = False
        self.provisioned: dict[str, dict[str, str]] = {}
        self._clear()

    # ----------------------------------------------------------------- bootstrap / reset

    def _clear(self) -> None:
        self.tenant: Tenant | None = None
        self.applications: dict[str, Application] = {}
        self.app_names: dict[str, str] = {}
        self.directories: dict[str, Directory] = {}
        self.dir_names: dict[str, str] = {}
        self.email_templates: dict[str, EmailTemplate] = {}
        self.schemas: dict[str, Directory] = {}  # schema id -> directory
        self.schema_fields: dict[str, SchemaField] = {}
        self.accounts: dict[str, Account] = {}
        self.groups: dict[str, Group] = {}
        self.memberships: dict[str, Membership] = {}
        self.mappings: dict[str, Mapping] = {}
        self.store_mappings: dict[str, set[str]] = {}  # store id -> mapping ids
        self.reset_tokens: dict[str, ResetToken] = {}
        self.verification_tokens: dict[str, str] = {}  # token -> account id
        # Account API keys by key id (tenant keys too, owned by the admin account).
        self.api_key_records: dict[str, ApiKey] = {}
        self.oauth_tokens: dict[str, OAuthToken] = {}  # jti -> access or refresh token
        self.oauth_policies: dict[str, dict[str, str]] = {}  # app id -> TTLs set by clients
        self.admin_account_id: str | None = None
        self.outbox.clear()

    def bootstrap(self, ids: dict[str, str] | None = None) -> dict[str, str]:
        """Wipe everything and create the tenant, "My Application" and its directory.

        ``ids`` (as returned by an earlier call) reuses the same ids so hrefs stay stable.
        """
        with self.lock:
            self._clear()
            wanted = ids or {}
            now = self.clock.now()
            tenant_id = wanted.get("tenant") or self.ids.new()
            self.tenant = Tenant(
                tenant_id, "Stormpath Fake Tenant", "stormpath-fake", now, now, self._cd()
            )
            directory = self.create_directory(
                "My Application Directory",
                _id=wanted.get("directory"),
                _part_ids=_prefixed(wanted, "directory."),
            )
            app = self.create_application("My Application", _id=wanted.get("application"))
            mapping = self.create_mapping(app, directory, 0, True, True, _id=wanted.get("mapping"))
            # Tenant keys need an owner account (see bootstrap_admin).
            has_keys = any(secret is not None for secret in self.api_keys.values())
            boot_ids = {
                "tenant": tenant_id,
                "application": app.id,
                "directory": directory.id,
                "mapping": mapping.id,
                **self._directory_part_ids(directory, "directory."),
                **(self.bootstrap_admin(wanted) if has_keys else {}),
            }
            self._restore_provisioned(reuse_ids=ids is not None)
            return boot_ids

    def bootstrap_admin(self, ids: dict[str, str] | None = None) -> dict[str, str]:
        """Add the tenant's "Stormpath Administrators" directory holding the account that owns
        the tenant API keys (express-stormpath checks that directory's name before it trusts a
        token signed with a key). ``ids`` as for :meth:`bootstrap`.

        Real tenants also have a "Stormpath" admin application; the emulator leaves it out so
        that a fresh tenant lists exactly the applications a test created.
        """
        wanted = ids or {}
        directory = self.create_directory(
            ADMIN_DIRECTORY,
            "Administrators of this tenant.",
            _id=wanted.get("admin_directory"),
            _part_ids=_prefixed(wanted, "admin_directory."),
        )
        now = self.clock.now()
        email = "tenant-admin@stormpath-fake.invalid"
        account = Account(
            id=wanted.get("admin_account") or self.ids.new(),
            directory_id=directory.id,
            email=email,
            username=email,
            given_name="Tenant",
            middle_name=None,
            surname="Administrator",
            status=ENABLED,
            email_verification_status="VERIFIED",
            created_at=now,
            modified_at=now,
            password_modified_at=None,
            custom_data=self._cd(),
        )
        directory.accounts[account.id] = account
        directory.emails[email] = account.id
        directory.usernames[email] = account.id
        self.accounts[account.id] = account
        self.admin_account_id = account.id
        for key_id, secret in self.api_keys.items():
            self._record_tenant_key(key_id, secret)
        return {
            "admin_directory": directory.id,
            "admin_account": account.id,
            **self._directory_part_ids(directory, "admin_directory."),
        }

    def _restore_provisioned(self, *, reuse_ids: bool) -> None:
        """Provision again, empty, every application provisioned before the wipe.

        With ``reuse_ids`` they keep their ids (and hrefs), so a client holding one still
        finds it. Otherwise (deterministic ids restarting) they are created in the order they
        were first provisioned, with ids drawn from the restarted sequence.
        """
        for key, record in list(self.provisioned.items()):
            if key in self.app_names:  # e.g. "My Application", renamed then provisioned
                del self.provisioned[key]
                continue
            self.provision_application(record["name"], record if reuse_ids else None)

    def _record_tenant_key(self, key_id: str, secret: str | None) -> None:
        if secret is not None and self.admin_account_id is not None:
            now = self.clock.now()
            self.api_key_records[key_id] = ApiKey(key_id, secret, self.admin_account_id, now, now)

    def _cd(self, data: dict[str, Any] | None = None) -> CustomData:
        now = self.clock.now()
        return CustomData(now, now, dict(data or {}))

    def _touch(self, obj: Any) -> None:
        obj.modified_at = self.clock.now()

    # ------------------------------------------------------------------------- API keys

    def add_api_key(self, key_id: str, secret: str | None) -> None:
        """Register a tenant API key (``secret=None``: trusted without verification)."""
        with self.lock:
            self.api_keys[key_id] = secret
            self._record_tenant_key(key_id, secret)

    def secret_for(self, key_id: str) -> str | None:
        """The secret of a key, ``None`` if unknown or registered without one."""
        return self.api_keys.get(key_id)

    # --------------------------------------------------------------------- applications

    def create_application(
        self,
        name: str,
        description: str = "",
        status: str = ENABLED,
        custom_data: dict[str, Any] | None = None,
        create_directory: bool | str = False,
        *,
        _id: str | None = None,
    ) -> Application:
        """Create an application, optionally with a new directory mapped as default stores."""
        if name.lower() in self.app_names:
            raise exc.duplicate("Application", "name", "tenant")
        dir_name: str | None = None
        if isinstance(create_directory, str):
            if create_directory.lower() in self.dir_names:
                raise exc.bad_request(
                    f"Directory name '{create_directory}' is already in use by another "
                    "directory.  Please choose another name.",
                    5010,
                )
            dir_name = create_directory
        elif create_directory:
            dir_name = self._unique_dir_name(f"{name} Directory")
        now = self.clock.now()
        app = Application(
            _id or self.ids.new(), name, description, status, now, now, self._cd(custom_data)
        )
        self.applications[app.id] = app
        self.app_names[name.lower()] = app.id
        if dir_name is not None:
            directory = self.create_directory(dir_name)
            self.create_mapping(app, directory, 0, True, True)
        return app

    def _unique_dir_name(self, base: str) -> str:
        name, n = base, 1
        while name.lower() in self.dir_names:
            n += 1
            name = f"{base} {n}"
        return name

    def _update_named(
        self, obj: Any, changes: dict[str, Any], names: dict[str, str], kind: str, scope: str
    ) -> None:
        """Apply name/description/status changes; `names` indexes the unique names in `scope`."""
        name = changes.get("name")
        if name is not None and name.lower() != obj.name.lower():
            if name.lower() in names:
                raise exc.duplicate(kind, "name", scope)
            del names[obj.name.lower()]
            names[name.lower()] = obj.id
        _assign(obj, changes, ("name", "description", "status"))
        self._touch(obj)

    def update_application(self, app: Application, changes: dict[str, Any]) -> None:
        """Apply name/description/status changes."""
        self._update_named(app, changes, self.app_names, "Application", "tenant")

    def delete_application(self, app: Application) -> None:
        """Remove the app, its mappings and reset tokens; its directories stay."""
        for mapping_id in list(app.mappings):
            self.delete_mapping(self.mappings[mapping_id])
        for token in [t for t in self.reset_tokens.values() if t.application_id == app.id]:
            del self.reset_tokens[token.token]
        self._drop_tokens(lambda t: t.application_id == app.id)
        self.oauth_policies.pop(app.id, None)
        del self.app_names[app.name.lower()]
        del self.applications[app.id]

    def _drop_tokens(self, doomed: Callable[[OAuthToken], bool]) -> None:
        for token in [t for t in self.oauth_tokens.values() if doomed(t)]:
            del self.oauth_tokens[token.id]

    def find_application_by_name(self, name: str, *, provision: bool = True) -> Application | None:
        """Exact, case-insensitive name lookup.

        With :attr:`provision_on_lookup` (and ``provision``), a name that matches nothing is
        provisioned (:meth:`provision_application`) and returned.
        """
        app_id = self.app_names.get(name.lower())
        if app_id is None and provision and self.provision_on_lookup and name.strip():
            return self.provision_application(name)
        return self.applications[app_id] if app_id else None

    def provision_application(self, name: str, ids: dict[str, str] | None = None) -> Application:
        """Create the application ``name`` with its own directory as default account and group
        store, and remember it, so that every reset (:meth:`bootstrap`) provisions it again,
        empty. ``ids`` (a record of :attr:`provisioned`) reuses ids and the directory name.
        """
        wanted = ids or {}
        directory = self.create_directory(
            self._unique_dir_name(wanted.get("directory_name") or f"{name} Directory"),
            _id=wanted.get("directory"),
            _part_ids=_prefixed(wanted, "directory."),
        )
        app = self.create_application(name, _id=wanted.get("application"))
        mapping = self.create_mapping(app, directory, 0, True, True, _id=wanted.get("mapping"))
        self.provisioned[name.lower()] = {
            "name": name,
            "application": app.id,
            "directory": directory.id,
            "directory_name": directory.name,
            "mapping": mapping.id,
            **self._directory_part_ids(directory, "directory."),
        }
        return app

    # ---------------------------------------------------------------------- directories

    def create_directory(
        self,
        name: str,
        description: str = "",
        status: str = ENABLED,
        custom_data: dict[str, Any] | None = None,
        provider: dict[str, Any] | None = None,
        *,
        _id: str | None = None,
        _part_ids: dict[str, str] | None = None,
    ) -> Directory:
        """Create a directory with default password and account-creation policies.

        ``_part_ids`` (from :meth:`_directory_part_ids`) reuses the ids of its email templates
        and account schema, so a reset draws no new ids.
        """
        parts = _part_ids or {}
        if name.lower() in self.dir_names:
            raise exc.duplicate("Directory", "name", "tenant")
        now = self.clock.now()
        directory = Directory(
            id=_id or self.ids.new(),
            name=name,
            description=description,
            status=status,
            created_at=now,
            modified_at=now,
            custom_data=self._cd(custom_data),
            provider=dict(provider or {"providerId": "stormpath"}),
            password_policy={
                "resetTokenTtl": 24,
                "resetEmailStatus": ENABLED,
                "resetSuccessEmailStatus": ENABLED,
            },
            strength=dict(DEFAULT_STRENGTH),
            creation_policy={
                "verificationEmailStatus": DISABLED,
                "verificationSuccessEmailStatus": DISABLED,
                "welcomeEmailStatus": DISABLED,
                "emailDomainWhitelist": [],
                "emailDomainBlacklist": [],
            },
            policy_modified_at=now,
        )
        for kind, (_, subject, text, link) in TEMPLATE_DEFAULTS.items():
            template = EmailTemplate(
                parts.get(f"template:{kind}") or self.ids.new(),
                directory.id,
                kind,
                subject,
                text,
                text,
                now,
                now,
                link,
            )
            directory.templates[kind] = template
            self.email_templates[template.id] = template
        directory.schema_id = parts.get("schema") or self.ids.new()
        self.schemas[directory.schema_id] = directory
        for field_name in SCHEMA_FIELDS:
            field_id = parts.get(f"field:{field_name}") or self.ids.new()
            schema_field = SchemaField(field_id, directory.id, field_name, False, now, now)
            directory.schema_fields[field_name] = schema_field
            self.schema_fields[schema_field.id] = schema_field
        self.directories[directory.id] = directory
        self.dir_names[name.lower()] = directory.id
        return directory

    @staticmethod
    def _directory_part_ids(directory: Directory, prefix: str) -> dict[str, str]:
        """The ids of ``directory``'s templates and schema, keyed ``prefix + part``."""
        parts = {f"template:{kind}": t.id for kind, t in directory.templates.items()}
        parts["schema"] = directory.schema_id
        parts.update({f"field:{name}": f.id for name, f in directory.schema_fields.items()})
        return {prefix + key: value for key, value in parts.items()}

    def update_directory(self, directory: Directory, changes: dict[str, Any]) -> None:
        """Apply name/description/status changes."""
        self._update_named(directory, changes, self.dir_names, "Directory", "tenant")

    def delete_directory(self, directory: Directory) -> None:
        """Remove the directory with its accounts, groups and mappings."""
        for account in list(directory.accounts.values()):
            self.delete_account(account)
        for group in list(directory.groups.values()):
            self.delete_group(group)
        self._drop_store_mappings(directory.id)
        for template in directory.templates.values():
            del self.email_templates[template.id]
        for schema_field in directory.schema_fields.values():
            del self.schema_fields[schema_field.id]
        del self.schemas[directory.schema_id]
        del self.dir_names[directory.name.lower()]
        del self.directories[directory.id]

    def update_policy(self, directory: Directory, section: str, changes: dict[str, Any]) -> None:
        """Merge ``changes`` into ``password_policy``, ``strength`` or ``creation_policy``."""
        getattr(directory, section).update(changes)
        directory.policy_modified_at = self.clock.now()

    # ------------------------------------------------------------------------- accounts

    def create_account(
        self,
        directory: Directory,
        fields: dict[str, Any],
        password: str,
        *,
        workflow: bool = True,
        custom_data: dict[str, Any] | None = None,
        group: Group | None = None,
        imported_hash: bool = False,
    ) -> Account:
        """Create an account in ``directory`` (and add it to ``group`` if given).

        ``fields`` uses API names (email, username, givenName, ...), already type-checked.
        With ``imported_hash`` the password is an MCF hash stored as-is (no strength check).
        """
        self._check_required(directory, fields, creating=True)
        email = fields["email"]
        username = fields.get("username") or email
        self._check_email_domain(directory, email)
        if email.lower() in directory.emails:
            raise exc.duplicate("Account", "email", "directory")
        if username.lower() in directory.usernames:
            raise exc.duplicate("Account", "username", "directory")
        if imported_hash:
            if not is_mcf(password):
                raise exc.invalid_value(
                    "Account", "password", "With passwordFormat=mcf it must be an MCF hash."
                )
        else:
            check_strength(password, directory.strength)
        now = self.clock.now()
        verify = workflow and directory.creation_policy["verificationEmailStatus"] == ENABLED
        account = Account(
            id=self.ids.new(),
            directory_id=directory.id,
            email=email,
            username=username,
            given_name=fields.get("givenName"),
            middle_name=fields.get("middleName"),
            surname=fields.get("surname"),
            status=UNVERIFIED if verify else fields.get("status") or ENABLED,
            email_verification_status=(
                UNVERIFIED if verify else fields.get("emailVerificationStatus") or "UNKNOWN"
            ),
            created_at=now,
            modified_at=now,
            password_modified_at=now,
            custom_data=self._cd(custom_data),
        )
        self._set_hash(
            account, _IMPORTED + password if imported_hash else self.hasher.hash(password)
        )
        directory.accounts[account.id] = account
        directory.emails[email.lower()] = account.id
        directory.usernames[username.lower()] = account.id
        self.accounts[account.id] = account
        if group is not None:
            self.add_membership(account, group)
        if verify:
            self._send_verification(account, directory)
        elif directory.creation_policy["welcomeEmailStatus"] == ENABLED:
            self._mail(account, "welcome")
        return account

    def _check_required(
        self, directory: Directory, fields: dict[str, Any], *, creating: bool
    ) -> None:
        for name, schema_field in directory.schema_fields.items():
            if not schema_field.required or (not creating and name not in fields):
                continue
            value = fields.get(name)
            if value is None or not str(value).strip():
                raise exc.required("Account", name)

    def set_field_required(self, schema_field: SchemaField, required: bool) -> None:
        """Make an account-schema field required or optional."""
        schema_field.required = required
        self._touch(schema_field)

    def _check_email_domain(self, directory: Directory, email: str) -> None:
        domain = email.rpartition("@")[2].lower()
        policy = directory.creation_policy
        if any(_domain_match(domain, d) for d in policy["emailDomainBlacklist"]):
            raise exc.bad_request("Account email address domain is blacklisted.", 7205)
        white = policy["emailDomainWhitelist"]
        if white and not any(_domain_match(domain, d) for d in white):
            raise exc.bad_request("Account email address domain is not whitelisted.", 7206)

    def update_account(
        self, account: Account, changes: dict[str, Any], password: str | None = None
    ) -> None:
        """Apply attribute changes and an optional policy-checked password change."""
        directory = self.directories[account.directory_id]
        self._check_required(directory, changes, creating=False)
        email = changes.get("email")
        if email is not None and email.lower() != account.email.lower():
            self._check_email_domain(directory, email)
            if email.lower() in directory.emails:
                raise exc.duplicate("Account", "email", "directory")
        username = changes.get("username")
        if (
            username is not None
            and username.lower() != account.username.lower()
            and username.lower() in directory.usernames
        ):
            raise exc.duplicate("Account", "username", "directory")
        if password is not None:
            self._check_new_password(account, directory, password)
        if email is not None:
            del directory.emails[account.email.lower()]
            directory.emails[email.lower()] = account.id
            account.email = email
        if username is not None:
            del directory.usernames[account.username.lower()]
            directory.usernames[username.lower()] = account.id
            account.username = username
        for api, attr in _ACCOUNT_ATTRS:
            if api in changes:
                setattr(account, attr, changes[api])
        if password is not None:
            self._set_hash(account, self.hasher.hash(password))
            account.password_modified_at = self.clock.now()
        self._touch(account)

    def _check_new_password(self, account: Account, directory: Directory, password: str) -> None:
        check_strength(password, directory.strength)
        check_reuse(password, account.history, directory.strength["preventReuse"], self.hasher)

    def _set_hash(self, account: Account, hashed: str) -> None:
        account.password_hash = hashed
        account.history.append(hashed)
        del account.history[:-_HISTORY]

    def delete_account(self, account: Account) -> None:
        """Remove the account, its memberships and its tokens."""
        directory = self.directories[account.directory_id]
        for membership_id in list(account.memberships.values()):
            self.delete_membership(self.memberships[membership_id])
        for token in [t for t in self.reset_tokens.values() if t.account_id == account.id]:
            del self.reset_tokens[token.token]
        if account.email_verification_token:
            self.verification_tokens.pop(account.email_verification_token, None)
        for key in [k for k in self.api_key_records.values() if k.account_id == account.id]:
            del self.api_key_records[key.id]
        self._drop_tokens(lambda t: t.account_id == account.id)
        del directory.emails[account.email.lower()]
        del directory.usernames[account.username.lower()]
        directory.social_ids.pop(account.provider_data.get("userId", ""), None)
        del directory.accounts[account.id]
        del self.accounts[account.id]

    def find_in_directory(self, directory: Directory, login: str) -> Account | None:
        """Account whose email, else username, equals ``login`` (case-insensitive)."""
        key = login.lower()
        account_id = directory.emails.get(key) or directory.usernames.get(key)
        return directory.accounts[account_id] if account_id else None

    def find_in_store(self, store: AccountStore, login: str) -> Account | None:
        """Like :meth:`find_in_directory`, for a directory or a group store."""
        if isinstance(store, Directory):
            return self.find_in_directory(store, login)
        account = self.find_in_directory(self.directories[store.directory_id], login)
        return account if account is not None and account.id in store.memberships else None

    def check_password(self, account: Account, password: str) -> bool:
        """Whether ``password`` is the account's current password.

        An imported MCF hash is replaced by the emulator's own hash after the first match.
        """
        hashed = account.password_hash
        if hashed is None:
            return False
        if hashed.startswith(_IMPORTED):
            if not verify_mcf(password, hashed[len(_IMPORTED) :]):
                return False
            account.password_hash = self.hasher.hash(password)
            account.history[-1:] = [account.password_hash]
            return True
        return self.hasher.verify(password, hashed)

    # --------------------------------------------------------------------------- groups

    def create_group(
        self,
        directory: Directory,
        name: str,
        description: str = "",
        status: str = ENABLED,
        custom_data: dict[str, Any] | None = None,
    ) -> Group:
        """Create a group; names are unique per directory."""
        if name.lower() in directory.group_names:
            raise exc.duplicate("Group", "name", "directory")
        now = self.clock.now()
        group = Group(
            self.ids.new(),
            directory.id,
            name,
            description,
            status,
            now,
            now,
            self._cd(custom_data),
        )
        directory.groups[group.id] = group
        directory.group_names[name.lower()] = group.id
        self.groups[group.id] = group
        return group

    def update_group(self, group: Group, changes: dict[str, Any]) -> None:
        """Apply name/description/status changes."""
        directory = self.directories[group.directory_id]
        self._update_named(group, changes, directory.group_names, "Group", "directory")

    def delete_group(self, group: Group) -> None:
        """Remove the group, its memberships and the mappings that use it as a store."""
        directory = self.directories[group.directory_id]
        for membership_id in list(group.memberships.values()):
            self.delete_membership(self.memberships[membership_id])
        self._drop_store_mappings(group.id)
        del directory.group_names[group.name.lower()]
        del directory.groups[group.id]
        del self.groups[group.id]

    def find_group(self, directory: Directory, name: str) -> Group | None:
        """Group of ``directory`` named ``name`` (case-insensitive)."""
        group_id = directory.group_names.get(name.lower())
        return directory.groups[group_id] if group_id else None

    # ---------------------------------------------------------------------- memberships

    def add_membership(self, account: Account, group: Group) -> Membership:
        """Put ``account`` in ``group`` (same directory, not already a member)."""
        if account.directory_id != group.directory_id:
            raise exc.bad_request(
                "The Account and the Group must belong to the same Directory.", 2014
            )
        if group.id in account.memberships:
            raise exc.StormpathError(
                409,
                2001,
                "The Account is already a member of that Group.",
                "A GroupMembership for the specified Account and Group already exists.",
            )
        membership = Membership(self.ids.new(), account.id, group.id, self.clock.now())
        self.memberships[membership.id] = membership
        account.memberships[group.id] = membership.id
        group.memberships[account.id] = membership.id
        return membership

    def delete_membership(self, membership: Membership) -> None:
        """Remove a membership from both sides."""
        del self.accounts[membership.account_id].memberships[membership.group_id]
        del self.groups[membership.group_id].memberships[membership.account_id]
        del self.memberships[membership.id]

    # ------------------------------------------------------------------------- mappings

    def store_by_kind(self, kind: str, store_id: str) -> AccountStore | None:
        """The directory or group with that id, if it exists."""
        if kind == "directories":
            return self.directories.get(store_id)
        if kind == "groups":
            return self.groups.get(store_id)
        return None

    def mapped_stores(self, app: Application) -> Iterator[tuple[Mapping, AccountStore]]:
        """The app's mappings with their stores, by listIndex."""
        for mapping_id in app.mappings:
            mapping = self.mappings[mapping_id]
            store = self.store_by_kind(mapping.store_kind, mapping.store_id)
            if store is not None:
                yield mapping, store

    def create_mapping(
        self,
        app: Application,
        store: AccountStore,
        list_index: int | None = None,
        is_default_account_store: bool = False,
        is_default_group_store: bool = False,
        *,
        _id: str | None = None,
    ) -> Mapping:
        """Map ``store`` to ``app`` at ``list_index`` (None: last), shifting the others."""
        if any(s is store for _, s in self.mapped_stores(app)):
            raise exc.bad_request(
                "The specified account store is already mapped to that application. "
                "Please choose another account store.",
                5104,
            )
        if is_default_group_store and isinstance(store, Group):
            raise exc.bad_request(
                "A Group cannot be the default group store of an Application.", 5112
            )
        kind = "directories" if isinstance(store, Directory) else "groups"
        now = self.clock.now()
        mapping = Mapping(_id or self.ids.new(), app.id, kind, store.id, 0, False, False, now, now)
        self.mappings[mapping.id] = mapping
        self.store_mappings.setdefault(store.id, set()).add(mapping.id)
        app.mappings.append(mapping.id)
        self._move(app, mapping, len(app.mappings) - 1 if list_index is None else list_index)
        self._set_defaults(app, mapping, is_default_account_store, is_default_group_store)
        return mapping

    def update_mapping(
        self,
        mapping: Mapping,
        list_index: int | None = None,
        is_default_account_store: bool | None = None,
        is_default_group_store: bool | None = None,
    ) -> None:
        """Move a mapping and/or change its default flags."""
        app = self.applications[mapping.application_id]
        if is_default_group_store and mapping.store_kind == "groups":
            raise exc.bad_request(
                "A Group cannot be the default group store of an Application.", 5112
            )
        if list_index is not None:
            self._move(app, mapping, list_index)
        self._set_defaults(app, mapping, is_default_account_store, is_default_group_store)
        self._touch(mapping)

    def _move(self, app: Application, mapping: Mapping, index: int) -> None:
        app.mappings.remove(mapping.id)
        index = max(0, min(index, len(app.mappings)))
        app.mappings.insert(index, mapping.id)
        for position, mapping_id in enumerate(app.mappings):
            self.mappings[mapping_id].list_index = position

    def _set_defaults(
        self,
        app: Application,
        mapping: Mapping,
        account_store: bool | None,
        group_store: bool | None,
    ) -> None:
        for flag, attr, pointer in (
            (account_store, "is_default_account_store", "default_account_mapping"),
            (group_store, "is_default_group_store", "default_group_mapping"),
        ):
            if flag is None:
                continue
            previous = getattr(app, pointer)
            if flag:
                if previous and previous != mapping.id and previous in self.mappings:
                    setattr(self.mappings[previous], attr, False)
                setattr(app, pointer, mapping.id)
            elif previous == mapping.id:
                setattr(app, pointer, None)
            setattr(mapping, attr, flag)

    def delete_mapping(self, mapping: Mapping) -> None:
        """Unmap a store, keeping the list dense; a removed default leaves no default."""
        app = self.applications[mapping.application_id]
        app.mappings.remove(mapping.id)
        for position, mapping_id in enumerate(app.mappings):
            self.mappings[mapping_id].list_index = position
        if app.default_account_mapping == mapping.id:
            app.default_account_mapping = None
        if app.default_group_mapping == mapping.id:
            app.default_group_mapping = None
        self.store_mappings.get(mapping.store_id, set()).discard(mapping.id)
        del self.mappings[mapping.id]

    def _drop_store_mappings(self, store_id: str) -> None:
        for mapping_id in list(self.store_mappings.pop(store_id, ())):
            self.delete_mapping(self.mappings[mapping_id])

    def default_store(self, app: Application, kind: str) -> AccountStore:
        """The app's default account (``kind="account"``) or group store, or 5100-5103."""
        pointer = app.default_account_mapping if kind == "account" else app.default_group_mapping
        codes = (5100, 5101) if kind == "account" else (5102, 5103)
        label = "account" if kind == "account" else "group"
        store = None
        if pointer is not None:
            mapping = self.mappings[pointer]
            store = self.store_by_kind(mapping.store_kind, mapping.store_id)
        if store is None:
            raise exc.bad_request(
                f"The Application does not have a default {label} store.", codes[0]
            )
        if store.status != ENABLED:
            raise exc.bad_request(f"The Application's default {label} store is disabled.", codes[1])
        return store

    def resolve_login_stores(
        self, app: Application, store: AccountStore | None
    ) -> list[AccountStore]:
        """Stores a login or lookup consults: all mapped (by listIndex) or the one given."""
        stores = [s for _, s in self.mapped_stores(app)]
        if store is None:
            if not stores:
                raise exc.bad_request(
                    "The Application has no Account Stores; it cannot authenticate Accounts.",
                    5105,
                )
            return stores
        if not any(s is store for s in stores):
            raise exc.bad_request(
                "The specified Account Store is not one of the Application's assigned Account "
                "Stores.",
                5114,
            )
        return [store]

    def find_for_app(
        self, app: Application, login: str, store: AccountStore | None = None
    ) -> tuple[Account, AccountStore] | None:
        """First account matching ``login`` in the app's stores (first match wins)."""
        for candidate in self.resolve_login_stores(app, store):
            account = self.find_in_store(candidate, login)
            if account is not None:
                return account, candidate
        return None

    # ---------------------------------------------------------------------- social login

    def provider_account(
        self, app: Application, provider_id: str, credential: str, extra: dict[str, Any]
    ) -> tuple[Account, bool]:
        """Get or create the account a social credential stands for; True when created.

        The first directory mapped to ``app`` (by listIndex) whose provider is ``provider_id``
        holds it; an existing account is found by provider user id, then by email.
        """
        directory = next(
            (
                store
                for _, store in self.mapped_stores(app)
                if isinstance(store, Directory) and store.provider["providerId"] == provider_id
            ),
            None,
        )
        if directory is None:
            raise exc.bad_request(
                f"The Application has no '{provider_id}' directory among its Account Stores.",
                7200,
            )
        identity = self.social_identities.get((provider_id, credential))
        if identity is None and "code" in extra and self.code_redeemer is not None:
            identity = self.code_redeemer(provider_id, credential, directory.provider)
        if identity is None:
            raise exc.bad_request(
                f"The '{provider_id}' provider rejected the submitted code or access token.", 7200
            )
        if not identity.email:
            raise exc.bad_request(
                f"The '{provider_id}' profile lacks the required 'email' property.", 7201
            )
        provider_data = {"providerId": provider_id, **extra, "userId": identity.user_id}
        existing = directory.social_ids.get(identity.user_id) or directory.emails.get(
            identity.email.lower()
        )
        if existing is not None:
            account = directory.accounts[existing]
            account.provider_data.update(provider_data)
            directory.social_ids[identity.user_id] = account.id
            return account, False
        now = self.clock.now()
        account = Account(
            id=self.ids.new(),
            directory_id=directory.id,
            email=identity.email,
            username=identity.email,
            given_name=identity.given_name,
            middle_name=None,
            surname=identity.surname,
            status=ENABLED,
            email_verification_status="VERIFIED",
            created_at=now,
            modified_at=now,
            password_modified_at=None,
            custom_data=self._cd(),
            provider_data=provider_data,
        )
        directory.accounts[account.id] = account
        directory.emails[account.email.lower()] = account.id
        directory.usernames[account.username.lower()] = account.id
        directory.social_ids[identity.user_id] = account.id
        self.accounts[account.id] = account
        return account, True

    # ---------------------------------------------------------------------------- login

    def login(
        self, app: Application, login: str, password: str, store: AccountStore | None = None
    ) -> Account:
        """Authenticate like ``POST {app}/loginAttempts``; raise 71xx on failure."""
        if app.status != ENABLED:
            raise _login_error(400, "Login attempt failed because the Application is disabled.")
        found = self.find_for_app(app, login, store)
        if found is None:
            raise _login_error(
                7104,
                "Login attempt failed because there is no Account in the Application's "
                "associated Account Stores with the specified username or email.",
            )
        account, via = found
        if not self.check_password(account, password):
            raise _login_error(
                7100, "Login attempt failed because the specified password is incorrect."
            )
        if account.status == DISABLED:
            raise _login_error(7101, "Login attempt failed because the Account is disabled.")
        if account.status == UNVERIFIED:
            raise _login_error(7102, "Login attempt failed because the Account is not verified.")
        if isinstance(via, Group) and via.status != ENABLED:
            raise _login_error(
                7105, "Login attempt failed because the Account's Group is disabled."
            )
        if self.directories[account.directory_id].status != ENABLED:
            raise _login_error(
                7106, "Login attempt failed because the Account's Directory is disabled."
            )
        return account

    # -------------------------------------------------------------------- password reset

    def create_reset_token(
        self, app: Application, email: str, store: AccountStore | None = None
    ) -> ResetToken:
        """Issue a reset token for the account with ``email`` and mail it if enabled."""
        found = None
        for candidate in self.resolve_login_stores(app, store):
            directory = (
                candidate
                if isinstance(candidate, Directory)
                else self.directories[candidate.directory_id]
            )
            account_id = directory.emails.get(email.lower())
            if account_id and (
                isinstance(candidate, Directory) or account_id in candidate.memberships
            ):
                found = directory.accounts[account_id]
                break
        if found is None:
            text = f"The email property value '{email}' does not match a known resource."
            raise exc.bad_request(text, 2016)
        directory = self.directories[found.directory_id]
        policy = directory.password_policy
        token = ResetToken(
            self.ids.new(),
            app.id,
            found.id,
            found.email,
            self.clock.now() + timedelta(hours=policy["resetTokenTtl"]),
        )
        self.reset_tokens[token.token] = token
        if policy["resetEmailStatus"] == ENABLED:
            self._mail(found, "password_reset", token.token)
        return token

    def get_reset_token(self, app: Application, token: str) -> ResetToken:
        """A live token of this app, else 404 (unknown, used or expired)."""
        found = self.reset_tokens.get(token)
        if found is None or found.application_id != app.id:
            raise exc.not_found()
        if self.clock.now() >= found.expires_at:
            del self.reset_tokens[token]
            raise exc.not_found()
        return found

    def consume_reset_token(self, app: Application, token: str, password: str) -> Account:
        """Set a new password through a reset token; the token is single-use."""
        found = self.get_reset_token(app, token)
        account = self.accounts[found.account_id]
        self.update_account(account, {}, password)
        del self.reset_tokens[token]
        directory = self.directories[account.directory_id]
        if directory.password_policy["resetSuccessEmailStatus"] == ENABLED:
            self._mail(account, "password_reset_success")
        return account

    # ---------------------------------------------------------------- email verification

    def _send_verification(self, account: Account, directory: Directory) -> None:
        if account.email_verification_token:
            self.verification_tokens.pop(account.email_verification_token, None)
        token = self.ids.new()
        account.email_verification_token = token
        self.verification_tokens[token] = account.id
        self._mail(account, "email_verification", token)

    def verify_email(self, token: str) -> Account:
        """Consume a verification token: the account becomes ENABLED and VERIFIED."""
        account_id = self.verification_tokens.pop(token, None)
        if account_id is None:
            raise exc.not_found()
        account = self.accounts[account_id]
        account.status = ENABLED
        account.email_verification_status = "VERIFIED"
        account.email_verification_token = None
        self._touch(account)
        directory = self.directories[account.directory_id]
        if directory.creation_policy["verificationSuccessEmailStatus"] == ENABLED:
            self._mail(account, "email_verification_success")
        return account

    def resend_verification(
        self, app: Application, login: str, store: AccountStore | None = None
    ) -> Account:
        """Issue a fresh verification token and mail; 6101 if the workflow is off."""
        found = self.find_for_app(app, login, store)
        if found is None:
            raise exc.not_found()
        account = found[0]
        directory = self.directories[account.directory_id]
        if directory.creation_policy["verificationEmailStatus"] != ENABLED:
            raise exc.bad_request(
                "The Account's Directory does not have a verification email workflow enabled. "
                "Enable it on the Directory's Account Creation Policy first.",
                6101,
            )
        self._send_verification(account, directory)
        return account

    def _mail(self, account: Account, kind: str, token: str | None = None) -> None:
        template = self.directories[account.directory_id].templates[kind]
        link = None
        if token is not None and template.link_base_url:
            separator = "&" if "?" in template.link_base_url else "?"
            link = f"{template.link_base_url}{separator}sptoken={token}"
        values = {
            "${url}": link or "",
            "${sptoken}": token or "",
            "${account.email}": account.email,
            "${account.username}": account.username,
            "${account.givenName}": account.given_name or "",
            "${account.surname}": account.surname or "",
        }
        body = template.text_body
        for placeholder, value in values.items():
            body = body.replace(placeholder, value)
        self.outbox.append(
            Email(account.email, template.subject, body, kind, token, link, account.id)
        )

    def update_template(self, template: EmailTemplate, changes: dict[str, Any]) -> None:
        """Apply API-named changes (subject, textBody, defaultModel.linkBaseUrl, ...)."""
        for api, attr in _TEMPLATE_ATTRS:
            if api in changes:
                setattr(template, attr, changes[api])
        self._touch(template)

    # ---------------------------------------------------------------------- custom data

    def merge_custom_data(self, custom_data: CustomData, values: dict[str, Any]) -> None:
        """Merge already-validated keys; a top-level ``null`` removes the key."""
        for key, value in values.items():
            if value is None:
                custom_data.data.pop(key, None)
            else:
                custom_data.data[key] = value
        self._touch(custom_data)

    def clear_custom_data(self, custom_data: CustomData, key: str | None = None) -> None:
        """Remove one key, or every key."""
        if key is None:
            custom_data.data.clear()
        else:
            custom_data.data.pop(key, None)
        self._touch(custom_data)

    # ---------------------------------------------------------------- virtual collections

    def app_accounts(self, app: Application) -> list[Account]:
        """Accounts of mapped directories plus members of mapped groups, deduplicated."""
        seen: dict[str, Account] = {}
        for _, store in self.mapped_stores(app):
            for account in self.store_accounts(store):
                seen.setdefault(account.id, account)
        return list(seen.values())

    def store_accounts(self, store: AccountStore) -> Iterable[Account]:
        """Accounts in a directory, or members of a group."""
        if isinstance(store, Directory):
            return store.accounts.values()
        return [self.accounts[a] for a in store.memberships]

    def app_groups(self, app: Application) -> list[Group]:
        """Groups of mapped directories plus mapped groups, deduplicated."""
        seen: dict[str, Group] = {}
        for _, store in self.mapped_stores(app):
            if isinstance(store, Directory):
                for group in store.groups.values():
                    seen.setdefault(group.id, group)
            else:
                seen.setdefault(store.id, store)
        return list(seen.values())

    def account_apps(self, account: Account) -> list[Application]:
        """Applications whose stores include the account."""
        result = []
        for app in self.applications.values():
            for _, store in self.mapped_stores(app):
                if store.id == account.directory_id or (
                    isinstance(store, Group) and account.id in store.memberships
                ):
                    result.append(app)
                    break
        return result

    def store_apps(self, store: AccountStore) -> list[Application]:
        """Applications a directory or group is mapped to."""
        ids = {self.mappings[m].application_id for m in self.store_mappings.get(store.id, ())}
        return [a for a in self.applications.values() if a.id in ids]


_TEMPLATE_ATTRS = (
    ("fromEmailAddress", "from_email_address"),
    ("fromName", "from_name"),
    ("subject", "subject"),
    ("textBody", "text_body"),
    ("htmlBody", "html_body"),
    ("mimeType", "mime_type"),
    ("linkBaseUrl", "link_base_url"),
)
_ACCOUNT_ATTRS = (
    ("givenName", "given_name"),
    ("middleName", "middle_name"),
    ("surname", "surname"),
    ("status", "status"),
    ("emailVerificationStatus", "email_verification_status"),
)


def _prefixed(ids: dict[str, str], prefix: str) -> dict[str, str]:
    """The entries of ``ids`` whose key starts with ``prefix``, keyed without it."""
    return {key[len(prefix) :]: value for key, value in ids.items() if key.startswith(prefix)}


def _assign(obj: Any, changes: dict[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        if name in changes:
            setattr(obj, name, changes[name])


def _domain_match(domain: str, pattern: str) -> bool:
    pattern = pattern.lower().lstrip("@")
    if pattern.startswith("*."):
        return domain.endswith(pattern[1:])
    return domain == pattern


def _login_error(code: int, developer_message: str) -> exc.StormpathError:
    return exc.StormpathError(400, code, "Invalid username or password.", developer_message)
