"""The fake Facebook: Login dialog, Graph API access-token and ``/me`` endpoints (any version)."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from .base import Identity, OAuthProvider, ProviderError

__all__ = ["FakeFacebook"]

GRAPH_VERSION = "v19.0"
# Graph API error codes: 190 for a bad access token, 100 for other bad parameters, 1 for the
# app secret (as Facebook answers them).
_ERROR_CODES = {"invalid_token": 190, "invalid_client": 1}
_ME_FIELDS = frozenset({"id", "name", "email", "first_name", "last_name"})


class FakeFacebook(OAuthProvider):
    """Facebook Login's manual flow, offline.

    Paths match with or without a Graph version prefix (``/v19.0/me`` and ``/me``). The token
    endpoint accepts GET and POST; errors are Graph ``OAuthException`` bodies with status 400.
    ``/me`` answers ``id`` and ``name`` unless ``fields`` asks for more; ``email`` needs the
    ``email`` permission.
    """

    provider_id = "facebook"
    label = "Facebook"
    mount_path = "/facebook"
    endpoints = {
        "authorize": f"https://www.facebook.com/{GRAPH_VERSION}/dialog/oauth",
        "token": f"https://graph.facebook.com/{GRAPH_VERSION}/oauth/access_token",
        "userinfo": f"https://graph.facebook.com/{GRAPH_VERSION}/me",
    }
    token_lifetime = timedelta(days=60)
    token_methods = ("GET", "POST")

    def new_user_id(self) -> str:
        return str(secrets.randbelow(10**16) + 10**16)

    def route(self, path: str) -> str | None:
        unversioned = re.sub(r"^/v\d+\.\d+(?=/)", "", path)
        for name, url in self.endpoints.items():
            if unversioned == re.sub(r"^/v\d+\.\d+(?=/)", "", urlsplit(url).path):
                return name
        return None

    def check_authorize(self, params: dict[str, str]) -> str | None:
        if params.get("response_type", "code") != "code":
            return "unsupported_response_type"
        return None

    def denied_params(self) -> dict[str, str]:
        return {
            "error": "access_denied",
            "error_code": "200",
            "error_description": "Permissions error",
            "error_reason": "user_denied",
        }

    def token_body(self, access_token: str, scopes: frozenset[str]) -> dict[str, Any]:
        return {
            "access_token": access_token,
            "token_type": "bearer",
            "expires_in": int(self.token_lifetime.total_seconds()),
        }

    def error_status(self, error: ProviderError) -> int:
        return 400

    def error_body(self, error: ProviderError) -> dict[str, Any]:
        return {
            "error": {
                "message": error.description,
                "type": "OAuthException",
                "code": _ERROR_CODES.get(error.error, 100),
                "fbtrace_id": secrets.token_urlsafe(8),
            }
        }

    def profile(
        self, identity: Identity, scopes: frozenset[str], params: dict[str, str]
    ) -> dict[str, Any]:
        fields = [f.strip() for f in params.get("fields", "id,name").split(",") if f.strip()]
        unknown = [f for f in fields if f not in _ME_FIELDS]
        if unknown:
            raise ProviderError(
                400, "invalid_request", f"(#100) Tried accessing nonexisting field ({unknown[0]})"
            )
        seen = self.granted_profile(identity, scopes)
        values = {
            "id": identity.user_id,
            "name": identity.name,
            "email": seen.email,
            "first_name": identity.given_name,
            "last_name": identity.surname,
        }
        # Facebook leaves out what it does not have (or may not show), rather than nulls.
        body = {f: values[f] for f in fields if values[f] is not None}
        body.setdefault("id", identity.user_id)
        return body

    def granted_profile(self, identity: Identity, scopes: frozenset[str]) -> Identity:
        # The public profile (names) comes with every login; the email needs its permission.
        email = identity.email if "email" in scopes else None
        return Identity(identity.user_id, email, identity.given_name, identity.surname)
