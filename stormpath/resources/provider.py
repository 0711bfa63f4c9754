"""A directory's identity provider (``stormpath`` for cloud directories, or a social one)."""

from __future__ import annotations

from stormpath.resources.base import Resource

__all__ = ["Provider"]


class Provider(Resource):
    """``{directory}/provider``."""

    STORMPATH = "stormpath"
    GOOGLE = "google"
    FACEBOOK = "facebook"
    GITHUB = "github"
    LINKEDIN = "linkedin"

    writable_attrs = frozenset({"provider_id", "client_id", "client_secret", "redirect_uri"})
    readonly_attrs = frozenset({"provider_type", "created_at", "modified_at"})
