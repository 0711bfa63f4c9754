"""Group memberships: the link between one account and one group."""

from __future__ import annotations

from stormpath.resources.base import CollectionResource, Resource

__all__ = ["GroupMembership", "GroupMembershipList"]


class GroupMembership(Resource):
    """Created with ``account.add_group()`` or ``client.group_memberships.create()``; no update."""

    writable_attrs = frozenset({"account", "group"})
    link_attrs = {"account": "Account", "group": "Group"}


class GroupMembershipList(CollectionResource):
    """Memberships of an account or a group; created at ``/groupMemberships``."""

    item_class = "GroupMembership"
    create_path = "/groupMemberships"
