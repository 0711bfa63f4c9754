"""Groups."""

from __future__ import annotations

from typing import Any

from stormpath.resources.base import CollectionResource, Resource, StatusMixin

__all__ = ["Group", "GroupList"]


class Group(StatusMixin, Resource):
    """A group of accounts within one directory."""

    writable_attrs = frozenset({"name", "description", "status", "custom_data"})
    link_attrs = {
        "custom_data": "CustomData",
        "directory": "Directory",
        "tenant": "Tenant",
        "accounts": "AccountList",
        "account_memberships": "GroupMembershipList",
        "applications": "ApplicationList",
    }
    derived_links = frozenset({"custom_data", "accounts", "account_memberships", "applications"})
    saved_with_parent = frozenset({"custom_data"})

    def _account(self, account: Any) -> Resource:
        if isinstance(account, Resource):
            return account
        if isinstance(account, str) and account.startswith(("http://", "https://")):
            return self._client.accounts.get(account)
        for candidate in self.directory.accounts.search({"email": account}):
            return candidate
        for candidate in self.directory.accounts.search({"username": account}):
            return candidate
        raise ValueError(f"No account {account!r} in the group's directory.")

    def add_account(self, account: Any) -> Any:
        """Add an account (object, href, email or username); returns the GroupMembership."""
        return self._client.group_memberships.create(
            {"account": self._account(account), "group": self}
        )

    def _membership_of(self, account: Any) -> Any:
        href = self._account(account).href
        for membership in self.account_memberships:
            if (membership._data.get("account") or {}).get("href") == href:
                return membership
        return None

    def has_account(self, account: Any) -> bool:
        """Whether ``account`` (object, href, email or username) is in this group."""
        return self._membership_of(account) is not None

    def remove_account(self, account: Any) -> None:
        """Remove ``account`` from this group (deletes the membership)."""
        membership = self._membership_of(account)
        if membership is None:
            raise ValueError(f"The account is not a member of the group {self.href}.")
        membership.delete()


class GroupList(CollectionResource):
    """Groups of a tenant, application, directory or account."""

    item_class = "Group"
