"""What a social provider told Stormpath about an account."""

from __future__ import annotations

from stormpath.resources.base import Resource

__all__ = ["ProviderData"]


class ProviderData(Resource):
    """``{account}/providerData``."""

    readonly_attrs = frozenset(
        {"provider_id", "access_token", "code", "refresh_token", "created_at", "modified_at"}
    )
