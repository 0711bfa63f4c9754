"""Accounts, and their group-membership helpers."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from stormpath.data_store import is_complete_first_page
from stormpath.resources.base import MAX_PAGE_LIMIT, CollectionResource, Resource, StatusMixin
from stormpath.resources.tenant import verify_email_token

__all__ = ["Account", "AccountList"]


@dataclass(frozen=True)
class GroupRef:
    """A group named by object, href or name, as the group helpers accept."""

    href: str | None
    name: str | None

    @classmethod
    def of(cls, group: Any) -> GroupRef:
        if isinstance(group, Resource):
            return cls(group.href, group._data.get("name"))
        if isinstance(group, str):
            if group.startswith(("http://", "https://")):
                return cls(group, None)
            return cls(None, group)
        raise TypeError(f"Expected a Group, a group href or a group name, not {group!r}")

    def matches(self, held: Iterable[tuple[str, str | None]]) -> bool:
        if self.href is not None:
            return any(href == self.href for href, _ in held)
        return any(name == self.name for _, name in held)


def _pairs(items: Iterable[Any]) -> list[tuple[str, str | None]]:
    return [(item["href"], item.get("name")) for item in items]


class Account(StatusMixin, Resource):
    """A user account. ``custom_data`` changes are saved with ``save()``."""

    STATUS_UNVERIFIED = "UNVERIFIED"
    EMAIL_VERIFICATION_STATUS_VERIFIED = "VERIFIED"
    EMAIL_VERIFICATION_STATUS_UNVERIFIED = "UNVERIFIED"
    EMAIL_VERIFICATION_STATUS_UNKNOWN = "UNKNOWN"

    writable_attrs = frozenset(
        {
            "username",
            "email",
            "password",
            "given_name",
            "middle_name",
            "surname",
            "status",
            "email_verification_status",
            "custom_data",
        }
    )
    readonly_attrs = frozenset({"full_name", "created_at", "modified_at", "password_modified_at"})
    link_attrs = {
        "custom_data": "CustomData",
        "directory": "Directory",
        "tenant": "Tenant",
        "groups": "GroupList",
        "group_memberships": "GroupMembershipList",
        "provider_data": "ProviderData",
        "applications": "ApplicationList",
        "email_verification_token": "EmailVerificationToken",
    }
    derived_links = frozenset(
        {"custom_data", "groups", "group_memberships", "provider_data", "applications"}
    )
    saved_with_parent = frozenset({"custom_data"})

    @property
    def is_new_account(self) -> bool:
        """True when ``get_provider_account`` created this account (the API answered 201)."""
        return bool(self.__dict__.get("_is_new_account", False))

    def is_unverified(self) -> bool:
        return self.status == self.STATUS_UNVERIFIED

    def refresh(self) -> Account:
        """Read the account again; its cached groups page is dropped too."""
        if self.href:
            self._store.forget_account_groups(self.href)
        super().refresh()
        return self

    # -- groups -----------------------------------------------------------------------------

    def _group_pairs(self, refs: list[GroupRef]) -> list[tuple[str, str | None]]:
        """(href, name) of the account's groups, as few as ``refs`` need to be decided.

        Groups embedded by ``expand=groups`` serve when complete; else the first page of
        ``groups``, which the data store caches when complete (0 requests once warm).
        """
        embedded = self._data.get("groups")
        if is_complete_first_page(embedded):
            return _pairs(embedded["items"])
        groups = self.groups
        first = groups._fetch(0, MAX_PAGE_LIMIT)
        if is_complete_first_page(first):
            return _pairs(first["items"])
        if len(refs) == 1 and refs[0].name is not None:  # many groups: one filtered request
            found = groups.search({"name": refs[0].name})
            return [(g.href, g.name) for g in found]
        return [pair for page in groups._pages(0, MAX_PAGE_LIMIT, first) for pair in _pairs(page)]

    def _forget_held_groups(self) -> None:
        groups = self._data.get("groups")
        if isinstance(groups, dict) and "items" in groups:
            self.__dict__["_data"] = {**self._data, "groups": {"href": groups["href"]}}
        self._children.pop("groups", None)

    def _resolve_group(self, group: Any) -> Resource:
        """A Group object for a Group, an href, or a name in the account's directory."""
        ref = GroupRef.of(group)
        if isinstance(group, Resource):
            return group
        from stormpath.resources.group import Group

        if ref.href is not None:
            return Group(self._client, href=ref.href)
        for candidate in self.directory.groups.search({"name": ref.name}):
            if candidate.name == ref.name:
                return candidate
        raise ValueError(f"No group named {ref.name!r} in the account's directory.")

    def has_groups(self, groups: Iterable[Any], all: bool = True) -> bool:
        """Whether the account is in all (or, with ``all=False``, any) of ``groups``.

        Groups are Group objects, hrefs or names. Costs no request with groups held from
        ``expand=groups`` or cached (the data store keeps the account's complete first page
        of groups, and drops it when this client changes the account's memberships);
        otherwise one listing of the account's groups.
        """
        refs = [GroupRef.of(group) for group in groups]
        if not refs:
            return all  # vacuous: every one of none, but not any one of none
        held = self._group_pairs(refs)
        results = [ref.matches(held) for ref in refs]
        return builtins.all(results) if all else any(results)

    def has_group(self, group: Any) -> bool:
        """Whether the account is in ``group`` (a Group, a group href or a group name)."""
        return self.has_groups([group])

    in_group = has_group
    in_groups = has_groups

    def add_group(self, group: Any) -> Any:
        """Add the account to ``group``; returns the new GroupMembership."""
        target = self._resolve_group(group)
        membership = self._client.group_memberships.create({"account": self, "group": target})
        self._forget_held_groups()
        return membership

    def remove_group(self, group: Any) -> None:
        """Remove the account from ``group`` (deletes the membership)."""
        target = self._resolve_group(group)
        for membership in self.group_memberships:
            if (membership._data.get("group") or {}).get("href") == target.href:
                membership.delete()
                self._forget_held_groups()
                return
        raise ValueError(f"The account is not a member of the group {target.href}.")


class AccountList(CollectionResource):
    """Accounts of a tenant, application, directory or group."""

    item_class = "Account"

    def verify_email_token(self, token: str) -> Account:
        """Consume an email verification token; returns the verified account."""
        return verify_email_token(self._client, token)
