"""Applications: login, password reset, verification emails, social accounts."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from stormpath.error import Error
from stormpath.resources.account import Account
from stormpath.resources.base import CollectionResource, Resource, StatusMixin, to_camel
from stormpath.resources.login_attempt import AuthenticationResult
from stormpath.resources.password_reset_token import PasswordResetToken
from stormpath.resources.token_paths import token_href

__all__ = ["Application", "ApplicationList", "VerificationEmailList"]


def account_store_ref(account_store: Any) -> dict[str, Any]:
    """``accountStore`` JSON from a Directory/Group, an href, or a ready-made dict."""
    if isinstance(account_store, Resource):
        return {"href": account_store.href}
    if isinstance(account_store, str):
        return {"href": account_store}
    if isinstance(account_store, Mapping):
        return dict(account_store)
    raise TypeError(f"Expected a Directory, a Group or an href, not {account_store!r}")


def _expand_with_account(expand: Any) -> str:
    """Login attempts always expand the account, so a login is one request."""
    if expand is None:
        return "account"
    text = ",".join(expand) if isinstance(expand, list | tuple) else str(expand)
    parts = [part for part in text.split(",") if part]
    if not any(part.split("(")[0] == "account" for part in parts):
        parts.insert(0, "account")
    return ",".join(parts)


class Application(StatusMixin, Resource):
    """An application: the thing users log in to."""

    writable_attrs = frozenset({"name", "description", "status", "custom_data"})
    link_attrs = {
        "custom_data": "CustomData",
        "tenant": "Tenant",
        "accounts": "AccountList",
        "groups": "GroupList",
        "account_store_mappings": "AccountStoreMappingList",
        "default_account_store_mapping": "AccountStoreMapping",
        "default_group_store_mapping": "AccountStoreMapping",
        "verification_emails": "VerificationEmailList",
    }
    derived_links = frozenset(
        {"custom_data", "accounts", "groups", "account_store_mappings", "verification_emails"}
    )
    saved_with_parent = frozenset({"custom_data"})

    def _href_or_fail(self) -> str:
        if not self.href:
            raise ValueError("This application has no href yet.")
        return self.href

    def authenticate_account(
        self, login: str, password: str, account_store: Any = None, expand: Any = None
    ) -> AuthenticationResult:
        """Log in with a username or email; raises `stormpath.error.Error` on failure.

        The account is expanded (and cached), so a login costs one request.
        """
        value = base64.b64encode(f"{login}:{password}".encode()).decode("ascii")
        body: dict[str, Any] = {"type": "basic", "value": value}
        if account_store is not None:
            body["accountStore"] = account_store_ref(account_store)
        response = self._store.create_resource(
            f"{self._href_or_fail()}/loginAttempts", body, {"expand": _expand_with_account(expand)}
        )
        result = AuthenticationResult(self._client)
        result._apply_server(response.data)
        return result

    def _reset_token_href(self, token: str) -> str:
        """This application's href for ``token`` (a bare token or its href; see `token_href`)."""
        collection = f"{self._href_or_fail()}/passwordResetTokens"
        return token_href(collection, token, "password reset token")

    def send_password_reset_email(self, email: str, account_store: Any = None) -> Account:
        """Start a password reset (the API mails a token); returns the account (lazy)."""
        body: dict[str, Any] = {"email": email}
        if account_store is not None:
            body["accountStore"] = account_store_ref(account_store)
        response = self._store.create_resource(f"{self._href_or_fail()}/passwordResetTokens", body)
        return PasswordResetToken(self._client, properties=response.data).account

    def verify_password_reset_token(self, token: str) -> Account:
        """Check a reset token (``sptoken``); returns its account, raises 404 if invalid."""
        data = self._store.get_resource(self._reset_token_href(token))
        return PasswordResetToken(self._client, properties=data).account

    def reset_account_password(self, token: str, password: str) -> Account:
        """Set a new password with a reset token (consumes it); returns the account.

        One request: the answer embeds the account (``expand=account``), which is cached.
        """
        response = self._store.create_resource(
            self._reset_token_href(token), {"password": password}, {"expand": "account"}
        )
        link = response.data.get("account") or {}
        if not link.get("href"):
            raise Error(message="The API did not say which account the token belongs to.")
        if len(link) > 1:
            return Account(self._client, properties=link)
        # Not expanded after all: the cached copy predates the new password.
        self._store.uncache(link["href"])
        return Account(self._client, href=link["href"])

    def get_provider_account(self, provider: str, **provider_kwargs: Any) -> Account:
        """Get or create the account for a social login, e.g.
        ``get_provider_account('google', code=...)`` or ``('facebook', access_token=...)``.

        ``account.is_new_account`` is True when the API created it (201).
        """
        provider_data = {"providerId": provider}
        provider_data.update({to_camel(k): v for k, v in provider_kwargs.items()})
        response = self._store.create_resource(
            f"{self._href_or_fail()}/accounts", {"providerData": provider_data}
        )
        account = Account(self._client, properties=response.data)
        account.__dict__["_is_new_account"] = response.status == 201
        return account

    def resend_verification_email(self, login: Any, account_store: Any = None) -> None:
        """Send the verification email again to an account (object, email or username)."""
        self.verification_emails.resend(login, account_store)


class ApplicationList(CollectionResource):
    """The tenant's applications; created at ``/applications`` (``create_directory=True``
    also creates and maps a directory)."""

    item_class = "Application"
    create_path = "/applications"


class VerificationEmailList(Resource):
    """``{application}/verificationEmails``: an action endpoint (no listing)."""

    def resend(
        self, account: Any = None, account_store: Any = None, login: str | None = None
    ) -> None:
        """POST ``{"login", "accountStore"?}`` → 202: the API mails a new verification link."""
        if login is None:
            login = account.email if isinstance(account, Resource) else account
        if not login:
            raise ValueError("resend() needs an account, an email or a username.")
        body: dict[str, Any] = {"login": login}
        if account_store is not None:
            body["accountStore"] = account_store_ref(account_store)
        if not self.href:
            raise ValueError("This verification email endpoint has no href.")
        self._store.create_resource(self.href, body)
