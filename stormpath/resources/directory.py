"""Directories."""

from __future__ import annotations

from stormpath.resources.base import CollectionResource, Resource, StatusMixin

__all__ = ["Directory", "DirectoryList"]


class Directory(StatusMixin, Resource):
    """A directory: where accounts and groups live. ``provider`` is set on create only."""

    writable_attrs = frozenset({"name", "description", "status", "custom_data", "provider"})
    link_attrs = {
        "custom_data": "CustomData",
        "tenant": "Tenant",
        "provider": "Provider",
        "accounts": "AccountList",
        "groups": "GroupList",
        "applications": "ApplicationList",
        "password_policy": "PasswordPolicy",
        "account_creation_policy": "AccountCreationPolicy",
    }
    derived_links = frozenset({"custom_data", "provider", "accounts", "groups", "applications"})
    saved_with_parent = frozenset({"custom_data"})


class DirectoryList(CollectionResource):
    """The tenant's directories; created at ``/directories``."""

    item_class = "Directory"
    create_path = "/directories"
