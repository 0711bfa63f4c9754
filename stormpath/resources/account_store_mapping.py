"""Account store mappings: which directories and groups an application logs in against."""

from __future__ import annotations

from stormpath.resources.base import BY_HREF, CollectionResource, Resource

__all__ = ["AccountStoreMapping", "AccountStoreMappingList"]


class AccountStoreMapping(Resource):
    """``account_store`` is a Directory or a Group, chosen from its href."""

    writable_attrs = frozenset(
        {
            "application",
            "account_store",
            "list_index",
            "is_default_account_store",
            "is_default_group_store",
        }
    )
    link_attrs = {"application": "Application", "account_store": BY_HREF}


class AccountStoreMappingList(CollectionResource):
    """An application's mappings (ordered by ``list_index``); created at
    ``/accountStoreMappings``."""

    item_class = "AccountStoreMapping"
    create_path = "/accountStoreMappings"
