"""The tenant: the API key's owner and the root of every listing."""

from __future__ import annotations

from typing import Any

from stormpath.error import Error
from stormpath.resources.base import Resource
from stormpath.resources.token_paths import token_href

__all__ = ["Tenant"]


class Tenant(Resource):
    """``client.tenant``. Its href is ``/tenants/current`` until first loaded (a 302)."""

    writable_attrs = frozenset({"custom_data"})
    readonly_attrs = frozenset({"name", "key", "created_at", "modified_at"})
    link_attrs = {
        "custom_data": "CustomData",
        "applications": "ApplicationList",
        "directories": "DirectoryList",
        "accounts": "AccountList",
        "groups": "GroupList",
    }
    # No derived links: ``/tenants/current/...`` is not a real href.
    saved_with_parent = frozenset({"custom_data"})

    def verify_account_email(self, token: str) -> Any:
        """Consume an email verification token; returns the (now verified) account."""
        return verify_email_token(self._client, token)


def verify_email_token(client: Any, token: str) -> Any:
    """``POST /accounts/emailVerificationTokens/{token}`` → the verified Account (lazy).

    ``token`` is the bare token (e.g. an ``sptoken``) or its href; anything else is sent as one
    quoted segment of that collection (see `stormpath.resources.token_paths.token_href`).
    """
    from stormpath.resources.account import Account

    store = client.data_store
    collection = f"{store.base_url}/accounts/emailVerificationTokens"
    data = store.create_resource(
        token_href(collection, token, "email verification token"), None
    ).data
    account_href = data.get("href") or (data.get("account") or {}).get("href")
    if not account_href:
        raise Error(message="The API did not say which account the token verified.")
    store.uncache(account_href)  # its status changed server-side
    return Account(client, href=account_href)
