"""The tenant: the API key's owner and the root of every listing."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from stormpath.resources.base import Resource

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
    """``POST /accounts/emailVerificationTokens/{token}`` → the verified Account (lazy)."""
    from stormpath.resources.account import Account

    store = client.data_store
    href = token if "/" in token else f"{store.base_url}/accounts/emailVerificationTokens/"
    if "/" not in token:
        href += quote(token, safe="")
    data = store.create_resource(href, None).data
    account_href = data.get("href") or (data.get("account") or {}).get("href")
    if not account_href:
        raise ValueError("The API did not say which account the token verified.")
    store.uncache(account_href)  # its status changed server-side
    return Account(client, href=account_href)
