"""The fake Google: OAuth 2 authorize (with PKCE), token and OpenID Connect user-info endpoints."""

from __future__ import annotations

from typing import Any

from .base import Identity, OAuthProvider, ProviderError

__all__ = ["FakeGoogle"]

# Scopes Google knows by short name; anything else must be a full googleapis.com scope URL.
_SHORT_SCOPES = frozenset({"openid", "email", "profile"})
_SCOPE_URL = "https://www.googleapis.com/auth/"
_CHALLENGE_METHODS = ("S256", "plain")


class FakeGoogle(OAuthProvider):
    """Google's web-server OAuth 2 flow, offline.

    ``hd`` on the authorize request limits the pick page to that email domain, as Google's
    account chooser does. The user-info endpoint shows ``email`` with the ``email`` scope and the
    names with ``profile``.
    """

    provider_id = "google"
    label = "Google"
    mount_path = "/google"
    endpoints = {
        "authorize": "https://accounts.google.com/o/oauth2/v2/auth",
        "token": "https://oauth2.googleapis.com/token",
        "userinfo": "https://openidconnect.googleapis.com/v1/userinfo",
    }
    supports_pkce = True

    def check_authorize(self, params: dict[str, str]) -> str | None:
        if params.get("response_type") != "code":
            return "unsupported_response_type"
        scopes = params.get("scope", "").split()
        if not scopes:
            return "invalid_request"
        if any(s not in _SHORT_SCOPES and not s.startswith(_SCOPE_URL) for s in scopes):
            return "invalid_scope"
        if "code_challenge" in params and (
            params.get("code_challenge_method", "plain") not in _CHALLENGE_METHODS
        ):
            return "invalid_request"
        return None

    def visible_identities(self, params: dict[str, str]) -> list[Identity]:
        domain = params.get("hd", "").lower()
        people = self.identities
        if not domain or domain == "*":
            return people
        return [p for p in people if (p.email or "").lower().endswith("@" + domain)]

    def token_body(self, access_token: str, scopes: frozenset[str]) -> dict[str, Any]:
        return {
            "access_token": access_token,
            "expires_in": int(self.token_lifetime.total_seconds()) - 1,
            "token_type": "Bearer",
            "scope": " ".join(sorted(scopes)),
        }

    def error_body(self, error: ProviderError) -> dict[str, Any]:
        return {"error": error.error, "error_description": error.description}

    def profile(
        self, identity: Identity, scopes: frozenset[str], params: dict[str, str]
    ) -> dict[str, Any]:
        seen = self.granted_profile(identity, scopes)
        body: dict[str, Any] = {"sub": identity.user_id}
        if "profile" in scopes:
            body.update(name=identity.name, given_name=seen.given_name, family_name=seen.surname)
        if "email" in scopes and seen.email:
            body.update(email=seen.email, email_verified=True)
        return body

    def granted_profile(self, identity: Identity, scopes: frozenset[str]) -> Identity:
        with_profile = "profile" in scopes
        return Identity(
            identity.user_id,
            identity.email if "email" in scopes else None,
            identity.given_name if with_profile else None,
            identity.surname if with_profile else None,
        )
